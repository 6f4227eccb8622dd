import { type EdgeLabel, Graph, type GraphLabel, layout, type NodeLabel, type Point } from '@dagrejs/dagre';
import type { ComputationGraph, SymbolRole } from '../core/report';
import { edgeKey } from './graph-paths';
import { labelParts } from './graph-label';

export interface PlacedNode {
  id: string;
  label: string;
  role: SymbolRole;
  /** Centre, as dagre gives it. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  points: Point[];
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** Past this the drawing is unreadable in a side panel and the layout is no longer instant. */
export const MAX_DRAWN_NODES = 200;

const NODE_HEIGHT = 30;
// Labels are drawn in a math italic about 15px high; the estimate only has to be generous.
const CHAR_WIDTH = 9;
const NODE_PADDING = 26;

/** The width a label needs, read the way graph-view draws it (subscripts smaller). */
export function labelWidth(label: string): number {
  const { base, primes, sub } = labelParts(label);
  const characters = [...base].length + primes.length + 0.75 * [...sub].length;
  return Math.max(NODE_HEIGHT + 8, Math.round(characters * CHAR_WIDTH + NODE_PADDING));
}

/** Lays the graph out left to right, inputs first and the loss last, as people draw networks. */
export function layoutGraph(graph: ComputationGraph): GraphLayout {
  const g = new Graph<GraphLabel, NodeLabel, EdgeLabel>();
  g.setGraph({ rankdir: 'LR', nodesep: 16, ranksep: 44, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const roles = new Map<string, { label: string; role: SymbolRole }>();
  for (const node of graph.nodes.slice(0, MAX_DRAWN_NODES)) {
    if (roles.has(node.id)) continue;
    roles.set(node.id, { label: node.label, role: node.role });
    g.setNode(node.id, { width: labelWidth(node.label), height: NODE_HEIGHT });
  }
  const seen = new Set<string>();
  for (const { from, to } of graph.edges) {
    const key = edgeKey(from, to);
    if (from === to || seen.has(key) || !roles.has(from) || !roles.has(to)) continue;
    seen.add(key);
    g.setEdge(from, to);
  }
  layout(g);
  const nodes = g.nodes().map((id): PlacedNode => {
    const placed = g.node(id);
    const { label, role } = roles.get(id)!;
    return { id, label, role, x: placed.x ?? 0, y: placed.y ?? 0, width: placed.width, height: placed.height };
  });
  const edges = g.edges().map((e): PlacedEdge => ({ from: e.v, to: e.w, points: g.edge(e)?.points ?? [] }));
  const size = g.graph();
  return { width: size.width ?? 0, height: size.height ?? 0, nodes, edges };
}
