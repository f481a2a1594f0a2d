import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { caughtTypes, dottedText, field, namedChildren } from '../syntax';

const NON_BLOCKING_MODE = /\.setblocking\(\s*False\s*\)|\.settimeout\(\s*0(\.0)?\s*\)/;
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
  if (NON_BLOCKING_MODE.test(scope.text)) return true;
  if (selfAttributeMadeNonBlocking(call)) return true;
  return handlesWouldBlock(call, model);
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
