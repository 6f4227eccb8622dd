import type { Report } from '../core/report';
import type { JoinedCells } from '../core/source/notebook';

/** One input and the checker's report on it. */
export interface CheckedFile {
  /** The path as the user gave it, or `<stdin>`; every output format names the file this way. */
  file: string;
  report: Report;
  /** A notebook's Markdown cells, joined into the text the report's offsets count in. */
  cells?: JoinedCells;
}
