import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits, engineLinter, fixAll, MAX_FIX_ROUNDS, offsetAt, positionAt, selectPreferredFixes, type FixLinter } from '../../src/analysis/fixes/apply';
import { diffEdits } from '../../src/analysis/fixes/diff';
import type { Finding, Fix, TextEdit } from '../../src/analysis/types';
import { engine, REPO_ROOT } from '../support/engine';
import { lines } from '../support/lint';

const at = (line: number, character: number) => ({ line, character });
const edit = (start: [number, number], end: [number, number], newText: string): TextEdit => ({ range: { start: at(...start), end: at(...end) }, newText });
function finding(fixes: Fix[], line = 0): Finding {
  return { code: 'ASYNC251', message: '', range: { start: at(line, 0), end: at(line, 1) }, severity: 'warning', guideSection: 'rules/ASYNC251', fixes, related: [] };
}

describe('applyEdits', () => {
  it('applies edits given in any order, against the original positions', () => {
    const text = 'alpha beta\ngamma\n';
    assert.equal(applyEdits(text, [edit([1, 0], [1, 5], 'GAMMA'), edit([0, 0], [0, 0], '>> '), edit([0, 6], [0, 10], 'B')]), '>> alpha B\nGAMMA\n');
  });

  it('counts characters in UTF-16 code units, as VS Code and the engine do', () => {
    const text = 'x = "😀é"; time.sleep(1)\n';
    const start = text.indexOf('time');
    assert.deepEqual(positionAt(text, start), at(0, 11));
    assert.equal(applyEdits(text, [edit([0, 11], [0, 21], 'await asyncio.sleep')]), 'x = "😀é"; await asyncio.sleep(1)\n');
  });

  it('keeps insertions at one point in the order given, before a replacement starting there', () => {
    assert.equal(applyEdits('f(x)', [edit([0, 0], [0, 0], '('), edit([0, 0], [0, 0], 'await '), edit([0, 0], [0, 1], 'g'), edit([0, 4], [0, 4], ')')]), '(await g(x))');
  });

  it('clamps positions past the end of a line or of the text, and writes CRLF into CRLF texts', () => {
    const text = 'a\r\nb';
    assert.equal(offsetAt(text, at(0, 99)), 1);
    assert.equal(offsetAt(text, at(9, 0)), 4);
    assert.equal(applyEdits(text, [edit([0, 99], [0, 99], '!\nc')]), 'a!\r\nc\r\nb');
  });

  it('refuses overlapping edits', () => {
    assert.throws(() => applyEdits('abcdef', [edit([0, 0], [0, 3], 'x'), edit([0, 2], [0, 4], 'y')]), /Overlapping/);
  });
});

describe('diffEdits', () => {
  it('finds the small edits a fix-all made, not one big replacement', () => {
    const before = lines('import time', '', 'async def main():', '    time.sleep(1)', '    x = 1', '    time.sleep(2)');
    const after = lines('import asyncio', 'import time', '', 'async def main():', '    await asyncio.sleep(1)', '    x = 1', '    await asyncio.sleep(2)');
    const edits = diffEdits(before, after);
    assert.equal(applyEdits(before, edits), after);
    assert.deepEqual(
      edits.map((change) => change.newText),
      ['import asyncio\n', 'await asyncio', 'await asyncio'],
    );
    assert.deepEqual(diffEdits(after, after), []);
  });

  it('turns any text into any other (random line edits, LF and CRLF)', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const words = ['a', 'b', 'await x', '', '    pass', 'import asyncio'];
    for (let round = 0; round < 400; round++) {
      const eol = round % 2 ? '\r\n' : '\n';
      const before = Array.from({ length: random(12) }, () => words[random(words.length)]).join(eol) + (random(2) ? eol : '');
      const parts = before.split(eol);
      for (let change = random(4); change >= 0; change--) {
        const index = random(parts.length + 1);
        const kind = random(3);
        if (kind === 0) parts.splice(index, 0, words[random(words.length)]);
        else if (kind === 1) parts.splice(index, 1);
        else parts[index] = `${parts[index] ?? ''}${words[random(words.length)]}`;
      }
      const after = parts.join(eol);
      assert.equal(applyEdits(before, diffEdits(before, after)), after, JSON.stringify({ before, after }));
    }
  });
});

describe('selectPreferredFixes', () => {
  const importAsyncio = edit([0, 0], [0, 0], 'import asyncio\n');

  it('takes each preferred fix once, merges identical edits and skips colliding fixes', () => {
    const first: Fix = { title: 'a', isPreferred: true, edits: [importAsyncio, edit([3, 4], [3, 14], 'await asyncio.sleep')] };
    const second: Fix = { title: 'b', isPreferred: true, edits: [importAsyncio, edit([5, 4], [5, 14], 'await asyncio.sleep')] };
    const colliding: Fix = { title: 'c', isPreferred: true, edits: [edit([5, 8], [5, 9], 'x')] };
    const notPreferred: Fix = { title: 'd', edits: [edit([7, 0], [7, 1], 'y')] };
    const insertedAtEdge: Fix = { title: 'e', isPreferred: true, edits: [edit([3, 14], [3, 14], ')')] };
    const selection = selectPreferredFixes([finding([first], 3), finding([second], 5), finding([colliding, notPreferred], 5), finding([insertedAtEdge], 3)]);
    assert.deepEqual(selection.fixes.map((fix) => fix.title), ['a', 'b']);
    assert.equal(selection.edits.filter((change) => change.newText === 'import asyncio\n').length, 1);
  });

  it('skips a fix whose own replacements overlap', () => {
    const broken: Fix = { title: 'x', isPreferred: true, edits: [edit([0, 0], [0, 4], 'a'), edit([0, 2], [0, 6], 'b')] };
    assert.deepEqual(selectPreferredFixes([finding([broken])]).fixes, []);
  });
});

