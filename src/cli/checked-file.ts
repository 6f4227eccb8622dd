import type { Report } from '../core/report';

/** One input and the checker's report on it. */
export interface CheckedFile {
  /** The path as the user gave it, or `<stdin>`; every output format names the file this way. */
  file: string;
  report: Report;
}
