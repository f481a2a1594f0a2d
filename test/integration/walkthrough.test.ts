// The first five minutes: the Get started walkthrough and the Try it sample, in the real workbench.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  FIX_ALL_KIND,
  FIX_ALL_ON_SAVE_COMMAND,
  SHOW_QUICK_FIXES_COMMAND,
  SUGGEST_SEMAPHORE_COMMAND,
  TRY_IT_COMMAND,
} from '../../src/walkthrough/commands';
import {
  closeAllEditors,
  eventually,
  EXTENSION_ID,
  inTestHost,
  mouse,
  pressKeys,
  queryWorkbench,
  rangeOf,
  screenshot,
  waitFor,
  waitForCodeActions,
  waitForCodes,
  waitForWorkbench,
} from './util';
import { TEST_TIMEOUT_MS, WAIT_CEILING_MS } from './patience';

const WALKTHROUGH = `${EXTENSION_ID}#gettingStarted`;
const SAMPLE_CODES = ['ASYNC251', 'ASYNC300', 'AIO107'];

interface Step {
  id: string;
  completionEvents: string[];
  media: { markdown: string };
}

function extensionOf(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension;
}

async function sampleEditor(): Promise<vscode.TextEditor> {
  return waitFor(
    () => vscode.window.visibleTextEditors.find((editor) => editor.document.isUntitled && editor.document.getText().includes('async def crawl')),
    'the sample in an untitled editor',
    WAIT_CEILING_MS,
  );
}

