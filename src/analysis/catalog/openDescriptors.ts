import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { ownScopeUses } from '../semantic/references';
import { argument, callArguments, field, logicalParent, outermostParenthesized, unparenthesize } from '../syntax';

/** Calls that return descriptors of pipes, terminals or copies of open descriptors: no path behind them. */
const PATHLESS_DESCRIPTORS = new Set(['os.pipe', 'os.pipe2', 'os.openpty', 'pty.openpty', 'os.dup', 'os.dup2']);

function givesPathlessDescriptor(value: SyntaxNode, model: SemanticModel): boolean {
  const call = unparenthesize(value);
  if (call.type !== 'call') return false;
  const callee = field(call, 'function');
  if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'fileno') return true;
  return model.callTargets(call).some((target) => PATHLESS_DESCRIPTORS.has(target));
}

/** What `os.fdopen(fd)` or `open(file)`/`io.open(file)` wraps or opens: its first argument. */
function descriptorArgument(call: SyntaxNode): SyntaxNode | undefined {
  const args = callArguments(call);
  return argument(args, 0, 'fd') ?? argument(args, 0, 'file');
}

/** `open(1, "w")`: an int literal names a descriptor the process already has open (0, 1, 2 or one inherited). */
export function wrapsDescriptorLiteral(call: SyntaxNode): boolean {
  const fd = descriptorArgument(call);
  return !!fd && unparenthesize(fd).type === 'integer';
}

const PIPE_TRANSPORTS = new Set(['connect_read_pipe', 'connect_write_pipe']);

/**
 * `pipe = io.open(master, "w+b", 0)` then `await loop.connect_read_pipe(factory, pipe)`, the first argument a
 * name (no string, no path built there): the loop's pipe transports take only pipes, sockets and character
 * devices, so the name holds a descriptor of one (a pty's, as here), which the call only wraps.
 */
export function handedToPipeTransport(call: SyntaxNode, model: SemanticModel): boolean {
  const file = descriptorArgument(call);
  if (!file || unparenthesize(file).type !== 'identifier') return false;
  // A name known to hold something else than an int (`path: str`) may be a FIFO's path, whose opening waits.
  const type = model.typeOf(unparenthesize(file));
  if (type && type !== 'builtins.int' && type !== 'int') return false;
  if (transportTakes(call)) return true;
  const holder = outermostParenthesized(call);
  const assignment = holder.parent;
  const target = assignment?.type === 'assignment' && field(assignment, 'right')?.id === holder.id ? field(assignment, 'left') : null;
  if (target?.type !== 'identifier') return false;
  return ownScopeUses(model, target)?.some(transportTakes) ?? false;
}

/** `node` is an argument of `x.connect_read_pipe(...)`/`x.connect_write_pipe(...)`. */
function transportTakes(node: SyntaxNode): boolean {
  const list = logicalParent(node);
  const call = list?.type === 'argument_list' ? list.parent : null;
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  return callee?.type === 'attribute' && PIPE_TRANSPORTS.has(field(callee, 'attribute')?.text ?? '');
}

/** The assignment that binds `name` last before `at` in `at`'s own scope, if it is a plain statement. */
function reachingAssignment(name: SyntaxNode, at: SyntaxNode, model: SemanticModel): SyntaxNode | undefined {
  const bindings = model.scopes.enclosingScope(at).bindings.get(name.text) ?? [];
  let reaching: SyntaxNode | undefined;
  for (const binding of bindings) {
    let statement: SyntaxNode | null = binding.node.parent;
    while (statement && (statement.type === 'pattern_list' || statement.type === 'tuple_pattern' || statement.type === 'parenthesized_expression')) statement = statement.parent;
    if (binding.node.startIndex > at.startIndex) continue;
    if (binding.kind !== 'assignment' || statement?.type !== 'assignment') return undefined;
    if (statement.endIndex <= at.startIndex) reaching = statement;
  }
  return reaching;
}

/**
 * `os.fdopen(fd)` where `fd` comes from `os.pipe()`, `pty.openpty()`, `os.dup(…)` or `x.fileno()` in the
 * same scope: it wraps a descriptor that names no path, so the call itself opens nothing. What is read
 * from a pipe later may still wait for its writer, so the finding stays, one severity lower.
 */
export function wrapsPathlessDescriptor(call: SyntaxNode, model: SemanticModel): boolean {
  const fd = descriptorArgument(call);
  if (!fd) return false;
  const value = unparenthesize(fd);
  if (value.type === 'call') return givesPathlessDescriptor(value, model);
  if (value.type !== 'identifier') return false;
  const assignment = reachingAssignment(value, call, model);
  const right = assignment ? field(assignment, 'right') : null;
  return !!right && givesPathlessDescriptor(right, model);
}

/**
 * `os.fdopen(fd)` where `fd` is `os.open(path, …)` in the same scope (or the call itself): the pair opens a
 * path as `open(path)` does, and ASYNC231 stands for that opening (flake8-async's rule as written).
 */
export function wrapsOpenedPath(call: SyntaxNode, model: SemanticModel): boolean {
  const fd = descriptorArgument(call);
  if (!fd) return false;
  const value = unparenthesize(fd);
  const opener = value.type === 'identifier' ? field(reachingAssignment(value, call, model) ?? value, 'right') : value;
  const target = opener ? unparenthesize(opener) : undefined;
  return target?.type === 'call' && model.callTargets(target).includes('os.open');
}
