// A flow (#/flows/{name}): its graph (logical steps and the Jet plan), its input type with an example,
// and a form that runs it on pasted input through POST /flows/{name}/run (pairs) or /run/items
// (items, with the epoch modes), showing the captured pairs, or the problem the service answered.
import { enc, getJson, getText, sendJson } from './api.js';
import { field, h, json, num, problemBox, replace, section, table } from './dom.js';
import { renderGraph } from './graph.js';

export const VIEW = 'flow';

const MODES = {
  pairs: { label: 'pairs [[epoch, item], …] (POST /run)', path: (name) => `flows/${enc(name)}/run` },
  single: { label: 'items, all in epoch 0 (POST /run/items?epochs=single)', path: (name) => `flows/${enc(name)}/run/items?epochs=single` },
  ordered: { label: 'items, item i in epoch i (POST /run/items?epochs=ordered)', path: (name) => `flows/${enc(name)}/run/items?epochs=ordered` },
};

/** Examples for a few plain input types, when the OpenAPI document has none for the flow. */
const TYPE_EXAMPLES = {
  String: [[0, 'to be or not to be'], [1, 'to see']],
  Integer: [[0, 1], [0, 2], [1, 3]],
  Long: [[0, 1], [0, 2], [1, 3]],
  Double: [[0, 1.5], [1, 2.5]],
  Boolean: [[0, true], [1, false]],
};

/**
 * An example input: the OpenAPI document's example for this flow's run (its description names the
 * path), else one for its input type, else a template that says the type.
 */
async function exampleFor(flow) {
  try {
    const docs = await getJson('v3/api-docs');
    const examples = docs.paths['/flows/{name}/run'].post.requestBody.content['application/json'].examples || {};
    for (const example of Object.values(examples)) {
      if ((example.description || '').includes(`/flows/${flow.name}/run`)) {
        return { pairs: example.value, source: 'the OpenAPI document' };
      }
    }
  } catch (e) {
    // no document (springdoc off in an application): fall back to the type
  }
  const simple = flow.inputType.replace(/^java\.lang\./, '');
  if (TYPE_EXAMPLES[simple]) {
    return { pairs: TYPE_EXAMPLES[simple], source: `an item of type ${simple}` };
  }
  return { pairs: null, source: `items of type ${flow.inputType}` };
}

/** The text of the input box turned to another body shape, when it parses; else as it was. */
function reshape(text, from, to) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return text;
  }
  if (!Array.isArray(value) || from === to) {
    return text;
  }
  const items = from === 'pairs' ? value.map((pair) => (Array.isArray(pair) ? pair[1] : pair)) : value;
  if (to === 'pairs') {
    return pretty(items.map((item, i) => [from === 'ordered' ? i : 0, item]));
  }
  return pretty(items);
}

function pretty(array) {
  return `[\n${array.map((element) => `  ${JSON.stringify(element)}`).join(',\n')}\n]`;
}

function isKeyValue(pairs) {
  return pairs.length > 0 && pairs.every((pair) => Array.isArray(pair[1]) && pair[1].length === 2);
}

function compare(a, b) {
  return a[0] - b[0] || json(a[1]).localeCompare(json(b[1]));
}

