import { endOf, insertAt, moduleAttribute, startOf } from '../fixes/edits';
import { freshName, standsAlone } from '../fixes/statements';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { awaitableCall, type ResolutionContext } from '../semantic/awaitables';
import { callsNamed } from '../semantic/callIndex';
import type { SemanticModel } from '../semantic/model';
import { isReadWithin, walkOwnFrame } from '../semantic/references';
import { argument, callArguments, type CallArguments, field, isAsyncFor, isAsyncWith, MAX_NESTING, namedChildren, unparenthesize } from '../syntax';
import type { Fix, TextEdit } from '../types';
import type { Rule } from './rule';

const COLLECTIONS = new Set(['list', 'set', 'tuple']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'generator_expression']);
const EARLY_RETURNS = new Set(['asyncio.FIRST_COMPLETED', 'asyncio.FIRST_EXCEPTION']);

/**
 * The coroutine calls among the awaitables given to `asyncio.wait`: literal elements, or a comprehension's
 * element, also through a local bound once to them (`tasks = [check(p) for p in proxies]`, then
 * `asyncio.wait(tasks)`).
 */
function bareCoroutines(context: ResolutionContext, awaitables: SyntaxNode): SyntaxNode[] {
  let node = unparenthesize(awaitables);
  if (node.type === 'identifier') {
    const { model } = context;
    const binding = model.lookup(node.text, node);
    const scope = binding ? model.scopes.enclosingScope(binding.node) : undefined;
    const sole = binding?.kind === 'assignment' && binding.value && scope?.kind === 'function' && scope.bindings.get(node.text)?.length === 1;
    if (!sole || binding.node.startIndex > node.startIndex) return [];
    node = unparenthesize(binding.value!);
  }
  return awaitableElements(node).filter((element): element is SyntaxNode => {
    const call = element ? unparenthesize(element) : undefined;
    return call?.type === 'call' && awaitableCall(context, call)?.kind === 'coroutine';
  });
}

/** The awaitables a literal collection lists, or the element a comprehension makes of each item. */
function awaitableElements(node: SyntaxNode): ReadonlyArray<SyntaxNode | null | undefined> {
  if (COLLECTIONS.has(node.type)) return namedChildren(node);
  return COMPREHENSIONS.has(node.type) ? [field(node, 'body') ?? namedChildren(node)[0]] : [];
}

function wrapInTasksFix(model: SemanticModel, call: SyntaxNode, coroutines: SyntaxNode[]): Fix {
  const createTask = moduleAttribute(model, 'asyncio', 'create_task', call);
  const edits: TextEdit[] = [...createTask.edits];
  for (const coroutine of coroutines) {
    edits.push(insertAt(startOf(coroutine), `${createTask.text}(`));
    edits.push(insertAt(endOf(coroutine), ')'));
  }
  return { title: t('Wrap each coroutine in `asyncio.create_task()`'), edits, isPreferred: true };
}

