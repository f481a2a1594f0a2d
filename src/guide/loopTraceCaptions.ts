import { handleLabel, type LoopStep } from './loopTrace';
import { TRACE_STRINGS, type TraceStringKey } from './loopTraceStrings';
import { translate } from './strings';
import type { GuideLanguage } from './types';
/** One sentence of a caption: its key and the values that fill it. */
export interface CaptionPart {
  key: TraceStringKey;
  args: Array<string | number>;
}

export function traceText(language: GuideLanguage, key: TraceStringKey, ...args: Array<string | number>): string {
  return translate(language, TRACE_STRINGS[key], ...args);
}

/** The sentences that describe what happened at a step, from its recorded event. */
export function captionParts(step: LoopStep): CaptionPart[] {
  if (step.phase === 'poll') return pollParts(step);
  if (step.phase === 'collect') return collectParts(step);
  return runParts(step);
}

export function caption(step: LoopStep, language: GuideLanguage): string {
  return captionParts(step)
    .map((part) => traceText(language, part.key, ...part.args))
    .join(' ');
}

function pollParts(step: LoopStep): CaptionPart[] {
  const { select } = step;
  const opening: CaptionPart =
    select.reason === 'ready'
      ? { key: 'pollReady', args: [step.iteration] }
      : select.reason === 'stopping'
        ? { key: 'pollStopping', args: [step.iteration] }
        : select.reason === 'timer'
          ? { key: 'pollTimer', args: [step.iteration, select.timeout ?? 0] }
          : { key: 'pollIo', args: [step.iteration] };
  const parts = [opening];
  parts.push({ key: select.events.length === 0 ? 'selectNothing' : 'selectEvents', args: [select.waited] });
  for (const event of select.events) {
    if (event.read) parts.push({ key: 'readable', args: [event.fd] });
    if (event.write) parts.push({ key: 'writable', args: [event.fd] });
  }
  return parts;
}

function collectParts(step: LoopStep): CaptionPart[] {
  const parts: CaptionPart[] = [];
  const { io = [], due = [] } = step.collected ?? {};
  if (io.length > 0) parts.push({ key: 'collectIo', args: [io.map(handleLabel).join(', ')] });
  if (due.length > 0) parts.push({ key: 'collectDue', args: [due.map(handleLabel).join(', ')] });
  parts.push({ key: 'collectBatch', args: [step.batch] });
  return parts;
}

function runParts(step: LoopStep): CaptionPart[] {
  const run = step.run;
  if (!run) return [];
  const handle = run.handle;
  const where = [step.position ?? 1, step.batch];
  if (handle.cancelled) return [{ key: 'runCancelled', args: [...where, handleLabel(handle)] }];
  const parts: CaptionPart[] = [];
  if (handle.kind === 'step') parts.push({ key: 'runStep', args: [...where, handle.task ?? '?'] });
  else if (handle.kind === 'wakeup') parts.push({ key: 'runWakeup', args: [...where, handle.task ?? '?'] });
  else if (handle.task) parts.push({ key: 'runCallFor', args: [...where, handle.name, handle.task] });
  else parts.push({ key: 'runCall', args: [...where, handle.name] });
  if (run.lines.length === 0) parts.push({ key: 'runLibraryCode', args: [] });
  const printed = run.output.replace(/\s+$/, '');
  if (printed) parts.push({ key: 'printed', args: [printed.split('\n').map((line) => `“${line}”`).join(', ')] });
  if (run.scheduled.length > 0) parts.push({ key: 'scheduled', args: [run.scheduled.map(handleLabel).join(', ')] });
  for (const timer of run.timersAdded) parts.push({ key: 'timerAdded', args: [handleLabel(timer), timer.at ?? 0] });
  for (const fd of step.watchChanges?.added ?? []) parts.push({ key: 'watchAdded', args: [fd] });
  for (const fd of step.watchChanges?.removed ?? []) parts.push({ key: 'watchRemoved', args: [fd] });
  if (run.scheduled.length === 0 && run.timersAdded.length === 0) parts.push({ key: 'scheduledNothing', args: [] });
  if (step.last && handle.name.startsWith('_run_until_complete_cb')) parts.push({ key: 'finished', args: [] });
  return parts;
}
