import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GuideLibrary } from '../../src/guide/library';
import { buildSteps, loadLoopTraces, traceFor, watchChanges, type LoopTrace, type TraceHandle, type TraceIteration } from '../../src/guide/loopTrace';
import { caption, captionParts } from '../../src/guide/loopTraceCaptions';
import { TRACE_STRINGS } from '../../src/guide/loopTraceStrings';
import { lineRanges, renderLoopTrace } from '../../src/guide/loopTraceView';
import { codeHash } from '../../src/guide/recordedOutputs';
import { GUIDE_DIR, GUIDE_LANGUAGES } from '../support/guideContent';
import { REPO_ROOT } from '../support/engine';

const SECTION = 'event-loop/step-through';
const CJK = /[\u4e00-\u9fff]/;

function handle(id: number, name: string, extra: Partial<TraceHandle> = {}): TraceHandle {
  return { id, kind: 'call', name, ...extra };
}

/** A small trace with the shape the recorder writes: a task step, then a due timer and a callback. */
function syntheticTrace(): LoopTrace {
  const step = handle(1, 'Task.__step', { kind: 'step', task: 'main' });
  const hello = handle(2, 'hello()');
  const timer = handle(3, 'tick()', { at: 10 });
  const selfPipe = { fd: 4, selfPipe: true, read: handle(9, 'BaseSelectorEventLoop._read_from_self()') };
  const first: TraceIteration = {
    index: 1,
    now: 0,
    ready: [step],
    timers: [],
    watched: [selfPipe],
    select: { timeout: 0, reason: 'ready', waited: 0, events: [] },
    io: [],
    due: [],
    queued: [step],
    timersLeft: [],
    runs: [{ handle: step, lines: [3, 4, 3], output: '', scheduled: [hello], timersAdded: [timer], readyAfter: [hello], timersAfter: [timer], watchedAfter: [selfPipe] }],
  };
  const second: TraceIteration = {
    index: 2,
    now: 10.5,
    ready: [hello],
    timers: [timer],
    watched: [selfPipe],
    select: { timeout: 0, reason: 'ready', waited: 0.1, events: [] },
    io: [],
    due: [timer],
    queued: [hello, timer],
    timersLeft: [],
    runs: [
      { handle: hello, lines: [7], output: 'hello\n', scheduled: [], timersAdded: [], readyAfter: [timer], timersAfter: [], watchedAfter: [selfPipe] },
      { handle: timer, lines: [], output: '', scheduled: [], timersAdded: [], readyAfter: [], timersAfter: [], watchedAfter: [selfPipe, { fd: 7, read: handle(5, 'BaseSelectorEventLoop._sock_recv(100)') }] },
    ],
  };
  return { sha: 'x', python: '3.11.2', platform: 'linux', selector: 'EpollSelector', output: 'hello\n', iterations: [first, second] };
}

function tracedPrograms(): Array<{ language: (typeof GUIDE_LANGUAGES)[number]; section: string; code: string }> {
  const library = GuideLibrary.forMedia(path.join(REPO_ROOT, 'media'));
  return GUIDE_LANGUAGES.flatMap((language) =>
    [...library.get(language).rendered].flatMap(([section, rendered]) =>
      rendered.codeBlocks.filter((block) => block.language === 'python' && block.flags.includes('trace')).map((block) => ({ language, section, code: block.code })),
    ),
  );
}

