import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { setLocale } from './analysis/l10n';
import { CHECK_WORKSPACE_COMMAND, checkWorkspace, RESTART_COMMAND, restartServer, SHOW_LOGS_COMMAND } from './client/commands';
import { createLanguageClient, registerFixAllCommand, startLanguageClient } from './client/languageClient';
import { LanguageStatus, type StatusView } from './client/status';
import { registerRuffExternal } from './client/ruffExternal';
import { affectsSettings, displayLanguage } from './config';
import { registerGuide } from './guide';
import { FINDINGS_METHOD, NAMES_AT_METHOD, SERVER_INFO_METHOD, type CheckWorkspaceResult, type DocumentFinding, type NamesAtParams, type ServerInfo } from './shared/protocol';
import { registerWalkthrough } from './walkthrough';

/** What `activate()` returns: the language client and a few typed requests to its server (tests use them). */
export interface PythonAsyncGuideApi {
  client: LanguageClient;
  /** The findings the server holds for an open document, up to date. */
  findings(uri: vscode.Uri): Promise<DocumentFinding[]>;
  serverInfo(): Promise<ServerInfo>;
  /** *Check Workspace for Async Issues*, cancellable by `token` as by the notification's Cancel. */
  checkWorkspace(token?: vscode.CancellationToken): Promise<CheckWorkspaceResult | undefined>;
  /** What the language status item shows for a document. */
  status(uri: vscode.Uri): StatusView;
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

  // The UI first: should the server fail to start, the guide, snippets and walkthrough still work.
  const languageClient = createLanguageClient(context, log);
  client = languageClient;
  const status = new LanguageStatus(languageClient);
  const namesAt = async (document: vscode.TextDocument, position: vscode.Position) => {
    const params: NamesAtParams = { textDocument: { uri: document.uri.toString() }, position: { line: position.line, character: position.character } };
    return languageClient.sendRequest<string[]>(NAMES_AT_METHOD, params);
  };
  context.subscriptions.push(
    ...registerGuide(context, log, namesAt),
    ...registerWalkthrough(context, () => displayLanguage()),
    vscode.commands.registerCommand(SHOW_LOGS_COMMAND, () => log.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsSettings(event)) setLocale(displayLanguage());
    }),
    registerFixAllCommand(),
    status,
    vscode.commands.registerCommand(CHECK_WORKSPACE_COMMAND, () => checkWorkspace(languageClient, log)),
    vscode.commands.registerCommand(RESTART_COMMAND, () => restartServer(languageClient, log, () => status.reset())),
    ...registerRuffExternal(context, languageClient),
  );
  await startLanguageClient(context, languageClient, log);
  return {
    client: languageClient,
    findings: (uri) => languageClient.sendRequest<DocumentFinding[]>(FINDINGS_METHOD, { uri: uri.toString() }),
    serverInfo: () => languageClient.sendRequest<ServerInfo>(SERVER_INFO_METHOD),
    checkWorkspace: (token) => checkWorkspace(languageClient, log, token),
    status: (uri) => status.viewOf(uri),
  };
}

export async function deactivate(): Promise<void> {
  // A client that never started has nothing to stop (and says so by rejecting).
  await client?.stop().catch(() => undefined);
  client = undefined;
}
