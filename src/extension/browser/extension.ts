/**
 * The extension's web entry point (`browser`), for VS Code for the Web (vscode.dev, github.dev)
 * and any web worker extension host: the same client, its language server in a web worker.
 */
import * as vscode from 'vscode';
import { BaseLanguageClient, BrowserMessageReader, BrowserMessageWriter, type LanguageClientOptions, type MessageTransports } from 'vscode-languageclient/browser';
import { RC_FILE_REQUEST } from '../../server/protocol';
import { activateClient, deactivateClient, type GradcheckExtensionApi } from '../client';
import { findRcFile } from '../rc-files';

/**
 * A client whose server is a web worker started afresh on each start: the library's own browser
 * client keeps one worker for its lifetime, so a restart would meet the server that was stopped.
 */
class WebWorkerLanguageClient extends BaseLanguageClient {
  private worker: Worker | undefined;
  private scriptUrl: Promise<string> | undefined;

  constructor(options: LanguageClientOptions, private readonly serverScript: vscode.Uri) {
    super('gradcheck', 'gradcheck', options);
  }

  protected async createMessageTransports(): Promise<MessageTransports> {
    this.worker?.terminate();
    this.scriptUrl ??= workerScriptUrl(this.serverScript);
    const worker = new Worker(await this.scriptUrl, { name: 'gradcheck language server' });
    this.worker = worker;
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  }
}

/**
 * A URL the extension host can start a worker from. It turns an extension's own http(s) or
 * file URI into one the browser loads (vscode.dev, github.dev), but refuses an extension served
 * by a remote (code-server, a tunnel opened in the browser): that script is read through the
 * file system and started from a blob.
 */
async function workerScriptUrl(script: vscode.Uri): Promise<string> {
  if (script.scheme !== 'vscode-remote') return script.toString(true);
  const text = await vscode.workspace.fs.readFile(script);
  return URL.createObjectURL(new Blob([new TextDecoder().decode(text)], { type: 'text/javascript' }));
}

export function activate(context: vscode.ExtensionContext): GradcheckExtensionApi {
  const serverScript = vscode.Uri.joinPath(context.extensionUri, 'out', 'server', 'server-web.js');
  return activateClient(context, (clientOptions) => {
    const languageClient = new WebWorkerLanguageClient(clientOptions, serverScript);
    languageClient.onRequest(RC_FILE_REQUEST, findRcFile);
    return languageClient;
  });
}

export const deactivate = deactivateClient;
