import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { engine } from '../support/engine';

const FIXTURE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'rules', 'async231_descriptors.py');

describe('ASYNC231: os.fdopen wraps an open descriptor', () => {
  it('is information whatever the descriptor (the call waits for nothing), and the reads and writes are ASYNC232 warnings', async () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const result = (await engine({})).lint(text);
    result.tree?.delete();
    const lines = text.split('\n');
    const lineOf = (snippet: string, from = 0) => lines.findIndex((line, index) => index >= from && line.includes(snippet)) + 1;
    const fdopens = result.findings.filter((f) => f.code === 'ASYNC231');
    assert.equal(fdopens.length, lines.filter((line) => line.includes('os.fdopen(')).length);
    assert.ok(fdopens.every((f) => f.severity === 'information'));
    const io = result.findings.filter((f) => f.code === 'ASYNC232').map((f) => [f.range.start.line + 1, f.severity]);
    assert.deepEqual(io, [
      [lineOf('file.write("x")'), 'warning'],
      [lineOf('return reader.read()'), 'warning'],
      [lineOf('os.fdopen(fd).read()'), 'warning'],
    ]);
  });

  it('says why the call does not wait, and suggests watching a pipe from the loop', async () => {
    const pipe = (await engine({})).lint('import os\n\n\nasync def f():\n    r, w = os.pipe()\n    return os.fdopen(r)\n');
    pipe.tree?.delete();
    assert.match(pipe.findings[0].message, /does not block the event loop here/);
    assert.match(pipe.findings[0].message, /connect_read_pipe/);
    const file = (await engine({})).lint('import os\n\n\nasync def f(path):\n    fd = os.open(path, os.O_RDONLY)\n    return os.fdopen(fd)\n');
    file.tree?.delete();
    assert.match(file.findings[0].message, /reported as ASYNC232/);
  });
});
