import { LOOP_TASK_FACTORIES, TASK_FACTORIES } from '../catalog/asyncioApis';
import { putsOnUnboundedQueue } from '../catalog/queueStates';
import { endOf, insertAt, replaceNode } from '../fixes/edits';
import { freshName, moduleLevelSet, statementSeparator } from '../fixes/statements';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { isEventLoop } from '../semantic/awaitables';
import { callsNamed, lastSegment } from '../semantic/callIndex';
import type { SemanticModel } from '../semantic/model';
import { isGeneratorFunction, isReadWithin } from '../semantic/references';
import { argument, callArguments, calleeLabel, field, isAsyncFunction, MAX_NESTING, namedChildren, outermostParenthesized, unparenthesize } from '../syntax';
import type { Fix } from '../types';
import { heldUntilEndlessLoopEnds, heldUntilLastAwaitEnds } from './helpers/endlessLoop';
import { resolveDefinition } from './helpers/calledHelper';
import { decoratorsOf, isStubBody } from './helpers/functions';
import { givesNoCoroutine } from './helpers/futures';
import { suspends } from './helpers/suspension';
import type { Rule, RuleContext } from './rule';

/** Where a created task ends up. */
type Fate =
  | { kind: 'kept' }
  /** Dropped. `statement` is set when the whole expression statement is the call itself. */
  | { kind: 'discarded'; statement?: SyntaxNode }
  /** Bound to `_` or to a local that is never read. */
  | { kind: 'unused'; target: SyntaxNode; statement?: SyntaxNode };

