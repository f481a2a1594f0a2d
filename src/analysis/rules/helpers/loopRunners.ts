import type { SyntaxNode } from '../../parser';
import type { Definition, SemanticModel } from '../../semantic/model';
import { callArguments, field, isAsyncFunction, logicalParent, namedChildren, unparenthesize } from '../../syntax';
import { parameterNames } from './argumentValues';
import { resolveDefinition } from './calledHelper';
import { decoratorParts, decoratorsOf, isMethod } from './functions';

/**
 * The decorator that runs every call of `definition` with `asyncio.run` — a Typer or Click async
 * wrapper, `@cli.command()` of an `AsyncTyper` whose decorator registers
 * `lambda *a: asyncio.run(func(*a))` — when it is the definition's innermost decorator. The ones above
 * it (`@rip.command()`, `@click.argument(...)`, `@click.pass_context`) get the sync wrapper: each call of
 * theirs still runs the coroutine with `asyncio.run`, on a loop of its own.
 */
export function loopRunningDecorator(model: SemanticModel, definition: SyntaxNode): SyntaxNode | undefined {
  const innermost = decoratorAt(definition, -1);
  const found = innermost ? resolveDefinition(model, innermost.callee) : undefined;
  return found && runsParameterCall(found.definition) ? innermost!.decorator : undefined;
}

/** The definition's only decorator, and what it names: `@name` or the callee of `@name(...)`. */
export function soleDecorator(definition: SyntaxNode): { decorator: SyntaxNode; callee: SyntaxNode } | undefined {
  return decoratorsOf(definition).length === 1 ? decoratorAt(definition, 0) : undefined;
}

/** The decorator at `index` (negative from the innermost), and what it names. */
function decoratorAt(definition: SyntaxNode, index: number): { decorator: SyntaxNode; callee: SyntaxNode } | undefined {
  const decorator = decoratorsOf(definition).at(index);
  const callee = decorator && decoratorParts(decorator)?.callee;
  return callee ? { decorator, callee } : undefined;
}

/** The names Robot Framework's keyword decorator is imported by. */
const KEYWORD_DECORATORS = new Set(['robot.api.deco.keyword', 'robot.api.keyword']);

/**
 * Robot Framework's `@keyword` (or `@keyword("Name", tags=...)`), when it is the definition's only
 * decorator: Robot Framework awaits an async keyword to its end on its loop before the next keyword
 * starts, so the keyword runs alone unless its library starts tasks that outlive it.
 */
export function keywordDecorator(model: SemanticModel, definition: SyntaxNode): SyntaxNode | undefined {
  const sole = soleDecorator(definition);
  return sole && KEYWORD_DECORATORS.has(model.qualifiedName(sole.callee) ?? '') ? sole.decorator : undefined;
}

/**
 * `_run(fetch(x))` from sync code, where `_run` is a sync function of the workspace whose parameter
 * at that position it runs with `asyncio.run(coro)`: that call of `_run`, else undefined.
 */
export function loopRunningHelperCall(model: SemanticModel, coroutineCall: SyntaxNode): SyntaxNode | undefined {
  const holder = logicalParent(coroutineCall);
  const call = holder?.type === 'argument_list' ? holder.parent : null;
  if (call?.type !== 'call' || model.isOnEventLoop(call)) return undefined;
  const position = callArguments(call).positional.findIndex((argument) => argument.id === coroutineCall.id);
  const found = position >= 0 ? resolveDefinition(model, field(call, 'function') ?? call) : undefined;
  if (!found || found.bound || isAsyncFunction(found.definition.node) || isMethod(found.definition.node)) return undefined;
  const parameter = parameterNames(found.definition.node)[position];
  return parameter && runsParameter(found.definition, found.definition.node, parameter, false) ? call : undefined;
}

/** A def (at any depth inside `definition`) that runs `asyncio.run(f(...))`, `f` a parameter of a def around it. */
function runsParameterCall(definition: Definition): boolean {
  const { model, node } = definition;
  for (const inner of [node, ...model.nodesWithin('function_definition', node.startIndex, node.endIndex)]) {
    for (const parameter of parameterNames(inner)) {
      if (runsParameter(definition, inner, parameter, true)) return true;
    }
  }
  return false;
}

/** `asyncio.run(p)` (or `asyncio.run(p(...))` when `called`) within `scope`, `p` the parameter of `scope`. */
function runsParameter({ model }: Definition, scope: SyntaxNode, parameter: string, called: boolean): boolean {
  for (const runner of model.nodesWithin('call', scope.startIndex, scope.endIndex)) {
    const callee = field(runner, 'function');
    if (!callee || model.qualifiedName(callee) !== 'asyncio.run') continue;
    const first = callArguments(runner).positional[0];
    const argument = first ? unparenthesize(first) : undefined;
    const named = called ? (argument?.type === 'call' ? field(argument, 'function') : null) : argument;
    if (named?.type !== 'identifier' || named.text !== parameter) continue;
    const binding = model.lookup(parameter, named);
    if (binding?.kind === 'parameter' && binding.owner?.id === scope.id) return true;
  }
  return false;
}

/** unittest's test case that runs each test's coroutines on an event loop of its own. */
const ISOLATED_TEST_CASES = new Set(['unittest.IsolatedAsyncioTestCase', 'unittest.async_case.IsolatedAsyncioTestCase']);

/** The coroutine methods `IsolatedAsyncioTestCase` runs, set up first and torn down last. */
export type TestStep = 'setUp' | 'test' | 'tearDown';

/**
 * `asyncSetUp`, `test*` or `asyncTearDown` of a class deriving directly from `unittest.IsolatedAsyncioTestCase`,
 * undecorated: the test case runs each test on a fresh loop of its own, `asyncSetUp`, the test and
 * `asyncTearDown` one after the other, so each runs alone unless the others start tasks. Its class too.
 */
export function isolatedTestStep(model: SemanticModel, definition: SyntaxNode): { step: TestStep; cls: SyntaxNode } | undefined {
  if (!isAsyncFunction(definition) || decoratorsOf(definition).length > 0 || !isMethod(definition)) return undefined;
  const name = field(definition, 'name')?.text ?? '';
  const step: TestStep | undefined = name === 'asyncSetUp' ? 'setUp' : name === 'asyncTearDown' ? 'tearDown' : name.startsWith('test') ? 'test' : undefined;
  const cls = definition.parent?.parent;
  if (!step || cls?.type !== 'class_definition') return undefined;
  const bases = namedChildren(field(cls, 'superclasses') ?? cls).filter((base) => base.type === 'identifier' || base.type === 'attribute');
  return bases.some((base) => ISOLATED_TEST_CASES.has(model.qualifiedName(base) ?? '')) ? { step, cls } : undefined;
}
