// What the user sees: squiggles, hovers and the Problems panel in the real workbench, checked and
// photographed through the browser of the code-server test host (skipped under test-electron).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { WAIT_CEILING_MS } from './patience';
import {
  closeAllEditors,
  eventually,
  mouse,
  openFixture,
  pressKeys,
  queryWorkbench,
  rangeOf,
  requireTestHost,
  screenshot,
  sleep,
  typeText,
  waitForCodes,
  waitForWorkbench,
  withSettings,
} from './util';

const SQUIGGLE = '.monaco-editor .squiggly-warning';
const HOVER = '.monaco-hover .hover-contents';
const PROBLEM_ROWS = '.markers-panel .monaco-list-row';
const CJK = /[\u4e00-\u9fff]/;

/** Polls the workbench until the texts of a selector's matches satisfy `accept`. */
async function waitForTexts(selector: string, accept: (texts: string[]) => boolean, description: string): Promise<string[]> {
  const deadline = Date.now() + WAIT_CEILING_MS;
  for (;;) {
    const { texts } = await queryWorkbench(selector);
    if (accept(texts)) return texts;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description}; ${selector} shows ${JSON.stringify(texts)}`);
    await sleep(200);
  }
}

async function hoverOver(editor: vscode.TextEditor, text: string): Promise<string[]> {
  // Park the mouse away from the text first, so that the hover opens fresh on the squiggle.
  await mouse('hover', '.statusbar');
  editor.revealRange(rangeOf(editor.document, text), vscode.TextEditorRevealType.InCenter);
  await mouse('hover', `${SQUIGGLE}`);
  return waitForTexts(HOVER, (texts) => texts.some((t) => /ASYNC2\d\d/.test(t)), 'the hover of a finding');
}

describe('What the user sees in the workbench', function () {
  before(function () {
    requireTestHost(this);
  });

  afterEach(closeAllEditors);

  it('draws a warning squiggle under each finding', async () => {
    const { document } = await openFixture('blocking.py');
    await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210']);
    await waitForWorkbench(SQUIGGLE);
    const { count } = await queryWorkbench(SQUIGGLE);
    assert.equal(count, 2, 'one squiggle per finding');
    await screenshot('flagged-file');
  });

  it('hovering a squiggle shows the message, the source and the code', async () => {
    const editor = await openFixture('blocking.py');
    await waitForCodes(editor.document.uri, ['ASYNC251', 'ASYNC210']);
    await waitForWorkbench(SQUIGGLE);
    const texts = await hoverOver(editor, 'time.sleep');
    const hover = texts.join('\n');
    assert.match(hover, /Blocking (sleep|HTTP call)/);
    assert.match(hover, /python-async-guide\W*ASYNC2(51|10)/);
    await screenshot('hover-on-squiggle');
  });

  it('the Problems panel lists the findings with their codes', async () => {
    const { document } = await openFixture('blocking.py');
    await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210']);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    const rows = await waitForTexts(
      PROBLEM_ROWS,
      (texts) => ['ASYNC251', 'ASYNC210', 'blocking.py'].every((needle) => texts.some((text) => text.includes(needle))),
      'the file and both findings in the Problems panel',
    );
    assert.ok(rows.some((text) => /time\.sleep/.test(text) && /ASYNC251/.test(text)), JSON.stringify(rows));
    await screenshot('problems-panel');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('typing a blocking call on the keyboard flags it while typing', async () => {
    const editor = await openFixture('clean.py');
    const { document } = editor;
    const anchor = rangeOf(document, 'await asyncio.sleep(0.5)');
    editor.selection = new vscode.Selection(anchor.end, anchor.end);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await pressKeys('End', 'Enter');
    await typeText('time.sleep(1)');

    const line = anchor.start.line + 1;
    const expected = '    time.sleep(1)';
    // The browser has sent the keys; the extension host sees the edits a moment later on a busy machine.
    const lineText = () => (line < document.lineCount ? document.lineAt(line).text : '');
    const typed = await eventually(async () => lineText().length >= expected.length && lineText(), () => `the typed line (now ${JSON.stringify(lineText())})`);
    assert.equal(typed, expected, 'auto-indented, the closing parenthesis typed over');
    const [finding] = await waitForCodes(document.uri, ['ASYNC251']);
    assert.ok(finding.range.isEqual(new vscode.Range(line, 4, line, 14)));
    await waitForWorkbench(SQUIGGLE);
    await screenshot('typed-blocking-call');
  });

  it('with pythonAsyncGuide.language "zh-cn" the hover speaks Chinese', async () => {
    await withSettings({ language: 'zh-cn' }, async () => {
      const editor = await openFixture('blocking.py');
      await waitForCodes(editor.document.uri, ['ASYNC251', 'ASYNC210']);
      await waitForWorkbench(SQUIGGLE);
      const texts = await hoverOver(editor, 'time.sleep');
      assert.match(texts.join('\n'), CJK);
      await screenshot('hover-zh-cn');
    });
  });
});
