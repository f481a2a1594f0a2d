import { findBlockingApi } from '../catalog/blockingApis';
import { endOf, startOf } from '../fixes/edits';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { asyncLibrary, type AsyncLibrary } from '../semantic/asyncLibrary';
import type { SemanticModel } from '../semantic/model';
import type { Binding, Scope } from '../semantic/scopes';
import { walkOwnFrame } from '../semantic/references';
import { callArguments, field, isAsyncFunction, namedChildren, statements, unparenthesize } from '../syntax';
import { resolveDefinition } from './helpers/calledHelper';
import type { Rule } from './rule';

const CLOCKS = new Set([
  'time.time', 'time.monotonic', 'time.perf_counter', 'datetime.datetime.now', 'datetime.datetime.utcnow', 'datetime.datetime.today',
]);
const FRAMES = new Set(['function_definition', 'lambda', 'class_definition']);

/** The sleeps of asyncio, trio and anyio: a loop around one only waits. */
const SLEEPS = new Set(['asyncio.sleep', 'trio.sleep', 'anyio.sleep']);

/**
 * ASYNC110: `while cond: await asyncio.sleep(x)` (or trio's or anyio's sleep) — a loop whose whole body is one awaited sleep
 * polls for a condition instead of waiting for it. Information, not a warning, when no other task's
 * change is polled: `while True:` (sleeps forever), a condition that awaits a call given arguments or a
 * coroutine of the workspace that awaits calls itself (a retry with a pause), only compares the clock (a
 * sleep until a deadline), or reads the operating system's state (a file's existence, a process's status),
 * which no event reports. Ruff reports all these forms too.
 */
export const busyWait: Rule = {
  codes: [{ code: 'ASYNC110', title: 'Busy-wait loop around asyncio.sleep', defaultSeverity: 'warning', aliases: ['S7484'] }],
  check(context) {
    if (!context.isEnabled('ASYNC110')) return;
    const { model } = context;
    for (const loop of model.nodes('while_statement')) {
      const body = statements(field(loop, 'body'));
      if (body.length !== 1 || body[0].type !== 'expression_statement') continue;
      const expression = namedChildren(body[0]);
      if (expression.length !== 1) continue;
      const awaited = unparenthesize(expression[0]);
      if (awaited.type !== 'await') continue;
      const call = namedChildren(awaited).map(unparenthesize)[0];
      const callee = call?.type === 'call' ? field(call, 'function') : null;
      if (!callee || !SLEEPS.has(model.qualifiedName(callee) ?? '')) continue;
      const condition = field(loop, 'condition');
      const kind = condition ? loopKind(condition, model) : 'poll';
      context.report({
        code: 'ASYNC110',
        range: {
          start: startOf(loop),
          end: condition
            ? endOf(condition)
            : { line: loop.startPosition.row, character: loop.startPosition.column + 'while'.length },
        },
        severity: kind === 'poll' ? undefined : 'information',
        message: kind === 'external' ? externalMessage(condition!, model) : messageOf(kind, asyncLibrary(model)),
      });
    }
  },
};

type LoopKind = 'poll' | 'forever' | 'frozen' | 'retry' | 'clock' | 'external';

/** Literal `t(...)` calls, so the translation check sees each text. */
const MESSAGES: Record<Exclude<LoopKind, 'external'>, () => string> = {
  poll: () => t('This loop only sleeps until its condition changes (busy-wait): wait on an `asyncio.Event` (or `asyncio.Condition`) that the code changing the condition sets.'),
  forever: () => t('This loop only sleeps, forever: to wait until cancelled, await an `asyncio.Event` or a Future instead.'),
  frozen: () =>
    t('This loop tests a local that the coroutine sets before the loop and nothing changes while it runs: the loop never runs, or never ends. To wait for another task, await an `asyncio.Event` that it sets; to wait until cancelled, await a Future.'),
  retry: () => t('This loop retries the call its condition awaits, pausing between tries: not a wait on another task, unless that call only checks a state another task changes.'),
  clock: () => t('This loop only waits for a time: one `await asyncio.sleep(...)` until the deadline does the same.'),
};

/** trio and anyio have no futures to wait on: `sleep_forever()` waits until cancelled. */
const LIBRARY_MESSAGES: Partial<Record<LoopKind, (library: string) => string>> = {
  forever: (library) => t('This loop only sleeps, forever: to wait until cancelled, use `await {0}.sleep_forever()` instead.', library),
  frozen: (library) =>
    t('This loop tests a local that the coroutine sets before the loop and nothing changes while it runs: the loop never runs, or never ends. To wait for another task, wait on a `{0}.Event` that it sets; to wait until cancelled, use `await {0}.sleep_forever()`.', library),
};

function messageOf(kind: Exclude<LoopKind, 'external'>, library: AsyncLibrary): string {
  const inLibrary = library === 'asyncio' ? undefined : LIBRARY_MESSAGES[kind];
  return inLibrary ? inLibrary(library) : MESSAGES[kind]();
}

