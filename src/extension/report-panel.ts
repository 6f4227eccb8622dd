/**
 * The report webview beside the editor: one panel that follows the active derivation, refreshes
 * as it is edited, and turns the webview's messages into editor actions. The page itself is
 * drawn by src/webview; this file only hosts it.
 */
import * as vscode from 'vscode';
import { type HostMessage, parseViewState, parseWebviewMessage, type WebviewMessage } from '../webview/messages';
import { reportMarkdown } from '../webview/report-markdown';
import { newNonce, reportPageHtml } from '../webview/report-page';
import { fixToApply, type ShownReport, spanToReveal } from './report-actions';
import { displayName, isDerivation, openDocument, spanRange } from './report-documents';
import { fetchReport, type ReportClient } from './report-source';

export const REPORT_VIEW_TYPE = 'gradcheck.report';

// Long enough to skip the keystrokes of a word, short enough to feel live.
const REFRESH_DELAY_MS = 300;
const NO_DOCUMENT = 'Open a Markdown or LaTeX derivation: its report appears here and follows the active editor.';

function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const uri = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  return reportPageHtml({
    cspSource: webview.cspSource,
    nonce: newNonce(),
    scriptUri: uri('out', 'media', 'report.js'),
    styleUri: uri('media', 'report.css'),
    katexStyleUri: uri('out', 'media', 'katex', 'katex.min.css'),
  });
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'out', 'media')],
  };
}

class ReportPanel {
  static current: ReportPanel | undefined;

  private target: vscode.TextDocument | undefined;
  private shown: ShownReport | undefined;
  private lastMessage: HostMessage = { type: 'empty', reason: NO_DOCUMENT };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private request = 0;
  private readonly subscriptions: vscode.Disposable[] = [];
  private markLoaded: () => void = () => undefined;
  private readonly loaded = new Promise<void>((resolve) => { this.markLoaded = resolve; });

  constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly client: ReportClient) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = pageHtml(panel.webview, extensionUri);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (message) void this.receive(message);
      }),
      panel.onDidDispose(() => this.dispose()),
      // Focus moving to the panel (or to no editor) leaves the report where it is.
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && editor.document !== this.target && isDerivation(editor.document)) void this.follow(editor.document);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.target && event.contentChanges.length > 0) this.schedule();
      }),
      // Settings and rc files change the report without changing the text.
      vscode.languages.onDidChangeDiagnostics((event) => {
        if (this.target && event.uris.some((u) => u.toString() === this.target?.uri.toString())) this.schedule();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document !== this.target) return;
        this.target = undefined;
        this.shown = undefined;
        this.post({ type: 'empty', reason: `${displayName(document)} was closed. ${NO_DOCUMENT}` });
      }),
    );
  }

  /** Shows `document` (or says there is none); resolves once its report has been sent. */
  follow(document: vscode.TextDocument | undefined): Promise<void> {
    this.target = document;
    this.panel.title = document ? `gradcheck: ${displayName(document)}` : 'gradcheck report';
    if (document) return this.refresh();
    this.post({ type: 'empty', reason: NO_DOCUMENT });
    return Promise.resolve();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    clearTimeout(this.timer);
    const document = this.target;
    if (!document) return;
    const ticket = ++this.request;
    const version = document.version;
    const answer = await fetchReport(this.client, document.uri.toString(), document.languageId);
    // A newer request, another document, or an edit since: that answer is already on its way.
    if (ticket !== this.request || document !== this.target || document.version !== version) return;
    if (!answer.ok) {
      this.shown = undefined;
      this.post({ type: 'empty', reason: answer.reason });
      return;
    }
    this.shown = { uri: document.uri.toString(), fileName: displayName(document), version, report: answer.report };
    this.post({ type: 'report', ...this.shown });
  }

  private post(message: HostMessage): void {
    this.lastMessage = message;
    void this.panel.webview.postMessage(message);
  }

  /** Every message has been parsed; indices are looked up in this side's report only. */
  private async receive(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // A webview hidden and shown again starts afresh and asks for what to draw.
        this.markLoaded();
        this.post(this.lastMessage);
        if (this.target) void this.refresh();
        return;
      case 'reveal': {
        const document = openDocument(message.uri);
        const span = spanToReveal(this.shown, message, document?.version);
        if (!span.ok || !document) return this.stale(span.ok ? 'unknown' : span.reason);
        await this.reveal(document, spanRange(document, span.value));
        return;
      }
      case 'applyFix': {
        const document = openDocument(message.uri);
        const fix = fixToApply(this.shown, message, document?.version);
        if (!fix.ok || !document) return this.stale(fix.ok ? 'unknown' : fix.reason);
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.value.edits) edit.replace(document.uri, spanRange(document, e.span), e.newText);
        if (!(await vscode.workspace.applyEdit(edit))) void vscode.window.showWarningMessage(`gradcheck: could not apply “${fix.value.title}”.`);
        return;
      }
      case 'copyMarkdown':
        if (this.shown?.uri !== message.uri) return;
        await vscode.env.clipboard.writeText(reportMarkdown(this.shown.fileName, this.shown.report, message.onlyMismatches));
        vscode.window.setStatusBarMessage('gradcheck: report copied as Markdown', 3000);
        return;
    }
  }

  /** The webview drew an older report than the document now has: bring it up to date. */
  private stale(reason: 'stale' | 'unknown'): void {
    if (reason === 'stale') vscode.window.setStatusBarMessage('gradcheck: the document changed; the report is updating', 3000);
    void this.refresh();
  }

  private async reveal(document: vscode.TextDocument, range: vscode.Range): Promise<void> {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
    try {
      const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection: range });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (error) {
      void vscode.window.showWarningMessage(`gradcheck: cannot show ${displayName(document)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Resolves once the webview's script runs and has been sent its report, or after `ms` regardless. */
  loadedWithin(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      void this.loaded.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** What the panel last sent the webview; for the extension's tests. */
  get state(): HostMessage {
    return this.lastMessage;
  }

  /** Feeds a message through the same checks as one from the webview; for the extension's tests. */
  simulate(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    return message ? this.receive(message) : Promise.resolve();
  }

  private dispose(): void {
    clearTimeout(this.timer);
    if (ReportPanel.current === this) ReportPanel.current = undefined;
    for (const s of this.subscriptions) s.dispose();
  }
}

function derivationToShow(uri: string | undefined): Thenable<vscode.TextDocument | undefined> {
  if (uri) return vscode.workspace.openTextDocument(vscode.Uri.parse(uri)).then((d) => d, () => undefined);
  const active = vscode.window.activeTextEditor?.document;
  return Promise.resolve(active && isDerivation(active) ? active : undefined);
}

/** `gradcheck: Show Report`: opens the panel beside the editor (or reveals it) on `uri` or the active derivation. */
export async function showReport(context: vscode.ExtensionContext, client: ReportClient, uri?: string): Promise<void> {
  const document = await derivationToShow(uri);
  let panel = ReportPanel.current;
  if (panel) {
    panel.panel.reveal(undefined, true);
  } else {
    const webview = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'gradcheck report', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      ...webviewOptions(context.extensionUri),
      enableFindWidget: true,
    });
    panel = new ReportPanel(webview, context.extensionUri, client);
    ReportPanel.current = panel;
  }
  // Without a derivation to show, a panel that already shows one keeps it.
  if (document || panel.state.type === 'empty') await panel.follow(document);
  // The command is done when the panel shows the report, not when it has merely been asked to.
  await panel.loadedWithin(5000);
}

/**
 * Restores the panel after a reload (the serializer must be registered during activation), and
 * the commands the extension's tests read the panel through. Call from activate.
 */
export function registerReportPanel(context: vscode.ExtensionContext, client: ReportClient): void {
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
      async deserializeWebviewPanel(webview: vscode.WebviewPanel, state: unknown) {
        ReportPanel.current?.panel.dispose();
        const panel = new ReportPanel(webview, context.extensionUri, client);
        ReportPanel.current = panel;
        await panel.follow(await derivationToShow(parseViewState(state).last?.uri));
      },
    }),
    // Not in the command palette: the e2e tests read what the panel shows and act as its webview.
    vscode.commands.registerCommand('gradcheck.reportPanelState', () => ReportPanel.current?.state),
    vscode.commands.registerCommand('gradcheck.reportPanelMessage', (message: unknown) => ReportPanel.current?.simulate(message)),
  );
}