describe('fixAll', () => {
  const source = lines(
    '"""Module."""',
    'import time',
    'from time import sleep',
    'import requests',
    '',
    '',
    'async def main(u):',
    '    time.sleep(1)',
    '    sleep(2); time.sleep(3)',
    '    return requests.get(u)',
  );

  it('applies every preferred fix, adds the import once, leaves the rest, and is idempotent', async () => {
    const analyzer = await engine();
    const result = fixAll(source, engineLinter(analyzer));
    assert.equal(
      result.text,
      lines(
        '"""Module."""',
        'import asyncio',
        'import time',
        'from time import sleep',
        'import requests',
        '',
        '',
        'async def main(u):',
        '    await asyncio.sleep(1)',
        '    await asyncio.sleep(2); await asyncio.sleep(3)',
        '    return requests.get(u)',
      ),
    );
    assert.equal(result.applied, 3);
    assert.deepEqual(result.remaining.map((remaining) => remaining.code), ['ASYNC210']);
    const again = fixAll(result.text, engineLinter(analyzer));
    assert.equal(again.text, result.text);
    assert.equal(again.applied, 0);
    assert.equal(again.rounds, 0);
  });

  it('fixes only the findings kept by the filter', async () => {
    const analyzer = await engine();
    const result = fixAll(source, engineLinter(analyzer, {}, (candidate) => candidate.code !== 'ASYNC251'));
    assert.equal(result.applied, 0);
    assert.equal(result.text, source);
    assert.deepEqual(result.remaining.map((remaining) => remaining.code), ['ASYNC210']);
  });

  it('stops after MAX_FIX_ROUNDS when fixes keep producing findings', () => {
    let lints = 0;
    const endless: FixLinter = () => {
      lints++;
      return { syntaxErrors: 0, findings: [finding([{ title: 'grow', isPreferred: true, edits: [edit([0, 0], [0, 0], 'x')] }])] };
    };
    const result = fixAll('', endless);
    assert.equal(result.rounds, MAX_FIX_ROUNDS);
    assert.equal(result.text, 'x'.repeat(MAX_FIX_ROUNDS));
    assert.equal(lints, MAX_FIX_ROUNDS + 1);
  });

  it('leaves a text with syntax errors as it is, as Ruff does, and says so', () => {
    const fixes = [finding([{ title: 'a', isPreferred: true, edits: [edit([0, 0], [0, 0], 'a')] }], 0)];
    const result = fixAll('-', () => ({ syntaxErrors: 1, findings: fixes }));
    assert.deepEqual([result.text, result.applied, result.syntaxErrors], ['-', 0, 1]);
  });

  it('falls back to one fix at a time when the combination breaks the syntax', () => {
    // Two fixes that are fine alone but not together (the fake linter calls "ab" broken).
    const fixes = [finding([{ title: 'a', isPreferred: true, edits: [edit([0, 0], [0, 0], 'a')] }], 0), finding([{ title: 'b', isPreferred: true, edits: [edit([0, 1], [0, 1], 'b')] }], 0)];
    const linter: FixLinter = (text) => ({ syntaxErrors: text.includes('a') && text.includes('b') ? 1 : 0, findings: text === '-' ? fixes : [] });
    const result = fixAll('-', linter);
    assert.equal(result.text, 'a-');
    assert.equal(result.applied, 1);
  });
});

describe('python-async-guide check --fix', function () {
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-fix-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(...args: string[]) {
    return spawnSync(process.execPath, [cli, 'check', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
  }

  it('writes the fixed files, keeping BOM and CRLF, and reports what remains', () => {
    const crlf = '\ufeffimport time\r\nimport requests\r\n\r\n\r\nasync def main(u):\r\n    time.sleep(1)\r\n    return requests.get(u)\r\n';
    fs.writeFileSync(path.join(dir, 'a.py'), crlf);
    fs.writeFileSync(path.join(dir, 'clean.py'), 'x = 1\n');
    const result = run('--fix', '.');
    assert.equal(result.status, 1, result.stderr);
    assert.equal(
      fs.readFileSync(path.join(dir, 'a.py'), 'utf8'),
      '\ufeffimport asyncio\r\nimport time\r\nimport requests\r\n\r\n\r\nasync def main(u):\r\n    await asyncio.sleep(1)\r\n    return requests.get(u)\r\n',
    );
    assert.equal(fs.readFileSync(path.join(dir, 'clean.py'), 'utf8'), 'x = 1\n');
    assert.match(result.stdout, /a\.py:8:12: ASYNC210/);
    assert.doesNotMatch(result.stdout, /ASYNC251/);
    assert.match(result.stderr, /Fixed 1 finding\n/);
    assert.equal(run('--fix', '.').stderr.includes('Fixed 0 findings'), true);
  });

  it('honours --select, and never rewrites a file it could not decode losslessly', () => {
    fs.writeFileSync(path.join(dir, 'a.py'), 'import time\n\n\nasync def main():\n    time.sleep(1)\n');
    assert.match(run('--fix', '--select', 'ASYNC210', 'a.py').stderr, /Fixed 0 findings/);
    const latin1 = Buffer.concat([Buffer.from('import time\n# caf'), Buffer.from([0xe9]), Buffer.from('\n\n\nasync def main():\n    time.sleep(1)\n')]);
    fs.writeFileSync(path.join(dir, 'b.py'), latin1);
    const result = run('--fix', 'b.py');
    assert.match(result.stderr, /not rewritten/);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'b.py')), latin1);
  });
});
