/**
 * Where a report's offsets are shown in the editor. A text document shows core's ranges as they
 * are; a notebook was checked as the joined text of its Markdown cells, so each span is mapped
 * back to the cell it lies in, and the editor is told that cell's URI.
 */
import type { Location } from 'vscode-languageserver/node';
import type { Range, Span } from '../core/report';
import { JoinedCells } from '../core/source/notebook';
import { toPosition, toRange } from './convert';

export interface Placement {
  /** The document and range a span of the checked text is shown at; `range` is core's for that span. */
  locate(span: Span, range: Range): Location;
  /** The version of a shown document that the report was computed on (for versioned edits). */
  versionOf(uri: string): number | undefined;
}

export function documentPlacement(uri: string, version: number): Placement {
  return {
    locate: (_span, range) => ({ uri, range: toRange(range) }),
    versionOf: (other) => (other === uri ? version : undefined),
  };
}

/** One Markdown cell of a notebook as it was when checked. */
export interface CellSnapshot {
  uri: string;
  version: number;
  text: string;
}

export class NotebookPlacement implements Placement {
  private readonly joined: JoinedCells;

  /** `cells` in notebook order; at least one, or no span has a cell to be shown in. */
  constructor(private readonly cells: readonly CellSnapshot[]) {
    this.joined = new JoinedCells(cells.map((cell, index) => ({ cell: index, text: cell.text })));
  }

  /** The text the checker reads: the cells joined so that definitions reach later cells. */
  get text(): string {
    return this.joined.text;
  }

  locate(span: Span): Location {
    const start = this.joined.position(span.start)!;
    let end = this.joined.position(span.end)!;
    // A span never crosses cells; if one did, it would stop at the end of the cell it starts in.
    if (end.cell !== start.cell) end = this.joined.position(this.joined.joinedOffset(start.cell, Infinity)!)!;
    return { uri: this.cells[start.cell].uri, range: { start: toPosition(start), end: toPosition(end) } };
  }

  /** Where a cell's text lies in the joined text; undefined for a cell not part of it. */
  cellSpan(uri: string): Span | undefined {
    const index = this.cells.findIndex((cell) => cell.uri === uri);
    if (index < 0) return undefined;
    const start = this.joined.joinedOffset(index, 0)!;
    return { start, end: start + this.cells[index].text.length };
  }

  versionOf(uri: string): number | undefined {
    return this.cells.find((cell) => cell.uri === uri)?.version;
  }
}
