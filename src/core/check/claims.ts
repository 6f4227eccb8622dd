import type { Span } from '../report';
import type { DerivativeExpr, Expr, SymbolExpr } from '../latex/ast';
import { freeSymbols, walk } from '../latex/ast';
import { GraphError, ReferenceGraph } from '../engine/graph';
import { inferShape } from '../engine/infer-shape';
import { standInProblem } from '../engine/stand-ins';
import { type Shape, SCALAR, sameShape, ShapeError, sizeOf } from '../engine/shape';
import { type TapeNode, UNARY, type UnaryOp } from '../engine/tape';
import type { ClaimModel, Derivation } from '../model/derivation';
import type { Samples } from './compare';
import {
  compileSide, type CompiledSide, type CompileContext, evaluateSide, EXTRA_FUNCTIONS, Identifiers, type PointScope, type ScopeFunctions,
} from './evaluate';
import { declaredOnesLength, declaredShape, softmaxByRows } from '../model/shapes';
import { drawPoint } from './reference';
import { TENSOR_FUNCTIONS } from './tensor-side';
import { typoMessage } from './typos';
import { readableName } from '../latex/readable';
import { evaluationProblem } from './internal-problem';
import { hashText } from '../text-hash';

/** What evaluating a claim at the sample points gave. */
export type ClaimValues = Pick<PreparedClaim, 'truth' | 'claimed' | 'shapes' | 'problem'>;

/** Values of claims evaluated by an earlier check, by the claim and the leaf values at the points (`points`). */
export interface ClaimMemo {
  recall(model: ClaimModel, points: string): ClaimValues | undefined;
  remember(model: ClaimModel, points: string, values: ClaimValues): void;
}

/** A claim made ready to evaluate, or the reason it cannot be. */
export interface PreparedClaim {
  model: ClaimModel;
  left?: CompiledSide;
  right?: CompiledSide;
  problem?: { code: 'unchecked' | 'undefined-symbol' | 'parse-error'; message: string; span?: Span };
  truth: Samples;
  claimed: Samples;
  /** Shapes of both sides when the document has vectors or matrices (entries row-major per lane). */
  shapes?: { truth: Shape; claimed: Shape };
  /** The right side's shapes do not fit together: the claim is wrong, and diagnosed as such. */
  shapeError?: { message: string };
  /**
   * Derivatives on the right side that are 0 only because the document as read connects nothing
   * (`\frac{\partial u}{\partial y}` where u is computed without y): a mismatch then says more
   * about what gradcheck read than about the author, and the claim is left unchecked.
   */
  zeroFactors?: string[];
  /**
   * The variable differentiated by, a leaf whose entries the document defines (`A_{ij} = ...`) but
   * whose shape it neither declares nor computes: read as a number, so a claim of another shape is
   * left unchecked.
   */
  undeclaredWrt?: string;
}

/** True when `of` applies a function to `name` itself as one of its arguments. */
function argumentSlot(of: Expr, name: string): boolean {
  return of.kind === 'call' && of.order === 0 && of.args.some((a) => a.kind === 'symbol' && a.name === name);
}

/** `A_{ij} = \frac{\exp(S_{ij})}{\sum_k \exp(S_{ik})}`: the text defines the entries of A, whose own shape it leaves implicit. */
function definedByEntries(name: string, derivation: ReferenceGraph['derivation']): boolean {
  const entry = (n: string): boolean => n.startsWith(`${name}_`);
  return [...derivation.definitions.keys()].some(entry) || [...derivation.unreadable.keys()].some(entry);
}

interface ReferenceSlot {
  id: string;
  of: number;
  wrt: number;
}

/** The derivative `d(of)/d(wrt)` of a claim's left side when both are plain symbols. */
export function plainDerivative(expr: Expr, aliases: Map<string, Expr>): { of: string; wrt: string } | undefined {
  const target = expr.kind === 'symbol' ? aliases.get(expr.name) ?? expr : expr;
  if (target.kind === 'derivative' && target.of.kind === 'symbol') return { of: target.of.name, wrt: target.wrt.name };
  return undefined;
}

