import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { t } from '../analysis/l10n';
import { CHECK_WORKSPACE_METHOD, type CheckWorkspaceParams, type CheckWorkspaceResult } from '../shared/protocol';

export const CHECK_WORKSPACE_COMMAND = 'pythonAsyncGuide.checkWorkspace';
export const SHOW_LOGS_COMMAND = 'pythonAsyncGuide.showLogs';
export const RESTART_COMMAND = 'pythonAsyncGuide.restart';

let nextProgressToken = 1;

/**
 * Asks the server to lint the whole workspace, under a cancellable progress notification fed by
 * the server's work-done progress; `token` cancels it too (tests).
 */
export async function checkWorkspace(client: LanguageClient, log: vscode.LogOutputChannel, token?: vscode.CancellationToken): Promise<CheckWorkspaceResult | undefined> {
  if (!(vscode.workspace.workspaceFolders ?? []).some((folder) => folder.uri.scheme === 'file')) {
    void vscode.window.showInformationMessage(t('Open a folder on this machine to check its Python files.'));
    return undefined;
  }
  if (!client.isRunning()) {
    const restart = t('Restart');
    const showLogs = t('Show Logs');
    const choice = await vscode.window.showWarningMessage(t('The Python Async Guide language server is not running, so the workspace cannot be checked.'), restart, showLogs);
    if (choice === restart) await vscode.commands.executeCommand(RESTART_COMMAND);
    if (choice === showLogs) log.show();
    return undefined;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Checking the workspace for async issues'), cancellable: true },
    async (progress, userCancel) => {
      const cancel = new vscode.CancellationTokenSource();
      const workDoneToken = `pythonAsyncGuide.checkWorkspace.${nextProgressToken++}`;
      let shown = 0;
      const disposables = [
        cancel,
        userCancel.onCancellationRequested(() => cancel.cancel()),
        ...(token ? [token.onCancellationRequested(() => cancel.cancel())] : []),
        client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
          if (value.kind === 'end') return;
          const percentage = value.percentage ?? shown;
          progress.report({ increment: percentage - shown, message: value.message });
          shown = percentage;
        }),
      ];
      try {
        const params: CheckWorkspaceParams = { workDoneToken };
        const result = await client.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE_METHOD, params, cancel.token);
        reportCheck(result, log);
        return result;
      } finally {
        for (const disposable of disposables) disposable.dispose();
      }
    },
  );
}

function reportCheck(result: CheckWorkspaceResult, log: vscode.LogOutputChannel): void {
  const seconds = (result.durationMs / 1000).toFixed(1);
  const message = result.cancelled
    ? t('Workspace check cancelled after {0} of {1} files.', result.files + result.notLinted, result.total)
    : t('Checked {0} Python files ({1} lines) in {2} s: {3} findings in {4} files.', result.files, result.lines, seconds, result.findings, result.filesWithFindings);
  log.info(message);
  const showProblems = t('Show Problems');
  void vscode.window.showInformationMessage(message, showProblems).then((choice) => {
    if (choice === showProblems) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}

/** Stops the language server and starts a new one: the engine, the configuration and every cache are fresh. */
export async function restartServer(client: LanguageClient, log: vscode.LogOutputChannel, onRestarted: () => void): Promise<void> {
  log.info('Restarting the language server.');
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: t('Restarting the Python Async Guide language server') }, async () => {
    if (client.isRunning()) await client.stop();
    await client.start();
  });
  onRestarted();
  log.info('The language server restarted.');
}
