import type { Span } from '../report';
import { type CallExpr, differentiatedNames, type Expr, freeSymbols, hasReference, renameSymbols, type SymbolExpr, walk, withoutPlaces } from '../latex/ast';
import { type Equation, splitEquations } from '../latex/equations';
import { emptySymbolTable, type SymbolTable } from '../latex/names';
import { ParseError } from '../latex/parse-error';
import { Parser } from '../latex/parser';
import { shiftSpans } from '../latex/shift-spans';
import { tokenize, type Token } from '../latex/tokens';
import { type DocumentKind, extractMath, type MathBlock } from '../source/extract';
import { type Directives, readDirectives } from './directives';
import { emptyShapes, readDeclarationLists, readShapeDeclaration, type ShapeDeclarations, statesSoftmaxOfRows } from './shapes';
import { oneHotTargets } from './one-hot';
import { type Assumption, readAssumptions, statedOneHot } from './assumptions';
import { IndexError, type IndexMismatch, IndexRewriter, readIndexRanges, sumIndexRanges, type VectorEntries, vectorEntries } from './indices';
import { indexExtents } from './index-extents';
import { readableName } from '../latex/readable';
import { isDataName } from './roles';
import { brokenLatex } from '../latex/broken';
import { type Placed, readSections, Scopes, scopedViews } from './scopes';
import { breakReferenceCycles } from './cycles';
import { instantiateOpen, LOSS_NAME, type OpenQuantity } from './abstract-functions';
import { collectSymbols, functionDefinitionAt, functionDefinitionIn, readDefinedNameSafe } from './symbol-table';
import { leaveRecursionsUnchecked } from './recurrences';
import { type StepInstance, type Unrolling, unrollPositions, unrollRecursions } from './unroll';

/** `net_1 = x w_1 + b`: an equation with a name alone on its left defines that name. */
export interface Definition {
  name: string;
  expr: Expr;
  nameSpan: Span;
  block: number;
  /** The value of a function defined with its arguments (`u(a, b) = ...`), read as a name. */
  ofFunction?: true;
}

/** `f(z) = ...`, or the question's `\sigma = \frac{1}{1+e^{-x}}` whose dummy is x. */
export interface FunctionDefinition {
  name: string;
  dummies: string[];
  body: Expr;
  span: Span;
  /** A definition that could not be read: the function has no value where it is in force. */
  unreadable?: true;
}

/** One claimed equality: `left` (what is derived) equals `right` (what the author wrote). */
export interface ClaimModel {
  left: Expr;
  right: Expr;
  leftSpan: Span;
  rightSpan: Span;
  block: number;
  /** Why the right side could not be read: the claim is listed, unchecked. */
  problem?: Problem;
  /** Set when the left side is a `\delta` read by convention as dLoss/dz. */
  convention?: string;
  /** In index notation, free indices that differ between the sides. */
  indexMismatch?: IndexMismatch;
  /** An instance of a claim about a general time step, or a claim that reads the unrolled steps (./unroll). */
  step?: StepInstance;
}

/** `w \leftarrow w - \alpha \frac{\partial L}{\partial w}` (also `:=`, `\gets`, `w^{t+1} =`). */
export interface UpdateRule {
  target: SymbolExpr;
  value: Expr;
  span: Span;
}

export interface Problem {
  kind: 'parse-error' | 'unchecked';
  message: string;
  span: Span;
}

/** Valid LaTeX that gradcheck does not read (a probability, an integral, a set): counted, not flagged. */
export interface UnreadFormula {
  span: Span;
  reason: string;
}

export interface Derivation {
  blocks: MathBlock[];
  definitions: Map<string, Definition>;
  functions: Map<string, FunctionDefinition>;
  /** Names defined as a derivative (`\delta = \frac{\partial L}{\partial z}`): their value is the reference. */
  aliases: Map<string, Expr>;
  claims: ClaimModel[];
  updates: UpdateRule[];
  problems: Problem[];
  unread: UnreadFormula[];
  directives: Directives;
  /** Symbols that stand for the number of examples (the N of `\sum_{i=1}^{N}`). */
  exampleCounts: Set<string>;
  /** Every occurrence of each symbol in definitions, in document order. */
  occurrences: Map<string, Span[]>;
  /** Names whose defining equation could not be read: neither parameters nor computable. */
  unreadable: Map<string, Span>;
  /** The author's functions that compute a built-in one (their sigma is the sigmoid), by name. */
  builtinEquivalents: Map<string, string>;
  /** Declared shapes of vectors and matrices; undeclared leaves are scalars. */
  shapes: ShapeDeclarations;
  /** Targets sampled as one-hot vectors (the target of a cross-entropy over a softmax). */
  oneHot: Set<string>;
  /** What the text assumes of a quantity (`\mathbf{Q} \succ 0`, "symmetric"), by name: its samples fit. */
  assumptions: Map<string, Assumption[]>;
  /** Functions and a loss the text leaves open, checked as random smooth ones (./abstract-functions). */
  open: Map<string, OpenQuantity>;
  /** The loss, when the text leaves it open: named but not defined, or a function it never defines (`\ell(\hat{y}, y)`). */
  openLoss?: string;
  /** The document's recursion over time steps, unrolled (./unroll). */
  unrolling?: Unrolling;
}

