import type { SyntaxNode } from '../../parser';
import type { Definition, SemanticModel } from '../../semantic/model';
import { field, isAsyncFor, namedChildren, unparenthesize } from '../../syntax';
import { hasDecorator, soleReturnValue } from './functions';
import { resolveDefinition } from './calledHelper';
import { walkFrame } from './suspension';

/**
 * Context managers whose late exit holds no resource, for ASYNC119: a workspace `@contextmanager`
 * that only logs, counts or reads clocks around its `yield` ('bookkeeping'), and a tenacity retry
 * attempt or a workspace class that only delegates to one ('attempt').
 */
export type QuietKind = 'bookkeeping' | 'attempt';

const CONTEXTMANAGER = new Set(['contextlib.contextmanager']);
/** Logger methods (on `logging`, or on a receiver named like a logger: `log`, `logger`, `_log`, `self.LOGGER`, `audit_log`). */
const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log']);
/** Calls that only read a clock, read the caller's frame to name it, or build a value. */
const QUIET_CALLS = new Set([
  'time.time', 'time.time_ns', 'time.monotonic', 'time.monotonic_ns', 'time.perf_counter', 'time.perf_counter_ns',
  'time.process_time', 'time.process_time_ns', 'time.thread_time', 'time.thread_time_ns',
  'datetime.datetime.now', 'datetime.datetime.utcnow', 'inspect.stack', 'inspect.currentframe',
  'builtins.print', 'builtins.str', 'builtins.repr', 'builtins.len', 'builtins.type', 'builtins.int', 'builtins.float',
  'builtins.round', 'builtins.format', 'builtins.isinstance', 'builtins.getattr', 'builtins.hasattr', 'builtins.id',
  'builtins.bool',
]);
/** Statements a bookkeeping context manager may consist of (besides `try`, whose handlers are checked apart). */
const QUIET_STATEMENTS = new Set([
  'block', 'expression_statement', 'assignment', 'augmented_assignment', 'if_statement', 'elif_clause', 'else_clause',
  'pass_statement', 'finally_clause', 'try_statement',
]);
/** tenacity's iterators, whose items are `AttemptManager`s. */
const TENACITY_RETRYING = new Set(['tenacity.Retrying', 'tenacity.AsyncRetrying', 'tenacity.asyncio.AsyncRetrying', 'tenacity.TornadoRetrying']);
const MAX_DEPTH = 4;

/** What kind of quiet context manager `with <item>` enters, if it is one. */
export function quietContext(model: SemanticModel, item: SyntaxNode): QuietKind | undefined {
  const value = unparenthesize(item);
  if (value.type === 'call') {
    const callee = field(value, 'function');
    const definition = callee ? resolveDefinition(model, unparenthesize(callee))?.definition : undefined;
    if (definition?.node.type === 'function_definition' && onlyBookkeeping(definition)) return 'bookkeeping';
    return undefined;
  }
  return isAttempt(model, value, 0) ? 'attempt' : undefined;
}

/** `@contextmanager def log(...)`: one `yield`, and around it only logging, counters, clocks and local names. */
function onlyBookkeeping({ model, node }: Definition): boolean {
  if (node.firstChild?.type === 'async' || !hasDecorator(model, node, CONTEXTMANAGER)) return false;
  const body = field(node, 'body');
  if (!body) return false;
  let yields = 0;
  let quiet = true;
  walkFrame(body, (child) => {
    if (!quiet) return false;
    if (child.type === 'comment') return false;
    if (child.type === 'yield') {
      yields++;
      if (child.parent?.type !== 'expression_statement') quiet = false;
      return quiet;
    }
    if (child.type.endsWith('_statement') || child.type.endsWith('_clause') || child.type === 'block' || child.type === 'assignment' || child.type === 'augmented_assignment') {
      if (!QUIET_STATEMENTS.has(child.type)) quiet = false;
      // Only local names are assigned; a counter may be stepped anywhere (`self.calls[name] += 1`).
      if (child.type === 'assignment' && !assignsLocals(field(child, 'left'))) quiet = false;
      if (child.type === 'augmented_assignment' && !['+=', '-='].includes(field(child, 'operator')?.type ?? '')) quiet = false;
      return quiet;
    }
    if (child.type === 'call' && !isQuietCall(model, child)) quiet = false;
    if (child.type === 'lambda' || child.type === 'await') quiet = false;
    return quiet;
  });
  return quiet && yields === 1;
}

function assignsLocals(target: SyntaxNode | null): boolean {
  if (!target) return false;
  if (target.type === 'identifier') return true;
  if (target.type === 'pattern_list' || target.type === 'tuple_pattern') return namedChildren(target).every((child) => assignsLocals(child));
  return false;
}

function isQuietCall(model: SemanticModel, call: SyntaxNode): boolean {
  if (model.callTargets(call).some((name) => QUIET_CALLS.has(name) || /^logging\.\w+$/.test(name))) return true;
  const callee = unparenthesize(field(call, 'function') ?? call);
  if (callee.type !== 'attribute' || !LOG_METHODS.has(field(callee, 'attribute')?.text ?? '')) return false;
  const receiver = field(callee, 'object');
  const last = receiver?.type === 'attribute' ? field(receiver, 'attribute') : receiver;
  return last?.type === 'identifier' && /(^|_)(log|logger)$/i.test(last.text);
}

