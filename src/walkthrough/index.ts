import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { t } from '../analysis/l10n';
import { DIAGNOSTIC_SOURCE } from '../shared/protocol';
import {
  FIX_ALL_KIND,
  FIX_ALL_ON_SAVE_COMMAND,
  FIX_APPLIED,
  HOVER_SHOWN,
  SEMAPHORE_INSERTED,
  SHOW_HOVER_COMMAND,
  SHOW_QUICK_FIXES_COMMAND,
  SUGGEST_SEMAPHORE_COMMAND,
  TRY_IT_COMMAND,
} from './commands';

/** What the `aio-sem` snippet inserts, and nothing else in the sample does. */
const SEMAPHORE_MARK = 'asyncio.Semaphore(limit)';
const QUICK_FIX_MARKS = ['await asyncio.sleep(', 'asyncio.to_thread('];

/**
 * The *Get started* walkthrough's side in the extension: the *Try it* sample, the buttons of the
 * steps, and the context keys that complete the steps VS Code has no event for (a hover shown, a fix
 * applied, a snippet inserted).
 */
export function registerWalkthrough(context: vscode.ExtensionContext, language: () => string): vscode.Disposable[] {
  /** Every sample open, by URI, with the number of findings it had last. */
  const samples = new Map<string, number>();
  let sample: vscode.TextDocument | undefined;
  const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);

  const openSample = async () => {
    const file = path.join(context.extensionPath, 'media', 'walkthrough', language().startsWith('zh') ? 'sample.zh-cn.py' : 'sample.py');
    let content: string;
    try {
      content = await fs.promises.readFile(file, 'utf8');
    } catch (error) {
      void vscode.window.showErrorMessage(t('Cannot open the sample: {0}', (error as Error).message));
      return undefined;
    }
    // The steps count from here: a hover or snippet before the walkthrough was open is not seen by it.
    for (const key of [HOVER_SHOWN, FIX_APPLIED, SEMAPHORE_INSERTED]) await vscode.commands.executeCommand('setContext', key, false);
    sample = await vscode.workspace.openTextDocument({ language: 'python', content });
    // The first lint may have landed before the document was returned.
    samples.set(sample.uri.toString(), ours(sample.uri).length);
    return vscode.window.showTextDocument(sample, { preview: false });
  };

  /** The sample's editor (or the active Python editor) with the cursor on its first finding. */
  const editorAtFirstFinding = async (): Promise<vscode.TextEditor | undefined> => {
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === sample);
    const active = vscode.window.activeTextEditor;
    let editor = visible ?? (active?.document.languageId === 'python' ? active : undefined);
    if (editor) editor = await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    else editor = await openSample();
    if (!editor) return undefined;
    const first = ours(editor.document.uri).sort((a, b) => a.range.start.compareTo(b.range.start))[0];
    if (first) {
      editor.selection = new vscode.Selection(first.range.start, first.range.start);
      editor.revealRange(first.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } else {
      void vscode.window.showInformationMessage(t('No findings in this file: open the sample with "Try It" first.'));
    }
    return editor;
  };

  const hoverWatcher: vscode.HoverProvider = {
    provideHover(document, position) {
      if (ours(document.uri).some((diagnostic) => diagnostic.range.contains(position))) void setContext(HOVER_SHOWN);
      return undefined;
    },
  };

  return [
    vscode.commands.registerCommand(TRY_IT_COMMAND, async () => {
      await openSample();
    }),
    vscode.commands.registerCommand(SHOW_HOVER_COMMAND, async () => {
      if (await editorAtFirstFinding()) await vscode.commands.executeCommand('editor.action.showHover');
    }),
    vscode.commands.registerCommand(SHOW_QUICK_FIXES_COMMAND, async () => {
      if (await editorAtFirstFinding()) await vscode.commands.executeCommand('editor.action.quickFix');
    }),
    vscode.commands.registerCommand(SUGGEST_SEMAPHORE_COMMAND, async () => {
      const editor = await editorAtFirstFinding();
      if (!editor) return;
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      const prefix = editor.document.lineAt(end.line).isEmptyOrWhitespace ? '' : '\n';
      await editor.edit((edit) => edit.insert(end, `${prefix}\n\naio-sem`));
      const last = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      editor.selection = new vscode.Selection(last, last);
      editor.revealRange(new vscode.Range(last, last));
      await vscode.commands.executeCommand('editor.action.triggerSuggest');
    }),
    vscode.commands.registerCommand(FIX_ALL_ON_SAVE_COMMAND, async () => {
      const config = vscode.workspace.getConfiguration('editor');
      const current = config.inspect<Record<string, string> | string[]>('codeActionsOnSave')?.globalValue;
      const value = Array.isArray(current) ? [...new Set([...current, FIX_ALL_KIND])] : { ...(current ?? {}), [FIX_ALL_KIND]: 'explicit' };
      await config.update('codeActionsOnSave', value, vscode.ConfigurationTarget.Global);
      void vscode.window.showInformationMessage(t('Fix all on save is on: saving a Python file now applies every preferred fix of Python Async Guide.'));
    }),
    vscode.languages.registerHoverProvider({ language: 'python' }, hoverWatcher),
    vscode.languages.onDidChangeDiagnostics((event) => {
      for (const uri of event.uris) {
        const before = samples.get(uri.toString());
        if (before === undefined) continue;
        const count = ours(uri).length;
        const edited = vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString() && document.version > 1);
        if (count < before && edited) void setContext(FIX_APPLIED);
        samples.set(uri.toString(), count);
      }
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.languageId !== 'python') return;
      if (event.contentChanges.some((change) => change.text.includes(SEMAPHORE_MARK))) void setContext(SEMAPHORE_INSERTED);
      // The sample's blocking call rewritten by a quick fix (await asyncio.sleep / asyncio.to_thread).
      if (samples.has(event.document.uri.toString()) && event.contentChanges.some((change) => QUICK_FIX_MARKS.some((mark) => change.text.includes(mark)))) {
        void setContext(FIX_APPLIED);
      }
    }),
    // A closed sample's name (Untitled-1) goes to the next untitled document, which is not a sample.
    vscode.workspace.onDidCloseTextDocument((document) => {
      samples.delete(document.uri.toString());
      if (sample === document) sample = undefined;
    }),
  ];
}

function setContext(key: string): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, true);
}
