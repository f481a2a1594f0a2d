import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { engine } from '../support/engine';

const FIXTURE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'rules', 'async231_descriptors.py');

describe('ASYNC231 on descriptors that name no path', () => {
  it('is information for pipes, terminals and copies of open descriptors, a warning for the rest', async () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const result = (await engine({})).lint(text);
    result.tree?.delete();
    const severities = result.findings.filter((f) => f.code === 'ASYNC231').map((f) => [f.range.start.line + 1, f.severity]);
    assert.deepEqual(severities, [
      [11, 'information'],
      [12, 'information'],
      [18, 'information'],
      [22, 'information'],
      [23, 'information'],
      [29, 'warning'],
      [34, 'warning'],
      [40, 'warning'],
    ]);
  });

  it('suggests watching the pipe from the loop', async () => {
    const result = (await engine({})).lint('import os\n\n\nasync def f():\n    r, w = os.pipe()\n    return os.fdopen(r)\n');
    result.tree?.delete();
    assert.match(result.findings[0].message, /connect_read_pipe/);
  });
});
