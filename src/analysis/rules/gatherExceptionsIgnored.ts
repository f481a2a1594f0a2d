import { callsNamed } from '../semantic/callIndex';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { callArguments, caughtTypes, field, logicalParent, namedChildren, pushReversed, unparenthesize } from '../syntax';
import { calledDefinition } from './helpers/functions';
import { outcomesSeenElsewhere } from './helpers/futureOutcomes';
import { suspends, walkFrame } from './helpers/suspension';
import { coroutinesOf, storedCoroutines } from './helpers/taskCollections';
import type { Rule } from './rule';

const TARGET_CONTAINERS = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'tuple',
  'list',
  'parenthesized_expression',
  'list_splat_pattern',
  'as_pattern_target',
]);

function targetNames(target: SyntaxNode): SyntaxNode[] | undefined {
  const names: SyntaxNode[] = [];
  const pending = [target];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'identifier') names.push(node);
    else if (TARGET_CONTAINERS.has(node.type)) pushReversed(pending, namedChildren(node));
    else return undefined;
  }
  return names;
}

/** True when an identifier occurrence reads the variable (rather than naming an attribute, keyword, parameter or target). */
function isRead(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return true;
  if (parent.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id) return false;
  if (parent.type === 'keyword_argument' && field(parent, 'name')?.id === identifier.id) return false;
  if (['function_definition', 'class_definition'].includes(parent.type) && field(parent, 'name')?.id === identifier.id) return false;
  if (['parameters', 'lambda_parameters', 'default_parameter', 'typed_parameter', 'typed_default_parameter'].includes(parent.type)) return false;
  let child = identifier;
  for (let node: SyntaxNode | null = parent; node; child = node, node = node.parent) {
    if (TARGET_CONTAINERS.has(node.type)) continue;
    const isTarget =
      (['assignment', 'for_statement', 'for_in_clause'].includes(node.type) && field(node, 'left')?.id === child.id) ||
      (node.type === 'as_pattern' && field(node, 'alias')?.id === child.id);
    return !isTarget;
  }
  return true;
}

function isEverRead(model: SemanticModel, scopeNode: SyntaxNode, name: string): boolean {
  const pending = [field(scopeNode, 'body') ?? scopeNode];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'identifier' && node.text === name && isRead(node)) return true;
    if (node.type === 'global_statement' || node.type === 'nonlocal_statement') {
      if (namedChildren(node).some((child) => child.text === name)) return true;
    }
    pending.push(...namedChildren(node));
  }
  return false;
}

/** Why the gather's results go unseen, or undefined when they may be inspected. */
function ignoredResults(model: SemanticModel, awaitNode: SyntaxNode): 'discarded' | 'unread' | undefined {
  const parent = logicalParent(awaitNode);
  if (parent?.type === 'expression_statement') return 'discarded';
  if (parent?.type !== 'assignment' || unparenthesize(field(parent, 'right') ?? parent).id !== awaitNode.id) return undefined;
  const left = field(parent, 'left');
  const names = left ? targetNames(left) : undefined;
  const scope = model.scopes.enclosingScope(parent);
  if (!names || scope.kind !== 'function') return undefined;
  return names.every((name) => !isEverRead(model, scope.node, name.text)) ? 'unread' : undefined;
}

/** Methods whose failures a shutdown path may deliberately ignore. */
const CLEANUP_METHODS = new Set(['close', 'aclose', 'wait_closed', 'cancel', 'shutdown', 'stop', 'disconnect', 'terminate', 'kill', 'cleanup', 'release', 'unsubscribe']);

function methodName(expression: SyntaxNode): string | undefined {
  const call = unparenthesize(expression);
  const callee = call.type === 'call' ? field(call, 'function') : null;
  return callee?.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
}

function isCleanupCall(expression: SyntaxNode): boolean {
  return CLEANUP_METHODS.has(methodName(expression) ?? '');
}

/** Handler calls that report an error: `log.exception(...)`, `logger.error(...)`, `print(...)`, `self._report(...)`. */
const REPORTING_WORDS = /(^|_)(log|logger|logging|exception|error|errors|warning|warn|critical|print|report)(_|$)/i;

/** The awaitables a gather call receives: its positional arguments, the element of a splatted comprehension. */
function gatheredAwaitables(call: SyntaxNode): SyntaxNode[] {
  return gatheredItems(call).map((item) => item.awaitable);
}

