import type { Span } from '../report';
import { IGNORED, IGNORED_WITH_ARGUMENT, PROSE_WORDS, RELATIONS, type RelationKind, UPRIGHT } from './commands';
import type { Token } from './tokens';

/** Token index range [start, end) into `Equation.tokens`. */
export interface TokenRange {
  start: number;
  end: number;
}

/** `A = B = C` or `w \leftarrow w - ...`: sides separated by relations. */
export interface Equation {
  tokens: Token[];
  sides: TokenRange[];
  relations: Array<{ kind: RelationKind; span: Span }>;
  span: Span;
}

/** Environments inside display math that only lay out rows: their rows are the block's rows. */
const LAYOUT_ENVIRONMENTS = new Set(['aligned', 'alignedat', 'split', 'gathered', 'align', 'align*', 'gather', 'equation', 'multline']);

const SEPARATORS = new Set(['\\quad', '\\qquad', '\\Rightarrow', '\\implies', '\\iff', '\\Longrightarrow', '\\therefore', '\\text{and}']);

const OPEN = new Set(['{', '(', '[', '\\{', '\\lbrace', '\\langle']);
const CLOSE = new Set(['}', ')', ']', '\\}', '\\rbrace', '\\rangle']);

/** The environment name of `\begin{...}` or `\end{...}` at `i`, with the index after it. */
function environmentAt(tokens: Token[], i: number): { name: string; next: number } | undefined {
  if (tokens[i + 1]?.text !== '{') return undefined;
  let j = i + 2;
  let name = '';
  while (j < tokens.length && tokens[j].text !== '}') name += tokens[j++].text;
  return j < tokens.length ? { name, next: j + 1 } : undefined;
}

/** Index after `\text{...}` at `i` when it holds prose (words that separate equations), else -1. */
function proseEnd(tokens: Token[], i: number, source: string): number {
  const t = tokens[i];
  if (t.kind !== 'command' || !UPRIGHT.has(t.text.slice(1)) || tokens[i + 1]?.text !== '{') return -1;
  let depth = 0;
  for (let j = i + 1; j < tokens.length; j++) {
    if (tokens[j].text === '{') depth++;
    else if (tokens[j].text === '}' && --depth === 0) {
      const words = source.slice(tokens[i + 1].end, tokens[j].start).trim().toLowerCase().split(/[\s,]+/).filter(Boolean);
      const isProse = words.length > 1 || (words.length === 1 && PROSE_WORDS.has(words[0]));
      return isProse ? j + 1 : -1;
    }
  }
  return -1;
}

/**
 * Splits the tokens of one math block into equations: rows at `\\`, then pieces at top-level
 * `,` `;` `\quad` and prose, then sides at relations. A row starting with a relation (`&= ...`)
 * continues the previous row's chain. Layout-only tokens are dropped.
 */
export function splitEquations(written: Token[], source: string): Equation[] {
  const raw = withoutDecorations(written);
  const pieces: Token[][] = [];
  /** Pieces that open a row (after `\\`), which may continue the row before. */
  const rowStarts = new Set<Token[]>();
  let current: Token[] = [];
  let depth = 0;
  let envDepth = 0;
  let rowStart = false;
  const flush = (): void => {
    while (current.length && current[current.length - 1].kind === 'char' && '.,;'.includes(current[current.length - 1].text)) current.pop();
    if (current.length) pieces.push(current);
    if (current.length && rowStart) rowStarts.add(current);
    if (current.length) rowStart = false;
    current = [];
  };
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i];
    if (t.text === '\\begin' || t.text === '\\end') {
      const env = environmentAt(raw, i);
      if (env && LAYOUT_ENVIRONMENTS.has(env.name.replace('*', '')) && envDepth === 0) {
        // Skip the column specification of alignedat{2}.
        i = env.next - 1;
        if (raw[i + 1]?.text === '{' && env.name.startsWith('alignedat')) while (i < raw.length && raw[i].text !== '}') i++;
        continue;
      }
      envDepth += t.text === '\\begin' ? 1 : envDepth > 0 ? -1 : 0;
      current.push(t);
      continue;
    }
    if (envDepth > 0) {
      i = pushContent(raw, i, current);
      continue;
    }
    if (t.text === '\\\\') {
      // A row break inside braces means a brace was never closed: end the row so later rows survive.
      depth = 0;
      flush();
      rowStart = true;
      continue;
    }
    // `\left(` and `\right)` open and close like their delimiters (pushContent takes both tokens).
    if (OPEN.has(t.text) || t.text === '\\left') {
      depth++;
    } else if (CLOSE.has(t.text) || t.text === '\\right') {
      depth = Math.max(0, depth - 1);
    }
    if (depth === 0) {
      if ((t.kind === 'char' && (t.text === ',' || t.text === ';')) || SEPARATORS.has(t.text)) { flush(); continue; }
      const prose = proseEnd(raw, i, source);
      if (prose > 0) { flush(); i = prose - 1; continue; }
    }
    if (t.text === '&') continue;
    i = pushContent(raw, i, current);
  }
  flush();

  const equations: Equation[] = [];
  /** The equation the previous piece ended, if it was one. */
  let open: Equation | undefined;
  for (const tokens of pieces) {
    // `& + \mathbf{r}_t \odot (...)` on a new row, with no relation: the previous row's last side goes on.
    if (open && rowStarts.has(tokens) && (tokens[0].text === '+' || tokens[0].text === '-') && !splitSides(tokens)) {
      open.tokens = open.tokens.concat(tokens);
      open.sides[open.sides.length - 1].end = open.tokens.length;
      open.span = { start: open.span.start, end: tokens[tokens.length - 1].end };
      continue;
    }
    const equation = splitSides(tokens);
    open = undefined;
    if (!equation) continue;
    const previous = equations[equations.length - 1];
    if (equation.sides[0].end === equation.sides[0].start && previous) {
      // `&= ...` on a new row: the chain goes on from the previous row.
      const offset = previous.tokens.length;
      previous.tokens = previous.tokens.concat(equation.tokens);
      for (let k = 1; k < equation.sides.length; k++) {
        previous.sides.push({ start: equation.sides[k].start + offset, end: equation.sides[k].end + offset });
      }
      previous.relations.push(...equation.relations);
      previous.span = { start: previous.span.start, end: equation.span.end };
      open = previous;
    } else {
      equations.push(equation);
      open = equation;
    }
  }
  return equations;
}

