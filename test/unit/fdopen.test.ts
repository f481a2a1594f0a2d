import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { engine } from '../support/engine';

const FIXTURE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'rules', 'async231_descriptors.py');

describe('ASYNC231: os.fdopen', () => {
  it('is a warning around os.open(path), information around a descriptor already open; the reads and writes of an already open one are ASYNC232', async () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const result = (await engine({})).lint(text);
    result.tree?.delete();
    const lines = text.split('\n');
    const lineOf = (snippet: string) => lines.findIndex((line) => line.includes(snippet)) + 1;
    const severities = result.findings.filter((f) => f.code === 'ASYNC231').map((f) => [f.range.start.line + 1, f.severity]);
    // Around os.open(path): the one in file_on_disk and the one after rebound_to_a_path's os.open.
    const afterDef = (name: string) => lines.findIndex((line, index) => index > lineOf(`async def ${name}`) - 1 && line.includes('os.fdopen(')) + 1;
    const warned = new Set([afterDef('file_on_disk'), afterDef('rebound_to_a_path')]);
    const expected = lines.flatMap((line, index) => (line.includes('os.fdopen(') && !line.trimStart().startsWith('#') ? [[index + 1, warned.has(index + 1) ? 'warning' : 'information']] : []));
    assert.deepEqual(severities, expected);
    const io = result.findings.filter((f) => f.code === 'ASYNC232').map((f) => [f.range.start.line + 1, f.severity]);
    assert.deepEqual(io, [
      [lines.findIndex((line, index) => index > lineOf('async def temporary') - 1 && line.includes('file.write')) + 1, 'warning'],
      [lineOf('os.fdopen(fd).read()'), 'warning'],
    ]);
  });

  it('says why the call does not wait, and suggests watching a pipe from the loop', async () => {
    const pipe = (await engine({})).lint('import os\n\n\nasync def f():\n    r, w = os.pipe()\n    return os.fdopen(r)\n');
    pipe.tree?.delete();
    assert.equal(pipe.findings[0].severity, 'information');
    assert.match(pipe.findings[0].message, /connect_read_pipe/);
    const given = (await engine({})).lint('import os\n\n\nasync def f(fd):\n    return os.fdopen(fd)\n');
    given.tree?.delete();
    assert.equal(given.findings[0].severity, 'information');
    assert.match(given.findings[0].message, /reported as ASYNC232/);
    const opened = (await engine({})).lint('import os\n\n\nasync def f(path):\n    return os.fdopen(os.open(path, os.O_RDONLY))\n');
    opened.tree?.delete();
    assert.equal(opened.findings.find((f) => f.code === 'ASYNC231')?.severity, 'warning');
  });
});
