import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, type LanguageClient, type Middleware } from 'vscode-languageclient/node';

export const RUFF_EXTENSION_ID = 'charliermarsh.ruff';

/** The Ruff extension runs here (installed, activated, and not switched off with `ruff.enable`). */
export function isRuffExtensionActive(): boolean {
  const extension = vscode.extensions.getExtension(RUFF_EXTENSION_ID);
  return extension?.isActive === true && vscode.workspace.getConfiguration('ruff').get<boolean>('enable', true);
}

/**
 * Adds `ruffExtensionActive` to the settings the server pulls, so that `pythonAsyncGuide.ruffOverlap:
 * auto` can leave to Ruff the codes it reports.
 */
export const ruffAwareConfiguration: Middleware['workspace'] = {
  configuration: async (params, token, next) => {
    const results = await next(params, token);
    if (!Array.isArray(results)) return results;
    const active = isRuffExtensionActive();
    return results.map((result: unknown) => (result && typeof result === 'object' && !Array.isArray(result) ? { ...result, ruffExtensionActive: active } : result));
  },
};

/** Tells the server to pull the settings again when the Ruff extension starts, stops or is switched off. */
export function watchRuffExtension(client: LanguageClient): vscode.Disposable {
  let active = isRuffExtensionActive();
  const check = () => {
    const now = isRuffExtensionActive();
    if (now === active) return;
    active = now;
    void client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  };
  // An extension activates lazily (on a Python file for Ruff): look again when editors change too.
  return vscode.Disposable.from(
    vscode.extensions.onDidChange(check),
    vscode.window.onDidChangeActiveTextEditor(check),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('ruff.enable')) check();
    }),
  );
}
