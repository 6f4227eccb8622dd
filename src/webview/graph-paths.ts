import type { Claim, ComputationGraph, Report } from '../core/report';

/** What the graph marks: the selected claim's paths, and the paths a `missing-path` claim left out. */
export interface GraphHighlight {
  nodes: Set<string>;
  edges: Set<string>;
  /** Edges only on a left-out path, drawn dashed. */
  missingEdges: Set<string>;
}

export function edgeKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

// Paths multiply with depth and width; past this many the highlight would say nothing anyway.
const MAX_PATHS = 64;

function successors(graph: ComputationGraph): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const { from, to } of graph.edges) next.set(from, [...(next.get(from) ?? []), to]);
  return next;
}

/** Every path (as node ids) from `from` to `to`, at most MAX_PATHS; a cycle is never followed. */
export function pathsBetween(graph: ComputationGraph, from: string, to: string): string[][] {
  const next = successors(graph);
  const paths: string[][] = [];
  const walk = (path: string[]): void => {
    const last = path[path.length - 1];
    if (last === to) { paths.push(path); return; }
    for (const n of next.get(last) ?? []) {
      if (paths.length >= MAX_PATHS) return;
      if (!path.includes(n)) walk([...path, n]);
    }
  };
  if (from !== to) walk([from]);
  return paths;
}

/** The graph's node for a name as the claim writes it (ids are names; labels are the fallback). */
function nodeFor(graph: ComputationGraph, name: string): string | undefined {
  const plain = name.replace(/[{}\s]/g, '');
  return graph.nodes.find((n) => n.id === name || n.id === plain)?.id ?? graph.nodes.find((n) => n.label === name || n.label === plain)?.id;
}

/**
 * The paths a `missing-path` explanation names, as `a → b → c`. The report carries them only in
 * prose, so a path counts only if every step is an edge of the graph; anything else is ignored.
 */
export function namedPaths(graph: ComputationGraph, text: string): string[][] {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const edges = new Set(graph.edges.map((e) => edgeKey(e.from, e.to)));
  const paths: string[][] = [];
  for (const match of text.matchAll(/\S+(?: → \S+)+/g)) {
    const steps = match[0].split(' → ').map((s, i, all) => (i === all.length - 1 ? s.replace(/[.,;:]+$/, '') : s));
    const known = steps.every((s) => ids.has(s)) && steps.slice(1).every((s, i) => edges.has(edgeKey(steps[i], s)));
    if (known) paths.push(steps);
  }
  return paths;
}

function pathEdges(path: string[]): string[] {
  return path.slice(1).map((id, i) => edgeKey(path[i], id));
}

/** Edges of the left-out paths that no path the claim did include runs along. */
function missingEdgesOf(graph: ComputationGraph, claim: Claim): Set<string> {
  const missing = new Set<string>();
  if (!claim.codes.includes('missing-path') || !claim.derivative) return missing;
  const left = namedPaths(graph, claim.explanation);
  if (left.length === 0) return missing;
  const of = nodeFor(graph, claim.derivative.of);
  const wrt = nodeFor(graph, claim.derivative.wrt);
  const leftOut = new Set(left.map((p) => p.join('\u0000')));
  const kept = new Set<string>();
  if (of && wrt) {
    for (const path of pathsBetween(graph, wrt, of)) if (!leftOut.has(path.join('\u0000'))) pathEdges(path).forEach((key) => kept.add(key));
  }
  for (const path of left) for (const key of pathEdges(path)) if (!kept.has(key)) missing.add(key);
  return missing;
}

/**
 * The selected claim's derivative runs along every path from wrt to of: those are highlighted.
 * Left-out paths are dashed for every `missing-path` claim, selected or not, since they are
 * findings about the graph itself.
 */
export function graphHighlight(report: Report, selectedClaim: number | null): GraphHighlight {
  const { graph } = report;
  const highlight: GraphHighlight = { nodes: new Set(), edges: new Set(), missingEdges: new Set() };
  for (const claim of report.claims) for (const key of missingEdgesOf(graph, claim)) highlight.missingEdges.add(key);
  const claim = selectedClaim === null ? undefined : report.claims[selectedClaim];
  if (!claim?.derivative) return highlight;
  const of = nodeFor(graph, claim.derivative.of);
  const wrt = nodeFor(graph, claim.derivative.wrt);
  if (!of || !wrt) return highlight;
  for (const path of pathsBetween(graph, wrt, of)) {
    path.forEach((id) => highlight.nodes.add(id));
    pathEdges(path).forEach((key) => highlight.edges.add(key));
  }
  return highlight;
}
