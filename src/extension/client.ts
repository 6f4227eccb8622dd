/**
 * The VS Code client, on the desktop and on the web alike: starts the language server the entry
 * point gives (extension.ts in Node, browser/extension.ts in a web worker) and adds commands, a
 * status bar item, the report panel and the Markdown preview's badges.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { type ClaimSummary, REPORT_REQUEST, type ReportParams, type ReportResult, SUMMARY_NOTIFICATION, summarize } from '../server/protocol';
import { registerFirstRun } from './first-run';
import { gradcheckMarkdownIt, type MarkdownIt } from './preview-badges';
import { registerReportPanel, showReport } from './report-panel';
import { ClaimStatusBar } from './status-bar';

/** What activate returns: the Markdown preview plugin (contributes.markdown.markdownItPlugins). */
export interface GradcheckExtensionApi {
  extendMarkdownIt: <T extends MarkdownIt>(md: T) => T;
}

const TYPESET_SETTING = 'gradcheck.preview.typesetMath';

export type CreateLanguageClient = (options: LanguageClientOptions) => BaseLanguageClient;

let client: BaseLanguageClient | undefined;

export function activateClient(context: vscode.ExtensionContext, createClient: CreateLanguageClient): GradcheckExtensionApi {
  const languageClient = createClient({
    documentSelector: [{ language: 'markdown' }, { language: 'latex' }, { language: 'tex' }, { notebook: '*', language: 'markdown' }],
    synchronize: { configurationSection: 'gradcheck', fileEvents: vscode.workspace.createFileSystemWatcher('**/.gradcheckrc.json') },
  });
  client = languageClient;
  const statusBar = new ClaimStatusBar();
  context.subscriptions.push(
    statusBar,
    languageClient.onNotification(SUMMARY_NOTIFICATION, (summary: ClaimSummary) => statusBar.update(summary)),
    vscode.commands.registerCommand('gradcheck.checkFile', () => checkActiveFile(languageClient, statusBar)),
    vscode.commands.registerCommand('gradcheck.showReport', (uri?: string) => showReport(context, languageClient, uri)),
    vscode.commands.registerCommand('gradcheck.restartServer', () => restart(languageClient)),
    // Not in the command palette: lets tests read what the status bar shows.
    vscode.commands.registerCommand('gradcheck.statusBarText', () => statusBar.text),
    // The preview asks for the plugin once and caches what it renders: both start again.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(TYPESET_SETTING)) void vscode.commands.executeCommand('markdown.api.reloadPlugins');
    }),
  );
  registerReportPanel(context, languageClient);
  registerFirstRun(context);
  // Not awaited: activation returns at once; requests wait for the server by themselves.
  void languageClient.start();
  return {
    extendMarkdownIt: (md) => gradcheckMarkdownIt(md, { typeset: vscode.workspace.getConfiguration().get<boolean>(TYPESET_SETTING, true) }),
  };
}

/** A new server process or worker with the open documents sent again (each transport starts its own). */
async function restart(languageClient: BaseLanguageClient): Promise<void> {
  await languageClient.stop();
  await languageClient.start();
}

export function deactivateClient(): Thenable<void> | undefined {
  return client?.stop();
}

async function checkActiveFile(languageClient: BaseLanguageClient, statusBar: ClaimStatusBar): Promise<ClaimSummary | undefined> {
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
