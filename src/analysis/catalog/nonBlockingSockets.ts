import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { argument, callArguments, caughtTypes, dottedText, field, namedChildren, statements, unparenthesize } from '../syntax';
import { isNumericHost } from './numericHosts';
import { selfReferences } from './queueStates';

const NON_BLOCKING_MODE = /\.setblocking\(\s*(False|0)\s*\)|\.settimeout\(\s*0(\.0)?\s*\)/;
/**
 * Exceptions only a non-blocking socket raises: the call would have blocked. Not `InterruptedError`
 * alone: a blocking call interrupted by a signal raises it too.
 */
const WOULD_BLOCK = new Set(['BlockingIOError', 'SSLWantReadError', 'SSLWantWriteError']);
const WOULD_BLOCK_ERRNO = /\bE(AGAIN|WOULDBLOCK)\b/;
const FRAMES = new Set(['function_definition', 'lambda', 'class_definition']);

/**
 * A socket call that returns at once: the function (or, for `self.sock`, its class) switches the
 * socket to non-blocking mode, or the call sits in a `try` that handles the would-block error
 * (`except BlockingIOError:`, `ssl.SSLWantReadError`, an `OSError` checked for `EAGAIN`). That is
 * the readiness idiom of code driving the socket from the loop's reader/writer callbacks.
 */
export function nonBlockingSocketCall(call: SyntaxNode, model: SemanticModel): boolean {
  const scope = model.enclosingFunction(call) ?? model.root;
  if (NON_BLOCKING_MODE.test(scope.text) && madeNonBlockingBefore(call, scope, model)) return true;
  if (selfAttributeMadeNonBlocking(call)) return true;
  // A Unix datagram `connect` only names the peer (no name to resolve, no network, no backlog); a Unix
  // stream's waits while the listener's backlog is full.
  return (
    handlesWouldBlock(call, model) ||
    sentThroughWrapper(call, model) ||
    connectsDatagramToNumericHost(call, model) ||
    connectsToOwnListener(call, model) ||
    callsUnixDatagramSocket(call, model, ['connect'])
  );
}

/**
 * The function switches a socket to non-blocking mode before `call` runs: earlier in its text, or in a loop that holds
 * both. `sock.connect(addr)` then `sock.setblocking(False)` waits for the connection first.
 */
function madeNonBlockingBefore(call: SyntaxNode, scope: SyntaxNode, model: SemanticModel): boolean {
  const switches = model.nodesWithin('call', scope.startIndex, scope.endIndex).filter((candidate) => NON_BLOCKING_MODE.test(candidate.text));
  if (switches.some((candidate) => candidate.startIndex < call.startIndex)) return true;
  for (let loop = call.parent; loop && loop.id !== scope.id; loop = loop.parent) {
    if ((loop.type === 'while_statement' || loop.type === 'for_statement') && switches.some((candidate) => candidate.startIndex > loop!.startIndex && candidate.endIndex <= loop!.endIndex)) return true;
  }
  return false;
}

/** `sock.METHOD(…)` where every value bound to `sock` is a `socket.socket(AF_UNIX, SOCK_DGRAM)`. */
export function callsUnixDatagramSocket(call: SyntaxNode, model: SemanticModel, methods: readonly string[]): boolean {
  const made = datagramSocketsCalled(call, model, methods);
  return made.length > 0 && made.every((value) => isUnixSocket(value, model));
}

function isUnixSocket(value: SyntaxNode, model: SemanticModel): boolean {
  if (value.type !== 'call' || !model.callTargets(value).includes('socket.socket')) return false;
  const family = argument(callArguments(value), 0, 'family');
  return family !== undefined && /(^|\.)AF_UNIX$/.test(model.qualifiedName(family) ?? family.text);
}

/**
 * `client.connect(server.getsockname())`, `socket.create_connection(server.getsockname()[:2])`, where
 * `server` listens earlier in the same function: the kernel completes the connection from the
 * listener's backlog before anything accepts it, so the call returns at once (an IPv6 probe, a
 * `socketpair()` emulation).
 */
export function connectsToOwnListener(call: SyntaxNode, model: SemanticModel): boolean {
  const callee = field(call, 'function');
  const connects = (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'connect') || model.callTargets(call).includes('socket.create_connection');
  const address = connects ? callArguments(call).positional[0] : undefined;
  const listener = address ? socketNameOwner(unparenthesize(address)) : undefined;
  if (!listener) return false;
  const scope = model.enclosingFunction(call) ?? model.root;
  return model.nodesWithin('call', scope.startIndex, call.startIndex).some((earlier) => {
    const method = field(earlier, 'function');
    const object = method?.type === 'attribute' && field(method, 'attribute')?.text === 'listen' ? field(method, 'object') : null;
    return !!object && dottedText(object) === listener;
  });
}

/** `server.getsockname()`, or a slice or index of it: `server`. */
function socketNameOwner(node: SyntaxNode): string | undefined {
  const value = node.type === 'subscript' ? field(node, 'value') : node;
  const call = value ? unparenthesize(value) : undefined;
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  const object = callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'getsockname' ? field(callee, 'object') : null;
  return object ? dottedText(object) : undefined;
}

/**
 * `def _send(self, data): return self._sock.sendto(data, …)`, a method whose body is the socket call,
 * and every `self._send(…)` of the class in a `try` that handles the would-block error.
 */
