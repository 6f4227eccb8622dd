import { all, create, type EvalFunction, type MathNode } from 'mathjs';
import { type ConstantExpr, type DerivativeExpr, type Expr, exprKey, type NumberExpr, type SumExpr, type SymbolExpr, walk } from '../latex/ast';
import { inferShape } from '../engine/infer-shape';
import type { Shape } from '../engine/shape';
import { compileTensorSide, evaluateTensorSide } from './tensor-side';

/**
 * Claims are evaluated with mathjs, independently of the reference engine: each side becomes a
 * mathjs node tree built here (document text is never handed to mathjs), compiled once, then
 * evaluated per sample point and per example with plain numbers in the scope.
 */
export const math = create(all, { predictable: true });
const { ConstantNode, SymbolNode, OperatorNode, FunctionNode, ConditionalNode } = math;

/** A value the reference engine must supply: a derivative, or an author's delta alias. */
export interface ReferenceNeed {
  id: string;
  expr: DerivativeExpr;
}

/** What a compiled side reads, for the caller to put in scope. */
export interface SideInputs {
  symbols: Set<string>;
  references: ReferenceNeed[];
  /** Derivative functions used (`\sigma'`), by function name. */
  derivativeFunctions: Set<string>;
}

interface SumStep {
  id: string;
  op: 'sum' | 'prod' | 'mean';
  body: EvalFunction;
}

export interface CompiledSide {
  /** Set for a side over vectors and matrices: the shape of its value. */
  shape?: Shape;
  main: EvalFunction;
  /** Every identifier the side reads, in its sums or outside them. */
  reads: string[];
  /** Identifiers read outside every sum: if one varies by example, so does the side. */
  outer: Set<string>;
  /** Sums over the examples, inner first: each is evaluated per example and reduced to a scalar. */
  sums: SumStep[];
  inputs: SideInputs;
}

/**
 * Safe mathjs identifiers for the document's names (`y'`, `\hat{y}`, a derivative). They depend
 * only on the name, never on where it is written, so compiled sides can be reused while the
 * author types. Shared by every check in the process, and bounded.
 */
export class Identifiers {
  private static readonly ids = new Map<string, string>();

  of(name: string, prefix = 's'): string {
    const key = `${prefix}:${name}`;
    let id = Identifiers.ids.get(key);
    if (!id) {
      if (Identifiers.ids.size >= LIMIT) { Identifiers.ids.clear(); compiled.clear(); sides.clear(); }
      id = `${prefix}${Identifiers.ids.size}`;
      Identifiers.ids.set(key, id);
    }
    return id;
  }
}

const LIMIT = 100_000;

/**
 * Compiled mathjs functions by the structure of the node tree, its inputs numbered in order of
 * first appearance: compiling is the slow part of mathjs, and `a_{1}(1 - a_{1})` and
 * `a_{2}(1 - a_{2})` are one function of different inputs (the claims of a chain of 250 layers
 * compile 4 functions, not 2,000).
 */
const compiled = new Map<string, EvalFunction>();

export function compileCached(node: MathNode): EvalFunction {
  const inputs = new Map<string, string>();
  const key = structureKey(node, inputs);
  let f = compiled.get(key);
  if (!f) {
    if (compiled.size >= LIMIT) compiled.clear();
    // A function's name stays: mathjs resolves the built-in ones when it compiles.
    f = node.transform((n, path) => (n instanceof SymbolNode && path !== 'fn' ? new SymbolNode(inputs.get(n.name) ?? n.name) : n)).compile();
    compiled.set(key, f);
  }
  const scope = new NumberedScope(new Map([...inputs].map(([name, input]) => [input, name])));
  const shared = f;
  return {
    evaluate: (values: Map<string, unknown>) => {
      // A user function's body may be evaluated inside this very function: put the outer scope back after.
      const outer = scope.values;
      scope.values = values;
      try {
        return shared.evaluate(scope);
      } finally {
        scope.values = outer;
      }
    },
  };
}

/**
 * The structure of a node tree, each input named by its number in order of first appearance
 * (recorded in `inputs`): every operation with its operands in order, so that a * (b * c) and
 * (a * b) * c, which round differently, differ.
 */
