/**
 * Recursions over time steps that ./unroll could not unroll. `\mathbf{h}_t = \mathbf{W}_\textrm{hx}\mathbf{x}_t + \mathbf{W}_\textrm{hh}\mathbf{h}_{t-1}`
 * read with t as the example index makes each time step an example of its own and h_{t-1} a given
 * input, so a gradient through the later time steps would be missing from the reference: a claim
 * that reaches such a recursion is left unchecked, never verified for the wrong reason.
 */
import { walk } from '../latex/ast';
import { readableName } from '../latex/readable';
import type { Derivation } from './derivation';
import { namesReached } from './assumptions';

/** `h_t-1`, `h_{t+1}`, `h^{(t-1)}`: a name at a step before or after, as the name it is at the step. */
const STEP = /^(.+?)(?:_\{?(?:[a-zA-Z]|\\[a-z]+)[+-]\d+\}?|\^\{?\(?(?:[a-zA-Z]|\\[a-z]+)[+-]\d+\)?\}?)$/;

/** The name `name` is at another step, if it is one. */
function baseOfStep(name: string): string | undefined {
  return STEP.exec(name)?.[1];
}

/** Names defined from themselves at another step, with the names of those other steps. */
function recursions(view: Derivation): Map<string, string> {
  const found = new Map<string, string>();
  for (const [name, def] of view.definitions) {
    walk(def.expr, (n) => {
      if (n.kind === 'symbol' && !found.has(name) && (baseOfStep(n.name) === name || (n.time !== undefined && n.time !== 't' && n.name === name))) found.set(name, n.name);
    });
  }
  return found;
}

/** Marks the claims that reach a recursion over time steps as unchecked, with the reason. */
export function leaveRecursionsUnchecked(view: Derivation): void {
  const recursive = recursions(view);
  if (recursive.size === 0) return;
  for (const claim of view.claims) {
    if (claim.problem) continue;
    const reached = namesReached([claim.left, claim.right], view);
    const steps = new Set([...reached].flatMap((r) => baseOfStep(r) ?? []));
    const hit = [...recursive].find(([name]) => reached.has(name) || steps.has(name));
    if (!hit) continue;
    const [name, previous] = hit;
    claim.problem = {
      kind: 'unchecked',
      message: `${readableName(name)} is computed from ${readableName(previous)}: this recursion over time steps is not unrolled, so a gradient through the later steps would be missing`,
      span: claim.leftSpan,
    };
  }
}
