import { findBlockingApi } from '../../catalog/blockingApis';
import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { isGeneratorFunction } from '../../semantic/references';
import { field, isAsyncFunction, unparenthesize } from '../../syntax';
import { resolveDefinition } from './calledHelper';
import { containsYield, suspends, walkFrame } from './suspension';

/** Builtins that only build or inspect values in memory. */
const CHEAP_BUILTINS = new Set([
  'list', 'dict', 'set', 'frozenset', 'tuple', 'len', 'sorted', 'reversed', 'min', 'max', 'sum', 'any', 'all',
  'isinstance', 'enumerate', 'zip', 'range', 'filter', 'map', 'iter', 'next', 'bool', 'int', 'str', 'repr', 'id',
  'hash', 'getattr', 'hasattr', 'setattr',
].map((name) => `builtins.${name}`));
/** Methods of the builtin containers (and a condition's `notify`): none waits. */
const CHEAP_METHODS = new Set([
  'get', 'pop', 'popitem', 'setdefault', 'append', 'appendleft', 'extend', 'insert', 'remove', 'discard', 'add',
  'clear', 'update', 'copy', 'keys', 'values', 'items', 'index', 'count', 'popleft', 'notify', 'notify_all',
]);
/** How many helper calls deep a lock body is followed. */
const MAX_DEPTH = 2;

/**
 * The body of a `with` on a thread lock holds it only for a moment: it cannot suspend (no `await`),
 * and every call in it is a container operation, a cheap builtin, or a sync workspace helper whose
 * own body passes the same test. A call the rules know to block, or one they cannot see into, fails it.
 */
export function holdsLockMomentarily(model: SemanticModel, body: SyntaxNode, depth = 0): boolean {
  if (suspends(body) || containsYield(body)) return false;
  let momentary = true;
  walkFrame(body, (node) => {
    if (!momentary) return false;
    if (node.type === 'call' && !isCheapCall(model, node, depth)) momentary = false;
    return momentary;
  });
  return momentary;
}

function isCheapCall(model: SemanticModel, call: SyntaxNode, depth: number): boolean {
  if (findBlockingApi(model.callTargets(call), call, model)) return false;
  const callee = unparenthesize(field(call, 'function') ?? call);
  if (callee.type === 'attribute' && CHEAP_METHODS.has(field(callee, 'attribute')?.text ?? '')) return true;
  if (callee.type === 'identifier' && CHEAP_BUILTINS.has(model.qualifiedName(callee) ?? '')) return true;
  if (depth >= MAX_DEPTH) return false;
  const helper = resolveDefinition(model, callee)?.definition;
  const body = helper?.node.type === 'function_definition' ? field(helper.node, 'body') : null;
  return !!helper && !!body && !isAsyncFunction(helper.node) && !isGeneratorFunction(helper.node) && holdsLockMomentarily(helper.model, body, depth + 1);
}
