import { escapeHtml, highlightPython } from './highlight';
import { buildSteps, handleLabel, type LoopStep, type LoopTrace, type TraceHandle, type TraceWatch } from './loopTrace';
import { caption, traceText } from './loopTraceCaptions';
import type { TraceStringKey } from './loopTraceStrings';
import type { GuideLanguage } from './types';

/**
 * The step-through of a recorded loop trace, as HTML. Every step is rendered here, as one row of a
 * table: without scripts (the static site) the table is the readable record of the run; the guide's
 * page script turns it into a player that shows one row at a time (media/guide-view/guide.js).
 */
export function renderLoopTrace(code: string, trace: LoopTrace | undefined, language: GuideLanguage): string {
  const text = (key: TraceStringKey, ...args: Array<string | number>) => escapeHtml(traceText(language, key, ...args));
  if (!trace) {
    return `<div class="loop-trace missing"><p class="notice">${text('notRecorded')}</p>${codeView(code)}</div>\n`;
  }
  const steps = buildSteps(trace);
  const controls =
    `<div class="loop-trace-controls" hidden>` +
    `<button type="button" class="loop-trace-button" data-trace-action="reset">${text('reset')}</button>` +
    `<button type="button" class="loop-trace-button" data-trace-action="previous">← ${text('previousStep')}</button>` +
    `<button type="button" class="loop-trace-button" data-trace-action="next">${text('nextStep')} →</button>` +
    `<span class="loop-trace-position" aria-live="polite"></span>` +
    `</div>`;
  const head = `<thead><tr><th scope="col">${text('step')}</th><th scope="col">${text('whatHappens')}</th><th scope="col">${text('readyQueue')}</th><th scope="col">${text('timerHeap')}</th><th scope="col">${text('selector')}</th></tr></thead>`;
  const rows = steps.map((step) => stepRow(step, steps.length, language)).join('\n');
  return (
    `<div class="loop-trace" role="group" data-steps="${steps.length}" aria-label="${text('label')}">\n` +
    `<p class="loop-trace-recorded">${text('recorded', trace.python, trace.selector, trace.platform)}</p>\n` +
    `<p class="loop-trace-keyboard" hidden>${text('keyboard')}</p>\n` +
    controls +
    `<div class="loop-trace-body">\n${codeView(code)}\n` +
    `<table class="loop-trace-steps">${head}<tbody>\n${rows}\n</tbody></table>\n</div>\n</div>\n`
  );
}

/** The program, one element per line so that the page can mark the lines a step ran. */
function codeView(code: string): string {
  const lines = code.split('\n').map((line, index) => `<span class="trace-line" data-line="${index + 1}"><span class="trace-line-number">${index + 1}</span>${highlightPython(line)}</span>`);
  return `<pre class="loop-trace-code" tabindex="0"><code class="language-python">${lines.join('\n')}</code></pre>`;
}

function stepRow(step: LoopStep, count: number, language: GuideLanguage): string {
  const text = (key: TraceStringKey, ...args: Array<string | number>) => escapeHtml(traceText(language, key, ...args));
  const lines = step.run?.lines ?? [];
  const phases = (['poll', 'collect', 'run'] as const)
    .map((phase) => `<li class="trace-phase${phase === step.phase ? ' current' : ''}">${text(phase === 'poll' ? 'phasePoll' : phase === 'collect' ? 'phaseCollect' : 'phaseRun')}</li>`)
    .join('');
  const running = step.running ? `<p class="trace-running"><span class="trace-tag">${text('running')}</span> ${handleView(step.running, step)}</p>` : '';
  const lineNote = lines.length > 0 ? `<p class="trace-lines">${text('lines', lineRanges(lines))}</p>` : '';
  return (
    `<tr class="loop-trace-step" data-step="${step.index}" data-lines="${[...new Set(lines)].join(' ')}" data-phase="${step.phase}">` +
    `<th scope="row"><span class="trace-position">${text('position', step.index + 1, count, step.iteration, step.now)}</span></th>` +
    `<td class="trace-caption"><ol class="trace-phases">${phases}</ol>${running}<p>${escapeHtml(caption(step, language))}</p>${lineNote}</td>` +
    `<td class="trace-ready"><span class="trace-heading">${text('readyQueue')}</span>${readyList(step, language)}</td>` +
    `<td class="trace-timers"><span class="trace-heading">${text('timerHeap')}</span>${timerList(step, language)}</td>` +
    `<td class="trace-selector"><span class="trace-heading">${text('selector')}</span>${selectorView(step, language)}</td>` +
    `</tr>`
  );
}

