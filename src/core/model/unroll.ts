/**
 * Recursions over time steps, unrolled. `h_t = \tanh(w h_{t-1} + u x_t)` with
 * `L = \sum_{t=1}^{T} \ell(h_t, y_t)` is a network of T copies of one step, each reading the state
 * the step before computed: gradcheck builds it for a short sequence (T = 4 unless the document
 * fixes T, or `gradcheck: steps 6`), from a given h_0, so the reference derivative of L with
 * respect to h_2 runs through h_3 and h_4 as backpropagation through time does.
 *
 * Positions, likewise: a convolution `y_i = \sum_{k=1}^{K} w_k x_{i+k-1} + b` reads its entries at
 * indices computed from others, which no matrix form says; with the sizes given small values
 * (n = 5, K = 2), every entry is a number of its own (x_1, ..., x_5) and every sum is written out.
 *
 * An equation about a general step t (or position k) holds at each: it becomes one instance per
 * value, and an instance that reads outside the sequence (h_{t+1} at the last step) or a vector
 * (x_6 of five entries) is not taken. Sums and products over them are written out, and T itself
 * is the number of steps. A claim is verified only when every instance is (see ../check/steps.ts).
 */
import { type Expr, hasReference, mapChildren, type SumExpr, type SymbolExpr, walk } from '../latex/ast';
import type { Token } from '../latex/tokens';
import { evaluateIndex, type IndexExpr, indexLetters, isComputed, parseIndex, wholeNumber } from './index-arithmetic';
import type { ShapeDeclarations } from './shapes';

/** Where an instance of an equation about a general step or position is taken. */
export interface StepInstance {
  kind: 'steps' | 'positions';
  /** The letters it is taken at and their values (t = 2; k = 1); empty when the equation only sums over them. */
  at: Array<[string, number]>;
  /** The number of steps, or the sizes given to the names of sizes. */
  count?: number;
  sizes?: Array<[string, number]>;
  /** The left side as written, at the general letters (`\frac{\partial L}{\partial w_k}`). */
  written?: Expr;
}

/** How a document's recursion over time, or its positions, were unrolled. */
export interface Unrolling {
  kind: 'steps' | 'positions';
  /** The number of steps of the sequence. */
  count?: number;
  /** The states before the first step (h_0): given, like the inputs. */
  initial: Set<string>;
}

/** A name at given steps or positions, as the unroller writes it (h_2, x_1,3, h^(2)), and its family's stem. */
const UNROLLED_NAME = /(?:_[\d,]+|\^\([\d,]+\))$/;

export function isUnrolledName(name: string): boolean {
  return UNROLLED_NAME.test(name);
}

export function unrolledFamily(name: string): string {
  return name.replace(UNROLLED_NAME, '');
}

export const DEFAULT_STEPS = 4;
export const MAX_STEPS = 12;
/** Values a free letter takes at most, and terms a written-out sum has at most. */
const MAX_RANGE = 24;

/** `h_t`, `h_{t-1}`, `h^{(t)}`, `x_{i+p, j+q}`: a name written at indices, and its name at given ones. */
interface IndexedName {
  stem: string;
  parts: IndexExpr[];
  nameAt: (values: number[]) => string;
}

