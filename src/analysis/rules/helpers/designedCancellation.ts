import type { SyntaxNode } from '../../parser';
import { field, namedChildren, statements, unparenthesize } from '../../syntax';
import { isEndlessLoop } from './endlessLoop';
import { walkFrame } from './suspension';

/** Flags of anyio and of request objects that say their own scope was cancelled (`scope.cancel_called`, `message.cancelled`). */
const CANCELLED_FLAGS = new Set(['cancelled', 'cancel_called']);

/**
 * `exit` returns a value and the body of `tryStatement` can end only by an exception: its last
 * statement is an endless `while True:` loop and nothing before returns. The handler's value is then
 * the only result the coroutine ever gives — being cancelled is how it is meant to end, as a
 * collector run by `task.cancel()` then `result = await task`.
 */
export function returnsResultOnCancellation(tryStatement: SyntaxNode, exit: SyntaxNode): boolean {
  const value = exit.type === 'return_statement' ? namedChildren(exit)[0] : undefined;
  if (!value || value.type === 'none') return false;
  const body = statements(field(tryStatement, 'body'));
  const last = body.at(-1);
  if (!last || !isEndlessLoop(last)) return false;
  let returns = body.some((statement) => statement.type === 'return_statement');
  for (const statement of body) {
    walkFrame(statement, (node) => {
      if (node.type === 'return_statement') returns = true;
      return !returns;
    });
  }
  return !returns;
}

/**
 * The test of a cancelled flag (`if message.cancelled:`, `elif scope.cancel_called and …:`) that
 * `exit` stands under within the handler `clause`, if any: the code tells a cancellation of its own
 * scope from one that comes from outside.
 */
export function cancelledFlagGuard(exit: SyntaxNode, clause: SyntaxNode): SyntaxNode | undefined {
  for (let node: SyntaxNode = exit, parent = exit.parent; parent && parent.id !== clause.id; node = parent, parent = parent.parent) {
    const underCondition =
      (parent.type === 'if_statement' || parent.type === 'elif_clause') && field(parent, 'consequence')?.id === node.id;
    const flag = underCondition ? cancelledFlag(field(parent, 'condition')) : undefined;
    if (flag) return flag;
  }
  return undefined;
}

function cancelledFlag(condition: SyntaxNode | null): SyntaxNode | undefined {
  const test = condition ? unparenthesize(condition) : undefined;
  if (test?.type === 'boolean_operator') {
    return field(test, 'operator')?.text === 'and' ? (cancelledFlag(field(test, 'left')) ?? cancelledFlag(field(test, 'right'))) : undefined;
  }
  return test?.type === 'attribute' && CANCELLED_FLAGS.has(field(test, 'attribute')?.text ?? '') ? test : undefined;
}