/** Roles given by configuration rather than by the document. */
export interface ConfiguredRoles {
  params?: string[];
  data?: string[];
  constants?: string[];
  loss?: string;
}

/** Configured roles fill in what the document's own `gradcheck:` comment does not say. */
function withConfiguredRoles(directives: Directives, configured: ConfiguredRoles | undefined): Directives {
  if (!configured) return directives;
  const roles = new Map(directives.roles);
  const assign = (names: string[] | undefined, role: 'parameter' | 'data' | 'constant'): void => {
    for (const name of names ?? []) {
      const key = name.replace(/[{}]/g, '');
      if (!roles.has(key)) roles.set(key, role);
    }
  };
  assign(configured.params, 'parameter');
  assign(configured.data, 'data');
  assign(configured.constants, 'constant');
  return { ...directives, roles, loss: directives.loss ?? configured.loss };
}

/** "$\mathbf{y}$ is a one-hot vector" in the prose says what `onehot y` in a `gradcheck:` comment says. */
function withStatedLabels(directives: Directives, text: string): Directives {
  const stated = statedOneHot(text);
  return stated.length ? { ...directives, oneHot: new Set([...directives.oneHot, ...stated]) } : directives;
}

/** Guards against pathological documents: beyond these, the rest is reported, not parsed. */
export const LIMITS = { textLength: 2_000_000, blocks: 20_000, equations: 50_000 };

interface ParsedEquation {
  equation: Equation;
  sides: Expr[];
  block: number;
  /** Per side, in index notation: free indices that differ from the left side's. */
  mismatches?: Array<IndexMismatch | undefined>;
  step?: StepInstance;
}

/** True when an expression holds a derivative in differential notation (not just sigma'). */
function hasDerivative(expr: Expr): boolean {
  let found = false;
  walk(expr, (node) => { if (node.kind === 'derivative') found = true; });
  return found;
}

/**
 * An equation that failed to parse but whose left side is a derivative is still a claim:
 * listed, unchecked, with the reason (never silently skipped).
 */
function unreadableClaim(equation: Equation, table: SymbolTable, block: number, problem: Problem): ClaimModel | undefined {
  const [first, ...rest] = equation.sides;
  if (rest.length === 0 || first.start >= first.end) return undefined;
  let left: Expr;
  try {
    left = new Parser(equation.tokens, table, first.start, first.end).parseAll();
  } catch {
    const t = equation.tokens[first.start];
    // \frac{\partial^2 L}{\partial w^2}: a derivative we cannot read is still a claim.
    if (!equation.tokens.slice(first.start, first.end).some((x) => x.text === '\\partial' || x.text === '\\nabla')) return undefined;
    left = { kind: 'number', value: 0, span: { start: t.start, end: equation.tokens[first.end - 1].end } };
  }
  if (left.kind !== 'number' && !hasReference(left)) return undefined;
  const from = equation.tokens[rest[0].start] ?? equation.tokens[rest[0].start - 1];
  const to = equation.tokens[rest[rest.length - 1].end - 1] ?? from;
  const rightSpan = { start: from.start, end: Math.max(from.end, to.end) };
  return { left, right: { kind: 'number', value: 0, span: rightSpan }, leftSpan: left.span, rightSpan, block, problem };
}

/** Reads a document into definitions, functions, claims and update rules: the first scope's view. Never throws. */
export function readDerivation(text: string, kind: DocumentKind, configured?: ConfiguredRoles): Derivation {
  return readDerivations(text, kind, configured)[0];
}

/**
 * Reads a document into one view per set of meanings in force (see ./scopes): the claims of each
 * view read the same definitions. A document that gives each name one meaning has one view.
 * Never throws.
 */
