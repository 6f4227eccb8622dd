/**
 * Recursions over time steps, unrolled. `h_t = \tanh(w h_{t-1} + u x_t)` with
 * `L = \sum_{t=1}^{T} \ell(h_t, y_t)` is a network of T copies of one step, each reading the state
 * the step before computed: gradcheck builds it for a short sequence (T = 4 unless the document
 * fixes T, or `gradcheck: steps 6`), from a given h_0, so the reference derivative of L with
 * respect to h_2 runs through h_3 and h_4 as backpropagation through time does.
 *
 * An equation about a general step t holds at each step: it becomes one instance per step, and an
 * instance that reads a step outside the sequence (h_{t+1} at the last step) is not taken. Sums
 * and products over steps (`\sum_{t=1}^{T}`, `\prod_{j=t+1}^{T}`) are written out, and T itself is
 * the number of steps. A claim is verified only when every instance is (see ../check/index.ts).
 */
import { children, type Expr, hasReference, mapChildren, type SumExpr, type SymbolExpr, walk } from '../latex/ast';
import type { ShapeDeclarations } from './shapes';

/** The step an instance of an equation about a general step t is taken at. */
export interface StepInstance {
  index: string;
  /** Absent when the equation reads no general step, only sums over steps or the last one. */
  value?: number;
  count: number;
}

/** How a document's recursion over time was unrolled. */
export interface Unrolling {
  /** The letter of the general step (t). */
  index: string;
  /** The name of the sequence's length (T). */
  length: string;
  count: number;
  /** The states before the first step (h_0): given, like the inputs. */
  initial: Set<string>;
}

export const DEFAULT_STEPS = 4;
export const MAX_STEPS = 12;

/** `h_t`, `h_{t-1}`, `h^{(t)}`: a name written at a step, the step as written, and its name at a given step. */
interface StepName {
  stem: string;
  at: string;
  nameAt: (step: number) => string;
}

