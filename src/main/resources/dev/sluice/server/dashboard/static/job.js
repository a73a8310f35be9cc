// A job (#/jobs/{id}): its graph with live per-step counts and frontier (GET /jobs/{id}/progress, summed
// over every member), charts of per-step items/s, of the input lag and of the output committed, the
// snapshots seen, its failure, its output as it arrives (GET /jobs/{id}/output as server-sent events,
// from an offset), and the actions: feed input, close input, cancel (after a confirmation).
import { FINAL_STATUSES, enc, followEvents, getJson, sendJson } from './api.js';
import { Rates, TimeChart } from './chart.js';
import { badge, field, h, json, num, problemBox, refill, replace, section, table, time } from './dom.js';
import { renderGraph } from './graph.js';

export const VIEW = 'job';

/** Rows of output kept on the page; the offset says where each stands in the whole output. */
const OUTPUT_ROWS = 200;

function facts(job) {
  const endpoint = (e) => (e.type === 'builder' ? `builder ${e.name}` : 'http');
  return [
    ['flow', h('a', { href: `#/flows/${enc(job.flow)}` }, job.flow)],
    ['status', badge(job.status)],
    ['started', time(job.submittedAt)],
    ['ended', time(job.completedAt)],
    ['members', num(job.processes)],
    ['workers', `${num(job.workers)} (${num(job.workersPerProcess)} per member)`],
    ['guarantee', job.processingGuarantee],
    ['snapshot interval', job.snapshotIntervalMillis ? `${num(job.snapshotIntervalMillis)} ms` : 'none'],
    ['input', `${endpoint(job.input)}${job.inputClosed ? ', closed' : ''}`],
    ['output', endpoint(job.output)],
    ['pairs accepted', num(job.countIn)],
    ['pairs committed', num(job.countOut)],
    ['lowest open epoch', num(job.lowestOpenEpoch)],
  ];
}

