import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { isGeneratorFunction, walkOwnFrame } from '../../semantic/references';
import { field, namedChildren, unparenthesize } from '../../syntax';
import { calledDefinition } from './functions';

/** Methods that read a future's outcome after it is done. */
const OUTCOME_READERS = new Set(['result', 'exception', 'cancelled']);
const COMPREHENSIONS = new Set(['list_comprehension', 'generator_expression', 'set_comprehension']);

/**
 * True when every gathered item is an existing future or task whose outcome is seen another way: a
 * name (`*tasks`, `fut`) whose function reads `.result()`/`.exception()`/`.cancelled()` of it (or of
 * the loop variable over it) after the gather, or attaches a done callback to it; or the futures a
 * generator of this file yields after attaching a done callback to each. A coroutine call written in
 * the gather has no other reader.
 */
export function outcomesSeenElsewhere(model: SemanticModel, gather: SyntaxNode): boolean {
  const items = namedChildren(field(gather, 'arguments') ?? gather).filter((child) => child.type !== 'keyword_argument' && child.type !== 'comment');
  return items.length > 0 && items.every((item) => itemSeen(model, gather, gatheredSource(item)));
}

/** `*tasks` → `tasks`; `*(t for t in tasks)` → `tasks`; anything else as written. */
function gatheredSource(item: SyntaxNode): SyntaxNode {
  const expression = unparenthesize(item.type === 'list_splat' ? (namedChildren(item)[0] ?? item) : item);
  if (!COMPREHENSIONS.has(expression.type)) return expression;
  const body = field(expression, 'body');
  const clauses = namedChildren(expression).filter((child) => child.type === 'for_in_clause');
  const left = clauses.length === 1 ? field(clauses[0], 'left') : null;
  const right = clauses.length === 1 ? field(clauses[0], 'right') : null;
  return body?.type === 'identifier' && left?.text === body.text && right ? unparenthesize(right) : expression;
}

function itemSeen(model: SemanticModel, gather: SyntaxNode, source: SyntaxNode): boolean {
  if (source.type === 'call') return yieldsWatchedFutures(model, source);
  if (source.type !== 'identifier') return false;
  const binding = model.lookup(source.text, source);
  if (!binding) return false;
  const scope = model.scopes.enclosingScope(binding.node);
  // A parameter's node sits outside its def's body.
  const owner = binding.kind === 'parameter' ? binding.owner : scope.kind === 'function' ? scope.node : undefined;
  const body = owner ? field(owner, 'body') : null;
  if (!body) return false;
  const names = new Set([source.text, ...loopVariablesOver(body, source.text)]);
  let seen = false;
  walkOwnFrame(body, (node) => {
    const method = watchedMethod(node, names);
    if (method === 'add_done_callback' || (method && OUTCOME_READERS.has(method) && node.startIndex > gather.endIndex)) seen = true;
    return !seen;
  });
  return seen;
}

/** `x.add_done_callback(…)`, `x.result()`, `xs[0].exception()` on one of the names: the method called. */
function watchedMethod(node: SyntaxNode, names: ReadonlySet<string>): string | undefined {
  if (node.type !== 'call') return undefined;
  const callee = field(node, 'function');
  if (callee?.type !== 'attribute') return undefined;
  let object = field(callee, 'object');
  if (object?.type === 'subscript') object = field(object, 'value');
  return object?.type === 'identifier' && names.has(object.text) ? field(callee, 'attribute')?.text : undefined;
}

/** `for task in tasks:` and `[… for task in tasks]`: the names bound to the collection's items. */
function loopVariablesOver(body: SyntaxNode, collection: string): string[] {
  const variables: string[] = [];
  walkOwnFrame(body, (node) => {
    if (node.type !== 'for_statement' && node.type !== 'for_in_clause') return;
    const left = field(node, 'left');
    const right = field(node, 'right');
    if (left?.type === 'identifier' && right && unparenthesize(right).text === collection) variables.push(left.text);
  });
  return variables;
}

/** A generator of this file whose every `yield x` follows an `x.add_done_callback(…)` in its body. */
function yieldsWatchedFutures(model: SemanticModel, call: SyntaxNode): boolean {
  const definition = calledDefinition(model, call);
  const body = definition ? field(definition, 'body') : null;
  if (!definition || !body || !isGeneratorFunction(definition)) return false;
  const yielded: SyntaxNode[] = [];
  const watched = new Set<string>();
  walkOwnFrame(body, (node) => {
    if (node.type === 'yield') {
      const value = namedChildren(node)[0];
      yielded.push(value ? unparenthesize(value) : node);
    }
    const callee = node.type === 'call' ? field(node, 'function') : null;
    const object = callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'add_done_callback' ? field(callee, 'object') : null;
    if (object?.type === 'identifier') watched.add(object.text);
  });
  return yielded.length > 0 && yielded.every((value) => value.type === 'identifier' && watched.has(value.text));
}
