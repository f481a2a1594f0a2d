import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { SHOWN_FILES_NOTIFICATION, type ShownFilesParams } from '../shared/protocol';

/** The `file:` documents in a tab or a visible editor: the ones VS Code pulls diagnostics for. */
function shownFiles(): string[] {
  const uris = new Set<string>();
  const add = (uri: vscode.Uri | undefined) => {
    if (uri?.scheme === 'file') uris.add(uri.toString());
  };
  for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
    const input = tab.input;
    if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputNotebook) add(input.uri);
    else if (input instanceof vscode.TabInputTextDiff) add(input.modified);
  }
  // Peek editors have no tab.
  for (const editor of vscode.window.visibleTextEditors) add(editor.document.uri);
  return [...uris].sort();
}

/**
 * Tells the server which files are shown, whenever that changes (and after each start): a file whose
 * tab closed loses its pulled diagnostics, and gets the workspace check's instead.
 */
export function reportShownFiles(client: LanguageClient): vscode.Disposable {
  let last = '';
  const send = () => {
    if (client.state !== State.Running) return;
    const uris = shownFiles();
    const key = uris.join('\n');
    if (key === last) return;
    last = key;
    const params: ShownFilesParams = { uris };
    void client.sendNotification(SHOWN_FILES_NOTIFICATION, params).catch(() => (last = ''));
  };
  send();
  return vscode.Disposable.from(
    vscode.window.tabGroups.onDidChangeTabs(send),
    vscode.window.onDidChangeVisibleTextEditors(send),
    client.onDidChangeState(({ newState }) => {
      last = '';
      if (newState === State.Running) send();
    }),
  );
}