export function readDerivations(text: string, kind: DocumentKind, configured?: ConfiguredRoles): Derivation[] {
  const source = extractMath(text.length > LIMITS.textLength ? text.slice(0, LIMITS.textLength) : text, kind);
  const derivation: Derivation = {
    blocks: source.blocks.slice(0, LIMITS.blocks),
    definitions: new Map(),
    functions: new Map(),
    aliases: new Map(),
    claims: [],
    updates: [],
    problems: [],
    unread: [],
    directives: withStatedLabels(withConfiguredRoles(readDirectives(source.directives), configured), text),
    exampleCounts: new Set(),
    occurrences: new Map(),
    builtinEquivalents: new Map(),
    unreadable: new Map(),
    shapes: { ...emptyShapes(), softmaxOfRows: statesSoftmaxOfRows(text) },
    oneHot: new Set(),
    assumptions: readAssumptions(text),
    open: new Map(),
  };
  if (text.length > LIMITS.textLength) {
    derivation.problems.push({ kind: 'unchecked', message: `only the first ${LIMITS.textLength} characters are checked`, span: { start: LIMITS.textLength, end: text.length } });
  }
  for (const p of derivation.directives.problems) derivation.problems.push({ kind: 'parse-error', ...p });

  const equations: Array<{ equation: Equation; block: number }> = [];
  const declarationTable = emptySymbolTable();
  /** Component indices (k of y_k) and the sizes they run to. */
  const ranges = new Map<string, string>();
  const blockTokens: Token[][] = [];
  derivation.blocks.forEach((block, index) => {
    const { tokens, equations: blockEquations } = blockCached(text, block);
    blockTokens.push(tokens);
    readDeclarationLists(tokens, declarationTable, derivation.shapes);
    readIndexRanges(tokens, ranges);
    for (const equation of blockEquations) {
      if (readShapeDeclaration(equation, declarationTable, derivation.shapes)) continue;
      // Memberships, inequalities and approximations (v \in \{0, 1\}, a < b) claim nothing to check.
      if (equation.relations.some((r) => r.kind === 'other' || r.kind === 'approx')) continue;
      if (equations.length < LIMITS.equations) equations.push({ equation, block: index });
    }
  });

  const { table, open } = collectSymbols(equations.map((e) => e.equation), derivation);
  const parsed: ParsedEquation[] = [];
  const failedFunctions: Array<FunctionDefinition & Placed> = [];
  const fingerprint = symbolTableId(`${[...table.names].join('|')}#${[...table.stems].join('|')}#${[...table.functions].join('|')}`);
  for (const { equation, block } of equations) {
    const result = parseCached(text, equation, table, fingerprint);
    const notRead = (problem: Problem, span: Span): void => {
      const broken = brokenBlock(text, derivation.blocks[block]);
      if (!broken) derivation.unread.push({ span, reason: problem.message });
      else if (problem.kind === 'parse-error') derivation.problems.push(problem);
      else derivation.problems.push({ kind: 'parse-error', message: broken, span });
    };
    // A name whose defining side could not be read has no value here, rather than one from elsewhere.
    const unreadableDefinition = (): void => {
      const left = equation.sides[0];
      const leftSpan = { start: equation.tokens[left.start]?.start ?? equation.span.start, end: equation.tokens[left.end - 1]?.end ?? equation.span.end };
      const name = readDefinedNameSafe(equation.tokens, left.start, left.end, table);
      const fn = name ? undefined : functionDefinitionAt(equation.tokens, left.start, left.end, table);
      if (fn) failedFunctions.push({ name: fn.name, dummies: [], body: { kind: 'number', value: NaN, span: leftSpan }, span: leftSpan, at: equation.span.start, unreadable: true });
      if (name && !derivation.unreadable.has(name.name) && !listsEntries(equation)) derivation.unreadable.set(name.name, name.span);
    };
    if (result.sides) {
      parsed.push({ equation, sides: result.sides, block });
      for (const problem of result.skipped) notRead(problem, problem.span);
      if (result.sides.length === 1 && result.skipped.length) unreadableDefinition();
    } else {
      notRead(result.problem, equation.span);
      unreadableDefinition();
      const claim = unreadableClaim(equation, table, block, result.problem);
      if (claim) derivation.claims.push(claim);
    }
  }
  const recursions = unrollRecursions(parsed, derivation.shapes, derivation.directives.steps);
  const unrolled = recursions.unrolling ? recursions : unrollPositions(parsed, blockTokens, derivation.shapes);
  derivation.unrolling = unrolled.unrolling;
  for (const p of unrolled.outside) derivation.unread.push({ span: p.equation.span, reason: 'it reads a time step outside the sequence, or an entry outside a vector, wherever it is taken' });
  const indexed = withoutLooseEntries(rewriteIndexNotation(unrolled.equations, ranges, derivation, text, vectorEntries(blockTokens)), derivation);
  const equationsRead = stripExampleIndices(withoutSumsOverFamilies(indexed, derivation), derivation.exampleCounts, new Set(ranges.keys()), derivation.shapes);
  const meanings: Meanings = { definitions: new Map(), aliases: new Map(), functions: new Map() };
  const differentiated = differentiatedNames(equationsRead.flatMap((p) => p.sides));
  for (const p of equationsRead) classify(p, derivation, meanings, table, differentiated, open);
  for (const failed of failedFunctions) {
    const list = meanings.functions.get(failed.name) ?? [];
    list.splice(list.filter((m) => m.at < failed.at).length, 0, failed);
    meanings.functions.set(failed.name, list);
  }
  const conventions = new Set<number>();
  return scopedViews(derivation, meanings, () => new Scopes(readSections(text, kind))).map((view) => {
    view.open = instantiateOpen(view, open, conventionalLoss(view));
    leaveRecursionsUnchecked(view);
    resolveDeltaConvention(view);
    for (const problem of breakReferenceCycles(view)) {
      // Views share the document's problems: a cycle they all read is reported once.
      if (!derivation.problems.some((p) => p.span.start === problem.span.start && p.message === problem.message)) derivation.problems.push(problem);
    }
    // An error term read by convention is one claim, in the first view that reads it.
    view.claims = view.claims.filter((c) => !c.convention || !conventions.has(c.leftSpan.start));
    for (const c of view.claims) if (c.convention) conventions.add(c.leftSpan.start);
    recordOccurrences(view);
    view.oneHot = oneHotTargets(view, findLoss(view), text);
    return view;
  });
}