/**
 * Evaluates every claim at every sample point: the left side (what is derived: the reference
 * engine's derivatives) and the right side (the author's expression, through mathjs).
 */
export class ClaimEvaluator {
  private readonly ids = new Identifiers();
  private readonly context: CompileContext;
  private readonly slots: ReferenceSlot[] = [];
  /** Each slot's place in `slots`, by id. */
  private readonly slotIndex = new Map<string, number>();
  private readonly symbolNodes = new Map<string, number>();
  /** Every name the graph knows, for telling a typo from a name left open; gathered on first need. */
  private knownNames?: string[];
  private readonly functions: ScopeFunctions = new Map(Object.entries(EXTRA_FUNCTIONS));
  /** One mathjs scope for every evaluation: the functions stay, the values are overwritten. */
  private readonly scope = new Map<string, unknown>();

  /** Shapes of the identifiers in scope (symbols and derivatives), for tensor sides. */
  private readonly idShapes = new Map<string, Shape>();

  constructor(private readonly graph: ReferenceGraph) {
    const derivation = graph.derivation;
    this.context = { ids: this.ids, aliases: derivation.aliases, userFunctions: new Set(derivation.functions.keys()) };
    if (graph.tensors) for (const [id, f] of Object.entries(TENSOR_FUNCTIONS)) this.functions.set(id, f as unknown as (...args: number[]) => number);
    if (graph.tensors) {
      this.context.shapes = {
        symbol: (name) => this.shapeOfSymbol(name),
        derivative: (d) => this.shapeOfDerivative(d),
        softmaxByRows: (shape) => softmaxByRows(shape, derivation.shapes),
        onesLength: declaredOnesLength(derivation.shapes),
      };
    }
  }

  get tensors(): boolean {
    return this.graph.tensors;
  }

  /** The shape of a symbol of the document (a scalar for one it does not know). */
  shapeOfSymbol(name: string): Shape {
    const alias = this.graph.derivation.aliases.get(name);
    if (alias?.kind === 'derivative') return this.shapeOfDerivative(alias);
    // `D_i = \sum_k \frac{\partial L}{\partial O_{ik}} O_{ik}`: a name for an expression in derivatives has that expression's shape.
    if (alias && this.context.shapes) return inferShape(alias, { ...this.context.shapes, ones: new Map() });
    return this.knows(name) && !alias ? this.graph.shapeOf(name) : SCALAR;
  }

  /**
   * Denominator layout: the derivative of a scalar with respect to a matrix has the matrix's
   * shape, of a matrix with respect to a scalar the matrix's.
   */
  private shapeOfDerivative(d: DerivativeExpr): Shape {
    const wrt = this.knows(d.wrt.name) ? this.graph.shapeOf(d.wrt.name) : SCALAR;
    const of = d.of.kind === 'symbol' ? this.shapeOfSymbol(d.of.name) : SCALAR;
    if (of.length && wrt.length) throw new GraphError('the derivative of a vector or matrix with respect to a vector or matrix (a Jacobian) is not checked');
    return of.length ? of : wrt;
  }

  get derivation(): Derivation {
    return this.graph.derivation;
  }

  /** True for a symbol of the graph (defined, a leaf with a role, or the number of examples). */
  knows(name: string): boolean {
    const g = this.graph;
    return g.symbols.has(name) || g.derivation.definitions.has(name) || g.roles.roles.has(name) || g.derivation.exampleCounts.has(name);
  }

  prepare(model: ClaimModel): PreparedClaim {
    const prepared: PreparedClaim = { model, truth: [], claimed: [] };
    if (model.problem) {
      prepared.problem = { code: model.problem.kind, message: model.problem.message, span: model.problem.span };
      return prepared;
    }
    try {
      prepared.left = compileSide(model.left, this.context);
      try {
        prepared.right = compileSide(model.right, this.context);
      } catch (error) {
        if (!(error instanceof ShapeError)) throw error;
        prepared.shapeError = { message: error.message };
      }
      const { zeroFactors, undeclaredWrt } = this.bind(model, prepared.right ? [prepared.left, prepared.right] : [prepared.left]);
      const sampled = standInProblem(this.graph.standIns, [model.left, model.right], this.graph.derivation);
      if (sampled) throw sampled;
      if (zeroFactors.length) prepared.zeroFactors = zeroFactors;
      if (undeclaredWrt) prepared.undeclaredWrt = undeclaredWrt;
    } catch (error) {
      const message = evaluationProblem(error);
      prepared.problem = error instanceof UndefinedSymbol ? this.undefinedSymbol(error.symbol.name, model) : { code: 'unchecked', message };
      prepared.left = prepared.right = undefined;
      prepared.shapeError = undefined;
    }
    return prepared;
  }

