import type { SymbolRole } from '../report';
import type { Expr } from '../latex/ast';
import type { Derivation } from '../model/derivation';
import type { Roles } from '../model/roles';
import { declaredOnesLength, declaredShape, dimensionSize, softmaxByRows } from '../model/shapes';
import { differentiate } from '../model/symbolic';
import { wholeNumber } from '../model/index-arithmetic';
import { inferShape, isDot, type ShapeContext } from './infer-shape';
import { describeShape, sameShape, type Shape, SCALAR, ShapeError, UnknownShape } from './shape';
import { type BinaryOp, Tape, UNARY, type UnaryOp } from './tape';

/** Why part of the derivation has no reference value (a cycle, an unsupported construct). */
export class GraphError extends Error {}

/** A definition whose shapes do not fit together. */
class ShapesDoNotFit extends GraphError {}

/** True when the document declares a vector or a matrix: only then are shapes inferred. */
function declaresShapes(derivation: Derivation): boolean {
  return derivation.shapes.declared.size > 0 || derivation.shapes.layered.length > 0;
}

const BUILTIN_UNARY: Record<string, UnaryOp> = {
  sigma: 'sigma', tanh: 'tanh', exp: 'exp', log: 'log', ln: 'log', relu: 'relu', softplus: 'softplus',
  sin: 'sin', cos: 'cos', sqrt: 'sqrt', abs: 'abs',
};
const BUILTIN_BINARY: Record<string, BinaryOp> = { max: 'max', min: 'min' };

/**
 * The derivation's computation graph on a tape: one node per symbol (an identity node closing
 * each definition, so a derivative "with respect to h" reads h's node, cut from h's inputs).
 */
export class ReferenceGraph {
  readonly tape: Tape;
  readonly symbols = new Map<string, number>();
  private readonly building = new Set<string>();
  private readonly failures = new Map<string, GraphError>();
  private readonly constants = new Map<number, number>();
  /** The shape each ones vector takes where it stands, found by inference before building. */
  private readonly ones = new Map<Expr, Shape>();
  readonly tensors: boolean;
  /**
   * Quantities whose definitions the declared shapes do not fit (d2l's one-example
   * `\mathbf{o} = \mathbf{W}\mathbf{x} + \mathbf{b}` with W declared for a batch in rows), each with
   * why: sampled with the shape their entries give, as a claim that cuts them from their inputs
   * needs; a claim that reads what their definitions read is not checked (./stand-ins).
   */
  readonly standIns = new Map<string, GraphError>();

  constructor(
    readonly derivation: Derivation,
    readonly roles: Roles,
    readonly lanes: number,
  ) {
    this.tape = new Tape(lanes);
    this.tensors = declaresShapes(derivation);
  }

  /** The shape a symbol has (building it), for inference. */
  shapeOf(name: string): Shape {
    return this.tape.shapeOf(this.symbol(name));
  }

  /** Infers the shapes of an expression (and its ones vectors) before it is built. */
  shapeContext(env: Map<string, number> = new Map()): ShapeContext {
    return {
      symbol: (name) => (env.has(name) ? this.tape.shapeOf(env.get(name)!) : this.shapeOf(name)),
      derivative: () => { throw new GraphError('a derivative inside a definition is not computed by the reference engine'); },
      ones: this.ones,
      userFunction: (fn) => this.derivation.functions.get(fn),
      onesLength: declaredOnesLength(this.derivation.shapes),
    };
  }

  /** Builds an expression, inferring its shapes first when the document has vectors or matrices. */
  build(e: Expr, env: Map<string, number>, owner?: string): number {
    if (!this.tensors) return this.expr(e, env, owner);
    try {
      inferShape(e, this.shapeContext(env));
      return this.expr(e, env, owner);
    } catch (error) {
      if (error instanceof ShapeError) throw new ShapesDoNotFit(`the shapes do not fit: ${error.message}`);
      if (error instanceof UnknownShape) throw new GraphError(error.message);
      throw error;
    }
  }

  role(name: string): SymbolRole | undefined {
    return this.roles.roles.get(name);
  }

  /** The node of a symbol, building its definition (and what it reads) on first use. */
  symbol(name: string): number {
    const known = this.symbols.get(name);
    if (known !== undefined) return known;
    // A definition that failed fails again the same way: building it again would only leave
    // more unused nodes on the tape.
    const failure = this.failures.get(name);
    if (failure) throw failure;
    if (this.building.has(name)) {
      const cycle = [...this.building].slice([...this.building].indexOf(name));
      throw new GraphError(`${name} is defined in terms of itself (${[...cycle, name].join(' → ')})`);
    }
    let id: number;
    try {
      id = this.newSymbol(name);
    } catch (error) {
      if (error instanceof GraphError) this.failures.set(name, error);
      throw error;
    }
    this.symbols.set(name, id);
    return id;
  }

