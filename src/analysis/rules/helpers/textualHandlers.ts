import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { callsNamed } from '../../semantic/callIndex';
import { argument, callArguments, field, unparenthesize } from '../../syntax';
import { derivesFrom, hasDecorator, namedDefinition, ownerClass } from './functions';

/**
 * Textual runs an app, its screens and widgets on one asyncio loop and calls their handlers there, sync or
 * async (`textual._callback.invoke`: `result = callback(...)`, awaited only when it is awaitable): message
 * handlers `on_…` (`_on_…`) and `@on(...)`, actions `action_…`, key methods `key_…`, reactive watchers
 * `watch_…`, `compose` and `render`.
 */
const HANDLER_NAMES = /^(_?on_|action_|key_|_?watch_)\w|^(compose|render)$/;
/** Methods Textual uses the return value of at once: they cannot be coroutines. */
const SYNC_ONLY = new Set(['compose', 'render']);
const HANDLER_DECORATORS = new Set(['textual.on', 'textual._on.on']);
/** `@work(thread=True)` runs the method in a thread worker (a sync method may not be a worker otherwise). */
const WORKER_DECORATORS = new Set(['textual.work', 'textual.worker.work']);
/** Modules whose classes are message pumps: the app, screens, widgets and containers. */
const PUMP_MODULES = /^textual\.(app|screen|widget|widgets|containers|scroll_view|message_pump|dom)\./;
/** A pump's methods that have the loop call a function: Textual's timers and `call_…` helpers (`call_from_thread` from a thread). */
const TIMER_ARGUMENTS: Readonly<Record<string, { position: number; keyword: string }>> = {
  set_interval: { position: 1, keyword: 'callback' },
  set_timer: { position: 1, keyword: 'callback' },
  call_later: { position: 0, keyword: 'callback' },
  call_after_refresh: { position: 0, keyword: 'callback' },
  call_next: { position: 0, keyword: 'callback' },
  call_from_thread: { position: 0, keyword: 'callback' },
};

/**
 * Whether Textual calls this sync def on its event loop: a handler of a class deriving from Textual's widgets,
 * screens or app, or a function such a class gives one of its timers (`timer`: `self.set_interval(…)`, the call
 * as written). `mayBeAsync`: Textual would await it as an `async def` too (not `compose` or `render`).
 */
export function textualCall(model: SemanticModel, definition: SyntaxNode): { timer?: string; mayBeAsync: boolean } | undefined {
  const owner = ownerClass(definition);
  const name = field(definition, 'name')?.text ?? '';
  if (owner && (HANDLER_NAMES.test(name) || hasDecorator(model, definition, HANDLER_DECORATORS)) && !hasDecorator(model, definition, WORKER_DECORATORS) && isTextualPump(model, owner)) {
    return { mayBeAsync: !SYNC_ONLY.has(name) };
  }
  const timer = timerCallbacksOf(model).get(definition.id);
  return timer ? { timer, mayBeAsync: true } : undefined;
}

function isTextualPump(model: SemanticModel, classNode: SyntaxNode): boolean {
  return derivesFrom(model, classNode, (base) => PUMP_MODULES.test(base));
}

const TIMER_CALLBACKS = {};

/** `self.set_interval(1, self.refresh_stats)` in a Textual class: the def by id, the call as written. */
function timerCallbacksOf(model: SemanticModel): Map<number, string> {
  return model.workspaceAnswer(TIMER_CALLBACKS, () => findTimerCallbacks(model));
}

function findTimerCallbacks(model: SemanticModel): Map<number, string> {
  const found = new Map<number, string>();
  for (const call of callsNamed(model, Object.keys(TIMER_ARGUMENTS))) {
    const callee = field(call, 'function');
    const object = callee?.type === 'attribute' ? field(callee, 'object') : null;
    const slot = callee?.type === 'attribute' ? TIMER_ARGUMENTS[field(callee, 'attribute')?.text ?? ''] : undefined;
    if (!slot || !object || !isTextualReceiver(model, object)) continue;
    const given = argument(callArguments(call), slot.position, slot.keyword);
    const definition = given && namedDefinition(model, unparenthesize(given));
    if (definition && !found.has(definition.id)) found.set(definition.id, `${callee!.text.replace(/\s+/g, '')}(…)`);
  }
  return found;
}

/** `self` (or `self.app`, `self.screen`) in a method of a Textual class. */
function isTextualReceiver(model: SemanticModel, object: SyntaxNode): boolean {
  const self = object.type === 'attribute' && /^(app|screen)$/.test(field(object, 'attribute')?.text ?? '') ? field(object, 'object') : object;
  if (self?.type !== 'identifier' || self.text !== 'self') return false;
  const method = model.enclosingFunction(object);
  const owner = method && ownerClass(method);
  return owner !== undefined && isTextualPump(model, owner);
}
