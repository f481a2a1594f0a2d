import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSystemWorkspace } from '../../src/analysis/fileSystemWorkspace';
import { engine } from '../support/engine';
import { codeFixes, findingOf, lines, lintFindings } from '../support/lint';
import { writeUnder } from '../support/tempFiles';

/** AIO200 across files: a temporary project with a package, relative and absolute imports. */
describe('AIO200 across workspace files', () => {
  let root: string;

  const write = (relative: string, text: string) => writeUnder(root, relative, text);

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-aio200-'));
    write('app/__init__.py', 'from .util import load_settings\n');
    write('app/util.py', 'import json\n\n\ndef load_settings(path):\n    return read_text(path)\n\n\ndef read_text(path):\n    with open(path) as f:\n        return f.read()\n\n\ndef fast(x):\n    return x\n');
    write('app/db.py', 'import sqlite3\n\n\ndef query(sql):\n    return sqlite3.connect("x.db").execute(sql).fetchall()\n');
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  async function lint(relative: string, text: string) {
    const file = write(relative, text);
    const analyzer = await engine({ workspace: new FileSystemWorkspace([root]) });
    const result = analyzer.lint(text, { file });
    result.tree?.delete();
    assert.deepEqual(result.ruleErrors, []);
    return result.findings.filter((f) => f.code === 'AIO200');
  }

  it('follows relative imports, absolute imports and re-exports, with the chain as related information', async () => {
    const findings = await lint(
      'app/handlers.py',
      [
        'import asyncio',
        'from .util import load_settings, fast',
        'from app import db',
        'from . import load_settings as via_package',
        '',
        'async def handle(path):',
        '    load_settings(path)',
        '    db.query("select 1")',
        '    via_package(path)',
        '    fast(1)',
        '    await asyncio.to_thread(load_settings, path)',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      findings.map((f) => f.range.start.line + 1),
      [7, 8, 9],
    );
    const [first, second] = findings;
    assert.match(first.message, /load_settings → read_text → open/);
    assert.equal(first.related.length, 2);
    assert.equal(first.related[0].file, path.join(root, 'app', 'util.py'));
    assert.equal(first.related[0].range.start.line, 4);
    assert.match(second.message, /db\.query → sqlite3\.connect/);
  });

  it('sees an edit of the imported module on the next analysis', async () => {
    const text = 'from .util import fast\n\nasync def handle():\n    fast(1)\n';
    assert.equal((await lint('app/edit.py', text)).length, 0);
    write('app/util.py', 'import time\n\n\ndef fast(x):\n    time.sleep(x)\n');
    assert.equal((await lint('app/edit.py', text)).length, 1);
  });

  it('a helper that only checks a path is information, like the check itself', async () => {
    write('app/paths.py', 'import os\n\n\ndef has_config(path):\n    return os.path.exists(path)\n');
    const [finding] = await lint('app/check.py', 'from .paths import has_config\n\nasync def handle(path):\n    has_config(path)\n');
    assert.equal(finding.severity, 'information');
    const [overridden] = (await engine({ workspace: new FileSystemWorkspace([root]), severity: { AIO200: 'error' } }))
      .lint('from .paths import has_config\n\nasync def handle(path):\n    has_config(path)\n', { file: path.join(root, 'app', 'check.py') })
      .findings.filter((f) => f.code === 'AIO200');
    assert.equal(overridden.severity, 'error');
  });

  it('stops at modules outside the workspace and at unknown names', async () => {
    const findings = await lint('app/outside.py', 'import json\nfrom .missing import thing\n\nasync def handle():\n    json.loads("{}")\n    thing()\n');
    assert.deepEqual(findings, []);
  });
});

describe('AIO200 resolves imports only inside the workspace', () => {
  let base: string;
  let root: string;

  before(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-aio200-bounds-'));
    root = path.join(base, 'workspace');
    const blocking = (name: string) => `import time\n\n\ndef ${name}():\n    time.sleep(1)\n`;
    writeUnder(root, 'app/__init__.py', '');
    writeUnder(root, 'app/inside.py', blocking('inside_helper'));
    writeUnder(root, 'sibling.py', blocking('above_package_helper'));
    writeUnder(root, 'scripts/tool.py', '');
    writeUnder(base, 'secret.py', blocking('outside_workspace_helper'));
    writeUnder(base, 'elsewhere/real.py', blocking('symlinked_helper'));
    fs.symlinkSync(path.join(base, 'elsewhere', 'real.py'), path.join(root, 'app', 'linked.py'));
  });

  after(() => fs.rmSync(base, { recursive: true, force: true }));

  async function messages(relative: string, text: string): Promise<string[]> {
    const file = path.join(root, relative);
    fs.writeFileSync(file, text);
    const analyzer = await engine({ workspace: new FileSystemWorkspace([root]) });
    const result = analyzer.lint(text, { file });
    result.tree?.delete();
    assert.deepEqual(result.ruleErrors, []);
    return result.findings.filter((f) => f.code === 'AIO200').map((f) => [f.message, ...f.related.map((r) => r.message)].join(' | '));
  }

  it('not above the top-level package (CPython refuses it), nor through a symlink that leaves the workspace', async () => {
    const found = await messages(
      'app/handler.py',
      [
        'from .inside import inside_helper',
        'from ..sibling import above_package_helper',
        'from .linked import symlinked_helper',
        '',
        'async def handle():',
        '    inside_helper()',
        '    above_package_helper()',
        '    symlinked_helper()',
        '',
      ].join('\n'),
    );
    assert.equal(found.length, 1);
    assert.match(found[0], /inside_helper → time\.sleep/);
    assert.doesNotMatch(found.join('\n'), /above_package_helper|symlinked_helper/);
  });

  it('not out of the workspace folder from a folder that is not a package', async () => {
    const found = await messages('scripts/tool.py', 'from ..secret import outside_workspace_helper\n\nasync def main():\n    outside_workspace_helper()\n');
    assert.deepEqual(found, []);
  });
});