/**
 * `\mathbf{x} = [x_1, x_2, \ldots, x_n]^\top`: a vector written by its entries says what x is made
 * of, not how to compute it; x stays a quantity of its own rather than one whose definition failed.
 */
function listsEntries(equation: Equation): boolean {
  const right = equation.tokens.slice(equation.sides[1]?.start ?? 0, equation.sides[1]?.end ?? 0);
  return right.some((t) => t.text === ',') && right.some((t) => t.text === '\\ldots' || t.text === '\\dots' || t.text === '\\cdots');
}

/** KaTeX's verdict on a whole block: an environment is given with its \begin and \end. */
function brokenBlock(text: string, block: MathBlock): string | undefined {
  const whole = text.slice(block.span.start, block.span.end);
  const latex = whole.startsWith('\\begin{') ? whole : text.slice(block.content.start, block.content.end);
  return brokenLatex(latex, block.display);
}

/** The sides read, and the equalities of a chain that could not be (the others still claim). */
type ParseResult = { sides: Expr[]; skipped: Problem[]; problem?: undefined } | { sides?: undefined; problem: Problem };

/**
 * A block's tokens and equations by its text and position: they depend on nothing else, and on a
 * keystroke only the block typed in (and the positions after it) change. Never mutated.
 */
const blockCache = new Map<string, { tokens: Token[]; equations: Equation[] }>();
const BLOCK_CACHE_LIMIT = 5_000;

function blockCached(text: string, block: MathBlock): { tokens: Token[]; equations: Equation[] } {
  const { start, end } = block.content;
  const key = `${start}\u0000${text.slice(start, end)}`;
  let result = blockCache.get(key);
  if (!result) {
    const tokens = tokenize(text, start, end);
    result = { tokens, equations: splitEquations(tokens, text) };
    if (blockCache.size >= BLOCK_CACHE_LIMIT) blockCache.clear();
    blockCache.set(key, result);
  }
  return result;
}

/**
 * Parsed equations by their text and the document's symbol table, then by where they are: while
 * the author types in one block, no other equation is parsed again, those after it only moved
 * (see shiftSpans); where an edit and its undo alternate, not even moved. Trees are never mutated.
 */
const parseCache = new Map<string, Map<number, ParseResult>>();
/** Places kept per equation: the last few an edit moved it to. */
const PLACES_PER_EQUATION = 4;
const PARSE_CACHE_LIMIT = 20_000;

/**
 * A short id per symbol table: the table of a long document is long, and a key per equation that
 * spelled it out made the parse cache quadratic in the document's length.
 */
const symbolTables = new Map<string, string>();
// Each key is as long as a document's list of names: few of them, unlike parses.
const SYMBOL_TABLE_LIMIT = 100;

function symbolTableId(table: string): string {
  let id = symbolTables.get(table);
  if (id === undefined) {
    if (symbolTables.size >= SYMBOL_TABLE_LIMIT) {
      symbolTables.clear();
      // Ids are reused after a clear: the parses keyed by the old ones must go too.
      parseCache.clear();
    }
    id = String(symbolTables.size);
    symbolTables.set(table, id);
  }
  return id;
}

function parseCached(text: string, equation: Equation, table: SymbolTable, fingerprint: string): ParseResult {
  const key = `${text.slice(equation.span.start, equation.span.end)}\u0000${fingerprint}`;
  const start = equation.span.start;
  let places = parseCache.get(key);
  if (!places) {
    const problems: Problem[] = [];
    const skipped: Problem[] = [];
    const sides = parseSides(equation, table, problems, skipped);
    places = new Map([[start, sides ? { sides, skipped } : { problem: problems[0] }]]);
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
    parseCache.set(key, places);
  }
  let result = places.get(start);
  if (!result) {
    const [[from, parsed]] = places;
    result = shiftSpans(parsed, start - from);
    if (places.size >= PLACES_PER_EQUATION) places.delete([...places.keys()][1]);
    places.set(start, result);
  }
  return result;
}

