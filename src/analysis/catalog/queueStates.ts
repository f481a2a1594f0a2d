import type { SyntaxNode } from '../parser';
import { walkOwnFrame } from '../semantic/references';
import type { SemanticModel } from '../semantic/model';
import { argument, callArguments, field, MAX_NESTING, namedChildren, statements, unparenthesize } from '../syntax';

const compact = (node: SyntaxNode): string => node.text.replace(/\s+/g, '');
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `not q.empty()`, `q.qsize()`, `q.qsize() > 0`, `q.qsize() >= n`, `q.qsize() == n` (n ≥ 1): the queue holds an item. */
function testsNonEmpty(condition: SyntaxNode | null, queue: string): boolean {
  if (!condition) return false;
  const q = escape(queue);
  return new RegExp(`^(not${q}\\.empty\\(\\)|${q}\\.qsize\\(\\)(>0|!=0|>=[1-9]\\d*|==[1-9]\\d*)?)$`).test(compact(unparenthesize(condition)));
}

/** `while q.empty(): …` with no `break`: once past it, the queue holds an item. */
function waitsUntilNonEmpty(statement: SyntaxNode, queue: string): boolean {
  const condition = statement.type === 'while_statement' ? field(statement, 'condition') : null;
  if (!condition || compact(unparenthesize(condition)) !== `${queue}.empty()` || field(statement, 'alternative')) return false;
  return !containsAny(statement, ['break_statement']);
}

function containsAny(root: SyntaxNode, types: string[]): boolean {
  let found = false;
  walkOwnFrame(root, (node) => {
    found ||= types.includes(node.type);
    return !found;
  });
  return found;
}

/** A statement after which the queue holds an item: `assert not q.empty()`, `while q.empty(): await …`. */
function establishesNonEmpty(statement: SyntaxNode, queue: string): boolean {
  if (statement.type === 'assert_statement') return testsNonEmpty(namedChildren(statement)[0] ?? null, queue);
  return waitsUntilNonEmpty(statement, queue);
}

/**
 * True when a test of the same queue in the same function dominates the call: it sits in the body of
 * `while not q.empty():` / `if q.qsize():`, or follows `while q.empty(): await …` / `assert q.qsize() == 3`
 * with no `await` in between (no other task can take the item first).
 */
function dominatedByNonEmptiness(call: SyntaxNode, queue: string): boolean {
  let child = call;
  for (let node = call.parent, depth = 0; node && depth < MAX_NESTING * 4; child = node, node = node.parent, depth++) {
    if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') return false;
    const inBody = field(node, 'body')?.id === child.id || field(node, 'consequence')?.id === child.id;
    if ((node.type === 'while_statement' || node.type === 'if_statement') && inBody && testsNonEmpty(field(node, 'condition'), queue)) return true;
    if (node.type !== 'block') continue;
    const list = statements(node);
    for (let index = list.findIndex((statement) => statement.id === child.id) - 1; index >= 0; index--) {
      if (establishesNonEmpty(list[index], queue)) return true;
      // Another task, or an earlier `get`, may take the item first.
      if (containsAny(list[index], ['await', 'yield']) || compact(list[index]).includes(`${queue}.get(`)) return false;
    }
  }
  return false;
}

/** Queue classes by family: `put` on one built without a positive `maxsize` never waits. */
const QUEUE_CLASSES = {
  /** `multiprocessing.get_context(…).Queue()` is a `multiprocessing.Queue`. */
  thread: new Set(['queue.Queue', 'queue.LifoQueue', 'queue.PriorityQueue', 'multiprocessing.context.BaseContext.Queue']),
  asyncio: new Set(['asyncio.Queue', 'asyncio.LifoQueue', 'asyncio.PriorityQueue', 'asyncio.queues.Queue', 'asyncio.queues.LifoQueue', 'asyncio.queues.PriorityQueue']),
};

export type QueueFamily = keyof typeof QUEUE_CLASSES;

/**
 * `q.put(…)` where every assignment of `q` (a name, or `self.q` in the class), or every argument the
 * module's calls pass for a parameter `q`, builds a queue of the family without a `maxsize` (or with
 * 0 or less): the queue is unbounded, so `put` returns at once (an asyncio queue's `put` never suspends).
 */
export function putsOnUnboundedQueue(call: SyntaxNode, model: SemanticModel, family: QueueFamily): boolean {
  const callee = field(call, 'function');
  const receiver = callee?.type === 'attribute' ? field(callee, 'object') : undefined;
  return receiver !== null && receiver !== undefined && holdsUnboundedQueue(receiver, model, QUEUE_CLASSES[family], 0);
}

function holdsUnboundedQueue(expression: SyntaxNode, model: SemanticModel, classes: ReadonlySet<string>, depth: number): boolean {
  const values = model.assignedValues(expression).map(lastAssigned);
  if (values.length === 0) {
    const passed = depth < 2 ? argumentsForParameter(expression, model) : undefined;
    return passed !== undefined && passed.length > 0 && passed.every((value) => holdsUnboundedQueue(value, model, classes, depth + 1) || isUnboundedQueue(unparenthesize(value), model, classes));
  }
  const queues = values.filter((value) => value.type !== 'none');
  return queues.length > 0 && queues.every((value) => isUnboundedQueue(value, model, classes));
}