function stepName(e: SymbolExpr): StepName | undefined {
  if (e.time) return { stem: e.name, at: e.time, nameAt: (k) => `${e.name}^(${k})` };
  const sub = /^(.+?)_((?:[A-Za-z0-9+-]|\\[a-z]+)+)((?:\^[^_]*)?'*)$/.exec(e.name);
  if (sub) return { stem: sub[1] + sub[3], at: sub[2], nameAt: (k) => `${sub[1]}_${k}${sub[3]}` };
  const sup = /^(.+?)\^\(((?:[A-Za-z0-9+-]|\\[a-z]+)+)\)('*)$/.exec(e.name);
  if (sup) return { stem: sup[1] + sup[3], at: sup[2], nameAt: (k) => `${sup[1]}^(${k})${sup[3]}` };
  return undefined;
}

/** `t`, `t-1`, `T+t-i`, `\tau-1`: sums and differences of one-letter names and whole numbers. */
const STEP_ARITHMETIC = /^[+-]?(?:\d+|[A-Za-z]|\\[a-z]+)(?:[+-](?:\d+|[A-Za-z]|\\[a-z]+))*$/;
const STEP_TERM = /([+-]?)(\d+|[A-Za-z]|\\[a-z]+)/g;
/** A step written by itself: `t`, `\tau`. */
const STEP_LETTER = /^(?:[a-z]|\\[a-z]+)$/;

function lettersOf(at: string): string[] {
  return STEP_ARITHMETIC.test(at) ? [...at.matchAll(STEP_TERM)].map((m) => m[2]).filter((term) => !/\d/.test(term)) : [];
}

function evaluateStep(at: string, env: Map<string, number>): number | undefined {
  if (!STEP_ARITHMETIC.test(at)) return undefined;
  let total = 0;
  for (const [, sign, term] of at.matchAll(STEP_TERM)) {
    const value = /\d/.test(term) ? Number(term) : env.get(term);
    if (value === undefined) return undefined;
    total += sign === '-' ? -value : value;
  }
  return total;
}

/** An instance that reads a step before the initial state or after the last step. */
class OutsideSequence extends Error {}

interface Equationlike {
  sides: Expr[];
}

/**
 * The recursion's step letter and its states: some name is defined at step t (`h_t = ...`) and a
 * definition reads a name so defined at an earlier step (`h_{t-1}`), directly or through others
 * (`a_t = W h_{t-1}`, `h_t = \tanh(a_t)`). Update rules (`w^{(t+1)} = w^{(t)} - \eta \nabla L`)
 * read a gradient and are not recursions over time.
 */
function recursion(equations: Equationlike[]): { index: string; states: StepName[] } | undefined {
  const definedAt = new Map<string, Set<string>>();
  const definitions = equations.filter(({ sides }) => sides.length > 1 && sides[0].kind === 'symbol' && !hasReference(sides[1]));
  for (const { sides } of definitions) {
    const step = stepName(sides[0] as SymbolExpr);
    if (step && STEP_LETTER.test(step.at)) definedAt.set(step.at, (definedAt.get(step.at) ?? new Set()).add(step.stem));
  }
  let index: string | undefined;
  const states: StepName[] = [];
  for (const { sides } of definitions) walk(sides[1], (n) => {
    const step = n.kind === 'symbol' ? stepName(n) : undefined;
    const earlier = step && /^([a-z]|\\[a-z]+)-\d+$/.exec(step.at);
    if (!earlier || !definedAt.get(earlier[1])?.has(step.stem) || (index && index !== earlier[1])) return;
    index = earlier[1];
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
    if (n.kind === 'sum' && n.index === index) length ??= n.upper?.kind === 'symbol' ? n.upper.name : 'T';
    const step = n.kind === 'symbol' ? stepName(n) : undefined;
    if (step && lettersOf(step.at).includes('T')) last = true;
  });
  return length ?? (last ? 'T' : undefined);
}

/**
 * Names defined at a general step without a step in their name (`\mathbf{g} = \frac{\partial L}{\partial \mathbf{h}_t}`):
 * one name per step, like h_t.
 */
function findImplicitFamilies(equations: Equationlike[], unroller: Unroller): void {
  const found = unroller.implicit;
  for (let grew = true; grew;) {
    grew = false;
    for (const { sides } of equations) {
      const left = sides[0];
      if (sides.length < 2 || left.kind !== 'symbol' || found.has(left.name) || stepName(left) || left.name === unroller.length) continue;
      if (sides.slice(1).some((s) => unroller.readsStep(s))) { found.add(left.name); grew = true; }
    }
  }
}

/** `T = 4`: the length the document fixes, if it does. */
function fixedLength<E extends Equationlike>(equations: E[], length: string): E | undefined {
  return equations.find(({ sides }) => sides.length === 2 && sides[0].kind === 'symbol' && sides[0].name === length && sides[1].kind === 'number' && Number.isInteger(sides[1].value) && sides[1].value >= 1);
}

class Unroller {
  /** Names defined at a general step without a step in their name (see findImplicitFamilies). */
  readonly implicit = new Set<string>();

  constructor(
    readonly index: string,
    readonly length: string,
    readonly count: number,
    /** Stems written at steps (h of h_t), so that h_j inside a product over j is h at step j. */
    private readonly families: Set<string>,
  ) {}

  /** True when the expression reads the general step t (not only as a sum's own index). */
  readsStep(e: Expr): boolean {
    if (e.kind === 'symbol') {
      const step = stepName(e);
      return e.name === this.index || this.implicit.has(e.name) || (step !== undefined && this.families.has(step.stem) && lettersOf(step.at).includes(this.index));
    }
    if (e.kind === 'sum') return [e.lower, e.upper].some((b) => b !== undefined && this.readsStep(b)) || (e.index !== this.index && this.readsStep(e.body));
    return children(e).some((c) => this.readsStep(c));
  }

  /** The expression at the steps in `env`; throws OutsideSequence for a step outside the sequence. */
  expr(e: Expr, env: Map<string, number>): Expr {
    if (e.kind === 'symbol') return this.symbol(e, env);
    if (e.kind === 'sum') return this.sum(e, env);
    return mapChildren(e, (c) => this.expr(c, env));
  }

  private symbol(e: SymbolExpr, env: Map<string, number>): Expr {
    const value = e.name === this.length ? this.count : env.get(e.name);
    if (value !== undefined) return { kind: 'number', value, span: e.span };
    const at = env.get(this.index);
    if (this.implicit.has(e.name)) return at === undefined ? e : { ...e, name: `${e.name}_${at}` };
    const step = stepName(e);
    if (!step || !this.families.has(step.stem)) return e;
    const written = evaluateStep(step.at, new Map(env).set(this.length, this.count));
    if (written === undefined) return e;
    if (written < 0 || written > this.count) throw new OutsideSequence();
    const { time: _time, ...plain } = e;
    return { ...plain, name: step.nameAt(written) };
  }

  /** A sum or product over steps, written out term by term; any other sum keeps its index. */
  private sum(e: SumExpr, env: Map<string, number>): Expr {
    const index = e.index;
    const overSteps = index !== undefined && e.op !== 'mean' && (index === this.index || [e.lower, e.upper].some((b) => b !== undefined && this.readsBound(b, env)));
    if (!overSteps) return mapChildren(e, (c) => this.expr(c, env));
    const lower = e.lower ? this.integer(e.lower, env) : 1;
    const upper = e.upper ? this.integer(e.upper, env) : this.count;
    if (lower === undefined || upper === undefined || upper - lower > this.count + 1) return mapChildren(e, (c) => this.expr(c, env));
    const terms: Expr[] = [];
    for (let k = lower; k <= upper; k++) terms.push(this.expr(e.body, new Map(env).set(index, k)));
    if (terms.length === 0) return { kind: 'number', value: e.op === 'prod' ? 1 : 0, span: e.span };
    if (terms.length === 1) return terms[0];
    return e.op === 'prod'
      ? { kind: 'mul', factors: terms, span: e.span, grouped: true }
      : { kind: 'add', terms, signs: terms.map(() => 1), span: e.span };
  }

  private readsBound(e: Expr, env: Map<string, number>): boolean {
    let found = false;
    walk(e, (n) => { if (n.kind === 'symbol' && (n.name === this.index || n.name === this.length || env.has(n.name))) found = true; });
    return found;
  }

  private integer(e: Expr, env: Map<string, number>): number | undefined {
    switch (e.kind) {
      case 'number': return Number.isInteger(e.value) ? e.value : undefined;
      case 'symbol': return e.name === this.length ? this.count : env.get(e.name);
      case 'neg': { const v = this.integer(e.arg, env); return v === undefined ? undefined : -v; }
      case 'add': {
        let total = 0;
        for (let k = 0; k < e.terms.length; k++) {
          const v = this.integer(e.terms[k], env);
          if (v === undefined) return undefined;
          total += e.signs[k] * v;
        }
        return total;
      }
      default: return undefined;
    }
  }
}

/**
 * The document's equations with its recursion over time unrolled, or as they are when it has
 * none. An equation about a general step gives one equation per step it holds at, each with
 * its `step`; one that holds at no step of the sequence is returned in `outside`.
 */
export function unrollRecursions<E extends Equationlike>(equations: E[], shapes: ShapeDeclarations, steps?: number): { equations: Array<E & { step?: StepInstance }>; unrolling?: Unrolling; outside: E[] } {
  const found = recursion(equations);
  if (!found) return { equations, outside: [] };
  const { index } = found;
  const length = lengthName(equations, index);
  if (!length || length === index) return { equations, outside: [] };
  const fixed = fixedLength(equations, length);
  const count = Math.min(MAX_STEPS, steps ?? (fixed ? (fixed.sides[1] as { value: number }).value : DEFAULT_STEPS));

  const families = new Set<string>();
  const initial = new Set(found.states.map((state) => state.nameAt(0)));
  for (const { sides } of equations) for (const side of sides) walk(side, (n) => {
    const step = n.kind === 'symbol' ? stepName(n) : undefined;
    if (step && lettersOf(step.at).some((l) => l === index || l === length)) families.add(step.stem);
  });
  const unroller = new Unroller(index, length, count, families);
  findImplicitFamilies(equations, unroller);

  const out: Array<E & { step?: StepInstance }> = [];
  const outside: E[] = [];
  for (const equation of equations) {
    if (equation === fixed) continue;
    const general = equation.sides.some((s) => unroller.readsStep(s));
    const values = general ? Array.from({ length: count }, (_, k) => k + 1) : [undefined];
    let instances = 0;
    for (const value of values) {
      const env = new Map<string, number>(value === undefined ? [] : [[index, value]]);
      let sides: Expr[];
      try {
        // A side keeps where it is written, even when a sum over one step becomes its only term.
        sides = equation.sides.map((s) => { const side = unroller.expr(s, env); return side === s ? s : { ...side, span: s.span }; });
      } catch (error) {
        if (error instanceof OutsideSequence) continue;
        throw error;
      }
      instances++;
      if (sides.every((s, k) => s === equation.sides[k])) out.push(equation);
      else out.push({ ...equation, sides, step: { index, ...(value !== undefined && { value }), count } });
    }
    if (instances === 0) outside.push(equation);
  }
  unrollShapes(shapes, families, count, index, length);
  return { equations: out, unrolling: { index, length, count, initial }, outside };
}

/** `\mathbf{h}_t \in \mathbb{R}^{h}` declares the shape of h at every step. */
function unrollShapes(shapes: ShapeDeclarations, families: Set<string>, count: number, index: string, length: string): void {
  for (const [name, dims] of [...shapes.declared]) {
    const step = stepName({ kind: 'symbol', name, span: { start: 0, end: 0 } });
    if (!step || !families.has(step.stem)) continue;
    for (let k = 0; k <= count; k++) {
      const at = evaluateStep(step.at, new Map([[index, k], [length, count]]));
      if (at === undefined || at < 0 || at > count) continue;
      const unrolled = step.nameAt(at);
      if (!shapes.declared.has(unrolled)) {
        shapes.declared.set(unrolled, dims);
        const span = shapes.spans.get(name);
        if (span) shapes.spans.set(unrolled, span);
      }
    }
  }
}
