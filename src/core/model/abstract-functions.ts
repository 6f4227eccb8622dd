/**
 * Functions the text leaves open. Textbooks write `h = \phi(z)`, `L = \ell(\hat{y}, y)` or
 * `y = f(g(x))` for any activation, any loss, any composite: a claim about them must hold for
 * every smooth function. gradcheck checks it for one drawn at random from a fixed family (tanh,
 * softplus and low-degree polynomial terms mixing the arguments), seeded by the function's name so
 * that it is the same function wherever the name is used. A loss the text names but never defines
 * (`L`, `J`, "whatever the layers above compute") is such a function of the quantities nothing
 * else is computed from.
 */
import { type CallExpr, differentiatedNames, type Expr, freeSymbols, type SymbolExpr, walk, withoutPlaces } from '../latex/ast';
import { FUNCTION_SPELLINGS } from '../latex/commands';
import type { Equation } from '../latex/equations';
import { matching, NameReader, type SymbolTable } from '../latex/names';
import { readableName } from '../latex/readable';
import type { Token } from '../latex/tokens';
import type { Span } from '../report';
import type { Definition, Derivation, FunctionDefinition } from './derivation';
import { namesReached } from './assumptions';
import { mulberry32 } from '../random';

/** What the text leaves open in a view, by name: said in the conditions of the claims that read it. */
export interface OpenQuantity {
  /** `φ a random smooth function`, for a claim's conditions. */
  condition: string;
  /** The functions it is made of (an open loss is a sum of one per output). */
  functions: string[];
}

/** Letters that name a function when applied, even once and to one argument. */
const FUNCTION_LETTERS = /^(f|g|h|l|F|G|H|\\phi|\\varphi|\\psi|\\Phi|\\Psi|\\ell|\\rho|\\mathcal\{L\}|\\mathcal\{F\})(_.*)?$/;

/** What an open function's name is made of: one letter, Latin, Greek or calligraphic (an upright word is an operator). */
const LETTER = /^([A-Za-z]|\\[A-Za-z]+|\\mathcal\{[A-Z]\})$/;

/** Names a loss goes by. */
export const LOSS_NAME = /^(L|J|E|C|\\ell|\\mathcal\{L\}|\\mathcal\{J\}|loss|cost|E_total)$/;

interface Application {
  arities: Set<number>;
  primed: boolean;
  /** Used as a value, not applied: then it is a quantity (`a(b + c)` multiplies). */
  bare: boolean;
}

/**
 * Names the equations apply to arguments but never define: `\phi(z)` or `\phi'(z)`, `\ell(\hat{y}, y)`.
 * A name applied to several arguments or primed is a function; one applied to one argument only
 * when it is a letter that conventionally names one and is never used as a value. Returns each
 * one's number of arguments.
 */
