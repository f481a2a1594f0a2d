import { BLOCKING_APIS, BLOCKING_CONTEXT_MANAGERS, BLOCKING_ITERABLES, findBlockingApi, mayBeBlockingCall, PATH_CONTENT_IO } from '../catalog/blockingApis';
import { blockingCallFixes, blockingFixKind } from '../fixes/blocking';
import { t } from '../l10n';
import { calleeLabel, field, isAsyncFor, isAsyncWith, namedChildren, outermostParenthesized, unparenthesize } from '../syntax';
import type { SyntaxNode } from '../parser';
import { alternativeIn, asyncLibrary } from '../semantic/asyncLibrary';
import type { CodeInfo } from '../types';
import { checkQuerysetUses, DJANGO_QUERYSET_STRINGS } from './djangoQuerysets';
import { checkRelatedObjectReads, DJANGO_RELATION_STRINGS } from './djangoRelations';
import { LOOP_CALLBACK_STRINGS, loopCallbackMessage, loopCallbackOf, runsOnEventLoop } from './helpers/loopCallbacks';
import { holdsLockMomentarily } from './helpers/momentaryLock';
import { sharedWithSyncMethod } from './helpers/sharedLock';
import { suspendingContext } from './helpers/suspendedInterface';
import { suspends } from './helpers/suspension';
import { blockingReport } from './helpers/soleCoroutine';
import type { Rule, RuleContext } from './rule';

/** Section A of the catalog: one code per family of blocking API, all driven by BLOCKING_APIS. */
export const BLOCKING_CODES: CodeInfo[] = [
  { code: 'ASYNC210', title: 'Blocking HTTP call in async function', defaultSeverity: 'warning' },
  { code: 'ASYNC212', title: 'Blocking HTTP client method in async function', defaultSeverity: 'warning' },
  { code: 'ASYNC220', title: 'Process created with a blocking call in async function', defaultSeverity: 'warning' },
  { code: 'ASYNC221', title: 'Process run with a blocking call in async function', defaultSeverity: 'warning' },
  { code: 'ASYNC222', title: 'Blocking wait for a process in async function', defaultSeverity: 'warning' },
  { code: 'ASYNC230', title: 'File opened with a blocking call in async function', defaultSeverity: 'warning' },
  { code: 'ASYNC231', title: 'os.fdopen in async function', defaultSeverity: 'warning' },
  { code: 'ASYNC232', title: 'Blocking I/O on a sync file object in async function', defaultSeverity: 'warning' },
  { code: 'ASYNC240', title: 'Filesystem access with os.path or pathlib in async function', defaultSeverity: 'information' },
  { code: 'ASYNC250', title: 'Blocking console input in async function', defaultSeverity: 'warning' },
  { code: 'ASYNC251', title: 'time.sleep in async function', defaultSeverity: 'warning' },
  { code: 'AIO201', title: 'Sync database driver call in async function', defaultSeverity: 'warning' },
  { code: 'AIO202', title: 'Blocking network call in async function', defaultSeverity: 'warning' },
  { code: 'AIO203', title: 'Thread synchronisation primitive blocks the event loop', defaultSeverity: 'warning' },
  { code: 'AIO204', title: 'Filesystem operation in async function', defaultSeverity: 'information' },
  { code: 'AIO205', title: 'Password hash computed in async function', defaultSeverity: 'warning' },
  { code: 'AIO206', title: 'Blocking device read or timed wait in async function', defaultSeverity: 'warning' },
  { code: 'AIO207', title: 'Whole file read or written by a library in async function', defaultSeverity: 'warning' },
  { code: 'AIO208', title: 'Machine-learning model loaded or run in async function', defaultSeverity: 'warning' },
];