  /**
   * A name the graph does not know is a warning only when it looks like a slip for a known one;
   * otherwise the claim is about names the document leaves open, and is quietly unchecked.
   */
  private undefinedSymbol(name: string, model: ClaimModel): NonNullable<PreparedClaim['problem']> {
    const g = this.graph;
    // Gathered once per view: a chapter of general math has many claims about names it leaves open.
    this.knownNames ??= [...new Set([...g.symbols.keys(), ...g.derivation.definitions.keys(), ...g.roles.roles.keys()])];
    // In a claim about a general time step, h_0 beside h_1, ..., h_4 is a step the unrolling named, not a slip.
    const typo = model.step ? undefined : typoMessage(name, this.knownNames);
    const span = firstOccurrence(name, [model.left, model.right]);
    return typo ? { code: 'undefined-symbol', message: typo, span } : { code: 'unchecked', message: `it reads ${readableName(name)}, which the document does not define`, span };
  }

  /**
   * Binds d(of)/d(wrt) for each `wrt` before sampling, so that checks made later (a missing
   * gradient's suggested derivation) find its values already computed at every point.
   */
  bindGradients(of: string, wrts: string[]): void {
    const span = { start: 0, end: 0 };
    for (const wrt of wrts) {
      const derivative: Expr = { kind: 'derivative', of: { kind: 'symbol', name: of, span }, wrt: { kind: 'symbol', name: wrt, span }, span };
      try {
        const side = compileSide(derivative, this.context);
        this.bind({ left: derivative, right: derivative, leftSpan: span, rightSpan: span, block: 0 }, [side]);
      } catch {
        // A gradient that cannot be computed is simply not offered later.
      }
    }
  }

  /**
   * Puts every symbol, derivative and function a claim reads on the tape and in the scope; returns
   * the right side's derivatives that nothing connects (0 by construction), and the left side's
   * variable when its shape is unknown.
   */
  private bind(model: ClaimModel, sides: CompiledSide[]): { zeroFactors: string[]; undeclaredWrt?: string } {
    const zeroFactors: string[] = [];
    let undeclaredWrt: string | undefined;
    const graph = this.graph;
    const known = (name: string): boolean => this.knows(name);
    // A claim about functions alone (sigma'(z) = sigma(z)(1 - sigma(z))) has free variables of its own.
    const leftNames = freeNames(model.left, graph.derivation.aliases);
    const standalone = [...leftNames].every((n) => !known(n));
    for (const [k, side] of sides.entries()) {
      for (const name of side.inputs.symbols) this.bindSymbol(name, known(name) || (standalone && leftNames.has(name)));
      for (const ref of side.inputs.references) {
        if (this.slotIndex.has(ref.id)) continue;
        const wrt = ref.expr.wrt;
        if (!known(wrt.name) && !(standalone && leftNames.has(wrt.name))) throw new UndefinedSymbol(wrt);
        const wrtNode = this.bindSymbol(wrt.name, true);
        for (const name of freeSymbols(ref.expr.of)) this.bindSymbol(name, known(name) || standalone);
        // `\frac{\partial f(x_t, h_{t-1}, w)}{\partial w}`: the partial in that argument, the others held
        // fixed (h_{t-1} depends on w too), is the derivative through a copy of w read there only.
        const slot = argumentSlot(ref.expr.of, wrt.name) ? graph.tape.unary('identity', wrtNode) : undefined;
        const of = ref.expr.of.kind === 'symbol' ? graph.symbol(ref.expr.of.name) : graph.build(ref.expr.of, slot === undefined ? new Map() : new Map([[wrt.name, slot]]));
        if (graph.tape.nodes[of].size > 1) throw new GraphError('the derivative of a vector or matrix is checked only as the gradient of a scalar');
        // A claim about a derivative that is 0 only because nothing connects the two names would
        // verify any right side of 0 and fail any other: the check could not fail for the right
        // reason. (On the right side, a term that is 0 is the author's business.)
        const leaf = graph.tape.nodes[wrtNode].spec.op === 'leaf';
        if (k === 0 && graph.tensors && leaf && graph.tape.nodes[wrtNode].size === 1 && !declaredShape(wrt.name, graph.derivation.shapes) && definedByEntries(wrt.name, graph.derivation)) undeclaredWrt = wrt.name;
        if (!graph.tape.dependsOn(of, wrtNode)) {
          const unconnected = `${readableName(printName(ref.expr.of))} does not depend on ${readableName(wrt.name)} in the document as read`;
          if (k === 0) throw new GraphError(unconnected);
          zeroFactors.push(unconnected);
        }
        this.slotIndex.set(ref.id, this.slots.length);
        this.slots.push({ id: ref.id, of, wrt: slot ?? wrtNode });
        this.idShapes.set(ref.id, graph.tape.shapeOf(wrtNode));
      }
      for (const fn of side.inputs.derivativeFunctions) this.bindDerivativeFunction(fn);
    }
    for (const fn of graph.derivation.functions.keys()) this.bindUserFunction(fn);
    return { zeroFactors, undeclaredWrt };
  }

