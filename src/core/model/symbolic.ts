import type { Span } from '../report';
import { type Expr, freeSymbols, walk } from '../latex/ast';
import type { Derivation } from './derivation';

/**
 * A small symbolic calculus over the author's expressions, for two things only: suggestions
 * (the correct expression of a derivative in the author's own symbols, by the chain rule over
 * each definition's local derivative, always verified numerically before it is shown) and the
 * derivative function f' of an author's f. Checking itself is numerical (the reference engine).
 */

const NOWHERE: Span = { start: 0, end: 0 };
const num = (value: number): Expr => ({ kind: 'number', value, span: NOWHERE });
const sym = (name: string): Expr => ({ kind: 'symbol', name, span: NOWHERE });

function isNumber(e: Expr, value?: number): boolean {
  return e.kind === 'number' && (value === undefined || e.value === value);
}

export function neg(e: Expr): Expr {
  if (e.kind === 'number') return num(-e.value);
  if (e.kind === 'neg') return e.arg;
  // -(a - b) reads better as (b - a).
  if (e.kind === 'add' && e.terms.length === 2 && e.signs[0] === 1 && e.signs[1] === -1) {
    return { kind: 'add', terms: [e.terms[1], e.terms[0]], signs: [1, -1], span: NOWHERE };
  }
  if (e.kind === 'mul' && e.factors[0].kind === 'number') return mul([num(-e.factors[0].value), ...e.factors.slice(1)]);
  return { kind: 'neg', arg: e, span: NOWHERE };
}

export function mul(factors: Expr[]): Expr {
  let coefficient = 1;
  let negative = false;
  const rest: Expr[] = [];
  for (const f of factors.flatMap((x) => (x.kind === 'mul' ? x.factors : [x]))) {
    if (f.kind === 'number') coefficient *= f.value;
    else if (f.kind === 'div' && f.num.kind === 'number' && f.den.kind === 'number') coefficient *= f.num.value / f.den.value;
    else if (f.kind === 'div' && f.num.kind === 'number' && f.den.kind === 'mul' && f.den.factors[0].kind === 'number') {
      // 2 \frac{1}{2m} is \frac{1}{m}: the numbers of a denominator join the coefficient.
      coefficient *= f.num.value / f.den.factors[0].value;
      const inner = f.den.factors.slice(1);
      rest.push({ kind: 'div', num: num(1), den: inner.length === 1 ? inner[0] : { kind: 'mul', factors: inner, span: NOWHERE }, span: NOWHERE });
    }
    else if (f.kind === 'neg') { negative = !negative; rest.push(...(f.arg.kind === 'mul' ? f.arg.factors : [f.arg])); }
    else rest.push(f);
  }
  if (negative) coefficient = -coefficient;
  if (coefficient === 0) return num(0);
  if (rest.length === 0) return num(coefficient);
  const body: Expr = rest.length === 1 ? rest[0] : { kind: 'mul', factors: rest, span: NOWHERE };
  if (coefficient === 1) return body;
  if (coefficient === -1) return neg(body);
  return { kind: 'mul', factors: [num(coefficient), ...rest], span: NOWHERE };
}

/** Splits a product into its constant part (numbers, 1/N) and the rest. */
function splitConstant(e: Expr, isConstant: (e: Expr) => boolean): { constant: Expr[]; rest: Expr[] } {
  const factors = e.kind === 'mul' ? e.factors : [e];
  return { constant: factors.filter(isConstant), rest: factors.filter((f) => !isConstant(f)) };
}

