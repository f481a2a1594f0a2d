import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isReported } from '../../src/cli/check';
import { REPO_ROOT } from '../support/engine';

describe('python-async-guide check --add-noqa, --diff, --stdin-filename and --ignore', function () {
  // Each test starts the CLI several times; a loaded 2-core machine needs seconds per start.
  this.timeout(300_000);
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-fix-modes-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(...args: string[]) {
    return spawnSync(process.execPath, [cli, 'check', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '' } });
  }

  function runWithInput(input: string | Buffer, ...args: string[]) {
    const result = spawnSync(process.execPath, [cli, 'check', ...args], { cwd: dir, input, env: { ...process.env, LANG: 'C', LC_ALL: '' } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
  }

  it('--stdin-filename checks standard input as that file (its configuration, its imports); with --fix the source goes to stdout, the findings to stderr', () => {
    fs.mkdirSync(path.join(dir, 'pkg'));
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.python-async-guide]\nignore = ["ASYNC210"]\n');
    fs.writeFileSync(path.join(dir, 'pkg', 'helpers.py'), 'import time\n\n\ndef load():\n    time.sleep(1)\n');
    const source = '\ufeffimport time\nimport requests\nfrom .helpers import load\n\n\nasync def main(u):\n    time.sleep(1)\n    load()\n    return requests.get(u)\n';
    const checked = runWithInput(source, '--stdin-filename', 'pkg/app.py', '--format', 'json');
    assert.equal(checked.status, 1, checked.stderr);
    const findings = JSON.parse(checked.stdout.toString('utf8')) as Array<{ file: string; line: number; code: string }>;
    assert.deepEqual(findings.map((finding) => `${path.relative(dir, finding.file)}:${finding.line} ${finding.code}`), ['pkg/app.py:7 ASYNC251', 'pkg/app.py:8 AIO200']);
    assert.equal(fs.existsSync(path.join(dir, 'pkg', 'app.py')), false);

    const fixed = runWithInput(source, '--fix', '--stdin-filename', 'pkg/app.py', '-');
    assert.equal(fixed.status, 1);
    assert.equal(fixed.stdout.toString('utf8'), source.replace('import time', 'import asyncio\nimport time').replace('    time.sleep(1)', '    await asyncio.sleep(1)'));
    assert.match(fixed.stderr, /pkg\/app\.py:9:5: AIO200/);
    assert.match(fixed.stderr, /Fixed 1 finding\n/);
    assert.equal(fs.existsSync(path.join(dir, 'pkg', 'app.py')), false);

    // Whatever cannot be fixed comes back byte for byte: an editor replaces its buffer with stdout.
    const binary = Buffer.from([0x69, 0x6d, 0x70, 0x00, 0xff, 0xfe, 0x0a]);
    const echoed = runWithInput(binary, '--fix', '--stdin-filename', 'x.py');
    assert.deepEqual(echoed.stdout, binary);
    assert.match(echoed.stderr, /binary content/);
    const unnamed = runWithInput('import time\n\n\nasync def main():\n    time.sleep(1)\n', '-');
    assert.match(unnamed.stdout.toString('utf8'), /^-:5:5: ASYNC251/);
    assert.match(runWithInput('', '-', 'pkg').stderr, /Standard input \(- or --stdin-filename\) is checked alone/);
    assert.match(runWithInput('', '--add-noqa', '--stdin-filename', 'x.py').stderr, /--add-noqa rewrites files: it cannot be used on standard input/);
  });

  it('--diff prints what --fix would write as a diff that git applies, writes nothing, and exits 1', () => {
    const files = {
      'pkg/a.py': 'import time\r\nimport requests\r\n\r\n\r\nasync def main(u):\r\n    time.sleep(1)\r\n    return requests.get(u)\r\n',
      'b.py': 'import asyncio\n\n\nasync def main():\n    loop = asyncio.get_event_loop()\n    await asyncio.sleep(1)',
      'clean.py': 'x = 1\n',
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const result = run('--diff', '.');
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^--- a\/b\.py\n\+\+\+ b\/b\.py\n@@ /);
    assert.match(result.stdout, /\n--- a\/pkg\/a\.py\n\+\+\+ b\/pkg\/a\.py\n/);
    assert.doesNotMatch(result.stdout, /clean\.py|ASYNC210|\[warning\]/);
    assert.match(result.stderr, /Would fix 2 findings\n/);
    for (const [name, text] of Object.entries(files)) assert.equal(fs.readFileSync(path.join(dir, name), 'utf8'), text, `${name} is not written`);
    const json = JSON.parse(run('--format', 'json', 'pkg/a.py').stdout) as Array<{ code: string; fixable: boolean }>;
    assert.deepEqual(json.map((finding) => `${finding.code} ${finding.fixable}`), ['ASYNC251 true', 'ASYNC210 false'], 'JSON says which findings --fix fixes');
    assert.match(run('pkg/a.py').stderr, /2 findings in 1 file; 1 fixable with --fix \(--diff shows how\)/);

    const fixed = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-diff-'));
    try {
      fs.cpSync(dir, fixed, { recursive: true });
      assert.equal(spawnSync(process.execPath, [cli, 'check', '--fix', '.'], { cwd: fixed, encoding: 'utf8' }).status, 1);
      fs.writeFileSync(path.join(dir, 'fixes.diff'), result.stdout);
      const applied = spawnSync('git', ['apply', '--unsafe-paths', 'fixes.diff'], { cwd: dir, encoding: 'utf8' });
      assert.equal(applied.status, 0, applied.stderr);
      for (const name of Object.keys(files)) assert.equal(fs.readFileSync(path.join(dir, name), 'utf8'), fs.readFileSync(path.join(fixed, name), 'utf8'), `${name}: the diff gives what --fix writes`);
    } finally {
      fs.rmSync(fixed, { recursive: true, force: true });
    }
    const clean = run('--diff', 'clean.py');
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, '');
    assert.match(clean.stderr, /Would fix 0 findings/);
    assert.match(run('--diff', '--format', 'json', '.').stderr, /--diff prints a diff: it cannot be used with --format json/);
    assert.match(run('--diff', '--add-noqa', '.').stderr, /cannot be used with --add-noqa/);
  });

  const SOURCE = [
    '\ufeffimport time, subprocess',
    'import sqlite3',
    '',
    '',
    'async def main(db):',
    '    time.sleep(1); subprocess.run(["ls"])  # noqa: AIO999 kept as written',
    '    label = "# noqa: ASYNC230"; time.sleep(2)  # a note',
    '    cursor = sqlite3.connect(db).cursor()',
    '    cursor.execute("""',
    '        SELECT 1',
    '    """)',
    '',
  ];

  it("adds one # noqa per line, joining the line's list, after a multi-line string, never inside a string; then nothing is reported", () => {
    fs.writeFileSync(path.join(dir, 'a.py'), SOURCE.join('\r\n'));
    fs.writeFileSync(path.join(dir, 'clean.py'), 'x = 1\n');
    const result = run('--add-noqa', '.');
    assert.equal(result.status, 0, result.stderr + result.stdout);
    assert.equal(
      fs.readFileSync(path.join(dir, 'a.py'), 'utf8'),
      [
        '\ufeffimport time, subprocess',
        'import sqlite3',
        '',
        '',
        'async def main(db):',
        '    time.sleep(1); subprocess.run(["ls"])  # noqa: AIO999, ASYNC221, ASYNC251 kept as written',
        '    label = "# noqa: ASYNC230"; time.sleep(2)  # a note  # noqa: ASYNC251',
        '    cursor = sqlite3.connect(db).cursor()  # noqa: AIO201',
        '    cursor.execute("""',
        '        SELECT 1',
        '    """)  # noqa: AIO201',
        '',
      ].join('\r\n'),
    );
    assert.equal(fs.readFileSync(path.join(dir, 'clean.py'), 'utf8'), 'x = 1\n');
    assert.match(result.stderr, /Added a # noqa comment to 4 lines\n/);
    assert.match(result.stderr, /0 findings in 2 files/);
    const again = run('--add-noqa', '.');
    assert.match(again.stderr, /Added a # noqa comment to 0 lines/);
    assert.equal(run('.').status, 0);
  });

  it('honours --select and --ignore, refuses --fix beside it, and rewrites neither notebooks nor files it cannot decode losslessly', () => {
    const text = 'import time\nimport requests\n\n\nasync def main(u):\n    time.sleep(1)\n    return requests.get(u)\n';
    fs.writeFileSync(path.join(dir, 'a.py'), text);
    assert.equal(run('--add-noqa', '--select', 'ASYNC2', '--ignore', 'ASYNC210', 'a.py').status, 0);
    assert.equal(run('a.py').status, 1, 'ASYNC210 is still there for a run without --ignore');
    assert.equal(fs.readFileSync(path.join(dir, 'a.py'), 'utf8'), text.replace('time.sleep(1)', 'time.sleep(1)  # noqa: ASYNC251'));
    const both = run('--add-noqa', '--fix', 'a.py');
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--fix and --add-noqa cannot be used together/);

    const notebook = JSON.stringify({ cells: [{ cell_type: 'code', source: ['import time\n', 'time.sleep(1)\n'], metadata: {}, outputs: [] }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    fs.writeFileSync(path.join(dir, 'n.ipynb'), notebook);
    assert.match(run('--add-noqa', 'n.ipynb').stderr, /notebooks are not rewritten by --add-noqa/);
    assert.equal(fs.readFileSync(path.join(dir, 'n.ipynb'), 'utf8'), notebook);

    const latin1 = Buffer.concat([Buffer.from('import time\n# caf'), Buffer.from([0xe9]), Buffer.from('\n\n\nasync def main():\n    time.sleep(1)\n')]);
    fs.writeFileSync(path.join(dir, 'b.py'), latin1);
    const result = run('--add-noqa', 'b.py');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /not rewritten/);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'b.py')), latin1);
  });

  it('leaves a file with syntax errors as it is, under --fix, --diff, --add-noqa and on standard input, and says why', () => {
    // For Python, the second sleep is inside the unterminated string: no edit may land there.
    const broken = 'import time\n\n\nasync def main():\n    time.sleep(1)\n    note = """unterminated\n    time.sleep(2)\n';
    fs.writeFileSync(path.join(dir, 'broken.py'), broken);
    for (const mode of ['--fix', '--diff', '--add-noqa']) {
      const result = run(mode, 'broken.py');
      assert.match(result.stderr, mode === '--add-noqa' ? /broken\.py: no # noqa added: the file has syntax errors/ : /broken\.py: not fixed: the file has syntax errors/, mode);
      assert.equal(fs.readFileSync(path.join(dir, 'broken.py'), 'utf8'), broken, mode);
    }
    assert.equal(run('--diff', 'broken.py').stdout, '');
    const piped = runWithInput(broken, '--fix', '--stdin-filename', 'broken.py');
    assert.equal(piped.stdout.toString('utf8'), broken);
    assert.match(piped.stderr, /not fixed: the file has syntax errors/);
  });

  it('--ignore: the more specific of --select and --ignore wins, --ignore on a tie, as in Ruff', () => {
    const reported = (select: string[], ignore: string[]) => ['ASYNC210', 'ASYNC251', 'AIO200'].filter((code) => isReported(code, { select, ignore }));
    assert.deepEqual(reported([], []), ['ASYNC210', 'ASYNC251', 'AIO200']);
    assert.deepEqual(reported([], ['ASYNC']), ['AIO200']);
    assert.deepEqual(reported(['ASYNC2'], ['ASYNC251']), ['ASYNC210']);
    assert.deepEqual(reported(['ASYNC251'], ['ASYNC2']), ['ASYNC251']);
    assert.deepEqual(reported(['ASYNC251'], ['ASYNC251']), []);
    const result = run('--ignore', 'NOPE1', '.');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--ignore: unknown code "NOPE1"/);
  });
});