function structureKey(node: MathNode, inputs: Map<string, string>): string {
  if (node instanceof SymbolNode) {
    let input = inputs.get(node.name);
    if (!input) {
      input = `input${inputs.size}`;
      inputs.set(node.name, input);
    }
    return input;
  }
  if (node instanceof ConstantNode) {
    const value: unknown = node.value;
    return typeof value === 'number' ? (Object.is(value, -0) ? '-0' : String(value)) : JSON.stringify(value);
  }
  const operands = (nodes: MathNode[]): string => nodes.map((n) => structureKey(n, inputs)).join(',');
  if (node instanceof OperatorNode) return `${node.fn}(${operands(node.args)})`;
  if (node instanceof FunctionNode) return `${node.fn.name}!(${operands(node.args)})`;
  if (node instanceof ConditionalNode) return `?(${operands([node.condition, node.trueExpr, node.falseExpr])})`;
  // No other kind of node is built here; should one be, its printed form is exact enough.
  return `${node.type}[${node.toString({ parenthesis: 'all' })}]`;
}

/** The scope as one compiled function sees it: its numbered inputs read the identifiers they stand for. */
class NumberedScope {
  values = new Map<string, unknown>();

  constructor(private readonly names: ReadonlyMap<string, string>) {}

  private nameOf(key: string): string {
    return this.names.get(key) ?? key;
  }

  has(key: string): boolean {
    // An input always answers, so that a missing value is reported by its own identifier, as mathjs would.
    return this.names.has(key) || this.values.has(key);
  }

  get(key: string): unknown {
    const name = this.nameOf(key);
    if (!this.values.has(name) && this.names.has(key)) return SymbolNode.onUndefinedSymbol(name);
    return this.values.get(name);
  }

  set(key: string, value: unknown): this {
    this.values.set(this.nameOf(key), value);
    return this;
  }

  keys(): IterableIterator<string> {
    return this.values.keys();
  }
}

const BUILTIN_MATHJS: Record<string, string> = {
  exp: 'exp', log: 'log', ln: 'log', tanh: 'tanh', sin: 'sin', cos: 'cos', sqrt: 'sqrt', abs: 'abs', max: 'max', min: 'min',
};

/** Functions mathjs lacks, written out as their textbook formulas. */
export const EXTRA_FUNCTIONS: Record<string, (x: number) => number> = {
  gc_sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  gc_relu: (x) => (x > 0 ? x : 0),
  gc_softplus: (x) => Math.log(1 + Math.exp(x)),
};
const EXTRA_NAMES: Record<string, string> = { sigma: 'gc_sigmoid', relu: 'gc_relu', softplus: 'gc_softplus' };

export interface CompileContext {
  ids: Identifiers;
  /** Expressions standing for names (the author's delta aliases). */
  aliases: Map<string, Expr>;
  /** Names of user-defined functions. */
  userFunctions: Set<string>;
  /** Shapes of symbols and derivatives, when the document has vectors or matrices. */
  shapes?: {
    symbol(name: string): Shape;
    derivative(d: DerivativeExpr): Shape;
    /** Whether a softmax of a matrix of this shape acts on its rows. */
    softmaxByRows(shape: Shape): boolean;
    onesLength?: number;
  };
}

const sides = new Map<string, CompiledSide>();

/**
 * A side compiled once per structure: the key holds the expression and the meaning of the
 * aliases and functions it uses, so an edit elsewhere in the document reuses it.
 */