/**
 * The gather's items: each positional argument, or for a splat the element of its comprehension
 * (`*[notify(c) for c in clients]`) or the collection itself (`*self.tasks`, `*tasks`: `collection`).
 */
function gatheredItems(call: SyntaxNode): Array<{ awaitable: SyntaxNode; collection: boolean }> {
  const items: Array<{ awaitable: SyntaxNode; collection: boolean }> = [];
  for (const argument of namedChildren(field(call, 'arguments') ?? call)) {
    if (argument.type === 'keyword_argument' || argument.type === 'comment') continue;
    if (argument.type !== 'list_splat') {
      items.push({ awaitable: argument, collection: false });
      continue;
    }
    const collection = unparenthesize(namedChildren(argument)[0] ?? argument);
    const element = ['list_comprehension', 'generator_expression', 'set_comprehension'].includes(collection.type) ? field(collection, 'body') : null;
    items.push(element ? { awaitable: element, collection: false } : { awaitable: collection, collection: true });
  }
  return items;
}

/**
 * The coroutine calls the gather waits for: written in it, run by the tasks it is given
 * (`task = create_task(self.run())`), or by the tasks a collection it is given holds, followed to
 * every `add`/`append` of it (`self.tasks.add(task)`). Undefined when one cannot be seen.
 */
function gatheredCoroutines(model: SemanticModel, call: SyntaxNode): SyntaxNode[] | undefined {
  const coroutines: SyntaxNode[] = [];
  for (const item of gatheredItems(call)) {
    const found = item.collection ? storedCoroutines(model, item.awaitable) : coroutinesOf(model, item.awaitable);
    if (!found) return undefined;
    coroutines.push(...found);
  }
  return coroutines.length > 0 ? coroutines : undefined;
}

/**
 * `*self._executor._pending_futures`: every item is another object's private collection of
 * futures (an attribute named with one leading underscore, on something other than `self`/`cls`).
 * That object made them and is the one to report their errors; this code only waits for them.
 */
function othersPrivateFutures(call: SyntaxNode): SyntaxNode | undefined {
  const items = gatheredItems(call);
  if (items.length === 0) return undefined;
  for (const item of items) {
    const node = unparenthesize(item.awaitable);
    const object = node.type === 'attribute' ? field(node, 'object') : null;
    const name = node.type === 'attribute' ? (field(node, 'attribute')?.text ?? '') : '';
    if (!object || !/^_[^_]/.test(name) || /__$/.test(name) || (object.type === 'identifier' && (object.text === 'self' || object.text === 'cls'))) return undefined;
  }
  return unparenthesize(items[0].awaitable);
}

/**
 * A coroutine function of this file whose body is a `try` with a broad handler (`except Exception`,
 * `BaseException` or bare) that reports the error: it never ends with an exception worth collecting.
 */
function handlesOwnErrors(model: SemanticModel, coroutine: SyntaxNode): boolean {
  const call = unparenthesize(coroutine);
  const definition = call.type === 'call' ? calledDefinition(model, call) : undefined;
  const body = definition ? field(definition, 'body') : null;
  const statements = namedChildren(body ?? call).filter((statement) => statement.type !== 'comment');
  const last = statements[statements.length - 1];
  if (!body || last?.type !== 'try_statement' || statements.slice(0, -1).some((statement) => suspends(statement))) return false;
  return namedChildren(last).some((clause) => clause.type === 'except_clause' && isBroad(model, clause) && reports(clause));
}

function isBroad(model: SemanticModel, clause: SyntaxNode): boolean {
  const types = caughtTypes(clause);
  return !types || types.some((type) => ['builtins.Exception', 'builtins.BaseException'].includes(model.qualifiedName(type) ?? `builtins.${type.text}`));
}

function reports(clause: SyntaxNode): boolean {
  let found = false;
  walkFrame(clause, (node) => {
    if (node.type !== 'call') return !found;
    const callee = field(node, 'function');
    const words = callee?.type === 'attribute' ? [field(callee, 'attribute')?.text, field(callee, 'object')?.text] : [callee?.text];
    if (words.some((word) => word !== undefined && REPORTING_WORDS.test(word.split('.').pop() ?? word))) found = true;
    return !found;
  });
  return found;
}

/**
 * The shutdown idioms where dropping the results is the point: every awaitable is a cleanup call
 * (`*(c.close() for c in conns)`), or the function cancels tasks and gathers them to let them finish.
 */
