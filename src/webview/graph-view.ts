import type { Point } from '@dagrejs/dagre';
import type { Report, SymbolRole } from '../core/report';
import { type GraphLayout, layoutGraph, MAX_DRAWN_NODES, type PlacedEdge, type PlacedNode } from './graph-layout';
import { edgeKey, type GraphHighlight, graphHighlight } from './graph-paths';
import { labelParts } from './graph-label';
import { h, type Markup } from './markup';

export const ROLE_NAMES: Record<SymbolRole, string> = {
  data: 'data',
  parameter: 'parameter',
  intermediate: 'intermediate',
  constant: 'constant',
  loss: 'loss',
};

/** A smooth line through dagre's points: quadratic curves between the midpoints. */
export function edgePath(points: Point[]): string {
  if (points.length === 0) return '';
  const f = (n: number): string => String(Math.round(n * 10) / 10);
  const parts = [`M${f(points[0].x)},${f(points[0].y)}`];
  for (let i = 1; i < points.length - 1; i++) {
    const mid = { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
    parts.push(`Q${f(points[i].x)},${f(points[i].y)} ${f(mid.x)},${f(mid.y)}`);
  }
  const last = points[points.length - 1];
  parts.push(`L${f(last.x)},${f(last.y)}`);
  return parts.join(' ');
}

function nodeView(node: PlacedNode, highlight: GraphHighlight): Markup {
  const { base, primes, sub } = labelParts(node.label);
  const classes = ['node', `role-${node.role}`, highlight.nodes.has(node.id) && 'on-path'].filter(Boolean).join(' ');
  return h('g', { class: classes, 'data-node': node.id, transform: `translate(${node.x - node.width / 2},${node.y - node.height / 2})` },
    h('title', {}, `${node.label}: ${ROLE_NAMES[node.role]}`),
    h('rect', { width: node.width, height: node.height, rx: 6 }),
    h('text', { x: node.width / 2, y: node.height / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' },
      base,
      // baseline-shift, unlike dy, does not carry over to the next tspan.
      primes ? h('tspan', { class: 'primes', 'baseline-shift': '30%' }, primes) : null,
      sub ? h('tspan', { class: 'sub', 'baseline-shift': 'sub' }, sub) : null));
}

function edgeView(edge: PlacedEdge, highlight: GraphHighlight): Markup {
  const key = edgeKey(edge.from, edge.to);
  const missing = highlight.missingEdges.has(key);
  const onPath = highlight.edges.has(key);
  const state = missing ? 'missing' : onPath ? 'on-path' : 'plain';
  const classes = ['edge', onPath && 'on-path', missing && 'missing'].filter(Boolean).join(' ');
  return h('path', {
    class: classes,
    'data-from': edge.from,
    'data-to': edge.to,
    d: edgePath(edge.points),
    // Presentation attribute as well as the stylesheet: a dashed line must stay dashed unstyled.
    'stroke-dasharray': missing ? '5 4' : undefined,
    'marker-end': `url(#arrow-${state})`,
  });
}

function arrowMarker(state: string): Markup {
  return h('marker', { id: `arrow-${state}`, class: `arrowhead ${state}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    h('path', { d: 'M0,0 L10,5 L0,10 z' }));
}

function legend(layout: GraphLayout, hasMissing: boolean): Markup {
  const present = new Set(layout.nodes.map((n) => n.role));
  const roles = (Object.keys(ROLE_NAMES) as SymbolRole[]).filter((r) => present.has(r));
  return h('ul', { class: 'legend', 'aria-label': 'Legend' },
    roles.map((role) => h('li', {}, h('span', { class: `swatch role-${role}`, 'aria-hidden': 'true' }), ROLE_NAMES[role])),
    hasMissing && h('li', {}, h('span', { class: 'swatch missing', 'aria-hidden': 'true' }), 'path left out of a claim'));
}

export function graphView(report: Report, selectedClaim: number | null): Markup {
  const graph = report.graph;
  if (graph.nodes.length === 0) return h('p', { class: 'note' }, 'No computation graph: the document defines no symbols the checker could read.');
  const layout = layoutGraph(graph);
  const highlight = graphHighlight(report, selectedClaim);
  const svg = h('svg', {
    class: highlight.nodes.size > 0 ? 'graph has-selection' : 'graph',
    xmlns: 'http://www.w3.org/2000/svg',
    viewBox: `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`,
    width: Math.ceil(layout.width),
    height: Math.ceil(layout.height),
    role: 'img',
    'aria-label': `Computation graph: ${layout.nodes.length} symbols, ${layout.edges.length} dependencies`,
  },
  h('defs', {}, ['plain', 'on-path', 'missing'].map(arrowMarker)),
  h('g', { class: 'edges' }, layout.edges.map((e) => edgeView(e, highlight))),
  h('g', { class: 'nodes' }, layout.nodes.map((n) => nodeView(n, highlight))));
  const truncated = graph.nodes.length > MAX_DRAWN_NODES
    && h('p', { class: 'note' }, `Only the first ${MAX_DRAWN_NODES} of ${graph.nodes.length} symbols are drawn.`);
  return h('div', { class: 'graph-box' }, h('div', { class: 'graph-scroll' }, svg), truncated, legend(layout, highlight.missingEdges.size > 0));
}
