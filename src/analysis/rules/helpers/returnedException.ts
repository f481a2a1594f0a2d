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

/**
 * How a handler that leaves without re-raising hands the caught exception on as a value, when every
 * way it leaves does: each improper exit is `return err`, `return Outcome(error=err)` or returns a
 * name the handler bound to `err`; a handler that falls through stores it (`fut.set_exception(err)`,
 * `self.error = err`, or `outcome = err` returned later in the function). The caught name, for the
 * message; undefined when some path drops it.
 */
export function handsOnCaught(handler: SyntaxNode, caught: string | undefined, improperExits: readonly SyntaxNode[], fallsThrough: boolean): string | undefined {
  if (!caught) return undefined;
  const aliases = new Set([caught]);
  let stored: SyntaxNode | undefined;
  const walk = (node: SyntaxNode): void => {
    if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') return;
    if (node.type === 'assignment') {
      const left = field(node, 'left');
      const right = field(node, 'right');
      if (left && right && aliases.has(unparenthesize(right).text)) {
        if (left.type === 'identifier') aliases.add(left.text);
        else if (left.type === 'attribute' || left.type === 'subscript') stored ??= node;
      }
    }
    if (node.type === 'call') {
      const callee = field(node, 'function');
      const [first] = callArguments(node).positional;
      if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'set_exception' && first && aliases.has(unparenthesize(first).text)) stored ??= node;
    }
    for (const child of namedChildren(node)) walk(child);
  };
  walk(handler);
  if (improperExits.length === 0 && !fallsThrough) return undefined;
  for (const exit of improperExits) {
    const [value] = exit.type === 'return_statement' ? namedChildren(exit) : [];
    if (!value || !carries(value, aliases)) return undefined;
  }
  // A handler whose last statement returns does not fall off its end, whatever the flow reports.
  const body = namedChildren(handler).filter((child) => child.type === 'block').at(-1);
  const last = body ? statements(body).at(-1) : undefined;
  if (last?.type === 'return_statement' && improperExits.length > 0) fallsThrough = false;
  if (fallsThrough && !stored && ![...aliases].some((alias) => alias !== caught && returnsName(handler, alias))) return undefined;
  return caught;
}

/**
 * `err`, or an object constructed with `err` itself as an argument (`Outcome(error=err)`: a class,
 * named in CapWords); `str(err)` or `repr(err)` keep only its text.
 */
function carries(value: SyntaxNode, names: ReadonlySet<string>): boolean {
  const expression = unparenthesize(value);
  if (expression.type === 'identifier') return names.has(expression.text);
  const callee = expression.type === 'call' ? field(expression, 'function') : null;
  const calleeName = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.text;
  if (!calleeName || !/^_*[A-Z]/.test(calleeName)) return false;
  const args = callArguments(expression);
  return [...args.positional, ...args.keywords.values()].some((argument) => names.has(unparenthesize(argument).text));
}

/** A `return name` later in the function that holds `handler`. */
function returnsName(handler: SyntaxNode, name: string): boolean {
  let scope: SyntaxNode | null = handler.parent;
  while (scope && scope.type !== 'function_definition') scope = scope.parent;
  if (!scope) return false;
  const stack = [...namedChildren(scope)];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') continue;
    if (node.type === 'return_statement' && node.startIndex > handler.endIndex) {
      const [value] = namedChildren(node);
      if (value && unparenthesize(value).text === name) return true;
    }
    stack.push(...namedChildren(node));
  }
  return false;
}