/** `asyncio.wait(…)` that may return before every awaitable is done. */
function mayLeavePending(model: SemanticModel, args: CallArguments): boolean {
  const returnWhen = args.keywords.get('return_when');
  if (returnWhen) {
    const value = unparenthesize(returnWhen);
    const name = model.qualifiedName(value);
    if ((name && EARLY_RETURNS.has(name)) || /^(['"])FIRST_(COMPLETED|EXCEPTION)\1$/.test(value.text)) return true;
  }
  const timeout = args.keywords.get('timeout');
  return timeout !== undefined && unparenthesize(timeout).type !== 'none';
}

/** True when the code keeps its own handle on every awaitable (`self.tasks`, or names read elsewhere). */
function heldElsewhere(model: SemanticModel, expression: SyntaxNode, body: SyntaxNode, waitCall: SyntaxNode, depth = 0): boolean {
  // Too deep to tell: say held, so that no finding rests on a guess.
  if (depth > MAX_NESTING) return true;
  const node = unparenthesize(expression);
  if (node.type === 'attribute') return true;
  // A parameter: the caller made the tasks and still holds them.
  if (node.type === 'identifier') return isReadWithin(node.text, body, [waitCall]) || model.lookup(node.text, node)?.kind === 'parameter';
  if (COLLECTIONS.has(node.type)) return namedChildren(node).every((element) => heldElsewhere(model, element, body, waitCall, depth + 1));
  return false;
}

/** `done, pending = await asyncio.wait(…)`: the `pending` target, when the pair is unpacked that way. */
function pendingTarget(call: SyntaxNode): { target: SyntaxNode; statement: SyntaxNode } | undefined {
  const awaited = call.parent?.type === 'await' ? call.parent : undefined;
  const assignment = awaited?.parent;
  if (!assignment || assignment.type !== 'assignment' || field(assignment, 'right')?.id !== awaited!.id) return undefined;
  const left = field(assignment, 'left');
  const targets = left && (left.type === 'pattern_list' || left.type === 'tuple_pattern') ? namedChildren(left) : [];
  const statement = assignment.parent;
  if (targets.length !== 2 || targets[1].type !== 'identifier' || statement?.type !== 'expression_statement') return undefined;
  return { target: targets[1], statement };
}

/**
 * The `wait` statement ends the coroutine that `asyncio.run(main())` runs in this module: it is at the
 * top of `main`'s body and nothing after it awaits. `asyncio.run` cancels and awaits the tasks left
 * when `main` returns, so none keeps running unobserved.
 */
function endsRunEntryPoint(model: SemanticModel, statement: SyntaxNode, definition: SyntaxNode): boolean {
  if (statement.parent?.id !== field(definition, 'body')?.id || definition.firstChild?.type !== 'async') return false;
  for (let next = statement.nextNamedSibling; next; next = next.nextNamedSibling) if (suspendsOrLoops(next)) return false;
  const name = field(definition, 'name')?.text;
  const runs = callsNamed(model, ['run']).filter((run) => model.qualifiedName(field(run, 'function') ?? run) === 'asyncio.run');
  const references = model
    .nodes('identifier')
    .filter((node) => node.text === name && node.parent?.id !== definition.id && !isAttributeName(node) && model.lookup(node.text, node)?.node.id === definition.id);
  return (
    references.length > 0 &&
    references.every((reference) => {
      const call = reference.parent?.type === 'call' && field(reference.parent, 'function')?.id === reference.id ? reference.parent : undefined;
      const run = call?.parent?.parent;
      return call !== undefined && run !== undefined && run !== null && runs.some((candidate) => candidate.id === run.id);
    })
  );
}

function isAttributeName(node: SyntaxNode): boolean {
  return node.parent?.type === 'attribute' && field(node.parent, 'attribute')?.id === node.id;
}

function suspendsOrLoops(statement: SyntaxNode): boolean {
  if (statement.type === 'while_statement' || statement.type === 'for_statement') return true;
  let found = false;
  walkOwnFrame(statement, (node) => {
    found ||= node.type === 'await' || isAsyncWith(node) || isAsyncFor(node);
    return !found;
  });
  return found || isAsyncWith(statement);
}

function cancelPendingFix(model: SemanticModel, pending: SyntaxNode, statement: SyntaxNode, region: SyntaxNode): Fix[] {
  if (pending.text === '_' || !standsAlone(model, statement)) return [];
  return [{ title: t('Cancel the tasks left in `{0}`', pending.text), edits: [cancelLoop(model, pending.text, statement, region)] }];
}

/** `for task in pending: task.cancel()` after the statement. */
function cancelLoop(model: SemanticModel, pending: string, statement: SyntaxNode, region: SyntaxNode): TextEdit {
  const indent = model.lineText(statement.startPosition.row).slice(0, statement.startPosition.column);
  const step = indent.includes('\t') ? '\t' : '    ';
  const task = freshName(model, statement, 'task', region);
  return insertAt(endOf(statement), `\n${indent}for ${task} in ${pending}:\n${indent}${step}${task}.cancel()`);
}

/**
 * The awaitables are tasks made right there of new coroutine calls (`[create_task(pipe(a, b)), ...]`, or a
 * comprehension of them): nothing else holds them. Not `[ensure_future(aw) for aw in awaitables]`, which wraps what
 * the caller made and holds.
 */
function startsNewTasks(awaitables: SyntaxNode): boolean {
  const elements = awaitableElements(unparenthesize(awaitables));
  return (
    elements.length > 0 &&
    elements.every((element) => {
      const call = element ? unparenthesize(element) : undefined;
      const callee = call?.type === 'call' ? field(call, 'function') : null;
      const name = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.type === 'identifier' ? callee.text : undefined;
      const made = name === 'create_task' || name === 'ensure_future' ? callArguments(call!).positional[0] : undefined;
      return made !== undefined && unparenthesize(made).type === 'call';
    })
  );
}

/** `await asyncio.wait(...)` as a statement of its own: the done and pending sets are dropped together. */
function droppedResult(call: SyntaxNode): { awaited: SyntaxNode; statement: SyntaxNode } | undefined {
  const awaited = call.parent?.type === 'await' ? call.parent : undefined;
  const statement = awaited?.parent;
  return awaited && statement?.type === 'expression_statement' && namedChildren(statement).length === 1 ? { awaited, statement } : undefined;
}

/** Keeps both sets (`done, pending = await asyncio.wait(...)`) and cancels what is left pending. */
function keepAndCancelFix(model: SemanticModel, dropped: { awaited: SyntaxNode; statement: SyntaxNode }, region: SyntaxNode): Fix[] {
  if (!standsAlone(model, dropped.statement)) return [];
  const done = freshName(model, dropped.statement, 'done', region);
  const pending = freshName(model, dropped.statement, 'pending', region);
  return [
    {
      title: t('Cancel the tasks `asyncio.wait()` leaves pending'),
      edits: [insertAt(startOf(dropped.awaited), `${done}, ${pending} = `), cancelLoop(model, pending, dropped.statement, region)],
    },
  ];
}

/** AIO106: `asyncio.wait` given bare coroutines (TypeError since 3.11), or whose pending tasks are dropped. */
export const asyncioWaitMisuse: Rule = {
  codes: [{ code: 'AIO106', title: 'asyncio.wait() misuse', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO106')) return;
    const { model } = context;
    for (const call of callsNamed(model, ['wait'])) {
      const callee = field(call, 'function');
      if (!callee || model.qualifiedName(callee) !== 'asyncio.wait') continue;
      const args = callArguments(call);
      const awaitables = argument(args, 0, 'fs') ?? args.keywords.get('aws');
      if (!awaitables) continue;
      const coroutines = bareCoroutines(context, awaitables);
      if (coroutines.length > 0) {
        context.report({
          code: 'AIO106',
          node: awaitables,
          severity: 'error',
          message: t('`asyncio.wait()` takes tasks or futures: passing coroutines raises TypeError on Python 3.11+. Wrap each one in `asyncio.create_task()`.'),
          fixes: () => [wrapInTasksFix(model, call, coroutines)],
        });
        continue;
      }
      if (!mayLeavePending(model, args)) continue;
      const dropped = droppedResult(call);
      const droppedIn = dropped ? model.scopes.enclosingScope(dropped.statement) : undefined;
      if (dropped && droppedIn?.kind === 'function') {
        if (!startsNewTasks(awaitables) || endsRunEntryPoint(model, dropped.statement, droppedIn.node)) continue;
        context.report({
          code: 'AIO106',
          node: call,
          message: t(
            'The result of `asyncio.wait()` is dropped, and with it the tasks it leaves pending: they keep running unobserved and their exceptions are lost. Keep them (`done, pending = await asyncio.wait(...)`), then cancel them (`for task in pending: task.cancel()`) or await them.',
          ),
          fixes: () => keepAndCancelFix(model, dropped, droppedIn.node),
        });
        continue;
      }
      const pending = pendingTarget(call);
      const scope = pending ? model.scopes.enclosingScope(pending.statement) : undefined;
      const body = scope?.kind === 'function' ? field(scope.node, 'body') : null;
      if (!pending || !body || (pending.target.text !== '_' && isReadWithin(pending.target.text, body))) continue;
      if (heldElsewhere(model, awaitables, body, call) || endsRunEntryPoint(model, pending.statement, scope!.node)) continue;
      context.report({
        code: 'AIO106',
        node: pending.target,
        message:
          pending.target.text === '_'
            ? t(
                'The tasks `asyncio.wait()` leaves pending are thrown away (`_`): they keep running unobserved and their exceptions are lost. Keep them, then cancel them (`for task in pending: task.cancel()`) or await them.',
              )
            : t(
                'The tasks `asyncio.wait()` leaves in `{0}` are never cancelled or awaited: they keep running unobserved and their exceptions are lost. Cancel them (`for task in {0}: task.cancel()`) or await them.',
                pending.target.text,
              ),
        fixes: () => cancelPendingFix(model, pending.target, pending.statement, scope!.node),
      });
    }
  },
};
