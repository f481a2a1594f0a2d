import type { SyntaxNode } from '../parser';
import type { SemanticModel } from './model';
import { attributeRoot, callArguments, field, MAX_NESTING, namedChildren, statements, unparenthesize } from '../syntax';
import { pushNamedChildren, walkOwnFrame } from './references';

/**
 * A statement that passes the caught exception on to whoever owns the work, instead of dropping it:
 * `future.set_exception(caught)` (the awaiting side gets it), `self.error = caught` /
 * `self.errors.append(caught)` when the class reads that attribute elsewhere, or the exception alone
 * handed to a method of another object of the code (`collector.error(caught)`, `self.waiter.fail(caught)`).
 */
export function passesOn(model: SemanticModel, statement: SyntaxNode, caught: string | undefined): boolean {
  if (!caught || statement.type !== 'expression_statement') return false;
  const expression = namedChildren(statement)[0];
  if (!expression) return false;
  if (expression.type === 'assignment') {
    const target = field(expression, 'left');
    const value = field(expression, 'right');
    return value !== null && unparenthesize(value).text === caught && target !== null && isReadSelfAttribute(target, expression);
  }
  if (expression.type !== 'call') return false;
  const callee = field(expression, 'function');
  const method = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
  const { positional, keywords, hasSplat } = callArguments(expression);
  if (hasSplat || keywords.size > 0 || positional.length !== 1 || unparenthesize(positional[0]).text !== caught) return false;
  if (method === 'set_exception') return true;
  const receiver = callee ? field(callee, 'object') : null;
  if (!receiver || !method) return false;
  return method === 'append' ? isReadSelfAttribute(receiver, expression) : isOtherObject(model, receiver, method);
}

/** Collections keep the exception without anyone raising it; loggers, consoles and modules only report it. */
const KEEPING_METHODS = new Set(['append', 'appendleft', 'add', 'extend', 'insert']);
const REPORTING_RECEIVER = /log|console|std(err|out)|print|warn/i;

/**
 * An object of the code's own (a local, a parameter, `self.x`) other than `self` itself, whose
 * method `method` can hand the exception on: not a module or imported name, not a logger.
 */
function isOtherObject(model: SemanticModel, receiver: SyntaxNode, method: string): boolean {
  if (KEEPING_METHODS.has(method) || REPORTING_RECEIVER.test(receiver.text)) return false;
  const root = attributeRoot(receiver);
  if (root.type !== 'identifier') return false;
  if (receiver.type === 'identifier' && (root.text === 'self' || root.text === 'cls')) return false;
  if (root.text !== 'self' && root.text !== 'cls' && model.qualifiedName(root) !== undefined) return false;
  return model.typeOf(receiver) !== 'logging.Logger';
}

/** `self.name`, mentioned in its class other than by assignments to it and `self.name.append(…)`. */
function isReadSelfAttribute(target: SyntaxNode, store: SyntaxNode): boolean {
  const object = field(target, 'object');
  if (target.type !== 'attribute' || object?.type !== 'identifier' || object.text !== 'self') return false;
  let classNode = store.parent;
  while (classNode && classNode.type !== 'class_definition') classNode = classNode.parent;
  const body = classNode ? field(classNode, 'body') : null;
  if (!body) return false;
  const text = target.text.replace(/\s+/g, '');
  let read = false;
  const visit = (node: SyntaxNode): boolean => {
    if (read) return false;
    if (node.type !== 'attribute' || node.text.replace(/\s+/g, '') !== text) return true;
    const parent = node.parent;
    const stored = parent?.type === 'assignment' && field(parent, 'left')?.id === node.id;
    const appended = parent?.type === 'attribute' && field(parent, 'attribute')?.text === 'append';
    read = !stored && !appended;
    return false;
  };
  walkEverything(body, visit);
  return read;
}

function walkEverything(root: SyntaxNode, visit: (node: SyntaxNode) => boolean): void {
  const { tree } = root;
  const pending = [root.id];
  while (pending.length > 0) {
    const node = tree.node(pending.pop()!);
    if (visit(node)) pushNamedChildren(tree, node.id, -1, pending);
  }
}

