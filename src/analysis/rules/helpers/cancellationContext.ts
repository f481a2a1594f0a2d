import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { argument, callArguments, dottedText, field, isAsyncFunction, isAsyncWith, logicalParent, MAX_NESTING, namedChildren, outermostParenthesized, statements, unparenthesize } from '../../syntax';
import { parameterNames } from './argumentValues';
import { isDoneFuture, isWaitCall } from './doneFutures';
import { decoratorsOf, isMethod } from './functions';
import { isSuspension, walkFrame } from './suspension';
import { referencesTo } from './nameReferences';

/**
 * `task.cancel()` and then, in `body`, only awaits of that same `task`: the documented way to stop
 * a task and wait for it to end, where the CancelledError caught is the one `task` ends with.
 * `statement` is the `try` or `with` holding `body`; the `cancel()` may stand before it in the
 * same block or earlier in `body`. An await of a future known to be done (see `isDoneFuture`)
 * counts alike: it cannot suspend, so the CancelledError is the future's own. A loop over a list
 * collected from a collection of the object (`tasks = [op.task for op in self.operations.values()]`)
 * counts when a method of the class called before it takes each out of that collection and cancels it.
 */
export function awaitsOnlyCancelledTasks(body: SyntaxNode, statement: SyntaxNode): boolean {
  const cancelled = cancelledBefore(statement);
  collectTimedOut(statement, cancelled);
  let suspensions = 0;
  let onlyCancelled = true;
  walkFrame(body, (node) => {
    if (!onlyCancelled) return false;
    if (node.type === 'call') collectCancel(node, cancelled, true);
    if (!isSuspension(node)) return;
    suspensions++;
    const awaited = node.type === 'await' ? namedChildren(node)[0] : undefined;
    const gathered = awaited ? gatheredTasks(unparenthesize(awaited)) : undefined;
    const targets = gathered ?? (awaited ? [awaitedTask(unparenthesize(awaited))] : []);
    const ended =
      targets.length > 0 &&
      targets.every((target) => {
        const isTask = target.type === 'identifier' || target.type === 'attribute' || target.type === 'subscript';
        if (!isTask) return false;
        if (cancelled.has(target.text) || cancelledByItsClass(target) || cancelledByCallers(target)) return true;
        // `tasks = [op.task for op in self.operations.values()]`, then a method that pops and cancels each.
        const collected = collectedFrom(target, statement);
        return collected !== undefined && cancelled.has(collected);
      });
    if (!ended && !(!gathered && targets.length === 1 && isDoneFuture(targets[0]))) onlyCancelled = false;
    return false;
  });
  return onlyCancelled && suspensions > 0;
}

/**
 * What is cancelled before `statement` in its block, or before a loop or `with` around it
 * (`for t in pending: t.cancel()`, then `for t in pending: try: await t`, or the await under
 * `async with timeout(…)`), within its function. With `aliases`, also the locals assigned from a
 * cancelled task in those statements (`task = self.task` after `self.task.cancel()`).
 */
function cancelledBefore(statement: SyntaxNode, aliases = false): Set<string> {
  const cancelled = new Set<string>();
  const earlier: SyntaxNode[] = [];
  for (let node: SyntaxNode | null = statement; node && !isFrame(node); node = node.parent) {
    if (node.parent?.type !== 'block' && node.id !== statement.id) continue;
    for (let sibling = node.previousNamedSibling; sibling; sibling = sibling.previousNamedSibling) earlier.push(sibling);
  }
  for (const sibling of earlier) collectCancels(sibling, cancelled);
  if (!aliases) return cancelled;
  for (const sibling of earlier.sort((a, b) => a.startIndex - b.startIndex)) {
    const assignment = sibling.type === 'expression_statement' ? namedChildren(sibling)[0] : undefined;
    const left = assignment?.type === 'assignment' ? field(assignment, 'left') : null;
    const right = assignment ? field(assignment, 'right') : null;
    if (left?.type === 'identifier' && right && cancelled.has(unparenthesize(right).text)) cancelled.add(left.text);
  }
  return cancelled;
}

/**
 * A parameter of the function around `target` that every call of that function — `self.f(…)` in its
 * class for a method, `f(…)` in its module otherwise — is given a task cancelled just before, in the
 * caller, or a local assigned from one: `self.task.cancel()`, then `t = self.task`, then
 * `create_task(self._stop(t))`. The stop-a-task idiom split between the function that cancels and
 * the coroutine that waits for the task to end.
 */
function cancelledByCallers(target: SyntaxNode): boolean {
  if (target.type !== 'identifier') return false;
  let definition = target.parent;
  while (definition && definition.type !== 'function_definition') definition = definition.parent;
  const name = definition ? field(definition, 'name')?.text : undefined;
  if (!definition || !name) return false;
  const method = isMethod(definition);
  const parameters = parameterNames(definition);
  const index = parameters.indexOf(target.text);
  if (index < (method ? 1 : 0)) return false;
  let scope: SyntaxNode | null = definition;
  while (scope && scope.type !== (method ? 'class_definition' : 'module')) scope = scope.parent;
  const own = (scope ?? definition).descendantsOfType('call').filter((call) => callsByName(call, name, method));
  return (
    own.length > 0 &&
    own.every((call) => {
      const given = argument(callArguments(call), index - (method ? 1 : 0), target.text);
      return given !== undefined && cancelledBefore(call, true).has(unparenthesize(given).text);
    })
  );
}

