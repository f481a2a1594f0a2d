import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSystemWorkspace } from '../../src/analysis/fileSystemWorkspace';
import { dirname, join, resolveModulePath } from '../../src/analysis/moduleResolution';
import type { ServerHost } from '../../src/server/host';
import { importedModules, ModuleIndex } from '../../src/server/moduleIndex';
import { nodeHost } from '../../src/server/nodeHost';
import { engine, REPO_ROOT } from '../support/engine';

/** A file system in memory: the server needs nothing else from its host. */
function memoryHost(files: Record<string, string>): ServerHost & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async readFile(file) {
      reads.push(file);
      return files[file];
    },
    async stat(file) {
      return file in files ? { isFile: true, mtimeMs: 1, size: files[file].length } : undefined;
    },
    async readDirectory(folder) {
      const names = new Map<string, boolean>();
      for (const file of Object.keys(files)) {
        if (!file.startsWith(`${folder}/`)) continue;
        const [name, ...rest] = file.slice(folder.length + 1).split('/');
        names.set(name, rest.length > 0);
      }
      return [...names].map(([name, isDirectory]) => ({ name, isDirectory, isFile: !isDirectory }));
    },
  };
}

describe('module index of the language server', () => {
  it('scans import statements for the modules they may name', () => {
    const text = [
      'import os, pkg.sub.mod as m',
      'from . import sibling',
      'from ..parent.mod import (',
      '    first,  # a comment',
      '    second as other,',
      ')',
      'from .util import *',
      'x = "import inside a string is harmless"',
    ].join('\n');
    assert.deepEqual(importedModules(text).sort(), ['.', '..', '..parent', '..parent.mod', '..parent.mod.first', '..parent.mod.second', '.sibling', '.util', 'os', 'pkg', 'pkg.sub', 'pkg.sub.mod'].sort());
  });

  it('resolves paths with either separator', () => {
    assert.equal(dirname('/a/b/c.py'), '/a/b');
    assert.equal(dirname('/c.py'), '/');
    assert.equal(dirname('C:\\a\\c.py'), 'C:\\a');
    assert.equal(join('C:\\a', 'b', 'c.py'), 'C:\\a\\b\\c.py');
    const files = new Set(['/p/pkg/__init__.py', '/p/pkg/util.py']);
    assert.equal(resolveModulePath('.util', '/p/pkg/__init__.py', [], (file) => files.has(file)), '/p/pkg/util.py');
    assert.equal(resolveModulePath('pkg.util', '/p/pkg/__init__.py', [], (file) => files.has(file)), '/p/pkg/util.py', 'from the folder above the top-level package');
  });

  it('resolves from each root and its src folder (Ruff\'s default src), the root first', () => {
    const files = new Set(['/p/src/chat.py', '/p/src/cogs/cog_chat.py', '/p/util.py', '/p/src/util.py']);
    const has = (file: string) => files.has(file);
    assert.equal(resolveModulePath('chat', '/p/src/cogs/cog_chat.py', ['/p'], has), '/p/src/chat.py', 'a script folder under src/');
    assert.equal(resolveModulePath('util', '/p/src/cogs/cog_chat.py', ['/p'], has), '/p/util.py', 'the root wins over src');
    assert.equal(resolveModulePath('chat', '/p/src/cogs/cog_chat.py', ['/q'], has), undefined, 'only under a root');
  });

  it('goes above a regular package into a namespace package below the root, never to the root itself', () => {
    const files = new Set(['/p/app/api/__init__.py', '/p/app/api/media.py', '/p/app/crud.py', '/p/sibling.py']);
    const has = (file: string) => files.has(file);
    assert.equal(resolveModulePath('..crud', '/p/app/api/media.py', ['/p'], has), '/p/app/crud.py', '`app` is a namespace package of the root /p');
    assert.equal(resolveModulePath('...sibling', '/p/app/api/media.py', ['/p'], has), undefined, 'the root is no package');
    assert.equal(resolveModulePath('..crud', '/p/app/api/media.py', ['/p/app'], has), undefined, 'with /p/app the root, `api` is the top-level package');
  });

  it('finds a module of the src folder from its listings, as the engine does', async () => {
    const host = memoryHost({
      '/p/src/bot.py': 'import chat\n',
      '/p/src/chat.py': 'def reply():\n    return open("x").read()\n',
      '/p/src/cogs/cog_chat.py': 'from chat import reply\n',
    });
    const index = new ModuleIndex(host);
    index.roots = ['/p'];
    const reached = await index.prefetch('/p/src/cogs/cog_chat.py', 'from chat import reply\n');
    assert.deepEqual([...reached], ['/p/src/chat.py']);
    assert.equal(index.resolveModule('chat', '/p/src/cogs/cog_chat.py'), '/p/src/chat.py');
  });

  it('prefetches what the imports reach, transitively, and then answers the engine synchronously', async () => {
    const host = memoryHost({
      '/p/app.py': 'from pkg.util import load\n',
      '/p/pkg/__init__.py': '',
      '/p/pkg/util.py': 'from .deep import read\n\ndef load():\n    return read()\n',
      '/p/pkg/deep.py': 'def read():\n    return open("x").read()\n',
      '/p/unrelated.py': 'import time\n',
    });
    const index = new ModuleIndex(host);
    index.roots = ['/p'];
    const reached = await index.prefetch('/p/app.py', 'from pkg.util import load\n');
    assert.deepEqual([...reached].sort(), ['/p/pkg/__init__.py', '/p/pkg/deep.py', '/p/pkg/util.py']);
    assert.ok(!host.reads.includes('/p/unrelated.py'), 'files no import reaches are not read');
    assert.equal(index.resolveModule('pkg.util', '/p/app.py'), '/p/pkg/util.py');
    assert.match(index.readFile('/p/pkg/deep.py') ?? '', /open/);
    assert.deepEqual(index.takeMissing(), [], 'everything the engine asked was loaded');
    assert.equal(index.readFile('/p/unrelated.py'), undefined);
    assert.deepEqual(index.takeMissing(), ['/p/unrelated.py'], 'and what it was not is recorded for a second round');
  });

  it('an open document wins over the disk, and a file event drops what was read', async () => {
    const files: Record<string, string> = { '/p/app.py': 'import helper\n', '/p/helper.py': 'def f():\n    pass\n' };
    const index = new ModuleIndex(memoryHost(files));
    index.watching = true;
    await index.prefetch('/p/app.py', files['/p/app.py']);
    assert.match(index.readFile('/p/helper.py') ?? '', /pass/);
    index.setOpen('/p/helper.py', 'def f():\n    open("x")\n');
    assert.match(index.readFile('/p/helper.py') ?? '', /open/);
    index.setOpen('/p/helper.py', undefined);
    files['/p/helper.py'] = 'def f():\n    return 1\n';
    assert.match(index.readFile('/p/helper.py') ?? '', /pass/, 'watched: the cached text stays until an event says otherwise');
    index.invalidate('/p/helper.py');
    await index.prefetch('/p/app.py', files['/p/app.py']);
    assert.match(index.readFile('/p/helper.py') ?? '', /return 1/);
  });

  it('remembers where imports led until a file appears, goes, opens or closes, or the roots change', async () => {
    const files: Record<string, string> = { '/p/app.py': 'import helper\nimport shared\n' };
    const index = new ModuleIndex(memoryHost(files));
    index.watching = true;
    index.roots = ['/p'];
    await index.prefetch('/p/app.py', files['/p/app.py']);
    assert.equal(index.resolveModule('helper', '/p/app.py'), undefined);
    files['/p/helper.py'] = 'def f():\n    pass\n';
    assert.equal(index.resolveModule('helper', '/p/app.py'), undefined, 'no event yet: the answer stands');
    index.invalidate('/p/helper.py');
    await index.prefetch('/p/app.py', files['/p/app.py']);
    assert.equal(index.resolveModule('helper', '/p/app.py'), '/p/helper.py', 'created');
    delete files['/p/helper.py'];
    index.invalidate('/p/helper.py');
    await index.prefetch('/p/app.py', files['/p/app.py']);
    assert.equal(index.resolveModule('helper', '/p/app.py'), undefined, 'deleted');
    index.setOpen('/p/helper.py', 'def f():\n    pass\n');
    assert.equal(index.resolveModule('helper', '/p/app.py'), '/p/helper.py', 'an unsaved editor buffer');
    index.setOpen('/p/helper.py', undefined);
    assert.equal(index.resolveModule('helper', '/p/app.py'), undefined, 'closed without saving');
    files['/lib/shared.py'] = '';
    assert.equal(index.resolveModule('shared', '/p/app.py'), undefined);
    index.roots = ['/p', '/lib'];
    await index.prefetch('/p/app.py', files['/p/app.py']);
    assert.equal(index.resolveModule('shared', '/p/app.py'), '/lib/shared.py', 'a new root');
  });

  it('probes candidates through folder listings, never listing a folder its parent lacks', async () => {
    const files: Record<string, string> = {
      '/p/app.py': 'import aiohttp.web\nimport requests\nfrom pkg import mod\nfrom pkg.sub import deep\n',
      '/p/pkg/__init__.py': '',
      '/p/pkg/mod.py': 'import json\n',
    };
    const host = memoryHost(files);
    const listed: string[] = [];
    let stats = 0;
    const counting: ServerHost = {
      ...host,
      stat: (file) => (stats++, host.stat(file)),
      readDirectory: (folder) => (listed.push(folder), host.readDirectory(folder)),
    };
    const index = new ModuleIndex(counting);
    index.watching = true;
    index.roots = ['/p'];
    const reached = await index.prefetch('/p/app.py', files['/p/app.py']);
    assert.deepEqual([...reached].sort(), ['/p/pkg/__init__.py', '/p/pkg/mod.py']);
    assert.equal(index.resolveModule('aiohttp.web', '/p/app.py'), undefined);
    assert.equal(index.resolveModule('pkg.sub.deep', '/p/app.py'), undefined);
    assert.deepEqual([...new Set(listed)].sort(), ['/p', '/p/pkg'], 'not /p/aiohttp, /p/requests or /p/pkg/sub, nor / above the root');
    assert.equal(listed.length, new Set(listed).size, 'each folder once');
    assert.ok(stats <= 2, `the modules reached are stat'ed to be read, not probed (${stats} stats)`);
    index.takeMissing();
    // Names the import scan did not foresee (an attribute taken for a module): answered from the listings, no round of loading.
    assert.equal(index.resolveModule('pkg.mod.json', '/p/app.py'), undefined);
    assert.equal(index.resolveModule('helpers', '/p/app.py'), undefined);
    assert.deepEqual(index.takeMissing(), []);

    // A package created later is found once the event for its file came.
    files['/p/pkg/sub/__init__.py'] = '';
    files['/p/pkg/sub/deep.py'] = '';
    index.invalidate('/p/pkg/sub/deep.py');
    index.invalidate('/p/pkg/sub/__init__.py');
    await index.prefetch('/p/app.py', files['/p/app.py']);
    assert.equal(index.resolveModule('pkg.sub.deep', '/p/app.py'), '/p/pkg/sub/deep.py');
  });

  it("follows a module's imports again when its text changes", async () => {
    const files: Record<string, string> = { '/p/app.py': 'import helper\n', '/p/other.py': 'import helper\n', '/p/helper.py': 'import a\n', '/p/a.py': '', '/p/b.py': '' };
    const index = new ModuleIndex(memoryHost(files));
    index.watching = true;
    index.roots = ['/p'];
    assert.deepEqual([...(await index.prefetch('/p/app.py', files['/p/app.py']))].sort(), ['/p/a.py', '/p/helper.py']);
    assert.deepEqual([...(await index.prefetch('/p/other.py', files['/p/other.py']))].sort(), ['/p/a.py', '/p/helper.py'], 'helper\'s imports, resolved once, for another importer');
    files['/p/helper.py'] = 'import b\n';
    index.invalidate('/p/helper.py', true);
    assert.deepEqual([...(await index.prefetch('/p/app.py', files['/p/app.py']))].sort(), ['/p/b.py', '/p/helper.py']);
  });

  it('gives the engine the same findings as the CLI reading the disk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-index-'));
    try {
      fs.mkdirSync(path.join(dir, 'pkg'));
      fs.writeFileSync(path.join(dir, 'pkg', '__init__.py'), 'from .impl import load_config\n');
      fs.writeFileSync(path.join(dir, 'pkg', 'impl.py'), 'import time\n\ndef load_config():\n    time.sleep(1)\n');
      fs.writeFileSync(path.join(dir, 'client.py'), 'async def fetch():\n    pass\n');
      const app = path.join(dir, 'app.py');
      const text = 'import client\nfrom pkg import load_config\n\nasync def main():\n    load_config()\n    client.fetch()\n';
      fs.writeFileSync(app, text);

      const describe = (findings: Array<{ code: string; range: { start: { line: number; character: number } } }>) =>
        findings.map((finding) => `${finding.code}@${finding.range.start.line}:${finding.range.start.character}`);
      const fromDisk = describe((await engine({ workspace: new FileSystemWorkspace([dir]) })).lint(text, { file: app }).findings);
      const index = new ModuleIndex(nodeHost);
      index.roots = [dir];
      await index.prefetch(app, text);
      const fromIndex = describe((await engine({ workspace: index })).lint(text, { file: app }).findings);
      // The prefetch loads every module the imports reach; only the project's list, for who uses `main`, is asked later.
      assert.deepEqual(index.takeMissing(), [dir]);
      assert.deepEqual(fromIndex, fromDisk);
      assert.deepEqual(fromIndex, ['AIO200@4:4', 'AIO100@5:4']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lists the project's modules again when a module comes, not when one is edited", async () => {
    const files: Record<string, string> = {
      '/p/jobs.py': 'async def run(path):\n    with open(path) as file:\n        file.read()\n',
      '/p/main.py': 'import asyncio\nfrom jobs import run\n\nasyncio.run(run("x"))\n',
    };
    const index = new ModuleIndex(memoryHost(files));
    index.watching = true;
    index.roots = ['/p'];
    const analyzer = await engine({ workspace: index });
    const severity = async () => {
      let found: string | undefined;
      for (let round = 0; round < 4; round++) {
        found = analyzer.lint(files['/p/jobs.py'], { file: '/p/jobs.py' }).findings.find((finding) => finding.code === 'ASYNC230')?.severity;
        const missing = index.takeMissing();
        if (missing.length === 0) break;
        await index.load(missing);
      }
      return found;
    };
    assert.equal(await severity(), 'information', 'main.py runs it alone');
    files['/p/main.py'] = 'import asyncio\nfrom jobs import run\n\nasyncio.run(run("y"))\n';
    index.invalidate('/p/main.py', true);
    assert.equal(await severity(), 'information', 'edited');
    files['/p/server.py'] = 'import asyncio\nfrom jobs import run\n\nasync def serve():\n    asyncio.create_task(run("z"))\n';
    index.invalidate('/p/server.py');
    assert.equal(await severity(), 'warning', 'a new module runs it as a task');
  });

  it("lists the project's modules for the uses other modules make of a coroutine, as the CLI does", async () => {
    const root = path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'entry');
    const file = path.join(root, 'bridge', 'app', 'wiring.py');
    const text = fs.readFileSync(file, 'utf8');
    const describe = (findings: Array<{ code: string; severity: string; range: { start: { line: number } } }>) =>
      findings.map((finding) => `${finding.code}@${finding.range.start.line + 1}:${finding.severity}`);
    const fromDisk = describe((await engine({ workspace: new FileSystemWorkspace([root]) })).lint(text, { file }).findings);
    const index = new ModuleIndex(nodeHost);
    index.roots = [root];
    await index.prefetch(file, text);
    const analyzer = await engine({ workspace: index });
    let fromIndex: string[] = [];
    // As the server does: analyse, load what the engine asked for, analyse again.
    for (let round = 0; round < 4; round++) {
      index.takeRead();
      fromIndex = describe(analyzer.lint(text, { file }).findings);
      const missing = index.takeMissing();
      if (missing.length === 0) break;
      await index.load(missing);
    }
    assert.deepEqual(fromIndex, fromDisk);
    assert.ok(fromIndex.includes('ASYNC230@8:information'), fromIndex.join(', '));
    assert.ok(index.takeRead().includes(path.join(root, 'bridge', '__main__.py')), 'the module that runs it is a dependency');
  });
});