  /** True when the graph computes a symbol; false when its definition cannot be built. */
  computable(name: string): boolean {
    try {
      this.symbol(name);
      return true;
    } catch (error) {
      if (error instanceof GraphError) return false;
      throw error;
    }
  }

  private newSymbol(name: string): number {
    const def = this.derivation.definitions.get(name);
    if (def) {
      this.building.add(name);
      try {
        const value = this.build(def.expr, new Map(), name);
        // A vector whose length disagrees with its declaration (or the range of its entries' index).
        const declared = this.tensors && this.tape.shapeOf(value).length ? declaredShape(name, this.derivation.shapes) : undefined;
        if (declared?.length && !sameShape(declared, this.tape.shapeOf(value))) {
          throw new ShapesDoNotFit(`${name} is declared ${describeShape(declared)} but computed as ${describeShape(this.tape.shapeOf(value))}`);
        }
        return this.tape.unary('identity', value, name);
      } catch (error) {
        const shape = error instanceof ShapesDoNotFit ? declaredShape(name, this.derivation.shapes) : undefined;
        if (!shape || !(error instanceof ShapesDoNotFit)) throw error;
        this.standIns.set(name, error);
        return this.tape.leaf(name, false, name, shape);
      } finally {
        this.building.delete(name);
      }
    }
    if (this.derivation.exampleCounts.has(name)) return this.constant(this.lanes);
    if (this.tensors && dimensionSize(name, this.derivation.shapes) !== undefined) {
      // A declared size used in a formula (the N of 1/N with x of N entries) is that size.
      return this.constant(dimensionSize(name, this.derivation.shapes)!);
    }
    if (this.derivation.unreadable.has(name)) throw new GraphError(`the definition of ${name} could not be read`);
    if (this.derivation.aliases.has(name)) throw new GraphError(`${name} stands for a derivative and cannot be computed from inside a definition`);
    const shape = this.tensors ? declaredShape(name, this.derivation.shapes) ?? SCALAR : SCALAR;
    try {
      return this.tape.leaf(name, this.role(name) === 'data', name, shape);
    } catch (error) {
      if (error instanceof ShapeError) throw new GraphError(error.message);
      throw error;
    }
  }

  /** Adds a free variable of a claim (the z of `\sigma'(z) = ...`) as one more data leaf. */
  freeVariable(name: string): number {
    const id = this.tape.leaf(name, true, name);
    this.symbols.set(name, id);
    return id;
  }

  constant(value: number): number {
    let id = this.constants.get(value);
    if (id === undefined) {
      id = this.tape.constant(value);
      this.constants.set(value, id);
    }
    return id;
  }

  /** Builds an expression's nodes; `env` binds a function's dummies to its arguments' nodes. */
  expr(e: Expr, env: Map<string, number>, owner?: string): number {
    const t = this.tape;
    switch (e.kind) {
      case 'number': return this.constant(e.value);
      case 'constant': return this.constant(e.name === 'e' ? Math.E : Math.PI);
      case 'symbol': return env.get(e.name) ?? this.symbol(e.name);
      case 'neg': return t.unary('neg', this.expr(e.arg, env, owner), owner);
      case 'add': {
        let acc = this.expr(e.terms[0], env, owner);
        if (e.signs[0] < 0) acc = t.unary('neg', acc, owner);
        for (let k = 1; k < e.terms.length; k++) {
          acc = t.binary(e.signs[k] < 0 ? 'sub' : 'add', acc, this.expr(e.terms[k], env, owner), owner);
        }
        return acc;
      }
      case 'mul': return e.factors.map((f) => this.expr(f, env, owner)).reduce((a, b, k) =>
        (e.dots?.includes(k) && isDot(t.shapeOf(a), t.shapeOf(b)) ? t.matmul(t.tensor('transpose', a, owner), b, owner) : t.matmul(a, b, owner)));
      case 'hadamard': return e.factors.map((f) => this.expr(f, env, owner)).reduce((a, b) => t.binary('mul', a, b, owner));
      case 'outer': return t.matmul(this.expr(e.left, env, owner), t.tensor('transpose', this.expr(e.right, env, owner), owner), owner);
      case 'transpose': return t.tensor('transpose', this.expr(e.arg, env, owner), owner);
      case 'norm': {
        const a = this.expr(e.arg, env, owner);
        return t.unary('sqrt', t.tensor('sumAll', t.binary('mul', a, a, owner), owner), owner);
      }
      case 'ones': {
        const shape = this.ones.get(e);
        if (!shape) throw new GraphError('the length of the ones vector cannot be inferred here');
        return t.fill(1, shape);
      }
      case 'div': return t.binary('div', this.expr(e.num, env, owner), this.expr(e.den, env, owner), owner);
      case 'pow':
        if (e.base.kind === 'constant' && e.base.name === 'e') return t.unary('exp', this.expr(e.exponent, env, owner), owner);
      {
        const base = this.expr(e.base, env, owner);
        const [rows, cols] = t.shapeOf(base);
        // Q^{-1} of a square matrix is its inverse, which the engine does not compute yet: never an entrywise reciprocal.
        if (rows > 1 && rows === cols) {
          if (isMinusOne(e.exponent)) throw new GraphError('the inverse of a matrix in a definition is not computed yet');
          // W^3 of a square matrix is its matrix power, as the claims read it.
          const power = wholeNumber(e.exponent);
          if (power !== undefined && power >= 1) {
            let acc = base;
            for (let k = 1; k < power; k++) acc = t.matmul(acc, base, owner);
            return acc;
          }
          if (power === 0) throw new GraphError('the power 0 of a matrix in a definition is not computed yet');
        }
        return t.binary('pow', base, this.expr(e.exponent, env, owner), owner);
      }
      case 'sum': return t.reduce(e.op, this.expr(e.body, env, owner), owner);
      case 'piecewise': {
        const last = e.pieces[e.pieces.length - 1];
        let acc = last.condition ? this.constant(NaN) : this.expr(last.value, env, owner);
        for (let k = e.pieces.length - (last.condition ? 1 : 2); k >= 0; k--) {
          const piece = e.pieces[k];
          if (!piece.condition) continue;
          const { op, left, right } = piece.condition;
          acc = t.where(op, this.expr(left, env, owner), this.expr(right, env, owner), this.expr(piece.value, env, owner), acc, owner);
        }
        return acc;
      }
      case 'call': return this.call(e.fn, e.order, e.args, env, owner);
      case 'derivative': throw new GraphError('a derivative inside a definition is not computed by the reference engine');
    }
  }

