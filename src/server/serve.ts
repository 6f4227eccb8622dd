/**
 * gradcheck's language server, whatever runs it: owns the open documents and answers the editor
 * from the reports core produces. Every check runs in a worker (see check-runner.ts); the entry
 * points (server.ts for Node, browser/server.ts for a web worker) give the connection, the
 * worker and where rc files are read.
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  type Connection,
  DidChangeConfigurationNotification,
  type Diagnostic as LspDiagnostic,
  NotebookDocuments,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Report } from '../core/report';
import { documentKindOf } from '../core/source/extract';
import { CheckRunner, type StartCheckThread } from './check-runner';
import { reportInCell } from './cell-report';
import { codeActionsFor, FIX_ALL_KIND } from './code-actions';
import { codeLensesFor } from './code-lens';
import { toLspDiagnostic } from './convert';
import { DocumentChecks } from './document-checks';
import { hoverAt } from './hover';
import { NOTEBOOK_SELECTOR, type NotebookSnapshot, NotebookStore } from './notebooks';
import { documentPlacement, type Placement } from './placement';
import { REPORT_REQUEST, type ReportParams, type ReportResult, SUMMARY_NOTIFICATION, summarize } from './protocol';
import { type RcFiles, SettingsStore } from './settings';

const DEBOUNCE_MS = 150;
const CHECK_TIMEOUT_MS = 10_000;

function kindOf(document: TextDocument): 'markdown' | 'tex' {
  return document.languageId === 'latex' || document.languageId === 'tex' ? 'tex' : documentKindOf(document.uri);
}

/** The report a request about `uri` reads, where its spans are shown, and the version it is for. */
interface Answerable {
  report: Report;
  placement: Placement;
  /** Whether the document (or notebook) is still as it was when the report was made. */
  current: () => boolean;
}

/** What differs between the Node server and the web worker one. */
export interface ServerHost {
  /** Starts a worker for the checker (a worker thread, a web worker). */
  checkThreads: StartCheckThread;
  rcFiles: RcFiles;
}

/**
 * Serves gradcheck on `connection` until it closes: the open documents, their checks, and the
 * editor's requests. Everything here is the same in Node and in a browser's web worker.
 */
