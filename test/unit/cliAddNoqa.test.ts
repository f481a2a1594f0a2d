import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isReported } from '../../src/cli/check';
import { REPO_ROOT } from '../support/engine';

describe('python-async-guide check --add-noqa and --ignore', function () {
  // Each test starts the CLI several times; a loaded 2-core machine needs seconds per start.
  this.timeout(300_000);
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-noqa-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(...args: string[]) {
    return spawnSync(process.execPath, [cli, 'check', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '' } });
  }

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
