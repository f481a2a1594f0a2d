import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  closeAllEditors,
  codes,
  describeDiagnostics,
  EXTENSION_ID,
  insert,
  openFixture,
  openUntitled,
  ourDiagnostics,
  rangeOf,
  replace,
  settledDiagnostics,
  waitForCodes,
  waitForDiagnostics,
} from './util';

/** `line:col-line:col` (1-based), to compare ranges with readable failures. */
function at(range: vscode.Range): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

describe('Live diagnostics in the editor', () => {
  afterEach(closeAllEditors);

  it('opening a Python file activates the extension and flags each blocking call on exactly its callee', async () => {
    const { document } = await openFixture('blocking.py');
    const [sleep, get] = await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210']);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);

    assert.equal(at(sleep.range), at(rangeOf(document, 'time.sleep')));
    assert.equal(sleep.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(sleep.message, /time\.sleep/);
    assert.equal(at(get.range), at(rangeOf(document, 'requests.get')));
    assert.match(get.message, /requests\.get/);
  });

  it("links each diagnostic's code to its section of the guide", async () => {
    const { document } = await openFixture('blocking.py');
    const [sleep] = await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210']);
    assert.ok(typeof sleep.code === 'object', 'the code carries a link');
    const target = sleep.code.target;
    assert.equal(target.scheme, 'command');
    assert.equal(target.path, 'pythonAsyncGuide.openGuide');
    assert.deepEqual(JSON.parse(decodeURIComponent(target.query)), ['rules/ASYNC251']);
  });

  it('the extension API reports the same findings as the diagnostics', async () => {
    const { document } = await openFixture('blocking.py');
    await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210']);
    const api = await activateExtension();
    assert.deepEqual(
      (await api.findings(document.uri)).map((finding) => finding.code),
      ['ASYNC251', 'ASYNC210'],
    );
  });

  it('a file whose async code does not block gets no diagnostics', async () => {
    const { document } = await openFixture('clean.py');
    assert.deepEqual(describeDiagnostics(await settledDiagnostics(document.uri)), []);
  });

  it('a blocking call typed into an async function is flagged, and the finding goes when it is deleted', async () => {
    const editor = await openFixture('clean.py');
    const { document } = editor;
    const anchor = rangeOf(document, 'await asyncio.sleep(0.5)');
    const line = anchor.start.line + 1;
    await insert(editor, new vscode.Position(line, 0), '    time.sleep(1)\n');

    const [finding] = await waitForCodes(document.uri, ['ASYNC251']);
    assert.equal(at(finding.range), at(new vscode.Range(line, 4, line, 14)));

    await replace(editor, document.lineAt(line).rangeIncludingLineBreak, '');
    await waitForCodes(document.uri, []);
  });

  it('findings move with their code when lines are inserted above it', async () => {
    const editor = await openFixture('blocking.py');
    const { document } = editor;
    await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210']);
    await insert(editor, new vscode.Position(0, 0), '# a comment\n# and another\n');
    const [sleep, get] = await waitForDiagnostics(
      document.uri,
      (diagnostics) => diagnostics.length === 2 && diagnostics[0].range.isEqual(rangeOf(document, 'time.sleep')),
      'the findings two lines lower',
    );
    assert.equal(at(sleep.range), at(rangeOf(document, 'time.sleep')));
    assert.equal(at(get.range), at(rangeOf(document, 'requests.get')));
  });

  it('# noqa comments hide findings, and removing one shows its finding again', async () => {
    const editor = await openFixture('suppressed.py');
    const { document } = editor;
    const [visible] = await waitForCodes(document.uri, ['ASYNC251']);
    assert.equal(at(visible.range), at(rangeOf(document, 'time.sleep', 1)));

    await replace(editor, rangeOf(document, '  # noqa\n'), '\n');
    const diagnostics = await waitForCodes(document.uri, ['ASYNC210', 'ASYNC251']);
    assert.equal(at(diagnostics[0].range), at(rangeOf(document, 'requests.get')));
  });

  it('an untitled Python document is linted', async () => {
    const { document } = await openUntitled('import time\n\nasync def nap():\n    time.sleep(1)\n');
    assert.equal(document.isUntitled, true);
    const [finding] = await waitForCodes(document.uri, ['ASYNC251']);
    assert.equal(at(finding.range), '4:5-4:15');
  });

  it('a document in another language is left alone', async () => {
    const { document } = await openUntitled('import time\n\nasync def nap():\n    time.sleep(1)\n', 'plaintext');
    assert.deepEqual(describeDiagnostics(await settledDiagnostics(document.uri)), []);
  });

  it('code with syntax errors while typing still gets findings, one keystroke at a time', async () => {
    const editor = await openUntitled('import time\nimport requests\n\n\nasync def handler(url):\n    time.sleep(1)\n');
    const { document } = editor;
    await waitForCodes(document.uri, ['ASYNC251']);

    // Type lines character by character: most intermediate states do not parse.
    let position = new vscode.Position(document.lineCount - 1, 0);
    const type = async (text: string) => {
      for (const character of text) {
        await insert(editor, position, character);
        position = character === '\n' ? new vscode.Position(position.line + 1, 0) : position.translate(0, 1);
      }
    };
    await type('    response = requests.get(url, timeout=(1');
    // The earlier finding stays while the call being typed is still open.
    assert.deepEqual(codes(await settledDiagnostics(document.uri)), ['ASYNC251']);
    await type(', 5))\n    if response.ok:\n        return [item for item in response.json(');
    // The call is complete, the line after it is not: both findings are shown.
    await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210']);
    await type(')]\n');
    const [sleep, get] = await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210']);
    assert.equal(at(sleep.range), at(rangeOf(document, 'time.sleep')));
    assert.equal(at(get.range), at(rangeOf(document, 'requests.get')));
  });

  it('closing the document clears its diagnostics', async () => {
    const { document } = await openFixture('blocking.py');
    await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210']);
    await closeAllEditors();
    await waitForDiagnostics(document.uri, (diagnostics) => diagnostics.length === 0, 'no diagnostics once closed');
    assert.deepEqual(codes(ourDiagnostics(document.uri)), []);
  });
});
