import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../analysis/analyzer';
import { t } from '../analysis/l10n';
import { FileSystemWorkspace } from '../analysis/fileSystemWorkspace';
import { checkFile, type CheckOptions, type FileJob, type FileReport } from './check';
import { FileRanges, importGroups } from './fileRanges';

/** What a worker needs to build its own engine: plain data, copied to each thread. */
export interface CheckSetup {
  /** Folders absolute imports resolve from. */
  roots: string[];
  check: CheckOptions;
  /** The files do not change during the run, so import resolution may remember what it found. */
  stableFiles: boolean;
}

const WORKER_MARK = 'python-async-guide/check-worker';

interface Job {
  index: number;
  job: FileJob;
}

type Reply = { index: number; report: FileReport } | { index: number; crash: string };

/** An engine and the workspace its imports resolve in, for one thread. */
export async function createChecker(setup: CheckSetup): Promise<(job: FileJob) => FileReport> {
  const workspace = new FileSystemWorkspace(setup.roots, undefined, { stable: setup.stableFiles });
  const engine = await createEngine({ workspace });
  return (job) => checkFile(engine, workspace, job, setup.check);
}

/**
 * Checks files on `jobs` worker threads, each with its own parser and module cache, each working
 * through its own packages' stretches of the file list (see FileRanges; `sizes` in bytes weigh
 * them). Reports come back in the order of `files`, so the output is the same as a single-threaded run.
 */
export async function checkInWorkers(files: FileJob[], sizes: number[], jobs: number, setup: CheckSetup, script: string): Promise<FileReport[]> {
  const reports: FileReport[] = new Array(files.length);
  const threads = Math.min(jobs, files.length);
  const ranges = new FileRanges(files.length, threads, { keys: importGroups(files.map((job) => job.file)), weights: sizes });
  const runWorker = (thread: number) =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(script, { workerData: { mark: WORKER_MARK, setup } });
      const current = new Set<number>();
      const send = () => {
        const index = ranges.take(thread);
        if (index !== undefined) {
          const job: Job = { index, job: files[index] };
          current.add(index);
          worker.postMessage(job);
        }
        if (current.size === 0) void worker.terminate().then(() => resolve());
      };
      worker.on('message', (reply: Reply) => {
        current.delete(reply.index);
        if ('crash' in reply) {
          reports[reply.index] = { findings: [], messages: [t('internal error in {0}: {1}', files[reply.index].file, reply.crash)], failed: true, fixed: 0 };
        } else {
          reports[reply.index] = reply.report;
        }
        send();
      });
      worker.on('error', reject);
      worker.once('online', () => {
        // Two files in flight per thread: the next one is there when the current one is done.
        send();
        send();
      });
    });
  await Promise.all(Array.from({ length: threads }, (_, thread) => runWorker(thread)));
  return reports;
}

/** The worker side: started by checkInWorkers on the CLI's own bundle. */
export function isCheckWorker(): boolean {
  return !isMainThread && (workerData as { mark?: string } | null)?.mark === WORKER_MARK;
}

export async function runCheckWorker(): Promise<void> {
  const { setup } = workerData as { setup: CheckSetup };
  const check = await createChecker(setup);
  parentPort!.on('message', (job: Job) => {
    let reply: Reply;
    try {
      reply = { index: job.index, report: check(job.job) };
    } catch (error) {
      reply = { index: job.index, crash: (error as Error).message };
    }
    parentPort!.postMessage(reply);
  });
}
