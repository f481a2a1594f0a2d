import type { SyntaxNode } from '../../parser';
import { field, isAsyncFor, isAsyncWith, namedChildren } from '../../syntax';

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension']);

/**
 * Visits the nodes under `root` that run in the same frame as `root`: the walk does not enter the
 * bodies of nested defs, lambdas and classes, nor a generator expression beyond its first iterable
 * (the rest runs later, when the generator is consumed). Defaults, decorators and base classes of
 * nested definitions are visited: they are evaluated where the definition stands.
 * `visit` returns false to skip a node's children.
 */
export function walkFrame(root: SyntaxNode, visit: (node: SyntaxNode) => boolean | void): void {
  const pending: SyntaxNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.id !== root.id && visit(node) === false) continue;
    const children = frameChildren(node, node.id === root.id);
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index]);
  }
}

function frameChildren(node: SyntaxNode, isRoot: boolean): readonly SyntaxNode[] {
  if (!isRoot && SCOPE_TYPES.has(node.type)) {
    const body = field(node, 'body');
    return namedChildren(node).filter((child) => child.id !== body?.id);
  }
  if (!isRoot && node.type === 'generator_expression') {
    const firstClause = namedChildren(node).find((child) => child.type === 'for_in_clause');
    const iterable = firstClause ? field(firstClause, 'right') : null;
    return iterable ? [iterable] : [];
  }
  return namedChildren(node);
}

/** True when the node is a point where the coroutine running it may suspend. */
export function isSuspension(node: SyntaxNode): boolean {
  if (node.type === 'await') return true;
  if (isAsyncWith(node) || isAsyncFor(node)) return true;
  if (COMPREHENSIONS.has(node.type)) return namedChildren(node).some((child) => child.type === 'for_in_clause' && isAsyncClause(child));
  return false;
}

function isAsyncClause(clause: SyntaxNode): boolean {
  return clause.children.some((child) => child?.type === 'async');
}

/** True when code in `root`'s frame (see walkFrame) may suspend: an `await`, `async with`, `async for` or async comprehension. */
export function suspends(root: SyntaxNode): boolean {
  let found = false;
  walkFrame(root, (node) => {
    if (found) return false;
    if (isSuspension(node)) found = true;
    return !found;
  });
  return found;
}

/** True when `root`'s frame may suspend and every point where it may (see isSuspension) passes `test`. */
export function everySuspension(root: SyntaxNode, test: (node: SyntaxNode) => boolean): boolean {
  let suspensions = 0;
  let passed = true;
  walkFrame(root, (node) => {
    if (!passed) return false;
    if (!isSuspension(node)) return;
    suspensions++;
    passed = test(node);
    return false;
  });
  return passed && suspensions > 0;
}

/** True when `root`'s frame contains a `yield` (which makes an enclosing def a generator). */
export function containsYield(root: SyntaxNode): boolean {
  let found = false;
  walkFrame(root, (node) => {
    if (node.type === 'yield') found = true;
    return !found;
  });
  return found;
}