  private call(fn: string, order: number, args: Expr[], env: Map<string, number>, owner?: string): number {
    if (order > 1) throw new GraphError(`the derivative ${fn}${"'".repeat(order)} of order ${order} is not supported`);
    if (this.derivation.unreadable.has(fn) && !this.derivation.functions.has(fn)) throw new GraphError(`the definition of ${fn} could not be read`);
    if (order === 1) {
      if (args.length !== 1) throw new GraphError(`${fn}' takes one argument`);
      return this.derivativeCall(this.derivation.builtinEquivalents.get(fn) ?? fn, this.expr(args[0], env, owner), owner);
    }
    const user = this.derivation.functions.get(fn);
    if (user) {
      if (user.dummies.length !== args.length) {
        throw new GraphError(`${fn} takes ${user.dummies.length} argument(s), ${args.length} given`);
      }
      const inner = new Map(user.dummies.map((d, k) => [d, this.expr(args[k], env, owner)]));
      return this.expanding(fn, () => this.expr(user.body, inner, owner));
    }
    const unary = BUILTIN_UNARY[fn];
    if (unary && args.length === 1) return this.tape.unary(unary, this.expr(args[0], env, owner), owner);
    const binary = BUILTIN_BINARY[fn];
    if (binary && args.length === 2) {
      return this.tape.binary(binary, this.expr(args[0], env, owner), this.expr(args[1], env, owner), owner);
    }
    if (args.length === 1 && (fn === 'softmax' || fn === 'tr' || fn === 'diag')) return this.tensorCall(fn, this.expr(args[0], env, owner), owner);
    throw new GraphError(`the function ${fn} is not defined in the document`);
  }

  /** softmax (of each column), the trace, diag of a vector or the diagonal of a matrix. */
  private tensorCall(fn: 'softmax' | 'tr' | 'diag', a: number, owner?: string): number {
    const t = this.tape;
    const shape = t.shapeOf(a);
    switch (fn) {
      case 'softmax': {
        if (shape.length === 0) throw new GraphError(`softmax of a scalar: softmax acts on a vector, here ${describeShape(shape)}`);
        if (softmaxByRows(shape, this.derivation.shapes)) {
          return t.tensor('transpose', this.softmaxOfColumns(t.tensor('transpose', a, owner), owner), owner);
        }
        return this.softmaxOfColumns(a, owner);
      }
      case 'tr': return t.tensor('sumAll', t.tensor('diagonal', a, owner), owner);
      case 'diag': return t.tensor(shape.length && shape[0] === shape[1] ? 'diagonal' : 'diag', a, owner);
    }
  }

  private softmaxOfColumns(a: number, owner?: string): number {
    const t = this.tape;
    const e = t.unary('exp', a, owner);
    // Each column's sum, repeated down the column: 1 1^T e.
    const sums = t.matmul(t.fill(1, [t.shapeOf(a)[0], t.shapeOf(a)[0]]), e, owner);
    return t.binary('div', e, sums, owner);
  }

