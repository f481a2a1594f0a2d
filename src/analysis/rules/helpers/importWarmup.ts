import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { field, namedChildren } from '../../syntax';
import type { FunctionRef, HelperSummaries } from './helperSummaries';

/** How far import-time calls are followed into the functions they call: `logger = setup_logging()`, whose first statement calls `load_settings()`. */
const MAX_DEPTH = 2;

interface Module {
  model: SemanticModel;
  file?: string;
}

/**
 * Whether a cached function without parameters has surely run before a coroutine of `caller` calls it:
 * its own module calls it when imported (and whoever calls it imported that module), or the caller's
 * module does, at top level — directly, or among the first statements of a function it calls there.
 */
export function filledAtImport(cached: FunctionRef, caller: Module, summaries: HelperSummaries): boolean {
  return [cached, caller].some((module) => importTimeCalls(module.model).some((call) => reaches(call, module, cached, summaries, MAX_DEPTH)));
}

/** Calls in the module's own top-level statements (not under `if`, `try`, a def or a lambda): each runs on import. */
function importTimeCalls(model: SemanticModel): SyntaxNode[] {
  return namedChildren(model.root).flatMap((statement) => callsOf(statement, model));
}

/** Calls of the statements a function starts with, up to its first compound or jump statement: each runs on every call. */
function leadingCalls(definition: SyntaxNode, model: SemanticModel): SyntaxNode[] {
  const calls: SyntaxNode[] = [];
  for (const statement of namedChildren(field(definition, 'body') ?? definition)) {
    if (statement.type === 'comment') continue;
    if (statement.type !== 'expression_statement') break;
    calls.push(...callsOf(statement, model));
  }
  return calls;
}

function callsOf(statement: SyntaxNode, model: SemanticModel): SyntaxNode[] {
  if (statement.type !== 'expression_statement') return [];
  return model.nodesWithin('call', statement.startIndex, statement.endIndex).filter((call) => !insideLambda(call, statement));
}

function insideLambda(node: SyntaxNode, statement: SyntaxNode): boolean {
  for (let parent = node.parent; parent && parent.id !== statement.id; parent = parent.parent) if (parent.type === 'lambda') return true;
  return false;
}

function reaches(call: SyntaxNode, where: Module, target: FunctionRef, summaries: HelperSummaries, depth: number): boolean {
  const callee = summaries.resolveCallee(call, where.model, where.file);
  if (!callee) return false;
  if (callee.ref.model === target.model && callee.ref.def.id === target.def.id) return true;
  return depth > 0 && leadingCalls(callee.ref.def, callee.ref.model).some((inner) => reaches(inner, callee.ref, target, summaries, depth - 1));
}