describe('Get started walkthrough and Try it', function () {
  this.timeout(3 * TEST_TIMEOUT_MS);
  let restoreOnSave: unknown;

  before(async () => {
    await extensionOf().activate();
    restoreOnSave = vscode.workspace.getConfiguration('editor').inspect('codeActionsOnSave')?.globalValue;
  });

  after(async () => {
    await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', restoreOnSave, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  it('is contributed with six steps, each completing on an event and with media in both languages', () => {
    const extension = extensionOf();
    const [walkthrough] = extension.packageJSON.contributes.walkthroughs as Array<{ id: string; steps: Step[] }>;
    assert.equal(walkthrough.id, 'gettingStarted');
    assert.deepEqual(
      walkthrough.steps.map((step) => step.id),
      ['openSample', 'hover', 'quickFix', 'explain', 'snippet', 'fixAllOnSave'],
    );
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents.length > 0, step.id);
      assert.ok(fs.existsSync(path.join(extension.extensionPath, step.media.markdown)), step.media.markdown);
      const chinese = step.media.markdown.replace('media/walkthrough/', 'media/walkthrough/zh-cn/');
      assert.ok(fs.existsSync(path.join(extension.extensionPath, chinese)), chinese);
    }
  });

  it('Try it opens the sample in an untitled Python editor, with findings', async () => {
    await vscode.commands.executeCommand(TRY_IT_COMMAND);
    const editor = await sampleEditor();
    assert.equal(editor.document.languageId, 'python');
    assert.ok(editor.document.isUntitled);
    await waitForCodes(editor.document.uri, SAMPLE_CODES, WAIT_CEILING_MS);
    await closeAllEditors();
  });

  it('each step completes on the event it waits for, done the way a user does it', async function () {
    if (!inTestHost()) this.skip();
    await openWalkthrough();
    await screenshot('walkthrough-en');

    // 1. the sample, from the step's button in the walkthrough page
    await mouse('click', stepButton('openSample'));
    const editor = await sampleEditor();
    const uri = editor.document.uri;
    await waitForCodes(uri, SAMPLE_CODES, WAIT_CEILING_MS);
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preview: false });

    // 2. the hover, with the real mouse on the first squiggle; 4. Explain, clicked in that hover
    await mouse('hover', '.statusbar');
    editor.revealRange(rangeOf(editor.document, 'time.sleep'), vscode.TextEditorRevealType.InCenter);
    await waitForWorkbench(SQUIGGLE, 'visible', WAIT_CEILING_MS);
    await mouse('hover', SQUIGGLE);
    await waitForWorkbench(EXPLAIN_LINK, 'visible', WAIT_CEILING_MS);
    await screenshot('walkthrough-hover');
    await mouse('click', EXPLAIN_LINK);
    await waitFor(() => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && /pythonAsyncGuide/.test(tab.input.viewType))), 'the guide', WAIT_CEILING_MS);
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preview: false });

    // The light bulb menu the quick-fix step's button opens on the first finding.
    await vscode.commands.executeCommand(SHOW_QUICK_FIXES_COMMAND);
    await waitForWorkbench('.action-widget', 'visible', WAIT_CEILING_MS);
    await screenshot('walkthrough-quick-fix');
    await pressKeys('Escape');

    // 3. a quick fix: the preferred fix of ASYNC251, the edit the light bulb applies
    const [blockingSleep] = await waitForCodes(uri, SAMPLE_CODES, WAIT_CEILING_MS);
    const actions = await waitForCodeActions(uri, blockingSleep.range, vscode.CodeActionKind.QuickFix.value, (found) => found.some((action) => action.isPreferred && action.edit), 'the preferred fix of ASYNC251');
    const fix = actions.find((action) => action.isPreferred && action.edit);
    assert.ok(fix?.edit, `a preferred quick fix for ASYNC251 among ${actions.map((action) => action.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitForCodes(uri, ['ASYNC300', 'AIO107'], WAIT_CEILING_MS);

    // 5. aio-sem, picked with Enter from the suggestions the step's button opens
    await vscode.commands.executeCommand(SUGGEST_SEMAPHORE_COMMAND);
    await waitForFocusedSuggestion('aio-sem');
    await pressKeys('Enter');
    await waitFor(() => editor.document.getText().includes('asyncio.Semaphore(limit)'), 'the inserted snippet', WAIT_CEILING_MS);

    // 6. fix-all on save, through the step's command
    await vscode.commands.executeCommand(FIX_ALL_ON_SAVE_COMMAND);
    const onSave = vscode.workspace.getConfiguration('editor').get<Record<string, string>>('codeActionsOnSave');
    assert.equal(onSave?.[FIX_ALL_KIND], 'explicit');

    await openWalkthrough();
    await waitForAllDone(['openSample', 'hover', 'quickFix', 'explain', 'snippet', 'fixAllOnSave']);
    await screenshot('walkthrough-done-en');
  });
});

const SQUIGGLE = '.monaco-editor .squiggly-warning';
const EXPLAIN_LINK = '.monaco-hover a[data-href^="command:pythonAsyncGuide.openGuide"]';

async function openWalkthrough(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
  await waitForWorkbench(`[data-step-id="${WALKTHROUGH}#openSample"]`, 'visible', WAIT_CEILING_MS);
}

/** The button in a step's description; the first step is expanded when the walkthrough opens. */
function stepButton(step: string): string {
  return `.getting-started-step.expanded[data-step-id="${WALKTHROUGH}#${step}"] .button-container .monaco-button`;
}

/** The checkbox of a step carries `complete` once VS Code counts the step as done. */
async function waitForAllDone(steps: string[]): Promise<void> {
  let open: string[] = [];
  await eventually(async () => {
    open = [];
    for (const step of steps) {
      if ((await queryWorkbench(`[data-done-step-id="${WALKTHROUGH}#${step}"].complete`)).count === 0) open.push(step);
    }
    return open.length === 0;
  }, () => `the walkthrough steps to be completed (still open: ${open.join(', ')})`);
}

async function waitForFocusedSuggestion(label: string): Promise<void> {
  let texts: string[] = [];
  await eventually(async () => {
    texts = (await queryWorkbench('.suggest-widget .monaco-list-row.focused')).texts;
    return texts.some((text) => text.includes(label));
  }, () => `${label} to be focused in the suggestions (focused: ${JSON.stringify(texts)})`);
}
