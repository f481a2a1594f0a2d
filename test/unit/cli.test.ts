import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/engine';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], cwd: string, lang = 'C') {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: lang, LC_ALL: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('command line (dist/cli.js)', () => {
  let dir: string;

  before(function () {
    if (!fs.existsSync(CLI)) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-cli-'));
    fs.mkdirSync(path.join(dir, 'pkg', 'tests'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'pkg', 'app.py'), 'import time\n\n\nasync def main():\n    time.sleep(1)\n');
    fs.writeFileSync(path.join(dir, 'pkg', 'clean.py'), 'import asyncio\n\n\nasync def main():\n    await asyncio.sleep(1)\n');
    fs.writeFileSync(path.join(dir, 'pkg', 'tests', 'test_app.py'), 'import time\n\n\nasync def test():\n    time.sleep(1)\n');
    fs.writeFileSync(path.join(dir, 'pkg', 'data.py'), Buffer.from([0x69, 0x00, 0x01, 0x02]));
    fs.writeFileSync(path.join(dir, 'pkg', 'utf16.py'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('import time\nasync def f():\n    time.sleep(1)\n', 'utf16le')]));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not python');
  });

  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('prints JSON findings with 1-based positions and exits 1', () => {
    const result = run(['check', '--format', 'json', 'pkg/app.py'], dir);
    assert.equal(result.status, 1, result.stderr);
    const findings = JSON.parse(result.stdout);
    assert.deepEqual(findings, [
      {
        file: path.join(dir, 'pkg', 'app.py'),
        line: 5,
        column: 5,
        endLine: 5,
        endColumn: 15,
        code: 'ASYNC251',
        severity: 'warning',
        message: 'Blocking sleep `time.sleep` in async function: use `await asyncio.sleep(...)` instead.',
        url: 'https://python-async-guide.github.io/python-async-guide/rules/ASYNC251.html',
        fixable: true,
      },
    ]);
  });

  it('resolves the absolute imports of a folder checked from outside it from that folder', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-project-'));
    try {
      fs.mkdirSync(path.join(project, 'game'));
      fs.writeFileSync(path.join(project, 'game', 'store.py'), 'import time\n\n\ndef save():\n    time.sleep(1)\n');
      fs.writeFileSync(path.join(project, 'game', 'room.py'), 'import asyncio\n\nfrom game.store import save\n\n\nasync def tick():\n    save()\n    await asyncio.sleep(1)\n\n\nasync def main():\n    await asyncio.gather(tick(), tick())\n');
      const result = run(['check', '--format', 'json', project], dir);
      assert.equal(result.status, 1, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout).map((finding: { code: string; line: number }) => `${finding.code}:${finding.line}`), ['AIO200:7']);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it('exits 0 on clean files', () => {
    const result = run(['check', 'pkg/clean.py'], dir);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
  });

  it('recurses into folders, honours excludes, skips binary files, reads UTF-16', () => {
    const result = run(['check', '--format', 'json', '--exclude', 'pkg/tests/**', 'pkg'], dir);
    assert.equal(result.status, 1);
    const files = JSON.parse(result.stdout).map((f: { file: string }) => path.basename(f.file));
    assert.deepEqual(files.sort(), ['app.py', 'utf16.py']);
    assert.match(result.stderr, /skipped .*data\.py: binary content/);
    // What a file's check says on stderr follows --locale, in the worker threads too.
    const chinese = run(['check', '--locale', 'zh-cn', '--jobs', '2', '--exclude', 'pkg/tests/**', 'pkg'], dir);
    assert.match(chinese.stderr, /已跳过 .*data\.py：二进制内容/);
  });

  it('reads pythonAsyncGuide settings from .vscode/settings.json (severity, exclude)', () => {
    fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, '.vscode', 'settings.json'),
      '{\n  // comments are allowed\n  "pythonAsyncGuide.severity": {"ASYNC251": "error"},\n  "pythonAsyncGuide.exclude": ["**/tests/**", "**/utf16.py"],\n}\n',
    );
    try {
      const result = run(['check', '--format', 'json', 'pkg'], dir);
      const findings = JSON.parse(result.stdout);
      assert.deepEqual(findings.map((f: { severity: string }) => f.severity), ['error']);
      const off = run(['check', '--severity', 'ASYNC251=off', 'pkg'], dir);
      assert.equal(off.status, 0, off.stdout);
    } finally {
      fs.rmSync(path.join(dir, '.vscode'), { recursive: true, force: true });
    }
  });

  it('writes SARIF 2.1.0 with rule metadata', () => {
    const result = run(['check', '--format', 'sarif', 'pkg/app.py'], dir);
    const log = JSON.parse(result.stdout);
    assert.equal(log.version, '2.1.0');
    const [runLog] = log.runs;
    assert.ok(runLog.tool.driver.rules.some((rule: { id: string }) => rule.id === 'ASYNC251'));
    assert.equal(runLog.results[0].ruleId, 'ASYNC251');
    assert.equal(runLog.results[0].locations[0].physicalLocation.region.startLine, 5);
  });

  it('speaks Chinese with --locale zh-cn', () => {
    const result = run(['check', '--locale', 'zh-cn', 'pkg/app.py'], dir);
    assert.match(result.stdout, /异步函数中的阻塞休眠 `time\.sleep`/);
    assert.equal(result.stderr, '1 个文件中共 1 个问题；其中 1 个可用 --fix 修复（--diff 显示修改内容）\n', 'the summary too');
    assert.equal(run(['check', 'pkg/app.py', 'pkg/clean.py'], dir).stderr, '1 finding in 2 files; 1 fixable with --fix (--diff shows how)\n');
    assert.equal(run(['check', '--select', 'AIO', 'pkg/app.py'], dir).stderr, '0 findings in 1 file\n', 'no fixable part without fixable findings');
  });

  it('exits 2 on bad usage and on unreadable paths, still checking the others', () => {
    assert.equal(run(['lint', 'pkg'], dir).status, 2);
    assert.equal(run(['check', '--format', 'xml', 'pkg'], dir).status, 2);
    const missing = run(['check', '--format', 'json', 'pkg/app.py', 'nope.py'], dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read .*nope\.py/);
    assert.equal(JSON.parse(missing.stdout).length, 1);
  });

  it('says usage errors, help, file-walk notes and code titles in Chinese too', () => {
    const usage = run(['--locale', 'zh-cn', 'check'], dir);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /^python-async-guide: 未给出 PATH。\n\n用法：python-async-guide check/);
    const help = run(['--help'], dir, 'zh_CN.UTF-8');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^用法：python-async-guide check \[选项\] PATH/, 'the locale from LANG, as for findings');
    assert.match(run(['--help', '--locale=en'], dir, 'zh_CN.UTF-8').stdout, /^Usage: python-async-guide check/);
    fs.mkdirSync(path.join(dir, 'walk'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'walk', 'zero.py'));
    const walk = run(['check', '--locale', 'zh-cn', 'walk'], dir);
    assert.equal(walk.status, 0, walk.stderr);
    assert.match(walk.stderr, /已跳过 .*zero\.py：不是普通文件/);
    const title = (locale: string) => run(['--list-codes', '--locale', locale], dir).stdout.split('\n').find((line) => line.startsWith('ASYNC251\t'));
    assert.match(title('zh-cn') ?? '', /^ASYNC251\t\w+\t.*[\u4e00-\u9fff]/);
    assert.notEqual(title('zh-cn'), title('en'));
  });

  it("rule prints a code's guide page (as `ruff rule`), in the CLI's language, as text or JSON", () => {
    const text = run(['rule', 'async251'], dir);
    assert.equal(text.status, 0, text.stderr);
    const lines = text.stdout.split('\n');
    assert.match(lines[0], /^# ASYNC251 — time\.sleep/);
    assert.match(lines[2], /^Default severity: warning\. On the web: https:\/\/\S+\/rules\/ASYNC251\.html$/);
    assert.ok(!/```python \w/.test(text.stdout), 'the guide\'s sample flags (run, bad) are not shown');
    assert.match(text.stdout, /```python\n# Mistake, shown on purpose\n/);
    assert.doesNotMatch(text.stdout, /\]\(#/, 'links to other sections lead to the web site');
    const chinese = run(['rule', 'ASYNC251', '--locale', 'zh-cn', '--format', 'json'], dir);
    const page = JSON.parse(chinese.stdout) as { code: string; title: string; defaultSeverity: string; url: string; explanation: string };
    assert.deepEqual([page.code, page.defaultSeverity], ['ASYNC251', 'warning']);
    assert.match(page.url, /\/zh-cn\/rules\/ASYNC251\.html$/);
    assert.match(page.title + page.explanation, /[\u4e00-\u9fff]/);
    // SonarLint's S7497 is our ASYNC103 and ASYNC104.
    const sonar = JSON.parse(run(['rule', 'S7497', '--format', 'json'], dir).stdout) as Array<{ code: string }>;
    assert.deepEqual(sonar.map((rule) => rule.code), ['ASYNC103', 'ASYNC104']);
    const all = JSON.parse(run(['rule', '--all', '--format', 'json'], dir).stdout) as Array<{ code: string; explanation: string }>;
    const codes = run(['--list-codes'], dir).stdout.trim().split('\n').map((line) => line.split('\t')[0]);
    assert.deepEqual(all.map((rule) => rule.code), codes);
    assert.ok(all.every((rule) => rule.explanation.startsWith(`# ${rule.code} `)), 'every code has its page');
    const mistakes = [
      ['rule'],
      ['rule', 'NOPE1'],
      ['rule', 'ASYNC251', '--all'],
      ['rule', 'ASYNC251', '--format', 'sarif'],
      ['rule', 'ASYNC251', '--format', 'json', '--output-format', 'text'],
      ['rule', 'ASYNC251', '--locale', 'de'],
    ];
    for (const args of mistakes) {
      const refused = run(args, dir);
      assert.equal(refused.status, 2, args.join(' '));
      assert.match(refused.stderr, /^python-async-guide: (rule|Unknown format|--format and --output-format disagree|--locale: unknown language)/, refused.stderr);
    }
    assert.equal(run(['rule', '--help'], dir).status, 0);
  });
});