  private bindSymbol(name: string, known: boolean): number {
    const existing = this.symbolNodes.get(name);
    if (existing !== undefined) return existing;
    // A name whose definition could not be read (or reads itself) is no typo: the engine says why it has no value.
    const unreadable = this.graph.derivation.unreadable.has(name);
    if (!known && !unreadable) throw new UndefinedSymbol({ kind: 'symbol', name, span: { start: 0, end: 0 } });
    const node = this.knows(name) || unreadable ? this.graph.symbol(name) : this.graph.freeVariable(name);
    this.symbolNodes.set(name, node);
    this.idShapes.set(this.ids.of(name), this.graph.tape.shapeOf(node));
    return node;
  }

  /** The author's function, evaluated by mathjs from its definition's body. */
  private bindUserFunction(fn: string): void {
    const id = this.ids.of(fn, 'f');
    if (this.functions.has(id)) return;
    const def = this.graph.derivation.functions.get(fn)!;
    const body = compileSide(def.body, this.context);
    const dummyIds = def.dummies.map((d) => this.ids.of(d));
    this.functions.set(id, (...args: number[]) => {
      const scope: PointScope = new Map(dummyIds.map((d, k) => [d, Float64Array.of(args[k])]));
      return evaluateSide(body, scope, 1, new Map(this.functions))[0];
    });
  }

  /** sigma'(z), f'(z): derivative functions come from the reference engine, never from the claim. */
  private bindDerivativeFunction(fn: string): void {
    const id = this.ids.of(fn, 'df');
    if (this.functions.has(id)) return;
    const derivation = this.graph.derivation;
    const user = derivation.functions.get(fn);
    if (!user) {
      const op = ({ sigma: 'sigma', tanh: 'tanh', exp: 'exp', log: 'log', ln: 'log', relu: 'relu', softplus: 'softplus', sin: 'sin', cos: 'cos', sqrt: 'sqrt', abs: 'abs' } as Record<string, UnaryOp>)[fn];
      if (!op) throw new GraphError(`the derivative of ${fn} is not known`);
      const rule = UNARY[op];
      this.functions.set(id, (x: number) => rule.derivative(x, rule.value(x)));
      return;
    }
    if (user.dummies.length !== 1) throw new GraphError(`${fn}' needs ${fn} to take one argument`);
    const sub = new ReferenceGraph(derivation, this.graph.roles, 1);
    const tape = sub.tape;
    const leaf = tape.leaf(user.dummies[0], false);
    const root = sub.expr(user.body, new Map([[user.dummies[0], leaf]]));
    // `f(x) = g(h)` where h was read as a quantity: f' would be 0 only because of how f was read.
    if (!tape.dependsOn(root, leaf)) throw new GraphError(`${readableName(fn)} does not depend on its argument as read, so ${readableName(fn)}' is not checked`);
    this.functions.set(id, (x: number) => {
      tape.nodes[leaf].value[0] = x;
      tape.forward();
      tape.backward(root, [leaf]);
      return tape.adjointOf(leaf)[0];
    });
  }

