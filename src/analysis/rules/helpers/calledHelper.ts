import type { SyntaxNode } from '../../parser';
import type { Definition, SemanticModel } from '../../semantic/model';
import { isGeneratorFunction } from '../../semantic/references';
import { field, isAsyncFunction, namedChildren, unparenthesize } from '../../syntax';
import { argumentsOf, parameterNames, UNKNOWN } from './argumentValues';
import { decoratorName, decoratorsOf } from './functions';

/** A workspace function whose body a statement runs, and the parameter that receives a given name. */
export interface HelperCall {
  definition: Definition;
  /** The callee as written: `self._raise_for_status`. */
  label: string;
  parameter?: string;
}

/**
 * The workspace def a statement runs: `helper(...)`, `self.m(...)` / `obj.m(...)` (also a method of a
 * workspace base class), `module.helper(...)`; an `async def` only when awaited. `passed` names the
 * caller's variable whose receiving parameter is wanted (`self._reraise(error)` → the def's `exc`).
 */
export function calledHelper(model: SemanticModel, statement: SyntaxNode, passed?: string): HelperCall | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const first = namedChildren(statement)[0];
  let expression = first ? unparenthesize(first) : undefined;
  const awaited = expression?.type === 'await';
  if (awaited) expression = namedChildren(expression!).map(unparenthesize)[0];
  const callee = expression?.type === 'call' ? field(expression, 'function') : null;
  if (!expression || !callee) return undefined;
  const target = resolveDefinition(model, unparenthesize(callee));
  const node = target?.definition.node;
  if (!target || node?.type !== 'function_definition' || isAsyncFunction(node) !== awaited || isGeneratorFunction(node)) return undefined;
  let parameter: string | undefined;
  if (passed) {
    const received = argumentsOf(expression, node, target.definition.model, target.bound, (value) =>
      unparenthesize(value).text === passed ? { kind: 'parameter', name: passed } : UNKNOWN,
    );
    parameter = parameterNames(node).find((name) => received(name).kind === 'parameter');
  }
  return { definition: target.definition, label: callee.text, parameter };
}

/** The workspace def a callee expression names: a function, or a method of the receiver's class (or a base). */
export function resolveDefinition(model: SemanticModel, callee: SyntaxNode): { definition: Definition; bound: boolean } | undefined {
  if (callee.type === 'attribute') {
    const object = field(callee, 'object');
    const name = field(callee, 'attribute');
    const owner = object ? model.classOfValue(object) : undefined;
    const methods = owner && name ? owner.model.methodDefinitions(owner.node, name.text) : undefined;
    const method = methods?.[methods.length - 1];
    if (method) return { definition: method, bound: !isStaticMethod(method) };
  }
  const definition = model.definitionOf(callee);
  return definition ? { definition, bound: false } : undefined;
}

function isStaticMethod({ model, node }: Definition): boolean {
  return decoratorsOf(node).some((decorator) => /(^|\.)staticmethod$/.test(decoratorName(model, decorator) ?? ''));
}
