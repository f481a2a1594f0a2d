import * as fs from 'node:fs';
import { packageRoot } from '../analysis/moduleResolution';

const LOCK = 0;
const RUNS = 1;
const HEADER = 2;

/**
 * Hands out file indexes to threads so that each works through contiguous stretches of the
 * (sorted) file list. A thread parses every module its files import: files that import each other
 * belong on one thread. Runs of files with the same group (their top-level package, see
 * `importGroups`) go whole to the thread with the least weight so far, heaviest first; with one
 * group, thread 0 starts on all of it and the others split it as they take their first file.
 * A thread that runs out takes the second half of the largest stretch still left.
 *
 * The stretches live in shared memory (`state`), so that every thread takes its next file itself,
 * without waiting for another to answer: `(owner, next, end)` per stretch, behind a lock.
 */
export class FileRanges {
  constructor(readonly state: Int32Array) {}

  static plan(count: number, threads: number, groups?: { keys: string[]; weights: number[] }): FileRanges {
    const runs: { start: number; end: number; weight: number }[] = [];
    for (let index = 0; index < count; index++) {
      const weight = groups?.weights[index] ?? 1;
      const last = runs[runs.length - 1];
      if (last && groups?.keys[index] === groups?.keys[last.end - 1]) {
        last.end++;
        last.weight += weight;
      } else {
        runs.push({ start: index, end: index + 1, weight });
      }
    }
    const owners = new Array<number>(runs.length);
    const load = new Array<number>(threads).fill(0);
    for (const index of runs.map((_, index) => index).sort((a, b) => runs[b].weight - runs[a].weight || a - b)) {
      const lightest = load.indexOf(Math.min(...load));
      load[lightest] += runs[index].weight;
      owners[index] = lightest;
    }
    // Each stretch taken over from another thread adds one, with at least one file: `count` more at most.
    const state = new Int32Array(new SharedArrayBuffer((HEADER + 3 * (runs.length + count)) * 4));
    state[RUNS] = runs.length;
    runs.forEach((run, index) => state.set([owners[index], run.start, run.end], HEADER + 3 * index));
    return new FileRanges(state);
  }

  /** The next file for `thread`, or undefined when every file has been handed out. */
  take(thread: number): number | undefined {
    const { state } = this;
    while (Atomics.compareExchange(state, LOCK, 0, 1) !== 0) Atomics.wait(state, LOCK, 1, 1);
    try {
      const runs = state[RUNS];
      let chosen = -1;
      let largest = -1;
      for (let run = 0, at = HEADER; run < runs; run++, at += 3) {
        const left = state[at + 2] - state[at + 1];
        if (left > 0 && state[at] === thread) {
          chosen = at;
          break;
        }
        if (left > 0 && (largest < 0 || left > state[largest + 2] - state[largest + 1])) largest = at;
      }
      if (chosen < 0) {
        if (largest < 0) return undefined;
        const middle = state[largest + 1] + Math.floor((state[largest + 2] - state[largest + 1]) / 2);
        chosen = HEADER + 3 * runs;
        state.set([thread, middle, state[largest + 2]], chosen);
        state[largest + 2] = middle;
        state[RUNS] = runs + 1;
      }
      return state[chosen + 1]++;
    } finally {
      Atomics.store(state, LOCK, 0);
      Atomics.notify(state, LOCK, 1);
    }
  }
}

/**
 * Each file's top-level package folder (where its absolute imports of its own package resolve
 * from): files of one package import each other, files of two packages seldom do.
 */
export function importGroups(files: string[]): string[] {
  const found = new Map<string, boolean>();
  const isFile = (file: string) => {
    let exists = found.get(file);
    if (exists === undefined) found.set(file, (exists = fs.existsSync(file)));
    return exists;
  };
  return files.map((file) => packageRoot(file, isFile));
}
