import type { Expr } from '../latex/ast';

/**
 * The arithmetic of indices written in subscripts: `t-1`, `T+t-i`, `2(i-1)+k`, `\tau-1`, and a
 * pair of them (`x_{i+p, j+q}`, `w_{pq}`). Whole numbers only: an index is a position or a step;
 * a product is a whole number times one letter or bracket.
 */
export type IndexExpr =
  | { kind: 'number'; value: number }
  | { kind: 'letter'; name: string }
  | { kind: 'add'; terms: IndexExpr[]; signs: Array<1 | -1> }
  | { kind: 'mul'; factors: IndexExpr[] };

const TOKEN = /\d+|[A-Za-z]|\\[a-z]+|[+\-()]/g;

/** The index written as `text`, or undefined when it is not sums and products of letters and whole numbers. */
export function parseIndex(text: string): IndexExpr | undefined {
  const tokens = text.match(TOKEN) ?? [];
  if (tokens.join('') !== text || tokens.length === 0) return undefined;
  let at = 0;
  const sum = (): IndexExpr | undefined => {
    const terms: IndexExpr[] = [];
    const signs: Array<1 | -1> = [];
    let sign: 1 | -1 = 1;
    if (tokens[at] === '-' || tokens[at] === '+') sign = tokens[at++] === '-' ? -1 : 1;
    for (;;) {
      const term = product();
      if (!term) return undefined;
      terms.push(term);
      signs.push(sign);
      if (tokens[at] !== '+' && tokens[at] !== '-') break;
      sign = tokens[at++] === '-' ? -1 : 1;
    }
    return terms.length === 1 && signs[0] === 1 ? terms[0] : { kind: 'add', terms, signs };
  };
  // A whole number may multiply one letter or bracket (2t, 2(i-1)); letters side by side (nd, ij)
  // are two indices, not a product.
  const product = (): IndexExpr | undefined => {
    const factors: IndexExpr[] = [];
    while (at < tokens.length && tokens[at] !== '+' && tokens[at] !== '-' && tokens[at] !== ')') {
      const t = tokens[at++];
      if (factors.length > 0 && factors[0].kind !== 'number') return undefined;
      if (t === '(') {
        const inner = sum();
        if (!inner || tokens[at++] !== ')') return undefined;
        factors.push(inner);
      } else if (/^\d/.test(t)) {
        if (factors.length > 0) return undefined;
        factors.push({ kind: 'number', value: Number(t) });
      } else factors.push({ kind: 'letter', name: t });
    }
    if (factors.length === 0 || factors.length > 2) return undefined;
    return factors.length === 1 ? factors[0] : { kind: 'mul', factors };
  };
  const result = sum();
  return result && at === tokens.length ? result : undefined;
}

export function indexLetters(e: IndexExpr, into = new Set<string>()): Set<string> {
  if (e.kind === 'letter') into.add(e.name);
  else if (e.kind === 'add') e.terms.forEach((t) => indexLetters(t, into));
  else if (e.kind === 'mul') e.factors.forEach((f) => indexLetters(f, into));
  return into;
}

/** The index's value where each letter has one in `env`, else undefined. */
export function evaluateIndex(e: IndexExpr, env: ReadonlyMap<string, number>): number | undefined {
  switch (e.kind) {
    case 'number': return e.value;
    case 'letter': return env.get(e.name);
    case 'add': {
      let total = 0;
      for (let k = 0; k < e.terms.length; k++) {
        const v = evaluateIndex(e.terms[k], env);
        if (v === undefined) return undefined;
        total += e.signs[k] * v;
      }
      return total;
    }
    case 'mul': {
      let product = 1;
      for (const f of e.factors) {
        const v = evaluateIndex(f, env);
        if (v === undefined) return undefined;
        product *= v;
      }
      return product;
    }
  }
}

/** True when the index is computed from others (`i+k-1`), not a letter or a number by itself. */
export function isComputed(e: IndexExpr): boolean {
  return e.kind === 'add' || e.kind === 'mul';
}

/**
 * An expression's value when it is a whole number as written (`4 - 1`, `2(m-1)`, `\max(1, j-n+K)`),
 * its names taken from `valueOf`; undefined otherwise.
 */
export function wholeNumber(e: Expr, valueOf: (name: string) => number | undefined = () => undefined): number | undefined {
  const all = (es: Expr[]): number[] | undefined => {
    const vs = es.map((x) => wholeNumber(x, valueOf));
    return vs.some((v) => v === undefined) ? undefined : (vs as number[]);
  };
  switch (e.kind) {
    case 'number': return Number.isInteger(e.value) ? e.value : undefined;
    case 'symbol': return valueOf(e.name);
    case 'neg': { const v = wholeNumber(e.arg, valueOf); return v === undefined ? undefined : -v; }
    case 'add': { const vs = all(e.terms); return vs?.reduce((acc, v, k) => acc + e.signs[k] * v, 0); }
    case 'mul': { const vs = all(e.factors); return vs?.reduce((acc, v) => acc * v, 1); }
    case 'call': {
      // \sum_{k=\max(1, j-n+K)}^{\min(K, j)}: the bounds of a flipped kernel.
      const vs = e.order === 0 && (e.fn === 'max' || e.fn === 'min') ? all(e.args) : undefined;
      return vs && vs.length ? (e.fn === 'max' ? Math.max(...vs) : Math.min(...vs)) : undefined;
    }
    default: return undefined;
  }
}
