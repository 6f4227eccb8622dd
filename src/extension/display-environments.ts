/**
 * Bare display environments in Markdown (`\begin{align} ... \end{align}` with no `$$`), as
 * Jupyter and MathJax read them: where each lies, and its rows and alignment cells with their
 * offsets, so the preview can typeset them and put each claim's badge beside its own row.
 * Tokens come from the checker's own tokenizer, so a `\\` or `&` inside braces or a nested
 * environment (cases, a matrix) never splits a row.
 */
import type { Span } from '../core/report';
import { tokenize, type Token } from '../core/latex/tokens';

/** The environments the preview typesets when one starts a block. */
export const TYPESET_ENVIRONMENTS = new Set(['align', 'align*', 'equation', 'equation*', 'gather', 'gather*']);

/** Environments that only lay out the rows of the one they fill (`equation` around `aligned`). */
const INNER_ROWS = new Map<string, DisplayEnvironment['columns']>([['aligned', 'aligned'], ['split', 'aligned'], ['gathered', 'centered']]);

export interface LaidOutRow {
  /** The row in the source, without its `\\`. */
  span: Span;
  /** Its text between `&`s, in order; one cell for centered environments. */
  cells: string[];
}

export interface DisplayEnvironment {
  name: string;
  /** From `\begin` to the end of `\end{...}`. */
  span: Span;
  /** align: right-aligned and left-aligned cells in turn; equation and gather: one centered cell. */
  columns: 'aligned' | 'centered';
  rows: LaidOutRow[];
}

/** `\begin{name}` or `\end{name}` at token `i`: the name and the index after the closing brace. */
function environmentAt(tokens: Token[], i: number): { name: string; next: number } | undefined {
  if ((tokens[i].text !== '\\begin' && tokens[i].text !== '\\end') || tokens[i + 1]?.text !== '{') return undefined;
  let name = '';
  let j = i + 2;
  for (; j < tokens.length && tokens[j].text !== '}'; j++) name += tokens[j].text;
  return j < tokens.length ? { name, next: j + 1 } : undefined;
}

/** The index of the `\end` closing the environment opened before `from`, or -1. */
function closingEnd(tokens: Token[], from: number, name: string): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const env = environmentAt(tokens, i);
    if (!env || env.name !== name) continue;
    if (tokens[i].text === '\\begin') depth++;
    else if (depth-- === 0) return i;
  }
  return -1;
}

const ROW_SPACING = /^\s*\[[^\]]*\]/;

/** Rows at top-level `\\`, cells at top-level `&`: outside braces and nested environments. */
function splitRows(source: string, tokens: Token[], body: Span, columns: DisplayEnvironment['columns']): LaidOutRow[] {
  const rows: LaidOutRow[] = [];
  let rowStart = body.start;
  let cellStart = body.start;
  let cells: string[] = [];
  let depth = 0;
  const endRow = (end: number): void => {
    cells.push(source.slice(cellStart, end));
    if (cells.some((cell) => cell.trim() !== '')) rows.push({ span: { start: rowStart, end }, cells });
    cells = [];
  };
  for (const token of tokens) {
    if (token.start < body.start || token.end > body.end) continue;
    // A nested environment is one level from its \begin to its \end (the braces of its name open
    // and close inside that); `\\` and `&` divide only at level 0.
    if (token.text === '{' || token.text === '\\begin') depth++;
    else if (token.text === '}' || token.text === '\\end') depth--;
    else if (depth !== 0) continue;
    else if (token.text === '\\\\') {
      endRow(token.start);
      // A row's extra space, `\\[4pt]`, is layout: the next row starts after it.
      rowStart = cellStart = token.end + (ROW_SPACING.exec(source.slice(token.end, body.end))?.[0].length ?? 0);
    } else if (token.text === '&' && columns === 'aligned') {
      cells.push(source.slice(cellStart, token.start));
      cellStart = token.end;
    }
  }
  endRow(body.end);
  return rows;
}

/**
 * The environment that begins at `start` in `source` (with `\begin{name}` for one of
 * TYPESET_ENVIRONMENTS), or undefined when it is not one or is never closed.
 */
export function readDisplayEnvironment(source: string, start: number, end = source.length): DisplayEnvironment | undefined {
  const tokens = tokenize(source, start, end);
  const begin = tokens.length > 0 && tokens[0].start === start ? environmentAt(tokens, 0) : undefined;
  if (!begin || !TYPESET_ENVIRONMENTS.has(begin.name)) return undefined;
  const close = closingEnd(tokens, begin.next, begin.name);
  if (close < 0) return undefined;
  const closeEnd = environmentAt(tokens, close)!.next;
  const span = { start, end: tokens[closeEnd - 1].end };
  let body: Span = { start: tokens[begin.next - 1].end, end: tokens[close].start };
  let columns: DisplayEnvironment['columns'] = begin.name.startsWith('align') ? 'aligned' : 'centered';
  // `equation` around `aligned` (or `split`): the inner environment's rows are the rows.
  const inner = environmentAt(tokens, begin.next);
  const innerColumns = inner && INNER_ROWS.get(inner.name);
  if (inner && innerColumns && tokens[begin.next].text === '\\begin') {
    const innerClose = closingEnd(tokens, inner.next, inner.name);
    if (innerClose >= 0 && environmentAt(tokens, innerClose)!.next === close) {
      body = { start: tokens[inner.next - 1].end, end: tokens[innerClose].start };
      columns = innerColumns;
    }
  }
  return { name: begin.name, span, columns, rows: splitRows(source, tokens, body, columns) };
}
