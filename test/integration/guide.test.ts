// The guide beside the code: the webview panel, the way there from a diagnostic (link, code
// action, hover, Problems panel), inserting a sample, following the cursor, the language switch and
// the restore after a reload. The page reports the section it shows; the suite reads it through the
// internal command pythonAsyncGuide.guide.currentSection.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TEST_TIMEOUT_MS } from './patience';
import {
  activateExtension,
  closeAllEditors,
  codeOf,
  eventually,
  CANCELLED,
  EXTENSION_ID,
  inTestHost,
  mouse,
  openFixture,
  openUntitled,
  pressKeys,
  queryWorkbench,
  rangeOf,
  requireTestHost,
  screenshot,
  typeText,
  unlessCancelled,
  waitForCodeActions,
  waitForCodes,
  waitForWorkbench,
  withSettings,
} from './util';

const VIEW_TYPE = 'pythonAsyncGuide.guide';
const OPEN = 'pythonAsyncGuide.openGuide';
const CURRENT_SECTION = 'pythonAsyncGuide.guide.currentSection';
const CURSOR_MOVES = 'pythonAsyncGuide.guide.cursorMovesLookedAt';
const INSERT_CODE = 'pythonAsyncGuide.guide.insertCode';
const RESTORE = 'pythonAsyncGuide.guide.restore';
/** The page of a webview: the workbench's webview iframe, then the frame holding our HTML. */
const GUIDE_FRAMES = ['iframe.webview.ready', 'iframe#active-frame'];
const VISIBLE_SECTION = 'section.guide-section:not([hidden])';

function guideTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(VIEW_TYPE));
}

async function closeGuide(): Promise<void> {
  for (const tab of guideTabs()) await vscode.window.tabGroups.close(tab);
  await eventually(async () => guideTabs().length === 0, 'the guide to close');
}

function pageLoads(): Thenable<number> {
  return vscode.commands.executeCommand<number>('pythonAsyncGuide.guide.pageLoads');
}

function cursorMovesLookedAt(): Thenable<number> {
  return vscode.commands.executeCommand<number>(CURSOR_MOVES);
}

function currentSection(): Thenable<string | undefined> {
  return vscode.commands.executeCommand<string | undefined>(CURRENT_SECTION);
}

/** Where the guide's tabs are, for failure messages: `column:active` each, and the active group's column. */
function guideWhereabouts(): string {
  const tabs = guideTabs().map((tab) => `${tab.group.viewColumn}:${tab.isActive ? 'active' : 'hidden'}`);
  return `guide tabs [${tabs.join(', ')}], active group ${vscode.window.tabGroups.activeTabGroup.viewColumn}`;
}

/** Waits until the page says it shows `section`. */
async function waitForSection(section: string): Promise<void> {
  let last: string | undefined;
  await eventually(async () => (last = await currentSection()) === section, () => `the guide to show ${section} (it shows ${last}; ${guideWhereabouts()})`);
}

/** The command and arguments behind a `command:` URI, as VS Code runs it from the Problems panel. */
function commandOf(target: vscode.Uri): { command: string; args: unknown[] } {
  assert.equal(target.scheme, 'command');
  return { command: target.path, args: target.query ? (JSON.parse(decodeURIComponent(target.query)) as unknown[]) : [] };
}

function extensionPath(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  return extension.extensionPath;
}