describe('guide: the loop step-through', () => {
  const traces = loadLoopTraces(GUIDE_DIR);
  const programs = tracedPrograms();
  const trace = traces[SECTION];

  it('has a recording of the current program of every traced section (npm run guide:loop-trace)', () => {
    assert.deepEqual(
      [...new Set(programs.map((program) => program.section))],
      [SECTION],
      'the event-loop chapter has the step-through',
    );
    const stale = programs.filter((program) => !traceFor(traces, program.section, program.code)).map((program) => `${program.language}/${program.section}`);
    assert.deepEqual(stale, [], 'run `npm run guide:loop-trace` to record the changed program');
    assert.deepEqual(Object.keys(traces).sort(), [...new Set(programs.map((program) => program.section))].sort(), 'no recording without its program');
  });

  it('a changed program shows no stale recording', () => {
    const program = programs.find((candidate) => candidate.section === SECTION);
    assert.ok(program && trace);
    assert.equal(trace.sha, codeHash(program.code));
    assert.equal(traceFor(traces, SECTION, program.code + '\nprint("changed")'), undefined);
    const html = renderLoopTrace(program.code + '\nprint("changed")', undefined, 'en');
    assert.match(html, /npm run guide:loop-trace/);
    assert.doesNotMatch(html, /loop-trace-step/);
  });

  it('the recording is real: the program ran to its end and every queue follows FIFO order', () => {
    assert.ok(trace);
    assert.equal(trace.output, "callback: hello\nreader: got b'ping'\nsleeper: woke up\n");
    assert.match(trace.python, /^3\.\d+\.\d+$/);
    const runs = trace.iterations.flatMap((iteration) => iteration.runs);
    const ran = (predicate: (h: TraceHandle) => boolean) => runs.some((run) => predicate(run.handle));
    assert.ok(ran((h) => h.name === 'greet()'), 'the call_soon callback ran');
    assert.ok(ran((h) => h.name.startsWith('_set_result_unless_cancelled') && h.task === 'sleeper'), "sleep()'s timer fired");
    assert.ok(ran((h) => h.name.includes('_sock_recv') && h.task === 'reader'), 'the socket became readable');
    assert.ok(trace.iterations.some((iteration) => iteration.select.events.length > 0), 'select() returned an event');
    assert.ok(trace.iterations.some((iteration) => iteration.select.reason === 'timer' && (iteration.select.timeout ?? 0) > 0), 'select() waited for a timer');
    const ids = (list: TraceHandle[]) => list.map((h) => h.id);
    for (const iteration of trace.iterations) {
      assert.deepEqual(ids(iteration.queued), ids([...iteration.ready, ...iteration.io, ...iteration.due]), `iteration ${iteration.index}: queue = ready + I/O + due timers`);
      let queue = iteration.queued;
      for (const run of iteration.runs) {
        assert.equal(run.handle.id, queue[0].id, `iteration ${iteration.index}: the head of the queue runs`);
        queue = [...queue.slice(1), ...run.scheduled];
        assert.deepEqual(ids(run.readyAfter), ids(queue), `iteration ${iteration.index}: ${run.handle.name} appended at the end`);
      }
      assert.equal(iteration.runs.length, iteration.queued.length, `iteration ${iteration.index} runs exactly its snapshot`);
    }
  });

  it('builds the state of step N from the trace', () => {
    const steps = buildSteps(syntheticTrace());
    assert.deepEqual(
      steps.map((step) => `${step.iteration}:${step.phase}`),
      ['1:poll', '1:run', '2:poll', '2:collect', '2:run', '2:run'],
    );
    assert.deepEqual(steps.map((step) => step.index), [0, 1, 2, 3, 4, 5]);
    const [poll, run, , collect, hello, tick] = steps;
    assert.deepEqual(poll.ready.map((h) => h.name), ['Task.__step']);
    assert.equal(run.running?.name, 'Task.__step');
    assert.deepEqual(run.ready.map((h) => h.name), ['hello()'], 'a run step shows the queue after the handle ran');
    assert.deepEqual(run.timers.map((h) => h.name), ['tick()']);
    assert.deepEqual(run.fresh, [2, 3], 'what the handle scheduled is marked new');
    assert.deepEqual(collect.ready.map((h) => h.name), ['hello()', 'tick()']);
    assert.deepEqual(collect.timers, []);
    assert.deepEqual(collect.fresh, [3]);
    assert.equal(collect.batch, 2);
    assert.deepEqual([hello.position, tick.position], [1, 2]);
    assert.deepEqual(tick.watchChanges, { added: [7], removed: [] });
    assert.equal(tick.last, true);
    assert.deepEqual(steps.filter((step) => step.last).length, 1);
    assert.deepEqual(watchChanges([{ fd: 4 }, { fd: 7 }], [{ fd: 4 }]), { added: [], removed: [7] });
  });

  it('every step of the recording has a caption in English and in Chinese', () => {
    assert.ok(trace);
    const steps = buildSteps(trace);
    assert.ok(steps.length >= 20, `${steps.length} steps`);
    const bundle = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'l10n', 'zh-cn', 'guide.json'), 'utf8')) as Record<string, string>;
    for (const step of steps) {
      const parts = captionParts(step);
      assert.ok(parts.length > 0, `step ${step.index}`);
      for (const part of parts) assert.ok(bundle[TRACE_STRINGS[part.key]], `no Chinese for "${TRACE_STRINGS[part.key]}"`);
      const [en, zh] = [caption(step, 'en'), caption(step, 'zh-cn')];
      assert.doesNotMatch(en, /\{\d+\}/, en);
      assert.doesNotMatch(zh, /\{\d+\}/, zh);
      assert.doesNotMatch(en, CJK, en);
      assert.match(zh, CJK, zh);
      assert.notEqual(en, zh);
    }
    const captions = steps.map((step) => caption(step, 'en')).join('\n');
    assert.match(captions, /earliest timer is due in [\d.]+ ms/);
    assert.match(captions, /fd \d+ is readable/);
    assert.match(captions, /It printed: “callback: hello”/);
  });

  it('renders every step as a table row the page can step through, without inline script', () => {
    assert.ok(trace);
    const program = programs.find((candidate) => candidate.section === SECTION && candidate.language === 'en');
    assert.ok(program);
    const steps = buildSteps(trace);
    for (const language of GUIDE_LANGUAGES) {
      const html = renderLoopTrace(program.code, trace, language);
      assert.equal((html.match(/<tr class="loop-trace-step"/g) ?? []).length, steps.length);
      assert.match(html, new RegExp(`data-steps="${steps.length}"`));
      assert.equal((html.match(/class="trace-line" data-line=/g) ?? []).length, program.code.split('\n').length);
      assert.match(html, /<div class="loop-trace-controls" hidden>/, 'the buttons show only when the script runs');
      assert.match(html, new RegExp(`Python ${trace.python.replace(/\./g, '\\.')}`), 'the page says which Python it was recorded on');
      assert.doesNotMatch(html, /<script|\son[a-z]+=|javascript:/i);
      if (language === 'zh-cn') assert.match(html, /下一步/);
    }
    const first = renderLoopTrace(program.code, trace, 'en').match(/<tr class="loop-trace-step" data-step="1" data-lines="([^"]*)"/);
    assert.ok(first && first[1].length > 0, 'the first handle ran program lines');
    assert.equal(lineRanges([21, 22, 23, 24, 22, 25, 27]), '21–25, 27');
  });

  it('the guide and the static site show the step-through in both languages', () => {
    const library = GuideLibrary.forMedia(path.join(REPO_ROOT, 'media'));
    for (const language of GUIDE_LANGUAGES) {
      const html = library.get(language).rendered.get(SECTION)?.html ?? '';
      assert.match(html, /class="loop-trace" role="group"/, language);
      assert.match(library.get(language).rendered.get('event-loop/mechanism')?.html ?? '', /data-section="event-loop\/step-through"/, `${language}: reached from the mechanism page`);
    }
    const site = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'event-loop', 'step-through.html'), 'utf8');
    assert.match(site, /<table class="loop-trace-steps">/);
  });
});
