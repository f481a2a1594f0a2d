import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/engine';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SLEEPY = 'import time\n\n\nasync def main():\n    time.sleep(1)\n    open("x")\n';

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function codesByFile(stdout: string): Record<string, string[]> {
  const byFile: Record<string, string[]> = {};
  for (const finding of JSON.parse(stdout) as Array<{ file: string; code: string }>) (byFile[path.basename(finding.file)] ??= []).push(finding.code);
  return byFile;
}

describe('command line with a project configuration', () => {
  let dir: string;

  beforeEach(function () {
    if (!fs.existsSync(CLI)) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-cli-config-'));
    fs.mkdirSync(path.join(dir, 'tests'));
    fs.mkdirSync(path.join(dir, 'build'));
    fs.writeFileSync(path.join(dir, 'app.py'), SLEEPY);
    fs.writeFileSync(path.join(dir, 'tests', 'test_app.py'), SLEEPY);
    fs.writeFileSync(path.join(dir, 'build', 'gen.py'), SLEEPY);
  });

  afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('applies [tool.python-async-guide] and Ruff per-file-ignores', () => {
    fs.writeFileSync(
      path.join(dir, 'pyproject.toml'),
      '[tool.python-async-guide]\nexclude = ["build"]\nseverity = { ASYNC230 = "error" }\n\n[tool.ruff.lint.per-file-ignores]\n"tests/*" = ["ASYNC251"]\n',
    );
    const result = run(['check', '--format', 'json', '.'], dir);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(codesByFile(result.stdout), { 'app.py': ['ASYNC251', 'ASYNC230'], 'test_app.py': ['ASYNC230'] });
    assert.equal(JSON.parse(result.stdout)[1].severity, 'error');
  });

  it('--show-files and --show-settings say what a run would check and with which settings, checking nothing', () => {
    fs.writeFileSync(
      path.join(dir, 'pyproject.toml'),
      '[tool.python-async-guide]\nexclude = ["build"]\nseverity = { ASYNC230 = "error" }\n\n[tool.ruff.lint.per-file-ignores]\n"tests/*" = ["ASYNC251"]\n',
    );
    fs.mkdirSync(path.join(dir, '.vscode'));
    fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), '{ "pythonAsyncGuide.severity": { "AIO1": "hint" } }');
    const files = run(['check', '--show-files', '.'], dir);
    assert.equal(files.status, 0, files.stderr);
    assert.deepEqual(files.stdout.trim().split('\n'), ['app.py', path.join('tests', 'test_app.py')], 'build/ is excluded');
    assert.deepEqual(JSON.parse(run(['check', '--show-files', '--format', 'json', 'build/gen.py'], dir).stdout), [path.join('build', 'gen.py')], 'named, so checked');

    type Shown = { file: string; configFiles: string[]; settingsFile: string; excluded: boolean; codes: Array<{ code: string; severity: string; isDefault: boolean; selected: boolean }> };
    const shown = JSON.parse(run(['check', '--show-settings', '--format', 'json', '--select', 'ASYNC2', 'tests/test_app.py'], dir).stdout) as Shown;
    const code = (name: string) => shown.codes.find((entry) => entry.code === name);
    assert.deepEqual([shown.file, shown.configFiles, shown.settingsFile, shown.excluded], [path.join('tests', 'test_app.py'), ['pyproject.toml'], path.join('.vscode', 'settings.json'), false]);
    assert.deepEqual(code('ASYNC230'), { code: 'ASYNC230', severity: 'error', isDefault: false, selected: true });
    assert.deepEqual(code('ASYNC251'), { code: 'ASYNC251', severity: 'off', isDefault: false, selected: true }, "Ruff's per-file-ignores");
    assert.deepEqual(code('AIO100'), { code: 'AIO100', severity: 'hint', isDefault: false, selected: false }, 'the settings file; not in --select');
    const text = run(['check', '--show-settings', 'build/gen.py', '--locale', 'zh-cn'], dir);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^build\/gen\.py 的设置\n {2}项目配置：pyproject\.toml\n/);
    assert.match(text.stdout, /被项目配置排除/);
    assert.match(text.stdout, /\n {4}ASYNC230 {2}error \*\n/);
    assert.equal(run(['check', '--show-settings', '--fix', '.'], dir).status, 2);
    assert.equal(fs.readFileSync(path.join(dir, 'app.py'), 'utf8'), SLEEPY);
  });

  it('a configuration mistake is an error line with file, line and key; the rest applies; exit 2', () => {
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.python-async-guide]\nignore = ["ASYNC230"]\nselct = ["AIO"]\n');
    const result = run(['check', '--format', 'json', 'app.py'], dir);
    assert.equal(result.status, 2);
    assert.deepEqual(codesByFile(result.stdout), { 'app.py': ['ASYNC251'] });
    assert.match(result.stderr, /python-async-guide: error: pyproject\.toml:3:1: Unknown key `selct`\./);
  });

  it("flake8-async's async200-blocking-calls from tox.ini; flags win over the project", () => {
    fs.writeFileSync(path.join(dir, 'tox.ini'), '[flake8]\nasync200-blocking-calls = mylib.fetch -> mylib.afetch\n');
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.python-async-guide]\nignore = ["ASYNC251"]\n');
    fs.writeFileSync(path.join(dir, 'lib.py'), 'import mylib\n\nasync def f():\n    mylib.fetch()\n');
    assert.deepEqual(codesByFile(run(['check', '--format', 'json', 'lib.py'], dir).stdout), { 'lib.py': ['ASYNC200'] });
    assert.deepEqual(codesByFile(run(['check', '--format', 'json', '--severity', 'ASYNC251=warning', 'app.py'], dir).stdout), { 'app.py': ['ASYNC251', 'ASYNC230'] });
  });
});

describe('command line on Jupyter notebooks', () => {
  const NOTEBOOK = path.join(REPO_ROOT, 'test', 'fixtures', 'notebooks', 'rates.ipynb');

  it('lints the Python cells as one program and names the cell', function () {
    if (!fs.existsSync(CLI)) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-cli-nb-'));
    try {
      fs.copyFileSync(NOTEBOOK, path.join(dir, 'rates.ipynb'));
      fs.mkdirSync(path.join(dir, '.ipynb_checkpoints'));
      fs.copyFileSync(NOTEBOOK, path.join(dir, '.ipynb_checkpoints', 'rates-checkpoint.ipynb'));
      fs.writeFileSync(path.join(dir, 'broken.ipynb'), '{"cells": ');
      const json = run(['check', '--format', 'json', '.'], dir);
      assert.equal(json.status, 1, json.stderr);
      const found = (JSON.parse(json.stdout) as Array<{ file: string; cell: number; line: number; code: string }>).map((f) => `${path.basename(f.file)}:${f.cell}:${f.line} ${f.code}`);
      assert.deepEqual(found, ['rates.ipynb:3:5 ASYNC251', 'rates.ipynb:6:1 AIO111', 'rates.ipynb:8:5 ASYNC210']);
      assert.match(json.stderr, /skipped .*broken\.ipynb: not a Jupyter notebook/);
      const text = run(['check', 'rates.ipynb'], dir);
      assert.match(text.stdout, /^rates\.ipynb:cell 6:1:1: AIO111 \[error\] /m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
