/**
 * The document's own symbol table, read before any formula is parsed: the names its definitions
 * give values (`net_1`, a variance `\sigma_{\mathcal{B}}^2`), the functions it defines (`f(z) = ...`)
 * or leaves open (./abstract-functions), and the names it writes consistently as words.
 */
import type { SymbolExpr } from '../latex/ast';
import { GREEK } from '../latex/commands';
import type { Equation } from '../latex/equations';
import { emptySymbolTable, matching, NameReader, type SymbolTable } from '../latex/names';
import type { Token } from '../latex/tokens';
import { openFunctions } from './abstract-functions';
import type { Derivation } from './derivation';

/**
 * `f(z) = body` defines a function when the body reads nothing but its dummies (and Euler's e);
 * `J(\theta) = \frac{1}{2}\sum(h(x) - y)^2` reads data, so it defines the symbol J instead.
 */
export function functionDefinitionIn(equation: Equation, table: SymbolTable): { name: string; dummies: SymbolExpr[] } | undefined {
  const { tokens, sides } = equation;
  if (sides.length < 2) return undefined;
  const fn = functionDefinitionAt(tokens, sides[0].start, sides[0].end, table);
  if (!fn) return undefined;
  const allowed = new Set(['e', ...fn.dummies.flatMap((d) => [...d.name])]);
  const body = tokens.slice(sides[1].start, sides[1].end);
  // `f(x) = g(h(x))`: the functions a body applies are read as functions, not as data.
  const applies = (k: number): boolean => {
    const next = body[k + 1]?.text;
    if (next !== '^') return next === '(' || (next === "'" && body[k + 2]?.text === '(');
    // `h^2(x)`: a power of the function's value.
    const close = body[k + 2]?.text === '{' ? matching(body, k + 2, '{', '}', body.length) : k + 2;
    return close > 0 && body[close + 1]?.text === '(';
  };
  const readsOnlyDummies = body.every((t, k) => t.kind !== 'letter' || allowed.has(t.text) || applies(k));
  return readsOnlyDummies ? fn : undefined;
}

export function functionDefinitionAt(tokens: Token[], start: number, end: number, table: SymbolTable): { name: string; dummies: SymbolExpr[] } | undefined {
  let parts;
  try {
    parts = new NameReader(tokens, table).read(start, end, true);
  } catch {
    return undefined;
  }
  if (!parts || tokens[parts.end]?.text !== '(' || tokens[end - 1]?.text !== ')' || parts.end >= end) return undefined;
  const name = parts.stems.map((s) => s.text).join('') + parts.suffix;
  if (name.endsWith("'")) return undefined;
  const dummies: SymbolExpr[] = [];
  let i = parts.end + 1;
  while (i < end - 1) {
    const dummy = readDefinedNameSafe(tokens, i, nextComma(tokens, i, end - 1), table);
    if (!dummy) return undefined;
    dummies.push(dummy);
    i = nextComma(tokens, i, end - 1) + 1;
  }
  return dummies.length ? { name, dummies } : undefined;
}

function nextComma(tokens: Token[], from: number, end: number): number {
  for (let i = from; i < end; i++) if (tokens[i].text === ',') return i;
  return end;
}

export function readDefinedNameSafe(tokens: Token[], start: number, end: number, table: SymbolTable): SymbolExpr | undefined {
  try {
    return new NameReader(tokens, table).whole(start, end);
  } catch {
    return undefined;
  }
}

