import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { underDoneTest } from '../rules/helpers/doneFutures';
import { callArguments, dottedText, field, namedChildren, unparenthesize } from '../syntax';

/**
 * `fut.result()` / `fut.exception()` on a `concurrent.futures.Future` the function has seen finish:
 * under `if fut.done():`, or after it awaited the future's completion — `await asyncio.wrap_future(fut)`,
 * or an awaited wait (`run_in_executor(None, ev.wait)`, `to_thread(ev.wait)`) on an Event that a
 * callback given to `fut.add_done_callback` sets. The call returns at once.
 */
export function readsDoneFuture(call: SyntaxNode, model: SemanticModel): boolean {
  const callee = field(call, 'function');
  const receiver = callee?.type === 'attribute' ? field(callee, 'object') : null;
  const future = receiver ? dottedText(receiver) : undefined;
  const scope = model.enclosingFunction(call);
  if (!future || !scope) return false;
  if (underDoneTest(call, future)) return true;
  const before = model.nodesWithin('await', scope.startIndex, call.startIndex).filter((node) => model.enclosingFunction(node)?.id === scope.id);
  if (before.some((node) => awaitedCall(node, /(^|\.)wrap_future$/)?.text === future)) return true;
  const events = doneCallbackEvents(model, scope, call, future);
  return before.some((node) => {
    const waited = awaitedCall(node, /(^|\.)(run_in_executor|to_thread)$/, true);
    const event = waited?.type === 'attribute' && field(waited, 'attribute')?.text === 'wait' ? field(waited, 'object') : null;
    const registered = event ? events.get(event.text) : undefined;
    return registered !== undefined && node.startIndex > registered;
  });
}

/**
 * The argument of the awaited call whose callee matches `name`: the first one, or with `last`, the
 * last (`run_in_executor(None, ev.wait)`).
 */
function awaitedCall(node: SyntaxNode, name: RegExp, last = false): SyntaxNode | undefined {
  const awaited = namedChildren(node)[0];
  const call = awaited ? unparenthesize(awaited) : undefined;
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  if (!callee || !name.test(callee.text)) return undefined;
  const { positional } = callArguments(call!);
  const chosen = last ? positional.at(-1) : positional[0];
  return chosen ? unparenthesize(chosen) : undefined;
}

/**
 * The names `X` of `X.set()` in the local defs (or lambdas) handed to `future.add_done_callback(...)`
 * before `call`, each with where its first registration ends (a wait must come after it).
 */
function doneCallbackEvents(model: SemanticModel, scope: SyntaxNode, call: SyntaxNode, future: string): Map<string, number> {
  const events = new Map<string, number>();
  for (const registration of model.nodesWithin('call', scope.startIndex, call.startIndex)) {
    const callee = field(registration, 'function');
    if (callee?.type !== 'attribute' || field(callee, 'attribute')?.text !== 'add_done_callback' || dottedText(field(callee, 'object') ?? callee) !== future) continue;
    const [callback] = callArguments(registration).positional;
    const body = callback ? callbackBody(model, scope, unparenthesize(callback)) : undefined;
    for (const set of body ? model.nodesWithin('call', body.startIndex, body.endIndex) : []) {
      const setter = field(set, 'function');
      const event = setter?.type === 'attribute' && field(setter, 'attribute')?.text === 'set' ? field(setter, 'object')!.text : undefined;
      if (event && !events.has(event)) events.set(event, registration.endIndex);
    }
  }
  return events;
}

/** A lambda itself, or the `def` of that name written in the function. */
function callbackBody(model: SemanticModel, scope: SyntaxNode, callback: SyntaxNode): SyntaxNode | undefined {
  if (callback.type === 'lambda') return callback;
  if (callback.type !== 'identifier') return undefined;
  return model
    .nodesWithin('function_definition', scope.startIndex, scope.endIndex)
    .find((definition) => field(definition, 'name')?.text === callback.text && definition.id !== scope.id);
}
