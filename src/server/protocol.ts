/**
 * The gradcheck-specific part of the protocol, shared by the server and the VS Code client.
 * Plain names and types only, so the client bundle does not pull in the server library.
 */
import type { Report } from '../core/report';

/** Request: the whole report of an open document (checked now if its latest version is not). */
export const REPORT_REQUEST = 'gradcheck/report';
export interface ReportParams {
  uri: string;
}
/** `null` when the document is not open or its language is not enabled. */
export type ReportResult = Report | null;

/** Notification after each publish: the claim counts of one document version (status bar). */
export const SUMMARY_NOTIFICATION = 'gradcheck/summary';
export interface ClaimSummary {
  uri: string;
  version: number;
  verified: number;
  mismatch: number;
  unchecked: number;
  /** Formulas not read (valid LaTeX that is not a derivation): counted, not flagged. */
  unread: number;
}

/** The client command a CodeLens runs; the server only names it. */
export const SHOW_REPORT_COMMAND = 'gradcheck.showReport';

export function summarize(uri: string, version: number, report: Report): ClaimSummary {
  const count = (status: string): number => report.claims.filter((c) => c.status === status).length;
  return { uri, version, verified: count('verified'), mismatch: count('mismatch'), unchecked: count('unchecked'), unread: report.unread.length };
}

/**
 * Request from the server to the client, asked only by the web worker server, which has no
 * file system of its own: the nearest `.gradcheckrc.json` in `folder` (a URI) or above it, read
 * by the editor (`vscode.workspace.fs`, so virtual file systems such as github.dev's work too).
 */
export const RC_FILE_REQUEST = 'gradcheck/rcFile';
export interface RcFileParams {
  folder: string;
}
/** `null` when there is none. */
export type RcFileResult = { uri: string; text: string } | null;
