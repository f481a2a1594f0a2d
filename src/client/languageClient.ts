import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { t } from '../analysis/l10n';
import { ruffAwareConfiguration, watchRuffExtension } from './ruff';
import { reportShownFiles } from './shownFiles';
import { APPLY_FIX_ALL_COMMAND, type FixAllSummary, type InitializationOptions } from '../shared/protocol';

export const PYTHON_DOCUMENTS = [
  { language: 'python', scheme: 'file' },
  { language: 'python', scheme: 'untitled' },
  { language: 'python', scheme: 'vscode-notebook-cell' },
];

/**
 * Restarts the server when it dies (the library's policy: up to 4 times in 3 minutes) and says so,
 * with a button to the logs: the squiggles disappear for a moment, never silently.
 */
class RestartingErrorHandler implements ErrorHandler {
  /** The library's own handler, which keeps the restart count; set once the client exists. */
  fallback: ErrorHandler | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  error(...args: Parameters<ErrorHandler['error']>) {
    return this.fallback ? this.fallback.error(...args) : { action: ErrorAction.Continue };
  }

  async closed(): Promise<CloseHandlerResult> {
    const result = this.fallback ? await this.fallback.closed() : { action: CloseAction.Restart };
    const restarting = result.action === CloseAction.Restart;
    const message = restarting
      ? t('The Python Async Guide language server stopped unexpectedly and was restarted.')
      : t('The Python Async Guide language server stopped repeatedly and will not be restarted; reload the window to try again.');
    this.log.warn(message);
    const showLogs = t('Show Logs');
    void vscode.window.showWarningMessage(message, showLogs).then((choice) => {
      if (choice === showLogs) this.log.show();
    });
    return { ...result, message, handled: true };
  }
}

/**
 * Python files of virtual workspace folders (a GitHub repository opened remotely…): linted as open
 * editors only, since the server reads no other file there (package.json `virtualWorkspaces`).
 */
function virtualWorkspaceDocuments(): Array<{ language: string; scheme: string }> {
  const schemes = new Set((vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.scheme).filter((scheme) => scheme !== 'file'));
  return [...schemes].map((scheme) => ({ language: 'python', scheme }));
}

/** The client of the language server (dist/server.js, in its own process, over node IPC), not started yet. */
export function createLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const initializationOptions: InitializationOptions = { guideLinks: 'command', documentStatus: true };
  const errorHandler = new RestartingErrorHandler(log);
  const clientOptions: LanguageClientOptions = {
    errorHandler,
    documentSelector: [...PYTHON_DOCUMENTS, ...virtualWorkspaceDocuments()],
    initializationOptions,
    outputChannel: log,
    diagnosticPullOptions: { onChange: true, onSave: true },
    middleware: {
      workspace: ruffAwareConfiguration,
      executeCommand: async (command, args, next) => {
        const summary = (await next(command, args)) as FixAllSummary | null | undefined;
        if (command === APPLY_FIX_ALL_COMMAND) reportFixAll(summary);
        return summary;
      },
    },
  };
  const client = new LanguageClient('pythonAsyncGuide', 'Python Async Guide', serverOptions, clientOptions);
  errorHandler.fallback = client.createDefaultErrorHandler();
  return client;
}

/**
 * Starts the server; when it cannot start, says so with a button to the logs and returns false:
 * the guide, snippets and walkthrough do not need it.
 */
export async function startLanguageClient(context: vscode.ExtensionContext, client: LanguageClient, log: vscode.LogOutputChannel): Promise<boolean> {
  try {
    await client.start();
  } catch (error) {
    const message = t('The Python Async Guide language server could not start ({0}); the guide and snippets still work.', (error as Error)?.message ?? String(error));
    log.error(message);
    const showLogs = t('Show Logs');
    void vscode.window.showErrorMessage(message, showLogs).then((choice) => {
      if (choice === showLogs) log.show();
    });
    return false;
  }
  context.subscriptions.push(watchRuffExtension(client), reportShownFiles(client));
  return true;
}

function reportFixAll(summary: FixAllSummary | null | undefined): void {
  if (!summary) {
    void vscode.window.showWarningMessage(t('The fixes could not be applied: the file changed meanwhile.'));
  } else if (summary.syntaxErrors) {
    void vscode.window.setStatusBarMessage(t('Nothing fixed: the file has syntax errors.'), 5000);
  } else if (summary.applied === 0) {
    void vscode.window.setStatusBarMessage(t('No auto-fixable async issues in this file.'), 5000);
  } else {
    void vscode.window.setStatusBarMessage(t('Fixed {0} async issue(s); {1} left.', summary.applied, summary.remaining), 5000);
  }
}

export const FIX_ALL_COMMAND = 'pythonAsyncGuide.fixAll';

/** `pythonAsyncGuide.fixAll [uri]`: fix-all on a document (the active editor's by default), through the server. */
export function registerFixAllCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(FIX_ALL_COMMAND, async (uri?: unknown): Promise<FixAllSummary | undefined> => {
    const target = uri instanceof vscode.Uri ? uri : typeof uri === 'string' ? vscode.Uri.parse(uri) : vscode.window.activeTextEditor?.document.uri;
    const document = target ? await openDocument(target) : undefined;
    if (document === 'unreadable') return undefined;
    if (!document || document.languageId !== 'python') {
      void vscode.window.setStatusBarMessage(t('Open a Python file to fix its async issues.'), 5000);
      return undefined;
    }
    const summary = await vscode.commands.executeCommand<FixAllSummary | null>(APPLY_FIX_ALL_COMMAND, document.uri.toString());
    return summary ?? undefined;
  });
}


/** An open document, else the file opened; 'unreadable', said to the user, when it does not exist or cannot be read. */
async function openDocument(uri: vscode.Uri): Promise<vscode.TextDocument | 'unreadable'> {
  const open = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
  if (open) return open;
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch {
    void vscode.window.showWarningMessage(t('Cannot fix {0}: the file could not be opened.', uri.scheme === 'file' ? uri.fsPath : uri.toString(true)));
    return 'unreadable';
  }
}
