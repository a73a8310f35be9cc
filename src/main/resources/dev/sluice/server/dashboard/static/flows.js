// The flows (#/flows): each with its input type and steps, linking to its page.
import { enc, getJson } from './api.js';
import { h, replace, table } from './dom.js';

export const VIEW = 'flows';

export async function render(view) {
  const flows = await getJson('flows');
  replace(
    view.main,
    h('h1', {}, 'Flows'),
    h('p', {}, 'The dataflows this service runs. Open one to see its graph and run it on input of your own.'),
    table(
      [
        ['flow', (f) => h('a', { href: `#/flows/${enc(f.name)}` }, f.name)],
        ['input type', (f) => h('code', {}, f.inputType)],
        ['steps', (f) => f.steps.map((s) => `${s.index} ${s.operator}${s.keyed ? ' (keyed)' : ''}`).join(' → ')],
      ],
      flows,
      { id: 'flows', rowAttributes: (f) => ({ dataset: { flow: f.name } }), empty: 'no flows' },
    ),
  );
  view.ready();
}
