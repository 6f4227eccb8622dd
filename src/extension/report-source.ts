/**
 * Where the panel's reports come from: the language server's `gradcheck/report` request. The
 * server checks with the user's settings, rc file and suppressions, in a worker with a time limit,
 * so the panel shows what the squiggles say and a slow document never blocks the extension host.
 */
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { Report } from '../core/report';
import { REPORT_REQUEST, type ReportParams } from '../server/protocol';
import { isReport } from '../webview/report-guard';

export type ReportClient = Pick<BaseLanguageClient, 'sendRequest'>;

export type ReportAnswer = { ok: true; report: Report } | { ok: false; reason: string };

export async function fetchReport(client: ReportClient, uri: string, languageId: string): Promise<ReportAnswer> {
  let result: unknown;
  try {
    // Sent before the server is up, the request waits for it; on a stopped server it fails.
    result = await client.sendRequest<unknown>(REPORT_REQUEST, { uri } satisfies ReportParams);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `The gradcheck language server did not answer (${message}). Run “gradcheck: Restart Server” and try again.` };
  }
  if (result === null) return { ok: false, reason: `gradcheck does not check ${languageId} documents (see the gradcheck.enabledLanguages setting).` };
  if (!isReport(result)) return { ok: false, reason: 'The language server sent a report this version of the extension cannot read. Reload the window.' };
  return { ok: true, report: result };
}
