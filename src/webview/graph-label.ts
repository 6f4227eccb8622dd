import { readableName } from '../core/latex/readable';

/** A symbol name as people read it: `net_1` with a lowered 1, `y'` with a prime, `\hat{y}` as ŷ. */
export function labelParts(label: string): { base: string; primes: string; sub: string } {
  const underscore = subscriptAt(label);
  const head = underscore < 0 ? label : label.slice(0, underscore);
  const sub = underscore < 0 ? '' : label.slice(underscore + 1);
  const primes = /'*$/.exec(head)?.[0] ?? '';
  const stem = head.slice(0, head.length - primes.length);
  return { base: readableName(stem), primes: '′'.repeat(primes.length), sub: readableName(sub) };
}

/** The subscript's underscore, outside braces (`\hat{y_1}` has none of its own). */
function subscriptAt(label: string): number {
  let depth = 0;
  for (let i = 0; i < label.length; i++) {
    if (label[i] === '{') depth++;
    else if (label[i] === '}') depth--;
    else if (label[i] === '_' && depth === 0) return i;
  }
  return -1;
}
