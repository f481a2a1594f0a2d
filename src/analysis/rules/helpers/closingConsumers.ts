import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { callArguments, field, isAsyncWith, logicalParent, namedChildren, unparenthesize } from '../../syntax';
import { isMethod, ownerClass } from './functions';
import { referencesTo } from './nameReferences';

/** `aclosing` context managers of libraries: their exit awaits the generator's `aclose()`. */
const LIBRARY_ACLOSING = new Set(['contextlib.aclosing', 'async_generator.aclosing']);

/**
 * How the module's own consumers of the async generator `definition` end it, when every one of them
 * closes it: `'closed'` when each reference calls it and iterates the generator inside
 * `async with aclosing(gen)` (contextlib's, or a workspace `aclosing` that calls `aclose()`) or
 * calls `gen.aclose()` in a `finally`; `'exposed'` when besides such consumers a public function
 * also returns it to callers the module cannot see. Only for a private generator (`_name`, or a
 * method of a private class): a public one may have any consumer elsewhere. The module is all that
 * is searched: a consumer in another module counts as none, and another use as one that may not close.
 */
export function closingConsumers(model: SemanticModel, definition: SyntaxNode): 'closed' | 'exposed' | undefined {
  const name = field(definition, 'name')?.text;
  if (!name) return undefined;
  const method = isMethod(definition);
  const owner = method ? ownerClass(definition) : undefined;
  if (!isPrivateName(name) && !(owner && isPrivateName(field(owner, 'name')?.text ?? ''))) return undefined;
  let closed = 0;
  let exposed = false;
  for (const reference of referencesTo(model, name)) {
    if (method ? !reference.attribute : reference.attribute) {
      if (method) return undefined;
      continue; // `something.name` in a module defining a function `name`: some other object's attribute
    }
    if (!method && model.lookup(name, reference.node)?.node.id !== definition.id) continue;
    const use = useOf(model, reference.node);
    if (use === 'other') return undefined;
    if (use === 'closed') closed++;
    else exposed = true;
  }
  if (closed === 0) return undefined;
  return exposed ? 'exposed' : 'closed';
}

function isPrivateName(name: string): boolean {
  return name.startsWith('_') && !name.endsWith('__');
}


function useOf(model: SemanticModel, reference: SyntaxNode): 'closed' | 'exposed' | 'other' {
  const call = logicalParent(reference);
  if (call?.type !== 'call' || field(call, 'function')?.id !== reference.id) return 'other';
  const parent = logicalParent(call);
  // `async with aclosing(self._gen(...)) as stream:`
  if (closingContextOf(model, call)) return 'closed';
  // `return self._gen(...)` from a public function: handed to callers the module cannot see.
  if (parent?.type === 'return_statement') {
    const returner = model.enclosingFunction(parent);
    const returnerName = returner ? field(returner, 'name')?.text : undefined;
    const returnerClass = returner && isMethod(returner) ? ownerClass(returner) : undefined;
    const isPublic = !!returnerName && !isPrivateName(returnerName) && !(returnerClass && isPrivateName(field(returnerClass, 'name')?.text ?? ''));
    return isPublic ? 'exposed' : 'other';
  }
  // `stream = self._gen(...)`, then `async with aclosing(stream)` or `await stream.aclose()` in a `finally`.
  const target = parent?.type === 'assignment' && field(parent, 'right')?.id === call.id ? field(parent, 'left') : null;
  if (target?.type !== 'identifier') return 'other';
  const scope = model.enclosingFunction(parent!);
  if (!scope) return 'other';
  return closesName(model, scope, target.text) ? 'closed' : 'other';
}

/** Whether `scope` passes the name to an `async with aclosing(...)`, or awaits its `aclose()` in a `finally`. */
function closesName(model: SemanticModel, scope: SyntaxNode, name: string): boolean {
  for (const call of model.nodesWithin('call', scope.startIndex, scope.endIndex)) {
    if (model.enclosingFunction(call)?.id !== scope.id) continue;
    const callee = field(call, 'function');
    if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'aclose' && field(callee, 'object')?.text === name) {
      for (let node = call.parent; node && node.id !== scope.id; node = node.parent) if (node.type === 'finally_clause') return true;
    }
    const [first] = callArguments(call).positional;
    if (first && unparenthesize(first).type === 'identifier' && unparenthesize(first).text === name && closingContextOf(model, first)) return true;
  }
  return false;
}

/** Whether `value` is the first argument of an `aclosing(...)` entered by an `async with`. */
function closingContextOf(model: SemanticModel, value: SyntaxNode): boolean {
  const list = logicalParent(value);
  const call = list?.type === 'argument_list' ? list.parent : null;
  if (call?.type !== 'call' || callArguments(call).positional[0]?.id !== value.id || !isAclosing(model, call)) return false;
  let item = logicalParent(call);
  if (item?.type === 'as_pattern') item = logicalParent(item);
  const statement = item?.type === 'with_item' ? item.parent?.parent : null;
  return statement?.type === 'with_statement' && isAsyncWith(statement);
}

function isAclosing(model: SemanticModel, call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  const last = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.text;
  if (last !== 'aclosing') return false;
  if (model.callTargets(call).some((target) => LIBRARY_ACLOSING.has(target))) return true;
  // A project's own `aclosing`: an async context manager whose body awaits `aclose()`.
  const found = model.definitionOf(callee);
  return !!found && /\.aclose\(\)/.test(found.node.text) && namedChildren(found.node).length > 0;
}
