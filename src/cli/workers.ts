import { MessageChannel, Worker, isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { createEngine, type Analyzer } from '../analysis/analyzer';
import { compilePythonWasm, createPythonParser, type PythonWasm } from '../analysis/parser';
import { t } from '../analysis/l10n';
import { FileSystemWorkspace } from '../analysis/fileSystemWorkspace';
import { checkFile, type CheckOptions, type FileJob, type FileReport } from './check';
import { FileRanges, importGroups } from './fileRanges';
import { ReadAheadReceiver, readFilesAhead } from './readAhead';

/** What a worker needs to build its own engine: plain data, copied to each thread. */
export interface CheckSetup {
  /** Folders absolute imports resolve from. */
  roots: string[];
  check: CheckOptions;
  /** The files do not change during the run, so import resolution may remember what it found. */
  stableFiles: boolean;
}

const WORKER_MARK = 'python-async-guide/check-worker';

/** The parser's compiled WebAssembly, sent to each worker as soon as this thread has it. */
interface Start {
  wasm: PythonWasm;
}

/** The run, sent to each worker once the files are known. */
interface Run {
  files: FileJob[];
  ranges: Int32Array;
  thread: number;
}

/** The run of a read-ahead worker: the files, their sizes, their claims (see ReadAheadReceiver) and where to post trees. */
interface ReadAheadRun {
  files: FileJob[];
  sizes: number[];
  state: Int32Array;
  port: MessagePort;
}

/** What a worker thread does: check files, or read their trees ahead of the thread that checks them. */
export type WorkerRole = 'check' | 'read-ahead';

/** Checks one file; `engine` is the engine it checks with. */
export type Checker = ((job: FileJob) => FileReport) & { engine: Analyzer };

type Reply = { index: number; report: FileReport } | { index: number; crash: string } | { done: true };

/** An engine and the workspace its imports resolve in, for one thread. */
export async function createChecker(setup: CheckSetup, wasm?: PythonWasm): Promise<Checker> {
  const workspace = new FileSystemWorkspace(setup.roots, undefined, { stable: setup.stableFiles });
  const engine = await createEngine({ workspace }, wasm);
  return Object.assign((job: FileJob) => checkFile(engine, workspace, job, setup.check), { engine });
}

/**
 * Worker threads for `checkInWorkers`, started before the files are walked so that loading the
 * bundle overlaps with the walk. This thread compiles the parser's WebAssembly and posts it to them:
 * they skip the compile and share V8's machine code for it, optimised as any thread runs it.
 */
export function startWorkers(count: number, setup: CheckSetup, script: string, role: WorkerRole = 'check'): Worker[] {
  const workers = Array.from({ length: count }, () => {
    const worker = new Worker(script, { workerData: { mark: WORKER_MARK, setup, role } });
    // Kept until checkInWorkers listens (an unheard 'error' event would end the process).
    worker.once('error', (error) => failures.set(worker, error));
    worker.once('exit', () => exited.add(worker));
    return worker;
  });
  // A failed compile fails this thread's own checker too, which ends the run.
  compilePythonWasm().then((wasm) => {
    for (const worker of workers) worker.postMessage({ wasm } satisfies Start);
  }, () => undefined);
  return workers;
}

const failures = new WeakMap<Worker, Error>();
const exited = new WeakSet<Worker>();

function crashReport(file: string, message: string): FileReport {
  return { findings: [], messages: [t('internal error in {0}: {1}', file, message)], failed: true, fixed: 0, noqaAdded: 0 };
}

/**
 * Checks files on this thread (with `check`) and on `workers`, each with its own parser and module
 * cache, each working through its own packages' stretches of the file list (see FileRanges; `sizes`
 * in bytes weigh them). Reports come back in the order of `files`, so the output is the same as a
 * single-threaded run. The workers end with the run.
 */
export async function checkInWorkers(files: FileJob[], sizes: number[], workers: Worker[], check: (job: FileJob) => FileReport): Promise<FileReport[]> {
  const reports: FileReport[] = new Array(files.length);
  const ranges = FileRanges.plan(files.length, workers.length + 1, { keys: importGroups(files.map((job) => job.file)), weights: sizes });
  const runWorker = (worker: Worker, thread: number) =>
    new Promise<void>((resolve, reject) => {
      let done = false;
      worker.on('message', (reply: Reply) => {
        if ('done' in reply) {
          done = true;
          void worker.terminate().then(() => resolve());
        } else {
          reports[reply.index] = 'crash' in reply ? crashReport(files[reply.index].file, reply.crash) : reply.report;
        }
      });
      const ended = () => {
        if (!done) reject(failures.get(worker) ?? new Error('a worker thread ended before its files were checked'));
      };
      worker.on('error', reject);
      worker.on('exit', ended);
      if (exited.has(worker)) ended();
      const run: Run = { files, ranges: ranges.state, thread };
      worker.postMessage(run);
    });
  const running = Promise.all(workers.map((worker, index) => runWorker(worker, index + 1)));
  // This thread's own share, one file per turn of the event loop so that the workers' reports are taken in.
  for (let index = ranges.take(0); index !== undefined; index = ranges.take(0)) {
    try {
      reports[index] = check(files[index]);
    } catch (error) {
      reports[index] = crashReport(files[index].file, (error as Error).message);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await running;
  return reports;
}

/**
 * Checks the files in order on this thread while `worker` parses ahead (see readAhead.ts): the
 * parse and the tree's copy, some half of a file's cost, run beside the rules. On two CPUs this beats
 * two checking threads, each of which warms up its own JIT and parses the modules its files import.
 */
export async function checkWithReadAhead(files: FileJob[], sizes: number[], worker: Worker, check: Checker): Promise<FileReport[]> {
  const state = ReadAheadReceiver.shared(files.length);
  const { port1, port2 } = new MessageChannel();
  const receiver = new ReadAheadReceiver(files, state, port1);
  worker.on('error', () => undefined);
  worker.postMessage({ files, sizes, state, port: port2 } satisfies ReadAheadRun, [port2]);
  check.engine.useReadAhead(receiver.lookup);
  try {
    return files.map((job, index) => {
      receiver.checking(index);
      try {
        return check(job);
      } catch (error) {
        return crashReport(job.file, (error as Error).message);
      }
    });
  } finally {
    check.engine.useReadAhead(undefined);
    receiver.finish();
    port1.close();
    await worker.terminate();
  }
}

/** The worker side: started by checkInWorkers on the CLI's own bundle. */
export function isCheckWorker(): boolean {
  return !isMainThread && (workerData as { mark?: string } | null)?.mark === WORKER_MARK;
}

export function runCheckWorker(): void {
  const { setup, role } = workerData as { setup: CheckSetup; role: WorkerRole };
  if (role === 'read-ahead') {
    let parser: ReturnType<typeof createPythonParser> | undefined;
    parentPort!.on('message', (message: Start | ReadAheadRun) => {
      if ('wasm' in message) parser = createPythonParser(message.wasm);
      else void parser!.then((ready) => readFilesAhead(ready, message.files, message.sizes, message.state, (read, transfer) => message.port.postMessage(read, transfer)));
    });
    return;
  }
  let checker: Promise<Checker> | undefined;
  // One listener for both messages: the engine is built while the main thread walks the files.
  parentPort!.on('message', (message: Start | Run) => {
    if ('wasm' in message) checker = createChecker(setup, message.wasm);
    else void checker!.then((check) => checkRange(check, message));
  });
}

function checkRange(check: (job: FileJob) => FileReport, { files, ranges: state, thread }: Run): void {
  const ranges = new FileRanges(state);
  for (let index = ranges.take(thread); index !== undefined; index = ranges.take(thread)) {
    let reply: Reply;
    try {
      reply = { index, report: check(files[index]) };
    } catch (error) {
      reply = { index, crash: (error as Error).message };
    }
    parentPort!.postMessage(reply);
  }
  parentPort!.postMessage({ done: true } satisfies Reply);
}
