/** The extension's Node entry point (`main`): the language server runs as a Node process. */
import type * as vscode from 'vscode';
import { LanguageClient, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { activateClient, deactivateClient, type GradcheckExtensionApi } from './client';

export function activate(context: vscode.ExtensionContext): GradcheckExtensionApi {
  const module = context.asAbsolutePath('out/server/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  return activateClient(context, (clientOptions) => new LanguageClient('gradcheck', 'gradcheck', serverOptions, clientOptions));
}

export const deactivate = deactivateClient;
