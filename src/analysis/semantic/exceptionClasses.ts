import { CANCELLATION_CATCHERS, CANCELLED_ERROR_NAMES } from '../catalog/asyncioApis';
import type { SyntaxNode } from '../parser';
import { callArguments, field, MAX_NESTING, namedChildren, unparenthesize } from '../syntax';
import type { Definition, SemanticModel } from './model';

/** What an exception class is to a caught `asyncio.CancelledError`. */
export type ExceptionClass = 'cancelled' | 'base' | 'exception';

/** Builtin subclasses of `Exception`: since Python 3.8 a CancelledError is none of them. */
const BUILTIN_EXCEPTIONS = new Set(
  (
    'Exception ArithmeticError AssertionError AttributeError BufferError EOFError ImportError ModuleNotFoundError ' +
    'LookupError IndexError KeyError MemoryError NameError UnboundLocalError OSError IOError EnvironmentError ' +
    'BlockingIOError ChildProcessError ConnectionError BrokenPipeError ConnectionAbortedError ConnectionRefusedError ' +
    'ConnectionResetError FileExistsError FileNotFoundError InterruptedError IsADirectoryError NotADirectoryError ' +
    'PermissionError ProcessLookupError TimeoutError ReferenceError RuntimeError NotImplementedError RecursionError ' +
    'StopIteration StopAsyncIteration SyntaxError IndentationError TabError SystemError TypeError ValueError ' +
    'UnicodeError UnicodeDecodeError UnicodeEncodeError UnicodeTranslateError ZeroDivisionError FloatingPointError ' +
    'OverflowError ExceptionGroup Warning'
  ).split(' '),
);

const MODULE_EXCEPTIONS = new Set([
  'asyncio.TimeoutError',
  'asyncio.InvalidStateError',
  'asyncio.IncompleteReadError',
  'asyncio.LimitOverrunError',
  'asyncio.QueueEmpty',
  'asyncio.QueueFull',
  'concurrent.futures.TimeoutError',
  'socket.timeout',
  'socket.error',
  'socket.gaierror',
]);

/**
 * Libraries whose every exception class (a name ending in `Error`, `Exception` or `Timeout`) derives from
 * `Exception`, as checked on Debian's packages: never a cancellation.
 */
const EXCEPTION_LIBRARIES = new Set(['aiohttp', 'httpx', 'websockets', 'requests', 'sqlite3', 'ssl', 'json', 'pydantic']);
const EXCEPTION_CLASS_NAME = /(Error|Exception|Timeout)$/;

function isLibraryException(name: string): boolean {
  const dot = name.indexOf('.');
  return dot > 0 && EXCEPTION_LIBRARIES.has(name.slice(0, dot)) && EXCEPTION_CLASS_NAME.test(name.slice(name.lastIndexOf('.') + 1));
}

/** anyio's name for the backend's cancellation class (asyncio.CancelledError under asyncio), also inside anyio itself. */
const ANYIO_CANCELLED_CLASS = /^(anyio)?(\.\w*)*\.get_cancelled_exc_class$/;

/** Whether an exception expression catches a cancellation: `asyncio.CancelledError` itself, or a catch-all base class. */
export function catchesCancellation(model: SemanticModel, expression: SyntaxNode): 'cancelled' | 'catch-all' | undefined {
  const node = unparenthesize(expression);
  if (node.type === 'call') {
    const callee = field(node, 'function');
    const hasArguments = namedChildren(field(node, 'arguments') ?? node).some((child) => child.type !== 'comment');
    const name = callee && !hasArguments ? model.qualifiedName(callee) : undefined;
    return name && ANYIO_CANCELLED_CLASS.test(name) ? 'cancelled' : undefined;
  }
  const name = model.qualifiedName(node);
  // A bare `CancelledError` that nothing binds comes from `from asyncio import *`.
  const resolved = name ?? (node.type === 'identifier' && node.text === 'CancelledError' ? 'asyncio.CancelledError' : undefined);
  if (!resolved || !CANCELLATION_CATCHERS.has(resolved)) return undefined;
  return CANCELLED_ERROR_NAMES.has(resolved) ? 'cancelled' : 'catch-all';
}