  /**
   * Sample points found (their indices, for re-drawing), the values of the tape at each (one
   * forward pass per point, shared by every claim and diagnosis) and the scope at each.
   */
  private readonly points: number[] = [];
  private readonly values: Float64Array[] = [];
  /** How many nodes the tape had when each point's values were kept: nodes added since need it drawn again. */
  private readonly drawnWith: number[] = [];
  private readonly scopes: PointScope[] = [];
  /** How many of the symbols bound each scope holds already: later bindings add only what is new. */
  private scopedSymbols = 0;
  /** The derivatives every scope holds, by id. */
  private readonly filledSlots = new Set<string>();
  private seed = 0;

  /**
   * Samples every point and evaluates every prepared claim; returns how many points were found.
   * A claim whose values `memo` remembers from an earlier check at the same points is not
   * evaluated again, and the derivatives only it reads are not computed.
   */
  evaluate(claims: PreparedClaim[], samples: number, seed: number, memo?: ClaimMemo): number {
    this.seed = seed;
    const drawn: string[] = [];
    for (let p = 0; p < samples; p++) {
      if (!drawPoint(this.graph, p, seed)) continue;
      this.points.push(p);
      this.values.push(this.graph.tape.snapshot());
      this.drawnWith.push(this.graph.tape.nodes.length);
      this.scopes.push(new Map());
      if (memo) drawn.push(this.leafValues());
    }
    // With the same definitions, a claim reads the same values wherever the leaves drawn are the same.
    const points = memo ? hashText(drawn.join('\n')) : '';
    const pending: PreparedClaim[] = [];
    for (const claim of claims) {
      if (!claim.left || claim.problem) continue;
      if (!claim.right && !claim.shapeError) continue;
      const remembered = memo?.recall(claim.model, points);
      if (remembered) Object.assign(claim, remembered);
      else pending.push(claim);
    }
    this.refreshScopes(pending.flatMap((c) => (c.right ? [c.left!, c.right] : [c.left!])));
    for (const claim of pending) {
      const [left, right] = [claim.left!, claim.right];
      try {
        claim.truth = this.scopes.map((scope) => evaluateSide(left, scope, this.graph.lanes, this.mathScope(), this.idShapes));
        if (right) claim.claimed = this.scopes.map((scope) => evaluateSide(right, scope, this.graph.lanes, this.mathScope(), this.idShapes));
        if (left.shape && right?.shape) {
          const shapes = { truth: left.shape, claimed: right.shape };
          claim.shapes = shapes;
          claim.claimed = broadcastLanes(claim.truth, claim.claimed, shapes);
        }
      } catch (error) {
        claim.problem = { code: 'unchecked', message: evaluationProblem(error) };
      }
      memo?.remember(claim.model, points, { truth: claim.truth, claimed: claim.claimed, shapes: claim.shapes, problem: claim.problem });
    }
    return this.points.length;
  }

  /** The values of the leaves at the point the tape holds, as text. */
  private leafValues(): string {
    const tape = this.graph.tape;
    return this.graph.leaves().map((leaf) => `${leaf.name}=${tape.nodes[leaf.node].value.join(',')}`).join(' ');
  }

  private functionsInScope = 0;

  private mathScope(): Map<string, unknown> {
    if (this.functionsInScope !== this.functions.size) {
      for (const [id, f] of this.functions) this.scope.set(id, f);
      this.functionsInScope = this.functions.size;
    }
    return this.scope;
  }

