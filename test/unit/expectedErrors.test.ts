import * as assert from 'node:assert/strict';
import { isExpectedExtensionError } from '../integration/expectedErrors';

describe('errors the integration suite expects from its crash test', () => {
  const kill = '2026-12-05 08:13:46.509 [error] Server process exited with signal SIGKILL.';
  const erroring = '2026-12-05 08:13:46.508 [error] Client Python Async Guide: connection to server is erroring.';

  it('accepts the kill, and a failed write only right before it', () => {
    const lines = [erroring, 'write EPIPE', kill, '2026-12-05 08:13:46.529 [warning] restarted'];
    assert.deepEqual(lines.map((_, index) => isExpectedExtensionError(lines, index)), [true, false, true, false]);
  });

  it('does not accept a failed write on its own, or another error', () => {
    const lines = [erroring, 'write EPIPE', '2026-12-05 08:14:00.000 [info] later', '[warning] x', '[info] y', kill];
    assert.equal(isExpectedExtensionError(lines, 0), false);
    assert.equal(isExpectedExtensionError(['2026-12-05 [error] Rule error in file.py'], 0), false);
  });
});
