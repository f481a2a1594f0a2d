import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { isGeneratorFunction } from '../../semantic/references';
import { field, isAsyncFunction, isCondition, outermostParenthesized } from '../../syntax';
import { parametersOf, argumentExpression } from './argumentValues';
import { isStubBody } from './functions';

/** A read of a parameter that only looks at the object (prints, formats, compares or tests it): the coroutine in it cannot run. */
export type ValueSink = (model: SemanticModel, read: SyntaxNode) => boolean;

/**
 * `show(fetch())` where `def show(text): print(text)`: a plain function of the workspace (not a method a
 * subclass may override, not decorated, not a generator) whose parameter the argument lands in is never
 * handed on — each read of it only looks at the value (`isSink`), or there is none. Its name, else undefined.
 */
export function ignoringFunction(model: SemanticModel, argument: SyntaxNode, isSink: ValueSink): string | undefined {
  const node = outermostParenthesized(argument);
  const list = node.parent?.type === 'keyword_argument' ? node.parent.parent : node.parent;
  const call = list?.type === 'argument_list' ? list.parent : undefined;
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  if (!call || !callee || (callee.type !== 'identifier' && callee.type !== 'attribute')) return undefined;
  const definition = model.calledDefinition(callee);
  const def = definition?.node;
  if (!definition || def?.type !== 'function_definition' || def.parent?.type === 'decorated_definition' || isAsyncFunction(def) || isGeneratorFunction(def)) return undefined;
  // A method: the object's class may be a subclass whose override uses the argument.
  if (def.parent?.parent?.type === 'class_definition') return undefined;
  const parameter = parametersOf(def).find((candidate) => !candidate.splat && argumentExpression(call, def, false, candidate.name)?.id === node.id);
  return parameter && onlyLookedAt(definition.model, def, parameter.name, isSink) ? callee.text : undefined;
}

function onlyLookedAt(model: SemanticModel, def: SyntaxNode, name: string, isSink: ValueSink): boolean {
  const body = field(def, 'body');
  const bindings = model.scopes.scopeOf(def)?.bindings.get(name);
  if (!body || bindings?.length !== 1 || bindings[0].kind !== 'parameter') return false;
  const reads = model.nodesWithin('identifier', body.startIndex, body.endIndex).filter((identifier) => identifier.text === name);
  if (reads.length === 0) return !isStubBody(body);
  // Read by a nested def or lambda: it may await the coroutine later.
  return reads.every((read) => model.enclosingFunction(read)?.id === def.id && (isSink(model, read) || isComparedOrTested(read)));
}

/** `if text:`, `text == "ok"`, `"x" in text`: a coroutine object compared or tested for truth. */
function isComparedOrTested(read: SyntaxNode): boolean {
  return outermostParenthesized(read).parent?.type === 'comparison_operator' || isCondition(read);
}
