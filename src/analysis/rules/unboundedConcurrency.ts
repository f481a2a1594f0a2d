import { callsNamed, lastSegment } from '../semantic/callIndex';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { callArguments, field, isAsyncFor, isAsyncFunction, isAsyncWith, namedChildren, unparenthesize } from '../syntax';
import { isEndlessLoop } from './helpers/endlessLoop';
import { calledDefinition, isMethod } from './helpers/functions';
import { iterableSize } from './helpers/iterables';
import { isSuspension, walkFrame } from './helpers/suspension';
import type { Rule, RuleContext } from './rule';

/**
 * Calls that run every awaitable of a collection at once. `asyncio.wait` is not here: it takes
 * tasks (coroutines are AIO106's TypeError), whose fan-out is where they are created.
 */
const FAN_IN = new Set(['asyncio.gather', 'asyncio.as_completed']);
const TASK_FACTORIES = new Set(['asyncio.create_task', 'asyncio.ensure_future']);
/**
 * Per-item work that is cheap or already bounded (the default executor has a fixed number of
 * threads); `shield(...)` protects work that is usually already running elsewhere.
 */
const BOUNDED_ELEMENTS = new Set(['asyncio.sleep', 'asyncio.to_thread', 'asyncio.shield']);
/** Wrappers whose first argument is the real per-item coroutine. */
const WRAPPERS = new Set(['asyncio.wait_for', 'asyncio.create_task', 'asyncio.ensure_future']);
/** Constructors of things that bound concurrency. */
const LIMITERS = new Set([
  'asyncio.Semaphore',
  'asyncio.BoundedSemaphore',
  'asyncio.Queue',
  'asyncio.LifoQueue',
  'asyncio.PriorityQueue',
  'anyio.CapacityLimiter',
  'anyio.Semaphore',
  'trio.CapacityLimiter',
  'trio.Semaphore',
]);
const LIMITER_TYPES = new Set(['asyncio.Semaphore', 'asyncio.BoundedSemaphore', 'asyncio.Lock', 'asyncio.Condition', 'asyncio.Queue']);
/** Name parts that say "this is a limit": `sem`, `self._limiter`, `max_concurrency`, `pool.acquire()`. */
const LIMIT_WORDS = new Set([
  'sem',
  'sema',
  'sems',
  'semaphore',
  'semaphores',
  'limit',
  'limits',
  'limiter',
  'limiters',
  'throttle',
  'throttler',
  'concurrency',
  'concurrent',
  'parallelism',
  'pool',
  'bounded',
]);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/_+/)
    .filter(Boolean);
}

/** Any sign in `root` (nested defs included) that the work is limited: a semaphore, a queue of workers, a limit setting. */
function showsLimit(model: SemanticModel, root: SyntaxNode): boolean {
  const pending = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'identifier' && nameWords(node.text).some((word) => LIMIT_WORDS.has(word))) return true;
    if (node.type === 'call') {
      const targets = model.callTargets(node);
      if (targets.some((target) => LIMITERS.has(target) || target.startsWith('aiometer.'))) return true;
      if (targets.some((target) => LIMITER_TYPES.has(target.slice(0, target.lastIndexOf('.'))))) return true;
    }
    if (isAsyncWith(node)) {
      const clause = namedChildren(node).find((child) => child.type === 'with_clause');
      for (const item of clause ? namedChildren(clause) : []) {
        let value = field(item, 'value');
        if (value?.type === 'as_pattern') value = namedChildren(value)[0] ?? null;
        const type = value ? model.typeOf(value) : undefined;
        if (type && LIMITER_TYPES.has(type)) return true;
      }
    }
    pending.push(...namedChildren(node));
  }
  return false;
}

function enclosingDef(node: SyntaxNode): SyntaxNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'function_definition') return parent;
  }
  return undefined;
}