/** `self.q = q = Queue()`: the value at the end of a chained assignment. */
function lastAssigned(value: SyntaxNode): SyntaxNode {
  let node = unparenthesize(value);
  for (let depth = 0; node.type === 'assignment' && depth < 8; depth++) node = unparenthesize(field(node, 'right') ?? node);
  return node;
}

function isUnboundedQueue(value: SyntaxNode, model: SemanticModel, classes: ReadonlySet<string>): boolean {
  if (value.type !== 'call' || !model.callTargets(value).some((target) => classes.has(target))) return false;
  const maxsize = argument(callArguments(value), 0, 'maxsize');
  return !maxsize || /^(0|-\s*\d+)$/.test(unparenthesize(maxsize).text);
}

/**
 * `q.get()` that cannot wait: a non-emptiness test of the same queue dominates it in its function, or
 * it is in a method whose every call in the class (`self.take()`) is so dominated (for `self.q`).
 */
export function getsFromNonEmptyQueue(call: SyntaxNode, model: SemanticModel): boolean {
  const callee = field(call, 'function');
  const receiver = callee?.type === 'attribute' ? field(callee, 'object') : null;
  if (!receiver || (receiver.type !== 'identifier' && receiver.type !== 'attribute')) return false;
  const queue = compact(receiver);
  if (dominatedByNonEmptiness(call, queue)) return true;
  if (!queue.startsWith('self.')) return false;
  const method = model.enclosingFunction(call);
  const name = method ? field(method, 'name')?.text : undefined;
  const classBody = method?.parent?.type === 'block' && method.parent.parent?.type === 'class_definition' ? method.parent : undefined;
  if (!name || !classBody) return false;
  const uses = selfReferences(classBody, name);
  return uses.length > 0 && uses.every((use) => use.parent?.type === 'call' && field(use.parent, 'function')?.id === use.id && dominatedByNonEmptiness(use.parent, queue));
}

/** Every `self.name` in the class body. */
export function selfReferences(classBody: SyntaxNode, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const pending = [classBody];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'attribute' && compact(node) === `self.${name}`) found.push(node);
    for (const child of namedChildren(node)) pending.push(child);
  }
  return found;
}

/**
 * What the module's calls pass for the parameter `name` of a function: `run(q=self.q)`,
 * `self.run(q)`, `functools.partial(self.run, q=self.q)`, the default where a call leaves it out.
 * Undefined when the function is referenced other than by such calls, or one of them may not pass it.
 */
export function argumentsForParameter(expression: SyntaxNode, model: SemanticModel): SyntaxNode[] | undefined {
  const node = unparenthesize(expression);
  const binding = node.type === 'identifier' ? model.lookup(node.text, node) : undefined;
  const owner = binding?.kind === 'parameter' ? binding.owner : undefined;
  const name = owner ? field(owner, 'name')?.text : undefined;
  if (!binding || !owner || !name) return undefined;
  const parameters = namedChildren(field(owner, 'parameters') ?? owner).filter((parameter) => parameter.type !== 'comment');
  const position = parameters.findIndex((parameter) => parameter.id === binding.node.id || parameter.id === binding.node.parent?.id);
  if (position < 0 || parameters.some((parameter) => parameter.type === 'list_splat_pattern' || parameter.type === 'dictionary_splat_pattern')) return undefined;
  const holder = owner.parent?.type === 'decorated_definition' ? owner.parent : owner;
  const isMethod = holder.parent?.type === 'block' && holder.parent.parent?.type === 'class_definition';
  const scope = isMethod ? holder.parent! : model.root;
  const references = isMethod ? selfReferences(scope, name) : identifiersNamed(scope, name, holder);
  const parameter = parameters[position];
  const fallback = parameter.type.endsWith('default_parameter') ? field(parameter, 'value') : null;
  const values: SyntaxNode[] = [];
  for (const reference of references) {
    const value = passedAt(reference, binding.name, position - (isMethod ? 1 : 0), model);
    if (value === undefined) return undefined;
    // Left out: the default.
    if (value === null && !fallback) return undefined;
    values.push(value ?? fallback!);
  }
  return values;
}

/**
 * The argument for a parameter at a reference that calls the function, or wraps it in `functools.partial`;
 * null when the call leaves it out, undefined when the reference does something else.
 */
function passedAt(reference: SyntaxNode, keyword: string, position: number, model: SemanticModel): SyntaxNode | null | undefined {
  const parent = reference.parent;
  let call: SyntaxNode | undefined;
  let skipped = 0;
  if (parent?.type === 'call' && field(parent, 'function')?.id === reference.id) call = parent;
  else if (parent?.type === 'argument_list' && parent.parent?.type === 'call' && namedChildren(parent)[0]?.id === reference.id) {
    const wrapper = parent.parent;
    if (!model.callTargets(wrapper).includes('functools.partial')) return undefined;
    call = wrapper;
    skipped = 1;
  }
  if (!call) return undefined;
  const args = callArguments(call);
  if (args.hasSplat) return undefined;
  // What a partial leaves out, its own caller may still pass.
  return args.keywords.get(keyword) ?? args.positional[position + skipped] ?? (skipped ? undefined : null);
}

/** Identifiers `name` in the tree outside the definition itself. */
function identifiersNamed(root: SyntaxNode, name: string, definition: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.id === definition.id) continue;
    if (node.type === 'identifier' && node.text === name) found.push(node);
    for (const child of namedChildren(node)) pending.push(child);
  }
  return found;
}
