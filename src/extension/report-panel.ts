/**
 * A minimal report view: the claims table as escaped text, no script. The full webview
 * (rendered math, the graph) replaces this file; its entry point stays `showReport`.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Report } from '../core/report';
import { REPORT_REQUEST, type ReportParams, type ReportResult } from '../server/protocol';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function renderReport(report: Report, title: string, nonce: string): string {
  const rows = report.claims.map((claim) => {
    const subject = claim.derivative ? `∂${claim.derivative.of}/∂${claim.derivative.wrt}` : claim.left;
    return `<tr class="${claim.status}"><td>${claim.range.start.line}</td><td>${escapeHtml(subject)}</td><td><code>${escapeHtml(claim.expression)}</code></td>`
      + `<td>${claim.status}${claim.codes.length ? ` (${escapeHtml(claim.codes.join(', '))})` : ''}</td><td><code>${escapeHtml(claim.suggestion ?? '')}</code></td></tr>`;
  });
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
table { border-collapse: collapse; } td, th { padding: 2px 8px; text-align: left; vertical-align: top; }
tr.mismatch td:nth-child(4) { color: var(--vscode-errorForeground); }
</style></head><body><h2>${escapeHtml(title)}</h2>
<p>${report.claims.length} claims, ${report.diagnostics.length} findings</p>
<table><tr><th>Line</th><th>Claim</th><th>Expression</th><th>Status</th><th>Suggestion</th></tr>${rows.join('')}</table>
</body></html>`;
}

/** Opens (or reveals) the report of `uri`, or of the active editor's document; follows its changes. */
export async function showReport(context: vscode.ExtensionContext, client: LanguageClient, uri?: string): Promise<void> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
  if (!target) {
    void vscode.window.showInformationMessage('gradcheck: open a Markdown or LaTeX derivation first.');
    return;
  }
  const title = `gradcheck: ${vscode.Uri.parse(target).path.split('/').pop()}`;
  const panel = vscode.window.createWebviewPanel('gradcheck.report', title, vscode.ViewColumn.Beside, { enableScripts: false });
  const render = async (): Promise<void> => {
    const report = await client.sendRequest<ReportResult>(REPORT_REQUEST, { uri: target } satisfies ReportParams);
    panel.webview.html = report
      ? renderReport(report, title, randomBytes(16).toString('base64'))
      : '<!DOCTYPE html><html><body><p>This document is not checked (closed, or its language is not enabled).</p></body></html>';
  };
  // New diagnostics mean a new report; no need for a channel of its own.
  const watcher = vscode.languages.onDidChangeDiagnostics((event) => {
    if (event.uris.some((u) => u.toString() === target)) void render();
  });
  panel.onDidDispose(() => watcher.dispose(), undefined, context.subscriptions);
  await render();
}