/** The per-item coroutine call inside wrappers: `wait_for(fetch(u), 5)` → `fetch(u)`. */
function innerCall(model: SemanticModel, element: SyntaxNode): SyntaxNode | undefined {
  let node = unparenthesize(element);
  for (let depth = 0; depth < 3 && node.type === 'call'; depth++) {
    const callee = field(node, 'function');
    const name = callee ? model.qualifiedName(callee) : undefined;
    const first = callArguments(node).positional[0];
    if (!name || !WRAPPERS.has(name) || !first) return node;
    node = unparenthesize(first);
  }
  return node.type === 'call' ? node : undefined;
}

/** The per-item work is limited: by the function fanning out, or by the coroutine function it calls. */
function isLimited(model: SemanticModel, site: SyntaxNode, work: SyntaxNode | undefined): boolean {
  const owner = enclosingDef(site) ?? model.root;
  if (showsLimit(model, owner)) return true;
  if (!work) return false;
  let target: SyntaxNode | undefined;
  if (work.type === 'call') target = calledDefinition(model, work);
  else if (work.type === 'identifier') {
    const binding = model.lookup(work.text, work);
    target = binding?.kind === 'function' ? binding.node : undefined;
  }
  return target !== undefined && showsLimit(model, target);
}

/** True when a loop repeats `node` within its function: batches, or work nested in a bigger loop. */
function insideLoop(node: SyntaxNode): boolean {
  return enclosingLoop(node) !== undefined;
}

interface FanOut {
  iterable: SyntaxNode;
  /** The per-item coroutine call, or the coroutine function handed to `map`. */
  work?: SyntaxNode;
}

/** A collection of awaitables built over a data-sized iterable: `[f(x) for x in xs]`, `map(f, xs)`, a list appended to in a loop. */
function collectionFanOut(model: SemanticModel, collection: SyntaxNode, depth = 0): FanOut | undefined {
  const node = unparenthesize(collection);
  if (['list_comprehension', 'generator_expression', 'set_comprehension'].includes(node.type)) {
    const body = field(node, 'body');
    const work = body ? innerCall(model, body) : undefined;
    if (!work || isCheapOrTask(model, body!, work) || actsOnItem(work, node)) return undefined;
    const iterable = namedChildren(node)
      .filter((child) => child.type === 'for_in_clause')
      .map((clause) => field(clause, 'right'))
      .find((right): right is SyntaxNode => right !== null && iterableSize(model, right) === 'data');
    return iterable ? { iterable, work } : undefined;
  }
  if (node.type === 'call') {
    const callee = field(node, 'function');
    if (!callee || model.qualifiedName(callee) !== 'builtins.map') return undefined;
    const [work, iterable] = callArguments(node).positional;
    if (!work || !iterable || iterableSize(model, iterable) !== 'data') return undefined;
    const workName = model.qualifiedName(work);
    if (workName && (BOUNDED_ELEMENTS.has(workName) || TASK_FACTORIES.has(workName))) return undefined;
    // `map(lambda user: send(message, user), users)`: the work is the call the lambda makes.
    const mapped = unparenthesize(work);
    const lambdaBody = mapped.type === 'lambda' ? field(mapped, 'body') : null;
    return { iterable, work: (lambdaBody && innerCall(model, lambdaBody)) ?? mapped };
  }
  if (node.type === 'identifier' && depth === 0) {
    const binding = model.lookup(node.text, node);
    if (!binding?.value || binding.kind !== 'assignment') return undefined;
    if (enclosingDef(binding.node)?.id !== enclosingDef(node)?.id) return undefined;
    if (namedChildren(unparenthesize(binding.value)).length === 0) return appendedFanOut(model, node.text, binding.node);
    return collectionFanOut(model, binding.value, depth + 1);
  }
  return undefined;
}

