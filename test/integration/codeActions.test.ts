import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activateExtension,
  CANCELLED,
  closeAllEditors,
  codes,
  eventually,
  pressKeys,
  queryWorkbench,
  rangeOf,
  requireTestHost,
  screenshot,
  unlessCancelled,
  waitFor,
  waitForCodes,
  waitForCodeActions,
  waitForDiagnostics,
} from './util';

const QUICK_FIX = vscode.CodeActionKind.QuickFix.value;
const FIX_ALL = 'source.fixAll.pythonAsyncGuide';
const lines = (...text: string[]) => `${text.join('\n')}\n`;

const SOURCE = lines('import time', '', 'import requests', '', '', 'async def main(url):', '    time.sleep(1)', '    data = requests.get(url).json()', '    time.sleep(2)', '    return data');

let scratchCount = 0;

/** An unsaved Python document under a name of its own (reused `Untitled-1` names would mix up tests). */
async function openScratch(content: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.file(path.join(os.tmpdir(), `pag-fixes-${process.pid}-${++scratchCount}.py`)).with({ scheme: 'untitled' });
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), content)));
  return editor;
}

/** The code actions of a range, asked again if the workbench cancels the request. */
async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const answer = await eventually(async () => {
    const actions = await unlessCancelled(() => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind));
    return actions === CANCELLED ? undefined : { actions: actions ?? [] };
  }, 'code actions the workbench did not cancel');
  return answer.actions;
}