/** `self.name(…)` for a method, `name(…)` for a function. */
function callsByName(call: SyntaxNode, name: string, method: boolean): boolean {
  const callee = field(call, 'function');
  if (!method) return callee?.type === 'identifier' && callee.text === name;
  return callee?.type === 'attribute' && field(callee, 'object')?.text === 'self' && field(callee, 'attribute')?.text === name;
}

function isFrame(node: SyntaxNode): boolean {
  return node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition';
}

/**
 * `try: await asyncio.wait_for(x, t) except TimeoutError: <statement>`: on timeout `wait_for` has
 * cancelled `x` and waited for it to end, so awaiting `x` again in the handler raises `x`'s own
 * CancelledError at once. Adds "x" for each handler of `TimeoutError` around `statement`.
 */
function collectTimedOut(statement: SyntaxNode, into: Set<string>): void {
  for (let node = statement.parent; node && node.type !== 'function_definition'; node = node.parent) {
    if (node.type !== 'except_clause' || !catchesTimeout(node)) continue;
    const body = node.parent?.type === 'try_statement' ? field(node.parent, 'body') : null;
    walkFrame(body ?? node, (child) => {
      if (child.type !== 'await') return;
      const awaited = namedChildren(child)[0];
      const waited = awaited ? awaitedTask(unparenthesize(awaited)) : undefined;
      if (waited && waited.id !== unparenthesize(awaited).id) into.add(waited.text);
    });
  }
}

function catchesTimeout(clause: SyntaxNode): boolean {
  return namedChildren(clause).some((part) => part.type !== 'block' && /(^|[^\w.])(asyncio\.)?TimeoutError\b/.test(part.text));
}

/** `asyncio.wait_for(task, timeout)` ends as `task` does when `task` was cancelled: the task it waits for. */
function awaitedTask(awaited: SyntaxNode): SyntaxNode {
  const callee = awaited.type === 'call' ? field(awaited, 'function') : null;
  const first = callee && /(^|\.)wait_for$/.test(callee.text) ? namedChildren(field(awaited, 'arguments') ?? awaited)[0] : undefined;
  return first && first.type !== 'keyword_argument' ? unparenthesize(first) : awaited;
}

/**
 * `asyncio.gather(t1, t2)`: it raises the CancelledError of a cancelled task it gathers (or, with
 * `return_exceptions=True`, returns it), so awaiting it after `t1.cancel(); t2.cancel()` is awaiting those
 * tasks. The positional arguments, when there is at least one and none is starred. Not `asyncio.wait({t})`:
 * it never raises its tasks' exceptions, so the only CancelledError it can raise is the caller's own.
 */
function gatheredTasks(awaited: SyntaxNode): SyntaxNode[] | undefined {
  const callee = awaited.type === 'call' ? field(awaited, 'function') : null;
  if (!callee || !/(^|\.)gather$/.test(callee.text)) return undefined;
  const args = callArguments(awaited);
  if (args.positional.length === 0 || args.hasSplat) return undefined;
  if ([...args.keywords.keys()].some((name) => name !== 'return_exceptions')) return undefined;
  return args.positional.map((item) => unparenthesize(item));
}

/**
 * `self.task` that another method of the class cancels (`self.task.cancel()` in its stop method):
 * the CancelledError awaiting it raises is the one that stop gave it. A cancel later in this same
 * method is no such thing, nor is an await in an `async with`, whose context may cancel the task itself.
 */
function cancelledByItsClass(target: SyntaxNode): boolean {
  const object = target.type === 'attribute' ? field(target, 'object') : null;
  if (object?.type !== 'identifier' || object.text !== 'self') return false;
  let method: SyntaxNode | null = target.parent;
  for (; method && method.type !== 'function_definition'; method = method.parent) {
    // The scope of an `async with` (a timeout, a task group) may be what cancelled this task.
    if (method.type === 'with_statement' && isAsyncWith(method)) return false;
  }
  let classNode = method?.parent ?? null;
  while (classNode && classNode.type !== 'class_definition' && classNode.type !== 'function_definition') classNode = classNode.parent;
  const body = classNode?.type === 'class_definition' ? field(classNode, 'body') : null;
  if (!body || !method) return false;
  const cancels = new Set<string>();
  for (const statement of namedChildren(body)) {
    const definition = statement.type === 'decorated_definition' ? field(statement, 'definition') : statement;
    if (definition?.type === 'function_definition' && definition.id !== method.id) collectCancels(definition, cancels, false);
  }
  return cancels.has(target.text);
}

