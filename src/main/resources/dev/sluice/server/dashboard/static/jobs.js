// Jobs (#/jobs, #/jobs?status=RUNNING, #/jobs?flow=wordcount): every job of the cluster with its
// figures, live, and a form that starts one (POST /flows/{name}/jobs, with an Idempotency-Key, so a
// double submit starts one job).
import { enc, getJson, idempotencyKey, sendJson } from './api.js';
import { badge, field, h, num, problemBox, refill, replace, section, table, time } from './dom.js';
import { JobsSampler, captured } from './sampler.js';

export const VIEW = 'jobs';

function endpointControls(which) {
  const type = h('select', { id: `job-${which}-type` }, h('option', { value: 'http' }, 'http'), h('option', { value: 'builder' }, 'builder bean'));
  const name = h('input', {
    id: `job-${which}-name`,
    type: 'text',
    placeholder: which === 'input' ? 'steady-readings' : 'file-per-worker',
    autocomplete: 'off',
    disabled: true,
  });
  type.addEventListener('change', () => {
    name.disabled = type.value !== 'builder';
    if (!name.disabled) {
      name.focus();
    }
  });
  return {
    fields: h('div', { class: 'row' }, field(`${which === 'input' ? 'Input' : 'Output'}`, type), field('Builder name', name)),
    value: () => (type.value === 'builder' ? { type: 'builder', name: name.value.trim() } : { type: 'http' }),
  };
}

function startForm(flows, preselected) {
  const flow = h('select', { id: 'job-flow' }, flows.map((f) => h('option', { value: f.name, selected: f.name === preselected }, f.name)));
  const input = endpointControls('input');
  const output = endpointControls('output');
  const guarantee = h(
    'select',
    { id: 'job-guarantee' },
    h('option', { value: '' }, 'the default (exactly-once for http input)'),
    ['exactly-once', 'at-least-once', 'none'].map((g) => h('option', { value: g }, g)),
  );
  const interval = h('input', { id: 'job-snapshot-interval', type: 'number', min: 100, max: 3600000, placeholder: 'the service default', inputmode: 'numeric' });
  const workers = h('input', { id: 'job-workers', type: 'number', min: 1, max: 1024, placeholder: 'the service default', inputmode: 'numeric' });
  const button = h('button', { type: 'submit', id: 'job-start' }, 'Start the job');
  const answer = h('div', { id: 'job-start-result', 'aria-live': 'polite' });
  const form = h(
    'form',
    { id: 'job-form', class: 'form' },
    h('div', { class: 'row' }, field('Flow', flow), field('Processing guarantee', guarantee)),
    input.fields,
    output.fields,
    h('div', { class: 'row' }, field('Snapshot interval (ms)', interval), field('Workers per member', workers)),
    h('div', { class: 'actions' }, button),
    answer,
  );
  let key = idempotencyKey();
  form.addEventListener('input', () => {
    key = idempotencyKey(); // another request: a new key; the same request sent twice: the same job
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { input: input.value(), output: output.value() };
    if (guarantee.value) {
      body.processingGuarantee = guarantee.value;
    }
    if (interval.value) {
      body.snapshotIntervalMillis = Number(interval.value);
    }
    if (workers.value) {
      body.workersPerProcess = Number(workers.value);
    }
    button.disabled = true;
    replace(answer);
    try {
      const started = await sendJson('POST', `flows/${enc(flow.value)}/jobs`, body, { 'Idempotency-Key': key });
      location.hash = `#/jobs/${enc(started.json.id)}`;
    } catch (problem) {
      replace(answer, problemBox(problem));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

export async function render(view, query) {
  const filter = new URLSearchParams(query || '');
  const status = filter.get('status');
  const flowFilter = filter.get('flow');
  const flows = await getJson('flows');
  const sampler = new JobsSampler();
  let last = { jobs: [], progress: new Map(), rates: new Map() };

  const columns = [
    ['job', (j) => h('a', { href: `#/jobs/${enc(j.id)}` }, h('code', {}, j.id))],
    ['flow', (j) => j.flow],
    ['status', (j) => badge(j.status)],
    ['started', (j) => time(j.submittedAt)],
    ['in', (j) => h('span', { class: 'in' }, num(j.countIn ?? last.progress.get(j.id)?.inputRead))],
    ['out', (j) => h('span', { class: 'out' }, num(j.countOut ?? (last.progress.has(j.id) ? captured(last.progress.get(j.id)) : null)))],
    ['rate (in/s)', (j) => num(last.rates.get(j.id)?.in)],
    ['lag', (j) => num(last.progress.get(j.id)?.inputLag)],
  ];
  const list = table(columns, [], { id: 'jobs', caption: 'Newest first', empty: 'no jobs yet' });
  replace(
    view.main,
    h('h1', {}, 'Jobs'),
    status || flowFilter
      ? h('p', { class: 'filter' }, `Only ${[status && `status ${status}`, flowFilter && `flow ${flowFilter}`].filter(Boolean).join(', ')} · `, h('a', { href: '#/jobs' }, 'show all'))
      : null,
    section('All jobs of the cluster', list, h('p', { class: 'hint' }, 'in: pairs accepted (http input) or read; out: pairs committed (http output) or captured; rate and lag from GET /jobs/{id}/progress every 2 s.')),
    section('Start a job', startForm(flows, flowFilter)),
  );

  const refresh = async () => {
    last = await sampler.sample();
    const shown = last.jobs.filter((j) => (!status || j.status === status) && (!flowFilter || j.flow === flowFilter));
    refill(list, columns, shown, { rowAttributes: (j) => ({ dataset: { job: j.id, status: j.status } }), empty: 'no jobs' });
  };
  await refresh();
  view.ready();
  view.every(2000, refresh);
}