describe('AIO100 across workspace files', () => {
  it('flags a coroutine function imported from another module and called without await', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-aio100-'));
    try {
      fs.mkdirSync(path.join(root, 'svc'));
      fs.writeFileSync(path.join(root, 'svc', '__init__.py'), '');
      fs.writeFileSync(path.join(root, 'svc', 'client.py'), 'async def fetch(url):\n    return url\n\n\ndef parse(text):\n    return text\n');
      const text = 'from .client import fetch, parse\nfrom . import client\n\n\nasync def main():\n    fetch("x")\n    parse("y")\n    await fetch("z")\n    client.fetch("w")\n    client.parse("v")\n';
      const file = path.join(root, 'svc', 'main.py');
      fs.writeFileSync(file, text);
      const analyzer = await engine({ workspace: new FileSystemWorkspace([root]) });
      const result = analyzer.lint(text, { file });
      result.tree?.delete();
      assert.deepEqual(
        result.findings.map((f) => `${f.range.start.line + 1}:${f.code}`),
        ['6:AIO100', '9:AIO100'],
      );
      assert.ok(result.findings[0].fixes.some((fix) => fix.edits.some((edit) => edit.newText.includes('await'))));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('AIO200 on a sync context manager', () => {
  it('says the blocking happens as `with` enters or leaves it, offers no thread fix, and names the async remedy', async () => {
    const source = [
      'import contextlib',
      'import shutil',
      'import tempfile',
      '',
      '',
      '@contextlib.contextmanager',
      'def workspace():',
      '    path = tempfile.mkdtemp()',
      '    yield path',
      '    shutil.rmtree(path)',
      '',
      '',
      'async def build():',
      '    with workspace() as path:',
      '        print(path)',
      '',
    ].join('\n');
    const analyzer = await engine();
    const result = analyzer.lint(source);
    result.tree?.delete();
    const [finding] = result.findings.filter((item) => item.code === 'AIO200');
    assert.match(finding.message, /`workspace` blocks the event loop through a sync context manager \(workspace → .+\) as `with` enters or leaves it/);
    assert.match(finding.message, /contextlib\.asynccontextmanager/);
    assert.deepEqual(finding.fixes.filter((fix) => !/noqa/.test(fix.title)), []);
  });
});

describe('a thread lock taken in a coroutine', () => {
  const source = lines(
    'import asyncio',
    'import threading',
    '',
    'port_lock = threading.RLock()',
    '',
    '',
    'def lock_port():',
    '    port_lock.acquire()',
    '',
    '',
    'async def send(data):',
    '    lock_port()',
    '    await asyncio.sleep(0.1)',
    '    port_lock.release()',
    '',
    '',
    'async def receive():',
    '    port_lock.acquire()',
    '    await asyncio.sleep(0.1)',
    '    port_lock.release()',
    '    with port_lock:',
    '        await asyncio.sleep(0.1)',
    '    with port_lock:',
    '        print("in memory")',
    '        open("log.txt").write("x")',
  );

  it('says what a lock shared by tasks does, and offers no thread for a helper that takes it', async () => {
    const helper = await findingOf(source, 'AIO200', '    lock_port()');
    assert.match(helper.message, /^`lock_port` takes a thread lock on the event loop's thread \(lock_port → port_lock\.acquire\)/);
    assert.match(helper.message, /guards nothing between tasks.*an `RLock` lets every task in\)\. Between tasks, use `asyncio\.Lock`\.$/);
    // `to_thread(lock_port)` would make the worker the owner: the release on the loop's thread would raise.
    assert.deepEqual(codeFixes(helper), []);
    const direct = (await lintFindings(source)).find((finding) => finding.code === 'AIO203' && finding.range.start.line === 17);
    assert.match(direct!.message, /^`port_lock\.acquire` takes a thread lock on the event loop's thread: .* use `asyncio\.Lock` instead\.$/);
  });

  it('says `with` holds it across an `await` only when the body awaits', async () => {
    const findings = (await lintFindings(source)).filter((finding) => finding.code === 'AIO203' && finding.message.includes('`with port_lock`'));
    assert.deepEqual(
      findings.map((finding) => [finding.range.start.line, /holds a thread lock across an `await`/.test(finding.message)]),
      [[20, true], [22, false]],
    );
    const chinese = (await lintFindings(source, { locale: 'zh-cn' })).find((finding) => finding.range.start.line === 20);
    assert.match(chinese!.message, /^`with port_lock` 跨越 `await` 持有线程锁/);
  });
});
