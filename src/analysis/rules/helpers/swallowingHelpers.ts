import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { isGeneratorFunction } from '../../semantic/references';
import { cancellationHandlers, followHandler } from '../../semantic/reraisePaths';
import { field, isAsyncFunction, namedChildren, unparenthesize } from '../../syntax';
import { resolveDefinition } from './calledHelper';
import { everySuspension, isSuspension, walkFrame } from './suspension';

/** How many awaited helpers deep a swallowed cancellation is looked for. */
const MAX_DEPTH = 3;

/**
 * Every point where `body` may suspend is an `await` of a workspace coroutine that swallows any
 * cancellation itself (see `swallowsCancellation`): a cancellation of the task lands inside that
 * coroutine and ends there, so it never reaches a handler around `body`. The inner handler is
 * reported on its own.
 */
export function awaitsOnlySwallowingHelpers(model: SemanticModel, body: SyntaxNode, depth = 0): boolean {
  return everySuspension(body, (node) => {
    const helper = awaitedCoroutine(model, node);
    return !!helper && depth < MAX_DEPTH && swallowsCancellation(helper.model, helper.node, depth + 1);
  });
}

/** The workspace `async def` an `await f(...)` / `await self.m(...)` runs. */
function awaitedCoroutine(model: SemanticModel, node: SyntaxNode): { model: SemanticModel; node: SyntaxNode } | undefined {
  const awaited = node.type === 'await' ? namedChildren(node)[0] : undefined;
  const call = awaited ? unparenthesize(awaited) : undefined;
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  const definition = callee ? resolveDefinition(model, unparenthesize(callee))?.definition : undefined;
  const def = definition?.node;
  if (!definition || def?.type !== 'function_definition' || !isAsyncFunction(def) || isGeneratorFunction(def)) return undefined;
  return definition;
}

/**
 * A coroutine each of whose suspension points sits in the body of a `try` whose cancellation
 * handler never re-raises (nor raises anything else), or is itself an await of such a coroutine.
 */
function swallowsCancellation(model: SemanticModel, definition: SyntaxNode, depth: number): boolean {
  const body = field(definition, 'body');
  let suspensions = 0;
  let swallowed = true;
  if (!body) return false;
  walkFrame(body, (node) => {
    if (!swallowed) return false;
    if (!isSuspension(node)) return;
    suspensions++;
    if (!caughtAndKept(model, node, definition)) {
      const helper = awaitedCoroutine(model, node);
      if (!helper || depth >= MAX_DEPTH || !swallowsCancellation(helper.model, helper.node, depth + 1)) swallowed = false;
    }
    return false;
  });
  return swallowed && suspensions > 0;
}

/** Some `try` around `node` (in its body, within `definition`) has a cancellation handler that never lets it out. */
function caughtAndKept(model: SemanticModel, node: SyntaxNode, definition: SyntaxNode): boolean {
  for (let child = node, parent = node.parent; parent && parent.id !== definition.id; child = parent, parent = parent.parent) {
    if (parent.type !== 'try_statement' || field(parent, 'body')?.id !== child.id) continue;
    const [handler] = cancellationHandlers(model, parent);
    if (!handler) continue;
    const paths = followHandler(model, handler);
    if (!paths.reraises && (paths.fallsThrough || paths.improperExits.length > 0)) return true;
  }
  return false;
}
