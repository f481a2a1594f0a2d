import { LOOP_TASK_FACTORIES, TASK_FACTORIES } from '../../catalog/asyncioApis';
import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { awaitableCall, isEventLoop, resolvePlainFunction, type FunctionTarget, type ResolutionContext } from '../../semantic/awaitables';
import { walkOwnFrame } from '../../semantic/references';
import { field, namedChildren, unparenthesize } from '../../syntax';

/** asyncio calls that give a Future, never a coroutine (not `gather`/`shield`, which start tasks of their own). */
const FUTURE_FUNCTIONS = new Set(['asyncio.wrap_future', 'asyncio.Future', 'asyncio.futures.Future']);
const LOOP_FUTURE_METHODS = new Set(['create_future', 'run_in_executor']);

/**
 * True when the call is known to give no coroutine, so `ensure_future` of it creates no task: a
 * Future-returning asyncio API, or a plain `def` of the workspace (`sem.acquire()` returning a
 * Future) none of whose `return`s is a coroutine call. An unknown callee may return a coroutine.
 */
export function givesNoCoroutine(context: ResolutionContext, expression: SyntaxNode): boolean {
  const call = unparenthesize(expression);
  const callee = call.type === 'call' ? field(call, 'function') : null;
  if (!callee) return false;
  const name = context.model.qualifiedName(callee);
  if (name && FUTURE_FUNCTIONS.has(name)) return true;
  const target = unparenthesize(callee);
  if (target.type === 'attribute') {
    const object = field(target, 'object');
    const method = field(target, 'attribute');
    if (object && method && LOOP_FUTURE_METHODS.has(method.text) && isEventLoop(context.model, object)) return true;
  }
  const definition = resolvePlainFunction(context, callee);
  return !!definition && !returnsCoroutineOrTask(context, definition);
}

/**
 * `-> Coroutine[...]` or `-> Task[...]`, a `return fetch()` where `fetch` is a coroutine function (a sync wrapper of a
 * coroutine), or a `return create_task(…)`: `ensure_future` returns that task, still to be kept.
 */
function returnsCoroutineOrTask(context: ResolutionContext, target: FunctionTarget): boolean {
  const annotation = field(target.definition, 'return_type');
  if (annotation && /\b(Coroutine|Task)\b/.test(annotation.text)) return true;
  const body = field(target.definition, 'body');
  if (!body) return false;
  const own: ResolutionContext = { ...context, model: target.model, file: target.model === context.model ? context.file : undefined };
  let found = false;
  walkOwnFrame(body, (node) => {
    if (node.type !== 'return_statement') return !found;
    const value = namedChildren(node).find((child) => child.type !== 'comment');
    const returned = value ? unparenthesize(value) : undefined;
    if (returned?.type === 'call' && (isTaskFactoryCall(own.model, returned) || awaitableCall(own, returned)?.kind === 'coroutine')) found = true;
    return false;
  });
  return found;
}

/** `asyncio.create_task(...)`, `asyncio.ensure_future(...)`, `loop.create_task(...)`, `group.create_task(...)`. */
export function isTaskFactoryCall(model: SemanticModel, call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  if (!callee) return false;
  const name = model.qualifiedName(callee);
  if (name && TASK_FACTORIES.has(name)) return true;
  const target = unparenthesize(callee);
  return target.type === 'attribute' && LOOP_TASK_FACTORIES.has(field(target, 'attribute')?.text ?? '');
}