function collectCancels(root: SyntaxNode, into: Set<string>, viaMethods = true): void {
  walkFrame(root, (node) => {
    if (node.type === 'call') collectCancel(node, into, viaMethods);
  });
  if (root.type === 'call') collectCancel(root, into, viaMethods);
}

/**
 * `x.cancel()` → "x"; `for t in pending: t.cancel()` after `_, pending = await asyncio.wait([a, b])`
 * → "a", "b"; `self.stop()` → what the method `stop` of the class cancels (one level deep).
 */
function collectCancel(call: SyntaxNode, into: Set<string>, viaMethods: boolean): void {
  const callee = field(call, 'function');
  if (callee?.type !== 'attribute') return;
  const receiver = field(callee, 'object');
  const name = field(callee, 'attribute')?.text;
  if (!receiver || !name) return;
  if (name !== 'cancel') {
    const method = viaMethods && receiver.type === 'identifier' && receiver.text === 'self' ? methodOfClass(call, name) : undefined;
    const body = method ? field(method, 'body') : null;
    if (body) {
      collectCancels(body, into, false);
      collectCollectionCancels(body, into);
    }
    return;
  }
  into.add(receiver.text);
  if (receiver.type === 'identifier') for (const waited of waitedThroughLoop(call, receiver.text)) into.add(waited);
}

/**
 * In a method's body, the tasks it cancels out of a collection of its object, as keys that a list
 * collected from that collection matches (see `collectedFrom`): `op = self.operations.pop(key)`
 * (or `self.operations[key]`, `.get(key)`), then `op.task.cancel()` → "[*self.operations].task";
 * `for t in self.tasks.values(): t.cancel()` → "[*self.tasks]".
 */
function collectCollectionCancels(body: SyntaxNode, into: Set<string>): void {
  const taken = new Map<string, string>();
  walkFrame(body, (node) => {
    if (node.type === 'assignment') {
      const left = field(node, 'left');
      const collection = left?.type === 'identifier' ? collectionTakenFrom(field(node, 'right')) : undefined;
      if (collection) taken.set(left!.text, collection);
    }
    if (node.type === 'for_statement') {
      const left = field(node, 'left');
      const collection = left?.type === 'identifier' ? selfCollection(field(node, 'right')) : undefined;
      if (collection) taken.set(left!.text, collection);
    }
    if (node.type !== 'call') return;
    const callee = field(node, 'function');
    const receiver = callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'cancel' ? field(callee, 'object') : null;
    if (receiver?.type === 'identifier' && taken.has(receiver.text)) into.add(`[*${taken.get(receiver.text)}]`);
    const owner = receiver?.type === 'attribute' ? field(receiver, 'object') : null;
    if (owner?.type === 'identifier' && taken.has(owner.text)) into.add(`[*${taken.get(owner.text)}].${field(receiver!, 'attribute')?.text}`);
  });
}

/** `self.x.pop(k)`, `self.x.get(k)`, `self.x[k]` → "self.x". */
function collectionTakenFrom(value: SyntaxNode | null): string | undefined {
  const expression = value ? unparenthesize(value) : undefined;
  if (expression?.type === 'subscript') return selfAttribute(field(expression, 'value'));
  const callee = expression?.type === 'call' ? field(expression, 'function') : null;
  const method = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
  return method === 'pop' || method === 'get' ? selfAttribute(field(callee!, 'object')) : undefined;
}

/** `self.x`, `self.x.values()`, `list(self.x.values())` → "self.x". */
function selfCollection(value: SyntaxNode | null): string | undefined {
  let expression = value ? unparenthesize(value) : undefined;
  if (expression?.type === 'call' && field(expression, 'function')?.text === 'list') expression = callArguments(expression).positional[0];
  if (expression?.type === 'call') {
    const callee = field(expression, 'function');
    if (callee?.type !== 'attribute' || field(callee, 'attribute')?.text !== 'values' || callArguments(expression).positional.length > 0) return undefined;
    expression = field(callee, 'object') ?? undefined;
  }
  return selfAttribute(expression ?? null);
}

function selfAttribute(node: SyntaxNode | null): string | undefined {
  return node?.type === 'attribute' && field(node, 'object')?.text === 'self' ? node.text : undefined;
}

/**
 * The key of the list a loop variable walks, when the list was collected from a collection of the
 * object before the loop: `tasks = [op.task for op in self.operations.values() if op.task]`, then
 * `for task in tasks:` → "[*self.operations].task"; `tasks = list(self.tasks.values())` → "[*self.tasks]".
 */