  /**
   * Adds the symbols bound from `fromSymbol` on and the derivatives `slots`, at the point the
   * tape holds; derivatives of one output share one backward pass.
   */
  private fillScope(scope: PointScope, fromSymbol: number, slots: ReferenceSlot[]): void {
    const tape = this.graph.tape;
    let k = 0;
    for (const [name, node] of this.symbolNodes) {
      if (k++ >= fromSymbol) scope.set(this.ids.of(name), Float64Array.from(tape.nodes[node].value));
    }
    const byOutput = new Map<number, ReferenceSlot[]>();
    for (const slot of slots) {
      const list = byOutput.get(slot.of);
      if (list) list.push(slot); else byOutput.set(slot.of, [slot]);
    }
    for (const [of, group] of byOutput) {
      const values = tape.derivatives(of, group.map((s) => s.wrt));
      group.forEach((s, i) => scope.set(s.id, values[i]));
    }
  }

  /**
   * Brings every point's scope up to date with the symbols bound since the last time and with
   * the derivatives `sides` read: a derivative is computed only once something reads it.
   */
  private refreshScopes(sides: CompiledSide[]): void {
    const missing = new Set<number>();
    for (const side of sides) {
      for (const { id } of side.inputs.references) if (!this.filledSlots.has(id)) missing.add(this.slotIndex.get(id)!);
    }
    // In the order they were bound, as when every slot was filled at once.
    const slots = [...missing].sort((a, b) => a - b).map((k) => this.slots[k]);
    if (this.scopedSymbols === this.symbolNodes.size && slots.length === 0) return;
    this.atEachPoint((index) => this.fillScope(this.scopes[index], this.scopedSymbols, slots));
    this.scopedSymbols = this.symbolNodes.size;
    for (const slot of slots) this.filledSlots.add(slot.id);
  }

  /**
   * Runs `f` at each sample point found, with the tape holding that point's values: those kept
   * when it was drawn, unless nodes were added since (then it is drawn again, as at first).
   */
  private atEachPoint<T>(f: (index: number) => T): T[] {
    const tape = this.graph.tape;
    return this.points.map((p, index) => {
      if (this.drawnWith[index] === tape.nodes.length) tape.restore(this.values[index]);
      else {
        drawPoint(this.graph, p, this.seed);
        this.values[index] = tape.snapshot();
        this.drawnWith[index] = tape.nodes.length;
      }
      return f(index);
    });
  }
  /**
   * Evaluates further expressions (factors of a product, candidate corrections) at the same
   * points as the claims; undefined for an expression that cannot be evaluated.
   */
  evaluateExpressions(exprs: Expr[], context: ClaimModel): Array<Samples | undefined> {
    return this.evaluateShaped(exprs, context).map((e) => e?.values);
  }

  /** True when a claim involves a vector or a matrix (on either side, or in what the right side reads). */
  readsTensors(claim: PreparedClaim): boolean {
    if (claim.shapeError || claim.shapes?.truth.length || claim.shapes?.claimed.length) return true;
    return [...(claim.right?.inputs.symbols ?? [])].some((name) => this.shapeOfSymbol(name).length > 0);
  }

  /** Like evaluateExpressions, with each value's shape (scalar outside vector derivations). */
  evaluateShaped(exprs: Expr[], context: ClaimModel): Array<{ values: Samples; shape: Shape } | undefined> {
    const compiled = exprs.map((expr) => {
      try {
        const side = compileSide(expr, this.context);
        this.bind({ ...context, left: context.left, right: expr }, [side]);
        return side;
      } catch {
        return undefined;
      }
    });
    this.refreshScopes(compiled.filter((side): side is CompiledSide => side !== undefined));
    return compiled.map((side) => {
      if (!side) return undefined;
      try {
        const values = this.scopes.map((scope) => evaluateSide(side, scope, this.graph.lanes, this.mathScope(), this.idShapes));
        return { values, shape: side.shape ?? SCALAR };
      } catch {
        return undefined;
      }
    });
  }

