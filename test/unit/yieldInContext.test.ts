import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { engine } from '../support/engine';

const FIXTURE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'rules', 'async119_yield_in_with.py');

describe('ASYNC119 on a with block that only holds a buffer', () => {
  it('is information for with memoryview(...) alone, a warning once a real resource is held too', async () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const lines = text.split('\n');
    const result = (await engine({})).lint(text);
    result.tree?.delete();
    const found = result.findings.filter((f) => f.code === 'ASYNC119' && lines[f.range.start.line].includes('view['));
    assert.deepEqual(
      found.map((f) => [lines[f.range.start.line].trim(), f.severity]),
      [
        ['yield view[start : start + size]  # expect: ASYNC119 (information: a buffer only)', 'information'],
        ['yield view[:1]  # expect: ASYNC119 (warning: the lock too)', 'warning'],
      ],
    );
    assert.match(found[0].message, /the buffer stays exported/);
  });
});
