import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { callArguments, field, logicalParent, namedChildren, statements, unparenthesize } from '../../syntax';
import { isMethod } from './functions';

/** An `isinstance` type list that a `CancelledError` passes: the base classes that hold it, or the class itself. */
const HOLDS_CANCELLATION = /(^|[^\w.])(asyncio\.)?(CancelledError|BaseException)\b/;

/**
 * `except (Exception, CancelledError) as e: return e` in a function whose every call in its module
 * stores the result and raises it when it is an exception — `r = await f(...)`, then
 * `if isinstance(r, BaseException): raise r` — so the cancellation comes out at the caller. Callers
 * in other modules cannot be seen; the module's own callers are what every host shares.
 */
export function returnsCaughtToRaisingCallers(model: SemanticModel, exit: SyntaxNode, caught: string | undefined): boolean {
  const [value] = exit.type === 'return_statement' ? namedChildren(exit) : [];
  if (!caught || !value || unparenthesize(value).text !== caught) return false;
  const definition = model.enclosingFunction(exit);
  const name = definition?.type === 'function_definition' ? field(definition, 'name')?.text : undefined;
  if (!definition || !name) return false;
  const method = isMethod(definition);
  let calls = 0;
  for (const call of model.nodes('call')) {
    const callee = field(call, 'function');
    const called = callee?.type === 'attribute' && method ? field(callee, 'attribute')?.text : callee?.type === 'identifier' && !method ? callee.text : undefined;
    if (called !== name) continue;
    if (!raisesExceptionResult(call)) return false;
    calls++;
  }
  return calls > 0;
}

/** `result = [await] call`, and the next statement is `if isinstance(result, (..., CancelledError)): raise result`. */
function raisesExceptionResult(call: SyntaxNode): boolean {
  let value = logicalParent(call);
  if (value?.type === 'await') value = logicalParent(value);
  const assignment = value?.type === 'assignment' ? value : undefined;
  const target = assignment ? field(assignment, 'left') : null;
  const statement = assignment?.parent;
  if (target?.type !== 'identifier' || statement?.type !== 'expression_statement') return false;
  const next = statement.nextNamedSibling;
  const condition = next?.type === 'if_statement' ? field(next, 'condition') : null;
  const test = condition ? unparenthesize(condition) : undefined;
  const testCallee = test?.type === 'call' ? field(test, 'function') : null;
  const [tested, types] = test ? callArguments(test).positional : [];
  if (testCallee?.text !== 'isinstance' || tested?.text !== target.text || !types || !HOLDS_CANCELLATION.test(types.text)) return false;
  const [first] = statements(field(next!, 'consequence'));
  const raised = first?.type === 'raise_statement' ? namedChildren(first).filter((child) => child.type !== 'comment') : [];
  return raised.length === 1 && unparenthesize(raised[0]).text === target.text;
}
