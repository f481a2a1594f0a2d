/**
 * Hands out file indexes to workers so that each works through one contiguous stretch of the
 * (sorted) file list. Neighbouring files import each other, and a worker parses every module its
 * files import: interleaving files across workers made each parse nearly the whole project.
 * A worker that runs out takes the second half of the largest stretch still left.
 */
export class FileRanges {
  private readonly ranges: { next: number; end: number }[];

  constructor(count: number, workers: number) {
    this.ranges = Array.from({ length: workers }, (_, worker) => ({
      next: Math.floor((count * worker) / workers),
      end: Math.floor((count * (worker + 1)) / workers),
    }));
  }

  /** The next file for `worker`, or undefined when every file has been handed out. */
  take(worker: number): number | undefined {
    const own = this.ranges[worker];
    if (own.next >= own.end) {
      const largest = this.ranges.reduce((best, range) => (range.end - range.next > best.end - best.next ? range : best));
      const left = largest.end - largest.next;
      if (left <= 0) return undefined;
      const middle = largest.next + Math.floor(left / 2);
      own.next = middle;
      own.end = largest.end;
      largest.end = middle;
    }
    return own.next++;
  }
}
