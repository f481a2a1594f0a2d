import * as path from 'node:path';
import * as vscode from 'vscode';
import { planInsertion } from './insertion';

function isPythonEditor(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return editor !== undefined && editor.document.languageId === 'python' && !editor.document.isClosed;
}

/**
 * Remembers the last Python editor the user worked in: while the guide has focus there is no
 * active text editor, so "Insert at cursor" and "follow the cursor" need to know where the user was.
 */
export class PythonEditorTracker implements vscode.Disposable {
  private last: { uri: vscode.Uri; viewColumn: vscode.ViewColumn | undefined; selection: vscode.Selection } | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.remember(vscode.window.activeTextEditor);
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => this.remember(editor)),
      vscode.window.onDidChangeTextEditorSelection((event) => this.remember(event.textEditor)),
    );
  }

  private remember(editor: vscode.TextEditor | undefined): void {
    if (!isPythonEditor(editor)) return;
    this.last = { uri: editor.document.uri, viewColumn: editor.viewColumn, selection: editor.selection };
  }

  /** The last Python editor, shown again if it was hidden; undefined when there never was one. */
  async editor(): Promise<vscode.TextEditor | undefined> {
    const last = this.last;
    if (!last) return undefined;
    const visible = vscode.window.visibleTextEditors.filter((editor) => editor.document.uri.toString() === last.uri.toString());
    const shown = visible.find((editor) => editor.viewColumn === last.viewColumn) ?? visible[0];
    if (shown) return shown;
    try {
      const document = await vscode.workspace.openTextDocument(last.uri);
      return await vscode.window.showTextDocument(document, { viewColumn: last.viewColumn, selection: last.selection, preserveFocus: true });
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function indentUnit(editor: vscode.TextEditor): string {
  const { insertSpaces, tabSize, indentSize } = editor.options as { insertSpaces?: boolean; tabSize?: number; indentSize?: number };
  if (insertSpaces === false) return '\t';
  const size = typeof indentSize === 'number' ? indentSize : typeof tabSize === 'number' ? tabSize : 4;
  return ' '.repeat(size);
}

/** Inserts a sample at the editor's cursor as a snippet, then gives the editor the focus. */
export async function insertSample(editor: vscode.TextEditor, code: string): Promise<boolean> {
  const cursor = editor.selection.active;
  const plan = planInsertion(editor.document.lineAt(cursor.line).text, cursor.line, cursor.character, code, indentUnit(editor));
  const snippet = new vscode.SnippetString().appendText(plan.text);
  const inserted = await editor.insertSnippet(snippet, new vscode.Position(plan.line, plan.character));
  if (inserted) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  return inserted;
}

export function editorLabel(editor: vscode.TextEditor): string {
  return path.basename(editor.document.uri.path) || editor.document.uri.toString(true);
}