export function add(terms: Expr[], signs: Array<1 | -1>): Expr {
  const keptTerms: Expr[] = [];
  const keptSigns: Array<1 | -1> = [];
  let constant = 0;
  terms.forEach((t, k) => {
    if (t.kind === 'number') constant += signs[k] * t.value;
    else if (t.kind === 'neg') { keptTerms.push(t.arg); keptSigns.push(signs[k] === 1 ? -1 : 1); }
    else { keptTerms.push(t); keptSigns.push(signs[k]); }
  });
  if (constant !== 0) { keptTerms.push(num(Math.abs(constant))); keptSigns.push(constant < 0 ? -1 : 1); }
  if (keptTerms.length === 0) return num(0);
  if (keptTerms.length === 1) return keptSigns[0] === 1 ? keptTerms[0] : neg(keptTerms[0]);
  if (keptSigns[0] === -1) {
    // Lead with a positive term when there is one: -y + y' reads better as y' - y.
    const firstPositive = keptSigns.indexOf(1);
    if (firstPositive > 0) {
      const [t] = keptTerms.splice(firstPositive, 1);
      keptSigns.splice(firstPositive, 1);
      keptTerms.unshift(t);
      keptSigns.unshift(1);
    }
  }
  return { kind: 'add', terms: keptTerms, signs: keptSigns, span: NOWHERE };
}

/** Local derivatives that read better through the defined output: s = sigma(z) gives s(1 - s). */
function throughOutput(fn: string, output: Expr): Expr | undefined {
  switch (fn) {
    case 'sigma': return mul([output, add([num(1), output], [1, -1])]);
    case 'tanh': return add([num(1), { kind: 'pow', base: output, exponent: num(2), span: NOWHERE }], [1, -1]);
    case 'exp': return output;
    default: return undefined;
  }
}

function callDerivative(name: string, arg: Expr, derivation: Derivation): Expr | undefined {
  const fn = derivation.builtinEquivalents.get(name) ?? name;
  switch (fn) {
    case 'sigma': {
      const s: Expr = { kind: 'call', fn: name, order: 0, args: [arg], span: NOWHERE, fnSpan: NOWHERE };
      return mul([s, add([num(1), s], [1, -1])]);
    }
    case 'tanh': {
      const t: Expr = { kind: 'call', fn: name, order: 0, args: [arg], span: NOWHERE, fnSpan: NOWHERE };
      return add([num(1), { kind: 'pow', base: t, exponent: num(2), span: NOWHERE }], [1, -1]);
    }
    case 'exp': return { kind: 'call', fn: name, order: 0, args: [arg], span: NOWHERE, fnSpan: NOWHERE };
    case 'log': case 'ln': return { kind: 'div', num: num(1), den: arg, span: NOWHERE };
    case 'softplus': return { kind: 'call', fn: 'sigma', order: 0, args: [arg], span: NOWHERE, fnSpan: NOWHERE };
    case 'sin': return { kind: 'call', fn: 'cos', order: 0, args: [arg], span: NOWHERE, fnSpan: NOWHERE };
    case 'cos': return neg({ kind: 'call', fn: 'sin', order: 0, args: [arg], span: NOWHERE, fnSpan: NOWHERE });
    default:
      // relu and the author's functions: their derivative function, written f'(z).
      if (fn === 'relu' || derivation.functions.get(name)?.dummies.length === 1) {
        return { kind: 'call', fn: name, order: 1, args: [arg], span: NOWHERE, fnSpan: NOWHERE };
      }
      return undefined;
  }
}

interface DiffState {
  derivation: Derivation;
  /** Set when a sum over examples was differentiated: the result is one example's term. */
  summed: boolean;
}