/** `tasks = []` then `for x in xs: tasks.append(f(x))`. */
function appendedFanOut(model: SemanticModel, name: string, bindingNode: SyntaxNode): FanOut | undefined {
  const owner = enclosingDef(bindingNode) ?? model.root;
  for (const call of callsNamed(model, ['append'])) {
    if (call.startIndex < owner.startIndex || call.endIndex > owner.endIndex) continue;
    const callee = field(call, 'function');
    if (callee?.type !== 'attribute' || field(callee, 'attribute')?.text !== 'append' || field(callee, 'object')?.text !== name) continue;
    const appended = callArguments(call).positional[0];
    const work = appended ? innerCall(model, appended) : undefined;
    if (!work || isCheapOrTask(model, appended!, work)) continue;
    const loop = enclosingLoop(call);
    if (loop?.type !== 'for_statement' || actsOnItem(work, loop)) continue;
    const iterable = field(loop, 'right');
    if (iterable && iterableSize(model, iterable) === 'data') return { iterable, work };
  }
  return undefined;
}

/** Tasks are reported where they are created; cheap or executor-bound work is no fan-out. */
function isCheapOrTask(model: SemanticModel, element: SyntaxNode, work: SyntaxNode): boolean {
  const outer = unparenthesize(element);
  if (outer.type === 'call' && isTaskCreation(model, outer)) return true;
  const callee = field(work, 'function');
  const name = callee ? model.qualifiedName(callee) : undefined;
  return name !== undefined && BOUNDED_ELEMENTS.has(name);
}

/** The names a loop or comprehension binds per item. */
function loopTargets(loop: SyntaxNode): Set<string> {
  const clauses = loop.type === 'for_statement' ? [loop] : namedChildren(loop).filter((child) => child.type === 'for_in_clause');
  const names = new Set<string>();
  const pending = clauses.map((clause) => field(clause, 'left')).filter((left): left is SyntaxNode => left !== null);
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'identifier') names.add(node.text);
    else pending.push(...namedChildren(node));
  }
  return names;
}

/**
 * `c.close() for c in conns`, `cb.handler(event) for cb in callbacks`: a method of each existing
 * object (closing connections, notifying listeners) — as many as already exist, not a new burst.
 */
function actsOnItem(work: SyntaxNode, loop: SyntaxNode): boolean {
  const callee = field(work, 'function');
  let object = callee ? unparenthesize(callee) : undefined;
  if (object?.type !== 'attribute') return false;
  while (object.type === 'attribute' || object.type === 'subscript' || object.type === 'call') {
    const inner = field(object, object.type === 'attribute' ? 'object' : object.type === 'subscript' ? 'value' : 'function');
    if (!inner) return false;
    object = unparenthesize(inner);
  }
  return object.type === 'identifier' && loopTargets(loop).has(object.text);
}

function isTaskCreation(model: SemanticModel, call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  if (!callee) return false;
  const name = model.qualifiedName(callee);
  if (name && TASK_FACTORIES.has(name)) return true;
  const target = unparenthesize(callee);
  if (target.type !== 'attribute' || field(target, 'attribute')?.text !== 'create_task') return false;
  // A sync `create_task` of a workspace class that only builds something (an APScheduler job's callable, say)
  // starts no task; one that wraps `loop.create_task`/`ensure_future` does.
  const object = field(target, 'object');
  const owner = object ? model.classOfValue(object) : undefined;
  const methods = owner ? owner.model.methodDefinitions(owner.node, 'create_task') : undefined;
  if (!methods || methods.length === 0) return true;
  return methods.some((method) => isAsyncFunction(method.node) || /\b(create_task|ensure_future)\s*\(/.test(field(method.node, 'body')?.text ?? ''));
}

/** The loop or comprehension that repeats `node` per item (not one whose iterable or `else` holds it), within its function. */
function enclosingLoop(node: SyntaxNode): SyntaxNode | undefined {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'function_definition' || parent.type === 'lambda' || parent.type === 'class_definition') return undefined;
    if ((parent.type === 'for_statement' || parent.type === 'while_statement') && field(parent, 'body')?.id === child.id) return parent;
    if (COMPREHENSIONS.has(parent.type) && child.type !== 'for_in_clause') return parent;
  }
  return undefined;
}

