import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { engine } from '../support/engine';

const FIXTURE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'rules', 'async110_busy_wait.py');

describe('ASYNC110 on loops that poll no other task', () => {
  it('is information for while True, an awaited condition and a clock-only condition; a warning for the rest', async () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const lines = text.split('\n');
    const result = (await engine({})).lint(text);
    result.tree?.delete();
    const informational = result.findings.filter((f) => f.code === 'ASYNC110' && f.severity === 'information').map((f) => lines[f.range.start.line].trim());
    assert.deepEqual(informational, [
      'while True:  # expect: ASYNC110',
      'while True:  # expect: ASYNC110 (information: sleeps until cancelled)',
      'while not await client.send(message):  # expect: ASYNC110 (information: a retry)',
      'while datetime.datetime.utcnow() < deadline:  # expect: ASYNC110 (information: the clock only)',
      'while asyncio.get_running_loop().time() < deadline:  # expect: ASYNC110 (information: the clock only)',
    ]);
    const retry = result.findings.find((f) => lines[f.range.start.line].includes('client.send'));
    assert.match(retry?.message ?? '', /retries the call its condition awaits/);
  });
});