/** d(expr)/d(name) holding every other symbol fixed; undefined where no rule applies. */
function diff(e: Expr, name: string, state: DiffState): Expr | undefined {
  if (!freeSymbols(e).has(name)) return num(0);
  switch (e.kind) {
    case 'symbol': return num(e.name === name ? 1 : 0);
    case 'neg': { const d = diff(e.arg, name, state); return d && neg(d); }
    case 'add': {
      const ds = e.terms.map((t) => diff(t, name, state));
      return ds.every(Boolean) ? add(ds as Expr[], e.signs) : undefined;
    }
    case 'mul': {
      const terms: Expr[] = [];
      for (let i = 0; i < e.factors.length; i++) {
        const d = diff(e.factors[i], name, state);
        if (!d) return undefined;
        if (isNumber(d, 0)) continue;
        terms.push(mul([...e.factors.slice(0, i), d, ...e.factors.slice(i + 1)]));
      }
      return add(terms, terms.map(() => 1));
    }
    case 'div': {
      const du = diff(e.num, name, state);
      const dv = diff(e.den, name, state);
      if (!du || !dv) return undefined;
      if (isNumber(dv, 0)) return isNumber(e.num, 1) ? num(0) : mul([du, { kind: 'div', num: num(1), den: e.den, span: NOWHERE }]);
      const square: Expr = { kind: 'pow', base: e.den, exponent: num(2), span: NOWHERE };
      return { kind: 'div', num: add([mul([du, e.den]), mul([e.num, dv])], [1, -1]), den: square, span: NOWHERE };
    }
    case 'pow': {
      if (e.base.kind === 'constant' && e.base.name === 'e') {
        const d = diff(e.exponent, name, state);
        return d && mul([e, d]);
      }
      if (e.exponent.kind !== 'number') return undefined;
      const d = diff(e.base, name, state);
      if (!d) return undefined;
      const n = e.exponent.value;
      const lowered: Expr = n === 2 ? e.base : { kind: 'pow', base: e.base, exponent: num(n - 1), span: NOWHERE };
      return mul([num(n), lowered, d]);
    }
    case 'call': {
      if (e.order > 0 || e.args.length !== 1) return undefined;
      const inner = diff(e.args[0], name, state);
      const outer = callDerivative(e.fn, e.args[0], state.derivation);
      return inner && outer && mul([outer, inner]);
    }
    case 'sum': {
      if (e.op === 'prod') return undefined;
      state.summed = true;
      const d = diff(e.body, name, state);
      return d && (e.op === 'mean' ? mul([{ kind: 'div', num: num(1), den: sym('N'), span: NOWHERE }, d]) : d);
    }
    default: return undefined;
  }
}

/** d(e)/d(name) with every other symbol held fixed, or undefined where no rule applies. */
export function differentiate(e: Expr, name: string, derivation: Derivation): Expr | undefined {
  return diff(e, name, { derivation, summed: false });
}

/** The sigmoid written out, 1/(1 + e^{-u}), read as sigma(u) so its derivative reads s(1 - s). */
function asCall(e: Expr): Expr {
  if (e.kind !== 'div' || !isNumber(e.num, 1) || e.den.kind !== 'add' || e.den.terms.length !== 2) return e;
  if (e.den.signs.some((s) => s !== 1) || !isNumber(e.den.terms[0], 1)) return e;
  const power = e.den.terms[1];
  if (power.kind !== 'pow' || power.base.kind !== 'constant' || power.base.name !== 'e' || power.exponent.kind !== 'neg') return e;
  return { kind: 'call', fn: 'sigma', order: 0, args: [power.exponent.arg], span: e.span, fnSpan: e.span };
}

/** d(defined)/d(input) through the definition alone, e.g. dh/dnet_1 = h(1 - h). */
export function localPartial(derivation: Derivation, defined: string, input: string): { expr: Expr; summed: boolean } | undefined {
  const def = derivation.definitions.get(defined);
  if (!def) return undefined;
  const state: DiffState = { derivation, summed: false };
  const e = asCall(def.expr);
  if (e.kind === 'call' && e.order === 0 && e.args.length === 1) {
    const through = throughOutput(derivation.builtinEquivalents.get(e.fn) ?? e.fn, sym(defined));
    const inner = diff(e.args[0], input, state);
    if (through && inner) return { expr: mul([through, inner]), summed: state.summed };
  }
  const expr = diff(e, input, state);
  return expr && { expr, summed: state.summed };
}

/** Every path of definitions from `from` up to `to`, shortest first, at most `limit`. */
const consumersOf = new WeakMap<Derivation, Map<string, string[]>>();

/** For each symbol, the definitions that read it directly (computed once per derivation). */
function consumers(derivation: Derivation): Map<string, string[]> {
  let map = consumersOf.get(derivation);
  if (!map) {
    map = new Map();
    for (const [name, def] of derivation.definitions) {
      for (const input of freeSymbols(def.expr)) {
        const list = map.get(input);
        if (list) list.push(name); else map.set(input, [name]);
      }
    }
    consumersOf.set(derivation, map);
  }
  return map;
}

