import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { comparisonOperator, field, namedChildren, statements, unparenthesize } from '../../syntax';
import { literalValue } from './argumentValues';
import { calledDefinition, decoratorName, decoratorsOf } from './functions';

/** Decorators that keep a function's results: with no parameters, its body runs once per process. */
const RESULT_CACHES = new Set(['functools.cache', 'functools.lru_cache']);

/** The module-level binding a name reads, when it is a module global (not a local, parameter or builtin). */
function moduleBindings(name: SyntaxNode, model: SemanticModel) {
  const binding = model.lookup(name.text, name);
  const bindings = model.scopes.module.bindings.get(name.text);
  return binding && bindings?.includes(binding) ? bindings : undefined;
}

/** Whether `definition`'s own scope declares `global name` and assigns it (a value read at run time, with `fromRunTime`). */
function assignsGlobal(definition: SyntaxNode, name: string, model: SemanticModel, fromRunTime = false): boolean {
  const scope = model.scopes.scopeOf(definition);
  if (!scope?.globals.has(name)) return false;
  return (scope.bindings.get(name) ?? []).some((binding) => binding.kind === 'assignment' && (!fromRunTime || (!!binding.value && literalValue(binding.value) === undefined)));
}

/**
 * `DEBUG`, a switch the program turns on: a module global bound once at module level to `False`,
 * `None`, `0` or `""`, and assigned again by a function under `global DEBUG` from a value read at run
 * time (configuration, a command-line flag; not a literal such as a state flag's `True`). Its default
 * says that a path it guards does not run unless the switch is set.
 */
export function isModuleSwitch(name: SyntaxNode, model: SemanticModel): boolean {
  if (name.type !== 'identifier') return false;
  const bindings = moduleBindings(name, model);
  if (bindings?.length !== 1 || bindings[0].kind !== 'assignment' || !bindings[0].value) return false;
  const initial = literalValue(bindings[0].value);
  if (initial === undefined || Boolean(initial)) return false;
  return model.scopes.all().some((scope) => scope.kind === 'function' && scope.globals.has(name.text) && assignsGlobal(scope.node, name.text, model, true));
}

/**
 * `if CACHE is not None: return CACHE` (or `if CACHE: return CACHE`) in `definition`, where `CACHE`
 * is a module global that `definition` or a function it calls assigns under `global CACHE`: what
 * follows runs until the first call has stored its result. Returns the global's name.
 */
export function memoGuard(statement: SyntaxNode, definition: SyntaxNode, model: SemanticModel): string | undefined {
  const condition = statement.type === 'if_statement' ? field(statement, 'condition') : null;
  const body = statements(field(statement, 'consequence'));
  if (!condition || body.length !== 1 || body[0].type !== 'return_statement') return undefined;
  const returned = namedChildren(body[0])[0];
  const cached = storedValue(unparenthesize(condition));
  if (!cached || !returned || unparenthesize(returned).text !== cached.text || !moduleBindings(cached, model)) return undefined;
  const writers = [definition, ...model.nodesWithin('call', definition.startIndex, definition.endIndex).map((call) => calledDefinition(model, call))];
  return writers.some((writer) => writer && assignsGlobal(writer, cached.text, model)) ? cached.text : undefined;
}

/** `X` or `X is not None`: the name whose value is tested. */
function storedValue(condition: SyntaxNode): SyntaxNode | undefined {
  if (condition.type === 'identifier') return condition;
  if (condition.type !== 'comparison_operator') return undefined;
  const [left, right] = namedChildren(condition);
  const operator = comparisonOperator(condition);
  return operator === 'is not' && left?.type === 'identifier' && right?.type === 'none' ? left : undefined;
}

/** `@functools.cache` / `@lru_cache(...)` on a def without parameters: its body runs on the first call only. */
export function cachedWithoutArguments(definition: SyntaxNode, model: SemanticModel): string | undefined {
  const parameters = field(definition, 'parameters');
  if (parameters && namedChildren(parameters).some((item) => item.type !== 'comment')) return undefined;
  for (const decorator of decoratorsOf(definition)) {
    const name = decoratorName(model, decorator);
    if (name && RESULT_CACHES.has(name)) return name;
  }
  return undefined;
}
