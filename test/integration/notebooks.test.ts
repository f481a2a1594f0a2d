import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  closeAllEditors,
  codes,
  describeDiagnostics,
  screenshot,
  settledDiagnostics,
  waitFor,
  waitForCodeActions,
  waitForCodes,
  waitForDiagnostics,
  workspaceUri,
} from './util';

/**
 * notebooks/rates.ipynb, opened with the `jupyter-notebook` serializer of VS Code's built-in ipynb
 * extension (code-server ships it): 0 markdown, 1 imports (`time as clock`, aiofiles' `open`),
 * 2 markdown, 3 `clock.sleep` in an async def, 4 `async with open(…)` (aiofiles), 5 top-level
 * `await`, 6 `asyncio.run(main())`.
 */
async function openRatesNotebook(): Promise<vscode.NotebookDocument> {
  await activateExtension();
  const notebook = await vscode.workspace.openNotebookDocument(workspaceUri('notebooks/rates.ipynb'));
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}

const cellText = (notebook: vscode.NotebookDocument, index: number) => notebook.cellAt(index).document.getText();

async function revertNotebook(): Promise<void> {
  const notebook = vscode.workspace.notebookDocuments.find((candidate) => candidate.uri.path.endsWith('/rates.ipynb'));
  if (notebook?.isDirty) {
    await vscode.window.showNotebookDocument(notebook);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await closeAllEditors();
}

describe('Jupyter notebooks', () => {
  afterEach(revertNotebook);

  it('lints the Python cells as one program: an import in cell 1 matters in cell 3, top-level await and aiofiles are fine', async () => {
    const notebook = await openRatesNotebook();
    assert.equal(notebook.notebookType, 'jupyter-notebook', 'the built-in ipynb serializer opened the file');
    assert.deepEqual(
      notebook.getCells().map((cell) => (cell.kind === vscode.NotebookCellKind.Markup ? 'markup' : cell.document.languageId)),
      ['markup', 'python', 'markup', 'python', 'python', 'python', 'python'],
    );
    const cell = (index: number) => notebook.cellAt(index).document.uri;

    // `clock` is the `time` module only because of the import in cell 1.
    const [sleep] = await waitForCodes(cell(3), ['ASYNC251']);
    assert.deepEqual(describeDiagnostics([sleep]), ['ASYNC251 2:5-2:16 warning']);
    const [loop] = await waitForCodes(cell(6), ['AIO111']);
    assert.deepEqual(describeDiagnostics([loop]), ['AIO111 4:1-4:20 error']);
    await screenshot('notebook');
    // The language status of a cell speaks of its notebook, linted as one program.
    const api = await activateExtension();
    await waitFor(() => api.status(cell(3)).text === 'Async lint: 2 findings', () => `the status of a cell (${api.status(cell(3)).text})`);

    // Cell by cell, `open` would be the builtin (ASYNC230, AIO109) and nothing would be known about `clock`.
    assert.deepEqual(codes(await settledDiagnostics(cell(4))), []);
    assert.deepEqual(codes(await settledDiagnostics(cell(5))), [], 'top-level await is legal in a notebook');
    for (const index of [0, 1, 2]) assert.deepEqual(codes(await settledDiagnostics(cell(index))), []);

    // Editing cell 1 re-lints the other cells: without the import, `clock.sleep` is unknown.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(cell(1), notebook.cellAt(1).document.lineAt(1).rangeIncludingLineBreak, '');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(cellText(notebook, 1), 'import asyncio\n\nfrom aiofiles import open');
    await waitForCodes(cell(3), []);
    await waitForCodes(cell(6), ['AIO111']);
    // ...and putting it back brings the finding back.
    const restore = new vscode.WorkspaceEdit();
    restore.insert(cell(1), new vscode.Position(1, 0), 'import time as clock\n');
    assert.ok(await vscode.workspace.applyEdit(restore));
    await waitForCodes(cell(3), ['ASYNC251']);
  });

  it('quick fixes edit their own cell: AIO111 becomes `await main()`, and # noqa is offered', async () => {
    const notebook = await openRatesNotebook();
    const cellUri = notebook.cellAt(6).document.uri;
    await waitForCodes(notebook.cellAt(3).document.uri, ['ASYNC251']);
    const [loop] = await waitForCodes(cellUri, ['AIO111']);
    const actions = await waitForCodeActions(cellUri, loop.range, vscode.CodeActionKind.QuickFix.value, (found) => found.some((action) => action.isPreferred), 'the fixes of AIO111');
    const titles = actions.map((action) => action.title);
    assert.ok(titles.includes('Suppress AIO111 on this line (# noqa)'), JSON.stringify(titles));
    const awaitMain = actions.find((action) => action.isPreferred);
    assert.ok(awaitMain?.edit, JSON.stringify(titles));
    assert.deepEqual(awaitMain.edit.entries().map(([uri]) => uri.toString()), [cellUri.toString()], 'the fix edits cell 6 only');

    const before = notebook.getCells().map((cell) => cell.document.getText());
    assert.ok(await vscode.workspace.applyEdit(awaitMain.edit));
    assert.equal(cellText(notebook, 6), "async def main():\n    return await fetch_rate('USD')\n\nawait main()");
    assert.deepEqual(notebook.getCells().slice(0, 6).map((cell) => cell.document.getText()), before.slice(0, 6), 'the other cells are untouched');
    await waitForDiagnostics(cellUri, (diagnostics) => diagnostics.length === 0, 'AIO111 to go once fixed');
    await waitForCodes(notebook.cellAt(3).document.uri, ['ASYNC251']);
  });
});
