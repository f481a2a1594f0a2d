import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { CheckWorkspaceResult } from '../../src/shared/protocol';
import { nodeHost } from '../../src/server/nodeHost';
import type { DocumentLinter } from '../../src/server/documents';
import { WorkspaceChecker } from '../../src/server/workspaceCheck';
import { enabledGlobs, FolderWalk } from '../../src/server/workspaceFiles';
import type { Finding } from '../../src/analysis/types';
import { CLI, StdioLanguageClient } from '../support/lspClient';
import { lines } from '../support/lint';

const FLAGGED = lines('import time', '', '', 'async def main():', '    time.sleep(1)');
const CLEAN = lines('import asyncio', '', '', 'async def main():', '    await asyncio.sleep(1)');

function write(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

describe('workspace check', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-workspace-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('the files it lints', () => {
    it('skips files.exclude, .gitignore (nested, with negation), the exclude setting and tool folders', async () => {
      write(dir, {
        'app.py': CLEAN,
        'stubs.pyi': CLEAN,
        'notebook.ipynb': '{}',
        'build/generated.py': CLEAN,
        'pkg/module.py': CLEAN,
        'pkg/.gitignore': 'local_*.py\n!local_keep.py\n',
        'pkg/local_scratch.py': CLEAN,
        'pkg/local_keep.py': CLEAN,
        'tests/test_app.py': CLEAN,
        'out/dist.py': CLEAN,
        '.venv/lib/site.py': CLEAN,
        'node_modules/x/y.py': CLEAN,
        '.gitignore': 'build/\n',
        'README.md': '# not python\n',
      });
      const walk = new FolderWalk(nodeHost, dir, { filesExclude: ['**/out'], exclude: ['tests/**'] });
      const found = (await walk.files()).map((file) => path.relative(dir, file).split(path.sep).join('/'));
      assert.deepEqual(found, ['app.py', 'stubs.pyi', 'pkg/local_keep.py', 'pkg/module.py']);
      assert.equal(await walk.includes(path.join(dir, 'pkg', 'module.py')), true);
      assert.equal(await walk.includes(path.join(dir, 'build', 'new.py')), false, 'a file in a gitignored folder');
      assert.equal(await walk.includes(path.join(dir, 'pkg', 'local_new.py')), false);
      assert.equal(await walk.includes(path.join(os.tmpdir(), 'elsewhere.py')), false);
    });

    it('reads files.exclude as the editor sends it', () => {
      assert.deepEqual(enabledGlobs({ '**/.git': true, '**/out': false, '**/*.js': { when: '$(basename).ts' }, './gen': true, ruffExtensionActive: false }), ['**/.git', 'gen']);
      assert.deepEqual(enabledGlobs(null), []);
      assert.deepEqual(enabledGlobs('**/x'), []);
    });
  });

  it('a file queued under an earlier check is not published once a later check excludes it', async () => {
    write(dir, { 'app.py': FLAGGED, 'hidden/late.py': FLAGGED });
    let filesExclude: string[] = ['**/hidden'];
    const published = new Map<string, number>();
    const linter = {
      current: async () => undefined,
      lintFile: async (uri: string, _file: string, text: string) => {
        const findings = text.includes('time.sleep') ? [{ code: 'ASYNC251' } as Finding] : [];
        return { findings, dependencies: new Set<string>(), status: { uri, state: 'linted', findings: findings.length, durationMs: 0, lintedAt: 0 } };
      },
    } as unknown as DocumentLinter;
    const checker = new WorkspaceChecker({
      host: nodeHost,
      linter: () => linter,
      ownsDiagnostics: () => false,
      openText: () => undefined,
      folders: () => [pathToFileURL(dir).href],
      settingsFor: async () => ({}),
      filesExclude: async () => filesExclude,
      publish: (uri, findings) => published.set(path.relative(dir, new URL(uri).pathname), findings.length),
      linted: () => undefined,
      log: { info: () => undefined, warn: () => undefined },
    });
    const never = { isCancellationRequested: false };
    filesExclude = [];
    await checker.check(never, () => undefined);
    assert.deepEqual([...published], [['app.py', 1], [path.join('hidden', 'late.py'), 1]]);
    filesExclude = ['**/hidden'];
    await checker.check(never, () => undefined);
    assert.equal(published.get(path.join('hidden', 'late.py')), 0, 'the second check clears it');
    // A change seen while the first check's walks held (its file event came late), drained after the second check.
    const internals = checker as unknown as { enqueue(file: string): void; queue: Set<string>; draining: boolean };
    internals.enqueue(path.join(dir, 'hidden', 'late.py'));
    while (internals.draining || internals.queue.size > 0) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(published.get(path.join('hidden', 'late.py')), 0, 'still excluded');
  });

  describe('through the language server', () => {
    const clients: StdioLanguageClient[] = [];
    before(function () {
      if (!fs.existsSync(CLI)) this.skip();
    });
    afterEach(() => {
      for (const client of clients.splice(0)) client.kill();
    });

    async function start(initializationOptions: Record<string, unknown> = {}, capabilities: Record<string, unknown> = {}): Promise<StdioLanguageClient> {
      const client = new StdioLanguageClient(dir);
      clients.push(client);
      await client.request('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(dir).href,
        workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'project' }],
        capabilities,
        initializationOptions,
        locale: 'en',
      });
      await client.notifyServer('initialized', {});
      return client;
    }

    it('publishes the findings of closed files, follows edits and deletions on disk, and counts lines', async () => {
      write(dir, { 'flagged.py': FLAGGED, 'clean.py': CLEAN, 'ignored/flagged.py': FLAGGED, '.gitignore': 'ignored/\n', 'pkg/inner.py': FLAGGED });
      const client = await start();
      const flaggedUri = pathToFileURL(path.join(dir, 'flagged.py')).href;
      const result = await client.request<CheckWorkspaceResult>('pythonAsyncGuide/checkWorkspace', {});
      assert.deepEqual({ ...result, durationMs: 0 }, { files: 3, lines: 15, findings: 2, filesWithFindings: 2, notLinted: 0, total: 3, durationMs: 0, cancelled: false });
      const published = await client.waitForDiagnostics(flaggedUri, (diagnostics) => diagnostics.length === 1, 'the closed file flagged');
      assert.equal(published[0].code, 'ASYNC251');
      assert.deepEqual(client.published.get(pathToFileURL(path.join(dir, 'clean.py')).href)?.diagnostics, []);
      assert.equal(client.published.has(pathToFileURL(path.join(dir, 'ignored', 'flagged.py')).href), false, 'gitignored');

      // Fixed on disk: the entry goes; a new flagged file appears; the deleted one is cleared.
      fs.writeFileSync(path.join(dir, 'flagged.py'), CLEAN);
      const newUri = pathToFileURL(path.join(dir, 'new.py')).href;
      fs.writeFileSync(path.join(dir, 'new.py'), FLAGGED);
      await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: flaggedUri, type: 2 }, { uri: newUri, type: 1 }] });
      await client.waitForDiagnostics(flaggedUri, (diagnostics) => diagnostics.length === 0, 'the fixed file cleared');
      await client.waitForDiagnostics(newUri, (diagnostics) => diagnostics.length === 1, 'the created file flagged');
      fs.rmSync(path.join(dir, 'new.py'));
      await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: newUri, type: 3 }] });
      await client.waitForDiagnostics(newUri, (diagnostics) => diagnostics.length === 0, 'the deleted file cleared');

      // A deleted folder is reported as the folder alone.
      const innerUri = pathToFileURL(path.join(dir, 'pkg', 'inner.py')).href;
      assert.equal(client.published.get(innerUri)?.diagnostics.length, 1);
      fs.rmSync(path.join(dir, 'pkg'), { recursive: true });
      await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'pkg')).href, type: 3 }] });
      await client.waitForDiagnostics(innerUri, (diagnostics) => diagnostics.length === 0, 'the file of the deleted folder cleared');
    });

    it('publishes the findings of a document still open whose tab closed (pull clients), and drops them when it is shown again', async () => {
      write(dir, { 'flagged.py': FLAGGED });
      const client = await start({}, { textDocument: { diagnostic: {} } });
      const uri = pathToFileURL(path.join(dir, 'flagged.py')).href;
      const shown = (uris: string[]) => client.notifyServer('pythonAsyncGuide/shownFiles', { uris });
      await client.notifyServer('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: FLAGGED } });
      await shown([uri]);
      const result = await client.request<CheckWorkspaceResult>('pythonAsyncGuide/checkWorkspace', {});
      assert.equal(result.findings, 1, 'the open document is counted');
      assert.equal(client.published.has(uri), false, 'shown: the editor pulls its diagnostics');

      // The tab closes; VS Code keeps the document open and drops the pulled diagnostics.
      await shown([]);
      await client.waitForDiagnostics(uri, (diagnostics) => diagnostics.length === 1 && diagnostics[0].code === 'ASYNC251', 'the check publishes its findings');
      await shown([uri]);
      await client.waitForDiagnostics(uri, (diagnostics) => diagnostics.length === 0, 'shown again: the published entry goes');
      await client.notifyServer('textDocument/didClose', { textDocument: { uri } });
      await client.waitForDiagnostics(uri, (diagnostics) => diagnostics.length === 1, 'closed: published again');
    });

    it('stops when cancelled, and reports what it checked so far', async () => {
      const many: Record<string, string> = {};
      for (let i = 0; i < 400; i++) many[`pkg/module_${String(i).padStart(3, '0')}.py`] = FLAGGED;
      write(dir, many);
      const client = await start();
      const source = new CancellationTokenSource();
      const pending = client.connection.sendRequest<CheckWorkspaceResult>('pythonAsyncGuide/checkWorkspace', {}, source.token);
      await client.waitForDiagnostics(pathToFileURL(path.join(dir, 'pkg', 'module_000.py')).href, (diagnostics) => diagnostics.length === 1, 'the first file checked');
      source.cancel();
      const result = await pending;
      assert.equal(result.cancelled, true);
      assert.equal(result.total, 400);
      assert.ok(result.files < 400, `stopped early (${result.files} files checked)`);
      assert.equal(result.findings, result.files);
    });

    it('logs each lint at debug level, and one at or over slowLintWarningMs at warning level with its file and time', async () => {
      write(dir, { 'flagged.py': FLAGGED });
      const logs: Array<{ type: number; message: string }> = [];
      const fast = await start();
      fast.connection.onNotification('window/logMessage', (entry: { type: number; message: string }) => void logs.push(entry));
      await fast.request('pythonAsyncGuide/checkWorkspace', {});
      const file = path.join(dir, 'flagged.py');
      assert.ok(logs.some((entry) => entry.type === 5 && entry.message.startsWith(`Linted ${file}: linted, 1 findings,`)), JSON.stringify(logs));
      assert.ok(logs.some((entry) => entry.type === 3 && /^Workspace check done: 1 of 1 files \(5 lines\)/.test(entry.message)), 'the check is logged at info level');
      assert.ok(!logs.some((entry) => entry.type === 2), 'nothing slow at the default threshold');

      logs.length = 0;
      const slow = await start({ settings: { slowLintWarningMs: 0 } });
      slow.connection.onNotification('window/logMessage', (entry: { type: number; message: string }) => void logs.push(entry));
      await slow.request('pythonAsyncGuide/checkWorkspace', {});
      assert.ok(logs.some((entry) => entry.type === 2 && new RegExp(`^Slow lint \\(0 ms or more\\): ${file.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}: linted, 1 findings, \\d+ ms$`).test(entry.message)), JSON.stringify(logs));
    });
  });
});
