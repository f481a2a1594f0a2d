import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { setLocale } from '../../src/analysis/l10n';
import { configForFile, createConfigLoader, optionsForFile, type ConfigFiles } from '../../src/projectConfig';
import { readIniSection } from '../../src/projectConfig/ini';
import { keyPositions } from '../../src/projectConfig/toml';
import { engine } from '../support/engine';

const ROOT = path.resolve('/project');

function memoryFiles(files: Record<string, string>): ConfigFiles {
  const byPath = new Map(Object.entries(files).map(([name, text]) => [path.join(ROOT, name), text]));
  return { readFile: (file) => byPath.get(file) };
}

function loaderWith(files: Record<string, string>) {
  return createConfigLoader(memoryFiles(files));
}

function problemsOf(loader: ReturnType<typeof loaderWith>) {
  return [...loader.problems().values()].flat().map((problem) => ({ file: path.basename(problem.file), line: problem.line + 1, key: problem.key, message: problem.message }));
}

const SLEEPY = 'import time\n\nasync def main():\n    time.sleep(1)\n';

describe('project configuration', () => {
  before(() => setLocale('en'));

  it('reads [tool.python-async-guide] from the nearest pyproject.toml', () => {
    const loader = loaderWith({
      'pyproject.toml': '[project]\nname = "x"\n\n[tool.python-async-guide]\nignore = ["ASYNC251"]\nseverity = { AIO203 = "error" }\n',
      'sub/pyproject.toml': '[tool.python-async-guide]\nselect = ["ASYNC109"]\n',
    });
    const top = configForFile(loader, path.join(ROOT, 'app.py'));
    assert.equal(top.severity.ASYNC251, 'off');
    assert.equal(top.severity.AIO203, 'error');
    assert.equal(top.severity.ASYNC210, undefined, 'untouched codes keep their defaults');
    const nested = configForFile(loader, path.join(ROOT, 'sub', 'deep', 'mod.py'));
    assert.equal(nested.severity.ASYNC109, 'warning', 'selecting a default-off code turns it on');
    assert.equal(nested.severity.ASYNC251, 'off', 'select replaces the default set');
    assert.deepEqual(nested.sources, [path.join(ROOT, 'sub', 'pyproject.toml')]);
    assert.deepEqual(problemsOf(loader), []);
  });

  it('the most specific selector wins, ignore on a tie; extend-select adds to the defaults', () => {
    const loader = loaderWith({ 'pyproject.toml': '[tool.python-async-guide]\nignore = ["ASYNC2"]\nextend-select = ["ASYNC251", "ASYNC124"]\n' });
    const config = configForFile(loader, path.join(ROOT, 'a.py'));
    assert.equal(config.severity.ASYNC230, 'off');
    assert.equal(config.severity.ASYNC251, undefined, 'ASYNC251 is more specific than ASYNC2: on, at its default');
    assert.equal(config.severity.ASYNC124, 'warning');
    assert.equal(config.severity.AIO100, undefined);
  });

  it('per-file-ignores: globs relative to the config folder, file names anywhere, folders cover what is below', () => {
    const loader = loaderWith({
      'pyproject.toml': '[tool.python-async-guide.per-file-ignores]\n"tests/*" = ["ASYNC251"]\n"__init__.py" = ["AIO"]\n"scripts" = ["ASYNC2"]\n',
    });
    assert.equal(configForFile(loader, path.join(ROOT, 'tests', 'unit', 'test_a.py')).severity.ASYNC251, 'off');
    assert.equal(configForFile(loader, path.join(ROOT, 'src', 'a.py')).severity.ASYNC251, undefined);
    assert.equal(configForFile(loader, path.join(ROOT, 'src', 'pkg', '__init__.py')).severity.AIO200, 'off');
    assert.equal(configForFile(loader, path.join(ROOT, 'scripts', 'run.py')).severity.ASYNC230, 'off');
  });

  it('exclude, extra-blocking-calls, thread-offload-decorators, deferring-decorators and target-version reach the options', async () => {
    const loader = loaderWith({
      'python-async-guide.toml': 'exclude = ["build", "gen_*.py"]\nextra-blocking-calls = ["mylib.fetch -> mylib.afetch"]\nthread-offload-decorators = ["offload"]\ndeferring-decorators = ["lazy"]\ntarget-version = "py311"\n',
    });
    assert.equal(configForFile(loader, path.join(ROOT, 'build', 'lib', 'x.py')).excluded, true);
    assert.equal(configForFile(loader, path.join(ROOT, 'pkg', 'gen_api.py')).excluded, true);
    assert.equal(configForFile(loader, path.join(ROOT, 'pkg', 'api.py')).excluded, false);
    const { options } = optionsForFile(loader, path.join(ROOT, 'pkg', 'api.py'), { extraBlockingCalls: ['other.slow -> other.fast'] }, 'en');
    assert.deepEqual(options.extraBlockingCalls, ['mylib.fetch -> mylib.afetch', 'other.slow -> other.fast']);
    assert.deepEqual(options.threadOffloadDecorators, ['offload']);
    assert.deepEqual(options.deferringDecorators, ['lazy']);
    assert.equal(options.targetVersion, 'py311');
    const analyzer = await engine(options);
    const codes = analyzer.lint('import mylib\n\nasync def f():\n    mylib.fetch()\n').findings.map((f) => f.code);
    analyzer.lint('').tree?.delete();
    assert.deepEqual(codes, ['ASYNC200']);
  });

  it('VS Code settings win over the project; per-file ignores win over both', async () => {
    const loader = loaderWith({ 'pyproject.toml': '[tool.python-async-guide]\nignore = ["ASYNC251"]\n[tool.python-async-guide.per-file-ignores]\n"tests/**" = ["ASYNC251"]\n' });
    const settings = { severity: { ASYNC25: 'error' as const } };
    const app = optionsForFile(loader, path.join(ROOT, 'app.py'), settings, 'en').options;
    assert.equal(app.severity?.ASYNC251, 'error');
    const analyzer = await engine(app);
    assert.deepEqual(analyzer.lint(SLEEPY).findings.map((f) => [f.code, f.severity]), [['ASYNC251', 'error']]);
    const test = optionsForFile(loader, path.join(ROOT, 'tests', 'test_app.py'), settings, 'en').options;
    assert.equal(test.severity?.ASYNC251, 'off');
  });

  it('unknown keys and bad values name the file, the key and the line; the rest still applies', () => {
    const loader = loaderWith({
      'pyproject.toml': [
        '[project]',
        'name = "x"',
        '',
        '[tool.python-async-guide]',
        'ignore = ["ASYNC251", "NOPE1"]',
        'selct = ["AIO"]',
        'severity = { AIO203 = "loud", AIO100 = "error" }',
        'exclude = "build"',
        'target-version = "3.11"',
        '',
      ].join('\n'),
    });
    const config = configForFile(loader, path.join(ROOT, 'a.py'));
    assert.equal(config.severity.ASYNC251, 'off');
    assert.equal(config.severity.AIO100, 'error');
    assert.deepEqual(problemsOf(loader), [
      { file: 'pyproject.toml', line: 5, key: 'tool.python-async-guide.ignore', message: '`ignore`: unknown code or prefix "NOPE1".' },
      { file: 'pyproject.toml', line: 6, key: 'tool.python-async-guide.selct', message: 'Unknown key `selct`.' },
      { file: 'pyproject.toml', line: 7, key: 'tool.python-async-guide.severity.AIO203', message: '`severity.AIO203` must be one of error, warning, information, hint, off.' },
      { file: 'pyproject.toml', line: 8, key: 'tool.python-async-guide.exclude', message: '`exclude` must be a list of strings.' },
      { file: 'pyproject.toml', line: 9, key: 'tool.python-async-guide.target-version', message: '`target-version` must be a Python version such as "py311".' },
    ]);
  });

  it('a TOML syntax error is reported at its line, in Chinese too, and nothing is thrown', () => {
    const files = { 'pyproject.toml': '[tool.python-async-guide]\nignore = ["ASYNC251"\nselect = 3\n' };
    const loader = loaderWith(files);
    const config = configForFile(loader, path.join(ROOT, 'a.py'));
    assert.equal(config.severity.ASYNC251, undefined);
    const [problem] = problemsOf(loader);
    assert.equal(problem.file, 'pyproject.toml');
    assert.ok(problem.line >= 2 && problem.line <= 3, String(problem.line));
    assert.match(problem.message, /^Invalid TOML: /);
    setLocale('zh-cn');
    try {
      const zhLoader = loaderWith(files);
      configForFile(zhLoader, path.join(ROOT, 'a.py'));
      assert.match(problemsOf(zhLoader)[0].message, /^TOML 无效：/);
    } finally {
      setLocale('en');
    }
  });

  it("a pyproject.toml with a syntax error that is not ours is left to its owners", () => {
    const loader = loaderWith({ 'pyproject.toml': '[tool.black]\nline-length = = 3\n' });
    configForFile(loader, path.join(ROOT, 'a.py'));
    assert.deepEqual(problemsOf(loader), []);
  });

  it("honours Ruff's ignore and per-file-ignores for ASYNC codes (and RUF006 as ASYNC300)", () => {
    const loader = loaderWith({
      'pyproject.toml': '[tool.ruff.lint]\nselect = ["E", "ASYNC"]\nignore = ["ASYNC230", "RUF006", "E501"]\n[tool.ruff.lint.per-file-ignores]\n"tests/**" = ["ASYNC251", "S101"]\n',
    });
    const app = configForFile(loader, path.join(ROOT, 'app.py'));
    assert.equal(app.severity.ASYNC230, 'off');
    assert.equal(app.severity.ASYNC300, 'off');
    assert.equal(app.severity.ASYNC251, undefined);
    assert.equal(configForFile(loader, path.join(ROOT, 'tests', 'test_x.py')).severity.ASYNC251, 'off');
    assert.ok(app.ruffReports.includes('ASYNC251'));
    assert.ok(!app.ruffReports.includes('ASYNC230'), 'ignored in Ruff: Ruff does not report it');
    assert.ok(!app.ruffReports.includes('AIO200'));
  });

  it('knows which of our codes Ruff reports: none by default, `A` is not ASYNC, ruff.toml wins over pyproject', () => {
    assert.deepEqual(configForFile(loaderWith({ 'pyproject.toml': '[tool.ruff]\nline-length = 100\n' }), path.join(ROOT, 'a.py')).ruffReports, []);
    assert.deepEqual(configForFile(loaderWith({ 'ruff.toml': '[lint]\nselect = ["A", "E"]\n' }), path.join(ROOT, 'a.py')).ruffReports, []);
    const legacy = configForFile(loaderWith({ 'pyproject.toml': '[tool.ruff]\nextend-select = ["ASYNC2"]\n' }), path.join(ROOT, 'a.py'));
    assert.ok(legacy.ruffReports.includes('ASYNC251') && !legacy.ruffReports.includes('ASYNC100'));
    const both = loaderWith({ 'pyproject.toml': '[tool.ruff.lint]\nselect = ["ALL"]\n', '.ruff.toml': '[lint]\nselect = ["ASYNC100"]\n' });
    assert.deepEqual(configForFile(both, path.join(ROOT, 'a.py')).ruffReports, ['ASYNC100']);
  });

  it("reads flake8-async's async200-blocking-calls from setup.cfg, with continuation lines", () => {
    const loader = loaderWith({
      'setup.cfg': '[metadata]\nname = x\n\n[flake8]\nmax-line-length = 100\nasync200_blocking_calls =\n    mylib.fetch -> mylib.afetch,\n    *.slow_* -> a thread\n    broken entry\n',
    });
    const config = configForFile(loader, path.join(ROOT, 'a.py'));
    assert.deepEqual(config.extraBlockingCalls, ['mylib.fetch -> mylib.afetch', '*.slow_* -> a thread']);
    assert.deepEqual(problemsOf(loader), [
      { file: 'setup.cfg', line: 6, key: 'flake8.async200-blocking-calls', message: '`async200-blocking-calls`: "broken entry" is not of the form `pattern -> suggestion`.' },
    ]);
  });

  it('re-reads files after invalidate()', () => {
    const files: Record<string, string> = { 'pyproject.toml': '[tool.python-async-guide]\nignore = ["ASYNC251"]\n' };
    const source = memoryFiles(files);
    let current = files['pyproject.toml'];
    const loader = createConfigLoader({ readFile: (file) => (file.endsWith('pyproject.toml') && path.dirname(file) === ROOT ? current : source.readFile(file)) });
    assert.equal(configForFile(loader, path.join(ROOT, 'a.py')).severity.ASYNC251, 'off');
    current = '[tool.python-async-guide]\n';
    assert.equal(configForFile(loader, path.join(ROOT, 'a.py')).severity.ASYNC251, 'off', 'cached');
    loader.invalidate();
    assert.equal(configForFile(loader, path.join(ROOT, 'a.py')).severity.ASYNC251, undefined);
  });

  it('key positions follow tables, dotted keys and skip multi-line strings', () => {
    const positions = keyPositions('a = 1\n[t.u]\nb.c = """\nd = 2\n"""\n"e" = 3\n');
    assert.equal(positions.get('a')?.line, 0);
    assert.equal(positions.get('t.u.b.c')?.line, 2);
    assert.equal(positions.get('t.u.d'), undefined);
    assert.equal(positions.get('t.u.e')?.line, 5);
  });

  it('INI sections: `:` or `=`, comments, other sections ignored', () => {
    const section = readIniSection('[flake8]\n; comment\nselect: E,W\n[other]\nselect = X\n', 'flake8');
    assert.deepEqual(section?.get('select'), { value: 'E,W', line: 2 });
    assert.equal(readIniSection('[tool:pytest]\n', 'flake8'), undefined);
  });
});