export async function render(view, id) {
  const path = `jobs/${enc(id)}`;
  let job = await getJson(path);
  const graph = await getJson(`flows/${enc(job.flow)}/graph`);
  const drawing = renderGraph(graph);
  const stepRates = new Rates();
  let rates = {};

  // --- what it is ---
  const status = h('span', { id: 'job-status' });
  const factList = h('dl', { class: 'facts', id: 'job-facts' });
  const failure = h('div', { id: 'job-failure' });
  const showJob = () => {
    replace(status, badge(job.status));
    replace(factList, facts(job).map(([term, value]) => [h('dt', {}, term), h('dd', { dataset: { fact: term } }, value)]));
    if (job.failure) {
      const f = job.failure;
      replace(
        failure,
        section(
          'Failure',
          h('div', { class: 'problem', role: 'alert' },
            h('strong', { class: 'title' }, f.stepIndex === null ? 'The job failed' : `Step ${f.stepIndex} (${f.operator}) threw ${f.exception}`),
            h('p', { class: 'detail' }, f.message)),
        ),
      );
    }
  };

  // --- actions ---
  const actionResult = h('div', { id: 'action-result', 'aria-live': 'polite' });
  const feedInput = h('textarea', { id: 'feed-input', rows: 4, spellcheck: 'false', class: 'code', placeholder: '[[0, "to be or not to be"], [1, "to see"]]' });
  const feedButton = h('button', { type: 'submit', id: 'feed' }, 'Feed input');
  const closeButton = h('button', { type: 'button', id: 'close-input', class: 'secondary' }, 'Close input');
  const cancelButton = h('button', { type: 'button', id: 'cancel', class: 'danger' }, 'Cancel job…');
  const act = async (what, request) => {
    replace(actionResult);
    try {
      const answer = await request();
      replace(actionResult, h('p', { class: 'ok' }, what(answer.json)));
    } catch (problem) {
      replace(actionResult, problemBox(problem));
    }
    await poll();
  };
  const accepted = (a) => `Accepted ${num(a.accepted)} pairs (${num(a.items)} in all, highest epoch ${num(a.highestEpoch)})${a.closed ? '; the input is closed' : ''}.`;
  const feedForm = h(
    'form',
    { id: 'feed-form', class: 'form' },
    field('Pairs to feed (JSON [[epoch, item], …])', feedInput, 'Epochs may not go below one already accepted.'),
    h('div', { class: 'actions' }, feedButton, closeButton, cancelButton),
  );
  feedForm.addEventListener('submit', (event) => {
    event.preventDefault();
    act(accepted, () => sendJson('POST', `${path}/input`, feedInput.value));
  });
  closeButton.addEventListener('click', () => act(accepted, () => sendJson('POST', `${path}/input/close`)));

  const confirmButton = h('button', { value: 'cancel', id: 'cancel-confirm', class: 'danger' }, 'Cancel the job');
  const keepButton = h('button', { value: 'keep', id: 'cancel-dismiss', autofocus: true }, 'Keep it running');
  const dialog = h(
    'dialog',
    { id: 'cancel-dialog', 'aria-labelledby': 'cancel-title' },
    h('form', { method: 'dialog' },
      h('h2', { id: 'cancel-title' }, `Cancel job ${id}?`),
      h('p', {}, 'Its input closes and it stops on every member. Its record and the output committed so far stay.'),
      h('div', { class: 'actions' }, keepButton, confirmButton)),
  );
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'cancel') {
      act((j) => `Cancelling: the job reads ${j.status}.`, () => sendJson('DELETE', path));
    }
    dialog.returnValue = '';
  });
  cancelButton.addEventListener('click', () => dialog.showModal());
  view.onStop(() => dialog.open && dialog.close());

  const showActions = () => {
    const final = FINAL_STATUSES.has(job.status);
    const feedable = !final && job.input.type === 'http' && !job.inputClosed;
    feedButton.disabled = !feedable;
    feedInput.disabled = !feedable;
    closeButton.disabled = !feedable;
    cancelButton.disabled = final || job.status === 'CANCELLING';
  };

  // --- progress ---
  const stepColumns = [
    ['step', (s) => s.index],
    ['operator', (s) => s.operator],
    ['in', (s) => h('span', { class: 'in' }, num(s.itemsIn))],
    ['out', (s) => h('span', { class: 'out' }, num(s.itemsOut))],
    ['in/s', (s) => num(rates[`s${s.index}`])],
    ['keys', (s) => h('span', { class: 'keys' }, s.keyed ? num(s.keys) : '')],
    ['frontier', (s) => h('span', { class: 'frontier' }, s.keyed ? (s.done ? 'done' : num(s.lowestOpenEpoch)) : '')],
  ];
  const steps = table(stepColumns, [], { id: 'steps', caption: 'Per step, over every worker of every member', empty: 'no figures yet' });
  const inputColumns = [
    ['worker', (w) => w.worker],
    ['position', (w) => num(w.position)],
    ['read', (w) => num(w.read)],
    ['ended', (w) => (w.ended ? 'yes' : 'no')],
  ];
  const inputs = table(inputColumns, [], { id: 'inputs', empty: 'no input worker runs' });
  const lagLine = h('p', { class: 'figures', id: 'lag' }, '…');
  const snapshots = new Map();
  const snapshotColumns = [
    ['snapshot', (s) => s.id],
    ['completed', (s) => time(s.at)],
    ['took', (s) => `${num(s.millis)} ms`],
  ];
  const snapshotTable = table(snapshotColumns, [], { id: 'snapshots', empty: 'none yet (a job without a guarantee takes none)' });

  const stepChart = new TimeChart({
    title: 'Items per second into each step',
    series: graph.steps.map((s) => ({ label: `${s.index} ${s.operator}` })),
    leftLabel: 'items/s',
  });
  const lagChart = new TimeChart({
    title: 'Input lag (accepted − read) and output committed',
    series: [{ label: 'lag' }, { label: 'output committed', scale: 'right' }],
    leftLabel: 'pairs not read',
    rightLabel: 'pairs committed',
  });

  // --- output, as server-sent events ---
  const outputColumns = [['offset', (r) => r.offset], ['epoch', (r) => r.pair[0]], ['item', (r) => json(r.pair[1])]];
  const output = table(outputColumns, [], { id: 'output', empty: 'nothing yet' });
  output.classList.add('scroll');
  const outputState = h('p', { class: 'figures', id: 'output-state' }, '');
  const fromInput = h('input', { id: 'output-from', type: 'number', min: 0, value: 0, inputmode: 'numeric' });
  const followButton = h('button', { type: 'submit', class: 'secondary' }, 'Follow from this offset');
  const followForm = h('form', { class: 'form inline' }, field('From offset', fromInput), followButton);
  let following = null;
  let next = 0;
  let received = 0;
  let retry = null;
  const outputBody = output.querySelector('tbody');
  const stopFollowing = () => {
    clearTimeout(retry);
    if (following) {
      following.abort();
      following = null;
    }
  };
  const follow = (from) => {
    stopFollowing();
    next = from;
    outputState.dataset.state = 'following';
    outputState.textContent = `Following from offset ${num(from)}: ${num(received)} pairs received.`;
    const stream = new AbortController();
    following = stream;
    const onEvent = (event) => {
      const offset = Number(event.id);
      if (offset < next) {
        return; // sent again after a reconnect
      }
      next = offset + 1;
      received++;
      if (received === 1 || outputBody.querySelector('tr.empty')) {
        outputBody.replaceChildren();
      }
      const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
      outputBody.append(h('tr', { dataset: { offset } }, outputColumns.map(([heading, cell]) => h('td', { dataset: { label: heading } }, cell({ offset, pair: JSON.parse(event.data) })))));
      while (outputBody.rows.length > OUTPUT_ROWS) {
        outputBody.deleteRow(0);
      }
      if (atBottom) {
        output.scrollTop = output.scrollHeight; // keep showing the newest, unless the reader scrolled up
      }
      outputState.textContent = `Following from offset ${num(from)}: ${num(received)} pairs received, next offset ${num(next)}.`;
    };
    // The stream ends when the job has ended and everything was sent, or when the member goes away:
    // the job's record tells which; the page reconnects by itself, from the next offset. (It is read
    // with fetch rather than EventSource, which cannot send the credentials' header.)
    const ended = async (failure) => {
      if (stream.signal.aborted) {
        return; // stopped by the page
      }
      following = null;
      if (failure && (failure.status === 401 || failure.status === 403)) {
        outputState.dataset.state = 'refused';
        outputState.textContent = `The output was refused (${failure.status}): ${failure.detail} Sign in, then follow again.`;
        return;
      }
      let now = null;
      try {
        now = await getJson(path);
      } catch (e) {
        if (e.status === 404) {
          outputState.dataset.state = 'ended';
          outputState.textContent = 'The cluster no longer knows this job.';
          return;
        }
      }
      if (view.stopped) {
        return;
      }
      if (now && FINAL_STATUSES.has(now.status) && (now.countOut === null || next >= now.countOut)) {
        outputState.dataset.state = 'ended';
        outputState.textContent = `The job has ended (${now.status}): ${num(received)} pairs received, up to offset ${num(next)}.`;
        return;
      }
      outputState.dataset.state = 'reconnecting';
      outputState.textContent = `The stream broke off at offset ${num(next)}; reconnecting…`;
      retry = setTimeout(() => follow(next), 2000);
    };
    followEvents(`${path}/output?from=${from}`, onEvent, stream.signal).then(() => ended(null), ended);
  };
  followForm.addEventListener('submit', (event) => {
    event.preventDefault();
    received = 0;
    outputBody.replaceChildren();
    follow(Math.max(0, Number(fromInput.value) || 0));
  });
  view.onStop(stopFollowing);

  const poll = async () => {
    const [answer, progress] = await Promise.all([getJson(path), getJson(`${path}/progress`)]);
    job = answer;
    showJob();
    showActions();
    drawing.update(progress.steps);
    const counters = {};
    progress.steps.forEach((s) => {
      counters[`s${s.index}`] = s.itemsIn;
    });
    rates = stepRates.next(counters);
    refill(steps, stepColumns, progress.steps, {
      rowAttributes: (s) => ({ dataset: { step: s.index, itemsIn: s.itemsIn, itemsOut: s.itemsOut } }),
    });
    refill(inputs, inputColumns, progress.inputs);
    lagLine.textContent = `accepted ${num(progress.inputAccepted)} · read ${num(progress.inputRead)} · lag ${num(progress.inputLag)} · output committed ${num(progress.outputCommitted)}`;
    if (progress.lastSnapshotId !== null && progress.lastSnapshotId !== undefined && !snapshots.has(progress.lastSnapshotId)) {
      snapshots.set(progress.lastSnapshotId, { id: progress.lastSnapshotId, at: progress.lastSnapshotAt, millis: progress.lastSnapshotMillis });
      refill(snapshotTable, snapshotColumns, [...snapshots.values()].reverse().slice(0, 20));
    }
    if (Object.values(rates).some((r) => r !== null)) {
      stepChart.push(progress.steps.map((s) => rates[`s${s.index}`]));
    }
    lagChart.push([progress.inputLag, progress.outputCommitted]);
    return !FINAL_STATUSES.has(job.status); // an ended job's figures no longer change
  };

  replace(
    view.main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/jobs' }, 'Jobs'), ' / '),
    h('h1', {}, 'Job ', h('code', {}, id), ' ', status),
    failure,
    h('div', { class: 'grid' },
      section('About', factList),
      section('Actions', feedForm, actionResult)),
    section(
      'Graph, live',
      h('div', { class: 'graph-wrap', tabindex: 0, 'aria-label': 'graph, scrolls sideways' }, drawing.element),
      steps,
    ),
    h('div', { class: 'grid' }, section('Throughput', stepChart.element), section('Lag and output', lagLine, lagChart.element)),
    h('div', { class: 'grid' }, section('Input workers', inputs), section('Snapshots', h('p', { class: 'hint' }, 'Each one this page has seen complete (the API shows the last).'), snapshotTable)),
    section('Output', job.output.type === 'http' ? [followForm, outputState, output] : h('p', {}, `This job writes its output to the builder ${job.output.name}: nothing to follow here.`)),
    dialog,
  );
  stepChart.attached();
  lagChart.attached();
  view.onStop(() => {
    stepChart.destroy();
    lagChart.destroy();
  });
  showJob();
  showActions();
  try {
    await poll();
  } catch (e) {
    // shown by the next rounds; the page is there
  }
  if (job.output.type === 'http') {
    follow(0);
  }
  view.ready();
  view.every(1000, poll);
}
