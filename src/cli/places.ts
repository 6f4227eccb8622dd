import type { Position, Range, Span } from '../core/report';
import type { CheckedFile } from './checked-file';

/** Where an output format shows a finding: in the file, or in one cell of a notebook. */
export interface Place {
  /** 1-based, counting every cell of the notebook (code cells too), as Jupyter numbers them. */
  cell?: number;
  start: Position;
  end: Position;
}

/**
 * The place of a span of the checked text. A plain file's range is already right; a notebook's
 * offsets count in its joined Markdown cells, so they are mapped back to the cell they lie in.
 */
export function placeOf(checked: CheckedFile, span: Span, range: Range): Place {
  const start = checked.cells?.position(span.start);
  if (!checked.cells || !start) return { start: range.start, end: range.end };
  let end = checked.cells.position(span.end)!;
  // A span never crosses cells; if one did, it would stop at the end of the cell it starts in.
  if (end.cell !== start.cell) end = checked.cells.position(checked.cells.joinedOffset(start.cell, Infinity)!)!;
  return { cell: start.cell + 1, start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } };
}
