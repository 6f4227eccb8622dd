import { type Expr, walk } from '../latex/ast';
import type { Derivation } from '../model/derivation';
import { namesReached } from '../model/assumptions';
import type { GraphError } from './graph';

/**
 * Why a claim is not checked when the graph samples some quantities instead of computing them
 * (ReferenceGraph.standIns): it reads, other than through those quantities, a name their
 * definitions read, whose relation to them the sample does not keep (`\mathbf{W}` beside a sampled
 * `\mathbf{o} = \mathbf{W}\mathbf{x} + \mathbf{b}`).
 */
export function standInProblem(standIns: Map<string, GraphError>, exprs: Expr[], derivation: Derivation): GraphError | undefined {
  if (standIns.size === 0) return undefined;
  const upstream = new Map<string, GraphError>();
  for (const [name, error] of standIns) {
    const def = derivation.definitions.get(name);
    if (def) for (const read of namesReached([def.expr], derivation)) if (!standIns.has(read)) upstream.set(read, error);
  }
  const seen = new Set<string>();
  let problem: GraphError | undefined;
  const visit = (e: Expr): void => walk(e, (n) => {
    if (problem || n.kind !== 'symbol' || seen.has(n.name)) return;
    seen.add(n.name);
    problem = upstream.get(n.name);
    if (standIns.has(n.name)) return;
    const def = derivation.definitions.get(n.name);
    if (def) visit(def.expr);
    const alias = derivation.aliases.get(n.name);
    if (alias) visit(alias);
  });
  exprs.forEach(visit);
  return problem;
}
