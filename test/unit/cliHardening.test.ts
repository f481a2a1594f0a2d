import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toPublicFinding } from '../../src/analysis/index';
import { FileSystemWorkspace } from '../../src/analysis/fileSystemWorkspace';
import { engine, REPO_ROOT } from '../support/engine';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
/** A ceiling for one CLI run on a busy machine; a hang (FIFO, runaway pattern) would pass it. */
const CEILING_MS = 120_000;
const ENV = { ...process.env, LANG: 'C', LC_ALL: '' };

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: ENV, timeout: CEILING_MS });
  assert.equal(result.signal, null, `the CLI was killed (${result.signal}): it hung\n${result.stderr}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function shell(script: string, cwd: string) {
  const result = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', env: { ...ENV, CLI, NODE: process.execPath }, timeout: CEILING_MS });
  assert.equal(result.signal, null, `killed (${result.signal})\n${result.stderr}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SLEEPY = 'import time\n\n\nasync def main():\n    time.sleep(1)\n';

describe('command line: hostile input and failures (issue 14)', function () {
  let dir: string;

  before(function () {
    if (!fs.existsSync(CLI)) this.skip();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-hard-'));
  });
  afterEach(() => {
    if (!dir) return;
    spawnSync('chmod', ['-R', 'u+rwx', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('--fix writes atomically', () => {
    it('leaves the file byte-identical and exits 2 when the write fails (ulimit -f: EFBIG)', () => {
      const original = `import time\n\n\nasync def main():\n${'    time.sleep(42)\n'.repeat(600)}`;
      fs.writeFileSync(path.join(dir, 'big.py'), original);
      // 14 KiB: the original (11 KiB) fits, the fixed file (17 KiB) does not.
      const result = shell('ulimit -f 14; "$NODE" "$CLI" check --fix big.py', dir);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /big\.py: not rewritten, the file is unchanged: EFBIG/);
      assert.equal(fs.readFileSync(path.join(dir, 'big.py'), 'utf8'), original);
      assert.deepEqual(fs.readdirSync(dir), ['big.py'], 'no temporary file is left behind');
    });

    it('respects a read-only file even as root', () => {
      const file = path.join(dir, 'ro.py');
      fs.writeFileSync(file, SLEEPY);
      fs.chmodSync(file, 0o444);
      const result = run(['check', '--fix', 'ro.py'], dir);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /ro\.py: not rewritten, the file is unchanged: the file is read-only \(mode 444\)/);
      assert.equal(fs.readFileSync(file, 'utf8'), SLEEPY);
    });

    it('rewrites the target of a symbolic link, keeping the link, the mode and a CR-only ending', () => {
      fs.mkdirSync(path.join(dir, 'real'));
      const target = path.join(dir, 'real', 'app.py');
      fs.writeFileSync(target, SLEEPY.replace(/\n/g, '\r'));
      fs.chmodSync(target, 0o640);
      fs.symlinkSync(target, path.join(dir, 'link.py'));
      const result = run(['check', '--fix', 'link.py'], dir);
      assert.equal(result.status, 0, result.stderr);
      assert.ok(fs.lstatSync(path.join(dir, 'link.py')).isSymbolicLink());
      assert.equal(fs.statSync(target).mode & 0o777, 0o640);
      assert.equal(fs.readFileSync(target, 'utf8'), 'import asyncio\rimport time\r\r\rasync def main():\r    await asyncio.sleep(1)\r');
      assert.deepEqual(fs.readdirSync(path.join(dir, 'real')), ['app.py']);
    });
  });

  describe('hostile files and trees', () => {
    it('does not wait on a FIFO, given directly or found as x.py in a folder', function () {
      if (spawnSync('mkfifo', [path.join(dir, 'x.py')]).status !== 0) this.skip();
      fs.writeFileSync(path.join(dir, 'app.py'), SLEEPY);
      const direct = run(['check', 'x.py'], dir);
      assert.equal(direct.status, 2);
      assert.match(direct.stderr, /cannot check .*x\.py: not a regular file/);
      const folder = run(['check', '--format', 'json', '.'], dir);
      assert.equal(folder.status, 1, folder.stderr);
      assert.match(folder.stderr, /skipped .*x\.py: not a regular file/);
      assert.deepEqual(JSON.parse(folder.stdout).map((f: { file: string }) => path.basename(f.file)), ['app.py']);
    });

    it('never reads a *.py link to /dev/zero', () => {
      fs.symlinkSync('/dev/zero', path.join(dir, 'zero.py'));
      fs.writeFileSync(path.join(dir, 'app.py'), SLEEPY);
      const result = run(['check', '.'], dir);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /skipped .*zero\.py: not a regular file/);
    });

    it('enters each folder once through symbolic links (to itself, to each other) and reports each file once', () => {
      fs.mkdirSync(path.join(dir, 'a'));
      fs.mkdirSync(path.join(dir, 'b'));
      fs.writeFileSync(path.join(dir, 'a', 'app.py'), SLEEPY);
      fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'a', 'self'));
      fs.symlinkSync(path.join(dir, 'b'), path.join(dir, 'a', 'to_b'));
      fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'b', 'to_a'));
      fs.symlinkSync(path.join(dir, 'a', 'app.py'), path.join(dir, 'b', 'same.py'));
      const result = run(['check', '--format', 'json', '.', 'a/app.py', './a/app.py'], dir);
      assert.equal(result.status, 1, result.stderr);
      assert.equal(JSON.parse(result.stdout).length, 1);
    });

    it('says so and exits 2 for a file name that is not UTF-8', () => {
      fs.writeFileSync(Buffer.concat([Buffer.from(dir + '/'), Buffer.from([0x66, 0xff, 0x2e, 0x70, 0x79])]), SLEEPY);
      fs.writeFileSync(path.join(dir, 'app.py'), SLEEPY);
      const result = run(['check', '--format', 'json', '.'], dir);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /the file name is not valid UTF-8/);
      assert.equal(JSON.parse(result.stdout).length, 1, 'the other files are still checked');
    });

    it('says so and exits 2 for a folder it cannot read (run as an unprivileged user)', function () {
      const unprivileged = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
      if (unprivileged.length > 0 && spawnSync('setpriv', ['--version']).status !== 0) this.skip();
      fs.chmodSync(dir, 0o755);
      fs.mkdirSync(path.join(dir, 'locked'));
      fs.writeFileSync(path.join(dir, 'locked', 'app.py'), SLEEPY);
      fs.chmodSync(path.join(dir, 'locked'), 0o000);
      const result = spawnSync(unprivileged[0] ?? process.execPath, [...unprivileged.slice(1), ...(unprivileged.length ? [process.execPath] : []), CLI, 'check', '.'], {
        cwd: dir,
        encoding: 'utf8',
        env: ENV,
        timeout: CEILING_MS,
      });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /cannot read folder .*locked: permission denied/);
    });
  });

  describe('output and options', () => {
    it('ends quietly when the reader goes away (| head) and says one line on a full device', () => {
      for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(dir, `m${i}.py`), SLEEPY);
      const piped = shell('"$NODE" "$CLI" check --jobs 1 --format json . | head -c 20 >/dev/null; echo "status ${PIPESTATUS[0]}" >&2', dir);
      assert.doesNotMatch(piped.stderr, /Error|at /);
      assert.match(piped.stderr, /status 1/);
      if (!fs.existsSync('/dev/full')) return;
      const full = shell('"$NODE" "$CLI" check --jobs 1 --format json . >/dev/full', dir);
      assert.equal(full.status, 2);
      assert.equal(full.stderr.trim().split('\n').filter((line) => line.startsWith('python-async-guide')).length, 1, full.stderr);
      assert.match(full.stderr, /cannot write the output: no space left on the device/);
      assert.doesNotMatch(full.stderr, /\n\s+at /);
    });

    it('rejects unknown codes and bad values with one line naming the option', () => {
      fs.writeFileSync(path.join(dir, 'app.py'), SLEEPY);
      const cases: Array<[string[], RegExp]> = [
        [['--select', 'BOGUS999'], /--select: unknown code "BOGUS999"/],
        [['--severity', 'BOGUS=off'], /--severity "BOGUS=off": unknown code "BOGUS"/],
        [['--severity', 'ASYNC251=loud'], /--severity "ASYNC251=loud": expected CODE=/],
        [['--jobs', '0'], /--jobs: expected a whole number/],
      ];
      for (const [flags, message] of cases) {
        const result = run(['check', ...flags, 'app.py'], dir);
        assert.equal(result.status, 2, flags.join(' '));
        assert.match(result.stderr, message);
      }
      const settings = (body: string) => {
        fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
        fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), body);
        return run(['check', 'app.py'], dir);
      };
      const loud = settings('{ "pythonAsyncGuide.severity": { "ASYNC251": "loud" } }');
      assert.equal(loud.status, 2);
      assert.match(loud.stderr, /settings\.json: pythonAsyncGuide\.severity: ASYNC251 must be one of error, warning, information, hint, off, got "loud"\./);
      const exclude = settings('{ "pythonAsyncGuide.exclude": 5 }');
      assert.equal(exclude.status, 2);
      assert.match(exclude.stderr, /pythonAsyncGuide\.exclude: expected a list of strings, got number\./);
      assert.doesNotMatch(exclude.stderr, /TypeError/);
    });

    it('matches a backtracking-prone pattern from repository settings in linear time', () => {
      const name = 'a'.repeat(60);
      fs.writeFileSync(path.join(dir, 'app.py'), `import lib\n\n\nasync def main():\n    lib.${name}()\n    lib.${name}c()\n`);
      fs.mkdirSync(path.join(dir, '.vscode'));
      fs.writeFileSync(
        path.join(dir, '.vscode', 'settings.json'),
        JSON.stringify({ 'pythonAsyncGuide.extraBlockingCalls': ['*a*a*a*a*a*a*a*a*a*a*a*a*c -> x'], 'pythonAsyncGuide.exclude': ['*a*a*a*a*a*a*a*a*a*a*a*a*c'] }),
      );
      const result = run(['check', '--format', 'json', 'app.py'], dir);
      assert.equal(result.status, 1, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout).map((f: { line: number; code: string }) => `${f.line} ${f.code}`), ['6 ASYNC200']);
    });

    it('caps a time budget from repository settings at 60 s; --time-budget may raise it', () => {
      fs.writeFileSync(path.join(dir, 'app.py'), SLEEPY);
      fs.mkdirSync(path.join(dir, '.vscode'));
      fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'pythonAsyncGuide.timeBudgetMs': 86_400_000 }));
      const capped = run(['check', '--format', 'json', 'app.py'], dir);
      assert.equal(capped.status, 1, capped.stderr);
      assert.match(capped.stderr, /settings\.json: timeBudgetMs 86400000 capped at 60000 ms/);
      assert.equal(JSON.parse(capped.stdout).length, 1);
      const raised = run(['check', '--format', 'json', '--time-budget', '86400000', 'app.py'], dir);
      assert.equal(raised.status, 1, raised.stderr);
      assert.doesNotMatch(raised.stderr, /capped/);
      fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'pythonAsyncGuide.timeBudgetMs': 60_000 }));
      assert.doesNotMatch(run(['check', 'app.py'], dir).stderr, /capped/);
    });
  });

  describe('--jobs', () => {
    it('gives the same output with worker threads as with one thread (two: a read-ahead; three: three checking), AIO200 across files included', () => {
      fs.mkdirSync(path.join(dir, 'pkg'));
      fs.writeFileSync(path.join(dir, 'pkg', '__init__.py'), '');
      fs.writeFileSync(path.join(dir, 'pkg', 'util.py'), 'import time\n\n\ndef pause():\n    time.sleep(1)\n');
      for (let i = 0; i < 30; i++) {
        fs.writeFileSync(path.join(dir, 'pkg', `m${String(i).padStart(2, '0')}.py`), `from .util import pause\nimport time\n\n\nasync def f${i}():\n    pause()\n    time.sleep(${i})\n`);
      }
      const one = run(['check', '--jobs', '1', '--format', 'json', 'pkg'], dir);
      const two = run(['check', '--jobs', '2', '--format', 'json', 'pkg'], dir);
      const three = run(['check', '--jobs', '3', '--format', 'json', 'pkg'], dir);
      assert.equal(one.status, 1, one.stderr);
      for (const threads of [two, three]) {
        assert.equal(threads.stdout, one.stdout);
        assert.equal(threads.status, one.status);
        assert.equal(threads.stderr, one.stderr);
      }
      const codes = JSON.parse(one.stdout).map((f: { code: string }) => f.code);
      assert.equal(codes.filter((code: string) => code === 'AIO200').length, 30);
      assert.equal(codes.filter((code: string) => code === 'ASYNC251').length, 30);
    });

    it('finds what the library finds, file by file, on one thread and on two, imports across folders and packages included', async () => {
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      };
      const helper = 'import time\n\n\ndef pause():\n    time.sleep(1)\n\n\nasync def fetch():\n    pass\n';
      for (const pkg of ['alpha', 'beta']) {
        write(`${pkg}/__init__.py`, '');
        write(`${pkg}/util.py`, helper);
        write(`${pkg}/sub/__init__.py`, 'from ..util import pause\n');
        write(`${pkg}/sub/deep/__init__.py`, '');
      }
      // The same import names, from files of one folder and of others: each must land where Python would take it.
      const importers = [
        'from .util import pause, fetch\nfrom beta.util import fetch as other\n',
        'from . import util\nimport beta.sub\n',
        'from .. import util\nfrom ...alpha.util import pause\n',
        'from util import pause\nfrom missing.module import fetch\nimport asyncio.subprocess\n',
      ];
      const folders = ['alpha', 'alpha/sub', 'alpha/sub/deep', 'beta', 'beta/sub/deep', 'loose'];
      folders.forEach((folder, f) =>
        importers.forEach((imports, i) => write(`${folder}/m${i}.py`, `${imports}\n\nasync def main${f}():\n    pause()\n    fetch()\n    util.pause()\n    other()\n`)),
      );
      write('loose/util.py', helper);
      const one = run(['check', '--jobs', '1', '--format', 'json', '.'], dir);
      const two = run(['check', '--jobs', '2', '--format', 'json', '.'], dir);
      const three = run(['check', '--jobs', '3', '--format', 'json', '.'], dir);
      assert.equal(two.stdout, one.stdout);
      assert.equal(three.stdout, one.stdout);
      const cli = (JSON.parse(one.stdout) as Array<Record<string, unknown>>).map(({ url: _url, fixable: _fixable, ...finding }) => finding);
      const analyzer = await engine({ workspace: new FileSystemWorkspace([dir]) });
      const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((file) => file.endsWith('.py')).map((file) => path.join(dir, file));
      const library = files.flatMap((file) => analyzer.lint(fs.readFileSync(file, 'utf8'), { file }).findings.map((finding) => toPublicFinding(finding, file)));
      const sorted = (findings: object[]) => findings.map((finding) => JSON.stringify(finding)).sort();
      assert.deepEqual(sorted(cli), sorted(library.map(({ guideSection: _section, ...finding }) => finding)));
      for (const code of ['AIO100', 'AIO200']) assert.ok(cli.some((finding) => finding.code === code), `${code} across files`);
      assert.ok(new Set(cli.map((finding) => finding.file)).size >= 10, 'files of every folder have findings');
    });
  });
});