/**
 * The kind of class an expression names, when known: the cancellation, `BaseException`, or a
 * subclass of `Exception` (a builtin, or a workspace class one of whose bases is one).
 */
export function exceptionClass(model: SemanticModel, expression: SyntaxNode, depth = 0): ExceptionClass | undefined {
  const caught = catchesCancellation(model, expression);
  if (caught) return caught === 'cancelled' ? 'cancelled' : 'base';
  if (depth > MAX_NESTING) return undefined;
  const node = unparenthesize(expression);
  if (node.type !== 'identifier' && node.type !== 'attribute') return undefined;
  if (node.type === 'identifier' && !model.lookup(node.text, node) && BUILTIN_EXCEPTIONS.has(node.text)) return 'exception';
  const name = model.qualifiedName(node);
  if (name && (MODULE_EXCEPTIONS.has(name) || isLibraryException(name) || (name.startsWith('builtins.') && BUILTIN_EXCEPTIONS.has(name.slice('builtins.'.length))))) return 'exception';
  const definition = model.definitionOf(node);
  if (definition?.node.type !== 'class_definition') return undefined;
  const bases = field(definition.node, 'superclasses');
  const derivesFromException = namedChildren(bases ?? definition.node).some(
    (base) => bases !== null && base.type !== 'keyword_argument' && exceptionClass(definition.model, base, depth + 1) === 'exception',
  );
  return derivesFromException ? 'exception' : undefined;
}

/**
 * The class expressions a class-or-tuple expression stands for: a tuple literal, a name bound to
 * one, or a class attribute (`self.RETRY_ON`, `self.__class__.RETRY_ON`, `Client.RETRY_ON`, found
 * in the class or its workspace bases). Each comes with the model its names resolve in.
 */
export function classMembers(model: SemanticModel, expression: SyntaxNode, depth = 0): Array<[SemanticModel, SyntaxNode]> | undefined {
  if (depth > MAX_NESTING) return undefined;
  const node = unparenthesize(expression);
  if (node.type === 'tuple') {
    const members: Array<[SemanticModel, SyntaxNode]> = [];
    for (const element of namedChildren(node)) {
      if (element.type === 'comment') continue;
      const inner = classMembers(model, element, depth + 1);
      if (!inner) return undefined;
      members.push(...inner);
    }
    return members;
  }
  if (node.type === 'identifier') {
    const binding = model.lookup(node.text, node);
    if (binding?.kind === 'assignment' && binding.value && unparenthesize(binding.value).type === 'tuple') return classMembers(model, binding.value, depth + 1);
    return [[model, node]];
  }
  if (node.type !== 'attribute') return [[model, node]];
  const owner = classOf(model, field(node, 'object'));
  const attribute = field(node, 'attribute')?.text;
  const value = owner && attribute ? classAttribute(owner, attribute, depth + 1) : undefined;
  return value ? classMembers(value[0], value[1], depth + 1) : [[model, node]];
}

/** The workspace class an expression stands for: `self`, `self.__class__`, `type(self)`, a class name. */
function classOf(model: SemanticModel, expression: SyntaxNode | null): Definition | undefined {
  if (!expression) return undefined;
  const node = unparenthesize(expression);
  if (node.type === 'attribute' && field(node, 'attribute')?.text === '__class__') return model.classOfValue(field(node, 'object') ?? node);
  if (node.type === 'call' && model.qualifiedName(field(node, 'function') ?? node) === 'builtins.type') {
    const [instance] = callArguments(node).positional;
    return instance ? model.classOfValue(instance) : undefined;
  }
  const named = model.definitionOf(node);
  return named?.node.type === 'class_definition' ? named : model.classOfValue(node);
}

