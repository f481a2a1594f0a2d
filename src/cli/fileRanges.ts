import * as fs from 'node:fs';
import { packageRoot } from '../analysis/moduleResolution';

interface Stretch {
  next: number;
  end: number;
}

/**
 * Hands out file indexes to workers so that each works through contiguous stretches of the
 * (sorted) file list. A worker parses every module its files import: files that import each other
 * belong on one thread. Runs of files with the same group (their top-level package, see
 * `importGroups`) go whole to the worker with the least weight so far, heaviest first; with one
 * group, worker 0 starts on all of it and the others split it as they take their first file.
 * A worker that runs out takes the second half of the largest stretch still left.
 */
export class FileRanges {
  private readonly stretches: Stretch[][];

  constructor(count: number, workers: number, groups?: { keys: string[]; weights: number[] }) {
    this.stretches = Array.from({ length: workers }, () => []);
    const runs: (Stretch & { weight: number })[] = [];
    for (let index = 0; index < count; index++) {
      const weight = groups?.weights[index] ?? 1;
      const last = runs[runs.length - 1];
      if (last && groups?.keys[index] === groups?.keys[last.end - 1]) {
        last.end++;
        last.weight += weight;
      } else {
        runs.push({ next: index, end: index + 1, weight });
      }
    }
    const load = new Array<number>(workers).fill(0);
    for (const run of [...runs].sort((a, b) => b.weight - a.weight || a.next - b.next)) {
      const lightest = load.indexOf(Math.min(...load));
      load[lightest] += run.weight;
      this.stretches[lightest].push({ next: run.next, end: run.end });
    }
    for (const own of this.stretches) own.sort((a, b) => a.next - b.next);
  }

  /** The next file for `worker`, or undefined when every file has been handed out. */
  take(worker: number): number | undefined {
    const own = this.stretches[worker];
    while (own.length > 0 && own[0].next >= own[0].end) own.shift();
    if (own.length === 0) {
      let largest: Stretch | undefined;
      for (const stretch of this.stretches.flat()) {
        if (stretch.end - stretch.next > (largest ? largest.end - largest.next : 0)) largest = stretch;
      }
      if (!largest) return undefined;
      const middle = largest.next + Math.floor((largest.end - largest.next) / 2);
      own.push({ next: middle, end: largest.end });
      largest.end = middle;
    }
    return own[0].next++;
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
