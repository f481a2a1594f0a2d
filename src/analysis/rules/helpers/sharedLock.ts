import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { field, isAsyncFunction, namedChildren, unparenthesize } from '../../syntax';
import { containsYield, suspends, walkFrame } from './suspension';

/**
 * `with self.lock:` in a coroutine, on a lock that a plain `def` method of the same class also acquires
 * (`with self.lock:` or `self.lock.acquire()`), with a body that cannot suspend (no `await`, `async for`,
 * `async with` or `yield`): the name of that sync method, else undefined. Such a lock guards the object
 * against its sync callers in other threads, which an `asyncio.Lock` could not serve; on the loop's thread
 * it waits only while one of them holds it. A lock held across a suspension, or taken only in coroutines,
 * is not matched.
 */
export function sharedWithSyncMethod(model: SemanticModel, statement: SyntaxNode, value: SyntaxNode): string | undefined {
  const lock = unparenthesize(value);
  const object = lock.type === 'attribute' ? field(lock, 'object') : null;
  const attribute = lock.type === 'attribute' ? field(lock, 'attribute')?.text : undefined;
  if (object?.type !== 'identifier' || object.text !== 'self' || !attribute) return undefined;
  const body = field(statement, 'body');
  if (!body || suspends(body) || containsYield(body)) return undefined;
  const method = model.enclosingFunction(statement);
  const classBody = method ? methodStatement(method).parent : null;
  if (!method || !isAsyncFunction(method) || classBody?.type !== 'block' || classBody.parent?.type !== 'class_definition') return undefined;
  for (const member of namedChildren(classBody)) {
    const definition = member.type === 'decorated_definition' ? field(member, 'definition') : member;
    if (definition?.type !== 'function_definition' || isAsyncFunction(definition) || definition.id === method.id) continue;
    const syncBody = field(definition, 'body');
    if (syncBody && acquires(syncBody, attribute)) return field(definition, 'name')?.text;
  }
  return undefined;
}

function methodStatement(definition: SyntaxNode): SyntaxNode {
  return definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
}

/** `with self.<attribute>:` or `self.<attribute>.acquire(...)` in the frame of a sync method's body. */
function acquires(body: SyntaxNode, attribute: string): boolean {
  const target = `self.${attribute}`;
  let found = false;
  walkFrame(body, (node) => {
    if (found) return false;
    if (node.type === 'with_item') {
      let item = field(node, 'value');
      if (item?.type === 'as_pattern') item = namedChildren(item)[0] ?? null;
      if (item && compact(unparenthesize(item)) === target) found = true;
    } else if (node.type === 'call') {
      const callee = field(node, 'function');
      if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'acquire') {
        const owner = field(callee, 'object');
        if (owner && compact(unparenthesize(owner)) === target) found = true;
      }
    }
    return !found;
  });
  return found;
}

function compact(node: SyntaxNode): string {
  return node.text.replace(/\s+/g, '');
}
