import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { field, logicalParent, namedChildren, unparenthesize } from '../../syntax';
import { isMethod } from './functions';
import { isSuspension, walkFrame } from './suspension';

/**
 * `task.cancel()` and then, in `body`, only awaits of that same `task`: the documented way to stop
 * a task and wait for it to end, where the CancelledError caught is the one `task` ends with.
 * `statement` is the `try` or `with` holding `body`; the `cancel()` may stand before it in the
 * same block or earlier in `body`.
 */
export function awaitsOnlyCancelledTasks(body: SyntaxNode, statement: SyntaxNode): boolean {
  const cancelled = new Set<string>();
  for (let sibling = statement.previousNamedSibling; sibling; sibling = sibling.previousNamedSibling) collectCancels(sibling, cancelled);
  let suspensions = 0;
  let onlyCancelled = true;
  walkFrame(body, (node) => {
    if (!onlyCancelled) return false;
    if (node.type === 'call') collectCancel(node, cancelled);
    if (!isSuspension(node)) return;
    suspensions++;
    const awaited = node.type === 'await' ? namedChildren(node)[0] : undefined;
    const target = awaited ? unparenthesize(awaited) : undefined;
    if (!target || !(target.type === 'identifier' || target.type === 'attribute' || target.type === 'subscript') || !cancelled.has(target.text)) onlyCancelled = false;
    return false;
  });
  return onlyCancelled && suspensions > 0;
}

function collectCancels(root: SyntaxNode, into: Set<string>): void {
  walkFrame(root, (node) => {
    if (node.type === 'call') collectCancel(node, into);
  });
  if (root.type === 'call') collectCancel(root, into);
}

/** `x.cancel()` → "x". */
function collectCancel(call: SyntaxNode, into: Set<string>): void {
  const callee = field(call, 'function');
  if (callee?.type !== 'attribute' || field(callee, 'attribute')?.text !== 'cancel') return;
  const receiver = field(callee, 'object');
  if (receiver) into.add(receiver.text);
}

const SELF_NAMES = new Set(['self', 'cls']);

/** Calls that run the coroutine they are given as a task of its own. */
const TASK_STARTERS = new Set(['create_task', 'ensure_future', 'run', 'run_until_complete', 'run_coroutine_threadsafe', 'start_soon', 'spawn']);

/**
 * The `async def` around `node` when, in this module, it only ever runs as a task's top-level
 * coroutine: its calls are handed to `create_task(...)`/`ensure_future(...)`/`asyncio.run(...)`,
 * or the function itself is passed on (`start_background_task(self._run)`), and it is never awaited
 * or called anywhere else. A cancellation it catches ends the task as finished, not as cancelled.
 */
export function taskEntryPoint(model: SemanticModel, node: SyntaxNode): SyntaxNode | undefined {
  const definition = model.enclosingFunction(node);
  const name = definition ? field(definition, 'name')?.text : undefined;
  if (!definition || !name) return undefined;
  // A method is reached through `self.name`/`cls.name`, a function by its bare name.
  const method = isMethod(definition);
  let asTask = 0;
  let otherwise = 0;
  for (const reference of model.nodes(method ? 'attribute' : 'identifier')) {
    if (method) {
      const receiver = field(reference, 'object');
      if (field(reference, 'attribute')?.text !== name || receiver?.type !== 'identifier' || !SELF_NAMES.has(receiver.text)) continue;
    } else if (reference.text !== name || isNameOfAttribute(reference) || field(definition, 'name')?.id === reference.id) {
      continue;
    }
    const use = classifyUse(reference);
    if (use === 'task') asTask++;
    else if (use === 'other') otherwise++;
  }
  return asTask > 0 && otherwise === 0 ? definition : undefined;
}

function isNameOfAttribute(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  return parent?.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id;
}

function classifyUse(reference: SyntaxNode): 'task' | 'other' | 'ignored' {
  const parent = logicalParent(reference);
  if (parent?.type === 'call' && field(parent, 'function')?.id === reference.id) {
    // f(...) as an argument of a task starter.
    const holder = logicalParent(parent);
    const starter = holder?.type === 'argument_list' ? holder.parent : holder?.type === 'keyword_argument' ? holder.parent?.parent : undefined;
    return starter?.type === 'call' && isTaskStarter(starter) ? 'task' : 'other';
  }
  if (parent?.type === 'argument_list' || parent?.type === 'keyword_argument') return 'task';
  // `def f`, `self.f = ...`, decorators and other mentions neither run it nor start it.
  return parent?.type === 'await' ? 'other' : 'ignored';
}

function isTaskStarter(call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  const last = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.text;
  return last !== undefined && TASK_STARTERS.has(last);
}

/**
 * Whether catching the cancellation at `handler` ends the coroutine: the handler leaves with
 * `return`/`break`, or its `try` is not inside a loop of the function (so nothing starts over).
 */
export function handlerEndsCoroutine(handler: SyntaxNode, tryStatement: SyntaxNode, definition: SyntaxNode): boolean {
  let leaves = false;
  walkFrame(handler, (node) => {
    if (node.type === 'return_statement' || node.type === 'break_statement') leaves = true;
    return !leaves;
  });
  if (leaves) return true;
  for (let node = tryStatement.parent; node && node.id !== definition.id; node = node.parent) {
    if (node.type === 'for_statement' || node.type === 'while_statement') return false;
  }
  return true;
}