describe('Quick fixes and fix-all', () => {
  afterEach(closeAllEditors);

  it('offers the preferred `await asyncio.sleep` fix on a time.sleep diagnostic, and applying it clears the diagnostic', async () => {
    await activateExtension();
    const { document } = await openScratch(lines('import time', '', '', 'async def main():', '    time.sleep(1)'));
    const [diagnostic] = await waitForCodes(document.uri, ['ASYNC251']);

    const actions = await waitForCodeActions(document.uri, diagnostic.range, QUICK_FIX, (found) => found.some((action) => action.title.startsWith('Replace with')), 'the fixes of ASYNC251');
    const titles = actions.map((action) => action.title);
    assert.ok(titles.includes('Replace with `await asyncio.sleep(...)`'), JSON.stringify(titles));
    assert.ok(titles.includes('Suppress ASYNC251 on this line (# noqa)'), JSON.stringify(titles));
    const sleepFix = actions.find((action) => action.title.startsWith('Replace with'));
    assert.equal(sleepFix?.isPreferred, true);
    assert.equal(sleepFix?.kind?.value, vscode.CodeActionKind.QuickFix.value);

    assert.ok(sleepFix?.edit && (await vscode.workspace.applyEdit(sleepFix.edit)), 'the fix was applied');
    assert.equal(document.getText(), lines('import asyncio', 'import time', '', '', 'async def main():', '    await asyncio.sleep(1)'));
    await waitForCodes(document.uri, []);
  });

  it('offers asyncio.to_thread (not preferred) on a blocking HTTP call, parenthesized where its result is used', async () => {
    const { document } = await openScratch(SOURCE);
    await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210', 'ASYNC251']);
    const actions = await waitForCodeActions(document.uri, rangeOf(document, 'requests.get'), QUICK_FIX, (found) => found.some((action) => action.title.includes('to_thread')), 'the fixes of ASYNC210');
    const toThread = actions.find((action) => action.title.includes('to_thread'));
    assert.ok(toThread?.edit, JSON.stringify(actions.map((action) => action.title)));
    assert.equal(toThread.isPreferred, false);
    assert.ok(await vscode.workspace.applyEdit(toThread.edit));
    assert.match(document.getText(), /data = \(await asyncio\.to_thread\(requests\.get, url\)\)\.json\(\)/);
    await waitForCodes(document.uri, ['ASYNC251', 'ASYNC251']);
  });

  it('the fix-all command applies every preferred fix and leaves the rest', async () => {
    const { document } = await openScratch(SOURCE);
    await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210', 'ASYNC251']);
    const summary = await vscode.commands.executeCommand<{ applied: number; remaining: number }>('pythonAsyncGuide.fixAll');
    assert.deepEqual(summary, { applied: 2, remaining: 1 });
    assert.equal(
      document.getText(),
      lines('import asyncio', 'import time', '', 'import requests', '', '', 'async def main(url):', '    await asyncio.sleep(1)', '    data = requests.get(url).json()', '    await asyncio.sleep(2)', '    return data'),
    );
    await waitForCodes(document.uri, ['ASYNC210']);
    const again = await vscode.commands.executeCommand<{ applied: number; remaining: number }>('pythonAsyncGuide.fixAll');
    assert.deepEqual(again, { applied: 0, remaining: 1 });
  });

  it('provides the source.fixAll.pythonAsyncGuide action, as a small edit', async () => {
    const { document } = await openScratch(SOURCE);
    await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210', 'ASYNC251']);
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await waitForCodeActions(document.uri, whole, FIX_ALL, (found) => found.length > 0, 'the fix-all action');
    assert.deepEqual(actions.map((action) => action.kind?.value), ['source.fixAll.pythonAsyncGuide']);
    const edits = actions[0].edit?.get(document.uri) ?? [];
    assert.deepEqual(edits.map((edit) => edit.newText), ['import asyncio\n', 'await asyncio', 'await asyncio']);
    assert.ok(actions[0].edit && (await vscode.workspace.applyEdit(actions[0].edit)));
    await waitForCodes(document.uri, ['ASYNC210']);
    assert.deepEqual(await codeActions(document.uri, whole, FIX_ALL), []);
  });

  it('the light bulb menu of the workbench lists the fixes', async function () {
    requireTestHost(this);
    const editor = await openScratch(lines('import time', '', '', 'async def main():', '    time.sleep(1)'));
    await waitForCodes(editor.document.uri, ['ASYNC251']);
    const range = rangeOf(editor.document, 'time.sleep');
    await waitForCodeActions(editor.document.uri, range, undefined, (found) => found.some((action) => action.title.includes('asyncio.sleep')), 'the quick fixes');
    editor.selection = new vscode.Selection(range.start, range.start);
    const wanted = (text: string) => text.includes('Replace with `await asyncio.sleep(...)`') && text.includes('Suppress ASYNC251 on this line (# noqa)');
    let texts: string[] = [];
    // On a busy machine the menu can open (or close again) before it has the fixes: open it until it lists them.
    await eventually(async () => {
      if (!(await queryWorkbench('.action-widget')).texts.length) {
        await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, selection: new vscode.Range(range.start, range.start) });
        await vscode.commands.executeCommand('editor.action.quickFix');
      }
      texts = (await queryWorkbench('.action-widget')).texts;
      return texts.some(wanted);
    }, 'the light bulb menu with the fixes').catch(() => undefined);
    assert.ok(texts.some(wanted), JSON.stringify(texts));
    await screenshot('quick-fix-menu');
    await pressKeys('Escape');
  });

  it('fixes on save with "editor.codeActionsOnSave": {"source.fixAll.pythonAsyncGuide": "explicit"}', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-save-'));
    const file = path.join(dir, 'on_save.py');
    fs.writeFileSync(file, lines('import time', '', '', 'async def main():', '    time.sleep(1)'));
    const config = vscode.workspace.getConfiguration('editor', { languageId: 'python' });
    const previous = config.inspect('codeActionsOnSave')?.globalLanguageValue;
    await config.update('codeActionsOnSave', { 'source.fixAll.pythonAsyncGuide': 'explicit' }, vscode.ConfigurationTarget.Global, true);
    try {
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document);
      await waitForCodes(document.uri, ['ASYNC251']);
      // An explicit save, as Ctrl+S: the code actions on save run before the file is written.
      await vscode.commands.executeCommand('workbench.action.files.save');
      await waitFor(() => fs.readFileSync(file, 'utf8').includes('await asyncio.sleep(1)'), 'the fixed text on disk');
      assert.equal(fs.readFileSync(file, 'utf8'), lines('import asyncio', 'import time', '', '', 'async def main():', '    await asyncio.sleep(1)'));
      await waitForDiagnostics(document.uri, (diagnostics) => codes(diagnostics).length === 0, 'no diagnostics after the fix');
    } finally {
      await config.update('codeActionsOnSave', previous, vscode.ConfigurationTarget.Global, true);
      await closeAllEditors();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
