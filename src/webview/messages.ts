/**
 * Every message between the report webview and the extension, and the webview's saved state.
 * Both sides parse what they receive with the functions here and drop anything that does not fit:
 * the webview is a sandbox the extension does not trust, and the webview must survive a host of
 * another version. Indices name claims and findings of the report the message was about
 * (`uri` at `version`); the extension looks them up in its own copy and never takes edits or
 * ranges from the webview.
 */
import type { Report } from '../core/report';
import { isIndex, isRecord, isString } from './guards';
import { isReport } from './report-guard';

// Extension -> webview.

/** The report of one version of one document. */
export interface ReportMessage {
  type: 'report';
  uri: string;
  /** The name to show: the file name, or the notebook cell's. */
  fileName: string;
  version: number;
  report: Report;
}

/** Nothing to show, and why (no derivation open, the checker not ready). */
export interface EmptyMessage {
  type: 'empty';
  reason: string;
}

export type HostMessage = ReportMessage | EmptyMessage;

// Webview -> extension.

/** The script is listening; the extension answers with the current report. */
export interface ReadyMessage {
  type: 'ready';
}

export type RevealTarget = { kind: 'claim' | 'finding'; index: number };

/** Select the claim (or the finding's text) in the editor. */
export interface RevealMessage {
  type: 'reveal';
  uri: string;
  version: number;
  target: RevealTarget;
}

/** Apply `report.diagnostics[diagnostic].fixes[fix]`. */
export interface ApplyFixMessage {
  type: 'applyFix';
  uri: string;
  version: number;
  diagnostic: number;
  fix: number;
}

/** Put the report, as Markdown, on the clipboard; the extension writes it from its own copy. */
export interface CopyMarkdownMessage {
  type: 'copyMarkdown';
  uri: string;
  version: number;
  onlyMismatches: boolean;
}

export type WebviewMessage = ReadyMessage | RevealMessage | ApplyFixMessage | CopyMarkdownMessage;

/** What the webview keeps across hide/show and reload (and the serializer reads to restore). */
export interface ViewState {
  onlyMismatches: boolean;
  selectedClaim: number | null;
  /** How many claim rows are drawn; "show more" adds CLAIM_ROWS_STEP. */
  claimRows: number;
  /** The last report shown, so a restored panel has something to draw before the host answers. */
  last: ReportMessage | null;
}

/**
 * Rows drawn at first and added by each "show more": a table of a thousand claims takes the
 * webview about a second to lay out on every edit; two hundred rows take a fifth of that.
 */
export const CLAIM_ROWS_STEP = 200;

export const INITIAL_VIEW_STATE: ViewState = { onlyMismatches: false, selectedClaim: null, claimRows: CLAIM_ROWS_STEP, last: null };

function isReportMessage(value: Record<string, unknown>): value is Record<string, unknown> & ReportMessage {
  return value.type === 'report' && isString(value.uri) && isString(value.fileName) && isIndex(value.version) && isReport(value.report);
}

export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isRecord(value)) return undefined;
  if (isReportMessage(value)) return { type: 'report', uri: value.uri, fileName: value.fileName, version: value.version, report: value.report };
  if (value.type === 'empty' && isString(value.reason)) return { type: 'empty', reason: value.reason };
  return undefined;
}

function isDocumentVersion(value: Record<string, unknown>): value is Record<string, unknown> & { uri: string; version: number } {
  return isString(value.uri) && isIndex(value.version);
}

export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value)) return undefined;
  if (value.type === 'ready') return { type: 'ready' };
  if (!isDocumentVersion(value)) return undefined;
  const { uri, version } = value;
  switch (value.type) {
    case 'reveal': {
      const target = value.target;
      if (!isRecord(target) || (target.kind !== 'claim' && target.kind !== 'finding') || !isIndex(target.index)) return undefined;
      return { type: 'reveal', uri, version, target: { kind: target.kind, index: target.index } };
    }
    case 'applyFix':
      return isIndex(value.diagnostic) && isIndex(value.fix) ? { type: 'applyFix', uri, version, diagnostic: value.diagnostic, fix: value.fix } : undefined;
    case 'copyMarkdown':
      return typeof value.onlyMismatches === 'boolean' ? { type: 'copyMarkdown', uri, version, onlyMismatches: value.onlyMismatches } : undefined;
    default:
      return undefined;
  }
}

/** Saved state from an older build, or none, falls back field by field to the initial state. */
export function parseViewState(value: unknown): ViewState {
  if (!isRecord(value)) return INITIAL_VIEW_STATE;
  const last = isRecord(value.last) ? parseHostMessage(value.last) : undefined;
  return {
    onlyMismatches: value.onlyMismatches === true,
    selectedClaim: isIndex(value.selectedClaim) ? value.selectedClaim : null,
    claimRows: isIndex(value.claimRows) && value.claimRows >= CLAIM_ROWS_STEP ? value.claimRows : CLAIM_ROWS_STEP,
    last: last?.type === 'report' ? last : null,
  };
}