function collectedFrom(target: SyntaxNode, statement: SyntaxNode): string | undefined {
  if (target.type !== 'identifier') return undefined;
  let loop: SyntaxNode | null = statement.parent;
  while (loop && !isFrame(loop) && !(loop.type === 'for_statement' && field(loop, 'left')?.text === target.text)) loop = loop.parent;
  const list = loop?.type === 'for_statement' ? field(loop, 'right') : null;
  if (list?.type !== 'identifier') return undefined;
  for (let sibling = loop!.previousNamedSibling; sibling; sibling = sibling.previousNamedSibling) {
    const assignment = sibling.type === 'expression_statement' ? namedChildren(sibling)[0] : undefined;
    if (assignment?.type !== 'assignment' || field(assignment, 'left')?.text !== list.text) continue;
    const right = field(assignment, 'right');
    const value = right ? unparenthesize(right) : undefined;
    if (value?.type !== 'list_comprehension') {
      const collection = selfCollection(value ?? null);
      return collection ? `[*${collection}]` : undefined;
    }
    const [element, clause] = namedChildren(value);
    const variable = clause?.type === 'for_in_clause' ? field(clause, 'left') : null;
    const collection = clause?.type === 'for_in_clause' ? selfCollection(field(clause, 'right')) : undefined;
    if (!collection || variable?.type !== 'identifier') return undefined;
    if (element?.type === 'identifier' && element.text === variable.text) return `[*${collection}]`;
    if (element?.type === 'attribute' && field(element, 'object')?.text === variable.text) return `[*${collection}].${field(element, 'attribute')?.text}`;
    return undefined;
  }
  return undefined;
}

/** The `def name` of the class around `node`. */
function methodOfClass(node: SyntaxNode, name: string): SyntaxNode | undefined {
  let classNode = node.parent;
  while (classNode && classNode.type !== 'class_definition') classNode = classNode.parent;
  const body = classNode ? field(classNode, 'body') : null;
  for (const statement of body ? namedChildren(body) : []) {
    const definition = statement.type === 'decorated_definition' ? field(statement, 'definition') : statement;
    if (definition?.type === 'function_definition' && field(definition, 'name')?.text === name) return definition;
  }
  return undefined;
}

/**
 * `for t in pending: t.cancel()` where `_, pending = await asyncio.wait([a, b], …)` stands before
 * the loop in the same block: the names of the awaitables given to `wait` (any of them may be pending).
 */
