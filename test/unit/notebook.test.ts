import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixAllNotebook, joinCells, lintNotebook, pythonOfCell, readIpynb, type NotebookCell } from '../../src/analysis/notebook';
import { applyEdits } from '../../src/analysis/fixes/apply';
import { engine, REPO_ROOT } from '../support/engine';

const NOTEBOOK = path.join(REPO_ROOT, 'test', 'fixtures', 'notebooks', 'rates.ipynb');

describe('notebooks', () => {
  const cells = readIpynb(fs.readFileSync(NOTEBOOK, 'utf8'))!;

  it('reads the cells of an .ipynb (nbformat 4) and refuses what is not one', () => {
    assert.equal(cells.length, 8);
    assert.deepEqual(cells.map((cell) => cell.kind), ['markup', 'code', 'code', 'markup', 'code', 'code', 'code', 'code']);
    assert.equal(cells[1].text, 'import asyncio\nimport time\n\nimport requests');
    assert.equal(cells[1].languageId, 'python');
    assert.equal(readIpynb('{"not": "a notebook"}'), undefined);
    assert.equal(readIpynb('{broken'), undefined);
    assert.deepEqual(readIpynb('{"cells": [{"cell_type": "code", "source": 3}, null]}'), [
      { kind: 'code', languageId: undefined, text: '' },
      { kind: 'markup', languageId: undefined, text: '' },
    ]);
  });

  it('IPython magics, shell escapes and help lines become neutral Python on the same lines', () => {
    assert.equal(pythonOfCell('%time x = 1\n!ls\nfiles = !ls\nif x:\n    %debug\nobj?'), 'pass\npass\nfiles = None\nif x:\n    pass\npass');
    assert.equal(pythonOfCell('%%bash\necho hi\nls'), '\n\n');
    assert.equal(pythonOfCell('%%time\nawait f()'), '\nawait f()');
  });

  it('joins the Python cells into one program and skips markdown and other languages', () => {
    const joined = joinCells([
      { kind: 'code', text: 'import a' },
      { kind: 'markup', text: '# title' },
      { kind: 'code', languageId: 'sql', text: 'select 1' },
      { kind: 'code', text: 'a.b()\n' },
    ]);
    assert.equal(joined.text, 'import a\na.b()\n');
    assert.deepEqual(joined.placements, [
      { cell: 0, firstLine: 0, lineCount: 1 },
      { cell: 3, firstLine: 1, lineCount: 2 },
    ]);
  });

  it('lints the cells as one program, findings on the right cell with cell-relative positions', async () => {
    const analyzer = await engine({});
    const result = lintNotebook(analyzer, cells);
    assert.deepEqual(result.ruleErrors, []);
    const found = result.findings.map((f) => `${f.cell}:${f.range.start.line}:${f.range.start.character} ${f.code}`);
    // time and requests are imported in cell 1 and resolve in cells 2 and 7; the %%bash cell is not Python;
    // top-level await is no error; the noqa comment works within its cell.
    assert.deepEqual(found, ['2:4:4 ASYNC251', '5:0:0 AIO111', '7:4:11 ASYNC210']);
  });

  it('the fixes edit the cell they belong to', async () => {
    const analyzer = await engine({});
    const result = lintNotebook(analyzer, cells);
    const loop = result.findings.find((f) => f.code === 'AIO111')!;
    const fix = loop.fixes.find((candidate) => candidate.isPreferred)!;
    assert.deepEqual(fix.edits.map((edit) => edit.cell), [5]);
    assert.equal(applyEdits(cells[5].text, fix.edits), 'await fetch_rates()');

    const sleep = result.findings.find((f) => f.code === 'ASYNC251')!;
    const sleepFix = sleep.fixes.find((candidate) => candidate.isPreferred)!;
    const edited = cells.map((cell) => cell.text);
    for (const cell of new Set(sleepFix.edits.map((edit) => edit.cell))) {
      edited[cell] = applyEdits(edited[cell], sleepFix.edits.filter((edit) => edit.cell === cell));
    }
    assert.match(edited[2], /await asyncio\.sleep\(1\)/);
    assert.equal(edited[1], cells[1].text, 'asyncio is already imported in cell 1: no second import');
    const noqa = sleep.fixes.find((candidate) => candidate.title.includes('noqa'))!;
    assert.deepEqual(noqa.edits.map((edit) => [edit.cell, edit.range.start.line]), [[2, 4]]);
  });

  it('fix-all fixes the notebook, and nothing when a cell has a syntax error (it says why)', async () => {
    const analyzer = await engine({});
    const fixed = fixAllNotebook(analyzer, cells);
    assert.ok(fixed.applied > 0 && fixed.edits.length > 0 && !fixed.syntaxErrors);
    // For Python the rest of the cell is a string; tree-sitter recovers and would let a fix land in it.
    const broken = cells.map((cell, n) => (n === 2 ? { ...cell, text: `${cell.text}\nnote = """unterminated` } : cell));
    const refused = fixAllNotebook(analyzer, broken);
    assert.deepEqual([refused.applied, refused.edits, refused.syntaxErrors], [0, [], true]);
    const nothingToFix = [{ kind: 'code', languageId: 'python', text: 'x = (' }] as NotebookCell[];
    assert.equal(fixAllNotebook(analyzer, nothingToFix).syntaxErrors, false, 'no fix was there to make');
  });

  it('asyncio.run is fine in a script, and in a notebook that uses nest_asyncio', async () => {
    const analyzer = await engine({});
    const script = analyzer.lint('import asyncio\n\nasync def main():\n    pass\n\nasyncio.run(main())\n');
    script.tree?.delete();
    assert.deepEqual(script.findings, []);
    const patched: NotebookCell[] = [
      { kind: 'code', text: 'import asyncio, nest_asyncio\nnest_asyncio.apply()' },
      { kind: 'code', text: 'async def main():\n    pass\nasyncio.run(main())' },
    ];
    assert.deepEqual(lintNotebook(analyzer, patched).findings, []);
  });
});