/** The value a class body assigns to `name` once (else its workspace bases'), with the model it resolves in. */
function classAttribute(owner: Definition, name: string, depth: number): [SemanticModel, SyntaxNode] | undefined {
  if (depth > MAX_NESTING) return undefined;
  const bindings = owner.model.scopes.scopeOf(owner.node)?.bindings.get(name);
  if (bindings) return bindings.length === 1 && bindings[0].kind === 'assignment' && bindings[0].value ? [owner.model, bindings[0].value] : undefined;
  const bases = field(owner.node, 'superclasses');
  for (const base of bases ? namedChildren(bases) : []) {
    const found = base.type === 'keyword_argument' ? undefined : owner.model.definitionOf(base);
    const value = found?.node.type === 'class_definition' ? classAttribute(found, name, depth + 1) : undefined;
    if (value) return value;
  }
  return undefined;
}

/**
 * Whether a condition holds when `caught` is the task's CancelledError, when certain:
 * `isinstance(caught, C)` (true when C holds the cancellation or BaseException, false when it holds
 * only Exception subclasses), `type(caught) in T`/`is C`/`== C` (true only for CancelledError itself),
 * and `not`, `and`, `or` of those.
 */
export function holdsForCancellation(model: SemanticModel, condition: SyntaxNode, caught: string | undefined, depth = 0): boolean | undefined {
  if (!caught || depth > MAX_NESTING) return undefined;
  const node = unparenthesize(condition);
  if (node.type === 'not_operator') {
    const argument = field(node, 'argument');
    const inner = argument ? holdsForCancellation(model, argument, caught, depth + 1) : undefined;
    return inner === undefined ? undefined : !inner;
  }
  if (node.type === 'boolean_operator') {
    const sides = [field(node, 'left'), field(node, 'right')].map((side) => (side ? holdsForCancellation(model, side, caught, depth + 1) : undefined));
    const and = field(node, 'operator')?.type === 'and';
    if (sides.includes(!and)) return !and;
    return sides.every((side) => side === and) ? and : undefined;
  }
  if (node.type === 'call') return isinstanceTest(model, node, caught);
  if (node.type === 'comparison_operator') return exactTypeTest(model, node, caught);
  return undefined;
}

function kindsOf(model: SemanticModel, classes: SyntaxNode): Array<ExceptionClass | undefined> | undefined {
  return classMembers(model, classes)?.map(([owner, member]) => exceptionClass(owner, member));
}

function isinstanceTest(model: SemanticModel, call: SyntaxNode, caught: string): boolean | undefined {
  if (model.qualifiedName(field(call, 'function') ?? call) !== 'builtins.isinstance') return undefined;
  const { positional } = callArguments(call);
  if (positional.length !== 2 || unparenthesize(positional[0]).text !== caught) return undefined;
  const kinds = kindsOf(model, positional[1]);
  if (!kinds || kinds.length === 0) return undefined;
  if (kinds.some((kind) => kind === 'cancelled' || kind === 'base')) return true;
  return kinds.every((kind) => kind === 'exception') ? false : undefined;
}

/** `type(caught) in T`, `not in`, `is`, `is not`, `==`, `!=`. */
function exactTypeTest(model: SemanticModel, comparison: SyntaxNode, caught: string): boolean | undefined {
  const operands = namedChildren(comparison).filter((child) => child.type !== 'comment');
  if (operands.length !== 2) return undefined;
  const [left, right] = operands.map(unparenthesize);
  const typeArguments = left.type === 'call' && model.qualifiedName(field(left, 'function') ?? left) === 'builtins.type' ? callArguments(left).positional : [];
  if (typeArguments.length !== 1 || unparenthesize(typeArguments[0]).text !== caught) return undefined;
  const operator = comparison.text.slice(left.endIndex - comparison.startIndex, right.startIndex - comparison.startIndex).replace(/[()\s]+/g, ' ').trim();
  const membership = operator === 'in' || operator === 'not in';
  if (!membership && !['is', 'is not', '==', '!='].includes(operator)) return undefined;
  const kinds = membership ? kindsOf(model, right) : [exceptionClass(model, right)];
  if (!kinds || kinds.length === 0) return undefined;
  let holds: boolean | undefined;
  if (kinds.includes('cancelled')) holds = true;
  else if (kinds.every((kind) => kind === 'exception' || kind === 'base')) holds = false;
  if (holds === undefined) return undefined;
  return operator.startsWith('not') || operator.endsWith('not') || operator === '!=' ? !holds : holds;
}
