import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyEdits } from '../../src/analysis/fixes/apply';
import type { TextEdit } from '../../src/analysis/types';
import { codeLink, guideLink } from '../../src/server/convert';
import { SITE_URL } from '../../src/site/urls';
import { CLI, StdioLanguageClient, type LspDiagnostic } from '../support/lspClient';
import { lines } from '../support/lint';

const APP = lines('import time', '', 'from helpers import load_config', '', '', 'async def main():', '    time.sleep(1)', '    return load_config()');
const HELPERS = lines('def load_config():', '    with open("config.toml") as file:', '        return file.read()');

const at = (d: LspDiagnostic) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  edit?: { changes?: Record<string, Array<{ range: LspDiagnostic['range']; newText: string }>> };
  command?: { command: string; arguments?: unknown[] };
}

describe('language server over stdio (dist/cli.js lsp --stdio)', () => {
  let dir: string;
  let appUri: string;
  let helpersUri: string;
  const clients: StdioLanguageClient[] = [];

  before(function () {
    if (!fs.existsSync(CLI)) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-lsp-'));
    fs.writeFileSync(path.join(dir, 'app.py'), APP);
    fs.writeFileSync(path.join(dir, 'helpers.py'), HELPERS);
    appUri = pathToFileURL(path.join(dir, 'app.py')).href;
    helpersUri = pathToFileURL(path.join(dir, 'helpers.py')).href;
  });

  after(() => {
    for (const client of clients) client.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function start(): StdioLanguageClient {
    const client = new StdioLanguageClient(dir);
    clients.push(client);
    return client;
  }

  async function initialize(client: StdioLanguageClient, capabilities: Record<string, unknown> = {}) {
    const result = await client.request<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'project' }],
      capabilities,
      locale: 'en',
    });
    await client.notifyServer('initialized', {});
    return result;
  }

  it("links each code to the extension's guide, or for other editors to its page on the web in the findings' language", () => {
    assert.equal(codeLink(true, 'zh-cn', 'en')('rules/ASYNC251'), guideLink('rules/ASYNC251'));
    assert.equal(codeLink(false, undefined, 'zh-CN')('rules/ASYNC251'), `${SITE_URL}zh-cn/rules/ASYNC251.html`);
    assert.equal(codeLink(false, 'auto', 'de')('rules/ASYNC251'), `${SITE_URL}rules/ASYNC251.html`);
    assert.equal(codeLink(false, 'zh-cn', 'en')('rules/AIO200'), `${SITE_URL}zh-cn/rules/AIO200.html`);
  });

  it('pushes diagnostics, follows a one-line incremental edit, offers code actions and shuts down cleanly', async () => {
    const client = start();
    const { capabilities } = await initialize(client);
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 }, 'incremental sync');
    assert.equal(capabilities.diagnosticProvider, undefined, 'no pull diagnostics for a client without them');

    await client.notifyServer('textDocument/didOpen', { textDocument: { uri: appUri, languageId: 'python', version: 1, text: APP } });
    const first = await client.waitForDiagnostics(appUri, (diagnostics) => diagnostics.length === 2, 'two findings');
    assert.deepEqual(first.map(at), ['ASYNC251 6:4-6:14', 'AIO200 7:11-7:22']);
    assert.ok(first.every((diagnostic) => diagnostic.source === 'python-async-guide'));
    assert.match(first[1].message, /load_config/);
    assert.equal(first[1].relatedInformation?.[0]?.location.uri, helpersUri, 'the chain points into helpers.py');
    // Another editor has no guide panel: each code links to its page on the web site.
    assert.deepEqual(
      first.map((diagnostic) => diagnostic.codeDescription?.href),
      [`${SITE_URL}rules/ASYNC251.html`, `${SITE_URL}rules/AIO200.html`],
    );

    // One line inserted at the top: every finding moves down by one.
    await client.notifyServer('textDocument/didChange', {
      textDocument: { uri: appUri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a comment\n' }],
    });
    const moved = await client.waitForDiagnostics(appUri, (diagnostics) => diagnostics[0]?.range.start.line === 7, 'the findings one line lower');
    assert.deepEqual(moved.map(at), ['ASYNC251 7:4-7:14', 'AIO200 8:11-8:22']);

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: appUri },
      range: moved[0].range,
      context: { diagnostics: [moved[0]], only: ['quickfix'] },
    });
    const sleepFix = actions.find((action) => action.title === 'Replace with `await asyncio.sleep(...)`');
    assert.ok(sleepFix, JSON.stringify(actions.map((action) => action.title)));
    assert.equal(sleepFix.isPreferred, true);
    assert.deepEqual(
      sleepFix.edit?.changes?.[appUri].map((edit) => edit.newText),
      ['import asyncio\n', 'await asyncio.sleep'],
    );
    assert.ok(actions.some((action) => action.title === 'Suppress ASYNC251 on this line (# noqa)'));

    const fixAll = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: appUri },
      range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.pythonAsyncGuide'] },
    });
    assert.deepEqual(fixAll.map((action) => action.kind), ['source.fixAll.pythonAsyncGuide']);

    // As Ruff: no fix-all on a text with syntax errors (for Python, the last sleep is inside the unterminated string).
    const brokenUri = appUri.replace('app.py', 'broken.py');
    const broken = 'import time\n\n\nasync def main():\n    time.sleep(1)\n    note = """unterminated\n    time.sleep(2)\n';
    await client.notifyServer('textDocument/didOpen', { textDocument: { uri: brokenUri, languageId: 'python', version: 1, text: broken } });
    const brokenFindings = await client.waitForDiagnostics(brokenUri, (diagnostics) => diagnostics.length > 0, 'the findings of the file with a syntax error');
    const noFixAll = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: brokenUri },
      range: { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.pythonAsyncGuide'] },
    });
    assert.deepEqual(noFixAll, []);
    const summary = await client.request('workspace/executeCommand', { command: 'pythonAsyncGuide.server.applyFixAll', arguments: [brokenUri] });
    assert.deepEqual(summary, { applied: 0, remaining: brokenFindings.length, syntaxErrors: true });

    await client.request('shutdown');
    await client.notifyServer('exit');
    assert.equal(await client.waitForExit(), 0);
  });

  it('answers pull diagnostics, and re-checks an importer when the module it imports is edited', async () => {
    const client = start();
    const { capabilities } = await initialize(client, { textDocument: { diagnostic: {} }, workspace: { diagnostics: { refreshSupport: true } } });
    assert.deepEqual(capabilities.diagnosticProvider, { identifier: 'python-async-guide', interFileDependencies: true, workspaceDiagnostics: false });

    await client.notifyServer('textDocument/didOpen', { textDocument: { uri: appUri, languageId: 'python', version: 1, text: APP } });
    await client.notifyServer('textDocument/didOpen', { textDocument: { uri: helpersUri, languageId: 'python', version: 1, text: HELPERS } });
    type Report = { kind: string; resultId?: string; items?: LspDiagnostic[] };
    const pullApp = (previousResultId?: string) => client.request<Report>('textDocument/diagnostic', { textDocument: { uri: appUri }, previousResultId });
    const first = await pullApp();
    assert.equal(first.kind, 'full');
    assert.deepEqual(first.items?.map(at), ['ASYNC251 6:4-6:14', 'AIO200 7:11-7:22']);
    assert.equal((await pullApp(first.resultId)).kind, 'unchanged', 'nothing changed: nothing re-analysed');

    // The helper stops blocking: the importer's AIO200 goes.
    await client.notifyServer('textDocument/didChange', {
      textDocument: { uri: helpersUri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 26 } }, text: '    return ""' }],
    });
    const second = await pullApp(first.resultId);
    assert.equal(second.kind, 'full');
    assert.deepEqual(second.items?.map(at), ['ASYNC251 6:4-6:14']);

    await client.request('shutdown');
    await client.notifyServer('exit');
    assert.equal(await client.waitForExit(), 0);
  });

  it('re-checks an importer when a module opens with text that differs from the disk, and when it closes again', async () => {
    const client = start();
    await initialize(client, { textDocument: { diagnostic: {} } });
    await client.notifyServer('textDocument/didOpen', { textDocument: { uri: appUri, languageId: 'python', version: 1, text: APP } });
    type Report = { kind: string; resultId?: string; items?: LspDiagnostic[] };
    const pullApp = (previousResultId?: string) => client.request<Report>('textDocument/diagnostic', { textDocument: { uri: appUri }, previousResultId });
    const fromDisk = await pullApp();
    assert.deepEqual(fromDisk.items?.map(at), ['ASYNC251 6:4-6:14', 'AIO200 7:11-7:22']);

    // Unsaved changes restored at start-up: the editor's helpers.py no longer blocks.
    const unsaved = lines('def load_config():', '    return ""');
    await client.notifyServer('textDocument/didOpen', { textDocument: { uri: helpersUri, languageId: 'python', version: 7, text: unsaved } });
    const edited = await pullApp(fromDisk.resultId);
    assert.equal(edited.kind, 'full');
    assert.deepEqual(edited.items?.map(at), ['ASYNC251 6:4-6:14']);

    // Closed without saving: the disk's text counts again.
    await client.notifyServer('textDocument/didClose', { textDocument: { uri: helpersUri } });
    const reverted = await pullApp(edited.resultId);
    assert.equal(reverted.kind, 'full');
    assert.deepEqual(reverted.items?.map(at), ['ASYNC251 6:4-6:14', 'AIO200 7:11-7:22']);

    // Opened with the disk's own text: nothing to re-check.
    await client.notifyServer('textDocument/didOpen', { textDocument: { uri: helpersUri, languageId: 'python', version: 8, text: HELPERS } });
    assert.equal((await pullApp(reverted.resultId)).kind, 'unchanged');

    await client.request('shutdown');
    await client.notifyServer('exit');
    assert.equal(await client.waitForExit(), 0);
  });

  it("re-checks a module when another module that runs its coroutine alone changes (the project's modules are dependencies)", async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-lsp-project-'));
    const JOBS = lines('async def run(path):', '    with open(path) as file:', '        return file.read()');
    const MAIN = lines('import asyncio', '', 'from jobs import run', '', 'asyncio.run(run("config.toml"))');
    fs.writeFileSync(path.join(project, 'jobs.py'), JOBS);
    fs.writeFileSync(path.join(project, 'main.py'), MAIN);
    const jobsUri = pathToFileURL(path.join(project, 'jobs.py')).href;
    const mainUri = pathToFileURL(path.join(project, 'main.py')).href;
    try {
      const client = new StdioLanguageClient(project);
      clients.push(client);
      await client.request('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(project).href,
        workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'project' }],
        capabilities: { textDocument: { diagnostic: {} } },
        locale: 'en',
      });
      await client.notifyServer('initialized', {});
      await client.notifyServer('textDocument/didOpen', { textDocument: { uri: jobsUri, languageId: 'python', version: 1, text: JOBS } });
      type Report = { kind: string; resultId?: string; items?: LspDiagnostic[] };
      const pullJobs = (previousResultId?: string) => client.request<Report>('textDocument/diagnostic', { textDocument: { uri: jobsUri }, previousResultId });
      const first = await pullJobs();
      // LSP severities: 2 warning, 3 information.
      assert.deepEqual(first.items?.map((d) => `${d.code} ${d.severity}`), ['ASYNC230 3'], 'main.py runs it alone');
      assert.match(first.items?.[0]?.message ?? '', /`asyncio\.run\(run\("config\.toml"\)\)` is in main\.py:5\./);

      // main.py now also runs it as a task beside other work: jobs.py is checked again.
      const TASKS = lines('import asyncio', '', 'from jobs import run', '', '', 'async def main():', '    asyncio.create_task(run("a"))', '    await asyncio.sleep(1)');
      await client.notifyServer('textDocument/didOpen', { textDocument: { uri: mainUri, languageId: 'python', version: 1, text: MAIN } });
      await client.notifyServer('textDocument/didChange', { textDocument: { uri: mainUri, version: 2 }, contentChanges: [{ text: TASKS }] });
      const second = await pullJobs(first.resultId);
      assert.equal(second.kind, 'full');
      assert.deepEqual(second.items?.map((d) => `${d.code} ${d.severity}`), ['ASYNC230 2']);

      await client.request('shutdown');
      await client.notifyServer('exit');
      assert.equal(await client.waitForExit(), 0);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it('names the API under the cursor of a document closed and opened again under the same URI and version', async () => {
    const client = start();
    await initialize(client);
    const uri = 'untitled:Untitled-1';
    const open = (text: string) => client.notifyServer('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const namesAt = (line: number, character: number) => client.request<string[]>('pythonAsyncGuide/namesAt', { textDocument: { uri }, position: { line, character } });
    await open('import asyncio\nasyncio.sleep(1)\n');
    assert.deepEqual(await namesAt(1, 10), ['asyncio.sleep']);
    await client.notifyServer('textDocument/didClose', { textDocument: { uri } });
    await open('from asyncio import gather as g\ng(a(), b())\n');
    assert.deepEqual(await namesAt(1, 0), ['asyncio.gather']);
  });

  it('keeps serving when the editor cannot list its workspace folders after a change', async () => {
    // The test client has no handler for workspace/workspaceFolders: the request fails.
    const client = start();
    await initialize(client, { workspace: { workspaceFolders: true } });
    await client.notifyServer('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [] } });
    await client.notifyServer('textDocument/didOpen', { textDocument: { uri: appUri, languageId: 'python', version: 1, text: APP } });
    await client.waitForDiagnostics(appUri, (diagnostics) => diagnostics.length === 2, 'the findings');
    assert.equal(client.exitCode, undefined, client.stderr);
    await client.request('shutdown');
    await client.notifyServer('exit');
    assert.equal(await client.waitForExit(), 0);
  });

  it('notebooks: the Python cells are one program; findings, fixes and fix-all land on their cells', async () => {
    const client = start();
    const { capabilities } = await initialize(client, { textDocument: { diagnostic: {} }, workspace: { diagnostics: { refreshSupport: true } }, notebookDocument: { synchronization: {} } });
    assert.deepEqual(capabilities.notebookDocumentSync, { notebookSelector: [{ notebook: '*', cells: [{ language: 'python' }] }] });
    const notebookUri = pathToFileURL(path.join(dir, 'rates.ipynb')).href;
    const cell = (n: number) => `vscode-notebook-cell:${pathToFileURL(path.join(dir, 'rates.ipynb')).pathname}#W${n}sZmlsZQ%3D%3D`;
    const texts = [
      '# Rates',
      'import asyncio\nimport time as clock',
      'async def fetch():\n    clock.sleep(1)',
      'await fetch()',
      'async def main():\n    await fetch()\n\nasyncio.run(main())',
    ];
    await client.notifyServer('notebookDocument/didOpen', {
      notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version: 1, cells: texts.map((_, n) => ({ kind: n === 0 ? 1 : 2, document: cell(n) })) },
      cellTextDocuments: texts.map((text, n) => ({ uri: cell(n), languageId: n === 0 ? 'markdown' : 'python', version: 1, text })),
    });
    type Report = { kind: string; resultId?: string; items?: LspDiagnostic[] };
    const pull = (n: number) => client.request<Report>('textDocument/diagnostic', { textDocument: { uri: cell(n) } });
    // `clock` is `time`, imported in cell 1, and blocks in cell 2; the top-level await in cell 3 is legal in a notebook.
    assert.deepEqual((await pull(2)).items?.map(at), ['ASYNC251 1:4-1:15']);
    assert.deepEqual((await pull(3)).items?.map(at), []);
    assert.deepEqual((await pull(0)).items?.map(at), [], 'markdown is not Python');
    const loop = (await pull(4)).items!;
    assert.deepEqual(loop.map(at), ['AIO111 3:0-3:19']);

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cell(4) }, range: loop[0].range, context: { diagnostics: loop, only: ['quickfix'] } });
    const awaitMain = actions.find((action) => action.isPreferred);
    assert.deepEqual(awaitMain?.edit?.changes, { [cell(4)]: [{ range: loop[0].range, newText: 'await main()' }] }, JSON.stringify(actions));
    assert.ok(actions.some((action) => action.title === 'Suppress AIO111 on this line (# noqa)' && Object.keys(action.edit?.changes ?? {}).join() === cell(4)));

    // Fix-all of one cell edits only that cell (a save runs it per cell); the command fixes the notebook.
    const perCell = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cell(2) }, range: loop[0].range, context: { diagnostics: [], only: ['source.fixAll.pythonAsyncGuide'] } });
    assert.deepEqual(Object.keys(perCell[0]?.edit?.changes ?? {}), [cell(2)]);
    const applied: Array<{ edit: { documentChanges?: unknown; changes?: Record<string, unknown[]> } }> = [];
    client.connection.onRequest('workspace/applyEdit', (params: (typeof applied)[number]) => (applied.push(params), { applied: true }));
    const summary = await client.request<{ applied: number }>('workspace/executeCommand', { command: 'pythonAsyncGuide.server.applyFixAll', arguments: [cell(3)] });
    assert.equal(summary.applied, 2);
    const changes = applied[0].edit.changes as Record<string, TextEdit[]>;
    assert.deepEqual(Object.keys(changes).sort(), [cell(2), cell(4)]);
    assert.equal(applyEdits(texts[2], changes[cell(2)]), 'async def fetch():\n    await asyncio.sleep(1)');
    assert.equal(applyEdits(texts[4], changes[cell(4)]), 'async def main():\n    await fetch()\n\nawait main()');

    // Removing the import from cell 1 changes cell 2's findings.
    await client.notifyServer('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cell(1), version: 2 }, changes: [{ text: 'import asyncio' }] }] } },
    });
    assert.deepEqual((await pull(2)).items?.map(at), []);

    await client.notifyServer('notebookDocument/didClose', { notebookDocument: { uri: notebookUri }, cellTextDocuments: texts.map((_, n) => ({ uri: cell(n) })) });
    assert.deepEqual((await pull(2)).items, []);
    await client.request('shutdown');
    await client.notifyServer('exit');
    assert.equal(await client.waitForExit(), 0);
  });
  it('RUF100: tells the client once when a # noqa: AIO… sits under a Ruff config that would strip it, and answers with the edit', async () => {
    const project = path.join(dir, 'ruff-project');
    fs.mkdirSync(project, { recursive: true });
    const pyproject = lines('[tool.ruff.lint]', 'select = ["ALL"]');
    fs.writeFileSync(path.join(project, 'pyproject.toml'), pyproject);
    const text = lines('import asyncio', '', '', 'async def main():', '    return asyncio.get_event_loop()  # noqa: AIO103');
    fs.writeFileSync(path.join(project, 'app.py'), text);
    const client = start();
    const offers: unknown[] = [];
    client.connection.onNotification('pythonAsyncGuide/ruffStripsNoqa', (params: unknown) => {
      offers.push(params);
    });
    await initialize(client);
    const uri = pathToFileURL(path.join(project, 'app.py')).href;
    await client.notifyServer('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    await client.waitForDiagnostics(uri, () => true, 'the first diagnostics');
    const expected = { configUri: pathToFileURL(path.join(project, 'pyproject.toml')).href, edit: { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: 'external = ["AIO"]\n' } };
    assert.deepEqual(offers, [expected]);
    assert.deepEqual(await client.request('pythonAsyncGuide/ruffExternal', { uri }), expected);
    assert.deepEqual(await client.request('pythonAsyncGuide/ruffExternal', { uri: pathToFileURL(project).href, isFolder: true }), expected);
    assert.equal(await client.request('pythonAsyncGuide/ruffExternal', { uri: appUri }), null, 'no Ruff config above app.py');
    // Once per configuration file.
    await client.notifyServer('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${text}# again\n` }] });
    await client.waitForDiagnostics(uri, () => client.published.get(uri)?.version === 2, 'the diagnostics of version 2');
    assert.equal(offers.length, 1);
    await client.request('shutdown');
    await client.notifyServer('exit');
  });
});