function parseSides(equation: Equation, table: SymbolTable, problems: Problem[], skipped: Problem[]): Expr[] | undefined {
  const sides: Expr[] = [];
  for (let k = 0; k < equation.sides.length; k++) {
    const range = equation.sides[k];
    const only = equation.tokens[range.start];
    if (k === 0 && range.end - range.start === 1 && table.functions.has(only.text)) {
      // `\sigma = \frac{1}{1+e^{-x}}`: a function defined without writing its argument.
      sides.push({ kind: 'symbol', name: only.text, span: { start: only.start, end: only.end } });
      continue;
    }
    try {
      if (range.start >= range.end) {
        const relation = equation.relations[Math.min(k, equation.relations.length - 1)];
        throw new ParseError(k === 0 ? `expected an expression before '${relationText(relation.span, equation)}'` : 'expected an expression after the relation', relation.span);
      }
      sides.push(new Parser(equation.tokens, table, range.start, range.end).parseAll());
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      const problem: Problem = { kind: error.unsupported ? 'unchecked' : 'parse-error', message: error.message, span: error.span };
      // `A = \textrm{prod}(B, C) = D`: one equality of a chain not read leaves the others, A = D still claims.
      if (k > 0 && equation.sides.length > 2) {
        skipped.push(problem);
        continue;
      }
      problems.push(problem);
      return undefined;
    }
  }
  if (sides.length > 1) return sides;
  problems.push(skipped[0]);
  return undefined;
}

function relationText(span: Span, equation: Equation): string {
  return equation.tokens.filter((t) => t.start >= span.start && t.end <= span.end).map((t) => t.text).join('');
}

/**
 * Inside `\sum_i`, `y_i` and `x^{(i)}` are the i-th example's y and x: the index names the
 * example, not a different symbol. The sum's upper limit (N, m) is the number of examples.
 */