describe('target-version', () => {
  it('ASYNC109 stays quiet for asyncio code when the project supports Pythons before 3.11', async () => {
    const code = 'async def fetch(url, timeout=5):\n    pass\n';
    const severity = { ASYNC109: 'warning' as const };
    const analyzer = await engine({ severity, targetVersion: 'py310' });
    assert.deepEqual(analyzer.lint(code).findings.map((f) => f.code), []);
    analyzer.configure({ severity, targetVersion: 'py311' });
    assert.deepEqual(analyzer.lint(code).findings.map((f) => f.code), ['ASYNC109']);
    analyzer.configure({ severity });
    assert.deepEqual(analyzer.lint(code).findings.map((f) => f.code), ['ASYNC109']);
  });
});

describe('living next to Ruff', () => {
  const files = { 'pyproject.toml': '[tool.ruff.lint]\nextend-select = ["ASYNC"]\n' };
  const file = path.join(ROOT, 'a.py');

  it('auto: the codes Ruff reports are left to it while the Ruff extension runs', () => {
    const loader = loaderWith(files);
    const active = configForFile(loader, file, { ruffOverlap: 'auto', ruffExtensionActive: true });
    assert.equal(active.severity.ASYNC251, 'off');
    assert.equal(active.severity.AIO200, undefined, 'our own codes stay');
    assert.ok(active.leftToRuff.includes('ASYNC251'));
    assert.equal(configForFile(loader, file, { ruffOverlap: 'auto', ruffExtensionActive: false }).severity.ASYNC251, undefined);
  });

  it('report reports everything; skip leaves them to Ruff without its extension; a code named in the settings stays', () => {
    const loader = loaderWith(files);
    assert.deepEqual(configForFile(loader, file, { ruffOverlap: 'report', ruffExtensionActive: true }).leftToRuff, []);
    assert.equal(configForFile(loader, file, { ruffOverlap: 'skip' }).severity.ASYNC230, 'off');
    assert.equal(configForFile(loader, file, { ruffOverlap: 'skip', severity: { ASYNC230: 'error' } }).severity.ASYNC230, 'error');
  });

  it("Ruff's default selection has no ASYNC rule: nothing is left to it", () => {
    const loader = loaderWith({ 'pyproject.toml': '[tool.ruff]\nline-length = 88\n' });
    assert.deepEqual(configForFile(loader, file, { ruffOverlap: 'auto', ruffExtensionActive: true }).leftToRuff, []);
  });
});
