import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileRanges, importGroups } from '../../src/cli/fileRanges';

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
        const taken = drain(FileRanges.plan(count, workers), workers, pace);
        assert.deepEqual(taken.flat().sort((a, b) => a - b), Array.from({ length: count }, (_, index) => index), `${count} files, ${workers} workers`);
      }
    }
  });

  it('gives each worker a contiguous stretch while all keep the same pace', () => {
    const taken = drain(FileRanges.plan(40, 2), 2, (step) => step % 2);
    assert.deepEqual(taken[0], Array.from({ length: 20 }, (_, index) => index));
    assert.deepEqual(taken[1], Array.from({ length: 20 }, (_, index) => 20 + index));
  });

  it('lets a fast worker take the second half of what a slow one has left', () => {
    const ranges = FileRanges.plan(40, 2);
    assert.equal(ranges.take(1), 20);
    for (let index = 21; index < 40; index++) assert.equal(ranges.take(1), index);
    assert.equal(ranges.take(1), 10, 'the slow worker keeps 0..9');
    assert.equal(ranges.take(0), 0);
    assert.equal(ranges.take(1), 11);
  });

  it('keeps each group of files on one worker, the heaviest groups first, balanced by weight', () => {
    // Groups: a (0..3, weight 4), b (4..5, weight 10), c (6..9, weight 4).
    const keys = ['a', 'a', 'a', 'a', 'b', 'b', 'c', 'c', 'c', 'c'];
    const weights = [1, 1, 1, 1, 5, 5, 1, 1, 1, 1];
    const ranges = FileRanges.plan(10, 2, { keys, weights });
    assert.deepEqual([ranges.take(0), ranges.take(0)], [4, 5]);
    assert.deepEqual(Array.from({ length: 8 }, () => ranges.take(1)), [0, 1, 2, 3, 6, 7, 8, 9]);
    assert.equal(ranges.take(0), undefined);
  });

  it('still hands out every file once when groups are uneven and a worker runs out', () => {
    const keys = Array.from({ length: 50 }, (_, index) => (index < 45 ? 'big' : `small${index}`));
    const taken = drain(FileRanges.plan(50, 3, { keys, weights: keys.map(() => 1) }), 3, (step) => step % 3);
    assert.deepEqual(taken.flat().sort((a, b) => a - b), Array.from({ length: 50 }, (_, index) => index));
    assert.ok(taken.every((own) => own.length >= 10), 'the others take over parts of the big group');
  });

  it('groups files by their top-level package folder', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-groups-'));
    for (const file of ['one/pkg/__init__.py', 'one/pkg/sub/__init__.py', 'one/pkg/sub/a.py', 'one/pkg/b.py', 'one/tests/test_b.py', 'two/pkg2/__init__.py', 'two/pkg2/c.py']) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), '');
    }
    const groups = importGroups(['one/pkg/sub/a.py', 'one/pkg/b.py', 'one/tests/test_b.py', 'two/pkg2/c.py'].map((file) => path.join(root, file)));
    assert.deepEqual(groups, ['one', 'one', 'one/tests', 'two'].map((folder) => path.join(root, folder)));
    fs.rmSync(root, { recursive: true, force: true });
  });
});
