import type { SyntaxNode } from '../../parser';
import { field, namedChildren, unparenthesize } from '../../syntax';
import { suspends, walkFrame } from './suspension';

const LOOPS = new Set(['for_statement', 'while_statement']);

/**
 * `name = <statement>` at the top of a function body, whose later statements end in an endless
 * `while True:` loop (no `break` of its own, no `return`) and never mention `name` again: the local
 * keeps the value for as long as the function runs, which is until an exception ends the loop.
 */
export function heldUntilEndlessLoopEnds(statement: SyntaxNode, name: string): boolean {
  const rest = laterStatements(statement);
  const last = rest?.at(-1);
  if (!rest || !last || !isEndlessLoop(last)) return false;
  return rest.every((later) => !mentionsOrReturns(later, name));
}

/**
 * `name = <statement>` at the top of a function body, followed by statements that never mention
 * `name` again nor return, the last of which that may suspend is `await <call>` (then only code
 * that cannot suspend): the local keeps the value while that call runs, and the function ends
 * right after it. The awaited call, if so.
 */
export function heldUntilLastAwaitEnds(statement: SyntaxNode, name: string): SyntaxNode | undefined {
  const rest = laterStatements(statement);
  if (!rest || rest.some((later) => mentionsOrReturns(later, name))) return undefined;
  const last = [...rest].reverse().find((later) => suspends(later));
  const awaited = last?.type === 'expression_statement' ? namedChildren(last)[0] : undefined;
  const call = awaited?.type === 'await' ? unparenthesize(namedChildren(awaited)[0] ?? awaited) : undefined;
  return call?.type === 'call' ? call : undefined;
}

/** The statements after `statement` in the body of its function, when it stands at the top of that body. */
function laterStatements(statement: SyntaxNode): SyntaxNode[] | undefined {
  const body = statement.parent;
  if (body?.type !== 'block' || body.parent?.type !== 'function_definition') return undefined;
  const rest: SyntaxNode[] = [];
  for (let next = statement.nextNamedSibling; next; next = next.nextNamedSibling) if (next.type !== 'comment') rest.push(next);
  return rest;
}

/** `while True:` or `while 1:`. */
export function isWhileTrue(statement: SyntaxNode): boolean {
  const condition = statement.type === 'while_statement' ? field(statement, 'condition') : null;
  const test = condition ? unparenthesize(condition) : undefined;
  return test !== undefined && (test.type === 'true' || test.text === '1');
}

/** `while True:` (or `while 1:`) with no `break` of its own and no `return`. */
export function isEndlessLoop(statement: SyntaxNode): boolean {
  return isWhileTrue(statement) && !leaves(statement, true);
}

/** `while True:` (or `while 1:`) with no `break` of its own: flake8-async's indefinite loop (a `return` may end it). */
export function isIndefiniteLoop(statement: SyntaxNode): boolean {
  return isWhileTrue(statement) && !leaves(statement, false);
}

function leaves(loop: SyntaxNode, byReturn: boolean): boolean {
  const body = field(loop, 'body');
  if (!body) return true;
  let found = false;
  walkFrame(body, (node) => {
    if (found) return false;
    found = (byReturn && node.type === 'return_statement') || (node.type === 'break_statement' && !inNestedLoop(node, body));
  });
  return found;
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
