import * as assert from 'node:assert/strict';
import { dedent, planInsertion } from '../../src/guide/insertion';

const SAMPLE = 'import asyncio\n\n\nasync def retry_later(job) -> None:\n    await asyncio.sleep(2)\n';

describe('inserting a guide sample', () => {
  it('dedents a sample and trims blank lines at both ends', () => {
    assert.equal(dedent('\n\n    a = 1\n    if a:\n        b = 2\n\n'), 'a = 1\nif a:\n    b = 2');
    assert.equal(dedent('x\r\n  y'), 'x\n  y');
    assert.equal(dedent('   \n'), '');
  });

  it('inserts at the cursor on a blank line (the editor indents the following lines like the cursor line)', () => {
    assert.deepEqual(planInsertion('    ', 7, 4, SAMPLE, '    '), { line: 7, character: 4, text: SAMPLE.trimEnd() });
    assert.deepEqual(planInsertion('', 0, 0, 'x = 1\n', '    '), { line: 0, character: 0, text: 'x = 1' });
  });

  it('inserts on a new line below a line of code, at its indentation', () => {
    const plan = planInsertion('    result = compute()', 3, 6, 'await asyncio.sleep(1)\nprint("done")', '    ');
    assert.deepEqual(plan, { line: 3, character: 22, text: '\nawait asyncio.sleep(1)\nprint("done")' });
  });

  it('indents one level deeper after a line that opens a block', () => {
    assert.deepEqual(planInsertion('async def main():', 0, 3, 'await asyncio.sleep(1)\n\nreturn 1', '    '), {
      line: 0,
      character: 17,
      text: '\n    await asyncio.sleep(1)\n\n    return 1',
    });
    assert.equal(planInsertion('    with lock:  # guarded', 2, 0, 'x()', '\t').text, '\n\tx()');
    assert.equal(planInsertion('    print("a:")', 2, 0, 'x()', '    ').text, '\nx()', 'a colon inside a string does not open a block');
  });
});
