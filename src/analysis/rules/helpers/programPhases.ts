import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { callArguments, field, isAsyncFor, isAsyncWith, logicalParent, namedChildren, unparenthesize } from '../../syntax';
import { isSuspension, suspends, walkFrame } from './suspension';
import { resolveDefinition } from './calledHelper';
import { callStartsConcurrentWork, isConcurrentCall, isCoroutineFunction } from './concurrentWork';

/**
 * When a coroutine that its program runs alone on a loop, but that starts other work there, has
 * that loop to itself: `start` before the first statement that may start work, `scheduled` after it
 * has only created tasks that have not run yet (they first run at its next suspension), `joined`
 * after a join (an awaited `gather`/`wait`, a task group's `async with`) of every task it started.
 */
export type Phase = 'start' | 'scheduled' | 'joined';

/** A call of the coroutine that may put work on the loop, and from where it can run. */
interface Starter {
  call: SyntaxNode;
  /** The call, or the outermost nested def or lambda holding it: nothing in it runs before that. */
  from: number;
  /** Where the work it starts can first run: `from`, or for a task it only schedules, the next suspension. */
  runsFrom: number;
}

const LOOPS = new Set(['for_statement', 'while_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const NESTED = new Set(['function_definition', 'lambda', 'class_definition']);
/** Task starters whose task a join can hold: it ends before the join does. */
const JOINABLE = new Set(['create_task', 'ensure_future', 'gather', 'Task', 'start_soon', 'start']);
const GROUPS = new Set(['TaskGroup', 'create_task_group', 'open_nursery']);
const MAX_DEPTH = 6;

const startersCache = new WeakMap<SemanticModel, Map<number, Starter[]>>();

/** The phase of `node`, run by `coroutine` which its program entered in phase `entry`; undefined when other work may run. */
export function phaseAt(model: SemanticModel, coroutine: SyntaxNode, node: SyntaxNode, entry: Phase): Phase | undefined {
  const starters = startersOf(model, coroutine);
  if (isBeforeStarters(coroutine, node, starters, 'from')) return entry;
  if (joinsBefore(model, coroutine, node, starters, 0, 'from')) return 'joined';
  // Tasks only created since the start or the last join have not run yet.
  if (isBeforeStarters(coroutine, node, starters, 'runsFrom') || joinsBefore(model, coroutine, node, starters, 0, 'runsFrom')) return 'scheduled';
  return undefined;
}

function startersOf(model: SemanticModel, coroutine: SyntaxNode): Starter[] {
  const byNode = startersCache.get(model) ?? startersCache.set(model, new Map()).get(model)!;
  const cached = byNode.get(coroutine.id);
  if (cached) return cached;
  // Opening a task group starts nothing: its `start_soon`, `start` and `create_task` calls do.
  const groups = openedGroups(model, coroutine);
  const opens = new Set(groups.map((group) => group.open.id));
  const aliases = new Set(groups.map((group) => group.alias));
  let points: SuspensionPoint[] | undefined;
  // A fresh walk per call: a walk stops at its first start, so a shared one would miss the helper it stopped in.
  const starters = model
    .nodesWithin('call', coroutine.startIndex, coroutine.endIndex)
    .filter((call) => !opens.has(call.id) && (callsGroup(call, aliases) || callStartsConcurrentWork(model, call, 0, new Map([[model, new Set([coroutine.id])]]))))
    .map((call) => {
      const from = outermostNested(coroutine, call)?.startIndex ?? call.startIndex;
      const runsFrom = from === call.startIndex ? (scheduledUntil(coroutine, call, (points ??= suspensionPoints(coroutine))) ?? from) : from;
      return { call, from, runsFrom };
    });
  byNode.set(coroutine.id, starters);
  return starters;
}

/** Calls that only schedule a task: it first runs when the coroutine that made it suspends. */
const SCHEDULERS = new Set(['create_task', 'ensure_future', 'Task', 'start_soon']);

/**
 * Where the task that `call` schedules (`create_task(...)`, not awaited) can first run: the coroutine's first
 * suspension after the call in source order — an `await` once its operand is evaluated, an `async with` once its
 * first manager is, an `async for` once its iterable is. Nothing runs beside the coroutine before that, however
 * the code branches, unless a loop around the call suspends (its next round comes after a suspension).
 * Undefined for other calls, or when no suspension follows.
 */
function scheduledUntil(coroutine: SyntaxNode, starter: SyntaxNode, points: readonly SuspensionPoint[]): number | undefined {
  // The coroutine handed to the scheduler (`fetch(url)` in `create_task(fetch(url))`) runs as its task.
  const holder = logicalParent(starter);
  const call = holder?.type === 'argument_list' && holder.parent?.type === 'call' && SCHEDULERS.has(lastName(holder.parent) ?? '') ? holder.parent : starter;
  if (!SCHEDULERS.has(lastName(call) ?? '') || logicalParent(call)?.type === 'await') return undefined;
  for (const parent of ancestorsWithin(coroutine, call.parent)) if (LOOPS.has(parent.type) && suspends(parent)) return undefined;
  let first: number | undefined;
  for (const point of points) if (point.start >= call.endIndex && (first === undefined || point.at < first)) first = point.at;
  return first;
}

interface SuspensionPoint {
  start: number;
  /** Where it suspends (see suspendsAt). */
  at: number;
}

function suspensionPoints(coroutine: SyntaxNode): SuspensionPoint[] {
  const points: SuspensionPoint[] = [];
  const body = field(coroutine, 'body');
  if (!body) return points;
  walkFrame(body, (node) => {
    if (!isSuspension(node)) return;
    points.push({ start: node.startIndex, at: suspendsAt(node) });
    // An `async with` suspends again in `__aexit__`, when its block ends.
    if (isAsyncWith(node)) points.push({ start: node.endIndex, at: node.endIndex });
  });
  return points;
}

/** The source index at which a suspension node suspends: after what it evaluates first. */
function suspendsAt(node: SyntaxNode): number {
  if (node.type === 'await') return node.endIndex;
  if (isAsyncFor(node)) return field(node, 'right')?.endIndex ?? node.startIndex;
  if (isAsyncWith(node)) {
    const clause = namedChildren(node).find((child) => child.type === 'with_clause');
    const item = clause ? namedChildren(clause)[0] : undefined;
    return (item ? field(item, 'value') : null)?.endIndex ?? node.startIndex;
  }
  return node.startIndex;
}

/** `from` and its ancestors, innermost first, up to (not including) `coroutine`. */
function* ancestorsWithin(coroutine: SyntaxNode, from: SyntaxNode | null): Generator<SyntaxNode> {
  for (let parent = from; parent && parent.id !== coroutine.id; parent = parent.parent) yield parent;
}

function outermostNested(coroutine: SyntaxNode, node: SyntaxNode): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  for (const parent of ancestorsWithin(coroutine, node.parent)) if (NESTED.has(parent.type)) found = parent;
  return found;
}

/**
 * `node` ends before every starter (or before the work of every starter can run, with `runsFrom`), and no
 * loop around it runs it again after one. A starter in a branch
 * that leaves the coroutine (`if x: return await t.fetch()`, node after the `if`) never runs before `node`.
 */
function isBeforeStarters(coroutine: SyntaxNode, node: SyntaxNode, starters: Starter[], start: 'from' | 'runsFrom'): boolean {
  // The await of a coroutine that starts work is entered before that work starts.
  const first = Math.min(...starters.filter((starter) => starter.call.id !== node.id && !leavesBefore(coroutine, starter, node)).map((starter) => starter[start]));
  if (node.endIndex > first) return false;
  for (const parent of ancestorsWithin(coroutine, node.parent)) if (LOOPS.has(parent.type) && parent.endIndex > first) return false;
  return true;
}

const EXITS = new Set(['return_statement', 'raise_statement']);
/** Statements that may catch an exception and go on after it: a starter that raises inside one may not leave. */
const CATCHERS = new Set(['try_statement', 'with_statement']);

/**
 * The starter's branch leaves the coroutine on every path and `node` is outside it: the innermost block
 * around the starter that ends in `return`/`raise`, holds no `break`/`continue`, is not the coroutine's
 * body, and has no `try` or `with` around it (which could catch the starter's exception and go on).
 */
function leavesBefore(coroutine: SyntaxNode, starter: Starter, node: SyntaxNode): boolean {
  if (starter.from !== starter.call.startIndex) return false;
  const body = field(coroutine, 'body');
  let block: SyntaxNode | undefined;
  for (const parent of ancestorsWithin(coroutine, starter.call.parent)) {
    if (parent.type !== 'block' || parent.id === body?.id) continue;
    const statements = namedChildren(parent).filter((child) => child.type !== 'comment');
    if (EXITS.has(statements[statements.length - 1]?.type ?? '')) {
      block = parent;
      break;
    }
  }
  if (!block || (block.startIndex <= node.startIndex && node.endIndex <= block.endIndex)) return false;
  if (block.descendantsOfType('break_statement').length > 0 || block.descendantsOfType('continue_statement').length > 0) return false;
  for (const parent of ancestorsWithin(coroutine, block.parent)) if (CATCHERS.has(parent.type)) return false;
  return true;
}

/**
 * A join in `coroutine` that runs before `node` on every path to it (its statement is an earlier
 * sibling of one holding `node`, outside any loop) and holds every starter that can run before
 * `node`, each of whose coroutines leaves nothing running when it returns.
 */
function joinsBefore(model: SemanticModel, coroutine: SyntaxNode, node: SyntaxNode, starters: Starter[], depth: number, start: 'from' | 'runsFrom' = 'from'): boolean {
  const earlier = starters.filter((starter) => starter[start] < node.startIndex || inLoopAround(coroutine, node, starter.call));
  const open = earlier.filter((starter) => !isFinished(model, starter.call, depth));
  if (open.length === 0) return earlier.length > 0;
  const joins = joinsOf(model, coroutine).filter((join) => dominates(coroutine, join.statement, node));
  return open.every((starter) => joins.some((join) => join.holds(starter)) && settles(model, starter.call, depth));
}

function inLoopAround(coroutine: SyntaxNode, node: SyntaxNode, other: SyntaxNode): boolean {
  for (const parent of ancestorsWithin(coroutine, node.parent)) {
    if (LOOPS.has(parent.type) && parent.startIndex <= other.startIndex && other.endIndex <= parent.endIndex) return true;
  }
  return false;
}

interface Join {
  statement: SyntaxNode;
  holds(starter: Starter): boolean;
}

/**
 * The joins of a coroutine: `await asyncio.gather(...)`, `await asyncio.wait(...)` waiting for all
 * (no `timeout`, no `return_when`), each holding the starters in its arguments and those that fill
 * the one local list it unpacks or waits on; `async with TaskGroup() as tg:` holding `tg`'s own
 * starters in its body.
 */
function joinsOf(model: SemanticModel, coroutine: SyntaxNode): Join[] {
  const joins: Join[] = [];
  for (const call of model.nodesWithin('call', coroutine.startIndex, coroutine.endIndex)) {
    const name = model.qualifiedName(field(call, 'function') ?? call);
    if ((name !== 'asyncio.gather' && name !== 'asyncio.wait') || !model.isAwaited(call) || model.asyncContext(call)?.id !== coroutine.id) continue;
    const args = callArguments(call);
    if (name === 'asyncio.wait' && (args.keywords.has('timeout') || args.keywords.has('return_when') || args.positional.length > 1)) continue;
    const statement = statementOf(coroutine, call);
    const list = name === 'asyncio.wait' ? args.positional[0] : splatList(call);
    const filled = list?.type === 'identifier' ? listFillers(model, coroutine, list, call) : undefined;
    if (list && !filled) continue;
    joins.push({
      statement,
      holds: ({ call: starter }) =>
        starter.id === call.id ||
        (isJoinable(model, starter) && ((call.startIndex <= starter.startIndex && starter.endIndex <= call.endIndex) || !!filled?.some((filler) => filler.startIndex <= starter.startIndex && starter.endIndex <= filler.endIndex))),
    });
  }
  for (const { statement, alias: group } of openedGroups(model, coroutine)) {
    const body = field(statement, 'body')!;
    joins.push({
      statement,
      holds: ({ call: starter }) => {
        if (starter.startIndex >= body.startIndex && starter.endIndex <= body.endIndex) {
          // The group's own start, or a coroutine made in its arguments.
          for (let node: SyntaxNode | null = starter; node && node.id !== body.id; node = node.parent) {
            const callee = node.type === 'call' ? field(node, 'function') : null;
            if (callee?.type === 'attribute' && field(callee, 'object')?.text === group) return isJoinable(model, node) && isJoinable(model, starter);
          }
          return false;
        }
        return starter.id === statement.id || isGroupCall(model, starter, statement);
      },
    });
  }
  return joins;
}

interface OpenedGroup {
  statement: SyntaxNode;
  /** The call that opens the group: `asyncio.TaskGroup()`, `trio.open_nursery()`. */
  open: SyntaxNode;
  /** The name `as` binds it to. */
  alias: string;
}

/** The coroutine's own `async with TaskGroup() as tg:` statements. */
function openedGroups(model: SemanticModel, coroutine: SyntaxNode): OpenedGroup[] {
  const groups: OpenedGroup[] = [];
  for (const statement of model.nodesWithin('with_statement', coroutine.startIndex, coroutine.endIndex)) {
    if (!isAsyncWith(statement) || model.asyncContext(statement)?.id !== coroutine.id) continue;
    const group = groupOf(statement);
    if (group) groups.push({ statement, ...group });
  }
  return groups;
}

/** `tg.create_task(...)`, `nursery.start(...)`: a call on an opened group. */
function callsGroup(call: SyntaxNode, aliases: ReadonlySet<string>): boolean {
  const callee = field(call, 'function');
  const object = callee?.type === 'attribute' ? field(callee, 'object') : null;
  return object?.type === 'identifier' && aliases.has(object.text);
}

/** The call and the name of `async with TaskGroup() as tg:`, its only item. */
function groupOf(statement: SyntaxNode): Omit<OpenedGroup, 'statement'> | undefined {
  const clause = namedChildren(statement).find((child) => child.type === 'with_clause');
  const items = clause ? namedChildren(clause).filter((child) => child.type === 'with_item') : [];
  if (items.length !== 1) return undefined;
  const value = field(items[0], 'value');
  const pattern = value?.type === 'as_pattern' ? value : undefined;
  const call = pattern ? unparenthesize(namedChildren(pattern)[0]) : undefined;
  const alias = pattern ? field(pattern, 'alias') : null;
  if (call?.type !== 'call' || !alias || !GROUPS.has(lastName(call) ?? '')) return undefined;
  return { open: call, alias: alias.text.trim() };
}

function isGroupCall(model: SemanticModel, starter: SyntaxNode, statement: SyntaxNode): boolean {
  const clause = namedChildren(statement).find((child) => child.type === 'with_clause');
  return !!clause && clause.startIndex <= starter.startIndex && starter.endIndex <= clause.endIndex && GROUPS.has(lastName(starter) ?? '') && isConcurrentCall(model, starter);
}

/** A starter whose task ends before its join: a task or gather, not a server or callback. */
function isJoinable(model: SemanticModel, starter: SyntaxNode): boolean {
  if (JOINABLE.has(lastName(starter) ?? '')) return true;
  const target = resolveDefinition(model, unparenthesize(field(starter, 'function') ?? starter))?.definition;
  return !!target && isCoroutineFunction(target.node) && !model.isAwaited(starter);
}

function lastName(call: SyntaxNode): string | undefined {
  const callee = field(call, 'function');
  return callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.text;
}

/** `tasks` in `gather(*tasks)`, when that is the call's only argument. */
function splatList(call: SyntaxNode): SyntaxNode | undefined {
  const list = field(call, 'arguments');
  const items = list ? namedChildren(list).filter((child) => child.type !== 'comment' && child.type !== 'keyword_argument') : [];
  const splat = items.length === 1 && items[0].type === 'list_splat' ? namedChildren(items[0])[0] : undefined;
  return splat?.type === 'identifier' ? splat : undefined;
}

/**
 * What fills a local list of tasks before its join: `tasks = [...]`, `tasks.append(...)`,
 * `tasks.add(...)`. Undefined when the list is used any other way (it could lose a task).
 */
function listFillers(model: SemanticModel, coroutine: SyntaxNode, list: SyntaxNode, join: SyntaxNode): SyntaxNode[] | undefined {
  const scope = model.scopes.enclosingScope(list);
  if (scope.node.id !== coroutine.id) return undefined;
  const fillers: SyntaxNode[] = [];
  for (const identifier of model.nodesWithin('identifier', coroutine.startIndex, coroutine.endIndex)) {
    if (identifier.text !== list.text || identifier.id === list.id) continue;
    const parent = logicalParent(identifier);
    if (parent?.type === 'assignment' && field(parent, 'left')?.id === identifier.id) {
      if (parent.startIndex > join.startIndex) continue;
      fillers.push(field(parent, 'right') ?? parent);
      continue;
    }
    const method = parent?.type === 'attribute' && field(parent, 'object')?.id === identifier.id ? field(parent, 'attribute')?.text : undefined;
    const call = parent?.parent;
    if ((method === 'append' || method === 'add') && call?.type === 'call' && field(call, 'function')?.id === parent!.id && call.endIndex <= join.startIndex) {
      fillers.push(call);
      continue;
    }
    if (identifier.startIndex > join.endIndex) continue;
    return undefined;
  }
  return fillers;
}

/** The statement of `coroutine`'s body that holds `node` nearest to it. */
function statementOf(coroutine: SyntaxNode, node: SyntaxNode): SyntaxNode {
  let statement = node;
  for (const parent of ancestorsWithin(coroutine, node.parent)) {
    if (parent.type === 'block' && statement.parent?.id === parent.id) return statement;
    statement = parent;
  }
  return statement;
}

/** `statement` always runs before `node`: a later sibling statement holds `node`, and no loop holds both. */
function dominates(coroutine: SyntaxNode, statement: SyntaxNode, node: SyntaxNode): boolean {
  const block = statement.parent;
  if (block?.type !== 'block' || node.startIndex < statement.endIndex || node.endIndex > block.endIndex) return false;
  for (const parent of ancestorsWithin(coroutine, block)) if (LOOPS.has(parent.type)) return false;
  return true;
}

/**
 * The workspace coroutines that `starter` runs (called in it) leave nothing on the loop when they
 * return: each joins every starter of its own in one statement of its body, with no `return` before.
 */
function settles(model: SemanticModel, starter: SyntaxNode, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  return model.nodesWithin('call', starter.startIndex, starter.endIndex).every((call) => {
    const target = resolveDefinition(model, unparenthesize(field(call, 'function') ?? call))?.definition;
    if (!target || !isCoroutineFunction(target.node) || target.node.id === starter.id) return true;
    const starters = startersOf(target.model, target.node);
    if (starters.length === 0) return true;
    const body = field(target.node, 'body');
    const first = Math.min(...starters.map((inner) => inner.from));
    const returns = target.model.nodesWithin('return_statement', first, target.node.endIndex).filter((statement) => target.model.enclosingFunction(statement)?.id === target.node.id);
    return joinsOf(target.model, target.node).some(
      (join) =>
        join.statement.parent?.id === body?.id &&
        !returns.some((statement) => statement.startIndex < join.statement.startIndex) &&
        starters.every((inner) => isFinished(target.model, inner.call, depth + 1) || (inner.from < join.statement.endIndex && join.holds(inner) && settles(target.model, inner.call, depth + 1))),
    );
  });
}

/** An awaited workspace coroutine that leaves nothing running: done when its await is. */
function isFinished(model: SemanticModel, call: SyntaxNode, depth: number): boolean {
  const target = resolveDefinition(model, unparenthesize(field(call, 'function') ?? call))?.definition;
  return !!target && isCoroutineFunction(target.node) && model.isAwaited(call) && settles(model, call, depth);
}