function handleView(handle: TraceHandle, step: LoopStep, extra = ''): string {
  const classes = ['trace-handle', `kind-${handle.kind}`];
  if (step.fresh.includes(handle.id)) classes.push('fresh');
  if (handle.cancelled) classes.push('cancelled');
  return `<code class="${classes.join(' ')}">${escapeHtml(handleLabel(handle))}</code>${extra}`;
}

/** The queue, split where this iteration's batch ends: what follows waits for the next iteration. */
function readyList(step: LoopStep, language: GuideLanguage): string {
  if (step.ready.length === 0) return `<p class="trace-empty">${escapeHtml(traceText(language, 'empty'))}</p>`;
  const inBatch = step.phase === 'poll' ? step.ready.length : step.phase === 'collect' ? step.batch : step.batch - (step.position ?? 0);
  const items = step.ready.map((handle, index) => {
    const later = index >= inBatch ? ` class="later" title="${escapeHtml(traceText(language, 'nextIteration'))}"` : '';
    return `<li${later}>${handleView(handle, step)}</li>`;
  });
  return `<ol class="trace-list">${items.join('')}</ol>`;
}

function timerList(step: LoopStep, language: GuideLanguage): string {
  if (step.timers.length === 0) return `<p class="trace-empty">${escapeHtml(traceText(language, 'empty'))}</p>`;
  const items = step.timers.map((timer) => `<li>${handleView(timer, step, ` <span class="trace-when">${escapeHtml(traceText(language, 'due', timer.at ?? 0))}</span>`)}</li>`);
  return `<ol class="trace-list">${items.join('')}</ol>`;
}

function selectorView(step: LoopStep, language: GuideLanguage): string {
  const text = (key: TraceStringKey, ...args: Array<string | number>) => escapeHtml(traceText(language, key, ...args));
  const watched = step.watched.map((watch) => `<li>${watchView(watch, step, language)}</li>`).join('');
  const select = step.select;
  const call = select.timeout === null ? text('noTimeout') : text('timeout', select.timeout);
  const events = select.events.map((event) => `fd ${event.fd}${event.read ? ' read' : ''}${event.write ? ' write' : ''}`).join(', ') || text('noEvents');
  // After the poll, a run step no longer shows the select() call of its iteration.
  const poll = step.phase === 'run' ? '' : `<p class="trace-select"><code>${call}</code> → ${text('returned')} <code>${escapeHtml(events)}</code></p>`;
  return `${poll}<p class="trace-watch-title">${text('watches')}</p><ul class="trace-list">${watched}</ul>`;
}

function watchView(watch: TraceWatch, step: LoopStep, language: GuideLanguage): string {
  const callbacks = [watch.read ? ['read', watch.read] : undefined, watch.write ? ['write', watch.write] : undefined]
    .filter((entry): entry is [string, TraceHandle] => entry !== undefined)
    .map(([mode, handle]) => `${mode}: ${handleView(handle, step)}`)
    .join(' ');
  const note = watch.selfPipe ? ` <span class="trace-note">(${escapeHtml(traceText(language, 'selfPipe'))})</span>` : '';
  const fresh = step.watchChanges?.added.includes(watch.fd) ? ' class="fresh"' : '';
  return `<span${fresh}>fd ${watch.fd}</span>${note} ${callbacks}`;
}

/** `21–24, 26` for the lines a step ran. */
export function lineRanges(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let index = 0; index < sorted.length; index++) {
    const start = sorted[index];
    while (sorted[index + 1] === sorted[index] + 1) index++;
    ranges.push(start === sorted[index] ? String(start) : `${start}–${sorted[index]}`);
  }
  return ranges.join(', ');
}
