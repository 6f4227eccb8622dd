/**
 * Jupyter notebooks (nbformat 4): the Markdown cells, in order, read as ONE derivation, so a
 * gradient claimed in a later cell sees the definitions of earlier ones. Pure: text in, text and
 * offset maps out; a notebook that cannot be read is a reason, never an exception.
 */
import type { Position } from '../report';
import { SEGMENT_BREAK } from './extract';
import { LineIndex } from './lines';

export type CellKind = 'markdown' | 'code' | 'raw';

export interface NotebookCell {
  kind: CellKind;
  /** The cell's text: its `source`, lines joined as Jupyter joins them. */
  source: string;
}

export type NotebookRead = { ok: true; cells: NotebookCell[] } | { ok: false; reason: string };

/** One piece of the joined text; `cell` names it for the caller (a notebook cell index, say). */
export interface CellText {
  cell: number;
  text: string;
}

export interface CellOffset {
  cell: number;
  offset: number;
}

/** A 1-based line and column (UTF-16 code units, as editors count) within one cell. */
export interface CellPosition extends Position {
  cell: number;
}

const CELL_KINDS: readonly CellKind[] = ['markdown', 'code', 'raw'];

/**
 * Between two cells: each cell starts on a line of its own (headings, fences and
 * `disable-next-line` comments keep their meaning), and the break character stops every math
 * block and comment the extractor is reading, as each cell is rendered on its own in Jupyter.
 */
export const CELL_SEPARATOR = `\n${SEGMENT_BREAK}\n`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `source` is a string or a list of lines that keep their own line ends (nbformat 4). */
function sourceText(source: unknown): string | undefined {
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((line) => typeof line === 'string')) return source.join('');
  return undefined;
}

/** Reads a notebook's cells (all of them, in order); outputs and metadata are not read. */
export function readNotebook(json: string): NotebookRead {
  let value: unknown;
  try {
    value = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, reason: `not a Jupyter notebook: the JSON does not parse (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isRecord(value)) return { ok: false, reason: 'not a Jupyter notebook: the JSON is not an object' };
  if (typeof value.nbformat === 'number' && value.nbformat < 4) {
    return { ok: false, reason: `nbformat ${value.nbformat} notebooks are not read; save it with Jupyter 4 or later (nbformat 4)` };
  }
  if (!Array.isArray(value.cells)) return { ok: false, reason: 'not a Jupyter notebook: no "cells" list' };
  const cells: NotebookCell[] = [];
  for (const [index, cell] of value.cells.entries()) {
    // Cells are numbered from 1 in messages, as Jupyter shows them.
    if (!isRecord(cell) || typeof cell.cell_type !== 'string') return { ok: false, reason: `cell ${index + 1} has no "cell_type"` };
    const source = sourceText(cell.source);
    if (source === undefined) return { ok: false, reason: `cell ${index + 1}: "source" is neither a string nor a list of strings` };
    // A cell type from a later nbformat minor version is kept as raw: never read as Markdown.
    cells.push({ kind: CELL_KINDS.find((kind) => kind === cell.cell_type) ?? 'raw', source });
  }
  return { ok: true, cells };
}

/** The Markdown cells of a notebook, each named by its index among all the notebook's cells. */
export function markdownCells(cells: readonly NotebookCell[]): CellText[] {
  return cells.flatMap((cell, index) => (cell.kind === 'markdown' ? [{ cell: index, text: cell.source }] : []));
}

/** Several cells joined into one text, and the way back from any of its offsets to a cell. */
export class JoinedCells {
  readonly text: string;
  /** Where each cell starts in `text`, in order. */
  private readonly starts: number[] = [];
  private readonly lines = new Map<number, LineIndex>();

  constructor(readonly cells: readonly CellText[]) {
    let offset = 0;
    for (const [i, cell] of cells.entries()) {
      if (i > 0) offset += CELL_SEPARATOR.length;
      this.starts.push(offset);
      offset += cell.text.length;
    }
    this.text = cells.map((cell) => cell.text).join(CELL_SEPARATOR);
  }

  /**
   * The cell an offset of the joined text falls in, and the offset within it. An offset between
   * two cells (in the separator) is the end of the cell before it; undefined when there are no cells.
   */
  locate(offset: number): CellOffset | undefined {
    const i = this.pieceAt(offset);
    if (i < 0) return undefined;
    return { cell: this.cells[i].cell, offset: Math.min(Math.max(offset - this.starts[i], 0), this.cells[i].text.length) };
  }

  /** The 1-based line and column within its cell of an offset of the joined text. */
  position(offset: number): CellPosition | undefined {
    const i = this.pieceAt(offset);
    if (i < 0) return undefined;
    const within = Math.min(Math.max(offset - this.starts[i], 0), this.cells[i].text.length);
    return { cell: this.cells[i].cell, ...this.lineIndex(i).position(within) };
  }

  /** The offset in the joined text of an offset within a cell; undefined for a cell not joined here. */
  joinedOffset(cell: number, offset: number): number | undefined {
    const i = this.cells.findIndex((c) => c.cell === cell);
    if (i < 0) return undefined;
    return this.starts[i] + Math.min(Math.max(offset, 0), this.cells[i].text.length);
  }

  /** Index into `cells` of the piece holding `offset`: the last one starting at or before it. */
  private pieceAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  private lineIndex(i: number): LineIndex {
    let index = this.lines.get(i);
    if (!index) {
      index = new LineIndex(this.cells[i].text);
      this.lines.set(i, index);
    }
    return index;
  }
}
