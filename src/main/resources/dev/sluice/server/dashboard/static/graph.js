// A flow's graph as SVG, drawn from GET /flows/{name}/graph: the physical plan's vertices as boxes
// (each fuses a run of logical steps, drawn inside it), the edges between them with their routing
// (partitioned by the key's Exhash and across members, or local). Per-step figures (items in and
// out, keys, frontier) are written into the steps' boxes by update(), live for a job.
import { num, svg } from './dom.js';

const NODE_W = 148; // a step
const END_W = 76; // the input's source and the output
const NODE_H = 70;
const GAP = 18; // between fused steps in a vertex
const PAD = 10; // inside a vertex box
const LABEL = 22; // a vertex box's name
const VERTEX_GAP = 72; // between vertex boxes: room for an edge's label
const TOP = 8;
const LANE = 18; // a long edge (a capture far from the output) runs below the boxes, a lane each

/** An edge's routing in a few short lines, to fit between two boxes. */
function routingLines(edge) {
  const routing = edge.routing === 'partitioned' ? ['by key'] : [edge.routing];
  return edge.distributed ? [...routing, 'across', 'members'] : routing;
}

/**
 * Draws the graph. Returns `{element, update(steps)}`; `steps` are per-step figures by index
 * (`itemsIn`, `itemsOut`, and for keyed steps `keys`, `lowestOpenEpoch`, `done`).
 */