  /**
   * In a matrix derivation, the part of d(of)/d(wrt) that flows through each definition that
   * reads wrt directly: d(of)/d(step) carried back through that step alone.
   */
  firstStepContributions(of: string, wrt: string, steps: string[]): Samples[] {
    const graph = this.graph;
    const tape = graph.tape;
    const [ofNode, wrtNode] = [graph.symbol(of), graph.symbol(wrt)];
    const stepNodes = steps.map((s) => graph.symbol(s));
    const atSymbols = (node: TapeNode): boolean => node.spec.op === 'identity';
    const perStep: Samples[] = steps.map(() => []);
    this.atEachPoint(() => {
      tape.backward(ofNode, stepNodes);
      const adjoints = stepNodes.map((n) => Float64Array.from(tape.adjointOf(n)));
      stepNodes.forEach((n, k) => perStep[k].push(tape.vjp(n, adjoints[k], [wrtNode], atSymbols)[0]));
    });
    return perStep;
  }

  /**
   * The part of d(of)/d(wrt) that flows through each term of of's own definition (the data term
   * and the penalty of a regularised loss), each term built on its own.
   */
  termContributions(wrt: string, terms: Expr[]): Samples[] {
    const graph = this.graph;
    const tape = graph.tape;
    const wrtNode = graph.symbol(wrt);
    const nodes = terms.map((t) => graph.build(t, new Map()));
    return nodes.map((node) => this.atEachPoint(() => tape.derivatives(node, [wrtNode])[0]));
  }

  /**
   * The part of d(of)/d(wrt) that flows along one path of definitions: the product of each
   * step's local derivative, summed over the examples when both ends are shared by them.
   */
  pathContribution(path: string[]): Samples {
    const graph = this.graph;
    const tape = graph.tape;
    const nodes = path.map((name) => graph.symbol(name));
    const atSymbols = (node: TapeNode): boolean => node.spec.op === 'identity';
    const sumLanes = !tape.nodes[nodes[0]].perExample && !tape.nodes[nodes[nodes.length - 1]].perExample;
    return this.atEachPoint(() => {
      let product = Float64Array.of(1);
      for (let k = 1; k < nodes.length; k++) {
        const [local] = tape.derivatives(nodes[k], [nodes[k - 1]], atSymbols);
        const lanes = Math.max(product.length, local.length);
        const next = new Float64Array(lanes);
        for (let i = 0; i < lanes; i++) next[i] = product[product.length === 1 ? 0 : i] * local[local.length === 1 ? 0 : i];
        product = next;
      }
      return sumLanes && product.length > 1 ? Float64Array.of(product.reduce((a, b) => a + b, 0)) : product;
    });
  }
}

/**
 * A claim shared by the examples against a per-example reference of the same shape: each
 * example's reference is compared with the one claimed value.
 */
export function broadcastLanes(truth: Samples, claimed: Samples, shapes: { truth: Shape; claimed: Shape }): Samples {
  if (!sameShape(shapes.truth, shapes.claimed)) return claimed;
  const size = sizeOf(shapes.truth);
  return claimed.map((c, p) => {
    const t = truth[p];
    if (c.length !== size || t.length === size) return c;
    const out = new Float64Array(t.length);
    for (let k = 0; k < t.length; k++) out[k] = c[k % size];
    return out;
  });
}

/** The name of a derivative's numerator, or `the expression` when it is not a name. */
function printName(of: Expr): string {
  return of.kind === 'symbol' ? of.name : 'the expression';
}

class UndefinedSymbol extends Error {
  constructor(readonly symbol: SymbolExpr) {
    super(`${symbol.name} is not defined in the document and not part of the computation`);
  }
}

function firstOccurrence(name: string, exprs: Expr[]): Span | undefined {
  let span: Span | undefined;
  for (const e of exprs) walk(e, (n) => { if (!span && n.kind === 'symbol' && n.name === name) span = n.span; });
  return span;
}

/** Free names of an expression, looking through the author's aliases. */
function freeNames(expr: Expr, aliases: Map<string, Expr>): Set<string> {
  const names = new Set<string>();
  walk(expr, (node) => {
    if (node.kind === 'symbol') {
      const alias = aliases.get(node.name);
      if (alias) for (const n of freeNames(alias, new Map())) names.add(n);
      else names.add(node.name);
    }
  });
  return names;
}
