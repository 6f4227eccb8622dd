/** A language client for tests: the built server over stdio, with every publish recorded. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  type CodeAction,
  createMessageConnection,
  type Diagnostic,
  type MessageConnection,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const ROOT = join(__dirname, '..', '..', '..');
const SERVER = join(ROOT, 'out', 'server', 'server.js');

export interface SessionOptions {
  /** The `gradcheck` settings section the client answers workspace/configuration with. */
  settings?: Record<string, unknown>;
}

export interface Publish extends PublishDiagnosticsParams {
  at: number;
}

export class LspSession {
  readonly publishes: Publish[] = [];
  readonly stderr: string[] = [];
  /** What the server answered `initialize` with. */
  capabilities: Record<string, unknown> = {};
  private readonly listeners: Array<() => void> = [];
  exitCode: number | null | undefined;

  private constructor(readonly process: ChildProcess, readonly connection: MessageConnection, private readonly settings: Record<string, unknown>) {}

  static async start(options: SessionOptions = {}): Promise<LspSession> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(child, connection, options.settings ?? {});
    child.stderr!.on('data', (chunk: Buffer) => session.stderr.push(chunk.toString()));
    child.on('exit', (code) => { session.exitCode = code; });
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      session.publishes.push({ ...params, at: performance.now() });
      for (const listener of [...session.listeners]) listener();
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => session.settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
    connection.listen();
    session.capabilities = (await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
        textDocument: { publishDiagnostics: { versionSupport: true } },
        notebookDocument: { synchronization: { dynamicRegistration: false } },
      },
    })).capabilities;
    await connection.sendNotification('initialized', {});
    return session;
  }

  open(uri: string, text: string, languageId = 'markdown', version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, text: string): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Opens a Jupyter notebook whose cells are Markdown (`markdown`) or code (`python`), as a client with notebook sync does. */
  openNotebook(uri: string, cells: Array<{ uri: string; language: 'markdown' | 'python'; text: string }>, version = 1): void {
    void this.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri, notebookType: 'jupyter-notebook', version, cells: cells.map((c) => ({ kind: c.language === 'markdown' ? 1 : 2, document: c.uri })) },
      cellTextDocuments: cells.map((c) => ({ uri: c.uri, languageId: c.language, version: 1, text: c.text })),
    });
  }

  /** Replaces the whole text of one cell. */
  changeCell(notebookUri: string, notebookVersion: number, cellUri: string, cellVersion: number, text: string): void {
    void this.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: notebookVersion },
      change: { cells: { textContent: [{ document: { uri: cellUri, version: cellVersion }, changes: [{ text }] }] } },
    });
  }

  /** The first publish for `uri` (after `since`) that satisfies `accept`. */
  waitForPublish(uri: string, accept: (p: Publish) => boolean = () => true, since = 0, timeoutMs = 10_000): Promise<Publish> {
    return new Promise((resolve, reject) => {
      const find = (): boolean => {
        const hit = this.publishes.slice(since).find((p) => p.uri === uri && accept(p));
        if (hit) resolve(hit);
        return hit !== undefined;
      };
      if (find()) return;
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`)), timeoutMs);
      const listener = (): void => {
        if (!find()) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
      };
      this.listeners.push(listener);
    });
  }

  codeActions(uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
    });
  }

  async close(): Promise<void> {
    if (this.exitCode === undefined) {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    }
    this.connection.dispose();
    if (this.exitCode === undefined) await new Promise((resolve) => this.process.once('exit', resolve));
  }
}

/** Applies a workspace edit for one document to its text, as an editor would. */
export function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit): string {
  const edits: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) edits.push(...change.edits.filter((e): e is TextEdit => 'range' in e));
  }
  edits.push(...(edit.changes?.[uri] ?? []));
  return TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 0, text), edits);
}

export function textAt(text: string, range: Diagnostic['range']): string {
  const document = TextDocument.create('file:///x', 'markdown', 0, text);
  return text.slice(document.offsetAt(range.start), document.offsetAt(range.end));
}