export async function render(view, name) {
  const [flow, graph] = await Promise.all([getJson(`flows/${enc(name)}`), getJson(`flows/${enc(name)}/graph`)]);
  const example = await exampleFor(flow);
  const drawing = renderGraph(graph);
  const vertexOf = new Map();
  graph.vertices.forEach((v) => v.steps.forEach((s) => vertexOf.set(s, v.name)));

  const stepColumns = [
    ['step', (s) => s.index],
    ['operator', (s) => s.operator],
    ['keyed', (s) => (s.keyed ? 'yes' : 'no')],
    ['exchanges by key before', (s) => (s.exchanges ? 'yes' : 'no')],
    ['Jet vertex', (s) => vertexOf.get(s.index) || '–'],
    ['in (last run)', (s) => h('span', { class: 'in' }, '–')],
    ['out (last run)', (s) => h('span', { class: 'out' }, '–')],
  ];
  const steps = table(stepColumns, graph.steps, { id: 'steps', rowAttributes: (s) => ({ dataset: { step: s.index } }) });
  const mermaid = h('pre', { class: 'mermaid-source' }, '…');
  const mermaidDetails = h('details', {}, h('summary', {}, 'Mermaid source (GET /flows/', name, '/graph?format=mermaid)'), mermaid);
  mermaidDetails.addEventListener('toggle', async () => {
    if (mermaidDetails.open && mermaid.textContent === '…') {
      try {
        mermaid.textContent = await getText(`flows/${enc(name)}/graph?format=mermaid`);
      } catch (e) {
        replace(mermaid, e.message);
      }
    }
  });

  const input = h('textarea', { id: 'run-input', rows: 8, spellcheck: 'false', class: 'code' });
  input.value = example.pairs ? pretty(example.pairs) : '';
  const mode = h('select', { id: 'run-mode' }, Object.entries(MODES).map(([value, m]) => h('option', { value }, m.label)));
  let currentMode = 'pairs';
  mode.addEventListener('change', () => {
    input.value = reshape(input.value, currentMode, mode.value);
    currentMode = mode.value;
  });
  const workers = h('input', { id: 'run-workers', type: 'number', min: 1, max: 1024, placeholder: 'the service default', inputmode: 'numeric' });
  const button = h('button', { type: 'submit', id: 'run-button' }, 'Run');
  const result = h('div', { id: 'run-result', 'aria-live': 'polite' });

  const form = h(
    'form',
    { id: 'run-form', class: 'form' },
    field('Input (JSON)', input, example.pairs
      ? `Prefilled with an example from ${example.source}; the service reads it as it reads a script's body.`
      : `Give ${example.source} as [[epoch, item], …].`),
    h('div', { class: 'row' }, field('Body shape and epochs', mode), field('Workers per member', workers)),
    h('div', { class: 'actions' }, button),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    result.dataset.state = 'running';
    replace(result, h('p', {}, 'Running…'));
    const started = performance.now();
    let path = MODES[mode.value].path(name);
    path += `${path.includes('?') ? '&' : '?'}stats=true`;
    if (workers.value) {
      path += `&workers=${enc(workers.value)}`;
    }
    try {
      const answer = await sendJson('POST', path, input.value);
      const pairs = [...answer.json].sort(compare);
      const millis = Math.round(performance.now() - started);
      const stats = JSON.parse(answer.headers.get('Sluice-Steps') || '[]');
      drawing.update(stats);
      for (const step of stats) {
        const row = steps.querySelector(`tr[data-step="${step.index}"]`);
        if (row) {
          row.querySelector('.in').textContent = num(step.itemsIn);
          row.querySelector('.out').textContent = num(step.itemsOut);
        }
      }
      const columns = isKeyValue(pairs)
        ? [['epoch', (p) => p[0]], ['key', (p) => json(p[1][0])], ['value', (p) => json(p[1][1])]]
        : [['epoch', (p) => p[0]], ['item', (p) => json(p[1])]];
      replace(
        result,
        h('p', { class: 'figures', id: 'run-summary' }, `${num(pairs.length)} pairs captured · ${num(millis)} ms`),
        table(columns, pairs, { id: 'run-pairs', caption: 'The captured pairs, by epoch', empty: 'nothing captured' }),
      );
      result.dataset.state = 'done';
    } catch (problem) {
      replace(result, problemBox(problem));
      result.dataset.state = 'problem';
    } finally {
      button.disabled = false;
    }
  });

  replace(
    view.main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/flows' }, 'Flows'), ' / '),
    h('h1', {}, flow.name),
    h('p', {}, 'Input type ', h('code', { id: 'input-type' }, flow.inputType), ` · ${flow.steps.length} steps · `,
      h('a', { href: `#/jobs?flow=${enc(flow.name)}` }, 'start a job on it')),
    section(
      'Graph',
      h('p', { class: 'hint' }, 'Boxes are Jet vertices (one processor per worker), running the steps inside them fused; arrows between boxes are edges: by key (partitioned by the key’s exhash) across members, or local.'),
      h('div', { class: 'graph-wrap', tabindex: 0, 'aria-label': 'graph, scrolls sideways' }, drawing.element),
      steps,
      mermaidDetails,
    ),
    section('Run it', form, result),
  );
  view.ready();
}