/** English message templates, one per code: {0} is the call as written, {1} the alternative. */
export const BLOCKING_MESSAGES: Record<string, string> = {
  ASYNC210: 'Blocking HTTP call `{0}` in async function: use {1} instead.',
  ASYNC212: 'Blocking HTTP client method `{0}` in async function: use {1} instead.',
  ASYNC220: 'Creating a process with `{0}` blocks the event loop: use {1} instead.',
  ASYNC221: 'Running a process with `{0}` blocks the event loop: use {1} instead.',
  ASYNC222: 'Waiting for a process with `{0}` blocks the event loop: use {1} instead.',
  ASYNC230: 'Opening a file with `{0}` blocks the event loop: use {1} instead.',
  ASYNC231: 'Opening a file with `{0}` blocks the event loop: use {1} instead.',
  ASYNC232: 'Blocking I/O `{0}` on a sync file object: use {1} instead.',
  ASYNC240: 'Filesystem access `{0}` blocks the event loop: use {1} instead.',
  ASYNC250: 'Blocking console input `{0}` in async function: use {1} instead.',
  ASYNC251: 'Blocking sleep `{0}` in async function: use {1} instead.',
  AIO201: 'Sync database call `{0}` blocks the event loop: use {1} instead.',
  AIO202: 'Blocking network call `{0}` in async function: use {1} instead.',
  AIO203: 'Thread primitive `{0}` blocks the event loop: use {1} instead.',
  AIO204: 'Filesystem operation `{0}` blocks the event loop: use {1} instead.',
  AIO205: 'Password hash `{0}` holds the event loop for 0.1–1 s (slow by design): use {1} instead.',
  AIO206: '`{0}` waits for a device or for a set time, and the event loop waits with it: use {1} instead.',
  AIO207: '`{0}` reads or writes a whole file on disk, and the event loop waits meanwhile: use {1} instead.',
  AIO208: '`{0}` loads or runs a machine-learning model on the event loop: seconds of CPU or GPU work, and every other task waits. Use {1} instead.',
};

/** A call that returns at once, reported (one level lower) because flake8-async reports it (BlockingApi.neverWaits). */
const NEVER_WAITS_MESSAGE = '`{0}` does not block the event loop here ({1}), though flake8-async reports it; the asyncio way is {2}.';

/** ASYNC230 on `return open(...)`: the coroutine only opens the file; the reads and writes are its caller's. */
const RETURNED_FILE_MESSAGE =
  '`{0}` only opens the file here and returns the file object: the opening itself is short, and the reads and writes happen where the caller uses it. Make those non-blocking there ({1}).';

/** A program run in the foreground while the UI has handed it the terminal: waiting is the intent. */
const SUSPENDED_UI_MESSAGE =
  '`{0}` runs a program in the foreground while `{1}` has suspended the UI and handed it the terminal, as an editor or a pager needs; the event loop and every other task wait with it. If other tasks must go on, use {2}.';

/** Process codes whose wait a suspended UI intends. */
const PROCESS_CODES = new Set(['ASYNC220', 'ASYNC221', 'ASYNC222']);

/**
 * `return open(path)`, or `file = open(path)` then `return file` with the name used for nothing else in the
 * function: nothing is read or written here.
 */
function returnsUnread(model: RuleContext['model'], call: SyntaxNode): boolean {
  const holder = outermostParenthesized(call);
  const parent = holder.parent;
  if (parent?.type === 'return_statement') return true;
  const target = parent?.type === 'assignment' && field(parent, 'right')?.id === holder.id ? field(parent, 'left') : null;
  if (target?.type !== 'identifier' || parent?.parent?.type !== 'expression_statement') return false;
  const scope = model.scopes.enclosingScope(call);
  if (scope.kind !== 'function' || (scope.bindings.get(target.text) ?? []).length !== 1) return false;
  let returned = false;
  for (const use of model.nodesWithin('identifier', scope.node.startIndex, scope.node.endIndex)) {
    if (use.text !== target.text || use.id === target.id) continue;
    const around = use.parent;
    if (around?.type === 'attribute' && field(around, 'attribute')?.id === use.id) continue;
    if (around?.type === 'keyword_argument' && field(around, 'name')?.id === use.id) continue;
    if (around?.type !== 'return_statement' || use.startIndex < parent.endIndex) return false;
    returned = true;
  }
  return returned;
}

/** `for msg in bus`: each turn of the loop waits for the next item from the device. */
const BLOCKING_ITERATION_MESSAGE = '`for … in {0}` waits for each item from the device ({1} each turn), and the event loop waits with it: use {2} instead.';

