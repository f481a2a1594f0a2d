import type { SyntaxNode } from '../../parser';
import { field, unparenthesize } from '../../syntax';
import { walkFrame } from './suspension';

const LOOPS = new Set(['for_statement', 'while_statement']);

/**
 * `name = <statement>` at the top of a function body, whose later statements end in an endless
 * `while True:` loop (no `break` of its own, no `return`) and never mention `name` again: the local
 * keeps the value for as long as the function runs, which is until an exception ends the loop.
 */
export function heldUntilEndlessLoopEnds(statement: SyntaxNode, name: string): boolean {
  const body = statement.parent;
  if (body?.type !== 'block' || body.parent?.type !== 'function_definition') return false;
  const rest: SyntaxNode[] = [];
  for (let next = statement.nextNamedSibling; next; next = next.nextNamedSibling) if (next.type !== 'comment') rest.push(next);
  const last = rest.at(-1);
  if (!last || !isEndlessLoop(last)) return false;
  return rest.every((later) => !mentionsOrReturns(later, name));
}

function isEndlessLoop(statement: SyntaxNode): boolean {
  const condition = statement.type === 'while_statement' ? field(statement, 'condition') : null;
  const test = condition ? unparenthesize(condition) : undefined;
  const body = field(statement, 'body');
  if (!body || !test || !(test.type === 'true' || test.text === '1')) return false;
  let leaves = false;
  walkFrame(body, (node) => {
    if (leaves) return false;
    leaves = node.type === 'return_statement' || (node.type === 'break_statement' && !inNestedLoop(node, body));
  });
  return !leaves;
}

/** A `break` of a loop inside `body` leaves that loop only. */
function inNestedLoop(node: SyntaxNode, body: SyntaxNode): boolean {
  for (let parent = node.parent; parent && parent.id !== body.id; parent = parent.parent) if (LOOPS.has(parent.type)) return true;
  return false;
}

function mentionsOrReturns(root: SyntaxNode, name: string): boolean {
  let found = root.type === 'return_statement';
  walkFrame(root, (node) => {
    if (found) return false;
    found = node.type === 'return_statement' || (node.type === 'identifier' && node.text === name);
  });
  return found;
}
