import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { skipReason, withoutLoneCarriageReturns } from '../analysis/analyzer';
import { Deadline, timeBudgetOf, withDeadline } from '../analysis/budget';
import type { Parser } from 'web-tree-sitter';
import { parseUnlessCancelled } from '../analysis/parser';
import { readTree, treeBuffers, type TreeArrays } from '../analysis/syntaxTree';
import type { ReadAhead } from '../analysis/workspace';
import type { FileJob } from './check';
import { decodePython, readSourceFile } from './files';

/*
 * The read-ahead: a worker thread parses the files to check and reads their trees into arrays (see
 * SyntaxTree), which it posts to the thread that analyses them. The two claim files in shared memory,
 * so that each file is parsed once: the analysing thread parses a file itself when it needs it (to
 * check it, or as an import) before the worker got to it, and waits for the worker's arrays when the
 * worker already took it. The worker stays within a lead past the file being checked (see withinLead).
 */

const POSITION = 0;
const POSTED = 1;
const ENDED = 2;
const HEADER = 3;
const FREE = 0;
const WORKER = 1;
const ANALYSER = 2;
/**
 * How far the worker may read past the file being checked. Trees read ahead wait in memory (some 8 bytes
 * of arrays per byte of source, with the text), so the lead is bounded in bytes; but it always covers
 * `files` files, whatever their size. A short lead costs time: the check then parses the modules its
 * files import further on itself, or waits for the one the worker is reading (32 files on the corpus: 0.3 s).
 */
export interface Lead {
  files: number;
  bytes: number;
}

export const LEAD: Lead = { files: 32, bytes: 4_000_000 };

/** Whether the worker may read file `index` while file `position` is checked; `bytesBefore[i]`: the size of the files before file i. */
export function withinLead(index: number, position: number, bytesBefore: ArrayLike<number>, lead: Lead = LEAD): boolean {
  return index - position <= lead.files || bytesBefore[index] - bytesBefore[position] <= lead.bytes;
}

/** The sizes of the files before each file (and of all of them, last). */
export function bytesBefore(sizes: readonly number[]): Float64Array {
  const before = new Float64Array(sizes.length + 1);
  sizes.forEach((size, index) => (before[index + 1] = before[index] + size));
  return before;
}
/** Longest wait for a file the worker took, past the file's own time budget, before parsing it here. */
const WAIT_SLACK_MS = 5_000;

/** What the worker posts for a file it took: its arrays, or none when it could not parse it in time. */
export interface ReadFile {
  index: number;
  text?: string;
  arrays?: TreeArrays;
}

/** The analysing thread's side: answers the engine's `ReadAhead` questions for the files of the run. */
export class ReadAheadReceiver {
  private readonly indexOf = new Map<string, number>();
  private readonly ready = new Map<number, ReadFile>();
  /** Every file the worker posted: one asked for again after it was used (a module evicted from the cache) is parsed here. */
  private readonly received = new Set<number>();

  constructor(
    private readonly files: FileJob[],
    private readonly state: Int32Array,
    private readonly port: MessagePort,
  ) {
    files.forEach((job, index) => this.indexOf.set(job.file, index));
  }

  static shared(count: number): Int32Array {
    return new Int32Array(new SharedArrayBuffer((HEADER + count) * 4));
  }

  /** The file this thread checks now: files before it will not be asked for as themselves again. */
  checking(index: number): void {
    for (const done of this.ready.keys()) if (done < index) this.ready.delete(done);
    Atomics.store(this.state, POSITION, index);
    Atomics.notify(this.state, POSITION);
  }

  /** Tells the worker to stop, whatever it still has to read. */
  finish(): void {
    Atomics.store(this.state, POSITION, this.files.length);
    Atomics.notify(this.state, POSITION);
  }

  readonly lookup: ReadAhead = (file, text) => {
    const index = this.indexOf.get(file);
    if (index === undefined) return undefined;
    const slot = HEADER + index;
    // Not taken by the worker yet: this thread parses it, and the worker will pass it by.
    if (Atomics.compareExchange(this.state, slot, FREE, ANALYSER) === FREE || this.state[slot] === ANALYSER) return undefined;
    const read = this.take(index);
    return read?.text === text ? read.arrays : undefined;
  };

  private take(index: number): ReadFile | undefined {
    const budgetMs = timeBudgetOf(this.files[index].options.timeBudgetMs);
    const giveUp = performance.now() + budgetMs + WAIT_SLACK_MS;
    for (;;) {
      const posted = Atomics.load(this.state, POSTED);
      for (let message = receiveMessageOnPort(this.port); message; message = receiveMessageOnPort(this.port)) {
        const read = message.message as ReadFile;
        this.ready.set(read.index, read);
        this.received.add(read.index);
      }
      const read = this.ready.get(index);
      this.ready.delete(index);
      if (read || this.received.has(index)) return read;
      if (Atomics.load(this.state, ENDED) === 1 && Atomics.load(this.state, POSTED) === posted) return undefined;
      const left = giveUp - performance.now();
      if (left <= 0) return undefined;
      Atomics.wait(this.state, POSTED, posted, Math.min(left, 100));
    }
  }
}

/** The worker's side: reads every file no one has taken yet, in order, within the lead (see withinLead). */
export function readFilesAhead(parser: Parser, files: FileJob[], sizes: readonly number[], state: Int32Array, post: (read: ReadFile, transfer: ArrayBuffer[]) => void): void {
  const before = bytesBefore(sizes);
  try {
    for (let index = 0; index < files.length; index++) {
      for (let at = Atomics.load(state, POSITION); at < files.length && !withinLead(index, at, before); at = Atomics.load(state, POSITION)) Atomics.wait(state, POSITION, at, 100);
      if (Atomics.load(state, POSITION) >= files.length) return;
      if (Atomics.compareExchange(state, HEADER + index, FREE, WORKER) !== FREE) continue;
      const read = readFile(parser, files[index], index);
      post(read, read.arrays ? treeBuffers(read.arrays) : []);
      Atomics.add(state, POSTED, 1);
      Atomics.notify(state, POSTED);
    }
  } finally {
    Atomics.store(state, ENDED, 1);
    Atomics.notify(state, POSTED);
  }
}

/** The file's tree as arrays, read from the text the check reads; none for what the check does not parse. */
function readFile(parser: Parser, job: FileJob, index: number): ReadFile {
  if (job.file.endsWith('.ipynb')) return { index };
  const read = readSourceFile(job.file);
  if (!('bytes' in read)) return { index };
  const text = decodePython(read.bytes);
  if (skipReason(text) || withoutLoneCarriageReturns(text) !== text) return { index };
  const deadline = new Deadline(timeBudgetOf(job.options.timeBudgetMs));
  const tree = parseUnlessCancelled(parser, text, undefined, () => deadline.expired);
  if (!tree) return { index };
  try {
    return { index, text, arrays: withDeadline(deadline, () => readTree(tree)) };
  } catch {
    // Out of time or stack while reading: the analysing thread parses it and says so.
    return { index };
  } finally {
    tree.delete();
  }
}
