import * as assert from 'node:assert/strict';
import { findingOf, lines, withFixTitled } from '../support/lint';

describe('AIO106: the result of asyncio.wait dropped with its pending tasks', () => {
  it('keeps both sets and cancels the pending tasks', async () => {
    const text = lines(
      'import asyncio',
      '',
      'async def relay(pipe, a, b):',
      '    await asyncio.wait([asyncio.create_task(pipe(a, b)), asyncio.create_task(pipe(b, a))], return_when=asyncio.FIRST_COMPLETED)',
      '    a.close()',
    );
    const finding = await findingOf(text, 'AIO106');
    assert.equal(finding.severity, 'warning');
    assert.equal(
      withFixTitled(text, finding.fixes, 'Cancel'),
      lines(
        'import asyncio',
        '',
        'async def relay(pipe, a, b):',
        '    done, pending = await asyncio.wait([asyncio.create_task(pipe(a, b)), asyncio.create_task(pipe(b, a))], return_when=asyncio.FIRST_COMPLETED)',
        '    for task in pending:',
        '        task.cancel()',
        '    a.close()',
      ),
    );
  });
});
