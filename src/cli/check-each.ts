import { type Report, uncheckedDocumentReport } from '../core/report';
import type { CheckedFile } from './checked-file';

/**
 * The report on a file the checker failed on: one error at its top saying so, so that every
 * output format lists the file with the others and the run exits 1 (a finding), not 2 (usage).
 */
export function internalErrorReport(error: unknown): Report {
  const reason = error instanceof Error ? error.message : String(error);
  return uncheckedDocumentReport('error', `internal error: gradcheck failed on this file and checked none of it (${reason}); please report it`);
}

/**
 * Checks each input on its own: one the checker fails on gets the report above (`failed` hears
 * of it with the exception), and never costs the others theirs.
 */
export function checkEach<I extends { name: string }>(inputs: readonly I[], check: (input: I) => Report, failed: (name: string, error: unknown) => void): CheckedFile[] {
  return inputs.map((input) => {
    try {
      return { file: input.name, report: check(input) };
    } catch (error) {
      failed(input.name, error);
      return { file: input.name, report: internalErrorReport(error) };
    }
  });
}
