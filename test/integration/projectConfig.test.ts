import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openFixture, waitFor, waitForCodes, withSettings, workspaceUri } from './util';

const encoder = new TextEncoder();

/** Diagnostics VS Code shows for the configuration file (published by the language server). */
function configProblems(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === 'python-async-guide')
    .map((diagnostic) => `${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
}

describe('Project configuration in the editor (pyproject.toml, ruff.toml)', () => {
  const pyproject = workspaceUri('configured/pyproject.toml');
  const ruffToml = workspaceUri('configured/ruff.toml');
  let original: Uint8Array;

  before(async () => {
    original = await vscode.workspace.fs.readFile(pyproject);
  });

  afterEach(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.writeFile(pyproject, original);
    await vscode.workspace.fs.delete(ruffToml).then(undefined, () => undefined);
  });

  it('applies [tool.python-async-guide] and shows its mistakes on the file, with their line', async () => {
    const uri = (await openFixture('configured/app.py')).document.uri;
    await waitForCodes(uri, ['ASYNC251', 'AIO103']);
    const problems = await waitFor(() => configProblems(pyproject).length > 0 && configProblems(pyproject), 'a diagnostic on pyproject.toml');
    assert.deepEqual(problems, ['3: Unknown key `selct`.']);
    // The language status's settings item names the configuration files that apply.
    const api = await activateExtension();
    await waitFor(() => api.status(uri).configuration === 'Project configuration: configured/pyproject.toml', () => `the configuration in the status (${api.status(uri).configuration})`);
  });

  it('re-applies the configuration when the file changes, without a reload', async () => {
    const uri = (await openFixture('configured/app.py')).document.uri;
    await waitForCodes(uri, ['ASYNC251', 'AIO103']);
    await vscode.workspace.fs.writeFile(pyproject, encoder.encode('[tool.python-async-guide]\nignore = ["ASYNC251"]\n'));
    await waitForCodes(uri, ['ASYNC230', 'AIO103']);
    await waitFor(() => configProblems(pyproject).length === 0, 'the fixed mistake leaves the Problems panel');
  });

  it("leaves to Ruff the codes its configuration selects (ruffOverlap: skip); auto reports them while the Ruff extension is absent", async () => {
    await vscode.workspace.fs.writeFile(ruffToml, encoder.encode('[lint]\nextend-select = ["ASYNC"]\n'));
    const uri = (await openFixture('configured/app.py')).document.uri;
    await withSettings({ ruffOverlap: 'skip' }, async () => {
      await waitForCodes(uri, ['AIO103']);
    });
    const api = await activateExtension();
    const both = 'Project configuration: configured/pyproject.toml, configured/ruff.toml';
    await waitFor(() => api.status(uri).configuration === both, () => `both files in the status (${api.status(uri).configuration})`);
    await waitForCodes(uri, ['ASYNC251', 'AIO103']);
  });
});