export function renderGraph(graph) {
  const stepsByIndex = new Map(graph.steps.map((step) => [step.index, step]));
  const nodes = []; // {key, x, y, vertex, step?, kind}
  const boxes = [];
  let x = 8;
  for (const vertex of graph.vertices) {
    const members = [];
    if (vertex.name === 'input') {
      members.push({ key: 'source', kind: 'source', label: 'input' });
    }
    for (const index of vertex.steps) {
      members.push({ key: `s${index}`, kind: 'step', step: stepsByIndex.get(index) });
    }
    if (vertex.name === 'output' || members.length === 0) {
      members.push({ key: vertex.name === 'output' ? 'sink' : `v-${vertex.name}`, kind: 'sink', label: vertex.name });
    }
    let left = x + PAD;
    for (const member of members) {
      member.width = member.kind === 'step' ? NODE_W : END_W;
      nodes.push({ ...member, vertex: vertex.name, x: left, y: TOP + LABEL + PAD });
      left += member.width + GAP;
    }
    const width = left - GAP + PAD - x;
    boxes.push({ vertex, x, width, members });
    x += width + VERTEX_GAP;
  }
  const byKey = new Map(nodes.map((node) => [node.key, node]));
  const boxBottom = TOP + LABEL + 2 * PAD + NODE_H;

  const layer = { boxes: svg('g'), edges: svg('g'), nodes: svg('g') };
  for (const box of boxes) {
    layer.boxes.append(
      svg(
        'g',
        { class: `vertex vertex-${box.vertex.name === 'input' || box.vertex.name === 'output' ? box.vertex.name : 'step'}` },
        svg('rect', { x: box.x, y: TOP, width: box.width, height: boxBottom - TOP, rx: 10 }),
        svg('text', { x: box.x + PAD, y: TOP + 16, class: 'vertex-name' }, box.vertex.name),
      ),
    );
    // fused steps: one processor, items handed on in the same thread
    for (let i = 0; i + 1 < box.members.length; i++) {
      const from = byKey.get(box.members[i].key);
      const to = byKey.get(box.members[i + 1].key);
      const y = from.y + NODE_H / 2;
      layer.edges.append(svg('line', { x1: from.x + from.width, y1: y, x2: to.x - 2, y2: y, class: 'edge fused', 'marker-end': 'url(#arrow)' }));
    }
  }

  let lanes = 0;
  for (const edge of graph.edges) {
    const from = byKey.get(edge.fromStep === null || edge.fromStep === undefined ? (edge.from === 'input' ? 'source' : `v-${edge.from}`) : `s${edge.fromStep}`);
    const to = byKey.get(edge.toStep === null || edge.toStep === undefined ? (edge.to === 'output' ? 'sink' : `v-${edge.to}`) : `s${edge.toStep}`);
    if (!from || !to) {
      continue;
    }
    const fromBox = boxes.findIndex((b) => b.vertex.name === edge.from);
    const toBox = boxes.findIndex((b) => b.vertex.name === edge.to);
    const adjacent =
      toBox === fromBox + 1 &&
      boxes[fromBox].members.at(-1).key === from.key &&
      boxes[toBox].members[0].key === to.key;
    const cls = `edge ${edge.routing}${edge.distributed ? ' distributed' : ''}`;
    let labelX;
    let labelY;
    if (adjacent) {
      const y = from.y + NODE_H / 2;
      layer.edges.append(svg('line', { x1: from.x + from.width, y1: y, x2: to.x - 2, y2: y, class: cls, 'marker-end': 'url(#arrow)' }));
      labelX = (from.x + from.width + to.x) / 2;
      labelY = y - 8;
    } else {
      lanes++;
      const laneY = boxBottom + lanes * LANE;
      const x1 = from.x + from.width / 2;
      const x2 = to.x + to.width / 2;
      const y1 = from.y + NODE_H;
      const y2 = to.y + NODE_H + 2;
      layer.edges.append(
        svg('path', { d: `M ${x1} ${y1} V ${laneY} H ${x2} V ${y2}`, class: cls, fill: 'none', 'marker-end': 'url(#arrow)' }),
      );
      labelX = (x1 + x2) / 2;
      labelY = laneY - 4;
    }
    const lines = adjacent ? routingLines(edge) : [routingLines(edge).join(' ')];
    const label = svg('text', { x: labelX, y: labelY - (lines.length - 1) * 12, class: 'edge-label', 'text-anchor': 'middle' });
    lines.forEach((line, i) => label.append(svg('tspan', { x: labelX, dy: i === 0 ? 0 : 12 }, line)));
    layer.edges.append(label);
  }

  const figures = new Map();
  for (const node of nodes) {
    const group = svg('g', { class: `node ${node.kind}${node.step && node.step.keyed ? ' keyed' : ''}` });
    group.append(svg('rect', { x: node.x, y: node.y, width: node.width, height: NODE_H, rx: node.kind === 'step' ? 6 : 18 }));
    if (node.kind === 'step') {
      const step = node.step;
      group.setAttribute('data-step', step.index);
      group.append(svg('text', { x: node.x + 8, y: node.y + 18, class: 'node-title' }, `${step.index} ${step.operator}`));
      const counts = svg('text', { x: node.x + 8, y: node.y + 39, class: 'node-figures' });
      // a keyed step's state per key: "keyed" until figures come
      const state = svg('text', { x: node.x + 8, y: node.y + 58, class: step.keyed ? 'node-tag' : 'node-figures' }, step.keyed ? 'keyed' : '');
      group.append(counts, state);
      figures.set(step.index, { group, counts, state, keyed: step.keyed });
    } else {
      group.append(svg('text', { x: node.x + node.width / 2, y: node.y + NODE_H / 2 + 5, class: 'node-title', 'text-anchor': 'middle' }, node.label));
    }
    layer.nodes.append(group);
  }

  const width = x - VERTEX_GAP + 16;
  const height = boxBottom + lanes * LANE + 12;
  const element = svg(
    'svg',
    { class: 'graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `the graph of ${graph.name}: ${graph.steps.map((s) => s.operator).join(', ')}` },
    svg(
      'defs',
      {},
      svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' })),
    ),
    layer.boxes,
    layer.edges,
    layer.nodes,
  );

  function update(steps) {
    for (const step of steps || []) {
      const figure = figures.get(step.index);
      if (!figure) {
        continue;
      }
      figure.group.setAttribute('data-items-in', step.itemsIn);
      figure.group.setAttribute('data-items-out', step.itemsOut);
      figure.counts.textContent = `in ${num(step.itemsIn)} · out ${num(step.itemsOut)}`;
      if (figure.keyed && 'keys' in step) {
        const frontier = step.done ? 'done' : `frontier ${num(step.lowestOpenEpoch)}`;
        figure.state.textContent = `keys ${num(step.keys)} · ${frontier}`;
      }
    }
  }

  return { element, update };
}