const SUBSCRIPT = /^(.+?)_((?:[A-Za-z0-9+\-(),]|\\[a-z]+)+)((?:\^[^_]*)?'*)$/;
const SUPERSCRIPT = /^(.+?)\^\(((?:[A-Za-z0-9+\-]|\\[a-z]+)+)\)('*)$/;

/** `w_{pq}` reads two indices when both letters are indices; `x_{i+p, j+q}` says so with its comma. */
function indexedName(e: SymbolExpr, letters: ReadonlySet<string> = new Set()): IndexedName | undefined {
  let stem: string;
  let at: string;
  let nameAt: (values: number[]) => string;
  if (e.time) {
    [stem, at] = [e.name, e.time];
    nameAt = (values) => `${e.name}^(${values.join(',')})`;
  } else {
    const sub = SUBSCRIPT.exec(e.name);
    const sup = sub ? undefined : SUPERSCRIPT.exec(e.name);
    if (sub) {
      [stem, at] = [sub[1] + sub[3], sub[2]];
      nameAt = (values) => `${sub[1]}_${values.join(',')}${sub[3]}`;
    } else if (sup) {
      [stem, at] = [sup[1] + sup[3], sup[2]];
      nameAt = (values) => `${sup[1]}^(${values.join(',')})${sup[3]}`;
    } else return undefined;
  }
  const written = at.includes(',') ? at.split(',') : /^[A-Za-z]{2}$/.test(at) && [...at].every((l) => letters.has(l)) ? [...at] : [at];
  const parts = written.map(parseIndex);
  if (parts.some((p) => p === undefined)) return undefined;
  return { stem, parts: parts as IndexExpr[], nameAt };
}

function lettersOfName(name: IndexedName): Set<string> {
  const letters = new Set<string>();
  for (const part of name.parts) indexLetters(part, letters);
  return letters;
}

/** An instance that reads a step before the initial state or after the last, or an entry beyond a vector's end. */
class OutsideSequence extends Error {}

interface Equationlike {
  sides: Expr[];
}

/** A step written by itself: `t`, `\tau`. */
const STEP_LETTER = /^(?:[a-z]|\\[a-z]+)$/;

/**
 * The recursion's step letter and its states: some name is defined at step t (`h_t = ...`) and a
 * definition reads a name so defined at an earlier step (`h_{t-1}`), directly or through others
 * (`a_t = W h_{t-1}`, `h_t = \tanh(a_t)`). Update rules (`w^{(t+1)} = w^{(t)} - \eta \nabla L`)
 * read a gradient and are not recursions over time.
 */
function recursion(equations: Equationlike[]): { index: string; states: IndexedName[] } | undefined {
  const definedAt = new Map<string, Set<string>>();
  const definitions = equations.filter(({ sides }) => sides.length > 1 && sides[0].kind === 'symbol' && !hasReference(sides[1]));
  for (const { sides } of definitions) {
    const step = indexedName(sides[0] as SymbolExpr);
    const at = step?.parts.length === 1 && step.parts[0].kind === 'letter' ? step.parts[0].name : undefined;
    if (step && at && STEP_LETTER.test(at)) definedAt.set(at, (definedAt.get(at) ?? new Set()).add(step.stem));
  }
  let index: string | undefined;
  const states: IndexedName[] = [];
  for (const { sides } of definitions) walk(sides[1], (n) => {
    // Most names are at no earlier step: only one written with a minus (h_{t-1}) can be.
    const step = n.kind === 'symbol' && (n.time ?? n.name).includes('-') ? indexedName(n) : undefined;
    const part = step?.parts.length === 1 ? step.parts[0] : undefined;
    // t - 1, t - 2: the same name, steps before.
    if (!step || part?.kind !== 'add' || part.terms.length !== 2 || part.terms[0].kind !== 'letter' || part.signs[1] !== -1 || part.terms[1].kind !== 'number') return;
    const letter = part.terms[0].name;
    if (!definedAt.get(letter)?.has(step.stem) || (index && index !== letter)) return;
    index = letter;
    states.push(step);
  });
  return index ? { index, states } : undefined;
}

/**
 * The name of the sequence's length: the upper limit of the sums over the steps
 * (`\sum_{t=1}^{T}`), else T when a name is written at step T (`h_T`). Undefined when the
 * document neither sums over the steps nor names the last one: it is about one step, from a
 * given previous state (a GRU cell's gradients), and is read as it is written.
 */
function lengthName(equations: Equationlike[], index: string): string | undefined {
  let length: string | undefined;
  let last = false;
  for (const { sides } of equations) for (const side of sides) walk(side, (n) => {
    if (n.kind === 'sum' && n.index === index) {
      if (n.upper?.kind === 'symbol') length ??= n.upper.name;
      else last = true;
    }
    const step = n.kind === 'symbol' ? indexedName(n) : undefined;
    if (step && lettersOfName(step).has('T')) last = true;
  });
  return length ?? (last ? 'T' : undefined);
}

/** `T = 4`: the length the document fixes, if it does. */
function fixedLength<E extends Equationlike>(equations: E[], length: string): E | undefined {
  return equations.find(({ sides }) => sides.length === 2 && sides[0].kind === 'symbol' && sides[0].name === length && sides[1].kind === 'number' && Number.isInteger(sides[1].value) && sides[1].value >= 1);
}

/** What an unrolling takes the document's letters to be. */
interface Setting {
  kind: 'steps' | 'positions';
  /** The letters an equation about a general one is taken at every value of (t; i, k), with their ranges. */
  free: Map<string, [number, number]>;
  /** The numbers names of sizes stand for (T; n and K). */
  values: Map<string, number>;
  /** Stems written with indices, and the range of their one index where it is known. */
  families: Map<string, [number, number] | undefined>;
  /** The letter a name defined at a general step without a step in its name is taken at (see findImplicitFamilies). */
  implicitAt?: string;
}

class Unroller {
  /** Names defined at a general step without a step in their name (see findImplicitFamilies). */
  readonly implicit = new Set<string>();
  private readonly letters: Set<string>;

  constructor(readonly setting: Setting) {
    this.letters = new Set(setting.free.keys());
  }

  private family(e: SymbolExpr): IndexedName | undefined {
    const name = indexedName(e, this.letters);
    return name && this.setting.families.has(name.stem) ? name : undefined;
  }

  /** The general letters (t; i, k) the expression reads, not counting those a sum binds. */
  freeLetters(e: Expr, into = new Set<string>(), bound: ReadonlySet<string> = new Set()): Set<string> {
    const note = (letter: string): void => { if (this.letters.has(letter) && !bound.has(letter)) into.add(letter); };
    if (e.kind === 'symbol') {
      note(e.name);
      if (this.implicit.has(e.name) && this.setting.implicitAt) note(this.setting.implicitAt);
      const name = this.family(e);
      if (name) lettersOfName(name).forEach(note);
      return into;
    }
    if (e.kind === 'sum') {
      for (const b of [e.lower, e.upper]) if (b) this.freeLetters(b, into, bound);
      this.freeLetters(e.body, into, e.index ? new Set([...bound, e.index]) : bound);
      return into;
    }
    if (e.kind === 'derivative') {
      this.freeLetters(e.of, into, bound);
      this.freeLetters(e.wrt, into, bound);
      return into;
    }
    mapChildren(e, (c) => { this.freeLetters(c, into, bound); return c; });
    return into;
  }

  /** The expression with the letters of `env` taken at their values; throws OutsideSequence outside the ranges. */
  expr(e: Expr, env: ReadonlyMap<string, number>): Expr {
    if (e.kind === 'symbol') return this.symbol(e, env);
    if (e.kind === 'sum') return this.sum(e, env);
    return mapChildren(e, (c) => this.expr(c, env));
  }

  private symbol(e: SymbolExpr, env: ReadonlyMap<string, number>): Expr {
    const value = this.setting.values.get(e.name) ?? env.get(e.name);
    if (value !== undefined) return { kind: 'number', value, span: e.span };
    if (this.implicit.has(e.name)) {
      const at = env.get(this.setting.implicitAt ?? '');
      return at === undefined ? e : { ...e, name: `${e.name}_${at}` };
    }
    const name = this.family(e);
    if (!name) return e;
    const all = new Map([...this.setting.values, ...env]);
    const values = name.parts.map((p) => evaluateIndex(p, all));
    if (values.some((v) => v === undefined)) return e;
    const range = this.setting.families.get(name.stem);
    if (range && values.some((v) => v! < range[0] || v! > range[1])) throw new OutsideSequence();
    const { time: _time, ...plain } = e;
    return { ...plain, name: name.nameAt(values as number[]) };
  }

  /** A sum or product over steps or positions, written out term by term; any other sum keeps its index. */
  private sum(e: SumExpr, env: ReadonlyMap<string, number>): Expr {
    const index = e.index;
    const known = (b: Expr): boolean => { let found = false; walk(b, (n) => { if (n.kind === 'symbol' && (this.letters.has(n.name) || env.has(n.name) || this.setting.values.has(n.name))) found = true; }); return found; };
    const written = index !== undefined && e.op !== 'mean' && (this.letters.has(index) || [e.lower, e.upper].some((b) => b !== undefined && known(b)));
    if (!written) return mapChildren(e, (c) => this.expr(c, env));
    const range = this.setting.free.get(index);
    const lower = e.lower ? this.integer(e.lower, env) : range?.[0];
    const upper = e.upper ? this.integer(e.upper, env) : range?.[1];
    if (lower === undefined || upper === undefined || upper - lower >= MAX_RANGE) return mapChildren(e, (c) => this.expr(c, env));
    const terms: Expr[] = [];
    for (let k = lower; k <= upper; k++) terms.push(this.expr(e.body, new Map(env).set(index, k)));
    if (terms.length === 0) return { kind: 'number', value: e.op === 'prod' ? 1 : 0, span: e.span };
    if (terms.length === 1) return terms[0];
    return e.op === 'prod'
      ? { kind: 'mul', factors: terms, span: e.span, grouped: true }
      : { kind: 'add', terms, signs: terms.map(() => 1), span: e.span };
  }

  private integer(e: Expr, env: ReadonlyMap<string, number>): number | undefined {
    return wholeNumber(e, (name) => this.setting.values.get(name) ?? env.get(name));
  }
}

/**
 * Names defined at a general step without a step in their name (`\mathbf{g} = \frac{\partial L}{\partial \mathbf{h}_t}`):
 * one name per step, like h_t.
 */
function findImplicitFamilies(equations: Equationlike[], unroller: Unroller): void {
  const found = unroller.implicit;
  const at = unroller.setting.implicitAt;
  if (!at) return;
  for (let grew = true; grew;) {
    grew = false;
    for (const { sides } of equations) {
      const left = sides[0];
      if (sides.length < 2 || left.kind !== 'symbol' || found.has(left.name) || indexedName(left) || unroller.setting.values.has(left.name)) continue;
      if (sides.slice(1).some((s) => unroller.freeLetters(s).has(at))) { found.add(left.name); grew = true; }
    }
  }
}

type Unrolled<E> = { equations: Array<E & { step?: StepInstance }>; unrolling?: Unrolling; outside: E[] };

/** Every equation at every value of the general letters it reads; `dropped` are read by the unrolling itself. */
function unroll<E extends Equationlike>(equations: E[], unroller: Unroller, dropped: Set<E>, describe: Omit<StepInstance, 'at'>): Omit<Unrolled<E>, 'unrolling'> {
  const out: Array<E & { step?: StepInstance }> = [];
  const outside: E[] = [];
  for (const equation of equations) {
    if (dropped.has(equation)) continue;
    const letters = new Set<string>();
    for (const side of equation.sides) unroller.freeLetters(side, letters);
    let envs: Array<Array<[string, number]>> = [[]];
    for (const letter of letters) {
      const [lo, hi] = unroller.setting.free.get(letter)!;
      envs = envs.flatMap((env) => Array.from({ length: hi - lo + 1 }, (_, k) => [...env, [letter, lo + k] as [string, number]]));
    }
    let instances = 0;
    for (const at of envs) {
      let sides: Expr[];
      try {
        // A side keeps where it is written, even when a sum over one value becomes its only term.
        sides = equation.sides.map((s) => { const side = unroller.expr(s, new Map(at)); return side === s ? s : { ...side, span: s.span }; });
      } catch (error) {
        if (error instanceof OutsideSequence) continue;
        throw error;
      }
      instances++;
      if (sides.every((s, k) => s === equation.sides[k])) out.push(equation);
      else out.push({ ...equation, sides, step: { ...describe, at, written: equation.sides[0] } });
    }
    if (instances === 0) outside.push(equation);
  }
  return { equations: out, outside };
}

/** Stems written with indices that read the given letters (h of h_t; x of x_{i+k-1}). */
function familiesReading(equations: Equationlike[], letters: ReadonlySet<string>): Set<string> {
  const families = new Set<string>();
  for (const { sides } of equations) for (const side of sides) walk(side, (n) => {
    const name = n.kind === 'symbol' ? indexedName(n, letters) : undefined;
    if (name && [...lettersOfName(name)].some((l) => letters.has(l))) families.add(name.stem);
  });
  return families;
}

/**
 * The document's equations with its recursion over time unrolled, or as they are when it has
 * none. An equation about a general step gives one equation per step it holds at, each with
 * its `step`; one that holds at no step of the sequence is returned in `outside`.
 */
export function unrollRecursions<E extends Equationlike>(equations: E[], shapes: ShapeDeclarations, steps?: number): Unrolled<E> {
  const found = recursion(equations);
  if (!found) return { equations, outside: [] };
  const { index } = found;
  const length = lengthName(equations, index);
  if (!length || length === index) return { equations, outside: [] };
  const fixed = fixedLength(equations, length);
  const count = Math.min(MAX_STEPS, steps ?? (fixed ? (fixed.sides[1] as { value: number }).value : DEFAULT_STEPS));
  const families = new Map<string, [number, number] | undefined>();
  for (const stem of familiesReading(equations, new Set([index, length]))) families.set(stem, [0, count]);
  const unroller = new Unroller({ kind: 'steps', free: new Map([[index, [1, count]]]), values: new Map([[length, count]]), families, implicitAt: index });
  findImplicitFamilies(equations, unroller);
  const result = unroll(equations, unroller, new Set(fixed ? [fixed] : []), { kind: 'steps', count });
  const superscripted = new Set<string>();
  for (const { sides } of equations) for (const side of sides) walk(side, (n) => { if (n.kind === 'symbol' && n.time) superscripted.add(n.name); });
  unrollShapes(shapes, unroller, superscripted);
  return { ...result, unrolling: { kind: 'steps', count, initial: new Set(found.states.map((state) => state.nameAt([0]))) } };
}

/** `\mathbf{h}_t \in \mathbb{R}^{h}` (or `\mathbf{h}^{(t)}`, declared as h) declares the shape of h at every step. */
function unrollShapes(shapes: ShapeDeclarations, unroller: Unroller, superscripted: Set<string>): void {
  const { free, values, families } = unroller.setting;
  const letters = new Set(free.keys());
  for (const stem of superscripted) {
    const [dims, range] = [shapes.declared.get(stem), families.get(stem)];
    if (!dims || !range) continue;
    const name = indexedName({ kind: 'symbol', name: stem, time: 't', span: { start: 0, end: 0 } })!;
    for (let k = range[0]; k <= range[1]; k++) if (!shapes.declared.has(name.nameAt([k]))) shapes.declared.set(name.nameAt([k]), dims);
  }
  for (const [written, dims] of [...shapes.declared]) {
    const name = indexedName({ kind: 'symbol', name: written, span: { start: 0, end: 0 } }, letters);
    if (!name || !families.has(name.stem) || name.parts.length !== 1) continue;
    const [letter] = [...lettersOfName(name)].filter((l) => letters.has(l));
    const [lo, hi] = letter ? free.get(letter)! : [0, 0];
    for (let k = lo - 1; k <= hi; k++) {
      const at = evaluateIndex(name.parts[0], new Map([...values, ...(letter ? [[letter, k] as [string, number]] : [])]));
      const range = families.get(name.stem);
      if (at === undefined || (range && (at < range[0] || at > range[1]))) continue;
      const unrolled = name.nameAt([at]);
      if (!shapes.declared.has(unrolled)) {
        shapes.declared.set(unrolled, dims);
        const span = shapes.spans.get(written);
        if (span) shapes.spans.set(unrolled, span);
      }
    }
  }
}

const COMPUTED_SUBSCRIPT = /_.*(?:[+\-(]|\d[A-Za-z\\])/;
const DOTS = new Set(['\\dots', '\\ldots', '\\cdots']);
const AT_MOST = new Set(['\\le', '\\leq']);
const TERMINATORS = new Set([',', ';', '.', '\\quad', '\\qquad', '\\\\', '\\text', '\\textrm', '\\end', '&']);

/** The tokens up to a separator, as an index (`n - K + 1`), or undefined. */
function indexUntil(tokens: Token[], from: number, step: 1 | -1): IndexExpr | undefined {
  const written: string[] = [];
  for (let k = from; k >= 0 && k < tokens.length && !TERMINATORS.has(tokens[k].text) && !AT_MOST.has(tokens[k].text) && tokens[k].text !== '='; k += step) written.push(tokens[k].text);
  if (step < 0) written.reverse();
  return parseIndex(written.join('').replace(/[{}\s]/g, ''));
}

/** `i = 1, \dots, n - K + 1`, `p, q = 0, \ldots, k - 1`, `1 \le i \le M - k + 1`: the ranges the text gives. */
function statedRanges(blocks: Token[][], into: Map<string, [IndexExpr, IndexExpr]>): void {
  for (const tokens of blocks) tokens.forEach((t, i) => {
    if (t.text === '=' && tokens[i + 2]?.text === ',' && DOTS.has(tokens[i + 3]?.text ?? '') && tokens[i + 4]?.text === ',') {
      const lower = parseIndex(tokens[i + 1].text);
      const upper = indexUntil(tokens, i + 5, 1);
      if (!lower || !upper) return;
      for (let k = i - 1; k >= 0 && tokens[k].kind === 'letter'; k -= 2) {
        if (!into.has(tokens[k].text)) into.set(tokens[k].text, [lower, upper]);
        if (tokens[k - 1]?.text !== ',') break;
      }
    } else if (t.kind === 'letter' && AT_MOST.has(tokens[i - 1]?.text ?? '') && AT_MOST.has(tokens[i + 1]?.text ?? '')) {
      const lower = indexUntil(tokens, i - 2, -1);
      const upper = indexUntil(tokens, i + 2, 1);
      if (lower && upper && !into.has(t.text)) into.set(t.text, [lower, upper]);
    }
  });
}

/** A bound of a sum as an index, when it is one (`n-K+1`, `2(m-1)`). */
function asIndex(e: Expr): IndexExpr | undefined {
  switch (e.kind) {
    case 'number': return Number.isInteger(e.value) ? { kind: 'number', value: e.value } : undefined;
    case 'symbol': return parseIndex(e.name);
    case 'neg': { const a = asIndex(e.arg); return a && { kind: 'add', terms: [a], signs: [-1] }; }
    case 'add': { const ts = e.terms.map(asIndex); return ts.every(Boolean) ? { kind: 'add', terms: ts as IndexExpr[], signs: e.signs } : undefined; }
    case 'mul': { const fs = e.factors.map(asIndex); return fs.every(Boolean) ? { kind: 'mul', factors: fs as IndexExpr[] } : undefined; }
    default: return undefined;
  }
}

/**
 * Small values for the names of sizes so that every index runs over 2 to 6 values, different
 * sizes different where possible (a mixed-up index then shows); those the document computes
 * (`n = 2(m - 1) + K`) follow from the others. Returns the values and each index's range.
 */
function chooseSizes(names: string[], computed: Map<string, IndexExpr>, rangesAt: (values: Map<string, number>) => Map<string, [number, number]> | undefined): { values: Map<string, number>; free: Map<string, [number, number]> } | undefined {
  const chosen = names.filter((n) => !computed.has(n));
  if (chosen.length > 4) return undefined;
  let fallback: { values: Map<string, number>; free: Map<string, [number, number]> } | undefined;
  const candidates = [2, 3, 4, 5, 6];
  for (let code = 0; code < candidates.length ** chosen.length; code++) {
    const values = new Map(chosen.map((name, k) => [name, candidates[Math.floor(code / candidates.length ** k) % candidates.length]]));
    for (const [name, e] of computed) { const v = evaluateIndex(e, values); if (v !== undefined) values.set(name, v); }
    const free = rangesAt(values);
    if (!free || [...free.values()].some(([a, b]) => b - a < 1 || b - a > 5) || [...computed.keys()].some((name) => (values.get(name) ?? 0) < 1)) continue;
    if (new Set(chosen.map((n) => values.get(n))).size === chosen.length) return { values, free };
    fallback ??= { values, free };
  }
  return fallback;
}

/**
 * The range of an index the text does not give (`\sum_i` over a convolution's outputs): from 1 as
 * far as every entry read with it stays within its vector (x_{i+k-1} of x in R^n, for every k).
 */
function inferredRange(letter: string, reads: Array<{ part: IndexExpr; length: IndexExpr }>, known: Map<string, [number, number]>, values: Map<string, number>): [number, number] | undefined {
  const mine = reads.filter((r) => indexLetters(r.part).has(letter));
  if (mine.length === 0) return undefined;
  const fits = (v: number): boolean => mine.every(({ part, length }) => {
    const others = [...indexLetters(part)].filter((l) => l !== letter && !values.has(l));
    if (others.some((l) => !known.has(l))) return false;
    let envs: Array<Map<string, number>> = [new Map([...values, [letter, v]])];
    for (const l of others) envs = envs.flatMap((env) => [known.get(l)![0], known.get(l)![1]].map((x) => new Map(env).set(l, x)));
    const size = evaluateIndex(length, values);
    return size !== undefined && envs.every((env) => { const at = evaluateIndex(part, env); return at !== undefined && at >= 1 && at <= size; });
  });
  let hi = 0;
  while (hi < MAX_RANGE && fits(hi + 1)) hi++;
  return hi >= 1 ? [1, hi] : undefined;
}

/**
 * The document's equations with its positions unrolled when it computes indices from others
 * (`x_{i+k-1}`, a convolution), or as they are. Every index needs a range, given in the text
 * (`k = 1, \dots, K`) or by a sum (`\sum_{k=1}^{K}`); the sizes get small values (see chooseSizes).
 */
export function unrollPositions<E extends Equationlike>(equations: E[], blocks: Token[][], shapes: ShapeDeclarations): Unrolled<E> {
  const ranges = new Map<string, [IndexExpr, IndexExpr]>();
  statedRanges(blocks, ranges);
  const sums = new Set<string>();
  for (const { sides } of equations) for (const side of sides) walk(side, (n) => {
    if (n.kind !== 'sum' || !n.index || !/^[A-Za-z]$/.test(n.index)) return;
    sums.add(n.index);
    const [lo, hi] = [n.lower && asIndex(n.lower), n.upper && asIndex(n.upper)];
    if (lo && hi && !ranges.has(n.index)) ranges.set(n.index, [lo, hi]);
  });
  const letters = new Set([...sums, ...ranges.keys()]);
  if (letters.size === 0) return { equations, outside: [] };
  let computedIndex = false;
  for (const { sides } of equations) for (const side of sides) walk(side, (n) => {
    // Only a subscript with a sign, a bracket or a coefficient (i+k-1, 2(i-1), 2i) computes an index.
    const name = n.kind === 'symbol' && !computedIndex && COMPUTED_SUBSCRIPT.test(n.name) ? indexedName(n, letters) : undefined;
    if (name?.parts.some((p) => isComputed(p) && [...indexLetters(p)].some((l) => letters.has(l)))) computedIndex = true;
  });
  if (!computedIndex) return { equations, outside: [] };

  const sizeNames = new Set<string>();
  for (const [lo, hi] of ranges.values()) for (const l of [...indexLetters(lo), ...indexLetters(hi)]) if (!letters.has(l)) sizeNames.add(l);
  // Entries of vectors of declared length that the definitions read bound the indices the text gives no range.
  const reads: Array<{ part: IndexExpr; length: IndexExpr }> = [];
  const definitions = equations.filter(({ sides }) => sides.length > 1 && sides[0].kind === 'symbol' && !hasReference(sides[1]));
  for (const { sides } of definitions) for (const side of sides) walk(side, (n) => {
    const name = n.kind === 'symbol' ? indexedName(n, letters) : undefined;
    const dims = name && name.parts.length === 1 ? shapes.declared.get(name.stem) : undefined;
    // \mathbb{R}^{2m}: a length computed from a size.
    const length = dims?.length === 1 ? parseIndex(dims[0]) : undefined;
    if (!name || !length) return;
    reads.push({ part: name.parts[0], length });
    for (const l of indexLetters(length)) sizeNames.add(l);
  });
  const missing = [...letters].filter((l) => !ranges.has(l));
  const dropped = new Set<E>();
  const computed = new Map<string, IndexExpr>();
  for (const equation of equations) {
    const [left, right] = equation.sides;
    if (equation.sides.length !== 2 || left.kind !== 'symbol') continue;
    // `i = 1` of `i = 1, \dots, n`: a range, not a definition of i.
    if (letters.has(left.name) && right.kind === 'number') dropped.add(equation);
    const size = sizeNames.has(left.name) ? asIndex(right) : undefined;
    if (size) { computed.set(left.name, size); dropped.add(equation); }
  }
  const chosen = chooseSizes([...sizeNames], computed, (values) => {
    const free = new Map<string, [number, number]>();
    for (const [letter, [lo, hi]] of ranges) {
      const [a, b] = [evaluateIndex(lo, values), evaluateIndex(hi, values)];
      if (a === undefined || b === undefined) return undefined;
      free.set(letter, [a, b]);
    }
    for (const letter of missing) {
      const range = inferredRange(letter, reads, free, values);
      if (!range) return undefined;
      free.set(letter, range);
    }
    return free;
  });
  if (!chosen) return { equations, outside: [] };
  const { values, free } = chosen;
  // An entry of a vector of declared length stays within it (x_{i+k-1} of x in R^n).
  const families = new Map<string, [number, number] | undefined>();
  for (const stem of familiesReading(equations, letters)) {
    const dims = shapes.declared.get(stem);
    const written = dims?.length === 1 ? parseIndex(dims[0]) : undefined;
    const length = written && evaluateIndex(written, values);
    families.set(stem, length === undefined ? undefined : [1, length]);
  }
  const unroller = new Unroller({ kind: 'positions', free, values, families });
  const sizes = [...values].filter(([name]) => sizeNames.has(name) || computed.has(name));
  const result = unroll(equations, unroller, dropped, { kind: 'positions', sizes });
  return { ...result, unrolling: { kind: 'positions', initial: new Set() } };
}