/** The document's own symbol table: left sides of definitions and names after differentials. */
export function collectSymbols(equations: Equation[], derivation: Derivation): { table: SymbolTable; open: Map<string, number> } {
  const table = emptySymbolTable();
  const defined = new Set<string>();
  const add = (name: string): void => {
    table.names.add(name);
    const stem = /^([A-Za-z]{2,})(?=[_^']|$)/.exec(name);
    if (stem) table.stems.add(stem[1]);
  };
  /** `l(\mathbf{y}, \hat{\mathbf{y}}) = 0`: a function only if the document gives it no value elsewhere. */
  const vanishing = new Set<string>();
  for (const equation of equations) {
    const side = equation.sides[0];
    const fn = functionDefinitionIn(equation, table);
    const applied = fn ? undefined : functionDefinitionAt(equation.tokens, side.start, side.end, table);
    if (fn && saysZero(equation)) vanishing.add(fn.name);
    else if (fn) table.functions.add(fn.name);
    else if (applied) { add(applied.name); defined.add(applied.name); }
    else {
      const name = readDefinedNameSafe(equation.tokens, side.start, side.end, table) ?? varianceName(equation, table);
      if (name && equation.relations[0].kind !== 'other' && !definesConstant(equation, name.name)) {
        if (name.name === '\\sigma' && equation.relations.length === 1 && readsOneVariable(equation)) table.functions.add('\\sigma');
        else { add(name.name); defined.add(name.name); }
      }
    }
    const names = new NameReader(equation.tokens, table);
    equation.tokens.forEach((t, i) => {
      if (t.text !== '\\partial') return;
      try {
        const parts = names.read(i + 1, equation.tokens.length, true);
        if (parts) add(parts.stems.map((s) => s.text).join('') + parts.suffix);
      } catch {
        // An unbalanced name is reported when the equation is parsed.
      }
    });
  }
  for (const name of vanishing) if (!defined.has(name)) table.functions.add(name);
  for (const [name, role] of derivation.directives.roles) if (role) add(name);
  for (const [name, dims] of derivation.directives.shapes) derivation.shapes.declared.set(name, dims.map(String));
  for (const name of derivation.shapes.declared.keys()) add(name);
  for (const name of repeatedWords(equations, table)) add(name);
  const open = openFunctions(equations, table, defined);
  for (const name of open.keys()) table.functions.add(name);
  return { table, open };
}

/** `f(x) = 0`: the right side is the number 0 alone. */
function saysZero(equation: Equation): boolean {
  const right = equation.sides[1];
  return equation.sides.length === 2 && right.end - right.start === 1 && equation.tokens[right.start].text === '0';
}

/**
 * `\sigma_{\mathcal{B}}^2 = \frac{1}{m}\sum_i (x_i - \mu_{\mathcal{B}})^2`: a variance is named by
 * its square, and the name is read whole wherever it is written (`\sqrt{\sigma^2 + \epsilon}`).
 */
function varianceName(equation: Equation, table: SymbolTable): SymbolExpr | undefined {
  const { tokens, sides: [left] } = equation;
  if (left.end - left.start < 3 || tokens[left.end - 2]?.text !== '^' || tokens[left.end - 1]?.text !== '2') return undefined;
  const name = readDefinedNameSafe(tokens, left.start, left.end - 2, table);
  if (!name || !/^\\sigma(_|$)/.test(name.name)) return undefined;
  return { ...name, name: `${name.name}^2`, span: { start: name.span.start, end: tokens[left.end - 1].end } };
}

/** `\sigma = \frac{1}{1 + e^{-x}}` reads one variable, its dummy; a standard deviation reads several. */
function readsOneVariable(equation: Equation): boolean {
  const body = equation.tokens.slice(equation.sides[1]?.start ?? 0, equation.sides[1]?.end ?? 0);
  const names = new Set(body.filter((t, k) => body[k + 1]?.text !== '(' && ((t.kind === 'letter' && t.text !== 'e') || (t.kind === 'command' && GREEK.has(t.text.slice(1))))).map((t) => t.text));
  return names.size <= 1;
}

/** `e = \lim_{u \to 0} (1 + u)^{1/u}`: the constant's own definition, not a new quantity named e. */
function definesConstant(equation: Equation, name: string): boolean {
  return (name === 'e' || name === '\\pi') && equation.tokens.some((t) => t.text === '\\lim' || t.text === '\\sum' || t.text === '\\int');
}

/**
 * Words of three letters or more written with a subscript, the same way at least twice
 * (`target_{o1}`, `out_{h1}`): names used consistently, not products of letters. Two-letter runs
 * (the question's `xw_{1}`) keep multiplying unless the document defines them.
 */
function repeatedWords(equations: Equation[], table: SymbolTable): string[] {
  const counts = new Map<string, number>();
  for (const equation of equations) {
    const { tokens } = equation;
    const names = new NameReader(tokens, table);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind !== 'letter' || (i > 0 && tokens[i - 1].kind === 'letter' && tokens[i - 1].end === t.start)) continue;
      let j = i;
      while (j + 1 < tokens.length && tokens[j + 1].kind === 'letter' && tokens[j + 1].start === tokens[j].end) j++;
      if (j - i < 2 || tokens[j + 1]?.text !== '_') continue;
      try {
        const parts = names.read(i, tokens.length, true);
        if (parts) {
          const name = parts.stems.map((s) => s.text).join('') + parts.suffix;
          counts.set(name, (counts.get(name) ?? 0) + 1);
        }
      } catch {
        // An unbalanced subscript is reported when the equation is parsed.
      }
    }
  }
  return [...counts].filter(([name, n]) => n >= 2 && !table.names.has(name)).map(([name]) => name);
}

