import { endOf, startOf } from '../fixes/edits';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { callArguments, field, isAsyncWith, namedChildren, pushReversed, statements, unparenthesize } from '../syntax';
import type { Fix } from '../types';
import { type WithItem, withItems } from './helpers/blocks';
import type { Rule, RuleContext } from './rule';

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);
const LOOP_TYPES = new Set(['for_statement', 'while_statement']);

function isTaskGroup(model: SemanticModel, item: WithItem): boolean {
  return model.typeOf(item.value) === 'asyncio.TaskGroup';
}

/** True when `statement` is the body of an `async with` over an `asyncio.TaskGroup`. */
function isTaskGroupBody(model: SemanticModel, block: SyntaxNode): boolean {
  const statement = block.parent;
  if (statement?.type !== 'with_statement' || !isAsyncWith(statement) || field(statement, 'body')?.id !== block.id) return false;
  return withItems(statement).some((item) => isTaskGroup(model, item));
}

/**
 * ASYNC121: `return`, or a `break`/`continue` of a loop outside the block, inside an
 * `async with asyncio.TaskGroup()` body: it takes effect only once every task of the group has
 * finished, which is rarely what the reader expects.
 */
function checkControlFlow(context: RuleContext): void {
  const { model } = context;
  for (const type of ['return_statement', 'break_statement', 'continue_statement']) {
    for (const statement of model.nodes(type)) {
      let child = statement;
      for (let parent = statement.parent; parent; child = parent, parent = parent.parent) {
        if (SCOPE_TYPES.has(parent.type)) break;
        // The loop a break/continue belongs to: its body, not its `else` clause.
        if (type !== 'return_statement' && LOOP_TYPES.has(parent.type) && field(parent, 'body')?.id === child.id) break;
        if (child.type === 'block' && isTaskGroupBody(model, child)) {
          const keyword = statement.type.replace('_statement', '');
          context.report({
            code: 'ASYNC121',
            node: statement.child(0) ?? statement,
            message: t(
              '`{0}` inside an `asyncio.TaskGroup` block takes effect only after every task of the group has finished: move it after the block, or cancel the tasks first.',
              keyword,
            ),
          });
          break;
        }
      }
    }
  }
}

/** The single `tg.create_task(...)` call that makes up a block, if that is all the block does. */
function soleCreateTask(body: SyntaxNode, groupName: string): SyntaxNode | undefined {
  const only = statements(body);
  if (only.length !== 1 || only[0].type !== 'expression_statement') return undefined;
  const expressions = namedChildren(only[0]);
  if (expressions.length !== 1) return undefined;
  const call = unparenthesize(expressions[0]);
  const callee = call.type === 'call' ? field(call, 'function') : null;
  if (callee?.type !== 'attribute') return undefined;
  const object = field(callee, 'object');
  if (object?.type !== 'identifier' || object.text !== groupName || field(callee, 'attribute')?.text !== 'create_task') return undefined;
  // Passing the group on (`create_task(worker(tg))`) lets the task start more tasks.
  const argumentList = field(call, 'arguments');
  if (argumentList && mentions(argumentList, groupName)) return undefined;
  return call;
}

function mentions(node: SyntaxNode, name: string): boolean {
  const pending = [node];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.type === 'identifier' && next.text === name) return true;
    pushReversed(pending, namedChildren(next));
  }
  return false;
}

/** An expression that stays one operand after `await `. */
const PRIMARY = new Set(['call', 'identifier', 'attribute', 'subscript', 'parenthesized_expression']);

/** True when code after `statement` may read `name` as bound by it (its next occurrence is not a rebinding). */
function nameUsedAfter(model: SemanticModel, statement: SyntaxNode, name: string): boolean {
  let next: SyntaxNode | undefined;
  const pending = [model.scopes.enclosingScope(statement).node];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.endIndex <= statement.endIndex) continue;
    if (node.type === 'identifier' && node.text === name && (!next || node.startIndex < next.startIndex)) next = node;
    pushReversed(pending, namedChildren(node));
  }
  return next !== undefined && !isRebinding(next);
}

function isRebinding(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (parent?.type === 'as_pattern_target') return true;
  if ((parent?.type === 'assignment' || parent?.type === 'for_statement') && field(parent, 'left')?.id === identifier.id) return true;
  return false;
}

function awaitDirectlyFix(model: SemanticModel, statement: SyntaxNode, item: WithItem, call: SyntaxNode): Fix | undefined {
  const args = callArguments(call);
  if (args.hasSplat || args.keywords.size > 0 || args.positional.length !== 1) return undefined;
  const body = field(statement, 'body');
  if (!body || namedChildren(body).some((child) => child.type === 'comment')) return undefined;
  if (nameUsedAfter(model, statement, item.alias!.text)) return undefined;
  const coroutine = args.positional[0];
  const operand = PRIMARY.has(coroutine.type) ? coroutine.text : `(${coroutine.text})`;
  return {
    title: t('Await the coroutine directly instead of a one-task TaskGroup'),
    edits: [
      {
        range: {
          start: startOf(statement),
          end: endOf(statement),
        },
        newText: `await ${operand}`,
      },
    ],
  };
}

/**
 * ASYNC112: `async with asyncio.TaskGroup() as tg: tg.create_task(coro)` — a group that only ever
 * runs one task is `await coro` with extra steps (and exceptions wrapped in an ExceptionGroup).
 */
function checkSingleTask(context: RuleContext): void {
  const { model } = context;
  for (const statement of model.nodes('with_statement')) {
    if (!isAsyncWith(statement)) continue;
    const body = field(statement, 'body');
    if (!body) continue;
    const items = withItems(statement);
    for (const item of items) {
      if (item.alias?.type !== 'as_pattern_target' || !isTaskGroup(model, item)) continue;
      const name = namedChildren(item.alias)[0];
      if (name?.type !== 'identifier') continue;
      const call = soleCreateTask(body, name.text);
      if (!call) continue;
      const fix = items.length === 1 ? awaitDirectlyFix(model, statement, item, call) : undefined;
      context.report({
        code: 'ASYNC112',
        node: item.value,
        message: t('This `asyncio.TaskGroup` only runs one task: `await` the coroutine directly instead.'),
        fixes: fix ? [fix] : [],
      });
    }
  }
}

export const taskGroupMisuse: Rule = {
  codes: [
    { code: 'ASYNC121', title: 'Control flow inside a TaskGroup block', defaultSeverity: 'warning' },
    { code: 'ASYNC112', title: 'TaskGroup that runs a single task', defaultSeverity: 'warning' },
  ],
  check(context) {
    if (context.isEnabled('ASYNC121')) checkControlFlow(context);
    if (context.isEnabled('ASYNC112')) checkSingleTask(context);
  },
};
