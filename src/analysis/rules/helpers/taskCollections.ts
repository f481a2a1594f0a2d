import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { callArguments, field, logicalParent, namedChildren, unparenthesize } from '../../syntax';
import { isTaskFactoryCall } from './futures';

/** Methods that put one item into a collection. */
const ADDERS = new Set(['add', 'append', 'appendleft']);
/** Methods that take items out of a collection, or only read it. */
const KEEPERS = new Set(['discard', 'remove', 'clear', 'pop', 'popleft', 'copy', 'index', 'count', 'values']);
/** Calls that only read the collection they are given. */
const READERS = new Set([
  'builtins.len', 'builtins.list', 'builtins.tuple', 'builtins.set', 'builtins.frozenset', 'builtins.sorted', 'builtins.bool',
  'builtins.any', 'builtins.all', 'builtins.iter', 'asyncio.gather', 'asyncio.wait', 'asyncio.as_completed',
]);
/** Constructors of an empty collection (called with no argument). */
const EMPTY_COLLECTIONS = new Set(['builtins.set', 'builtins.list', 'weakref.WeakSet', 'collections.deque']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'generator_expression']);
/** Positions where the collection is only tested. */
const TESTS = new Set(['if_statement', 'elif_clause', 'while_statement', 'not_operator', 'boolean_operator', 'comparison_operator', 'conditional_expression', 'assert_statement']);

/**
 * The coroutine calls whose tasks a collection of tasks holds — `tasks` (a local of the function) or
 * `self.tasks` (an attribute of the enclosing class) — when every item put into it can be seen: it
 * starts empty (or as a literal or comprehension) and only gets items one by one (`add`, `append`),
 * each a coroutine call, a task factory's call on one (`create_task(self.run(...))`), or a local
 * assigned from such a call. Undefined when anything else may put items in it: it is passed on,
 * aliased, extended, re-assigned from elsewhere, or holds something else.
 */
export function storedCoroutines(model: SemanticModel, collection: SyntaxNode): SyntaxNode[] | undefined {
  const target = unparenthesize(collection);
  const occurrences = occurrencesOf(model, target);
  if (!occurrences) return undefined;
  const items: SyntaxNode[] = [];
  for (const occurrence of occurrences) {
    const added = itemsPutBy(model, occurrence);
    if (!added) return undefined;
    items.push(...added);
  }
  const coroutines: SyntaxNode[] = [];
  for (const item of items) {
    const calls = coroutinesOf(model, item);
    if (!calls) return undefined;
    coroutines.push(...calls);
  }
  return coroutines;
}

/** Every mention of the collection where it can be changed: the local's function, or the class of `self`. */
function occurrencesOf(model: SemanticModel, target: SyntaxNode): SyntaxNode[] | undefined {
  if (target.type === 'identifier') {
    const binding = model.lookup(target.text, target);
    const scope = binding ? model.scopes.enclosingScope(binding.node) : undefined;
    if (!binding || binding.kind !== 'assignment' || scope?.kind !== 'function') return undefined;
    return model.nodesWithin('identifier', scope.node.startIndex, scope.node.endIndex).filter((node) => node.text === target.text && !isNamePart(node));
  }
  const object = target.type === 'attribute' ? field(target, 'object') : null;
  const attribute = target.type === 'attribute' ? field(target, 'attribute') : null;
  if (object?.type !== 'identifier' || object.text !== 'self' || !attribute) return undefined;
  let owner: SyntaxNode | null = target.parent;
  while (owner && owner.type !== 'class_definition') owner = owner.parent;
  if (!owner) return undefined;
  return model
    .nodesWithin('attribute', owner.startIndex, owner.endIndex)
    .filter((node) => field(node, 'object')?.text === 'self' && field(node, 'attribute')?.text === attribute.text);
}

/** `x.name`'s `name`, a keyword's name, a def's or class's name: not the variable. */
function isNamePart(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (parent.type === 'attribute') return field(parent, 'attribute')?.id === identifier.id;
  if (['keyword_argument', 'function_definition', 'class_definition'].includes(parent.type)) return field(parent, 'name')?.id === identifier.id;
  return false;
}

