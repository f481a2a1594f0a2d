import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { setLocale } from './analysis/l10n';
import { registerFixAllCommand, startLanguageClient } from './client/languageClient';
import { affectsSettings, displayLanguage } from './config';
import { registerGuide } from './guide';
import { FINDINGS_METHOD, NAMES_AT_METHOD, SERVER_INFO_METHOD, type DocumentFinding, type NamesAtParams, type ServerInfo } from './shared/protocol';
import { registerWalkthrough } from './walkthrough';

/** What `activate()` returns: the language client and a few typed requests to its server (tests use them). */
export interface PythonAsyncGuideApi {
  client: LanguageClient;
  /** The findings the server holds for an open document, up to date. */
  findings(uri: vscode.Uri): Promise<DocumentFinding[]>;
  serverInfo(): Promise<ServerInfo>;
}

let client: LanguageClient | undefined;

/**
 * The extension keeps the UI (guide, snippets, commands, messages); linting, code actions and
 * fix-all run in the language server (dist/server.js).
 */
export async function activate(context: vscode.ExtensionContext): Promise<PythonAsyncGuideApi> {
  const log = vscode.window.createOutputChannel('Python Async Guide', { log: true });
  context.subscriptions.push(log);
  setLocale(displayLanguage());

  const languageClient = await startLanguageClient(context, log);
  client = languageClient;
  const namesAt = async (document: vscode.TextDocument, position: vscode.Position) => {
    const params: NamesAtParams = { textDocument: { uri: document.uri.toString() }, position: { line: position.line, character: position.character } };
    return languageClient.sendRequest<string[]>(NAMES_AT_METHOD, params);
  };
  context.subscriptions.push(
    registerFixAllCommand(),
    ...registerGuide(context, log, namesAt),
    ...registerWalkthrough(context, () => displayLanguage()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsSettings(event)) setLocale(displayLanguage());
    }),
  );
  return {
    client: languageClient,
    findings: (uri) => languageClient.sendRequest<DocumentFinding[]>(FINDINGS_METHOD, { uri: uri.toString() }),
    serverInfo: () => languageClient.sendRequest<ServerInfo>(SERVER_INFO_METHOD),
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