const CONTAINERS = new Set(['list', 'tuple', 'set', 'expression_list', 'list_splat', 'pair', 'dictionary', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
/** Positions where the value is used once and then dropped. */
const CONSUMERS = new Set(['if_clause', 'comparison_operator', 'not_operator', 'attribute', 'subscript', 'with_item', 'as_pattern', 'assert_statement', 'if_statement', 'elif_clause', 'while_statement']);

function isTaskFactory(model: SemanticModel, call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  if (!callee) return false;
  const name = model.qualifiedName(callee);
  if (name && TASK_FACTORIES.has(name)) return true;
  const target = unparenthesize(callee);
  if (target.type !== 'attribute') return false;
  const object = field(target, 'object');
  const attribute = field(target, 'attribute');
  return !!object && !!attribute && LOOP_TASK_FACTORIES.has(attribute.text) && isEventLoop(model, object);
}

/** `ensure_future(sem.acquire())` where `acquire` gives a Future: it is returned unchanged, no task exists. */
function ensuresExistingFuture(context: RuleContext, call: SyntaxNode): boolean {
  const callee = unparenthesize(field(call, 'function')!);
  const name = callee.type === 'attribute' ? field(callee, 'attribute')?.text : context.model.qualifiedName(callee);
  if (name !== 'ensure_future' && name !== 'asyncio.ensure_future') return false;
  const value = argument(callArguments(call), 0, 'coro_or_future');
  return !!value && givesNoCoroutine(context, value);
}

/** The call that makes the task's coroutine (`create_task(handler(x))`: `handler(x)`), if one is written there. */
function coroutineCallOf(call: SyntaxNode): SyntaxNode | undefined {
  const args = callArguments(call);
  const value = argument(args, 0, 'coro') ?? argument(args, 0, 'coro_or_future');
  const inner = value ? unparenthesize(value) : undefined;
  return inner?.type === 'call' ? inner : undefined;
}

/** Methods of a task group that start a task the group keeps. */
const GROUP_SPAWNERS = new Set(['spawn', 'create_task', 'start_soon']);
const GROUP_TYPES = new Set(['asyncio.TaskGroup', 'anyio.abc.TaskGroup', 'trio.Nursery']);
/** A task group's class or variable, by the names libraries and code give them: `TaskGroup`, `self.taskgroup`, `tg`, `nursery`. */
const GROUP_CLASS = /(TaskGroup|Nursery)$/;
const GROUP_NAME = /(^|_)(task_?group|tg|nursery)$/i;

/**
 * `ensure_future(self.taskgroup.spawn(handler()))`: the task wraps a call that hands the real work
 * to a task group, which keeps it; the dropped wrapper only runs `spawn` itself, so only an error of
 * that call (a closed group) would go unseen.
 */
function spawnsIntoGroup(context: RuleContext, call: SyntaxNode): boolean {
  const inner = coroutineCallOf(call);
  const callee = inner ? unparenthesize(field(inner, 'function')!) : undefined;
  const group = callee?.type === 'attribute' && GROUP_SPAWNERS.has(field(callee, 'attribute')?.text ?? '') ? field(callee, 'object') : null;
  if (!group) return false;
  const { model } = context;
  const type = model.typeOf(group);
  if (type && GROUP_TYPES.has(type)) return true;
  const cls = model.classOfValue(group);
  const className = cls ? field(cls.node, 'name')?.text : undefined;
  if (className && GROUP_CLASS.test(className)) return true;
  const name = unparenthesize(group);
  const last = name.type === 'attribute' ? field(name, 'attribute')?.text : name.type === 'identifier' ? name.text : undefined;
  return !!last && GROUP_NAME.test(last);
}

/**
 * `create_task(self.run())` where `run` is a workspace `async def` (undecorated, not a generator, not a stub
 * left for subclasses to override) with no `await`, `async for` or `async with` in its body: the task finishes in its first step, which the loop's
 * ready queue holds strongly, so it cannot be collected before it ends; only its error would go unseen.
 * Gives the callee as written.
 */
function neverSuspends(context: RuleContext, call: SyntaxNode): string | undefined {
  const inner = coroutineCallOf(call);
  const callee = inner ? field(inner, 'function') : null;
  if (!callee) return undefined;
  const node = resolveDefinition(context.model, unparenthesize(callee))?.definition.node;
  if (node?.type !== 'function_definition' || !isAsyncFunction(node) || isGeneratorFunction(node) || decoratorsOf(node).length > 0) return undefined;
  const body = field(node, 'body');
  // An empty body (`pass`, a docstring) is a hook for subclasses to override, with awaits of their own.
  return body && !isStubBody(body) && !suspends(body) ? callee.text : undefined;
}

/** `ensure_future(self.queue.put(item))` on an unbounded `asyncio.Queue`: `put` returns at its first step. */
function putsOnUnboundedAsyncioQueue(context: RuleContext, call: SyntaxNode): { put: string; receiver: string } | undefined {
  const inner = coroutineCallOf(call);
  const callee = inner ? field(inner, 'function') : null;
  const receiver = callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'put' ? field(callee, 'object') : null;
  if (!inner || !callee || !receiver || !putsOnUnboundedQueue(inner, context.model, 'asyncio')) return undefined;
  return { put: `${callee.text}(…)`, receiver: receiver.text };
}

/**
 * `ensure_future(coroutine).cancel()`: the task is made only to be cancelled at once (closing the coroutine
 * without a never-awaited warning); nothing it would do is lost when it is collected.
 */
function cancelledAtOnce(call: SyntaxNode): boolean {
  const node = outermostParenthesized(call);
  const attribute = node.parent;
  if (attribute?.type !== 'attribute' || field(attribute, 'object')?.id !== node.id || field(attribute, 'attribute')?.text !== 'cancel') return false;
  return attribute.parent?.type === 'call' && field(attribute.parent, 'function')?.id === attribute.id;
}

/** Follows the task value up the expression tree to where it is stored, passed on, or dropped. */
function fateOf(model: SemanticModel, call: SyntaxNode, depth = 0): Fate {
  if (depth > MAX_NESTING) return { kind: 'kept' };
  let node = call;
  let whole = true; // the value so far is the task itself, not a container holding it
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'parenthesized_expression':
      case 'boolean_operator':
        continue;
      case 'conditional_expression':
        if (namedChildren(parent)[1]?.id === node.id) return { kind: 'discarded' };
        continue;
      case 'expression_statement':
        return { kind: 'discarded', statement: whole && parent.namedChildCount === 1 ? parent : undefined };
      case 'assignment': {
        const target = field(parent, 'left');
        if (!whole || field(parent, 'right')?.id !== node.id || target?.type !== 'identifier') return { kind: 'kept' };
        if (parent.parent?.type !== 'expression_statement') return { kind: 'kept' };
        return isUnusedLocal(model, target) ? { kind: 'unused', target, statement: parent.parent } : { kind: 'kept' };
      }
      case 'named_expression': {
        const name = field(parent, 'name');
        if (!whole || !name || !isUnusedLocal(model, name)) return { kind: 'kept' };
        const rest = fateOf(model, parent, depth + 1);
        if (rest.kind !== 'discarded') return rest;
        return { kind: 'unused', target: name, statement: rest.statement };
      }
      default:
        if (CONTAINERS.has(parent.type)) {
          whole = false;
          continue;
        }
        return CONSUMERS.has(parent.type) && isConsumedBy(parent, node) ? { kind: 'discarded' } : { kind: 'kept' };
    }
  }
  return { kind: 'kept' };
}

function isConsumedBy(consumer: SyntaxNode, child: SyntaxNode): boolean {
  switch (consumer.type) {
    case 'attribute':
      return field(consumer, 'object')?.id === child.id;
    case 'subscript':
      return field(consumer, 'value')?.id === child.id;
    case 'as_pattern':
      return consumer.parent?.type === 'with_item';
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
      return field(consumer, 'condition')?.id === child.id;
    default:
      return true;
  }
}

/** `_`, or a function-local name that nothing reads. */
function isUnusedLocal(model: SemanticModel, target: SyntaxNode): boolean {
  if (target.text === '_') return true;
  const scope = model.scopes.enclosingScope(target);
  if (scope.kind !== 'function' || scope.globals.has(target.text) || scope.nonlocals.has(target.text)) return false;
  const body = field(scope.node, 'body');
  return !!body && !isReadWithin(target.text, body);
}

