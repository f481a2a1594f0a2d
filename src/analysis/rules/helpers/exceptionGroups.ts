import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { children, field, namedChildren, pushReversed } from '../../syntax';

/** A handler that binds an exception group to a name. */
export interface GroupHandler {
  name: SyntaxNode;
  body: SyntaxNode;
  /** `except* E as name:`, which always binds a group; else `except ExceptionGroup as name:`. */
  starred: boolean;
}

/**
 * The handlers that bind an exception group: `except* E as name:`, and, as flake8-async reads them,
 * `except T as name:` where T is written with "ExceptionGroup" (`BaseExceptionGroup`,
 * `exceptiongroup.ExceptionGroup[...]`, a tuple naming one).
 */
export function groupHandlers(model: SemanticModel): GroupHandler[] {
  const handlers: GroupHandler[] = [];
  for (const type of ['except_clause', 'except_group_clause']) {
    for (const clause of model.nodes(type)) {
      const value = field(clause, 'value');
      const target = value?.type === 'as_pattern' ? field(value, 'alias') : null;
      const name = target && namedChildren(target)[0];
      const body = namedChildren(clause).find((child) => child.type === 'block');
      if (name?.type !== 'identifier' || !body) continue;
      const starred = children(clause).some((child) => child.type === '*');
      if (starred || namedChildren(value!)[0]?.text.includes('ExceptionGroup')) handlers.push({ name, body, starred });
    }
  }
  return handlers;
}

const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);

/**
 * Visits the nodes of a handler's body in source order, not entering the functions, classes and
 * lambdas defined there (they may run after the handler). `visit` returns false to skip a node's children.
 */
export function walkHandlerBody(body: SyntaxNode, visit: (node: SyntaxNode) => boolean): void {
  const stack = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (NESTED_SCOPES.has(node.type) || !visit(node)) continue;
    pushReversed(stack, namedChildren(node));
  }
}