/** A thread lock held only for in-memory operations: the loop waits only while another thread holds it. */
const MOMENTARY_LOCK_MESSAGE =
  '`{0}` holds a thread lock only for in-memory operations (no `await`, no blocking call), so the event loop waits only while another thread holds it. If only coroutines share the data, use {1} instead.';

/** A thread lock (or condition) held across an `await`: the tasks it should keep apart all run on the loop's thread. */
const HELD_ACROSS_AWAIT_MESSAGE =
  "`{0}` holds a thread lock across an `await`: it guards nothing between tasks, which all run on the event loop's thread (a `Lock` taken again while held stops the loop for good, an `RLock` lets every task in), and while another thread holds it, the loop waits. Use {1} instead.";

/** A thread lock the object's sync methods take too, held in the coroutine with no suspension inside. */
const SHARED_LOCK_MESSAGE =
  '`{0}` takes a thread lock that the sync method `{1}` of the same class also takes, and holds it with no `await` inside: the event loop waits only while another thread holds it, and an `asyncio.Lock` could not guard the sync side. Keep the work under it short.';

function checkCalls(context: RuleContext): void {
  const { model } = context;
  for (const call of model.nodes('call')) {
    if (!mayBeBlockingCall(call, model) || model.isAwaited(call)) continue;
    const targets = model.callTargets(call);
    if (targets.length === 0) continue;
    const match = findBlockingApi(targets, call, model);
    if (!match || !context.isEnabled(match.api.code)) continue;
    const inCoroutine = model.isOnEventLoop(call);
    const callback = inCoroutine ? undefined : loopCallbackOf(model, call);
    if (!inCoroutine && !callback) continue;
    const suspended = PROCESS_CODES.has(match.api.code) ? suspendingContext(model, call) : undefined;
    const instead = t(alternativeIn(match.api.instead, asyncLibrary(model)));
    context.report({
      code: match.api.code,
      node: field(call, 'function') ?? call,
      lighter: match.api.light,
      // `Path.read_bytes()` moves a whole file while the loop waits, as `open(...).read()` does: ASYNC230's warning.
      severity: match.api.code === 'ASYNC240' && PATH_CONTENT_IO.has(match.name.slice(match.name.lastIndexOf('.') + 1)) ? 'warning' : undefined,
      ...(match.api.raisesOnLoop
        ? { message: t(match.api.message ?? BLOCKING_MESSAGES[match.api.code], calleeLabel(call), instead) }
        : callback
          ? { message: loopCallbackMessage(callback, calleeLabel(call)) }
          : blockingReport(context, call, t(match.api.message ?? BLOCKING_MESSAGES[match.api.code], calleeLabel(call), instead))),
      // A call that does not wait blocks no loop, alone or shared: its own message, without the sole-coroutine wording.
      ...(match.api.neverWaits && match.api.why ? { message: t(NEVER_WAITS_MESSAGE, calleeLabel(call), t(match.api.why), instead) } : {}),
      // The file object is returned unread: the opening alone is short (information, whoever runs the loop).
      ...(match.api.code === 'ASYNC230' && !match.api.light && returnsUnread(model, call)
        ? { severity: 'information' as const, message: t(RETURNED_FILE_MESSAGE, calleeLabel(call), instead) }
        : {}),
      ...(suspended ? { severity: 'information' as const, message: t(SUSPENDED_UI_MESSAGE, calleeLabel(call), suspended, instead) } : {}),
      fixes: () => blockingCallFixes(model, call, { kind: match.api.raisesOnLoop ? 'syncToAsync' : blockingFixKind(model, call, match.api.fix), matchedName: match.name, label: calleeLabel(call) }),
    });
  }
}

/**
 * `with lock:` on a `threading.Lock`: entering it blocks the loop thread. Information when the body
 * holds it only for a moment: such a lock usually guards data shared with other threads, which an
 * `asyncio.Lock` could not protect.
 */
