import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { engine } from '../support/engine';

const FIXTURE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'rules', 'async110_busy_wait.py');

describe('ASYNC110 on loops that poll no other task', () => {
  it('is information for while True (or on a local only assigned constants, or set only before the loop and handed to nothing), an awaited condition, a clock-only condition and a read of the system\'s state; a warning for the rest', async () => {
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
      'while not os.path.exists(ready_file):  # expect: ASYNC110, ASYNC240 (information: a file another program writes)',
      "while child.poll() is None:  # expect: ASYNC110 (information: a process's exit)",
      "while process.num_fds() > before:  # expect: ASYNC110 (information: the process's descriptors)",
      'while not os.path.exists(ready_file) and not job_done():  # expect: ASYNC110, ASYNC240 (information: reads the file system)',
      'while not await connection.auth_complete():  # expect: ASYNC110 (information: the awaited coroutine pumps the connection)',
      'while wait:  # expect: ASYNC110 (information: forever)',
      'while not engine:  # expect: ASYNC110 (information: never runs, or never ends)',
      'while not done:  # expect: ASYNC110 (information: never runs, or never ends)',
    ]);
    const frozen = result.findings.find((f) => lines[f.range.start.line].includes('while not engine'));
    assert.match(frozen?.message ?? '', /sets before the loop and nothing changes while it runs/);
    const external = result.findings.find((f) => lines[f.range.start.line].includes('child.poll()'));
    assert.match(external?.message ?? '', /polls `child\.poll\(\)`, a state outside the program/);
    const retry = result.findings.find((f) => lines[f.range.start.line].includes('client.send'));
    assert.match(retry?.message ?? '', /retries the call its condition awaits/);
  });
});
