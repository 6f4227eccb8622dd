import type { Span, SymbolRole } from '../report';
import type { DirectiveComment } from '../source/extract';

/** What the author told gradcheck in `gradcheck:` comments. */
export interface Directives {
  roles: Map<string, SymbolRole>;
  loss?: string;
  examples?: number;
  samples?: number;
  seed?: number;
  /** Time steps a recursion over time is unrolled to, when the text does not fix its length. */
  steps?: number;
  /** `shape W 3x2`: sizes given by the author, rows first. */
  shapes: Map<string, number[]>;
  /** `onehot y`: targets sampled as one-hot vectors. */
  oneHot: Set<string>;
  problems: Array<{ message: string; span: Span }>;
}

/** Largest size of one dimension: enough to show shape errors, small enough to stay fast. */
export const MAX_DIMENSION = 256;

const ROLE_KEYS: Record<string, SymbolRole> = {
  params: 'parameter', param: 'parameter', parameters: 'parameter',
  data: 'data', inputs: 'data', targets: 'data',
  constants: 'constant', constant: 'constant', const: 'constant',
};

const NUMBER_KEYS = new Set(['examples', 'samples', 'seed', 'steps']);
const LIMITS: Record<string, [number, number]> = { examples: [1, 64], samples: [1, 50], seed: [0, 2 ** 31 - 1], steps: [2, 12] };

/**
 * Reads `gradcheck: params w_1 w_2 b; data x y; constants alpha; loss L; examples 4; samples 8; steps 6`.
 * Unknown keys and bad numbers become problems, never exceptions.
 */
export function readDirectives(comments: DirectiveComment[]): Directives {
  const result: Directives = { roles: new Map(), shapes: new Map(), oneHot: new Set(), problems: [] };
  for (const comment of comments) {
    if (!comment.body.startsWith(':')) continue;
    for (const clause of comment.body.slice(1).split(';')) {
      const words = clause.trim().split(/[\s,]+/).filter(Boolean);
      if (words.length === 0) continue;
      const [key, ...values] = words;
      const role = ROLE_KEYS[key];
      if (role) {
        for (const name of values) result.roles.set(name.replace(/[{}]/g, ''), role);
      } else if (key === 'shape' && values.length >= 2) {
        const dims = values.slice(1).join('x').split(/[x×*]/).filter(Boolean).map(Number);
        if (dims.length > 2 || dims.some((d) => !Number.isInteger(d) || d < 1 || d > MAX_DIMENSION)) {
          result.problems.push({ message: `'shape ${values.join(' ')}': write the sizes as 3x2 (rows x columns) or 3 for a vector, each at most ${MAX_DIMENSION}`, span: comment.span });
        } else result.shapes.set(values[0].replace(/[{}]/g, ''), dims);
      } else if ((key === 'onehot' || key === 'one-hot') && values.length >= 1) {
        for (const name of values) result.oneHot.add(name.replace(/[{}]/g, ''));
      } else if (key === 'loss' && values.length === 1) {
        result.loss = values[0].replace(/[{}]/g, '');
      } else if (NUMBER_KEYS.has(key) && values.length === 1 && /^\d+$/.test(values[0])) {
        const [lo, hi] = LIMITS[key];
        const n = Number(values[0]);
        if (n < lo || n > hi) result.problems.push({ message: `'${key}' must be between ${lo} and ${hi}`, span: comment.span });
        else result[key as 'examples' | 'samples' | 'seed' | 'steps'] = n;
      } else {
        result.problems.push({ message: `unknown gradcheck setting '${clause.trim()}'`, span: comment.span });
      }
    }
  }
  return result;
}
