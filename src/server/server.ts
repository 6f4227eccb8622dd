/**
 * gradcheck's language server: owns the open documents and answers the editor from the
 * reports core produces. Every check runs in a worker (see check-runner.ts).
 */
import { join } from 'node:path';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Report } from '../core/report';
import { documentKindOf } from '../core/source/extract';
import { CheckRunner } from './check-runner';
import { codeActionsFor, FIX_ALL_KIND } from './code-actions';
import { codeLensesFor } from './code-lens';
import { toLspDiagnostic } from './convert';
import { DocumentChecks } from './document-checks';
import { hoverAt } from './hover';
import { REPORT_REQUEST, type ReportParams, type ReportResult, SUMMARY_NOTIFICATION, summarize } from './protocol';
import { SettingsStore } from './settings';

const DEBOUNCE_MS = 150;
const CHECK_TIMEOUT_MS = 10_000;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const runner = new CheckRunner(join(__dirname, 'check-worker.js'), CHECK_TIMEOUT_MS);
let pushedSettings: unknown;
let pullsSettings = false;
let versionedEdits = false;
let refreshesCodeLens = false;

const settings = new SettingsStore((uri) =>
  pullsSettings ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'gradcheck' }) : Promise.resolve(pushedSettings),
);

function kindOf(document: TextDocument): 'markdown' | 'tex' {
  return document.languageId === 'latex' || document.languageId === 'tex' ? 'tex' : documentKindOf(document.uri);
}

async function check(document: TextDocument): Promise<Report | undefined> {
  // The document object changes in place with each edit: take this version's text now.
  const text = document.getText();
  const { uri, languageId } = document;
  const current = await settings.forDocument(uri);
  if (!current.enabledLanguages.includes(languageId)) return undefined;
  return runner.check(text, { fileName: uri, kind: kindOf(document), settings: current.check, settingsProblems: current.problems });
}

const checks = new DocumentChecks({
  documents,
  check,
  delayMs: DEBOUNCE_MS,
  publish: (uri, version, report) => {
    void connection.sendDiagnostics({ uri, version, diagnostics: (report?.diagnostics ?? []).map((d) => toLspDiagnostic(d, uri)) });
    if (report) void connection.sendNotification(SUMMARY_NOTIFICATION, summarize(uri, version, report));
  },
});

connection.onInitialize((params) => {
  const capabilities = params.capabilities;
  pullsSettings = capabilities.workspace?.configuration === true;
  versionedEdits = capabilities.workspace?.workspaceEdit?.documentChanges === true;
  refreshesCodeLens = capabilities.workspace?.codeLens?.refreshSupport === true;
  pushedSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'gradcheck' },
  };
});

connection.onInitialized(() => {
  if (pullsSettings) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'gradcheck' });
});

connection.onDidChangeConfiguration((change) => {
  pushedSettings = (change.settings as { gradcheck?: unknown } | undefined)?.gradcheck ?? pushedSettings;
  settings.forgetEditorSettings();
  checks.recheckAll();
  if (refreshesCodeLens) void connection.sendRequest(CodeLensRefreshRequest.type);
});

// The client watches `.gradcheckrc.json`; any change may alter settings of any open document.
connection.onDidChangeWatchedFiles(() => {
  settings.forgetRcFiles();
  checks.recheckAll();
});

documents.onDidOpen(({ document }) => checks.schedule(document.uri, 0));
documents.onDidChangeContent(({ document }) => checks.schedule(document.uri));
documents.onDidClose(({ document }) => {
  checks.forget(document.uri);
  settings.forgetDocument(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.onRequest(REPORT_REQUEST, async ({ uri }: ReportParams): Promise<ReportResult> => (await checks.reportFor(uri)) ?? null);

connection.onCodeAction(async ({ textDocument, range, context }) => {
  const version = documents.get(textDocument.uri)?.version;
  const report = await checks.reportFor(textDocument.uri);
  // Edits are only valid for the text they were computed on.
  if (version === undefined || !report || documents.get(textDocument.uri)?.version !== version) return [];
  return codeActionsFor(report, { uri: textDocument.uri, version, versionedEdits }, range, context.only);
});

connection.onHover(async ({ textDocument, position }) => {
  const report = await checks.reportFor(textDocument.uri);
  return report ? hoverAt(report, position) : undefined;
});

connection.onCodeLens(async ({ textDocument }) => {
  const { codeLens } = await settings.forDocument(textDocument.uri);
  const report = codeLens ? await checks.reportFor(textDocument.uri) : undefined;
  return report ? codeLensesFor(report, textDocument.uri) : [];
});

connection.onShutdown(() => runner.dispose());

// A bug in a handler must cost one answer, not every open document's diagnostics.
process.on('uncaughtException', (error) => connection.console.error(`gradcheck: ${error.stack ?? error.message}`));

documents.listen(connection);
connection.listen();
