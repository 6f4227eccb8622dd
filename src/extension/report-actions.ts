/**
 * What a message from the report webview asks of the editor, looked up in the extension's own
 * copy of the report. The webview names claims, findings and fixes by index only; the ranges and
 * the edits always come from here. No vscode import, so it is tested without an editor.
 */
import type { Report, Span, TextEdit } from '../core/report';
import type { ApplyFixMessage, RevealMessage } from '../webview/messages';

/** The report the panel shows, and which document version it was computed on. */
export interface ShownReport {
  uri: string;
  fileName: string;
  version: number;
  report: Report;
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; reason: 'stale' | 'unknown' };

/**
 * A message about another document or version is stale: the document changed after the webview
 * drew it, and offsets computed for the old text would land in the wrong place.
 */
function current(shown: ShownReport | undefined, message: { uri: string; version: number }, documentVersion: number | undefined): shown is ShownReport {
  return shown !== undefined && message.uri === shown.uri && message.version === shown.version && documentVersion === shown.version;
}

export function spanToReveal(shown: ShownReport | undefined, message: RevealMessage, documentVersion: number | undefined): Resolved<Span> {
  if (!current(shown, message, documentVersion)) return { ok: false, reason: 'stale' };
  const { kind, index } = message.target;
  const span = kind === 'claim' ? shown.report.claims[index]?.span : shown.report.diagnostics[index]?.span;
  return span ? { ok: true, value: span } : { ok: false, reason: 'unknown' };
}

export function fixToApply(shown: ShownReport | undefined, message: ApplyFixMessage, documentVersion: number | undefined): Resolved<{ title: string; edits: TextEdit[] }> {
  if (!current(shown, message, documentVersion)) return { ok: false, reason: 'stale' };
  const fix = shown.report.diagnostics[message.diagnostic]?.fixes[message.fix];
  return fix && fix.edits.length > 0 ? { ok: true, value: { title: fix.title, edits: fix.edits } } : { ok: false, reason: 'unknown' };
}
