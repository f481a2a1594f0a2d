import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { callsNamed } from '../semantic/callIndex';
import type { SemanticModel } from '../semantic/model';
import type { Scope } from '../semantic/scopes';
import { field, isAsyncFunction, isAsyncWith, isWithItemValue, namedChildren, unparenthesize } from '../syntax';
import { parametersOf } from './helpers/argumentValues';
import type { Rule } from './rule';

/** Semaphores, locks and capacity limiters: objects that make one task wait for another. */
const LIMITERS = new Set(
  [
    ...['Semaphore', 'BoundedSemaphore', 'Lock'].flatMap((name) => [`asyncio.${name}`, `asyncio.locks.${name}`]),
    ...['Semaphore', 'Lock', 'CapacityLimiter'].flatMap((name) => [`trio.${name}`, `anyio.${name}`]),
  ],
);
/** What a coroutine may do with one without handing it to anything else. */
const OWN_USES = new Set(['acquire', 'release', 'locked', 'acquire_nowait', 'release_nowait', 'statistics', 'value', 'total_tokens', 'available_tokens', 'borrowed_tokens']);

/**
 * AIO120: a semaphore or lock that a coroutine makes for itself on every call (`sem = asyncio.Semaphore(5)` then
 * `async with sem:`), or that each call is given new (`fetch(url, asyncio.Semaphore(5))` for a coroutine that only
 * enters it): every call has its own, so none ever waits for another, and the limit the code means never applies.
 * Only when the coroutine does nothing else with it: not passed on, stored, returned, nor used by a nested function
 * (the tasks it starts would share it).
 */
export const limiterPerCall: Rule = {
  codes: [{ code: 'AIO120', title: 'Semaphore or lock made for each call', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO120')) return;
    const { model } = context;
    for (const call of callsNamed(model, ['Semaphore', 'BoundedSemaphore', 'Lock', 'CapacityLimiter'])) {
      const callee = field(call, 'function');
      const type = callee ? model.qualifiedName(callee) : undefined;
      if (!type || !LIMITERS.has(type)) continue;
      const message = messageFor(model, call, type.replace('.locks.', '.'));
      if (message) context.report({ code: 'AIO120', node: call, message });
    }
  },
};

function messageFor(model: SemanticModel, call: SyntaxNode, label: string): string | undefined {
  const local = madeForItself(model, call);
  if (local) {
    return t(
      '`{0}` is a new `{1}` on every call of `{2}`, and only that call uses it, so it never makes anything wait: each call has its own. Create it once where every call can share it (at module level, on the object, or where the tasks are started) and pass it in.',
      local.name,
      label,
      local.coroutine,
    );
  }
  const receiver = givenNewToEachCall(model, call);
  return receiver
    ? t('A new `{0}` for each call of `{1}`, which only uses it in its own body, never makes anything wait: each call has its own. Create one before the calls and pass the same one to each.', label, receiver)
    : undefined;
}

/** `sem = asyncio.Semaphore(5)`, a statement of a coroutine that only enters or acquires `sem` itself. */
function madeForItself(model: SemanticModel, call: SyntaxNode): { name: string; coroutine: string } | undefined {
  const assignment = call.parent;
  const target = assignment?.type === 'assignment' && field(assignment, 'right')?.id === call.id ? field(assignment, 'left') : null;
  if (target?.type !== 'identifier' || assignment?.parent?.type !== 'expression_statement') return undefined;
  const scope = model.scopes.enclosingScope(call);
  const coroutine = scope.node;
  if (scope.kind !== 'function' || !isAsyncFunction(coroutine)) return undefined;
  const name = field(coroutine, 'name')?.text;
  return name && onlyOwnUses(model, scope, target.text, target) ? { name: target.text, coroutine: name } : undefined;
}

/**
 * `fetch(session, url, asyncio.Semaphore(5))`: the name of the workspace coroutine function given a new one, when
 * the parameter that receives it is only entered or acquired in the coroutine's own body.
 */
function givenNewToEachCall(model: SemanticModel, made: SyntaxNode): string | undefined {
  let argument = made;
  if (argument.parent?.type === 'keyword_argument') argument = argument.parent;
  const list = argument.parent;
  const outer = list?.type === 'argument_list' ? list.parent : null;
  const callee = outer?.type === 'call' ? field(outer, 'function') : null;
  if (!callee) return undefined;
  const target = model.calledDefinition(callee);
  if (!target || !isAsyncFunction(target.node)) return undefined;
  const bound = unparenthesize(callee).type === 'attribute' && target.node.parent?.parent?.type === 'class_definition';
  const parameter = receivingParameter(namedChildren(list!), argument, target.node, bound);
  const scope = parameter ? target.model.scopes.scopeOf(target.node) : undefined;
  if (!parameter || !scope) return undefined;
  const binding = scope.bindings.get(parameter)?.[0];
  return binding && onlyOwnUses(target.model, scope, parameter, binding.node) ? (field(target.node, 'name')?.text ?? undefined) : undefined;
}

function receivingParameter(args: readonly SyntaxNode[], argument: SyntaxNode, definition: SyntaxNode, bound: boolean): string | undefined {
  const parameters = parametersOf(definition).slice(bound ? 1 : 0);
  if (argument.type === 'keyword_argument') {
    const keyword = field(argument, 'name')?.text;
    return parameters.find((parameter) => parameter.name === keyword && !parameter.splat)?.name;
  }
  const positional = args.filter((arg) => arg.type !== 'keyword_argument' && arg.type !== 'comment');
  if (positional.some((arg) => arg.type === 'list_splat' || arg.type === 'dictionary_splat')) return undefined;
  const parameter = parameters[positional.findIndex((arg) => arg.id === argument.id)];
  return parameter && !parameter.splat && !parameter.keywordOnly ? parameter.name : undefined;
}

/**
 * `name`, bound once in `scope` (at `binding`), is only entered (`async with name:`) or acquired and released there,
 * in the scope's own code: never handed on, stored, returned or read by a nested function, comprehension or lambda.
 */
function onlyOwnUses(model: SemanticModel, scope: Scope, name: string, binding: SyntaxNode): boolean {
  if (scope.globals.has(name) || scope.nonlocals.has(name) || (scope.bindings.get(name)?.length ?? 0) !== 1) return false;
  const uses = model.nodesWithin('identifier', scope.node.startIndex, scope.node.endIndex).filter((identifier) => identifier.text === name && identifier.id !== binding.id && !isNameOfSomethingElse(identifier));
  return uses.length > 0 && uses.every((use) => model.scopes.enclosingScope(use) === scope && isOwnUse(use));
}

function isOwnUse(use: SyntaxNode): boolean {
  const parent = use.parent;
  if (parent?.type === 'attribute' && field(parent, 'object')?.id === use.id) return OWN_USES.has(field(parent, 'attribute')?.text ?? '');
  if (!isWithItemValue(use)) return false;
  let statement: SyntaxNode | null = use.parent;
  while (statement && statement.type !== 'with_statement') statement = statement.parent;
  return statement !== null && isAsyncWith(statement);
}

/** `x.sem` and `f(sem=...)`: the identifier names an attribute or a keyword, not the variable. */
function isNameOfSomethingElse(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (parent?.type === 'attribute') return field(parent, 'attribute')?.id === identifier.id;
  return parent?.type === 'keyword_argument' && field(parent, 'name')?.id === identifier.id;
}
