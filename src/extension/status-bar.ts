/** The status bar item: claim counts of the active file, from the server's summary notifications. */
import * as vscode from 'vscode';
import type { ClaimSummary } from '../server/protocol';

export function summaryText(summary: ClaimSummary): string {
  const icon = summary.mismatch > 0 ? '$(warning)' : '$(check)';
  const unchecked = summary.unchecked > 0 ? ` · ${summary.unchecked} unchecked` : '';
  return `${icon} gradcheck: ${summary.verified} verified · ${summary.mismatch} mismatch${unchecked}`;
}

export function summaryTooltip(summary: ClaimSummary): string {
  const unread = summary.unread > 0
    ? ` ${summary.unread} ${summary.unread === 1 ? 'formula' : 'formulas'} not read (valid LaTeX that is not a derivation; the setting gradcheck.showUnread lists them).`
    : '';
  return `gradcheck: claims in this file.${unread} Click for the report.`;
}

export class ClaimStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gradcheck.claims', vscode.StatusBarAlignment.Right, 100);
  private readonly summaries = new Map<string, ClaimSummary>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.item.name = 'gradcheck';
    this.item.command = 'gradcheck.showReport';
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.workspace.onDidCloseTextDocument((document) => this.summaries.delete(document.uri.toString())),
    ];
  }

  update(summary: ClaimSummary): void {
    this.summaries.set(summary.uri, summary);
    this.refresh();
  }

  /** What the item shows now; empty when hidden. */
  get text(): string {
    return this.summaryForActiveEditor() ? this.item.text : '';
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private summaryForActiveEditor(): ClaimSummary | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    return uri === undefined ? undefined : this.summaries.get(uri);
  }

  private refresh(): void {
    const summary = this.summaryForActiveEditor();
    if (!summary) {
      this.item.hide();
      return;
    }
    this.item.text = summaryText(summary);
    this.item.tooltip = summaryTooltip(summary);
    this.item.show();
  }
}