function iterableOf(loop: SyntaxNode, model: SemanticModel): SyntaxNode | undefined {
  if (loop.type === 'for_statement') return field(loop, 'right') ?? undefined;
  if (loop.type === 'while_statement') return undefined;
  return namedChildren(loop)
    .filter((child) => child.type === 'for_in_clause')
    .map((clause) => field(clause, 'right'))
    .find((right): right is SyntaxNode => right !== null && iterableSize(model, right) === 'data');
}

function report(context: RuleContext, node: SyntaxNode, iterable: SyntaxNode): void {
  const text = iterable.text.replace(/\s+/g, ' ');
  context.report({
    code: 'AIO107',
    node,
    message: t(
      'Unbounded concurrency: this starts one task per item of `{0}`, all at once. Limit it with an `asyncio.Semaphore` (`async with sem:` around the work) or a fixed number of workers fed by an `asyncio.Queue`.',
      text.length > 40 ? `${text.slice(0, 37)}...` : text,
    ),
  });
}

/** `gather(*[f(x) for x in xs])`, `gather(*map(f, xs))`, `gather(*tasks)`; `as_completed` of the same. */
function checkFanIn(context: RuleContext): void {
  const { model } = context;
  for (const call of callsNamed(model, [...FAN_IN].map(lastSegment))) {
    const callee = field(call, 'function');
    const name = callee ? model.qualifiedName(callee) : undefined;
    // A gather built in sync code is handed to a caller, who decides how it runs.
    if (!name || !FAN_IN.has(name) || !model.isOnEventLoop(call)) continue;
    const argumentList = field(call, 'arguments');
    const collections =
      name === 'asyncio.gather'
        ? namedChildren(argumentList ?? call)
            .filter((child) => child.type === 'list_splat')
            .map((splat) => namedChildren(splat)[0])
        : [callArguments(call).positional[0]];
    for (const collection of collections) {
      const fanOut = collection ? collectionFanOut(model, collection) : undefined;
      if (!fanOut || insideLoop(call) || isLimited(model, call, fanOut.work)) continue;
      report(context, callee!, fanOut.iterable);
      break;
    }
  }
}

/** `for x in xs: tg.create_task(f(x))`, `[asyncio.create_task(f(x)) for x in xs]`. */
function checkTaskLoops(context: RuleContext): void {
  const { model } = context;
  for (const call of callsNamed(model, ['create_task', ...[...TASK_FACTORIES].map(lastSegment)])) {
    if (!isTaskCreation(model, call) || model.isAwaited(call) || !model.isOnEventLoop(call)) continue;
    const loop = enclosingLoop(call);
    if (!loop) continue;
    const iterable = iterableOf(loop, model);
    if (!iterable || iterableSize(model, iterable) !== 'data') continue;
    if (loopSuspends(loop) || insideLoop(loop)) continue;
    const first = callArguments(call).positional[0];
    if (first && wrapsItem(model, first, loop)) continue;
    const work = first ? innerCall(model, first) : undefined;
    if ((work && actsOnItem(work, loop)) || isLimited(model, call, work) || isService(model, work ?? (first && unparenthesize(first)))) continue;
    report(context, field(call, 'function')!, iterable);
  }
}

/**
 * `ensure_future(fut) for fut in futures`: the items are awaitables that already exist (the
 * caller's futures or coroutines, as in a gather-like utility); no new work is started per item.
 */
function wrapsItem(model: SemanticModel, element: SyntaxNode, loop: SyntaxNode): boolean {
  let node = unparenthesize(element);
  for (let depth = 0; depth < 3 && node.type === 'call'; depth++) {
    const callee = field(node, 'function');
    const name = callee ? model.qualifiedName(callee) : undefined;
    const first = callArguments(node).positional[0];
    if (!name || !WRAPPERS.has(name) || !first) return false;
    node = unparenthesize(first);
  }
  return node.type === 'identifier' && loopTargets(loop).has(node.text);
}