function waitedThroughLoop(call: SyntaxNode, item: string): string[] {
  let loop = call.parent;
  while (loop && loop.type !== 'for_statement' && loop.type !== 'function_definition') loop = loop.parent;
  const collection = loop?.type === 'for_statement' && field(loop, 'left')?.text === item ? field(loop, 'right') : null;
  if (collection?.type !== 'identifier') return [];
  for (let sibling = loop!.previousNamedSibling; sibling; sibling = sibling.previousNamedSibling) {
    const assignment = sibling.type === 'expression_statement' ? namedChildren(sibling)[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const targets = namedChildren(field(assignment, 'left') ?? assignment);
    if (targets.length !== 2 || targets[1].text !== collection.text) continue;
    const right = field(assignment, 'right');
    const waited = right?.type === 'await' ? namedChildren(right)[0] : undefined;
    if (!isWaitCall(waited)) return [];
    const first = namedChildren(field(waited, 'arguments') ?? waited)[0];
    return first && (first.type === 'list' || first.type === 'set' || first.type === 'tuple') ? namedChildren(first).map((element) => element.text) : [];
  }
  return [];
}

/**
 * Calls of asyncio, anyio, trio and Home Assistant that run the coroutine they are given as a task of its own. A
 * `spawn` counts only in a module importing one of them (aiorpcx's and curio-style task groups over
 * asyncio): a runtime of its own (duet's scopes) may hand the task's outcome on otherwise.
 */
const TASK_STARTERS = new Set([
  'create_task', 'ensure_future', 'run', 'run_until_complete', 'run_coroutine_threadsafe', 'start_soon', 'start', 'gather',
  // Home Assistant's: `hass.async_create_task(coro)`, `entry.async_create_background_task(hass, coro, name)`.
  'async_create_task', 'async_create_background_task',
]);

/**
 * The `async def` around `node` when, in this module, it only ever runs as a task's top-level
 * coroutine: its calls are handed to `create_task(...)`/`ensure_future(...)`/`asyncio.run(...)`,
 * or the function itself is passed on (`start_background_task(self._run)`, in a module importing
 * asyncio, anyio or trio; elsewhere only to those starters), and it is never awaited or called
 * anywhere else. A cancellation it catches ends the task as finished, not as cancelled.
 */
export function taskEntryPoint(model: SemanticModel, node: SyntaxNode): SyntaxNode | undefined {
  const definition = model.enclosingFunction(node);
  const name = definition ? field(definition, 'name')?.text : undefined;
  if (!definition || !name) return undefined;
  // A method is reached through `self.name`/`cls.name`, a function by its bare name.
  const method = isMethod(definition);
  const passedOnIsTask = importsTaskRuntime(model);
  let asTask = 0;
  let otherwise = 0;
  for (const reference of model.nodes(method ? 'attribute' : 'identifier')) {
    if (method) {
      // `self.run()`, or `self.cycle.run()` on another object of the module: a method of that name.
      if (field(reference, 'attribute')?.text !== name) continue;
    } else if (reference.text !== name || isNameOfAttribute(reference) || field(definition, 'name')?.id === reference.id) {
      continue;
    }
    const use = classifyUse(reference, passedOnIsTask);
    if (use === 'task') asTask++;
    else if (use === 'other') otherwise++;
  }
  return asTask > 0 && otherwise === 0 ? definition : undefined;
}

/**
 * Decorators (their last name) that register a coroutine as a framework's handler, which the framework
 * runs as the top-level coroutine of a task per request, update or event: web routes (FastAPI, Starlette,
 * aiohttp, Quart, Sanic), aiogram's and python-telegram-bot's update handlers, Telethon's `client.on`,
 * discord.py's events, commands and listeners, Slack Bolt's listeners; and `on_*` (Pyrogram's
 * `on_message`, FastAPI's `on_event`).
 */
const HANDLER_DECORATORS = new Set([
  'get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'route', 'api_route', 'websocket',
  'message', 'callback_query', 'inline_query', 'chosen_inline_result', 'channel_post', 'edited_message',
  'edited_channel_post', 'my_chat_member', 'chat_member', 'chat_join_request', 'poll', 'poll_answer',
  'shipping_query', 'pre_checkout_query', 'errors', 'message_handler', 'callback_query_handler', 'inline_handler',
  'channel_post_handler', 'edited_message_handler', 'errors_handler', 'my_chat_member_handler', 'chat_member_handler',
  'on', 'event', 'command', 'hybrid_command', 'slash_command', 'listener', 'action', 'shortcut',
]);

/**
 * Calls that register a coroutine function they are given as a framework's handler: python-telegram-bot's
 * handler classes (`CallbackQueryHandler(callback, ...)`, `CommandHandler("start", callback)`), aiogram 2's
 * `dp.register_message_handler(callback)` and 3's `router.message.register(callback)`, Telethon's
 * `client.add_event_handler(callback, ...)`, discord.py's `bot.add_listener(callback)`.
 */
const REGISTERING_CALL = /(^|\.)([A-Z]\w*Handler|register(_\w+_handler)?|add_event_handler|add_listener)$/;

/** Where the framework finds the registered coroutine function among a registering call's arguments. */
function registeringCall(reference: SyntaxNode): string | undefined {
  const node = outermostParenthesized(reference);
  const argument = node.parent?.type === 'keyword_argument' ? node.parent : node;
  if (argument.type === 'keyword_argument' && field(argument, 'name')?.text !== 'callback') return undefined;
  const call = argument.parent?.type === 'argument_list' ? argument.parent.parent : undefined;
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  const text = callee ? dottedText(callee) : undefined;
  return text && REGISTERING_CALL.test(text) ? text : undefined;
}

/**
 * The `async def` around `node` when a framework runs it as the top-level coroutine of a task per request,
 * update or event, and nothing calls or awaits it: registered by a decorator (`@router.post("/login")`,
 * `@dp.message(...)`, `@client.on(events.NewMessage)`, `@bot.command()`; `decorator` is its text), or handed
 * only to registering calls, in its module or, through `elsewhere` (the other modules' references), in
 * others (`application.add_handler(CallbackQueryHandler(export_users))`; `registrar` is the call's callee).
 */
export function frameworkHandler(
  model: SemanticModel,
  node: SyntaxNode,
  elsewhere?: (definition: SyntaxNode) => readonly SyntaxNode[] | undefined,
): { handler: SyntaxNode; decorator?: string; registrar?: string } | undefined {
  const definition = model.enclosingFunction(node);
  const name = definition ? field(definition, 'name')?.text : undefined;
  if (!definition || !name || !isAsyncFunction(definition)) return undefined;
  const decorator = decoratorsOf(definition)
    .map((item) => namedChildren(item).find((child) => child.type !== 'comment'))
    .map((expression) => (expression && unparenthesize(expression).type === 'call' ? field(unparenthesize(expression), 'function') : expression))
    .find((callee) => {
      const last = callee && unparenthesize(callee).type === 'attribute' ? field(unparenthesize(callee), 'attribute')?.text : undefined;
      return last !== undefined && (HANDLER_DECORATORS.has(last) || /^on_\w+$/.test(last));
    });
  const method = isMethod(definition);
  const own = referencesTo(model, name).filter((reference) => reference.attribute === method && (method || model.lookup(name, reference.node)?.node.id === definition.id));
  if (decorator) return own.length === 0 ? { handler: definition, decorator: decorator.text } : undefined;
  if (method || !elsewhere || decoratorsOf(definition).length > 0) return undefined;
  const others = elsewhere(definition);
  const references = others ? [...own.map((reference) => reference.node), ...others] : [];
  const registrars = references.map(registeringCall);
  return references.length > 0 && registrars.every((registrar) => registrar) ? { handler: definition, registrar: registrars[0] } : undefined;
}

/**
 * The `async def` around `node` when every reference to it in its module awaits it as the last step of a
 * task entry point (`await self._receive_loop()` closing the body of `_manage_connection`, which only runs
 * as a task): when it returns, the task ends. Returns it with that entry point.
 */
export function lastStepOfTaskEntry(model: SemanticModel, node: SyntaxNode): { coroutine: SyntaxNode; entry: SyntaxNode } | undefined {
  const definition = model.enclosingFunction(node);
  const name = definition ? field(definition, 'name')?.text : undefined;
  if (!definition || !name || !isAsyncFunction(definition)) return undefined;
  const method = isMethod(definition);
  let entry: SyntaxNode | undefined;
  for (const reference of referencesTo(model, name)) {
    // A method is reached through `self.name`, a function by its bare name (as taskEntryPoint counts them).
    if (reference.attribute !== method) continue;
    if (!method && model.lookup(name, reference.node)?.node.id !== definition.id) continue;
    const statement = awaitedAsStatement(reference.node);
    const caller = statement ? model.enclosingFunction(statement) : undefined;
    if (!statement || !caller || caller.id === definition.id || !isLastStep(statement, caller)) return undefined;
    if (taskEntryPoint(model, statement)?.id !== caller.id) return undefined;
    entry ??= caller;
  }
  return entry ? { coroutine: definition, entry } : undefined;
}

/** `await f()` (or `await self.f()`) as a statement of its own: the statement, for the reference `f`. */
function awaitedAsStatement(reference: SyntaxNode): SyntaxNode | undefined {
  const call = logicalParent(reference);
  if (call?.type !== 'call' || field(call, 'function')?.id !== reference.id) return undefined;
  const awaited = logicalParent(call);
  const statement = awaited?.type === 'await' ? logicalParent(awaited) : undefined;
  return statement?.type === 'expression_statement' ? statement : undefined;
}

const STEP_HOLDERS = new Set(['try_statement', 'with_statement', 'if_statement']);
const CLAUSES = new Set(['except_clause', 'except_group_clause', 'finally_clause', 'else_clause', 'elif_clause']);

/**
 * Nothing of `caller` runs after `statement` but the clean-up of the statements around it: it is the last
 * statement of its block, up through `try` (without an `else`), `with` and `if` to the function's body.
 */
function isLastStep(statement: SyntaxNode, caller: SyntaxNode): boolean {
  const body = field(caller, 'body');
  let node = statement;
  for (let depth = 0; depth < MAX_NESTING; depth++) {
    const block = node.parent;
    const list = block?.type === 'block' ? statements(block) : [];
    if (!block || list[list.length - 1]?.id !== node.id) return false;
    if (block.id === body?.id) return true;
    let holder = block.parent;
    if (holder && CLAUSES.has(holder.type)) holder = holder.parent;
    if (!holder || !STEP_HOLDERS.has(holder.type)) return false;
    if (holder.type === 'try_statement' && field(holder, 'body')?.id === block.id && namedChildren(holder).some((child) => child.type === 'else_clause')) return false;
    node = holder;
  }
  return false;
}

function isNameOfAttribute(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  return parent?.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id;
}

/** asyncio, anyio or trio imported: a function handed to a registry of the module is likely started as their task. */
function importsTaskRuntime(model: SemanticModel): boolean {
  return [...model.importedNames().values()].some((name) => /^(asyncio|anyio|trio)(\.|$)/.test(name));
}

function classifyUse(reference: SyntaxNode, passedOnIsTask: boolean): 'task' | 'other' | 'ignored' {
  const parent = logicalParent(reference);
  if (parent?.type === 'call' && field(parent, 'function')?.id === reference.id) {
    // f(...) as an argument of a task starter, also one per item: `gather(*(f(x) for x in xs))`.
    const holder = itemsHolder(parent) ?? valueHolder(parent);
    const starter = holder?.type === 'argument_list' ? holder.parent : holder?.type === 'keyword_argument' ? holder.parent?.parent : undefined;
    if (starter?.type === 'call' && isTaskStarter(starter, passedOnIsTask)) return 'task';
    if (holder?.type === 'assignment') return usesOfAssigned(holder, (use) => use.type === 'argument_list' && use.parent?.type === 'call' && isTaskStarter(use.parent, passedOnIsTask));
    // `asyncio.wait([f(x) for x in xs])`, or `coros = [f(x), g(x)]` then `gather(*coros)`: each one a task.
    const collection = holder && COLLECTION_TYPES.has(holder.type) ? collectionHolder(holder, parent) : undefined;
    if (collection) return collection;
    // `await super().run()` in an override `run`: the override's own uses are counted under the same name.
    if (delegatesToBase(reference)) return 'ignored';
    // A statement `x.poll()` or a test `if x.poll() is None:` never runs a coroutine: a sync method of that name.
    return holder && onlyTested(parent, holder) ? 'ignored' : 'other';
  }
  if (parent?.type === 'argument_list' || parent?.type === 'keyword_argument') {
    const holder = parent.type === 'argument_list' ? parent.parent : parent.parent?.parent;
    return passedOnIsTask || (holder?.type === 'call' && isTaskStarter(holder, false)) ? 'task' : 'ignored';
  }
  // `def f`, `self.f = ...`, decorators and other mentions neither run it nor start it.
  return parent?.type === 'await' ? 'other' : 'ignored';
}

/**
 * The argument list that receives `call` as the element of a comprehension or generator it splats:
 * `gather(*(f(x) for x in xs))`, `gather(*[f(x) for x in xs])`.
 */
function itemsHolder(call: SyntaxNode): SyntaxNode | undefined {
  const items = logicalParent(call);
  if ((items?.type !== 'generator_expression' && items?.type !== 'list_comprehension') || namedChildren(items)[0]?.id !== call.id) return undefined;
  const splat = logicalParent(items);
  return splat?.type === 'list_splat' && splat.parent?.type === 'argument_list' ? splat.parent : undefined;
}

/**
 * What receives the value of `value`: its logical parent, looking through a conditional expression
 * of which it is a branch (`ensure_future(a() if c else b())` starts `a()` or `b()` as the task).
 */
function valueHolder(value: SyntaxNode): SyntaxNode | null {
  let node = value;
  let holder = logicalParent(node);
  while (holder?.type === 'conditional_expression' && namedChildren(holder)[1]?.id !== node.id) {
    node = holder;
    holder = logicalParent(node);
  }
  return holder;
}

/**
 * `coro = f(...)`: 'task' when the name is then only handed to what `starts` accepts (the argument list
 * of a task starter: `create_task(coro)`), 'ignored' when it is only tested (`changed = x.poll()`, then
 * `if changed:`), else 'other'.
 */
function usesOfAssigned(assignment: SyntaxNode, starts: (holder: SyntaxNode) => boolean): 'task' | 'other' | 'ignored' {
  const target = field(assignment, 'left');
  if (target?.type !== 'identifier') return 'other';
  let scope = assignment.parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  let started = 0;
  let other = 0;
  walkFrame(scope ?? assignment, (node) => {
    if (node.type !== 'identifier' || node.text !== target.text || node.id === target.id) return;
    const holder = logicalParent(node);
    if (holder && starts(holder)) started++;
    else if (!holder || !onlyTested(node, holder)) other++;
  });
  if (other > 0) return 'other';
  return started > 0 ? 'task' : 'ignored';
}

const COLLECTION_TYPES = new Set(['list', 'tuple', 'set', 'list_comprehension', 'generator_expression']);
/** Calls that run each coroutine of a collection they are given (directly, or splatted) as a task of its own. */
const COLLECTION_STARTERS = new Set(['wait', 'as_completed', 'gather']);

/**
 * What becomes of a list of coroutine calls (`[f(x) for x in xs]`, `[f(a), f(b)]`) that holds `call`:
 * 'task' when it goes straight to `asyncio.wait`/`as_completed`/`gather(*…)`, or is bound to a local
 * whose every use does (or only tests it); undefined otherwise.
 */
function collectionHolder(collection: SyntaxNode, call: SyntaxNode): 'task' | undefined {
  const isElement = collection.type === 'list_comprehension' || collection.type === 'generator_expression' ? namedChildren(collection)[0]?.id === call.id : true;
  if (!isElement) return undefined;
  const holder = logicalParent(collection);
  if (holder && startsEach(holder)) return 'task';
  return holder?.type === 'assignment' && usesOfAssigned(holder, startsEach) === 'task' ? 'task' : undefined;
}

/** `asyncio.wait(<here>)`, `asyncio.as_completed(<here>)`, `gather(*<here>)`. */
function startsEach(holder: SyntaxNode): boolean {
  const list = holder.type === 'list_splat' ? holder.parent : holder;
  const call = list?.type === 'argument_list' ? list.parent : undefined;
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  const last = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.text;
  if (!last || !COLLECTION_STARTERS.has(last)) return false;
  return last === 'gather' ? holder.type === 'list_splat' : holder.type !== 'list_splat';
}

/** `value` (whose logical parent is `holder`) is a statement of its own or only tested, never awaited nor handed on. */
function onlyTested(value: SyntaxNode, holder: SyntaxNode): boolean {
  if (holder.type === 'expression_statement') return true;
  if (holder.type === 'comparison_operator' || holder.type === 'not_operator') return true;
  const condition = holder.type === 'if_statement' || holder.type === 'elif_clause' || holder.type === 'while_statement' ? field(holder, 'condition') : null;
  return condition !== null && unparenthesize(condition).id === value.id;
}

/** `super().name` inside the method `name` of a subclass. */
function delegatesToBase(reference: SyntaxNode): boolean {
  const object = field(reference, 'object');
  const callee = object?.type === 'call' ? field(object, 'function') : null;
  if (callee?.type !== 'identifier' || callee.text !== 'super') return false;
  let method = reference.parent;
  while (method && method.type !== 'function_definition') method = method.parent;
  return method !== null && field(method, 'name')?.text === field(reference, 'attribute')?.text;
}

function isTaskStarter(call: SyntaxNode, spawnIsTask: boolean): boolean {
  const callee = field(call, 'function');
  const last = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.text;
  return last !== undefined && (TASK_STARTERS.has(last) || (spawnIsTask && last === 'spawn'));
}

/**
 * Whether catching the cancellation at `handler` ends the coroutine: the handler leaves with
 * `return`/`break`, its `try` is followed in its block by a `return` with no `break`/`continue`
 * before it, or its `try` is not inside a loop of the function (so nothing starts over).
 */
export function handlerEndsCoroutine(handler: SyntaxNode, tryStatement: SyntaxNode, definition: SyntaxNode): boolean {
  let leaves = false;
  walkFrame(handler, (node) => {
    if (node.type === 'return_statement' || node.type === 'break_statement') leaves = true;
    return !leaves;
  });
  return leaves || endsCoroutineAfter(tryStatement, definition) || clearsLoopFlag(handler, tryStatement, definition);
}

/**
 * `while run: try: ... except CancelledError: run = False`: the handler clears the flag of the loop around the `try`,
 * and the coroutine ends after that loop.
 */
function clearsLoopFlag(handler: SyntaxNode, tryStatement: SyntaxNode, definition: SyntaxNode): boolean {
  let loop = tryStatement.parent;
  while (loop && loop.id !== definition.id && loop.type !== 'while_statement' && loop.type !== 'for_statement') loop = loop.parent;
  if (!loop || loop.type !== 'while_statement') return false;
  const flag = field(loop, 'condition');
  if (!flag || (flag.type !== 'identifier' && flag.type !== 'attribute')) return false;
  const body = field(handler, 'body') ?? namedChildren(handler).find((child) => child.type === 'block') ?? null;
  const clears = statements(body).some((statement) => {
    const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    return assignment?.type === 'assignment' && field(assignment, 'left')?.text === flag.text && field(assignment, 'right')?.type === 'false';
  });
  return clears && endsCoroutineAfter(loop, definition);
}

/** After `statement`, its coroutine `definition` runs to its end: a `return` follows it, or no loop holds it. */
export function endsCoroutineAfter(statement: SyntaxNode, definition: SyntaxNode): boolean {
  if (returnsAfter(statement)) return true;
  for (let node = statement.parent; node && node.id !== definition.id; node = node.parent) {
    if (node.type === 'for_statement' || node.type === 'while_statement') return false;
  }
  return true;
}

const LOOP_JUMPS = new Set(['break_statement', 'continue_statement']);

/** A `return` among the statements after `statement` in its block, reached with no `break`/`continue` that could resume a loop. */
function returnsAfter(statement: SyntaxNode): boolean {
  for (let next = statement.nextNamedSibling; next; next = next.nextNamedSibling) {
    if (next.type === 'return_statement') return true;
    let jumps = LOOP_JUMPS.has(next.type);
    walkFrame(next, (node) => {
      if (LOOP_JUMPS.has(node.type)) jumps = true;
      return !jumps;
    });
    if (jumps) return false;
  }
  return false;
}

/**
 * The coroutine function holding `node`, when every reference to it in its module calls it as the
 * argument of `asyncio.shield(...)` (at least one): it then only runs as the shield's inner task,
 * which nothing else holds, so no caller's cancellation reaches it — a `CancelledError` it catches
 * comes from what it awaits itself. A method counts by any attribute of its name; a reference in
 * another module cannot be seen.
 */
export function onlyShielded(model: SemanticModel, node: SyntaxNode): SyntaxNode | undefined {
  if (!mentionsShield(model)) return undefined;
  const definition = model.asyncContext(node);
  const name = definition ? field(definition, 'name')?.text : undefined;
  if (!definition || !name) return undefined;
  const method = isMethod(definition);
  let shielded = 0;
  for (const reference of referencesTo(model, name)) {
    if (!method && reference.attribute) continue;
    if (method !== reference.attribute) return undefined;
    if (!method && model.lookup(name, reference.node)?.node.id !== definition.id) continue;
    const call = logicalParent(reference.node);
    const list = call?.type === 'call' && field(call, 'function')?.id === reference.node.id ? logicalParent(call) : null;
    const shield = list?.type === 'argument_list' ? list.parent : null;
    if (shield?.type !== 'call' || callArguments(shield).positional[0]?.id !== call!.id || !model.callTargets(shield).includes('asyncio.shield')) return undefined;
    shielded++;
  }
  return shielded > 0 ? definition : undefined;
}

const shieldingModels = new WeakMap<SemanticModel, boolean>();

/** Most modules shield nothing: their handlers need no search of the module (one search per handler is quadratic). */
function mentionsShield(model: SemanticModel): boolean {
  let mentions = shieldingModels.get(model);
  if (mentions === undefined) shieldingModels.set(model, (mentions = model.syntax.source.includes('shield')));
  return mentions;
}