export function serve(connection: Connection, host: ServerHost): void {
  const documents = new TextDocuments(TextDocument);
  const notebookDocuments = new NotebookDocuments(TextDocument);
  const notebooks = new NotebookStore(notebookDocuments);
  const runner = new CheckRunner(host.checkThreads, CHECK_TIMEOUT_MS);
  let pushedSettings: unknown;
  let pullsSettings = false;
  let versionedEdits = false;
  let refreshesCodeLens = false;

  const settings = new SettingsStore((uri) =>
    pullsSettings ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'gradcheck' }) : Promise.resolve(pushedSettings),
    host.rcFiles,
  );

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
    publish: ({ uri, version }, report) => {
      const placement = documentPlacement(uri, version);
      void connection.sendDiagnostics({ uri, version, diagnostics: (report?.diagnostics ?? []).map((d) => toLspDiagnostic(d, placement)) });
      if (report) void connection.sendNotification(SUMMARY_NOTIFICATION, summarize(uri, version, report));
    },
  });

  /** A notebook is checked as its Markdown cells joined: definitions in one cell reach the claims of the next. */
  async function checkNotebook(notebook: NotebookSnapshot): Promise<Report | undefined> {
    const current = await settings.forDocument(notebook.uri);
    if (notebook.cells.length === 0 || !current.enabledLanguages.includes('markdown')) return undefined;
    return runner.check(notebook.placement.text, { fileName: notebook.uri, kind: 'markdown', settings: current.check, settingsProblems: current.problems });
  }

  /** The cells each notebook's diagnostics were last published on, so that a cell that left is cleared. */
  const publishedCells = new Map<string, string[]>();

  function publishNotebook(notebook: NotebookSnapshot, report: Report | undefined): void {
    const byCell = new Map<string, LspDiagnostic[]>(notebook.cells.map((cell) => [cell.uri, []]));
    for (const diagnostic of report?.diagnostics ?? []) {
      byCell.get(notebook.placement.locate(diagnostic.span).uri)?.push(toLspDiagnostic(diagnostic, notebook.placement));
    }
    for (const cell of notebook.cells) {
      void connection.sendDiagnostics({ uri: cell.uri, version: cell.version, diagnostics: byCell.get(cell.uri) ?? [] });
      // The status bar follows the active editor, which in a notebook is a cell: each cell shows the notebook's counts.
      if (report) void connection.sendNotification(SUMMARY_NOTIFICATION, summarize(cell.uri, cell.version, report));
    }
    for (const uri of publishedCells.get(notebook.uri) ?? []) {
      if (!byCell.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    publishedCells.set(notebook.uri, [...byCell.keys()]);
  }

  const notebookChecks = new DocumentChecks({ documents: notebooks, check: checkNotebook, delayMs: DEBOUNCE_MS, publish: publishNotebook });

  async function answerable(uri: string): Promise<Answerable | undefined> {
    const notebookUri = notebooks.notebookOf(uri);
    if (notebookUri !== undefined) {
      const notebook = notebooks.get(notebookUri);
      const report = await notebookChecks.reportFor(notebookUri);
      if (!notebook || !report) return undefined;
      return { report, placement: notebook.placement, current: () => notebooks.get(notebookUri)?.version === notebook.version };
    }
    const version = documents.get(uri)?.version;
    const report = await checks.reportFor(uri);
    if (version === undefined || !report) return undefined;
    return { report, placement: documentPlacement(uri, version), current: () => documents.get(uri)?.version === version };
  }

  connection.onInitialize((params) => {
    const capabilities = params.capabilities;
    pullsSettings = capabilities.workspace?.configuration === true;
    versionedEdits = capabilities.workspace?.workspaceEdit?.documentChanges === true;
    refreshesCodeLens = capabilities.workspace?.codeLens?.refreshSupport === true;
    pushedSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    // A client without notebook sync sends each Markdown cell as a document of its own, checked alone.
    const syncsNotebooks = capabilities.notebookDocument?.synchronization !== undefined;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        ...(syncsNotebooks && { notebookDocumentSync: { notebookSelector: NOTEBOOK_SELECTOR } }),
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
    notebookChecks.recheckAll();
    if (refreshesCodeLens) void connection.sendRequest(CodeLensRefreshRequest.type);
  });

  // The client watches `.gradcheckrc.json`; any change may alter settings of any open document.
  connection.onDidChangeWatchedFiles(() => {
    settings.forgetRcFiles();
    checks.recheckAll();
    notebookChecks.recheckAll();
  });

  documents.onDidOpen(({ document }) => checks.schedule(document.uri, 0));
  documents.onDidChangeContent(({ document }) => checks.schedule(document.uri));
  documents.onDidClose(({ document }) => {
    checks.forget(document.uri);
    settings.forgetDocument(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  notebookDocuments.onDidOpen(({ uri }) => {
    notebooks.changed(uri);
    notebookChecks.schedule(uri, 0);
  });
  notebookDocuments.onDidChange(({ notebookDocument: { uri } }) => {
    notebooks.changed(uri);
    notebookChecks.schedule(uri);
  });
  notebookDocuments.onDidClose(({ uri }) => {
    notebooks.closed(uri);
    notebookChecks.forget(uri);
    settings.forgetDocument(uri);
    for (const cell of publishedCells.get(uri) ?? []) void connection.sendDiagnostics({ uri: cell, diagnostics: [] });
    publishedCells.delete(uri);
  });

  connection.onRequest(REPORT_REQUEST, async ({ uri }: ReportParams): Promise<ReportResult> => {
    const notebookUri = notebooks.notebookOf(uri);
    if (notebookUri === undefined) return (await checks.reportFor(uri)) ?? null;
    const notebook = notebooks.get(notebookUri);
    const report = await notebookChecks.reportFor(notebookUri);
    const cell = notebook?.placement.cellSpan(uri);
    const text = notebook?.cells.find((c) => c.uri === uri)?.text;
    return report && cell && text !== undefined ? reportInCell(report, cell, text) : null;
  });

  connection.onCodeAction(async ({ textDocument, range, context }) => {
    const answer = await answerable(textDocument.uri);
    // Edits are only valid for the text they were computed on.
    if (!answer || !answer.current()) return [];
    return codeActionsFor(answer.report, { uri: textDocument.uri, placement: answer.placement, versionedEdits }, range, context.only);
  });

  connection.onHover(async ({ textDocument, position }) => {
    const answer = await answerable(textDocument.uri);
    return answer ? hoverAt(answer.report, answer.placement, textDocument.uri, position) : undefined;
  });

  connection.onCodeLens(async ({ textDocument }) => {
    const { codeLens } = await settings.forDocument(textDocument.uri);
    const answer = codeLens ? await answerable(textDocument.uri) : undefined;
    return answer ? codeLensesFor(answer.report, answer.placement, textDocument.uri) : [];
  });

  connection.onShutdown(() => runner.dispose());

  documents.listen(connection);
  notebookDocuments.listen(connection);
  connection.listen();
}