export function symbolPaths(derivation: Derivation, from: string, to: string, limit = 16): string[][] {
  const next = consumers(derivation);
  const paths: string[][] = [];
  const visit = (node: string, path: string[]): void => {
    if (paths.length >= limit) return;
    if (node === to) { paths.push(path); return; }
    for (const c of next.get(node) ?? []) if (!path.includes(c)) visit(c, [...path, c]);
  };
  visit(from, [from]);
  return paths.sort((a, b) => a.length - b.length);
}

/**
 * The chain-rule product along one path, factors in the order of the path (input first), the
 * constants (numbers, 1/N) gathered in front. Each local derivative stays one factor (a nested
 * product), so it prints as the author groups it.
 */
export function pathProduct(derivation: Derivation, path: string[], isConstant: (e: Expr) => boolean): { expr: Expr; summed: boolean } | undefined {
  const constants: Expr[] = [];
  const factors: Expr[] = [];
  let summed = false;
  for (let k = 1; k < path.length; k++) {
    const local = localPartial(derivation, path[k], path[k - 1]);
    if (!local) return undefined;
    summed ||= local.summed;
    const { constant, rest } = splitConstant(mul([local.expr]), isConstant);
    constants.push(...constant);
    if (rest.length) factors.push(mul(rest));
  }
  const front = mul(constants.length ? constants : [num(1)]);
  const body: Expr = factors.length === 0 ? num(1) : factors.length === 1 ? factors[0] : { kind: 'mul', factors, span: NOWHERE };
  const expr = isNumber(front, 1) ? body : { kind: 'mul', factors: [...(front.kind === 'mul' ? front.factors : [front]), body], span: NOWHERE } as Expr;
  return { expr: isNumber(front, -1) ? neg(body) : expr, summed };
}

/** Constant factors (numbers, 1/N) come out in front of a sum over the examples. */
function wrapInSum(expr: Expr, isConstant: (e: Expr) => boolean, like?: Expr): Expr {
  const { constant, rest } = splitConstant(expr, isConstant);
  const range = like?.kind === 'sum' ? { index: like.index, lower: like.lower, upper: like.upper } : {};
  const sum: Expr = { kind: 'sum', op: 'sum', ...range, body: rest.length ? mul(rest) : num(1), span: NOWHERE };
  return constant.length ? { kind: 'mul', factors: [...constant, sum], span: NOWHERE } : sum;
}

/** The first sum over the examples in the loss's definition: its index and range are reused. */
function lossSum(derivation: Derivation, loss: string): Expr | undefined {
  const def = derivation.definitions.get(loss);
  let found: Expr | undefined;
  if (def) walk(def.expr, (n) => { if (!found && n.kind === 'sum') found = n; });
  return found;
}

/**
 * d(of)/d(wrt) through every path, in the author's symbols; when a shared parameter reaches a
 * loss summed over examples, the per-example terms are wrapped in one sum.
 */
export function totalDerivative(derivation: Derivation, of: string, wrt: string, perExample: (name: string) => boolean): Expr | undefined {
  const paths = symbolPaths(derivation, wrt, of);
  if (paths.length === 0) return undefined;
  const constants = new Set<string>([...derivation.exampleCounts, 'N']);
  const isConstant = (e: Expr): boolean => {
    let constant = true;
    walk(e, (n) => { if (n.kind === 'symbol' && !constants.has(n.name)) constant = false; });
    return constant;
  };
  const products = paths.map((p) => pathProduct(derivation, p, isConstant));
  if (products.some((p) => !p)) return undefined;
  const summed = products.some((p) => p!.summed) && !perExample(wrt) && !perExample(of);
  const total = products.length === 1 ? products[0]!.expr : add(products.map((p) => p!.expr), products.map(() => 1));
  return summed ? wrapInSum(total, isConstant, lossSum(derivation, of)) : total;
}
