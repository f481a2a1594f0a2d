import type { SyntaxNode } from '../../parser';
import type { Definition, SemanticModel } from '../../semantic/model';
import { field, namedChildren, unparenthesize } from '../../syntax';
import { calledDefinition } from './functions';
import { EXIT_CALLS, isExitBuiltin } from './processExit';

/** Calls that never return: they end the process or always raise (pytest's outcomes). */
const NEVER_RETURN = new Set([...EXIT_CALLS, 'pytest.fail', 'pytest.skip', 'pytest.exit']);
const NO_RETURN_TYPES = /^(typing|typing_extensions)\.(NoReturn|Never)$/;

/**
 * True when the statement is a call that never returns: `sys.exit()`, `os._exit()`, `pytest.fail()`,
 * or a workspace function annotated `-> NoReturn` / `-> Never`. The path it is on ends there.
 */
export function neverReturns(model: SemanticModel, statement: SyntaxNode): boolean {
  if (statement.type !== 'expression_statement') return false;
  const call = namedChildren(statement).map(unparenthesize)[0];
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  if (!call || !callee) return false;
  if (model.callTargets(call).some((target) => NEVER_RETURN.has(target))) return true;
  if (isExitBuiltin(callee, model)) return true;
  const definition = model.definitionOf(callee) ?? localDefinition(model, call);
  const annotation = definition?.node.type === 'function_definition' ? field(definition.node, 'return_type') : null;
  return annotation !== null && NO_RETURN_TYPES.test(definition!.model.typeOfAnnotation(annotation) ?? '');
}

function localDefinition(model: SemanticModel, call: SyntaxNode): Definition | undefined {
  const node = calledDefinition(model, call);
  return node ? { model, node } : undefined;
}
