import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
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
  return !!last && isEndlessLoop(last) && !returnsWithin(body);
}

/**
 * The body of `tryStatement` can end only by an exception: it ends in an endless `while True:` loop,
 * possibly inside `with`/`async with` blocks (`async with session: while True: …`), and nothing in it
 * returns. A coroutine built so is a service loop that only its cancellation stops.
 */
export function runsUntilCancelled(tryStatement: SyntaxNode): boolean {
  const body = statements(field(tryStatement, 'body'));
  let block = body;
  for (let depth = 0; depth < 4; depth++) {
    const last = block.at(-1);
    if (!last) return false;
    if (isEndlessLoop(last)) return !returnsWithin(body);
    if (last.type !== 'with_statement') return false;
    block = statements(field(last, 'body'));
  }
  return false;
}

function returnsWithin(block: SyntaxNode[]): boolean {
  let returns = block.some((statement) => statement.type === 'return_statement');
  for (const statement of block) {
    walkFrame(statement, (node) => {
      if (node.type === 'return_statement') returns = true;
      return !returns;
    });
  }
  return returns;
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

/**
 * The task waited for when `tryStatement` is the shielded clean-up loop of a `finally` —
 * `while not t.done(): try: await asyncio.shield(t) except CancelledError: pass` — and `clause`
 * its handler. When the task running it was cancelled, the `finally` re-raises that cancellation
 * once the loop ends: only a cancellation arriving during the clean-up is absorbed, so that `t`
 * is waited for in full.
 */
export function shieldedCleanupTask(model: SemanticModel, tryStatement: SyntaxNode, clause: SyntaxNode): SyntaxNode | undefined {
  const clauses = namedChildren(tryStatement).filter((part) => part.type !== 'block');
  const handlerBody = statements(namedChildren(clause).find((part) => part.type === 'block') ?? null);
  if (clauses.length !== 1 || handlerBody.length !== 1 || handlerBody[0]!.type !== 'pass_statement') return undefined;
  const waited = shieldedTask(model, statements(field(tryStatement, 'body')));
  const loop = tryStatement.parent?.parent;
  if (!waited || loop?.type !== 'while_statement' || statements(field(loop, 'body')).length !== 1) return undefined;
  const condition = unparenthesize(field(loop, 'condition') ?? loop);
  const checked = condition.type === 'not_operator' ? doneCallee(field(condition, 'argument')) : undefined;
  return checked?.text === waited.text && insideFinally(loop) ? waited : undefined;
}

/**
 * `try: await asyncio.shield(t) except CancelledError: if not t.cancelled(): raise` (or, the other way round,
 * every exit that does not re-raise stands under `if t.cancelled():`): the handler keeps only the cancellation
 * of the shielded task itself — another method stopped it, a normal end of the wait — and re-raises a
 * cancellation of the task running this code, which the shield leaves `t` untouched by. Not without the
 * shield: cancelling a task that awaits `t` directly cancels `t` too, so `t.cancelled()` would be true then.
 */
export function keepsOnlyShieldedTaskCancellation(
  model: SemanticModel,
  tryStatement: SyntaxNode,
  clause: SyntaxNode,
  paths: { fallsThrough: boolean; improperExits: readonly SyntaxNode[] },
): boolean {
  const waited = shieldedTask(model, statements(field(tryStatement, 'body')));
  if (!waited) return false;
  if (paths.fallsThrough) {
    const last = statements(namedChildren(clause).find((part) => part.type === 'block') ?? null).at(-1);
    if (paths.improperExits.length > 0 || last?.type !== 'if_statement' || field(last, 'alternative')) return false;
    if (namedChildren(last).some((part) => part.type === 'elif_clause' || part.type === 'else_clause')) return false;
    const condition = unparenthesize(field(last, 'condition') ?? last);
    const consequence = statements(field(last, 'consequence'));
    const reraises = consequence.length === 1 && consequence[0]!.type === 'raise_statement' && namedChildren(consequence[0]!).length === 0;
    return reraises && condition.type === 'not_operator' && cancelledCallee(field(condition, 'argument'))?.text === waited.text;
  }
  return paths.improperExits.length > 0 && paths.improperExits.every((exit) => underTaskCancelled(exit, clause, waited));
}

/** `exit` stands under `if t.cancelled():` (its consequence) within the handler `clause`. */
function underTaskCancelled(exit: SyntaxNode, clause: SyntaxNode, task: SyntaxNode): boolean {
  for (let node: SyntaxNode = exit, parent = exit.parent; parent && parent.id !== clause.id; node = parent, parent = parent.parent) {
    if (parent.type === 'if_statement' && field(parent, 'consequence')?.id === node.id && cancelledCallee(field(parent, 'condition'))?.text === task.text) return true;
  }
  return false;
}

/** `t` in `t.cancelled()`. */
function cancelledCallee(test: SyntaxNode | null): SyntaxNode | undefined {
  const call = test ? unparenthesize(test) : undefined;
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  const noArguments = call && namedChildren(field(call, 'arguments') ?? call).length === 0;
  return callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'cancelled' && noArguments ? (field(callee, 'object') ?? undefined) : undefined;
}

/** `t` when `body` is the single statement `await asyncio.shield(t)`. */
function shieldedTask(model: SemanticModel, body: SyntaxNode[]): SyntaxNode | undefined {
  const expression = body.length === 1 && body[0]!.type === 'expression_statement' ? namedChildren(body[0]!)[0] : undefined;
  const call = expression?.type === 'await' ? unparenthesize(namedChildren(expression)[0] ?? expression) : undefined;
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  if (!call || !callee || model.qualifiedName(callee) !== 'asyncio.shield') return undefined;
  const args = namedChildren(field(call, 'arguments') ?? call);
  return args.length === 1 && (args[0]!.type === 'identifier' || args[0]!.type === 'attribute') ? args[0] : undefined;
}

/** `t` in `t.done()`. */
function doneCallee(test: SyntaxNode | null): SyntaxNode | undefined {
  const call = test ? unparenthesize(test) : undefined;
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  const noArguments = call && namedChildren(field(call, 'arguments') ?? call).length === 0;
  return callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'done' && noArguments ? (field(callee, 'object') ?? undefined) : undefined;
}

function insideFinally(node: SyntaxNode): boolean {
  for (let parent = node.parent; parent && parent.type !== 'function_definition'; parent = parent.parent) {
    if (parent.type === 'finally_clause') return true;
  }
  return false;
}
