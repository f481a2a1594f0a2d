import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { field, namedChildren } from '../../syntax';
import type { FunctionRef, HelperSummaries } from './helperSummaries';
import { startupHookDefinitions } from './startupHooks';

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

/**
 * Whether the caller's module fills the cache at start-up, before it serves anything: a start-up hook or a
 * FastAPI `lifespan` calls it among its first statements. `coroutine`, the function the call is in, must
 * be none of those hooks and none of the functions they call there (its own call would be the first).
 */
export function filledAtStartup(cached: FunctionRef, caller: Module, coroutine: SyntaxNode, summaries: HelperSummaries): boolean {
  const avoided = { def: coroutine, model: caller.model };
  return startupHookDefinitions(caller.model).some(
    (hook) => hook.id !== coroutine.id && leadingCalls(hook, caller.model).some((call) => reaches(call, caller, cached, summaries, MAX_DEPTH, avoided)),
  );
}

/** Calls in the module's own top-level statements (not under `if`, `try`, a def or a lambda): each runs on import. */
function importTimeCalls(model: SemanticModel): SyntaxNode[] {
  return namedChildren(model.root).flatMap((statement) => callsOf(statement, model));
}

/**
 * Calls of the statements a function starts with, up to its first compound or jump statement or `yield`
 * (where a `lifespan` hands over to the app): each runs on every call.
 */
function leadingCalls(definition: SyntaxNode, model: SemanticModel): SyntaxNode[] {
  const calls: SyntaxNode[] = [];
  for (const statement of namedChildren(field(definition, 'body') ?? definition)) {
    if (statement.type === 'comment') continue;
    if (statement.type !== 'expression_statement' || model.nodesWithin('yield', statement.startIndex, statement.endIndex).length > 0) break;
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

/** Whether `call` runs `target`, itself or among the first statements of what it calls; not through `avoided`. */
function reaches(call: SyntaxNode, where: Module, target: FunctionRef, summaries: HelperSummaries, depth: number, avoided?: FunctionRef): boolean {
  const ref = summaries.resolveCallee(call, where.model, where.file)?.ref ?? awaitedCoroutine(call, where);
  if (!ref || (avoided && sameFunction(ref, avoided))) return false;
  if (sameFunction(ref, target)) return true;
  return depth > 0 && leadingCalls(ref.def, ref.model).some((inner) => reaches(inner, ref, target, summaries, depth - 1, avoided));
}

function sameFunction(one: FunctionRef, other: FunctionRef): boolean {
  return one.model === other.model && one.def.id === other.def.id;
}

/** `await open_pool()` in a hook: the coroutine runs there and then (a sync helper is what resolveCallee finds). */
function awaitedCoroutine(call: SyntaxNode, where: Module): FunctionRef | undefined {
  if (call.parent?.type !== 'await') return undefined;
  const found = where.model.definitionOf(field(call, 'function'));
  if (found?.node.type !== 'function_definition') return undefined;
  return { def: found.node, model: found.model, file: found.model === where.model ? where.file : undefined };
}