function checkWithStatements(context: RuleContext): void {
  if (!context.isEnabled('AIO203')) return;
  const { model } = context;
  for (const statement of model.nodes('with_statement')) {
    if (isAsyncWith(statement) || !runsOnEventLoop(model, statement)) continue;
    const clause = namedChildren(statement).find((child) => child.type === 'with_clause');
    for (const item of clause ? namedChildren(clause) : []) {
      let value = field(item, 'value');
      if (value?.type === 'as_pattern') value = namedChildren(value)[0] ?? null;
      if (!value) continue;
      const type = model.typeOf(unparenthesize(value));
      const instead = type ? BLOCKING_CONTEXT_MANAGERS[type] : undefined;
      if (!instead) continue;
      const body = field(statement, 'body');
      if (body && holdsLockMomentarily(model, body)) {
        context.report({
          code: 'AIO203',
          node: value,
          severity: 'information',
          message: t(MOMENTARY_LOCK_MESSAGE, `with ${value.text}`, t(instead)),
        });
        continue;
      }
      const syncMethod = type === 'threading.Lock' ? sharedWithSyncMethod(model, statement, value) : undefined;
      if (syncMethod) {
        context.report({
          code: 'AIO203',
          node: value,
          severity: 'information',
          message: t(SHARED_LOCK_MESSAGE, `with ${value.text}`, syncMethod),
        });
        continue;
      }
      const callback = loopCallbackOf(model, statement);
      const message = body && suspends(body) ? t(HELD_ACROSS_AWAIT_MESSAGE, `with ${value.text}`, t(instead)) : t(BLOCKING_MESSAGES.AIO203, `with ${value.text}`, t(instead));
      context.report({
        code: 'AIO203',
        node: value,
        ...(callback ? { message: loopCallbackMessage(callback, `with ${value.text}`) } : blockingReport(context, value, message)),
      });
    }
  }
}

/** `for msg in bus:` on a python-can bus (or over a serial port's lines) on the event loop. */
function checkIterations(context: RuleContext): void {
  const { model } = context;
  // Typing every loop's iterable costs; a module that never spells either library has none of these.
  if (!/\b(can|serial)\b/.test(model.source)) return;
  for (const loop of model.nodes('for_statement')) {
    const iterable = field(loop, 'right');
    if (!iterable || isAsyncFor(loop) || !runsOnEventLoop(model, loop)) continue;
    const type = model.typeOf(unparenthesize(iterable));
    const blocking = type ? BLOCKING_ITERABLES[type] : undefined;
    if (!blocking || !context.isEnabled(blocking.code)) continue;
    const label = unparenthesize(iterable).text;
    const callback = loopCallbackOf(model, loop);
    const message = t(BLOCKING_ITERATION_MESSAGE, label, blocking.each, t(blocking.instead));
    context.report({
      code: blocking.code,
      node: iterable,
      ...(callback ? { message: loopCallbackMessage(callback, `for … in ${label}`) } : blockingReport(context, iterable, message)),
    });
  }
}

export const blockingCalls: Rule = {
  codes: BLOCKING_CODES,
  check(context) {
    checkCalls(context);
    checkWithStatements(context);
    checkIterations(context);
    checkQuerysetUses(context);
    checkRelatedObjectReads(context);
  },
};

/** Every English string the table shows, for the translation check. */
export const BLOCKING_STRINGS = [
  ...Object.values(BLOCKING_MESSAGES),
  MOMENTARY_LOCK_MESSAGE,
  SHARED_LOCK_MESSAGE,
  BLOCKING_ITERATION_MESSAGE,
  ...Object.values(BLOCKING_ITERABLES).map((iterable) => iterable.instead),
  NEVER_WAITS_MESSAGE,
  ...DJANGO_QUERYSET_STRINGS,
  ...DJANGO_RELATION_STRINGS,
  SUSPENDED_UI_MESSAGE,
  ...LOOP_CALLBACK_STRINGS,
  ...BLOCKING_APIS.map((api) => api.instead),
  ...BLOCKING_APIS.flatMap((api) => (api.why ? [api.why] : [])),
  ...Object.values(BLOCKING_CONTEXT_MANAGERS),
];