export function openFunctions(equations: Equation[], table: SymbolTable, defined: Set<string>): Map<string, number> {
  const seen = new Map<string, Application>();
  for (const { tokens } of equations) {
    const reader = new NameReader(tokens, table);
    for (let i = 0; i < tokens.length;) {
      const parts = readSafe(reader, tokens, i);
      if (!parts) { i++; continue; }
      const written = parts.stems.map((s) => s.text).join('') + parts.suffix;
      const name = written.replace(/'+$/, '');
      const entry = seen.get(name) ?? { arities: new Set(), primed: false, bare: false };
      seen.set(name, entry);
      // `y'(1 - y')` multiplies the defined y', and `J(\theta)` is the defined J: neither applies a function.
      const applied = tokens[parts.end]?.text === '(' && !defined.has(written) && parts.stems.length === 1 && LETTER.test(parts.stems[0].text);
      if (applied) {
        entry.arities.add(argumentCount(tokens, parts.end));
        if (name !== written) entry.primed = true;
      } else if (tokens[i - 1]?.text !== '\\partial') {
        entry.bare = true;
      }
      i = parts.end;
    }
  }
  const open = new Map<string, number>();
  for (const [name, use] of seen) {
    if (use.arities.size !== 1 || defined.has(name) || table.functions.has(name) || isBuiltin(name)) continue;
    const [arity] = use.arities;
    if (arity === 0) continue;
    if (arity > 1 || use.primed || (FUNCTION_LETTERS.test(name) && !use.bare)) open.set(name, arity);
  }
  return open;
}

function readSafe(reader: NameReader, tokens: Token[], i: number): ReturnType<NameReader['read']> {
  const t = tokens[i];
  if (t.kind !== 'letter' && t.kind !== 'command') return undefined;
  try {
    return reader.read(i, tokens.length, true);
  } catch {
    return undefined;
  }
}

function argumentCount(tokens: Token[], open: number): number {
  const close = matching(tokens, open, '(', ')', tokens.length);
  if (close < 0 || close === open + 1) return 0;
  let depth = 0;
  let count = 1;
  for (let i = open + 1; i < close; i++) {
    const text = tokens[i].text;
    if (text === '(' || text === '{' || text === '[') depth++;
    else if (text === ')' || text === '}' || text === ']') depth--;
    else if (text === ',' && depth === 0) count++;
  }
  return count;
}

function isBuiltin(name: string): boolean {
  return name === '\\sigma' || FUNCTION_SPELLINGS[name] !== undefined || /^\\(sqrt|det|Pr|exp|log|max|min|sup|inf|lim|arg)/.test(name);
}

/** A seeded generator of numbers in [0, 1): the same name always gives the same function. */
function generator(name: string): () => number {
  let h = 2166136261;
  for (let k = 0; k < name.length; k++) h = Math.imul(h ^ name.charCodeAt(k), 16777619);
  return mulberry32(h);
}

const NOWHERE: Span = { start: 0, end: 0 };
const num = (value: number): Expr => ({ kind: 'number', value: Math.round(value * 1000) / 1000, span: NOWHERE });
const sym = (name: string): SymbolExpr => ({ kind: 'symbol', name, span: NOWHERE });
const call = (fn: string, arg: Expr): Expr => ({ kind: 'call', fn, order: 0, args: [arg], span: NOWHERE, fnSpan: NOWHERE });
const sum = (terms: Expr[]): Expr => ({ kind: 'add', terms, signs: terms.map(() => 1), span: NOWHERE });
const times = (...factors: Expr[]): Expr => ({ kind: 'mul', factors, span: NOWHERE });

/** The dummies of a generated function: names no document can spell. */
export const dummyName = (k: number): string => `#${k + 1}`;

/**
 * A smooth function of `arity` arguments drawn from the family, entry by entry on vectors; with
 * `scalar`, the squared norm of such a function, so that a loss of vectors is a number.
 */
export function randomSmoothFunction(name: string, arity: number, scalar: boolean): FunctionDefinition {
  const random = generator(name);
  const signed = (lo: number, hi: number): number => (random() < 0.5 ? -1 : 1) * (lo + (hi - lo) * random());
  const dummies = Array.from({ length: arity }, (_, k) => dummyName(k));
  const args = dummies.map(sym);
  const mix = (): Expr => sum([...args.map((a) => times(num(signed(0.5, 1.5)), a)), num(signed(0, 1))]);
  const entrywise = sum([
    times(num(signed(0.5, 1.5)), call('tanh', mix())),
    times(num(signed(0.5, 1.5)), call('softplus', mix())),
    ...args.map((a) => times(num(signed(0.3, 1)), a)),
    times(num(signed(0.1, 0.3)), { kind: 'hadamard', factors: [args[0], args[Math.min(1, arity - 1)]], span: NOWHERE }),
  ]);
  const body: Expr = scalar ? { kind: 'pow', base: { kind: 'norm', arg: entrywise, span: NOWHERE }, exponent: num(2), span: NOWHERE } : entrywise;
  return { name, dummies, body, span: NOWHERE };
}

/**
 * Gives each open function its random instance in a view (a definition the view reads wins), and
 * an open loss its value. Returns what the view leaves open, for the conditions of its claims.
 */
export function instantiateOpen(view: Derivation, open: Map<string, number>, loss: string | undefined): Map<string, OpenQuantity> {
  const quantities = new Map<string, OpenQuantity>();
  const reducing = loss ? outermostCalls(view, loss) : new Set<string>();
  for (const [name, arity] of open) {
    if (view.functions.has(name)) continue;
    view.functions.set(name, randomSmoothFunction(name, arity, reducing.has(name)));
    if (reducing.has(name)) view.openLoss = loss;
    quantities.set(name, { condition: `${readableName(name)} taken as a random smooth function, as the text leaves it open`, functions: [name] });
    defineDifferentiatedValue(view, name);
  }
  const openLoss = loss === undefined ? undefinedLoss(view) : undefined;
  if (openLoss) quantities.set(openLoss.name, openLoss.open);
  return quantities;
}

/** `\frac{\partial \ell}{\partial \hat{y}}` where the text writes `\ell(\hat{y}, y)` once: ℓ there is that value. */
function defineDifferentiatedValue(view: Derivation, fn: string): void {
  if (view.definitions.has(fn) || !differentiatedIn(view).has(fn)) return;
  const calls = new Map<string, { call: CallExpr; block: number }>();
  for (const def of view.definitions.values()) walk(def.expr, (n) => {
    if (n.kind === 'call' && n.fn === fn && n.order === 0) calls.set(withoutPlaces(n.args), { call: n, block: def.block });
  });
  if (calls.size !== 1) return;
  const [{ call: value, block }] = calls.values();
  const definition: Definition = { name: fn, expr: value, nameSpan: value.fnSpan, block, ofFunction: true };
  view.definitions.set(fn, definition);
}

/** The names a view's claims and aliases differentiate. */
function differentiatedIn(view: Derivation): Set<string> {
  return differentiatedNames([...view.claims.flatMap((c) => [c.left, c.right]), ...view.aliases.values()]);
}

/**
 * The functions a loss is a sum, mean or multiple of, through the names it adds up: `\ell` in
 * `L = \frac{1}{T}\sum_t \ell(o_t, y_t)`, `l` in `J = L + s` with `L = l(\mathbf{o}, y)`.
 */
function outermostCalls(view: Derivation, loss: string): Set<string> {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'call': if (e.order === 0) found.add(e.fn); return;
      case 'symbol': {
        const def = view.definitions.get(e.name);
        if (def && !seen.has(e.name)) { seen.add(e.name); visit(def.expr); }
        return;
      }
      case 'add': e.terms.forEach(visit); return;
      case 'neg': visit(e.arg); return;
      case 'sum': visit(e.body); return;
      case 'div': visit(e.num); return;
      case 'mul': e.factors.forEach(visit); return;
      default: return;
    }
  };
  visit({ kind: 'symbol', name: loss, span: NOWHERE });
  return found;
}