/** A `while` on the object's own run flag: `while self.running:`, `while not self._stopped:`. */
const RUN_FLAG = /^(?:not\s+)?self\.\w*(?:run|alive|active|enable|stop|clos|shut|start|live|connect)\w*$/i;

/**
 * One task per configured server, each a poller that runs `while True:` (or while its run flag is set) for the
 * program's life: a service per item, as many as the configuration names, not a burst of work items to throttle.
 * The loop is the coroutine's last statement, or stands in the `with` blocks that hold its resources.
 */
function isService(model: SemanticModel, work: SyntaxNode | undefined): boolean {
  const call = work?.type === 'identifier' ? assignedCall(model, work) : work;
  // A def by name or `self.method`, else a method of the workspace class the receiver is (`Probe(url).run()`).
  if (call?.type !== 'call') return false;
  const target = calledDefinition(model, call) ?? model.calledDefinition(field(call, 'function'))?.node;
  const candidates = target ? [target] : methodsNamedLike(model, call);
  return candidates.length > 0 && candidates.every(loopsForItsLife);
}

function loopsForItsLife(definition: SyntaxNode): boolean {
  let statements = namedChildren(field(definition, 'body') ?? definition);
  for (let depth = 0; depth < 4; depth++) {
    const loop = statements.find((statement) => isEndlessLoop(statement) || (statement.type === 'while_statement' && RUN_FLAG.test(unparenthesize(field(statement, 'condition') ?? statement).text)));
    if (loop) return true;
    const holder = statements.find((statement) => statement.type === 'with_statement' || isAsyncWith(statement));
    statements = holder ? namedChildren(field(holder, 'body') ?? holder) : [];
  }
  return false;
}

/**
 * `platform_class(config, item).start()`, the class picked at run time (`globals()[name]`, a registry): the module's
 * coroutine methods of that name, which the receiver's class has or inherits.
 */
function methodsNamedLike(model: SemanticModel, call: SyntaxNode): SyntaxNode[] {
  const callee = unparenthesize(field(call, 'function') ?? call);
  const attribute = callee.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
  const receiver = callee.type === 'attribute' ? field(callee, 'object') : null;
  if (!attribute || !receiver || model.typeOf(receiver) !== undefined) return [];
  return model.nodes('function_definition').filter((definition) => isMethod(definition) && isAsyncFunction(definition) && field(definition, 'name')?.text === attribute);
}

/** `coro = service.run()`, then `create_task(coro)`: the call the name was last given. */
function assignedCall(model: SemanticModel, name: SyntaxNode): SyntaxNode | undefined {
  const binding = model.lookup(name.text, name);
  const value = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
  return value?.type === 'call' ? value : undefined;
}

/**
 * A loop that awaits between task creations is paced by what it awaits: in doubt, not a burst. So is an `async for`,
 * whose items arrive one by one (a subscription's messages, a stream's lines).
 */
function loopSuspends(loop: SyntaxNode): boolean {
  if (isAsyncFor(loop)) return true;
  const body = loop.type === 'for_statement' ? field(loop, 'body') : loop;
  let found = false;
  if (body) {
    walkFrame(body, (node) => {
      if (isSuspension(node)) found = true;
      return !found;
    });
  }
  return found;
}

/**
 * AIO107: work fanned out over a data-sized collection with nothing limiting how many run at
 * once (seed chapter 6.1, "over-concurrency"), in an `async def`, where the items are new
 * coroutine calls (not existing tasks or futures, `shield(...)`, `to_thread(...)`). Conservative: any semaphore, queue, pool or
 * limit-like name in the function or in the coroutine function it fans out to silences it.
 */
export const unboundedConcurrency: Rule = {
  // Information by default: whether the collection can grow large is rarely known to the code (see the guide page).
  codes: [{ code: 'AIO107', title: 'Unbounded concurrency', defaultSeverity: 'information' }],
  check(context) {
    if (!context.isEnabled('AIO107')) return;
    checkFanIn(context);
    checkTaskLoops(context);
  },
};
