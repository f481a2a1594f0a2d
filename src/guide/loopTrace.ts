import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeHash } from './recordedOutputs';

/**
 * A recording of asyncio's event loop running a small program, made by
 * `.ci/record_loop_trace.py` (npm run guide:loop-trace): per `_run_once` iteration, the ready
 * queue, timer heap and watched sockets as the running loop held them, what `select()` was given
 * and returned, and every handle that ran. The guide's step-through shows it one step at a time.
 */

/** A handle as recorded: a stable id across the trace, what it calls and the task it concerns. */
export interface TraceHandle {
  id: number;
  kind: 'step' | 'wakeup' | 'call';
  name: string;
  task?: string;
  /** Timer handles: when it is due, in ms since the first iteration. */
  at?: number;
  cancelled?: boolean;
}

/** A file descriptor the selector watches, with the callbacks registered for it. */
export interface TraceWatch {
  fd: number;
  selfPipe?: boolean;
  read?: TraceHandle;
  write?: TraceHandle;
}

export interface TraceSelect {
  /** The timeout `_run_once` passed, in ms; null for "wait until some I/O happens". */
  timeout: number | null;
  reason: 'ready' | 'stopping' | 'timer' | 'io';
  waited: number;
  events: Array<{ fd: number; read: boolean; write: boolean }>;
}

export interface TraceRun {
  handle: TraceHandle;
  /** Lines of the program executed while the handle ran, in order (consecutive repeats merged). */
  lines: number[];
  output: string;
  /** Handles it appended to the ready queue, and timers it created. */
  scheduled: TraceHandle[];
  timersAdded: TraceHandle[];
  readyAfter: TraceHandle[];
  timersAfter: TraceHandle[];
  watchedAfter: TraceWatch[];
}

export interface TraceIteration {
  index: number;
  /** ms since the first iteration, when select() was called. */
  now: number;
  ready: TraceHandle[];
  timers: TraceHandle[];
  watched: TraceWatch[];
  select: TraceSelect;
  /** Appended between select() and the first handle: I/O callbacks, then due timers. */
  io: TraceHandle[];
  due: TraceHandle[];
  /** The queue when the first handle was about to run, and the heap then. */
  queued: TraceHandle[];
  timersLeft: TraceHandle[];
  runs: TraceRun[];
}

export interface LoopTrace {
  /** codeHash() of the program that was recorded. */
  sha: string;
  python: string;
  platform: string;
  selector: string;
  output: string;
  iterations: TraceIteration[];
}

/** Recordings by the id of the section whose `trace` block they belong to. */
export type LoopTraces = Record<string, LoopTrace>;

export function loopTracesFile(guideDir: string): string {
  return path.join(guideDir, 'loop-traces.json');
}

/** Every recording; none when the file is missing or unreadable (the page then says so). */
export function loadLoopTraces(guideDir: string): LoopTraces {
  try {
    const json: unknown = JSON.parse(fs.readFileSync(loopTracesFile(guideDir), 'utf8'));
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as LoopTraces) : {};
  } catch {
    return {};
  }
}

/** The recording of a section's program, if it was made from this very code and has the expected shape. */
export function traceFor(traces: LoopTraces, section: string, code: string): LoopTrace | undefined {
  const trace = traces[section];
  if (!trace || trace.sha !== codeHash(code) || !Array.isArray(trace.iterations)) return undefined;
  return trace.iterations.every(isIteration) ? trace : undefined;
}

function isIteration(value: unknown): value is TraceIteration {
  const iteration = value as TraceIteration;
  return (
    typeof iteration === 'object' &&
    iteration !== null &&
    [iteration.ready, iteration.timers, iteration.watched, iteration.io, iteration.due, iteration.queued, iteration.timersLeft, iteration.runs].every(Array.isArray) &&
    typeof iteration.select === 'object' &&
    iteration.select !== null &&
    Array.isArray(iteration.select.events)
  );
}

/** Where one step is in `_run_once`: poll (timeout and select), collect (I/O and due timers), run. */
export type StepPhase = 'poll' | 'collect' | 'run';

/** What the step-through shows at one step: the three structures, the handle running, the code lines. */
export interface LoopStep {
  /** 0-based position in the whole trace. */
  index: number;
  iteration: number;
  phase: StepPhase;
  now: number;
  ready: TraceHandle[];
  timers: TraceHandle[];
  watched: TraceWatch[];
  select: TraceSelect;
  running?: TraceHandle;
  /** The run: what it printed, scheduled and which program lines it executed. */
  run?: TraceRun;
  /** Poll and collect steps of the same iteration see what select() returned; collect what joined the queue. */
  collected?: { io: TraceHandle[]; due: TraceHandle[] };
  /** Ids of handles that entered a structure at this step. */
  fresh: number[];
  /** How many handles of the queue this iteration runs (the snapshot of step 5 of `_run_once`). */
  batch: number;
  /** Which of them this is, 1-based (run steps). */
  position?: number;
  /** The last step of the trace. */
  last?: boolean;
  /** Run steps: file descriptors the selector started or stopped watching. */
  watchChanges?: { added: number[]; removed: number[] };
}

/**
 * The steps of a trace, in order: per iteration one poll step, one collect step when select() or
 * the heap gave anything, and one step per handle run. Every structure is the recorded snapshot.
 */
export function buildSteps(trace: LoopTrace): LoopStep[] {
  const steps: LoopStep[] = [];
  for (const iteration of trace.iterations) {
    const batch = iteration.queued.length;
    const base = { iteration: iteration.index, now: iteration.now, select: iteration.select, batch };
    steps.push({ ...base, index: steps.length, phase: 'poll', ready: iteration.ready, timers: iteration.timers, watched: iteration.watched, fresh: [] });
    if (iteration.io.length + iteration.due.length > 0) {
      steps.push({
        ...base,
        index: steps.length,
        phase: 'collect',
        ready: iteration.queued,
        timers: iteration.timersLeft,
        watched: iteration.watched,
        collected: { io: iteration.io, due: iteration.due },
        fresh: [...iteration.io, ...iteration.due].map((handle) => handle.id),
      });
    }
    let watched = iteration.watched;
    iteration.runs.forEach((run, runIndex) => {
      steps.push({
        ...base,
        index: steps.length,
        phase: 'run',
        ready: run.readyAfter,
        timers: run.timersAfter,
        watched: run.watchedAfter,
        running: run.handle,
        run,
        fresh: [...run.scheduled, ...run.timersAdded].map((handle) => handle.id),
        position: runIndex + 1,
        watchChanges: watchChanges(watched, run.watchedAfter),
      });
      watched = run.watchedAfter;
    });
  }
  if (steps.length > 0) steps[steps.length - 1].last = true;
  return steps;
}

/** File descriptors the selector started or stopped watching during a run. */
export function watchChanges(before: TraceWatch[], after: TraceWatch[]): { added: number[]; removed: number[] } {
  const fds = (list: TraceWatch[]) => new Set(list.map((watch) => watch.fd));
  const [old, now] = [fds(before), fds(after)];
  return { added: [...now].filter((fd) => !old.has(fd)), removed: [...old].filter((fd) => !now.has(fd)) };
}

/** The handle as the page labels it: `Task.__step · main()`, `greet()`. */
export function handleLabel(handle: TraceHandle): string {
  return handle.kind === 'call' ? handle.name : `${handle.name} · ${handle.task ?? '?'}()`;
}