  /**
   * The built-in function an author's one-argument function computes, if any (the question's
   * sigma = 1/(1 + e^{-x}) is the sigmoid): compared at a few points, for suggestions only.
   */
  builtinEquivalent(fn: string): string | undefined {
    const def = this.derivation.functions.get(fn);
    if (!def || def.dummies.length !== 1) return undefined;
    const tape = new ReferenceGraph(this.derivation, this.roles, 1);
    const leaf = tape.tape.leaf(def.dummies[0], false);
    let root: number;
    try {
      root = tape.expr(def.body, new Map([[def.dummies[0], leaf]]));
    } catch {
      return undefined;
    }
    const probes = [-1.7, -0.4, 0.3, 1.1, 2.3];
    return Object.entries(BUILTIN_UNARY).find(([, op]) => probes.every((x) => {
      tape.tape.nodes[leaf].value[0] = x;
      tape.tape.forward();
      return Math.abs(tape.tape.nodes[root].value[0] - UNARY[op].value(x)) < 1e-12;
    }))?.[0];
  }

  /**
   * f'(a) as nodes of the tape, written with the engine's own operations so that it can be
   * differentiated again (a delta that uses sigma'(z) is part of later gradients).
   */
  private derivativeCall(fn: string, a: number, owner?: string): number {
    const t = this.tape;
    const one = this.constant(1);
    switch (fn) {
      case 'sigma': { const s = t.unary('sigma', a, owner); return t.binary('mul', s, t.binary('sub', one, s, owner), owner); }
      case 'tanh': { const h = t.unary('tanh', a, owner); return t.binary('sub', one, t.binary('mul', h, h, owner), owner); }
      case 'exp': return t.unary('exp', a, owner);
      case 'log': case 'ln': return t.binary('div', one, a, owner);
      case 'softplus': return t.unary('sigma', a, owner);
      case 'sin': return t.unary('cos', a, owner);
      case 'cos': return t.unary('neg', t.unary('sin', a, owner), owner);
      case 'relu': return t.where('>', a, this.constant(0), one, this.constant(0), owner);
      default: {
        const user = this.derivation.functions.get(fn);
        if (!user || user.dummies.length !== 1) throw new GraphError(`the derivative function ${fn}' is not known`);
        const derivative = this.userDerivative(fn);
        return this.expanding(`${fn}'`, () => this.expr(derivative.body, new Map([[derivative.dummy, a]]), owner));
      }
    }
  }

  /** The author's functions (and derivative functions) whose bodies are being built, outermost first. */
  private readonly calling = new Set<string>();

  /** Builds a function's body, unless the function is already being built: it calls itself. */
  private expanding(fn: string, build: () => number): number {
    if (this.calling.has(fn)) {
      const cycle = [...this.calling].slice([...this.calling].indexOf(fn));
      throw new GraphError(`${fn} is defined in terms of itself (${[...cycle, fn].join(' → ')})`);
    }
    this.calling.add(fn);
    try {
      return build();
    } finally {
      this.calling.delete(fn);
    }
  }

  private readonly userDerivatives = new Map<string, { dummy: string; body: Expr }>();

  /** The author's f', differentiated symbolically once from f's body. */
  private userDerivative(fn: string): { dummy: string; body: Expr } {
    let derivative = this.userDerivatives.get(fn);
    if (!derivative) {
      const user = this.derivation.functions.get(fn)!;
      const body = differentiate(user.body, user.dummies[0], this.derivation);
      if (!body) throw new GraphError(`the derivative function ${fn}' cannot be formed from its definition`);
      derivative = { dummy: user.dummies[0], body };
      this.userDerivatives.set(fn, derivative);
    }
    return derivative;
  }

  private leafCache: { size: number; leaves: Array<{ name: string; node: number; role: SymbolRole }> } = { size: -1, leaves: [] };

  /** Leaves with their roles, for sampling (recomputed only when the tape has grown). */
  leaves(): Array<{ name: string; node: number; role: SymbolRole }> {
    if (this.leafCache.size !== this.tape.nodes.length) {
      const leaves = this.tape.nodes.flatMap((node, index) =>
        node.spec.op === 'leaf' ? [{ name: node.spec.name, node: index, role: this.role(node.spec.name) ?? 'data' }] : []);
      this.leafCache = { size: this.tape.nodes.length, leaves };
    }
    return this.leafCache.leaves;
  }
}

/** `-1`, as a number or as the negation of 1. */
function isMinusOne(e: Expr): boolean {
  return (e.kind === 'number' && e.value === -1) || (e.kind === 'neg' && e.arg.kind === 'number' && e.arg.value === 1);
}
