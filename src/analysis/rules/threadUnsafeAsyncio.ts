import { EVENT_LOOP, LOOP_FUNCTION_ARGUMENTS } from '../catalog/asyncioApis';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { isEventLoop, valueType } from '../semantic/awaitables';
import { callsNamed } from '../semantic/callIndex';
import type { SemanticModel } from '../semantic/model';
import { walkOwnFrame } from '../semantic/references';
import { argument, callArguments, field, isAsyncFunction, unparenthesize } from '../syntax';
import { namedDefinition } from './helpers/functions';
import type { Rule } from './rule';

/** Calls that run a function they are given in a worker thread, and where they take it. */
const THREAD_STARTERS: Record<string, { position: number; keyword?: string }> = {
  'threading.Thread': { position: 1, keyword: 'target' },
  'asyncio.to_thread': { position: 0, keyword: 'func' },
  'anyio.to_thread.run_sync': { position: 0 },
  'trio.to_thread.run_sync': { position: 0 },
  'concurrent.futures.ThreadPoolExecutor.submit': { position: 0, keyword: 'fn' },
  'concurrent.futures.ThreadPoolExecutor.map': { position: 0, keyword: 'fn' },
};

/** Last names of the thread starters, for the call index; the loop's and Home Assistant's are methods. */
const STARTER_NAMES = ['Thread', 'to_thread', 'run_sync', 'submit', 'map', 'run_in_executor', 'async_add_executor_job'];

/**
 * Methods of asyncio's, trio's and anyio's objects that only the thread running their loop may call, by the type they
 * belong to. From a worker thread, trio fails as soon as there is a task to wake or start (no run context there;
 * `CancelScope.cancel` is safe); anyio's wrap the backend's: trio's fail the same way, asyncio's are not thread-safe
 * (`start_soon` finds no running loop). Checked with Debian's trio 0.22 and anyio 3.6.
 */
const UNSAFE_METHODS: Record<string, ReadonlySet<string>> = {
  'asyncio.Event': new Set(['set', 'clear']),
  'asyncio.Queue': new Set(['put_nowait', 'get_nowait']),
  'asyncio.Future': new Set(['set_result', 'set_exception', 'cancel']),
  'asyncio.Task': new Set(['cancel']),
  [EVENT_LOOP]: new Set(['create_task', 'call_soon', 'call_later', 'call_at']),
  'trio.Event': new Set(['set']),
  'trio.Nursery': new Set(['start_soon']),
  'trio.MemorySendChannel': new Set(['send_nowait']),
  'trio.MemoryReceiveChannel': new Set(['receive_nowait']),
  'anyio.Event': new Set(['set']),
  'anyio.abc.TaskGroup': new Set(['start_soon']),
  'anyio.streams.memory.MemoryObjectSendStream': new Set(['send_nowait']),
  'anyio.streams.memory.MemoryObjectReceiveStream': new Set(['receive_nowait']),
};

/**
 * AIO116: a function handed to a worker thread (`threading.Thread(target=f)`, `asyncio.to_thread(f)`,
 * `loop.run_in_executor(None, f)`, a `ThreadPoolExecutor`'s `submit`/`map`, Home Assistant's
 * `hass.async_add_executor_job(f)`) calls a method of an asyncio object that only the loop's thread may call:
 * `event.set()`, `queue.put_nowait(x)`, `future.set_result(x)`, `loop.call_soon(cb)`, `loop.create_task(coro)`.
 * asyncio's objects are not thread-safe: the loop sleeping in `select()` is not woken, so the waiter may not
 * run until something else happens, and concurrent changes can corrupt its state. Only the function's own
 * body is read (not the helpers it calls, nor defs nested in it); a thread that runs a loop of its own is its loop's thread.
 */