function loopKind(condition: SyntaxNode, model: SemanticModel): LoopKind {
  const node = unparenthesize(condition);
  if (node.type === 'true' || (node.type === 'integer' && node.text !== '0') || isFrozenLocal(node, model)) return 'forever';
  if (isUnchangedLocal(node, model)) return 'frozen';
  if (awaitsAction(node, model)) return 'retry';
  if (isClockComparison(node, model)) return 'clock';
  return externalRead(node, model) ? 'external' : 'poll';
}

const CONSTANTS = new Set(['true', 'false', 'none', 'integer', 'float', 'string']);

/**
 * `while wait:` on a local of the coroutine only ever assigned constants (`wait = True`), which no nested
 * function declares `nonlocal`: the loop body only sleeps, so nothing can change it while the loop runs;
 * it loops forever or not at all. (A local holding an object, a list say, may change its truth as other
 * tasks mutate the object: that stays a poll.)
 */
function isFrozenLocal(node: SyntaxNode, model: SemanticModel): boolean {
  const local = functionLocal(node, model);
  if (!local) return false;
  const { scope, bindings } = local;
  if (!bindings.every((item) => item.kind === 'assignment' && item.value && CONSTANTS.has(unparenthesize(item.value).type))) return false;
  const body = field(scope.node, 'body');
  const nonlocal = new RegExp(`\\bnonlocal\\b[^\\n]*\\b${node.text}\\b`);
  return !!body && !nonlocal.test(body.text);
}

/** A name bound in the function that uses it (not declared `global` or `nonlocal` there): that scope and its bindings. */
function functionLocal(node: SyntaxNode, model: SemanticModel): { scope: Scope; bindings: readonly Binding[] } | undefined {
  if (node.type !== 'identifier') return undefined;
  const binding = model.lookup(node.text, node);
  if (!binding) return undefined;
  const scope = model.scopes.enclosingScope(binding.node);
  if (scope.kind !== 'function' || scope !== model.scopes.enclosingScope(node)) return undefined;
  if (scope.globals.has(node.text) || scope.nonlocals.has(node.text)) return undefined;
  return { scope, bindings: scope.bindings.get(node.text) ?? [] };
}

/** Calls that make a container other tasks may fill: `while not items:` on one polls it. */
const CONTAINERS = new Set([
  'builtins.list', 'builtins.dict', 'builtins.set', 'collections.deque', 'collections.defaultdict', 'collections.OrderedDict',
  'collections.Counter', 'asyncio.Queue', 'asyncio.LifoQueue', 'asyncio.PriorityQueue', 'queue.Queue', 'queue.SimpleQueue',
]);

/**
 * `engine = await on_startup(db)` then `while not engine: await asyncio.sleep(0.1)`: a local of the coroutine
 * set only before the loop, to a constant or a call's (awaited) result that is not a new container, and not
 * handed to anything or named in a nested function before the loop. Nothing can change its truth while the loop
 * only sleeps: the loop never runs, or never ends.
 */
function isUnchangedLocal(condition: SyntaxNode, model: SemanticModel): boolean {
  let node = condition;
  while (node.type === 'not_operator' || node.type === 'parenthesized_expression') {
    const inner = node.type === 'not_operator' ? field(node, 'argument') : namedChildren(node)[0];
    if (!inner) return false;
    node = inner;
  }
  const local = functionLocal(node, model);
  const loop = condition.parent;
  if (!local || !loop) return false;
  const { scope, bindings } = local;
  const settled = bindings.every((item) => item.kind === 'assignment' && item.value && item.node.startIndex < loop.startIndex && isSettledValue(item.value, model));
  if (!settled) return false;
  const targets = new Set(bindings.map((item) => item.node.id));
  for (const use of model.nodesWithin('identifier', scope.node.startIndex, loop.startIndex)) {
    if (use.text === node.text && !targets.has(use.id)) return false;
  }
  return true;
}

function isSettledValue(expression: SyntaxNode, model: SemanticModel): boolean {
  const value = unparenthesize(expression);
  if (CONSTANTS.has(value.type)) return true;
  const call = value.type === 'await' ? unparenthesize(namedChildren(value)[0] ?? value) : value;
  if (call.type !== 'call') return false;
  const callee = field(call, 'function');
  const name = callee ? model.qualifiedName(callee) : undefined;
  return !(name && CONTAINERS.has(name));
}

/** `psutil.Process(pid)`, or a name bound to it. */
function isPsutilObject(node: SyntaxNode, model: SemanticModel): boolean {
  if (node.type === 'identifier') {
    const binding = model.lookup(node.text, node);
    const value = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
    return value?.type === 'call' && isPsutilObject(value, model);
  }
  return node.type === 'call' && model.callTargets(node).some((target) => target.startsWith('psutil.'));
}