/** A tenacity `AttemptManager`, or a workspace class whose `__enter__`/`__exit__` only delegate to one. */
function isAttempt(model: SemanticModel, value: SyntaxNode, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (isAttemptManagerType(model.typeOf(value))) return true;
  if (value.type === 'identifier') {
    const binding = model.lookup(value.text, value);
    if (binding?.kind === 'loop' && binding.iterable) {
      const iterable = unparenthesize(binding.iterable);
      if (iterable.type === 'call' && model.callTargets(iterable).some((name) => TENACITY_RETRYING.has(name))) return true;
      const loop = enclosingFor(binding.node);
      const owner = classOf(model, iterable, depth + 1);
      const step = owner?.model.methodDefinitions(owner.node, loop && isAsyncFor(loop) ? '__anext__' : '__next__')?.at(-1);
      const item = step ? returnedClass(step) : undefined;
      return !!item && delegatesToAttempt(item);
    }
  }
  const owner = classOf(model, value, depth + 1);
  return !!owner && delegatesToAttempt(owner);
}

function isAttemptManagerType(type: string | undefined): boolean {
  return !!type && type.startsWith('tenacity.') && type.endsWith('.AttemptManager');
}

function enclosingFor(node: SyntaxNode): SyntaxNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.type === 'for_statement') return parent;
  return undefined;
}

/** The workspace class of a value: as the model knows it, or what a workspace function or method is annotated to return. */
function classOf(model: SemanticModel, value: SyntaxNode, depth: number): Definition | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unparenthesize(value);
  const known = model.classOfValue(node);
  if (known) return known;
  if (node.type === 'identifier') {
    const binding = model.lookup(node.text, node);
    return binding?.kind === 'assignment' && binding.value ? classOf(model, binding.value, depth + 1) : undefined;
  }
  if (node.type !== 'call') return undefined;
  const callee = unparenthesize(field(node, 'function') ?? node);
  let called = resolveDefinition(model, callee)?.definition;
  if (!called && callee.type === 'attribute') {
    // `Class.factory(...)`: a classmethod of a workspace class; `obj.method(...)`: a method of its class.
    const object = field(callee, 'object');
    const name = field(callee, 'attribute')?.text;
    const owner = object ? (model.definitionOf(object) ?? classOf(model, object, depth + 1)) : undefined;
    called = owner?.node.type === 'class_definition' && name ? owner.model.methodDefinitions(owner.node, name)?.at(-1) : undefined;
  }
  return called?.node.type === 'function_definition' ? returnedClass(called) : undefined;
}

function returnedClass({ model, node }: Definition): Definition | undefined {
  let annotation = field(node, 'return_type');
  if (annotation?.type === 'type') annotation = namedChildren(annotation)[0] ?? null;
  const found = annotation?.type === 'identifier' || annotation?.type === 'attribute' ? model.definitionOf(annotation) : undefined;
  return found?.node.type === 'class_definition' ? found : undefined;
}

/** `def __enter__(self): return self.a.__enter__()` and `def __exit__(self, *e): return self.a.__exit__(*e)`, `self.a` an AttemptManager. */
function delegatesToAttempt({ model, node }: Definition): boolean {
  const enter = model.methodDefinitions(node, '__enter__')?.at(-1);
  const exit = model.methodDefinitions(node, '__exit__')?.at(-1);
  if (!enter || !exit || enter.model !== model || exit.model !== model) return false;
  const first = delegatedAttribute(enter.node, '__enter__');
  const second = delegatedAttribute(exit.node, '__exit__');
  if (!first || first !== second) return false;
  return isAttemptManagerType(model.memberType(node, first) ?? annotatedMember(model, node, first));
}

/** The attribute `a` of a method whose body is only `return self.a.<method>(...)` (a docstring aside). */
function delegatedAttribute(definition: SyntaxNode, method: string): string | undefined {
  const call = soleReturnValue(definition);
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  if (callee?.type !== 'attribute' || field(callee, 'attribute')?.text !== method) return undefined;
  const delegate = field(callee, 'object');
  const self = delegate?.type === 'attribute' ? field(delegate, 'object') : null;
  return self?.type === 'identifier' && self.text === 'self' ? field(delegate!, 'attribute')?.text : undefined;
}

/** `_t_attempt: tenacity.AttemptManager` declared in the class body. */
function annotatedMember(model: SemanticModel, classNode: SyntaxNode, name: string): string | undefined {
  const body = field(classNode, 'body');
  for (const statement of body ? namedChildren(body) : []) {
    const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    if (assignment?.type !== 'assignment' || field(assignment, 'left')?.text !== name) continue;
    const type = field(assignment, 'type');
    if (type) return model.typeOfAnnotation(type);
  }
  return undefined;
}