export const threadUnsafeAsyncio: Rule = {
  codes: [{ code: 'AIO116', title: 'asyncio object used from a worker thread', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO116')) return;
    const { model } = context;
    const reported = new Set<number>();
    for (const { target, starter } of threadTargets(model)) {
      if (runsOwnLoop(model, target)) continue;
      walkOwnFrame(target, (node) => {
        if (node.type !== 'call' || reported.has(node.id)) return;
        const unsafe = unsafeCall(model, node);
        if (!unsafe) return;
        reported.add(node.id);
        const name = target.type === 'lambda' ? 'lambda' : (field(target, 'name')?.text ?? '');
        context.report({
          code: 'AIO116',
          node: field(node, 'function') ?? node,
          message: unsafe.library
            ? t(
                '`{0}` may only be called from the thread that runs {3}, and `{1}` runs in a worker thread (`{2}` hands it to one): {4} Call it through `{3}.from_thread.run_sync({5})`.',
                unsafe.label,
                name,
                starter,
                unsafe.library,
                unsafe.library === 'trio'
                  ? t('there trio fails ("must be called from async context") as soon as it has a task to wake or start.')
                  : t('on the trio backend it fails ("must be called from async context"); on asyncio\'s it is not thread-safe, and the loop may not be woken.'),
                unsafe.scheduled,
              )
            : unsafe.loopMethod
            ? t(
                '`{0}` is not thread-safe, and `{1}` runs in a worker thread (`{2}` hands it to one): the event loop is not woken to run it, and its queues can be corrupted. From another thread, use `loop.call_soon_threadsafe(...)`, or `asyncio.run_coroutine_threadsafe(coro, loop)` for a coroutine.',
                unsafe.label,
                name,
                starter,
              )
            : t(
                '`{0}` is not thread-safe, and `{1}` runs in a worker thread (`{2}` hands it to one): the event loop is not woken, so the task waiting on it may not run until something else happens. Schedule it on the loop instead: `loop.call_soon_threadsafe({3})`.',
                unsafe.label,
                name,
                starter,
                unsafe.scheduled,
              ),
        });
      });
    }
  },
};

interface ThreadTarget {
  /** The def or lambda that runs in the thread. */
  target: SyntaxNode;
  /** The call that hands it over, as written (`asyncio.to_thread`). */
  starter: string;
}

/** The module's defs and lambdas that some call of it hands to a worker thread. */
function threadTargets(model: SemanticModel): ThreadTarget[] {
  const found: ThreadTarget[] = [];
  for (const call of callsNamed(model, STARTER_NAMES)) {
    const callee = field(call, 'function');
    const slot = callee ? starterSlot(model, callee) : undefined;
    const given = slot ? argument(callArguments(call), slot.position, slot.keyword) : undefined;
    const target = given ? handedFunction(model, unparenthesize(given)) : undefined;
    if (target && !found.some((known) => known.target.id === target.id)) found.push({ target, starter: callee!.text.replace(/\s+/g, '') });
  }
  return found;
}

function starterSlot(model: SemanticModel, callee: SyntaxNode): { position: number; keyword?: string } | undefined {
  for (const name of model.callTargets(callee.parent!)) if (THREAD_STARTERS[name]) return THREAD_STARTERS[name];
  const object = callee.type === 'attribute' ? field(callee, 'object') : null;
  const method = callee.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
  if (!object) return undefined;
  if (method === 'run_in_executor' && isEventLoop(model, object)) return LOOP_FUNCTION_ARGUMENTS.run_in_executor;
  if (method === 'async_add_executor_job' && model.importsModule('homeassistant')) return { position: 0 };
  return undefined;
}

/** `f`, `self.f` (a def of this module), `functools.partial(f, ...)`, or a lambda written there. */
function handedFunction(model: SemanticModel, given: SyntaxNode): SyntaxNode | undefined {
  if (given.type === 'lambda') return given;
  if (given.type === 'call' && model.callTargets(given).includes('functools.partial')) {
    const wrapped = callArguments(given).positional[0];
    return wrapped ? handedFunction(model, unparenthesize(wrapped)) : undefined;
  }
  const definition = namedDefinition(model, given);
  return definition && !isAsyncFunction(definition) ? definition : undefined;
}

/** Calls that make a thread run an event loop of its own. */
const OWN_LOOP_CALLS = new Set(['new_event_loop', 'set_event_loop', 'run_until_complete', 'run_forever', 'run', 'Runner']);

/**
 * The thread runs a loop of its own (`self.loop = asyncio.new_event_loop()`, `loop.run_forever()`, `asyncio.run(...)`):
 * its asyncio objects belong to that loop, whose thread it is.
 */
function runsOwnLoop(model: SemanticModel, target: SyntaxNode): boolean {
  let runs = false;
  walkOwnFrame(target, (node) => {
    if (runs) return false;
    if (node.type !== 'call') return;
    const callee = field(node, 'function');
    const last = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.text;
    if (last === 'run' || last === 'Runner') runs = model.callTargets(node).some((name) => name === 'asyncio.run' || name === 'asyncio.Runner');
    else if (last && OWN_LOOP_CALLS.has(last)) runs = true;
  });
  return runs;
}

/** `event.set()` on an asyncio, trio or anyio object, or a loop method that is not `..._threadsafe`. */
function unsafeCall(model: SemanticModel, call: SyntaxNode): { label: string; scheduled: string; loopMethod: boolean; library?: 'trio' | 'anyio' } | undefined {
  const callee = field(call, 'function');
  const object = callee?.type === 'attribute' ? field(callee, 'object') : null;
  const method = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
  if (!object || !method) return undefined;
  const loop = UNSAFE_METHODS[EVENT_LOOP].has(method) && isEventLoop(model, object);
  const type = loop ? undefined : valueType(model, object);
  if (!loop && !(type && UNSAFE_METHODS[type]?.has(method))) return undefined;
  const owner = type?.split('.')[0];
  const library = owner === 'trio' || owner === 'anyio' ? owner : undefined;
  const args = field(call, 'arguments')?.text.slice(1, -1).trim() ?? '';
  return { label: `${callee!.text}()`, scheduled: args ? `${callee!.text}, ${args}` : callee!.text, loopMethod: loop, library };
}