function externalMessage(condition: SyntaxNode, model: SemanticModel): string {
  return t(
    'This loop polls `{0}`, a state outside the program that no asyncio event reports: polling is how to wait for it; keep the pause long enough, or use a watcher (inotify, `asyncio` subprocesses) where one exists.',
    externalRead(unparenthesize(condition), model)!.text.replace(/\s+/g, ' '),
  );
}

/** Reads of the operating system's state: files, processes. */
const EXTERNAL_STATE = new Set([
  'os.kill', 'os.getppid', 'os.waitpid', 'subprocess.Popen.poll', 'shutil.disk_usage', 'socket.getaddrinfo',
]);

/**
 * A call in the condition that reads state no task of the program changes: the file system (the
 * path checks of ASYNC240, the listings and `stat`s of AIO204), a process (`proc.poll()`,
 * `os.kill(pid, 0)`, psutil). Another task may still be what changes it — writing the file, ending
 * the process — but the loop cannot be told from its condition, and outside processes are the usual case.
 */
function externalRead(node: SyntaxNode, model: SemanticModel): SyntaxNode | undefined {
  if (node.type === 'call') {
    const targets = model.callTargets(node);
    const api = findBlockingApi(targets, node, model)?.api;
    if (api?.code === 'ASYNC240' || api?.code === 'AIO204') return node;
    if (targets.some((target) => EXTERNAL_STATE.has(target) || target.startsWith('psutil.'))) return node;
    // `proc.num_fds()` on `proc = psutil.Process(pid)`.
    const callee = field(node, 'function');
    const receiver = callee?.type === 'attribute' ? field(callee, 'object') : null;
    if (receiver && isPsutilObject(unparenthesize(receiver), model)) return node;
  }
  if (FRAMES.has(node.type) || node.type === 'await') return undefined;
  for (const child of namedChildren(node)) {
    const found = externalRead(child, model);
    if (found) return found;
  }
  return undefined;
}

/**
 * The condition awaits a call that acts each round: one given arguments (`not await state.send(url, token)`),
 * or a coroutine of the workspace whose body awaits a call other than a sleep (`not await self.auth_complete()`
 * that pumps the connection). An awaited attribute or argument-less getter (`await sem.get_value()`, an
 * `async def` that only returns a field) only reads a state: a poll.
 */
function awaitsAction(node: SyntaxNode, model: SemanticModel): boolean {
  if (node.type === 'await') {
    const call = namedChildren(node).map(unparenthesize)[0];
    const passed = call?.type === 'call' ? callArguments(call) : undefined;
    if (!passed) return false;
    return passed.positional.length > 0 || passed.keywords.size > 0 || passed.hasSplat || actsWhenAwaited(call, model);
  }
  return !FRAMES.has(node.type) && namedChildren(node).some((child) => awaitsAction(child, model));
}

function actsWhenAwaited(call: SyntaxNode, model: SemanticModel): boolean {
  const callee = field(call, 'function');
  const definition = callee ? resolveDefinition(model, unparenthesize(callee))?.definition : undefined;
  const body = definition?.node.type === 'function_definition' && isAsyncFunction(definition.node) ? field(definition.node, 'body') : null;
  if (!definition || !body) return false;
  let acts = false;
  walkOwnFrame(body, (inner) => {
    const awaited = inner.type === 'await' ? namedChildren(inner).map(unparenthesize)[0] : undefined;
    if (awaited?.type === 'call' && !SLEEPS.has(definition.model.qualifiedName(field(awaited, 'function') ?? awaited) ?? '')) acts = true;
    return !acts;
  });
  return acts;
}

/** `utcnow() < next_beat`, `loop.time() < deadline`: a comparison of the clock with values only. */
/** `time.monotonic() < deadline`: compares the clock, with no other call. */
export function isClockComparison(node: SyntaxNode, model: SemanticModel): boolean {
  if (node.type !== 'comparison_operator') return false;
  const operands = namedChildren(node).map(unparenthesize);
  const calls = operands.filter((operand) => containsCall(operand));
  return calls.length > 0 && calls.every((operand) => operand.type === 'call' && isClock(operand, model));
}

function containsCall(node: SyntaxNode): boolean {
  return node.type === 'call' || (!FRAMES.has(node.type) && namedChildren(node).some(containsCall));
}

function isClock(call: SyntaxNode, model: SemanticModel): boolean {
  const callee = field(call, 'function');
  if (!callee) return false;
  if (model.callTargets(call).some((target) => CLOCKS.has(target))) return true;
  // `loop.time()`, `asyncio.get_running_loop().time()`: the event loop's clock.
  const object = callee.type === 'attribute' && field(callee, 'attribute')?.text === 'time' ? field(callee, 'object') : null;
  return !!object && (/(^|_)loop$/i.test(object.text) || /\bget_(running|event)_loop\(\)$/.test(object.text));
}
