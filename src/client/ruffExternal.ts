import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { t } from '../analysis/l10n';
import { RUFF_EXTERNAL_METHOD, RUFF_STRIPS_NOQA_NOTIFICATION, type RuffExternalFix } from '../shared/protocol';

export const KEEP_NOQA_FROM_RUFF_COMMAND = 'pythonAsyncGuide.keepNoqaFromRuff';
/** Ruff configuration files whose offer the user declined for good (workspace state). */
const DECLINED_KEY = 'ruffExternal.declined';

/** Inserts the server's edit into the Ruff configuration file, saves it and shows the line. */
async function applyRuffExternal(fix: RuffExternalFix): Promise<boolean> {
  const uri = vscode.Uri.parse(fix.configUri);
  const { start, end } = fix.edit.range;
  const range = new vscode.Range(start.line, start.character, end.line, end.character);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, range, fix.edit.newText);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage(t('{0} could not be edited.', vscode.workspace.asRelativePath(uri)));
    return false;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  await document.save();
  // Showing the new line is a courtesy: the edit is saved even when no editor can open (e.g. the window is closing).
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(start.line, 0, start.line, 0), preview: false }).then(undefined, () => undefined);
  return true;
}

/**
 * The offer to keep `# noqa: AIO…` comments from Ruff's RUF100: a message when the server sees such
 * a comment in a project whose Ruff configuration would strip it, and the command behind the
 * walkthrough's button.
 */
export function registerRuffExternal(context: vscode.ExtensionContext, client: LanguageClient): vscode.Disposable[] {
  const notification = client.onNotification(RUFF_STRIPS_NOQA_NOTIFICATION, async (fix: RuffExternalFix) => {
    const declined = context.workspaceState.get<string[]>(DECLINED_KEY, []);
    if (declined.includes(fix.configUri)) return;
    const add = t('Add external = ["AIO"]');
    const never = t("Don't Ask Again");
    const file = vscode.workspace.asRelativePath(vscode.Uri.parse(fix.configUri));
    const choice = await vscode.window.showInformationMessage(
      t("Ruff's RUF100 (unused noqa) would remove the AIO codes from your `# noqa` comments. Declare them as another tool's in {0}?", file),
      add,
      never,
    );
    if (choice === add) await applyRuffExternal(fix);
    else if (choice === never) await context.workspaceState.update(DECLINED_KEY, [...declined, fix.configUri]);
  });

  const command = vscode.commands.registerCommand(KEEP_NOQA_FROM_RUFF_COMMAND, async (target?: unknown): Promise<boolean> => {
    const editor = vscode.window.activeTextEditor?.document;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = target instanceof vscode.Uri ? target : (editor?.uri.scheme === 'file' ? editor.uri : folder);
    const isFolder = uri !== undefined && (await vscode.workspace.fs.stat(uri).then((stat) => stat.type === vscode.FileType.Directory, () => false));
    const fix = uri ? await client.sendRequest<RuffExternalFix | null>(RUFF_EXTERNAL_METHOD, { uri: uri.toString(), isFolder }) : null;
    if (!fix) {
      void vscode.window.showInformationMessage(t('No Ruff configuration here removes AIO codes from `# noqa` comments: nothing to change.'));
      return false;
    }
    return applyRuffExternal(fix);
  });
  return [notification, command];
}