/**
 * A loss that claims differentiate (`\frac{\partial L}{\partial O}`, `G = \frac{\partial L}{\partial O}`)
 * and nothing defines: the sum over the outputs (the computed quantities nothing else reads) of
 * the squared norm of a random smooth function of each.
 */
function undefinedLoss(view: Derivation): { name: string; open: OpenQuantity } | undefined {
  const name = [...differentiatedIn(view)].find((n) => LOSS_NAME.test(n) && !view.definitions.has(n) && !view.functions.has(n) && !view.directives.roles.get(n));
  if (!name) return undefined;
  const read = new Set<string>();
  for (const def of view.definitions.values()) walk(def.expr, (n) => { if (n.kind === 'symbol') read.add(n.name); });
  const isSize = (name: string): boolean => [...view.shapes.declared.values()].some((dims) => dims.includes(name));
  // The computed quantities: not a size (`n = 2(m - 1) + K`), a constant (`s = 2`) or an error term.
  const outputs = [...view.definitions.values()]
    .filter((d) => !read.has(d.name) && !d.ofFunction && !/^\\delta(_|\^)/.test(d.name) && !isSize(d.name) && freeSymbols(d.expr).size > 0)
    .map((d) => d.name);
  if (outputs.length === 0) return undefined;
  const functions = outputs.map((output) => `${name}→${output}`);
  const terms = outputs.map((output, k): Expr => {
    view.functions.set(functions[k], randomSmoothFunction(functions[k], 1, true));
    return { kind: 'call', fn: functions[k], order: 0, args: [sym(output)], span: NOWHERE, fnSpan: NOWHERE };
  });
  const { span, block } = firstDerivativeOf(view, name);
  // With statistics of the batch (batch normalization's μ_B), the loss is the batch's: a sum over the examples.
  const expr: Expr = computesBatchStatistics(view) ? { kind: 'sum', op: 'sum', body: sum(terms), span: NOWHERE } : sum(terms);
  view.definitions.set(name, { name, expr, nameSpan: span, block });
  view.openLoss = name;
  const of = outputs.map(readableName).join(', ');
  return { name, open: { condition: `${readableName(name)} taken as a random smooth function of ${of}, as the text leaves the loss open`, functions } };
}

/** True when a quantity is computed over all the examples (`\mu_{\mathcal{B}} = \frac{1}{m}\sum_{i=1}^{m} x_i`). */
function computesBatchStatistics(view: Derivation): boolean {
  let found = false;
  for (const def of view.definitions.values()) walk(def.expr, (n) => {
    if (n.kind === 'sum' && (n.index === undefined || (n.upper?.kind === 'symbol' && view.exampleCounts.has(n.upper.name)))) found = true;
  });
  return found;
}

/** Where the open loss is first differentiated: its definition is said to be there. */
function firstDerivativeOf(view: Derivation, name: string): { span: Span; block: number } {
  for (const c of view.claims) {
    let span: Span | undefined;
    walk(c.left, (n) => { if (!span && n.kind === 'derivative' && n.of.kind === 'symbol' && n.of.name === name) span = n.of.span; });
    if (span) return { span, block: c.block };
  }
  return { span: NOWHERE, block: view.claims[0]?.block ?? 0 };
}

/** What a claim reads that the text leaves open, through the definitions it reaches: its conditions. */
export function openConditions(exprs: Expr[], view: Derivation): string[] {
  if (view.open.size === 0) return [];
  const reached = namesReached(exprs, view);
  return [...view.open].filter(([name]) => reached.has(name)).map(([, open]) => open.condition);
}