function isDeliberateCleanup(model: SemanticModel, call: SyntaxNode): boolean {
  const awaitables = gatheredAwaitables(call);
  if (awaitables.length > 0 && awaitables.every(isCleanupCall)) return true;
  const owner = model.enclosingFunction(call) ?? model.root;
  return callsNamed(model, ['cancel']).some((other) => other.startIndex >= owner.startIndex && other.endIndex <= owner.endIndex && methodName(other) === 'cancel');
}

/**
 * In an `except` handler, a later statement of the same block re-raises: an error is already on its
 * way up, and the gather is best-effort cleanup before it (`await gather(close(), drain(), …); raise`).
 */
function cleanupBeforeReraise(awaitNode: SyntaxNode): boolean {
  let statement: SyntaxNode | null = awaitNode;
  while (statement && statement.parent?.type !== 'block') statement = statement.parent;
  let inHandler = false;
  for (let node = statement?.parent; node && node.type !== 'function_definition'; node = node.parent) {
    if (node.type === 'except_clause' || node.type === 'except_group_clause') inHandler = true;
  }
  if (!inHandler) return false;
  for (let next = statement?.nextNamedSibling; next; next = next.nextNamedSibling) {
    if (next.type === 'raise_statement') return true;
  }
  return false;
}

/**
 * `await asyncio.gather(fut, return_exceptions=True)`: one awaitable, written out (not starred). There are
 * no siblings whose run an error could cut short, so `return_exceptions=True` has no other use than to wait
 * for it and drop how it ends — the explicit form of `with suppress(Exception): await fut`.
 */
function gathersOneAwaitable(call: SyntaxNode): boolean {
  const args = callArguments(call);
  return args.positional.length === 1 && !args.hasSplat;
}

/**
 * AIO108: `await asyncio.gather(..., return_exceptions=True)` whose results are dropped — the
 * exceptions it collected are silently lost. Shutdown code that closes or cancels on purpose is left
 * alone, and so is cleanup in an `except` handler that re-raises after it; so are coroutines of this
 * file that catch and report their own errors (a body that is a `try` whose `except Exception` logs):
 * nothing but a cancellation is left to collect — written in the gather, or run by the tasks it is
 * given, followed through a local or a `self.` collection to every `add`/`append` that fills it.
 * Existing futures whose outcomes the code reads afterwards (`task.exception()`) or forwards by a
 * done callback keep them: gather was only a barrier. Another object's private futures
 * (`*self._executor._pending`) are information: their owner is the one to report their errors.
 * Nor a gather of a single awaitable written out, which can only mean "wait, and ignore its error".
 */
export const gatherExceptionsIgnored: Rule = {
  codes: [{ code: 'AIO108', title: 'Exceptions collected by gather are ignored', defaultSeverity: 'information' }],
  check(context) {
    if (!context.isEnabled('AIO108')) return;
    const { model } = context;
    for (const call of callsNamed(model, ['gather'])) {
      const callee = field(call, 'function');
      if (!callee || model.qualifiedName(callee) !== 'asyncio.gather') continue;
      if (callArguments(call).keywords.get('return_exceptions')?.type !== 'true') continue;
      const awaitNode = logicalParent(call);
      if (awaitNode?.type !== 'await' || !ignoredResults(model, awaitNode) || isDeliberateCleanup(model, call) || cleanupBeforeReraise(awaitNode)) continue;
      if (gathersOneAwaitable(call)) continue;
      if (gatheredCoroutines(model, call)?.every((coroutine) => handlesOwnErrors(model, coroutine))) continue;
      if (outcomesSeenElsewhere(model, call)) continue;
      const foreign = othersPrivateFutures(call);
      if (foreign) {
        context.report({
          code: 'AIO108',
          node: callee,
          severity: 'information',
          message: t(
            '`asyncio.gather(..., return_exceptions=True)` waits for `{0}`, futures another object keeps to itself, and drops the exceptions they end with: reporting them is that object\'s part, which this code cannot see. Check the results here if it does not.',
            foreign.text,
          ),
        });
        continue;
      }
      context.report({
        code: 'AIO108',
        node: callee,
        message: t(
          '`asyncio.gather(..., return_exceptions=True)` returns the exceptions instead of raising them, and these results are never looked at: check each result (`isinstance(result, BaseException)`), or drop `return_exceptions=True` to let the first error propagate.',
        ),
      });
    }
  },
};