function stripExampleIndices(parsed: ParsedEquation[], exampleCounts: Set<string>, components: Set<string>, shapes: ShapeDeclarations): ParsedEquation[] {
  const indices = new Set<string>();
  for (const p of parsed) for (const side of p.sides) walk(side, (node) => {
    if (node.kind !== 'sum' || (node.index && components.has(node.index))) return;
    if (node.index) indices.add(node.index);
    if (node.upper?.kind === 'symbol') exampleCounts.add(node.upper.name);
  });
  if (indices.size === 0) return parsed;
  const alternatives = [...indices].map((i) => i.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|');
  const subscript = new RegExp(`^(.+?)_(?:${alternatives})((?:\\^[([].*[)\\]])?'*)$`);
  const superscript = new RegExp(`^(.+?)\\^\\((?:${alternatives})\\)('*)$`);
  const strip = (name: string): string => {
    const m = subscript.exec(name) ?? superscript.exec(name);
    return m ? m[1] + m[2] : name;
  };
  // x^{(i)} \in \mathbb{R}^d declares the shape of every example's x.
  for (const [name, dims] of [...shapes.declared]) if (strip(name) !== name && !shapes.declared.has(strip(name))) shapes.declared.set(strip(name), dims);
  return parsed.map((p) => ({ ...p, sides: p.sides.map((side) => renameSymbols(side, strip)) }));
}

/** The names equations define: a name alone on the left of an equality. */
function definedNames(parsed: ParsedEquation[]): string[] {
  return parsed.flatMap((p) => (p.sides[0].kind === 'symbol' && p.sides.length > 1 ? [p.sides[0].name] : []));
}

/** An entry of a function's value (`\mathrm{softmax}(\mathbf{o})_j`) left outside index notation is not read. */
function withoutLooseEntries(parsed: ParsedEquation[], derivation: Derivation): ParsedEquation[] {
  return parsed.filter((p) => {
    let entry: string | undefined;
    for (const side of p.sides) walk(side, (n) => { if (n.kind === 'call' && n.entry) entry ??= `${readableName(n.fn)}(…)_${n.entry}`; });
    if (entry) derivation.unread.push({ span: p.equation.span, reason: `the entry ${entry} is read only in index notation, with the range of its index known` });
    return !entry;
  });
}

/**
 * `L_i = \sum_{j \neq y_i} \max(0, w_j^\top x_i - \dots)` sums over the classes j of a family of
 * parameters w_j, not over the examples: parameters are shared by the examples and never indexed
 * by them. Read as a sum over examples it would be wrong, so such an equation is not read.
 */
function withoutSumsOverFamilies(parsed: ParsedEquation[], derivation: Derivation): ParsedEquation[] {
  const defined = new Set(definedNames(parsed));
  return parsed.filter((p) => {
    let family: string | undefined;
    for (const side of p.sides) walk(side, (node) => {
      if (node.kind !== 'sum' || !node.index || family) return;
      const suffix = `_${node.index}`;
      walk(node.body, (n) => {
        if (n.kind !== 'symbol' || !n.name.endsWith(suffix) || defined.has(n.name)) return;
        const stem = n.name.slice(0, -suffix.length);
        if (!defined.has(stem) && !isDataName(stem)) family ??= n.name;
      });
    });
    if (family) derivation.unread.push({ span: p.equation.span, reason: `the sum over ${readableName(family)} runs over a family of parameters, not over the examples; such sums are not read yet` });
    const positions = family ? undefined : sumOverPositions(p.sides);
    if (positions) derivation.unread.push({ span: p.equation.span, reason: positions });
    return !family && !positions;
  });
}

/**
 * `\sum_{i=1}^{M-k+1} \frac{\partial L}{\partial y_{i}}` runs over the positions of a feature map, not
 * over the examples: a sum to a computed bound is not read.
 */
function sumOverPositions(sides: Expr[]): string | undefined {
  let reason: string | undefined;
  for (const side of sides) walk(side, (e) => {
    if (!reason && e.kind === 'sum' && e.index && e.upper && e.upper.kind !== 'symbol' && e.upper.kind !== 'number') {
      reason = `the sum over ${e.index} runs to a computed bound, over positions rather than examples; such sums are not read yet`;
    }
  });
  return reason;
}

/**
 * Equations in index notation become matrix equations (./indices); one that cannot (more than
 * two free indices) is reported and left out.
 */
function rewriteIndexNotation(parsed: ParsedEquation[], ranges: Map<string, string>, derivation: Derivation, text: string, vectors: VectorEntries): ParsedEquation[] {
  const sides = parsed.flatMap((p) => p.sides);
  sumIndexRanges(sides, derivation.shapes, ranges, vectors);
  indexExtents(sides, matrixDefinitions(parsed), derivation.shapes, vectors, ranges);
  if (ranges.size === 0) return parsed;
  const rewriter = new IndexRewriter(ranges, derivation.shapes, definedNames(parsed));
  return parsed.flatMap((p) => {
    try {
      const target = rewriter.targetAxes(p.sides[0]);
      const rewritten = p.sides.slice(1).map((side) => rewriter.rewrite(side, target, text));
      const mismatches = [undefined, ...rewritten.map((r) => r.mismatch)];
      const defined = p.sides[0].kind === 'symbol' && !hasDerivative(p.sides[1]);
      const bad = rewritten.find((r) => r.mismatch);
      if (defined && bad) throw new IndexError(bad.mismatch!.message, bad.mismatch!.span);
      return [{ ...p, sides: [rewriter.rewriteLeft(p.sides[0]), ...rewritten.map((r) => r.expr)], mismatches }];
    } catch (error) {
      if (!(error instanceof IndexError)) throw error;
      derivation.unread.push({ span: p.equation.span, reason: error.message });
      if (p.sides[0].kind === 'symbol') derivation.unreadable.set(p.sides[0].name, p.sides[0].span);
      return [];
    }
  });
}

/** Names defined whole (`S = Q K^\top`), by their first definition: what their entries' indices run over. */
function matrixDefinitions(parsed: ParsedEquation[]): Map<string, Expr> {
  const definitions = new Map<string, Expr>();
  for (const { sides: [left, right] } of parsed) {
    if (left.kind === 'symbol' && right && !hasDerivative(right) && !definitions.has(left.name)) definitions.set(left.name, right);
  }
  return definitions;
}

/** The variable of a function written without its argument: the body's only free name, else x or z. */
function inferDummy(body: Expr): string {
  const free = [...freeSymbols(body)];
  if (free.length === 1) return free[0];
  return free.find((n) => n === 'x') ?? free.find((n) => n === 'z') ?? free[0] ?? 'x';
}

function isDelta(name: string): boolean {
  return /^\\delta(_|\^)/.test(name);
}

/**
 * Every meaning each name is given, in document order: which one holds at a claim is the scopes'
 * business (./scopes). A restatement of the meaning in force (`recall that z = wx + b`) is not a
 * new one.
 */
export interface Meanings {
  definitions: Map<string, Array<Definition & Placed>>;
  aliases: Map<string, Array<{ expr: Expr; at: number }>>;
  functions: Map<string, Array<FunctionDefinition & Placed>>;
}

function latestOf<T>(map: Map<string, T[]>, name: string): T | undefined {
  return map.get(name)?.at(-1);
}

function addMeaning<T extends Placed>(map: Map<string, T[]>, name: string, meaning: T, same: (a: T, b: T) => boolean): void {
  const list = map.get(name);
  if (!list) map.set(name, [meaning]);
  else if (!same(list[list.length - 1], meaning)) list.push(meaning);
}

/** Two expressions alike but for where they are written. */
function sameExpr(a: Expr, b: Expr): boolean {
  return withoutPlaces(a) === withoutPlaces(b);
}

function classify({ equation, sides, block, mismatches, step }: ParsedEquation, derivation: Derivation, meanings: Meanings, table: SymbolTable, differentiated: Set<string>, open: Map<string, number>): void {
  if (equation.relations.some((r) => r.kind === 'other' || r.kind === 'approx')) return;
  const [first, ...rest] = sides;
  const at = equation.span.start;
  const spanOfSide = (k: number): Span => sides[k].span;
  const claim = (left: Expr, k: number): void => {
    // `\nabla_w L = 2X^\top(Xw - y) = 0`: setting a derivative to zero states a condition to solve, not an identity.
    if (k === sides.length - 1 && k > 0 && sides[k].kind === 'number' && sides[k].value === 0 && hasReference(left)) return;
    const indexMismatch = mismatches?.[k];
    derivation.claims.push({ left, right: sides[k], leftSpan: first.span, rightSpan: spanOfSide(k), block, ...(indexMismatch ? { indexMismatch } : {}), ...(step && { step }) });
  };
  const define = (name: string, expr: Expr, nameSpan: Span, ofFunction?: true): void =>
    addMeaning(meanings.definitions, name, { name, expr, nameSpan, block, at, ...(ofFunction && { ofFunction, local: ofFunction }) }, (a, b) => sameExpr(a.expr, b.expr));
  const defineFunction = (name: string, dummies: string[], body: Expr): void =>
    addMeaning(meanings.functions, name, { name, dummies, body, span: equation.span, at }, (a, b) => sameExpr(a.body, b.body) && a.dummies.join() === b.dummies.join());

  // `w \leftarrow w - \alpha g` updates w; `L \coloneqq z^2` (the right side not reading L) defines L.
  const updates = first.kind === 'symbol' && ((equation.relations[0].kind === 'assign' && freeSymbols(rest[rest.length - 1]).has(first.name)) || (first.time && first.time !== 't'));
  if (first.kind === 'symbol' && updates) {
    derivation.updates.push({ target: first, value: rest[rest.length - 1], span: { start: first.span.start, end: equation.span.end } });
    return;
  }
  const fn = functionDefinitionIn(equation, table);
  if (fn && first.kind === 'call' && first.order === 0) {
    defineFunction(fn.name, fn.dummies.map((d) => d.name), rest[0]);
    // `u(a, b) = (a + b)^2` then `\frac{\partial u}{\partial b}`: the function's value, by its arguments.
    if (differentiated.has(fn.name)) define(fn.name, rest[0], first.fnSpan, true);
    return;
  }
  if (first.kind === 'symbol' && table.functions.has(first.name)) {
    defineFunction(first.name, [inferDummy(rest[0])], rest[0]);
    return;
  }
  if (first.kind === 'symbol') {
    const name = first.name;
    const alias = latestOf(meanings.aliases, name);
    const definition = latestOf(meanings.definitions, name);
    if (alias && (!definition || definition.at < alias.at)) {
      rest.forEach((_, k) => claim(first, k + 1));
      return;
    }
    if (hasDerivative(rest[0]) && !definition) {
      addMeaning(meanings.aliases, name, { expr: rest[0], at }, (a, b) => sameExpr(a.expr, b.expr));
      for (let k = 2; k < sides.length; k++) claim(first, k);
      return;
    }
    // d2l's `\mathbf{y} = \mathbf{o} + \boldsymbol{\epsilon}` for a label the text says is one-hot: a model of the data, not its value.
    if (derivation.directives.oneHot.has(name)) {
      derivation.unread.push({ span: equation.span, reason: `${readableName(name)} is a one-hot label, as the text states: this equation does not compute it` });
      return;
    }
    // `l(\mathbf{y}, \hat{\mathbf{y}}) = 0` only if the prediction is certain: where a loss defined before vanishes, not a new meaning.
    if (definition && rest.length === 1 && rest[0].kind === 'number' && rest[0].value === 0 && functionDefinitionAt(equation.tokens, equation.sides[0].start, equation.sides[0].end, table)) {
      derivation.unread.push({ span: equation.span, reason: `where ${readableName(name)} is 0: a condition, not a definition` });
      return;
    }
    // `\hat{\mathbf{y}} = \mathrm{softmax}(\mathbf{o}) \quad \textrm{where} \quad \hat{y}_i = \dots`: the vector
    // spelled out entry by entry in the same block is the same meaning, not a second one.
    if (first.indexed && definition?.block === block) return;
    define(name, rest[0], first.span);
    return;
  }
  if (first.kind === 'call' && first.order > 0) {
    const reason = open.has(first.fn) ? `a statement about ${readableName(first.fn)}', which the text leaves open` : somePoint(first, rest);
    if (reason) {
      derivation.unread.push({ span: equation.span, reason });
      return;
    }
  }
  if (hasReference(first)) rest.forEach((_, k) => claim(first, k + 1));
}

/**
 * `f'(\alpha) = \frac{f(b) - f(a)}{b - a}` (the mean value theorem): the point is named on the left
 * only, so the equality holds for some α the text does not give, not for every one.
 */
function somePoint(left: CallExpr, sides: Expr[]): string | undefined {
  const elsewhere = new Set<string>();
  for (const side of sides) freeSymbols(side, elsewhere);
  const point = [...freeSymbols({ ...left, order: 0 })].find((name) => !elsewhere.has(name));
  return point && `${readableName(left.fn)}' at a point ${readableName(point)} the right side does not name: an equality for some ${readableName(point)}, not a derivation`;
}

/**
 * `\delta^{(l)} = ...` with no explicit definition means dLoss/dz^{(l)} by the usual convention,
 * where z^{(l)} is the pre-activation with the same index (the argument of a function elsewhere).
 * Its equation becomes a claim instead of a definition.
 */
function resolveDeltaConvention(derivation: Derivation): void {
  const loss = derivation.directives.loss ?? findLoss(derivation);
  if (!loss) return;
  const activated = new Set<string>();
  for (const def of derivation.definitions.values()) walk(def.expr, (node) => {
    if (node.kind === 'call' && node.args[0]?.kind === 'symbol') activated.add(node.args[0].name);
  });
  for (const [name, def] of [...derivation.definitions]) {
    if (!isDelta(name)) continue;
    const suffix = name.slice('\\delta'.length);
    const candidates = [...derivation.definitions.keys()].filter((n) => n !== name && n.endsWith(suffix) && !isDelta(n));
    const z = candidates.find((n) => activated.has(n)) ?? candidates.find((n) => /^(z|net|s|u)/.test(n));
    if (!z) continue;
    const left: SymbolExpr = { kind: 'symbol', name, span: def.nameSpan };
    derivation.definitions.delete(name);
    derivation.aliases.set(name, {
      kind: 'derivative',
      of: { kind: 'symbol', name: loss, span: def.nameSpan },
      wrt: { kind: 'symbol', name: z, span: def.nameSpan },
      span: def.nameSpan,
    });
    derivation.claims.push({ left, right: def.expr, leftSpan: def.nameSpan, rightSpan: def.expr.span, block: def.block, convention: `${readableName(name)} is read as the derivative of ${readableName(loss)} with respect to ${readableName(z)}` });
  }
  derivation.claims.sort((a, b) => a.leftSpan.start - b.leftSpan.start || a.rightSpan.start - b.rightSpan.start);
}

/** The loss when the text names one: a directive, or a conventional name (L, J, \ell) computed from the others. */
function conventionalLoss(view: Derivation): string | undefined {
  const loss = view.directives.loss ?? findLoss(view);
  return loss && (view.directives.loss || LOSS_NAME.test(loss)) ? loss : undefined;
}

/**
 * The loss is the defined symbol nothing else is computed from; among several, the one most
 * differentiated, then the conventional names.
 */
export function findLoss(derivation: Derivation): string | undefined {
  if (derivation.directives.loss) return derivation.directives.loss;
  const used = new Set<string>();
  for (const def of derivation.definitions.values()) walk(def.expr, (n) => { if (n.kind === 'symbol') used.add(n.name); });
  const roots = [...derivation.definitions.values()].filter((d) => !used.has(d.name) && !isDelta(d.name) && !d.ofFunction).map((d) => d.name);
  if (roots.length <= 1) return roots[0];
  const differentiated = new Map<string, number>();
  for (const c of derivation.claims) walk(c.left, (n) => {
    if (n.kind === 'derivative' && n.of.kind === 'symbol') differentiated.set(n.of.name, (differentiated.get(n.of.name) ?? 0) + 1);
  });
  return [...roots].sort((a, b) => (differentiated.get(b) ?? 0) - (differentiated.get(a) ?? 0)
    || Number(LOSS_NAME.test(b)) - Number(LOSS_NAME.test(a)))[0];
}

function recordOccurrences(derivation: Derivation): void {
  const defs = [...derivation.definitions.values()].sort((a, b) => a.nameSpan.start - b.nameSpan.start);
  for (const def of defs) walk(def.expr, (node) => {
    if (node.kind !== 'symbol') return;
    const list = derivation.occurrences.get(node.name) ?? [];
    list.push(node.span);
    derivation.occurrences.set(node.name, list);
  });
}
