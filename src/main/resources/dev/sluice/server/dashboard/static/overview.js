// Overview (#/): the cluster and its health, the flows, the jobs by status, and the service's items/s.
import { enc, getJson, health } from './api.js';
import { TimeChart } from './chart.js';
import { badge, h, num, refill, replace, section, table } from './dom.js';
import { JobsSampler } from './sampler.js';

export const VIEW = 'overview';

const STATUS_ORDER = ['STARTING', 'RUNNING', 'COMPLETING', 'CANCELLING', 'SUSPENDED', 'COMPLETED', 'FAILED', 'CANCELLED'];

const MEMBER_COLUMNS = [
  ['process', (m) => m.processId],
  ['address', (m) => m.address],
  ['', (m) => (m.self ? h('span', { class: 'badge accent' }, 'answering') : '')],
];

const FLOW_COLUMNS = [
  ['flow', (f) => h('a', { href: `#/flows/${enc(f.name)}` }, f.name)],
  ['input type', (f) => h('code', {}, f.inputType)],
  ['steps', (f) => f.steps.map((s) => s.operator).join(' → ')],
];

export async function render(view) {
  const healthBadge = h('span', { id: 'health' }, '…');
  const clusterName = h('span', { id: 'cluster-name' }, '…');
  const members = table(MEMBER_COLUMNS, [], { id: 'members', caption: 'Members, by process ID', empty: 'no answer yet' });
  const flows = table(FLOW_COLUMNS, [], { id: 'flows' });
  const statuses = h('ul', { class: 'statuses', id: 'job-statuses' });
  const chart = new TimeChart({
    title: 'Items per second over the last 5 minutes: in (read by the jobs) and out (captured), all members',
    series: [{ label: 'in/s' }, { label: 'out/s' }],
    leftLabel: 'items/s',
  });
  const rateNow = h('p', { class: 'figures', id: 'throughput' }, 'sampling…');

  replace(
    view.main,
    h('h1', {}, 'Overview'),
    h(
      'div',
      { class: 'grid' },
      section('Cluster', h('p', {}, 'Name ', clusterName, ' · health ', healthBadge), members),
      section('Jobs', statuses, h('p', {}, h('a', { href: '#/jobs' }, 'All jobs, and start one'))),
    ),
    section('Throughput', rateNow, chart.element,
      h('p', { class: 'hint' }, 'From the progress of every job (summed over members by the service), sampled every 2 s; finite runs are not included.')),
    section('Flows', flows),
  );
  chart.attached();
  view.onStop(() => chart.destroy());

  const cluster = async () => {
    const [answer, state] = await Promise.all([getJson('cluster'), health()]);
    clusterName.textContent = answer.name;
    replace(healthBadge, badge(state.status));
    refill(members, MEMBER_COLUMNS, answer.members, {
      rowAttributes: (m) => ({ dataset: { processId: m.processId, address: m.address, self: m.self } }),
    });
  };
  const flowList = async () => {
    const answer = await getJson('flows');
    refill(flows, FLOW_COLUMNS, answer, { rowAttributes: (f) => ({ dataset: { flow: f.name } }) });
  };
  const sampler = new JobsSampler();
  const jobs = async () => {
    const sample = await sampler.sample();
    const counts = new Map();
    for (const job of sample.jobs) {
      counts.set(job.status, (counts.get(job.status) || 0) + 1);
    }
    const order = [...STATUS_ORDER, ...[...counts.keys()].filter((s) => !STATUS_ORDER.includes(s))];
    replace(
      statuses,
      sample.jobs.length === 0 ? h('li', {}, 'No jobs yet.') : null,
      order
        .filter((status) => counts.has(status))
        .map((status) =>
          h('li', { dataset: { status, count: counts.get(status) } },
            h('a', { href: `#/jobs?status=${status}` }, badge(status), ' ', h('span', { class: 'count' }, num(counts.get(status))))),
        ),
    );
    if (sample.totalIn !== null) {
      chart.push([sample.totalIn, sample.totalOut]);
      rateNow.textContent = `now: ${num(sample.totalIn)} in/s · ${num(sample.totalOut)} out/s`;
    }
  };

  await Promise.allSettled([cluster(), flowList(), jobs()]);
  view.ready();
  view.every(3000, cluster);
  view.every(2000, jobs);
  view.every(30000, flowList);
}