/** Index of a rule section's first Python block without flags: the fix. */
function fixBlockIndex(code: string): number {
  const markdown = fs.readFileSync(path.join(extensionPath(), 'media', 'guide', 'en', 'rules', `${code}.md`), 'utf8');
  const fences = [...markdown.matchAll(/^```(.*)$/gm)].filter((_, index) => index % 2 === 0).map((match) => match[1].trim());
  const index = fences.indexOf('python');
  assert.ok(index >= 0, `${code}.md has a plain python block`);
  return index;
}

/** The section of the guide that lists an API in toc.json. */
function homeOf(api: string): string {
  const toc = JSON.parse(fs.readFileSync(path.join(extensionPath(), 'media', 'guide', 'toc.json'), 'utf8')) as {
    chapters: Array<{ sections: Array<{ id: string; apis: string[] }> }>;
  };
  const home = toc.chapters.flatMap((chapter) => chapter.sections).find((section) => section.apis.includes(api));
  assert.ok(home, `no section lists ${api}`);
  return home.id;
}

async function openFlaggedFile(): Promise<{ editor: vscode.TextEditor; sleepDiagnostic: vscode.Diagnostic }> {
  const editor = await openFixture('blocking.py');
  const diagnostics = await waitForCodes(editor.document.uri, ['ASYNC251', 'ASYNC210']);
  return { editor, sleepDiagnostic: diagnostics[0] };
}

/** Texts of the guide page's elements (test host only). */
async function guideTexts(selector: string): Promise<string[]> {
  return (await queryWorkbench({ selector, frames: GUIDE_FRAMES })).texts;
}

describe('The guide beside the code', function () {
  this.timeout(TEST_TIMEOUT_MS);

  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await closeGuide();
    await closeAllEditors();
  });

  it('opens from the command palette command beside the Python editor, in its own view column', async () => {
    const editor = await openFixture('clean.py');
    await vscode.commands.executeCommand(OPEN);
    const [tab] = await eventually(async () => guideTabs().length === 1 && guideTabs(), 'the guide tab');
    assert.notEqual(tab.group.viewColumn, editor.viewColumn, 'the guide is beside the editor, not over it');
    assert.equal(tab.label, 'Python Async Guide');
    const first = await eventually(async () => currentSection(), 'the page to report its section');
    assert.match(first, /^[a-z0-9-]+\/[a-z0-9-]+$/);
  });

  it('opens the rule section from a diagnostic\'s code link, leaving the focus in the editor', async () => {
    const { editor, sleepDiagnostic } = await openFlaggedFile();
    const code = sleepDiagnostic.code as { value: string; target: vscode.Uri };
    assert.equal(codeOf(sleepDiagnostic), 'ASYNC251');
    const { command, args } = commandOf(code.target);
    assert.equal(command, OPEN);
    assert.deepEqual(args, ['rules/ASYNC251']);

    await vscode.commands.executeCommand(command, ...args);
    await waitForSection('rules/ASYNC251');
    const [tab] = guideTabs();
    assert.notEqual(tab.group.viewColumn, editor.viewColumn);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'the focus stays in the editor');
    if (inTestHost()) {
      await waitForWorkbench({ selector: `${VISIBLE_SECTION} h1`, frames: GUIDE_FRAMES });
      assert.match((await guideTexts(`${VISIBLE_SECTION} h1`))[0], /^ASYNC251/);
    }
    await screenshot('guide-beside-code-en');
  });

  it('offers "Explain CODE" (a quick fix, not preferred) for each of its diagnostics, which opens the section', async () => {
    const { editor, sleepDiagnostic } = await openFlaggedFile();
    const actions = await waitForCodeActions(editor.document.uri, sleepDiagnostic.range, undefined, (found) => found.some((action) => action.title.startsWith('Explain ')), '"Explain ASYNC251"');
    const explain = actions.filter((action) => action.title.startsWith('Explain '));
    assert.deepEqual(explain.map((action) => action.title), ['Explain ASYNC251']);
    assert.equal(explain[0].kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(!explain[0].isPreferred);
    assert.ok(explain[0].command);
    await vscode.commands.executeCommand(explain[0].command.command, ...(explain[0].command.arguments ?? []));
    await waitForSection('rules/ASYNC251');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
  });

  it('shows an "Explain CODE" link in the hover of a finding', async () => {
    const { editor, sleepDiagnostic } = await openFlaggedFile();
    let links: string[] = [];
    // Asked again until it is there, as moving the mouse would: a request can be dropped while the editor settles.
    const link = await eventually(async () => {
      const hovers = await unlessCancelled(() => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, sleepDiagnostic.range.start));
      if (hovers === CANCELLED) return undefined;
      links = hovers.flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''));
      return links.find((text) => text.includes(`command:${OPEN}?`));
    }, () => `the hover's "Explain" link; hovers now: ${JSON.stringify(links)}`);
    assert.match(link, /Explain ASYNC251/);
    assert.ok(link.includes(encodeURIComponent(JSON.stringify(['rules/ASYNC251', { preserveFocus: true }]))));
  });

  it('reuses its one panel, and says so when a section does not exist', async () => {
    await openFixture('clean.py');
    await vscode.commands.executeCommand(OPEN, 'rules/ASYNC251');
    await waitForSection('rules/ASYNC251');
    await vscode.commands.executeCommand(OPEN, 'rules/ASYNC110');
    await waitForSection('rules/ASYNC110');
    await vscode.commands.executeCommand(OPEN, 'rules/NOPE999');
    const first = await eventually(async () => {
      const section = await currentSection();
      return section !== 'rules/ASYNC110' && section;
    }, 'the fallback section');
    assert.ok(!first.startsWith('rules/'), `falls back to the first section, not ${first}`);
    assert.equal(guideTabs().length, 1, 'one panel');
    if (inTestHost()) {
      await waitForWorkbench({ selector: '#notice', frames: GUIDE_FRAMES });
      assert.match((await guideTexts('#notice'))[0], /rules\/NOPE999/);
    }
  });

  it('keeps its section while hidden behind another editor', async () => {
    const editor = await openFixture('clean.py');
    await vscode.commands.executeCommand(OPEN, 'rules/ASYNC110');
    await waitForSection('rules/ASYNC110');
    // Moved within the page: the page's HTML still starts at ASYNC110, its saved state says ASYNC251.
    await vscode.commands.executeCommand(OPEN, 'rules/ASYNC251');
    await waitForSection('rules/ASYNC251');
    const guideColumn = guideTabs()[0].group.viewColumn;
    const loads = await pageLoads();
    await vscode.window.showTextDocument(editor.document, { viewColumn: guideColumn, preview: false });
    await eventually(async () => !guideTabs()[0].isActive, 'the guide to be hidden');
    await vscode.commands.executeCommand(OPEN);
    await eventually(async () => guideTabs()[0].isActive, 'the guide to be shown again');
    // Shown again, the page loads anew (its context is not retained) and says which section it shows.
    await eventually(async () => (await pageLoads()) > loads, 'the page to load again');
    assert.equal(await currentSection(), 'rules/ASYNC251');
    if (inTestHost()) {
      await waitForWorkbench({ selector: `${VISIBLE_SECTION} h1`, frames: GUIDE_FRAMES });
      assert.match((await guideTexts(`${VISIBLE_SECTION} h1`))[0], /^ASYNC251/);
    }
  });

  it('opens again at the section last read', async () => {
    await openFixture('clean.py');
    await vscode.commands.executeCommand(OPEN, 'rules/ASYNC110');
    await waitForSection('rules/ASYNC110');
    await closeGuide();
    await vscode.commands.executeCommand(OPEN);
    await waitForSection('rules/ASYNC110');
  });

  it('inserts a sample at the cursor of the last Python editor, indented to fit', async () => {
    const editor = await openUntitled('import asyncio\n\n\nasync def retry(job):\n    \n');
    editor.selection = new vscode.Selection(4, 4, 4, 4);
    await vscode.commands.executeCommand(OPEN, 'rules/ASYNC251');
    await waitForSection('rules/ASYNC251');
    const block = fixBlockIndex('ASYNC251');
    const inserted = await vscode.commands.executeCommand<boolean>(INSERT_CODE, 'rules/ASYNC251', block);
    assert.equal(inserted, true);
    const text = editor.document.getText();
    assert.match(text, /^async def retry\(job\):\n {4}import asyncio\n/m, 'first line at the cursor');
    assert.match(text, /\n {4}async def retry_later\(job\) -> None:\n {8}await asyncio\.sleep\(2\)/, 'following lines keep their relative indentation');
    assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'the editor gets the focus back');
  });

  it('follows the cursor to the section of the asyncio API under it, through import aliases', async () => {
    const untitled = await openUntitled('from asyncio import gather as g\n\n\nasync def main(a, b):\n    return await g(a(), b())\n');
    await vscode.commands.executeCommand(OPEN, 'rules/ASYNC251');
    await waitForSection('rules/ASYNC251');
    // The code must sit beside the guide, not on top of it: a previous test may have left the focus in the guide's group.
    const guideColumn = guideTabs()[0].group.viewColumn;
    const codeColumn = guideColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(untitled.document, { viewColumn: codeColumn });
    assert.ok(guideTabs()[0].isActive, 'the guide stays visible beside the code');
    const call = rangeOf(editor.document, 'g(a()');
    editor.selection = new vscode.Selection(call.start, call.start);
    let lastFollow: string | undefined;
    let moves: number | undefined;
    await eventually(
      async () => {
        lastFollow = await vscode.commands.executeCommand<string>('pythonAsyncGuide.guide.lastFollow');
        moves = await cursorMovesLookedAt();
        return (await currentSection()) === homeOf('asyncio.gather');
      },
      () => `the guide to follow the cursor to ${homeOf('asyncio.gather')} (${moves} moves looked at, the last: ${lastFollow}; ${guideWhereabouts()})`,
    );
    await withSettings({ 'guide.followCursor': false }, async () => {
      const other = rangeOf(editor.document, 'gather');
      await vscode.commands.executeCommand(OPEN, 'rules/ASYNC251');
      await waitForSection('rules/ASYNC251');
      const again = await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
      const before = await cursorMovesLookedAt();
      again.selection = new vscode.Selection(other.start, other.start);
      await eventually(async () => (await cursorMovesLookedAt()) > before, 'the guide to look at the cursor move');
      assert.equal(await currentSection(), 'rules/ASYNC251', 'does not follow when switched off');
    });
  });

  it('comes back at its section when VS Code restores it after a reload', async () => {
    await openFixture('clean.py');
    await vscode.commands.executeCommand(OPEN, 'rules/ASYNC110');
    await waitForSection('rules/ASYNC110');
    await closeGuide();
    assert.equal(await currentSection(), undefined);
    // What the serializer gets after a reload: a fresh panel of the guide's type and the page's saved state.
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'restored', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    await vscode.commands.executeCommand(RESTORE, panel, { section: 'rules/ASYNC251', scrollTop: 0 });
    await waitForSection('rules/ASYNC251');
    assert.equal(panel.title, 'Python Async Guide');
    assert.equal(guideTabs().length, 1);
    await vscode.commands.executeCommand(OPEN, 'rules/ASYNC110');
    await waitForSection('rules/ASYNC110');
    assert.equal(guideTabs().length, 1, 'the restored panel is the one reused');
  });

  it('switches to Chinese with the language setting, keeping its section', async () => {
    await openFlaggedFile();
    await vscode.commands.executeCommand(OPEN, 'rules/ASYNC251');
    await waitForSection('rules/ASYNC251');
    await withSettings({ language: 'zh-cn' }, async () => {
      await eventually(async () => guideTabs()[0]?.label === 'Python 异步编程指南', 'the Chinese title');
      await waitForSection('rules/ASYNC251');
      if (inTestHost()) {
        await waitForWorkbench({ selector: '#search[placeholder="搜索指南"]', frames: GUIDE_FRAMES });
        assert.match((await guideTexts(`${VISIBLE_SECTION} h1`))[0], /^ASYNC251 — .*[\u4e00-\u9fff]/);
      }
      await screenshot('guide-beside-code-zh-cn');
    });
    await eventually(async () => guideTabs()[0]?.label === 'Python Async Guide', 'the English title again');
  });

  describe('in the workbench', function () {
    before(function () {
      requireTestHost(this);
    });

    it('one click on the code in the Problems panel opens the explanation beside the code', async () => {
      const { editor } = await openFlaggedFile();
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await waitForWorkbench('.markers-panel .monaco-list-row');
      await mouse('click', '.markers-panel .monaco-list-row a.monaco-link[href*="rules/ASYNC251"]');
      await waitForSection('rules/ASYNC251');
      assert.notEqual(guideTabs()[0].group.viewColumn, editor.viewColumn);
      await vscode.commands.executeCommand('workbench.action.closePanel');
    });

    it('the hover link opens the explanation', async () => {
      const { editor } = await openFlaggedFile();
      await mouse('hover', '.statusbar');
      editor.revealRange(rangeOf(editor.document, 'time.sleep'), vscode.TextEditorRevealType.InCenter);
      await mouse('hover', '.monaco-editor .squiggly-warning');
      await waitForWorkbench('.monaco-hover a[data-href^="command:pythonAsyncGuide.openGuide"]');
      await screenshot('guide-hover-link');
      await mouse('click', '.monaco-hover a[data-href^="command:pythonAsyncGuide.openGuide"]');
      await waitForSection('rules/ASYNC251');
    });

    it('"Insert at cursor" in the page inserts the fix into the editor', async () => {
      const editor = await openUntitled('import asyncio\n\n\nasync def retry(job):\n    \n');
      editor.selection = new vscode.Selection(4, 4, 4, 4);
      await vscode.commands.executeCommand(OPEN, 'rules/ASYNC251');
      await waitForSection('rules/ASYNC251');
      await mouse('click', { selector: `${VISIBLE_SECTION} .code-plain button[data-action="insert"]`, frames: GUIDE_FRAMES });
      await eventually(async () => editor.document.getText().includes('        await asyncio.sleep(2)'), 'the inserted fix');
      await waitForWorkbench({ selector: '.toast.visible', frames: GUIDE_FRAMES });
    });

    it('Run in the page runs the sample with Python and shows its output beside the expected one, in both languages', async () => {
      for (const language of ['en', 'zh-cn'] as const) {
        await withSettings({ language }, async () => {
          await openFixture('clean.py');
          await vscode.commands.executeCommand(OPEN, 'coroutines/lifecycle');
          await waitForSection('coroutines/lifecycle');
          const run = { selector: `${VISIBLE_SECTION} button[data-action="run"][data-block="0"]`, frames: GUIDE_FRAMES };
          await waitForWorkbench(run);
          await mouse('click', run);
          await waitForWorkbench({ selector: `${VISIBLE_SECTION} .run-output.succeeded`, frames: GUIDE_FRAMES });
          const [output] = await guideTexts(`${VISIBLE_SECTION} .run-output[data-output="0"] pre`);
          const [expected] = await guideTexts(`${VISIBLE_SECTION} .expected-output pre`);
          assert.match(output, /CORO_CREATED[\s\S]*CORO_CLOSED/);
          assert.equal(output.trim(), expected.trim(), 'the run prints what the page says it prints');
          const [status] = await guideTexts(`${VISIBLE_SECTION} .run-output[data-output="0"] .run-status`);
          assert.match(status, language === 'en' ? /exit code 0/ : /退出码 0/);
          await screenshot(`guide-run-${language}`);
        });
      }
    });

    it('steps through the recorded loop iterations with Next, the arrow keys and Reset, in both languages', async () => {
      for (const language of ['en', 'zh-cn'] as const) {
        await withSettings({ language }, async () => {
          await openFixture('clean.py');
          await vscode.commands.executeCommand(OPEN, 'event-loop/step-through');
          await waitForSection('event-loop/step-through');
          const trace = `${VISIBLE_SECTION} .loop-trace.interactive`;
          const step = (index: number) => ({ selector: `${trace} tr.loop-trace-step[data-step="${index}"]`, frames: GUIDE_FRAMES });
          await waitForWorkbench(step(0));
          assert.equal((await queryWorkbench({ selector: `${trace} tr.loop-trace-step`, frames: GUIDE_FRAMES })).count, 1, 'one step at a time');
          await mouse('click', { selector: `${trace} button[data-trace-action="next"]`, frames: GUIDE_FRAMES });
          await waitForWorkbench(step(1));
          assert.equal((await queryWorkbench({ selector: `${trace} tr.loop-trace-step`, frames: GUIDE_FRAMES })).count, 1);
          const [position] = await guideTexts(`${trace} .loop-trace-position`);
          assert.match(position, language === 'en' ? /^Step 2 of \d+ · iteration 1/ : /^第 2 步，共 \d+ 步 · 第 1 次迭代/);
          const [caption] = await guideTexts(`${trace} tr.loop-trace-step[data-step="1"] .trace-caption`);
          assert.match(caption, language === 'en' ? /Task\.__step advances main\(\)/ : /Task\.__step 用 send\(None\) 推进 main\(\)/);
          assert.ok((await guideTexts(`${trace} .trace-line.active`)).length > 0, "the lines main()'s first step ran are marked");
          await pressKeys('ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight');
          await waitForWorkbench(step(5));
          await screenshot(`guide-loop-step-${language}`);
          await pressKeys('ArrowLeft');
          await waitForWorkbench(step(4));
          await mouse('click', { selector: `${trace} button[data-trace-action="reset"]`, frames: GUIDE_FRAMES });
          await waitForWorkbench(step(0));
        });
      }
    });

    it('Stop ends a running sample', async () => {
      await openFixture('clean.py');
      await vscode.commands.executeCommand(OPEN, 'deep-dive/coroutines-vs-threads');
      await waitForSection('deep-dive/coroutines-vs-threads');
      const run = { selector: `${VISIBLE_SECTION} button[data-action="run"][data-block="0"]`, frames: GUIDE_FRAMES };
      const ended = { selector: `${VISIBLE_SECTION} .run-output.failed, ${VISIBLE_SECTION} .run-output.succeeded`, frames: GUIDE_FRAMES };
      await waitForWorkbench(run);
      // The sample runs for a second or two; on a fast machine it may finish before the click lands.
      let status = '';
      for (let attempt = 0; attempt < 3 && !/Stopped/.test(status); attempt++) {
        await mouse('click', run);
        await waitForWorkbench({ selector: `${VISIBLE_SECTION} button[data-action="run"][data-running="true"]`, frames: GUIDE_FRAMES });
        await mouse('click', run);
        await waitForWorkbench(ended);
        [status] = await guideTexts(`${VISIBLE_SECTION} .run-output[data-output="0"] .run-status`);
      }
      assert.match(status, /^Stopped\./);
      assert.equal((await queryWorkbench({ selector: `${VISIBLE_SECTION} button[data-action="run"][data-running="true"]`, frames: GUIDE_FRAMES })).count, 0, 'the button says Run again');
    });

    it('searches and opens a result with the keyboard', async () => {
      await openFixture('clean.py');
      await vscode.commands.executeCommand(OPEN, 'rules/ASYNC251', { preserveFocus: false });
      await waitForSection('rules/ASYNC251');
      await mouse('click', { selector: '#search', frames: GUIDE_FRAMES });
      await typeText('TaskGroup');
      await waitForWorkbench({ selector: '#search-results [role="option"]', frames: GUIDE_FRAMES });
      await screenshot('guide-search');
      await pressKeys('ArrowDown', 'Enter');
      await eventually(async () => {
        const section = await currentSection();
        return section !== 'rules/ASYNC251' && section;
      }, 'a search result to open');
      assert.equal(await currentSection(), homeOf('asyncio.TaskGroup'));
    });

    it('moves through the table of contents with the arrow keys', async () => {
      await openFixture('clean.py');
      await vscode.commands.executeCommand(OPEN, 'rules/ASYNC251', { preserveFocus: false });
      await waitForSection('rules/ASYNC251');
      // A panel beside the editor is narrow: the contents fold away behind the ☰ button, which
      // takes the keyboard to the current entry; where they show, a click on the entry does.
      const folded = (await queryWorkbench({ selector: '.toc-section.current', frames: GUIDE_FRAMES })).count === 0;
      await mouse('click', { selector: folded ? '#toggle-contents' : '.toc-section.current', frames: GUIDE_FRAMES });
      await pressKeys('ArrowDown');
      const focused = await eventually(async () => {
        const texts = await guideTexts('.toc-section:focus-visible');
        return texts.length > 0 && texts;
      }, 'the focused entry to show a focus ring');
      assert.equal(focused.length, 1, 'one entry shows a focus ring');
      assert.match(focused[0], /^ASYNC\d+ — /);
      await screenshot('guide-toc-keyboard');
      await pressKeys('Enter');
      await eventually(async () => {
        const section = await currentSection();
        return section !== 'rules/ASYNC251' && section;
      }, 'the next section');
      assert.equal(await currentSection(), `rules/${focused[0].split(' ')[0]}`);
    });
  });
});