/** Index of the `}` closing the group opened at `open`, or -1. */
function closingBrace(tokens: Token[], open: number): number {
  if (tokens[open]?.text !== '{') return -1;
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    if (tokens[j].text === '{') depth++;
    else if (tokens[j].text === '}' && --depth === 0) return j;
  }
  return -1;
}

/** Commands that frame what they hold without changing it: `\boxed{...}` around a claim or a chain. */
const FRAMES = new Set(['\\boxed', '\\fbox']);
/** `\underbrace{X}_{note}`, `\overbrace{X}^{note}`: X, with its note dropped. */
const BRACES = new Map([['\\underbrace', '_'], ['\\overbrace', '^']]);
/** `\stackrel{\textrm{def}}{=}`, `\overset{\text{def}}{=}`: the relation under the note. */
const STACKED = new Set(['\\stackrel', '\\overset']);

/**
 * What the author wrote around the math, taken off before the equations are split: frames and
 * braces keep their content, a relation with a note over it is the relation itself (spanning the
 * whole construct, so a fix never leaves half of it).
 */
function withoutDecorations(tokens: Token[]): Token[] {
  const out: Token[] = [];
  const skip = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (skip.has(i)) continue;
    const t = tokens[i];
    const close = closingBrace(tokens, i + 1);
    if (close > 0 && FRAMES.has(t.text)) {
      skip.add(i + 1).add(close);
      continue;
    }
    if (close > 0 && BRACES.has(t.text)) {
      skip.add(i + 1).add(close);
      const note = tokens[close + 1];
      if (note?.text === BRACES.get(t.text)) {
        const end = closingBrace(tokens, close + 2);
        for (let j = close + 1; j <= (end > 0 ? end : close + 2); j++) skip.add(j);
      }
      continue;
    }
    if (close > 0 && STACKED.has(t.text)) {
      const second = closingBrace(tokens, close + 1);
      const relation = second === close + 3 ? tokens[close + 2] : undefined;
      if (relation && (RELATIONS[relation.text] || relation.text === '=')) {
        out.push({ ...relation, start: t.start, end: tokens[second].end });
        i = second;
        continue;
      }
    }
    out.push(t);
  }
  return out;
}

/**
 * Pushes the token at `i` unless it is layout, and returns the index of the last token used.
 * `\left(` and `\right)` become their delimiter with a span over both, so a group's span keeps
 * what the author wrote; `\left.` disappears.
 */
function pushContent(raw: Token[], i: number, into: Token[]): number {
  const t = raw[i];
  if (IGNORED_WITH_ARGUMENT.has(t.text) && raw[i + 1]?.text === '{') {
    let d = 0;
    for (i = i + 1; i < raw.length; i++) {
      if (raw[i].text === '{') d++;
      else if (raw[i].text === '}' && --d === 0) break;
    }
    return i;
  }
  if ((t.text === '\\left' || t.text === '\\right') && raw[i + 1]) {
    const delimiter = raw[i + 1];
    if (delimiter.text !== '.') into.push({ ...delimiter, start: t.start });
    return i + 1;
  }
  if (!IGNORED.has(t.text)) into.push(t);
  return i;
}

function relationAt(tokens: Token[], i: number): { kind: RelationKind; length: number } | undefined {
  const t = tokens[i];
  if (t.kind === 'char' && t.text === ':' && tokens[i + 1]?.text === '=') return { kind: 'assign', length: 2 };
  const kind = RELATIONS[t.text];
  return kind ? { kind, length: 1 } : undefined;
}

function splitSides(tokens: Token[]): Equation | undefined {
  const sides: TokenRange[] = [];
  const relations: Equation['relations'] = [];
  let start = 0;
  let depth = 0;
  let envDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '\\begin') envDepth++;
    else if (t.text === '\\end') envDepth--;
    else if (OPEN.has(t.text)) depth++;
    else if (CLOSE.has(t.text)) depth--;
    if (depth !== 0 || envDepth !== 0) continue;
    const relation = relationAt(tokens, i);
    if (!relation) continue;
    sides.push({ start, end: i });
    relations.push({ kind: relation.kind, span: { start: t.start, end: tokens[i + relation.length - 1].end } });
    i += relation.length - 1;
    start = i + 1;
  }
  if (relations.length === 0) return undefined;
  sides.push({ start, end: tokens.length });
  // `\frac{\partial L}{\partial \mathbf{o}} = \dots \in \mathbb{R}^{q}`: the space it lies in closes the chain; the chain is the claim.
  if (relations.length > 1 && tokens[sides[sides.length - 1].start - 1]?.text === '\\in') {
    relations.pop();
    sides.pop();
    return { tokens, sides, relations, span: { start: tokens[0].start, end: tokens[sides[sides.length - 1].end - 1].end } };
  }
  return { tokens, sides, relations, span: { start: tokens[0].start, end: tokens[tokens.length - 1].end } };
}