/**
 * `except CancelledError as error: kept = error; break` in a loop of the function (or a handler
 * that falls through), then, later at the function's top level with no `return` and no other
 * assignment of `kept` on the way, `raise kept` or `if kept: raise kept`: the cancellation is
 * re-raised once the function has cleaned up. The handler may sit in loops, `if` and `with`
 * blocks; a loop it falls through into just runs again, and `kept` is still set after it.
 */
export function keptAndRaisedLater(clause: SyntaxNode, caught: string | undefined, exits: readonly SyntaxNode[]): boolean {
  const body = statements(field(clause, 'body') ?? namedChildren(clause).find((child) => child.type === 'block') ?? null);
  const kept = body.map(keptName(caught)).find((name) => name !== undefined);
  if (!kept || exits.some((exit) => exit.type !== 'break_statement')) return false;
  const tryStatement = clause.parent;
  const endsWithBreak = body[body.length - 1]?.type === 'break_statement';
  // Where control goes on leaving the handler: after the loop it breaks, or after the `try`.
  const left = endsWithBreak ? tryStatement?.parent?.parent : exits.length === 0 ? tryStatement : undefined;
  if (!left || (endsWithBreak && left.type !== 'while_statement' && left.type !== 'for_statement')) return false;
  const top = topLevelStatement(left);
  if (!top || returnsOrRebinds(top, kept, clause)) return false;
  for (let next = top.nextNamedSibling; next; next = next.nextNamedSibling) {
    if (reraises(next, kept)) return true;
    if (returnsOrRebinds(next, kept)) return false;
  }
  return false;
}

const ENCLOSING_BLOCKS = new Set(['if_statement', 'elif_clause', 'else_clause', 'with_statement', 'for_statement', 'while_statement']);

/** The statement of the function body that holds `statement`, through loops, `if` and `with` only. */
function topLevelStatement(statement: SyntaxNode): SyntaxNode | undefined {
  let node = statement;
  for (let depth = 0; depth < MAX_NESTING; depth++) {
    const block = node.parent;
    if (block?.type !== 'block') return undefined;
    const owner = block.parent;
    if (owner?.type === 'function_definition') return node;
    if (!owner || !ENCLOSING_BLOCKS.has(owner.type)) return undefined;
    node = owner.type === 'elif_clause' || owner.type === 'else_clause' ? owner.parent! : owner;
  }
  return undefined;
}

function keptName(caught: string | undefined): (statement: SyntaxNode) => string | undefined {
  return (statement) => {
    const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    const target = assignment?.type === 'assignment' ? field(assignment, 'left') : null;
    const value = assignment ? field(assignment, 'right') : null;
    return caught && target?.type === 'identifier' && value && unparenthesize(value).text === caught ? target.text : undefined;
  };
}

/** `raise kept`, or `if kept:` / `if kept is not None:` whose only statement is `raise kept`. */
function reraises(statement: SyntaxNode, kept: string): boolean {
  const raisesKept = (node: SyntaxNode | undefined): boolean => {
    const raised = node?.type === 'raise_statement' ? namedChildren(node).filter((child) => child.type !== 'comment') : [];
    return raised.length === 1 && unparenthesize(raised[0]).text === kept;
  };
  if (raisesKept(statement)) return true;
  if (statement.type !== 'if_statement' || field(statement, 'alternative')) return false;
  const condition = field(statement, 'condition')?.text.replace(/\s+/g, ' ');
  const consequence = statements(field(statement, 'consequence'));
  return (condition === kept || condition === `${kept} is not None`) && consequence.length === 1 && raisesKept(consequence[0]);
}

/** A `return`, or an assignment of `kept` (other than in the handler `except`), in the statement. */
function returnsOrRebinds(statement: SyntaxNode, kept: string, except?: SyntaxNode): boolean {
  let found = statement.type === 'return_statement';
  walkOwnFrame(statement, (node) => {
    if (found || node.id === except?.id) return false;
    if (node.type === 'return_statement') found = true;
    else if (node.type === 'assignment' || node.type === 'augmented_assignment') found = field(node, 'left')?.text === kept;
    return !found;
  });
  return found;
}
