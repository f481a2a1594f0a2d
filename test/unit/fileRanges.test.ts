import * as assert from 'node:assert/strict';
import { FileRanges } from '../../src/cli/fileRanges';

/** Takes files for workers in the given order of turns until none is left; what each worker got. */
function drain(ranges: FileRanges, workers: number, turns: (step: number) => number): number[][] {
  const taken: number[][] = Array.from({ length: workers }, () => []);
  const done = new Set<number>();
  for (let step = 0; done.size < workers; step++) {
    const worker = turns(step);
    if (done.has(worker)) continue;
    const index = ranges.take(worker);
    if (index === undefined) done.add(worker);
    else taken[worker].push(index);
  }
  return taken;
}

describe('CLI worker scheduling (issue 10)', () => {
  it('hands out every file exactly once, at the same pace or with worker 0 four times as fast', () => {
    for (const [count, workers] of [[0, 2], [1, 2], [2, 3], [30, 2], [101, 4], [7, 8]]) {
      for (const pace of [(step: number) => step % workers, (step: number) => Math.max(0, (step % (workers + 3)) - 3)]) {
        const taken = drain(new FileRanges(count, workers), workers, pace);
        assert.deepEqual(taken.flat().sort((a, b) => a - b), Array.from({ length: count }, (_, index) => index), `${count} files, ${workers} workers`);
      }
    }
  });

  it('gives each worker a contiguous stretch while all keep the same pace', () => {
    const taken = drain(new FileRanges(40, 2), 2, (step) => step % 2);
    assert.deepEqual(taken[0], Array.from({ length: 20 }, (_, index) => index));
    assert.deepEqual(taken[1], Array.from({ length: 20 }, (_, index) => 20 + index));
  });

  it('lets a fast worker take the second half of what a slow one has left', () => {
    const ranges = new FileRanges(40, 2);
    assert.equal(ranges.take(1), 20);
    for (let index = 21; index < 40; index++) assert.equal(ranges.take(1), index);
    assert.equal(ranges.take(1), 10, 'the slow worker keeps 0..9');
    assert.equal(ranges.take(0), 0);
    assert.equal(ranges.take(1), 11);
  });
});