export function compileSide(expr: Expr, context: CompileContext): CompiledSide {
  const aliases = new Set<string>();
  const calls = new Set<string>();
  walk(expr, (n) => {
    if (n.kind === 'symbol' && context.aliases.has(n.name)) aliases.add(n.name);
    if (n.kind === 'call' && context.userFunctions.has(n.fn)) calls.add(n.fn);
  });
  let key = `${exprKey(expr)}#${[...aliases].map((a) => `${a}=${exprKey(context.aliases.get(a)!)}`).join(',')}#${[...calls].join(',')}`;
  let tensor: { shape: Shape; ones: Map<Expr, Shape> } | undefined;
  if (context.shapes) {
    // The shapes decide the operations (a product of matrices or of numbers) and the ones vectors' lengths.
    const ones = new Map<Expr, Shape>();
    const shape = inferShape(expr, { ...context.shapes, ones });
    tensor = { shape, ones };
    key += `#T${shape.join('x')}#${[...ones.values()].map((s) => s.join('x')).join(',')}`;
  }
  let side = sides.get(key);
  if (!side) {
    if (sides.size >= LIMIT) sides.clear();
    side = tensor ? compileTensorSide(expr, context, tensor.shape, tensor.ones) : compileSideUncached(expr, context);
    sides.set(key, side);
  }
  return side;
}

/**
 * What compiling one side collects, for the scalar and the tensor compiler alike: the inputs it
 * reads (inside its sums or outside them) and its sums; and the nodes both compile the same way,
 * leaves, derivatives and sums. `node` is the compiler's own, for everything else.
 */
export class SideWalker {
  readonly inputs: SideInputs = { symbols: new Set(), references: [], derivativeFunctions: new Set() };
  private readonly sums: SumStep[] = [];
  /** Aliases being expanded: a definition that reads itself stays a symbol. */
  private readonly expanding = new Set<string>();
  private readonly outer = new Set<string>();
  private readonly reads = new Set<string>();
  private sumDepth = 0;

  constructor(private readonly context: CompileContext, private readonly node: (e: Expr) => MathNode) {}

  private read(id: string): string {
    if (this.sumDepth === 0) this.outer.add(id);
    this.reads.add(id);
    return id;
  }

  /** A number, e or π, or a symbol: an alias's definition in its place (once), else an input. */
  leaf(e: NumberExpr | ConstantExpr | SymbolExpr): MathNode {
    if (e.kind === 'number') return new ConstantNode(e.value);
    if (e.kind === 'constant') return new ConstantNode(e.name === 'e' ? Math.E : Math.PI);
    const alias = this.context.aliases.get(e.name);
    if (alias && !this.expanding.has(e.name)) {
      this.expanding.add(e.name);
      const inner = this.node(alias);
      this.expanding.delete(e.name);
      return inner;
    }
    this.inputs.symbols.add(e.name);
    return new SymbolNode(this.read(this.context.ids.of(e.name)));
  }

  /** A derivative written inside a side: read from the reference engine's values. */
  derivative(e: DerivativeExpr): MathNode {
    const id = this.context.ids.of(exprKey(e), 'd');
    this.inputs.references.push({ id, expr: e });
    return new SymbolNode(this.read(id));
  }

  /** Local to the side: its sums are evaluated, inner first, before anything reads them. */
  sum(e: SumExpr): MathNode {
    this.sumDepth++;
    const body = compileCached(this.node(e.body));
    this.sumDepth--;
    const id = `sum${this.sums.length}`;
    this.sums.push({ id, op: e.op, body });
    return new SymbolNode(id);
  }

  side(main: MathNode): CompiledSide {
    return { main: compileCached(main), reads: [...this.reads], outer: this.outer, sums: this.sums, inputs: this.inputs };
  }
}