/** The items this mention puts into the collection (none for a read), or undefined when it may put unseen ones. */
function itemsPutBy(model: SemanticModel, occurrence: SyntaxNode): SyntaxNode[] | undefined {
  const parent = logicalParent(occurrence);
  if (!parent) return undefined;
  if (parent.type === 'assignment' && field(parent, 'left')?.id === occurrence.id) {
    const right = field(parent, 'right');
    return right ? initialItems(model, right) : [];
  }
  if (parent.type === 'attribute' && field(parent, 'object')?.id === occurrence.id) {
    const method = field(parent, 'attribute')?.text ?? '';
    const call = logicalParent(parent);
    const called = call?.type === 'call' && field(call, 'function')?.id === parent.id;
    if (KEEPERS.has(method)) return [];
    if (!ADDERS.has(method) || !called) return undefined;
    const args = callArguments(call);
    return args.positional.length === 1 && args.keywords.size === 0 ? [args.positional[0]] : undefined;
  }
  const holder = parent.type === 'list_splat' ? logicalParent(parent) : parent;
  if (holder?.type === 'argument_list') {
    const callee = holder.parent ? field(holder.parent, 'function') : null;
    const name = callee ? (model.qualifiedName(callee) ?? `builtins.${callee.text}`) : undefined;
    return name && READERS.has(name) ? [] : undefined;
  }
  if ((parent.type === 'for_statement' || parent.type === 'for_in_clause') && field(parent, 'right')?.id === occurrence.id) return [];
  if (parent.type === 'subscript' && field(parent, 'value')?.id === occurrence.id) {
    // `tasks[key] = task` puts an item in; `tasks[0]` reads one.
    const user = logicalParent(parent);
    const stored = (user?.type === 'assignment' || user?.type === 'augmented_assignment') && field(user, 'left')?.id === parent.id;
    return stored ? undefined : [];
  }
  if (TESTS.has(parent.type) || parent.type === 'expression_statement') return [];
  return undefined;
}

/** What an assignment to the collection puts in it: nothing (`set()`, `[]`), a literal's items, a comprehension's element. */
function initialItems(model: SemanticModel, value: SyntaxNode): SyntaxNode[] | undefined {
  const expression = unparenthesize(value);
  if (expression.type === 'list' || expression.type === 'set' || expression.type === 'tuple') {
    const items = namedChildren(expression).filter((item) => item.type !== 'comment');
    return items.some((item) => item.type === 'list_splat') ? undefined : items;
  }
  if (COMPREHENSIONS.has(expression.type) && expression.type !== 'generator_expression') {
    const body = field(expression, 'body');
    return body ? [body] : undefined;
  }
  if (expression.type !== 'call') return undefined;
  const callee = field(expression, 'function');
  const name = callee ? (model.qualifiedName(callee) ?? `builtins.${callee.text}`) : undefined;
  if (!name || !EMPTY_COLLECTIONS.has(name)) return undefined;
  const args = callArguments(expression);
  if (args.positional.length === 0 && args.keywords.size === 0) return [];
  const only = args.positional.length === 1 && args.keywords.size === 0 ? unparenthesize(args.positional[0]) : undefined;
  const body = only && COMPREHENSIONS.has(only.type) ? field(only, 'body') : null;
  return body ? [body] : undefined;
}

/**
 * The coroutine call an awaitable runs: the call itself, a task factory's coroutine
 * (`create_task(self.run())`), or what a local holding such a task was assigned. Undefined when not seen.
 */
export function coroutinesOf(model: SemanticModel, item: SyntaxNode, depth = 0): SyntaxNode[] | undefined {
  const expression = unparenthesize(item);
  if (expression.type === 'identifier') {
    if (depth > 0) return undefined;
    const binding = model.lookup(expression.text, expression);
    const scope = binding ? model.scopes.enclosingScope(binding.node) : undefined;
    const bindings = scope?.bindings.get(expression.text) ?? [];
    if (scope?.kind !== 'function' || bindings.length === 0 || bindings.some((other) => other.kind !== 'assignment' || !other.value)) return undefined;
    const calls: SyntaxNode[] = [];
    for (const other of bindings) {
      const found = coroutinesOf(model, other.value!, depth + 1);
      if (!found) return undefined;
      calls.push(...found);
    }
    return calls;
  }
  if (expression.type !== 'call') return undefined;
  if (!isTaskFactoryCall(model, expression)) return [expression];
  const coroutine = callArguments(expression).positional[0];
  const call = coroutine ? unparenthesize(coroutine) : undefined;
  return call?.type === 'call' ? [call] : undefined;
}

