import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, inTestHost, mouse, openFixture, waitFor, waitForWorkbench, workspaceUri } from './util';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

const PYPROJECT = lines('[project]', 'name = "rates"', '', '[tool.ruff.lint]', '# Everything, in CI.', 'select = ["ALL"]', '', '[tool.ruff.lint.per-file-ignores]', '"tests/*" = ["S101"]');
const FIXED = lines('[project]', 'name = "rates"', '', '[tool.ruff.lint]', '# Everything, in CI.', 'select = ["ALL"]', 'external = ["AIO"]', '', '[tool.ruff.lint.per-file-ignores]', '"tests/*" = ["S101"]');
const APP = lines('import asyncio', '', '', 'async def main():', '    loop = asyncio.get_event_loop()  # noqa: AIO103', '    return loop');

/** A project folder in the workspace with a Ruff configuration that enables RUF100 (select ALL). */
function project(name: string): { pyproject: string; app: string } {
  const dir = workspaceUri(name).fsPath;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), PYPROJECT);
  fs.writeFileSync(path.join(dir, 'app.py'), APP);
  return { pyproject: path.join(dir, 'pyproject.toml'), app: `${name}/app.py` };
}

describe('Next to Ruff: RUF100 and # noqa: AIO…', () => {
  const folders: string[] = [];
  afterEach(async () => {
    await closeAllEditors();
    for (const folder of folders.splice(0)) fs.rmSync(workspaceUri(folder).fsPath, { recursive: true, force: true });
  });

  it('the command adds external = ["AIO"] to [tool.ruff.lint] of the nearest pyproject.toml, comments kept', async () => {
    await activateExtension();
    folders.push('ruff-command');
    const { pyproject, app } = project('ruff-command');
    await openFixture(app);
    assert.equal(await vscode.commands.executeCommand<boolean>('pythonAsyncGuide.keepNoqaFromRuff'), true);
    assert.equal(fs.readFileSync(pyproject, 'utf8'), FIXED);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, pyproject, 'the edited file is shown');
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, 6, 'at the new line');
    // Declared now: nothing left to do.
    await openFixture(app);
    assert.equal(await vscode.commands.executeCommand<boolean>('pythonAsyncGuide.keepNoqaFromRuff'), false);
  });

  it('a file with # noqa: AIO… under such a config brings the offer, and its button edits the file', async function () {
    if (!inTestHost()) this.skip();
    await activateExtension();
    folders.push('ruff-offer');
    const { pyproject, app } = project('ruff-offer');
    // An information toast hides itself after some seconds, which a loaded host may need before it gets to the
    // button: with the notification centre open, the offer arrives there and stays until it is answered.
    await vscode.commands.executeCommand('notifications.showList');
    try {
      await openFixture(app);
      const button = '.notifications-center .notification-list-item:has-text("ruff-offer") .monaco-button:has-text("Add external")';
      await waitForWorkbench(button);
      await mouse('click', button);
      await waitFor(() => fs.readFileSync(pyproject, 'utf8') === FIXED, 'external = ["AIO"] in ruff-offer/pyproject.toml');
    } finally {
      await vscode.commands.executeCommand('notifications.hideList');
    }
  });
});
