import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TEST_TIMEOUT_MS, WAIT_CEILING_MS } from './patience';
import { loadSnippetCatalog, type PatternSnippet } from '../../src/snippets/catalog';
import { expandSnippet } from '../../src/snippets/expand';
import {
  closeAllEditors,
  eventually,
  EXTENSION_ID,
  openUntitled,
  pressKeys,
  queryWorkbench,
  requireTestHost,
  screenshot,
  typeText,
  waitFor,
  waitForWorkbench,
} from './util';

const CJK = /[\u4e00-\u9fff]/;

function installedExtensionPath(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
  return extension.extensionPath;
}

const labelOf = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);

/** The completion items VS Code offers at the end of `line` in a new Python document. */
async function completionsAfterTyping(line: string): Promise<{ editor: vscode.TextEditor; items: vscode.CompletionItem[] }> {
  const editor = await openUntitled(line);
  const end = editor.document.lineAt(0).range.end;
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end);
  return { editor, items: list.items };
}

/**
 * Ends snippet mode and empties the document: an empty untitled document is not dirty, so closing
 * it cannot stop on a "save changes?" dialog.
 */
async function discard(editor: vscode.TextEditor): Promise<void> {
  await vscode.commands.executeCommand('leaveSnippet');
  const whole = new vscode.Range(new vscode.Position(0, 0), editor.document.lineAt(editor.document.lineCount - 1).range.end);
  await editor.edit((edit) => edit.delete(whole));
}

function indentUnitOf(editor: vscode.TextEditor): string {
  const { insertSpaces, tabSize } = editor.options;
  return insertSpaces ? ' '.repeat(Number(tabSize)) : '\t';
}

describe('Pattern snippets in the editor', () => {
  let catalog: PatternSnippet[];

  before(() => {
    catalog = loadSnippetCatalog(installedExtensionPath());
    assert.ok(catalog.length > 0, 'the installed extension ships snippets/catalog.json');
  });

  afterEach(closeAllEditors);

  it('typing the family prefix "aio-" offers every pattern snippet', async () => {
    const { items } = await completionsAfterTyping('aio-');
    const offered = new Set(items.filter((item) => item.kind === vscode.CompletionItemKind.Snippet).map(labelOf));
    const missing = catalog.map((snippet) => snippet.prefix).filter((prefix) => !offered.has(prefix));
    assert.deepEqual(missing, [], 'snippets not offered after "aio-"');
  });

  it('typing each prefix offers its snippet, with the English title and the snippet body', async function () {
    // Each prefix waits up to the ceiling: on a busy machine a completion list can come back before the snippets are in it.
    this.timeout(catalog.length * WAIT_CEILING_MS);
    for (const snippet of catalog) {
      const editor = await openUntitled(snippet.prefix);
      const end = editor.document.lineAt(0).range.end;
      const item = await eventually(async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end);
        return list.items.find((candidate) => candidate.kind === vscode.CompletionItemKind.Snippet && labelOf(candidate) === snippet.prefix);
      }, `${snippet.prefix} to be offered`);
      if (typeof item.label !== 'string') assert.equal(item.label.description, snippet.title.en, `${snippet.prefix}: title`);
      assert.ok(item.insertText instanceof vscode.SnippetString, `${snippet.prefix}: inserted as a snippet`);
      assert.equal(item.insertText.value, snippet.body, `${snippet.prefix}: body`);
      await closeAllEditors();
    }
  });

  it('typing aio-sem in the editor shows it in the suggestions, and Enter inserts the snippet', async function () {
    requireTestHost(this);
    const snippet = catalog.find((candidate) => candidate.prefix === 'aio-sem');
    assert.ok(snippet);
    const editor = await openUntitled('');
    try {
      await typeText('aio-sem');
      await waitForWorkbench('.suggest-widget .monaco-list-row.focused');
      const deadline = Date.now() + WAIT_CEILING_MS;
      let focused: string[] = [];
      while (!focused.some((text) => text.includes('aio-sem')) && Date.now() < deadline) {
        focused = (await queryWorkbench('.suggest-widget .monaco-list-row.focused')).texts;
      }
      assert.ok(focused.some((text) => text.includes('aio-sem') && text.includes(snippet.title.en)), JSON.stringify(focused));
      await screenshot('snippet-suggestion');
      await pressKeys('Enter');
      const expected = expandSnippet(snippet.body, { indentUnit: indentUnitOf(editor) }).text;
      await waitFor(() => editor.document.getText() === expected, 'the inserted snippet');
      await screenshot('snippet-inserted');
    } finally {
      await discard(editor);
    }
  });

  it('inserting a snippet gives the text the unit tests expand and run', async function () {
    this.timeout(TEST_TIMEOUT_MS);
    const editor = await openUntitled('');
    try {
      for (const snippet of catalog) {
        assert.ok(await editor.insertSnippet(new vscode.SnippetString(snippet.body), new vscode.Position(0, 0)), `${snippet.prefix}: not inserted`);
        const expected = expandSnippet(snippet.body, { indentUnit: indentUnitOf(editor) }).text;
        assert.equal(editor.document.getText(), expected, `${snippet.prefix}: inserted text`);
        await discard(editor);
      }
    } finally {
      await discard(editor);
    }
  });

  it('a statements snippet inserted inside a function takes the indentation of that line', async () => {
    const snippet = catalog.find((candidate) => candidate.prefix === 'aio-waitfor');
    assert.ok(snippet);
    const editor = await openUntitled('async def main():\n    \n');
    const indent = indentUnitOf(editor);
    await editor.insertSnippet(new vscode.SnippetString(snippet.body), new vscode.Position(1, 4));
    const body = expandSnippet(snippet.body, { indentUnit: indent, baseIndent: '    ' }).text;
    const text = editor.document.getText();
    await discard(editor);
    assert.equal(text, `async def main():\n    ${body}\n`);
  });

  it('aio-timeout surrounds the selected code (Surround With)', async () => {
    const snippet = catalog.find((candidate) => candidate.prefix === 'aio-timeout');
    assert.ok(snippet);
    const editor = await openUntitled('async def main():\n    await download()\n');
    const selected = new vscode.Range(1, 4, 1, 20);
    assert.equal(editor.document.getText(selected), 'await download()');
    editor.selection = new vscode.Selection(selected.start, selected.end);
    await editor.insertSnippet(new vscode.SnippetString(snippet.body), selected);
    const body = expandSnippet(snippet.body, {
      indentUnit: indentUnitOf(editor),
      baseIndent: '    ',
      variables: { TM_SELECTED_TEXT: 'await download()' },
    }).text;
    const text = editor.document.getText();
    await discard(editor);
    assert.equal(text, `async def main():\n    ${body}\n`);
  });

  it('ships the Chinese snippet file that package.nls.zh-cn.json points to', () => {
    const root = installedExtensionPath();
    const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
    const file = JSON.parse(fs.readFileSync(path.join(root, nls['snippets.python']), 'utf8')) as Record<string, { prefix: string; description: string }>;
    const entries = Object.entries(file);
    assert.equal(entries.length, catalog.length);
    for (const [title, entry] of entries) {
      assert.match(title, CJK, `${entry.prefix}: Chinese title`);
      assert.match(entry.description, CJK, `${entry.prefix}: Chinese description`);
    }
  });
});