function sentThroughWrapper(call: SyntaxNode, model: SemanticModel): boolean {
  const method = model.enclosingFunction(call);
  const [only, ...rest] = statements(method ? field(method, 'body') : null).filter((statement) => statement.type !== 'expression_statement' || namedChildren(statement)[0]?.type !== 'string');
  const value = only?.type === 'return_statement' || only?.type === 'expression_statement' ? namedChildren(only)[0] : undefined;
  const name = method ? field(method, 'name')?.text : undefined;
  const classBody = method?.parent?.type === 'block' && method.parent.parent?.type === 'class_definition' ? method.parent : undefined;
  if (rest.length > 0 || !value || unparenthesize(value).id !== call.id || !name || !classBody) return false;
  const uses = selfReferences(classBody, name);
  return uses.length > 0 && uses.every((use) => use.parent?.type === 'call' && field(use.parent, 'function')?.id === use.id && handlesWouldBlock(use.parent, model));
}

/**
 * `sock.connect((host, port))` on a socket made with `SOCK_DGRAM`, to a numeric host: connecting a UDP
 * socket sends nothing, it only picks the route (a host name would be resolved, a blocking DNS query).
 */
function connectsDatagramToNumericHost(call: SyntaxNode, model: SemanticModel): boolean {
  const host = datagramConnectHost(call, model);
  return !!host && isNumericHost(host, model);
}

/**
 * `sock.connect(address)` on a socket made with `SOCK_DGRAM`: it sends nothing, so it blocks only
 * while resolving a host name. The host of a literal tuple, else the address itself; undefined otherwise.
 */
export function datagramConnectHost(call: SyntaxNode, model: SemanticModel): SyntaxNode | undefined {
  if (!callsDatagramSocket(call, model, 'connect')) return undefined;
  const address = callArguments(call).positional[0];
  if (!address) return undefined;
  const node = unparenthesize(address);
  return node.type === 'tuple' ? namedChildren(node)[0] : node;
}

/**
 * `sock.METHOD(…)` where every value bound to `sock` (a local, a `with … as sock`, or every
 * `self.sock = …` of the class) is a `socket.socket(…, SOCK_DGRAM)`.
 */
export function callsDatagramSocket(call: SyntaxNode, model: SemanticModel, method: string): boolean {
  return datagramSocketsCalled(call, model, [method]).length > 0;
}

/** What `sock` was made from in `sock.METHOD(…)`, METHOD one of `methods`, when each is a datagram socket; else none. */
function datagramSocketsCalled(call: SyntaxNode, model: SemanticModel, methods: readonly string[]): SyntaxNode[] {
  const callee = field(call, 'function');
  const receiver = callee?.type === 'attribute' && methods.includes(field(callee, 'attribute')?.text ?? '') ? field(callee, 'object') : null;
  const made = receiver ? socketsBound(receiver, model) : [];
  return made.every((value) => isDatagramSocket(value, model)) ? made : [];
}

/** What `sock` was made from: `sock = socket.socket(…)`, `with socket.socket(…) as sock:`. */
function socketsBound(receiver: SyntaxNode, model: SemanticModel): SyntaxNode[] {
  const binding = receiver.type === 'identifier' ? model.lookup(receiver.text, receiver) : undefined;
  if (binding?.kind === 'with' && binding.value) return [unparenthesize(binding.value)];
  return model.assignedValues(receiver).map(unparenthesize);
}

function isDatagramSocket(value: SyntaxNode, model: SemanticModel): boolean {
  if (value.type !== 'call' || !model.callTargets(value).includes('socket.socket')) return false;
  const type = argument(callArguments(value), 1, 'type');
  return type !== undefined && /(^|\.)SOCK_DGRAM$/.test(model.qualifiedName(type) ?? type.text);
}

/** `self.sock.recv(…)` where some method of the class calls `self.sock.setblocking(False)`. */
function selfAttributeMadeNonBlocking(call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  const receiver = callee?.type === 'attribute' ? field(callee, 'object') : null;
  const written = receiver ? dottedText(receiver) : undefined;
  if (!written?.startsWith('self.')) return false;
  let owner: SyntaxNode | null = call.parent;
  while (owner && owner.type !== 'class_definition') owner = owner.parent;
  if (!owner) return false;
  const escaped = written.replace(/\./g, '\\s*\\.\\s*');
  return new RegExp(`${escaped}\\s*(${NON_BLOCKING_MODE.source})`).test(owner.text);
}

function handlesWouldBlock(call: SyntaxNode, model: SemanticModel): boolean {
  let child = call;
  for (let parent = call.parent; parent && !FRAMES.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'try_statement' || field(parent, 'body')?.id !== child.id) continue;
    if (namedChildren(parent).some((clause) => clause.type === 'except_clause' && catchesWouldBlock(clause, model))) return true;
  }
  return false;
}

function catchesWouldBlock(clause: SyntaxNode, model: SemanticModel): boolean {
  const candidates = caughtTypes(clause);
  if (!candidates) return false;
  const names = candidates.map((candidate) => {
    const name = model.qualifiedName(candidate) ?? dottedText(candidate) ?? '';
    return name.slice(name.lastIndexOf('.') + 1);
  });
  if (names.some((name) => WOULD_BLOCK.has(name))) return true;
  const body = field(clause, 'body') ?? namedChildren(clause).find((child) => child.type === 'block');
  return names.some((name) => name === 'OSError' || name === 'error' || name === 'IOError') && !!body && WOULD_BLOCK_ERRNO.test(body.text);
}