/** `task = create_task(…); background_tasks.add(task); task.add_done_callback(background_tasks.discard)`. */
function keepReferenceFix(model: SemanticModel, fate: Fate): Fix[] {
  if (fate.kind === 'kept' || !fate.statement) return [];
  const statement = fate.statement;
  const tasks = moduleLevelSet(model, 'background_tasks');
  const separator = statementSeparator(model, statement);
  const region = model.enclosingFunction(statement) ?? model.root;
  const edits = [...tasks.edits];
  let name: string;
  if (fate.kind === 'discarded') {
    name = freshName(model, statement, 'task', region);
    edits.push(replaceNode(namedChildren(statement)[0], `${name} = ${namedChildren(statement)[0].text}`));
  } else if (fate.target.text === '_') {
    name = freshName(model, statement, 'task', region);
    edits.push(replaceNode(fate.target, name));
  } else {
    name = fate.target.text;
  }
  edits.push(insertAt(endOf(statement), `${separator}${tasks.name}.add(${name})${separator}${name}.add_done_callback(${tasks.name}.discard)`));
  return [{ title: t('Keep a reference to the task in the module-level set `{0}`', tasks.name), edits, isPreferred: true }];
}

/** ASYNC300 (RUF006, S7502): a task whose only strong reference is dropped. */
export const danglingTask: Rule = {
  codes: [{ code: 'ASYNC300', title: 'Task created without keeping a reference', defaultSeverity: 'warning', aliases: ['RUF006', 'S7502'] }],
  check(context) {
    if (!context.isEnabled('ASYNC300')) return;
    const { model } = context;
    for (const call of callsNamed(model, [...TASK_FACTORIES].map(lastSegment))) {
      if (!isTaskFactory(model, call) || ensuresExistingFuture(context, call) || cancelledAtOnce(call)) continue;
      const fate = fateOf(model, call);
      if (fate.kind === 'kept') continue;
      const reportInformation = (message: string) =>
        context.report({ code: 'ASYNC300', node: call, severity: 'information', message, fixes: () => keepReferenceFix(model, fate) });
      if (spawnsIntoGroup(context, call)) {
        reportInformation(
          t(
            'The task created by `{0}(…)` only hands its coroutine to a task group, which keeps the real task: the dropped wrapper finishes at its first step, and only an error of that call (a closed group, say) would go unseen. Keep a reference if that matters.',
            calleeLabel(call),
          ),
        );
        continue;
      }
      const queue = putsOnUnboundedAsyncioQueue(context, call);
      if (queue) {
        reportInformation(
          t(
            'The task created by `{0}(…)` is not kept, but `{1}` puts on an `asyncio` queue built without a `maxsize`, which never suspends: the task finishes in its first step, which the loop holds, so it cannot be collected early. `{2}.put_nowait(…)` does the same without a task.',
            calleeLabel(call),
            queue.put,
            queue.receiver,
          ),
        );
        continue;
      }
      const immediate = neverSuspends(context, call);
      if (immediate) {
        reportInformation(
          t(
            'The task created by `{0}(…)` is not kept, but `{1}()` never suspends (no `await`, `async for` or `async with`): it finishes in its first step, which the loop holds, so it cannot be collected early. Only its errors are not retrieved: keep a reference if they matter.',
            calleeLabel(call),
            immediate,
          ),
        );
        continue;
      }
      if (fate.kind === 'unused' && fate.statement && heldUntilEndlessLoopEnds(fate.statement, fate.target.text)) {
        reportInformation(
          t(
            '`{0}` keeps the task created by `{1}(…)` while this function runs its endless `while True:` loop: the task is dropped only if an exception ends the loop. Keep it somewhere longer-lived if it must outlive that.',
            fate.target.text,
            calleeLabel(call),
          ),
        );
        continue;
      }
      const lastAwait = fate.kind === 'unused' && fate.statement ? heldUntilLastAwaitEnds(fate.statement, fate.target.text) : undefined;
      if (fate.kind === 'unused' && lastAwait) {
        reportInformation(
          t(
            '`{0}` keeps the task created by `{1}(…)` while this function awaits `{2}(…)`, its last step: the task is dropped when this function returns. Keep it somewhere longer-lived if it must outlive that call.',
            fate.target.text,
            calleeLabel(call),
            calleeLabel(lastAwait),
          ),
        );
        continue;
      }
      const message =
        fate.kind === 'unused' && fate.target.text !== '_'
          ? t(
              'Task `{0}` is never used after it is created: once this function returns nothing keeps it alive, and it may be garbage-collected before it finishes. Keep a reference (a set, discarded when the task is done) or use `asyncio.TaskGroup`.',
              fate.target.text,
            )
          : t(
              'The task created by `{0}(…)` is not kept: the event loop holds only a weak reference, so it may be garbage-collected before it finishes. Keep a reference (a set, discarded when the task is done) or use `asyncio.TaskGroup`.',
              calleeLabel(call),
            );
      context.report({ code: 'ASYNC300', node: call, message, fixes: () => keepReferenceFix(model, fate) });
    }
  },
};
