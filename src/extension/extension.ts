/** The VS Code client: starts the language server and adds commands and a status bar item. */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { type ClaimSummary, REPORT_REQUEST, type ReportParams, type ReportResult, SUMMARY_NOTIFICATION, summarize } from '../server/protocol';
import { gradcheckMarkdownIt } from './preview-badges';
import { registerReportPanel, showReport } from './report-panel';
import { ClaimStatusBar } from './status-bar';

let client: LanguageClient | undefined;

/** Returns the Markdown preview plugin (contributes.markdown.markdownItPlugins). */
export function activate(context: vscode.ExtensionContext): { extendMarkdownIt: typeof gradcheckMarkdownIt } {
  const module = context.asAbsolutePath('out/server/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'markdown' }, { language: 'latex' }, { language: 'tex' }, { notebook: '*', language: 'markdown' }],
    synchronize: { configurationSection: 'gradcheck', fileEvents: vscode.workspace.createFileSystemWatcher('**/.gradcheckrc.json') },
  };
  const languageClient = new LanguageClient('gradcheck', 'gradcheck', serverOptions, clientOptions);
  client = languageClient;
  const statusBar = new ClaimStatusBar();
  context.subscriptions.push(
    statusBar,
    languageClient.onNotification(SUMMARY_NOTIFICATION, (summary: ClaimSummary) => statusBar.update(summary)),
    vscode.commands.registerCommand('gradcheck.checkFile', () => checkActiveFile(languageClient, statusBar)),
    vscode.commands.registerCommand('gradcheck.showReport', (uri?: string) => showReport(context, languageClient, uri)),
    vscode.commands.registerCommand('gradcheck.restartServer', () => languageClient.restart()),
    // Not in the command palette: lets tests read what the status bar shows.
    vscode.commands.registerCommand('gradcheck.statusBarText', () => statusBar.text),
  );
  registerReportPanel(context, languageClient);
  // Not awaited: activation returns at once; requests wait for the server by themselves.
  void languageClient.start();
  return { extendMarkdownIt: gradcheckMarkdownIt };
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

async function checkActiveFile(languageClient: LanguageClient, statusBar: ClaimStatusBar): Promise<ClaimSummary | undefined> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('gradcheck: open a Markdown or LaTeX derivation first.');
    return undefined;
  }
  const uri = document.uri.toString();
  const report = await languageClient.sendRequest<ReportResult>(REPORT_REQUEST, { uri } satisfies ReportParams);
  if (!report) {
    void vscode.window.showInformationMessage(`gradcheck does not check ${document.languageId} files (see the gradcheck.enabledLanguages setting).`);
    return undefined;
  }
  const summary = summarize(uri, document.version, report);
  statusBar.update(summary);
  void vscode.window.showInformationMessage(`gradcheck: ${summary.verified} verified, ${summary.mismatch} mismatch, ${summary.unchecked} unchecked, ${report.diagnostics.length} findings.`);
  return summary;
}