function compileSideUncached(expr: Expr, context: CompileContext): CompiledSide {
  const walker = new SideWalker(context, (e) => node(e));
  const cmp = { '<': ['<', 'smaller'], '>': ['>', 'larger'], '<=': ['<=', 'smallerEq'], '>=': ['>=', 'largerEq'] } as const;

  const node = (e: Expr): MathNode => {
    switch (e.kind) {
      case 'number': case 'constant': case 'symbol': return walker.leaf(e);
      case 'neg': return new OperatorNode('-', 'unaryMinus', [node(e.arg)]);
      case 'add': {
        let acc = node(e.terms[0]);
        if (e.signs[0] < 0) acc = new OperatorNode('-', 'unaryMinus', [acc]);
        for (let k = 1; k < e.terms.length; k++) {
          acc = e.signs[k] < 0
            ? new OperatorNode('-', 'subtract', [acc, node(e.terms[k])])
            : new OperatorNode('+', 'add', [acc, node(e.terms[k])]);
        }
        return acc;
      }
      case 'mul': return e.factors.map(node).reduce((a, b) => new OperatorNode('*', 'multiply', [a, b]));
      case 'div': return new OperatorNode('/', 'divide', [node(e.num), node(e.den)]);
      case 'pow':
        if (e.base.kind === 'constant' && e.base.name === 'e') return new FunctionNode('exp', [node(e.exponent)]);
        return new OperatorNode('^', 'pow', [node(e.base), node(e.exponent)]);
      case 'call': {
        const args = e.args.map(node);
        if (e.order > 0) {
          if (e.order > 1) throw new Error('derivatives of order 2 and more are not checked yet');
          walker.inputs.derivativeFunctions.add(e.fn);
          return new FunctionNode(context.ids.of(e.fn, 'df'), args);
        }
        if (context.userFunctions.has(e.fn)) return new FunctionNode(context.ids.of(e.fn, 'f'), args);
        const name = BUILTIN_MATHJS[e.fn] ?? EXTRA_NAMES[e.fn];
        if (!name) throw new Error(`the function ${e.fn} is not defined in the document`);
        return new FunctionNode(name, args);
      }
      case 'derivative': return walker.derivative(e);
      case 'sum': return walker.sum(e);
      // A scalar's transpose is itself; entrywise and outer products of scalars are products.
      case 'transpose': return node(e.arg);
      case 'hadamard': return e.factors.map(node).reduce((a, b) => new OperatorNode('*', 'multiply', [a, b]));
      case 'outer': return new OperatorNode('*', 'multiply', [node(e.left), node(e.right)]);
      case 'norm': return new FunctionNode('abs', [node(e.arg)]);
      case 'ones': throw new Error('the length of the ones vector cannot be inferred without declared shapes');
      case 'piecewise': {
        const last = e.pieces[e.pieces.length - 1];
        let acc: MathNode = last.condition ? new ConstantNode(NaN) : node(last.value);
        for (let k = e.pieces.length - (last.condition ? 1 : 2); k >= 0; k--) {
          const piece = e.pieces[k];
          if (!piece.condition) continue;
          const [op, fn] = cmp[piece.condition.op];
          const test = new OperatorNode(op, fn, [node(piece.condition.left), node(piece.condition.right)]);
          acc = new ConditionalNode(test, node(piece.value), acc);
        }
        return acc;
      }
    }
  };
  return walker.side(node(expr));
}

/** Values of every input at one sample point: one entry per example, or one shared entry. */
export type PointScope = Map<string, Float64Array>;

export type ScopeFunctions = Map<string, (...args: number[]) => number>;

/**
 * Evaluates a side at one point: one value per example when anything it reads outside its sums
 * varies by example, else a single shared value. `scope` holds the functions and is reused.
 */
export function evaluateSide(side: CompiledSide, values: PointScope, lanes: number, scope: Map<string, unknown>, shapes?: Map<string, Shape>): Float64Array {
  if (side.shape) return evaluateTensorSide(side, values, lanes, scope, shapes ?? new Map());
  const inputs = side.reads.map((id) => [id, values.get(id)] as const);
  const setLane = (k: number): void => {
    for (const [id, v] of inputs) if (v) scope.set(id, v.length === 1 ? v[0] : v[k]);
  };
  const sums = new Map<string, number>();
  for (const sum of side.sums) {
    let acc = sum.op === 'prod' ? 1 : 0;
    for (let k = 0; k < lanes; k++) {
      setLane(k);
      for (const [id, v] of sums) scope.set(id, v);
      const v = Number(sum.body.evaluate(scope));
      acc = sum.op === 'prod' ? acc * v : acc + v;
    }
    sums.set(sum.id, sum.op === 'mean' ? acc / lanes : acc);
  }
  let perExample = false;
  for (const id of side.outer) if ((values.get(id)?.length ?? 1) > 1) perExample = true;
  const result = new Float64Array(perExample ? lanes : 1);
  for (let k = 0; k < result.length; k++) {
    setLane(k);
    for (const [id, v] of sums) scope.set(id, v);
    result[k] = Number(side.main.evaluate(scope));
  }
  return result;
}
