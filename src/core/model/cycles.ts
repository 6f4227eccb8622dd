import type { Span } from '../report';
import { type Expr, walk } from '../latex/ast';
import { readableName } from '../latex/readable';
import type { Derivation, Problem } from './derivation';

/**
 * Functions and aliases defined through themselves (`\sigma = 1 - \sigma(z)^2`, `f(u) = g(u)`
 * with `g(u) = 2 f(u)`, `\delta = \frac{\partial L}{\partial z} + \delta`) have no meaning, and
 * every step that expands them (the engine building a call, the shapes of an alias, the names it
 * reads) would expand them forever. Each one is reported where it is defined and left out of the
 * model, so the rest of the document is checked without it. Definitions of values (`a = b + 1`,
 * `b = 2a`) stay: the engine reports each one it cannot compute, and the claims that need them.
 */
export function breakReferenceCycles(derivation: Derivation): Problem[] {
  const problems: Problem[] = [];
  const calls = (fn: string): string[] => calledIn(derivation.functions.get(fn)!.body, derivation);
  for (const part of cyclesOf([...derivation.functions.keys()], calls)) {
    const spans = part.map((fn) => derivation.functions.get(fn)!.span);
    part.forEach((fn, k) => problems.push(cycleProblem(fn, cycleThrough(fn, part, calls), spans[k], 'function')));
    for (const fn of part) derivation.functions.delete(fn);
  }
  const reads = (name: string): string[] => aliasesIn(derivation.aliases.get(name)!, derivation);
  for (const part of cyclesOf([...derivation.aliases.keys()], reads)) {
    const spans = part.map((name) => derivation.aliases.get(name)!.span);
    part.forEach((name, k) => problems.push(cycleProblem(name, cycleThrough(name, part, reads), spans[k], 'value')));
    part.forEach((name, k) => {
      derivation.aliases.delete(name);
      derivation.unreadable.set(name, spans[k]);
    });
  }
  return problems;
}

function cycleProblem(name: string, cycle: string[], span: Span, what: 'function' | 'value'): Problem {
  const path = [...cycle, cycle[0]].map(readableName).join(' → ');
  const through = cycle.length === 1 ? 'itself' : `itself through ${cycle.slice(1).map(readableName).join(', ')}`;
  const consequence = what === 'function' ? `this definition of ${readableName(name)} is not used` : `${readableName(name)} has no value`;
  return { kind: 'unchecked', message: `${readableName(name)} is defined in terms of ${through} (${path}): ${consequence}`, span };
}

/** A shortest way from `name` back to itself inside its cycle, `name` first. */
function cycleThrough(name: string, part: string[], next: (node: string) => string[]): string[] {
  const inPart = new Set(part);
  const previous = new Map<string, string>();
  const queue = [name];
  for (let k = 0; k < queue.length; k++) {
    for (const successor of next(queue[k])) {
      if (!inPart.has(successor) || previous.has(successor)) continue;
      previous.set(successor, queue[k]);
      if (successor === name) {
        const path: string[] = [];
        for (let at = previous.get(name)!; at !== name; at = previous.get(at)!) path.unshift(at);
        return [name, ...path];
      }
      queue.push(successor);
    }
  }
  return part;
}

/** The author's functions a function's body calls (f and its derivative f' alike). */
function calledIn(body: Expr, derivation: Derivation): string[] {
  const called = new Set<string>();
  walk(body, (n) => { if (n.kind === 'call' && derivation.functions.has(n.fn)) called.add(n.fn); });
  return [...called];
}

/** The aliases an alias reads, inside its derivatives too (the shape of ∂G/∂W reads G's). */
function aliasesIn(expr: Expr, derivation: Derivation): string[] {
  const read = new Set<string>();
  walk(expr, (n) => { if (n.kind === 'symbol' && derivation.aliases.has(n.name)) read.add(n.name); });
  return [...read];
}

/**
 * The names of `nodes` that reach themselves, by strongly connected part (several names, or one
 * that reads itself). Iterative, so that a long chain of definitions cannot exhaust the stack.
 */
export function cyclesOf(nodes: string[], next: (node: string) => string[]): string[][] {
  // Tarjan's algorithm with an explicit stack of (node, its successors, the next one to visit).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const root of nodes) {
    if (index.has(root)) continue;
    const frames: Array<{ node: string; successors: string[]; at: number }> = [];
    const enter = (node: string): void => {
      index.set(node, index.size);
      low.set(node, index.get(node)!);
      stack.push(node);
      onStack.add(node);
      frames.push({ node, successors: next(node), at: 0 });
    };
    enter(root);
    while (frames.length) {
      const frame = frames[frames.length - 1];
      if (frame.at < frame.successors.length) {
        const successor = frame.successors[frame.at++];
        if (!index.has(successor)) enter(successor);
        else if (onStack.has(successor)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(successor)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const part: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        part.push(member);
      } while (member !== frame.node);
      if (part.length > 1 || frame.successors.includes(frame.node)) cycles.push(part.reverse());
    }
  }
  return cycles;
}
