import * as assert from 'node:assert/strict';
import { applyEdits } from '../../src/analysis/fixes/apply';
import { engine } from '../support/engine';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe('AIO106: the result of asyncio.wait dropped with its pending tasks', () => {
  it('keeps both sets and cancels the pending tasks', async () => {
    const text = lines(
      'import asyncio',
      '',
      'async def relay(pipe, a, b):',
      '    await asyncio.wait([asyncio.create_task(pipe(a, b)), asyncio.create_task(pipe(b, a))], return_when=asyncio.FIRST_COMPLETED)',
      '    a.close()',
    );
    const result = (await engine()).lint(text);
    result.tree?.delete();
    const finding = result.findings.find((candidate) => candidate.code === 'AIO106');
    assert.equal(finding?.severity, 'warning');
    const fix = finding!.fixes.find((candidate) => candidate.title.startsWith('Cancel'));
    assert.equal(
      applyEdits(text, fix!.edits),
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
