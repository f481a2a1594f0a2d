import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { isGeneratorFunction } from '../../semantic/references';
import { field, isAsyncFunction, namedChildren, unparenthesize } from '../../syntax';
import { resolveDefinition } from './calledHelper';
import { everySuspension } from './suspension';

const EVALUATORS = new Set(['builtins.eval', 'builtins.exec']);
/** How many awaited helpers deep the evaluated code is looked for. */
const MAX_DEPTH = 2;

/**
 * Every point where `body` may suspend awaits code the program evaluates — a REPL running its
 * user's input: `await eval(code)`, `result = eval(code)` then `await result`, or an await of a
 * workspace coroutine whose own suspension points all do.
 */
export function awaitsOnlyEvaluatedCode(model: SemanticModel, body: SyntaxNode, depth = 0): boolean {
  return everySuspension(body, (node) => awaitsEvaluation(model, node, depth));
}

function awaitsEvaluation(model: SemanticModel, node: SyntaxNode, depth: number): boolean {
  const operand = node.type === 'await' ? namedChildren(node)[0] : undefined;
  const awaited = operand ? unparenthesize(operand) : undefined;
  if (!awaited) return false;
  if (isEvaluation(model, awaited)) return true;
  if (awaited.type === 'identifier') return assignedFromEvaluation(model, awaited);
  const callee = awaited.type === 'call' ? field(awaited, 'function') : null;
  const definition = callee && depth < MAX_DEPTH ? resolveDefinition(model, unparenthesize(callee))?.definition : undefined;
  const def = definition?.node;
  const defBody = def?.type === 'function_definition' && isAsyncFunction(def) && !isGeneratorFunction(def) ? field(def, 'body') : null;
  return !!definition && !!defBody && awaitsOnlyEvaluatedCode(definition.model, defBody, depth + 1);
}

function isEvaluation(model: SemanticModel, node: SyntaxNode): boolean {
  const callee = node.type === 'call' ? field(node, 'function') : null;
  return !!callee && EVALUATORS.has(model.qualifiedName(callee) ?? '');
}

/** `name = eval(...)` somewhere in the function that awaits `name`. */
function assignedFromEvaluation(model: SemanticModel, name: SyntaxNode): boolean {
  const scope = model.enclosingFunction(name);
  if (!scope) return false;
  return model.nodes('assignment').some((assignment) => {
    if (assignment.startIndex < scope.startIndex || assignment.endIndex > scope.endIndex) return false;
    const right = field(assignment, 'right');
    return field(assignment, 'left')?.text === name.text && !!right && isEvaluation(model, unparenthesize(right));
  });
}
