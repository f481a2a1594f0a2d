import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { isGeneratorFunction } from '../semantic/references';
import { codeLabel, field, isAsyncFunction, namedChildren, unparenthesize } from '../syntax';
import { isStubBody } from './helpers/functions';
import type { Rule } from './rule';

/** What calling a function of the workspace gives, when its `def` says so for certain. */
type Made = 'async generator' | 'coroutine' | 'generator';

/**
 * AIO114: a call whose result cannot be used the way it is — an async generator awaited (`await
 * get_db()`) or iterated with a plain `for`, a coroutine iterated with `for` or `async for`, a sync
 * generator iterated with `async for`. Each raises TypeError when it runs. Only undecorated functions
 * and methods of the workspace, whose `def` alone tells what a call makes.
 */
export const wrongIterationKind: Rule = {
  codes: [{ code: 'AIO114', title: 'Async generator awaited, or iterated with the wrong kind of for', defaultSeverity: 'error' }],
  check(context) {
    if (!context.isEnabled('AIO114')) return;
    const { model } = context;
    for (const awaited of model.nodes('await')) {
      const call = unparenthesize(namedChildren(awaited)[0] ?? awaited);
      if (call.type !== 'call' || madeBy(call, model) !== 'async generator') continue;
      context.report({
        code: 'AIO114',
        node: awaited,
        message: t('`{0}` is an async generator, which cannot be awaited: `await` raises TypeError. Iterate it with `async for`, or take one item with `await anext(...)`.', codeLabel(call)),
      });
    }
    for (const loop of [...model.nodes('for_statement'), ...model.nodes('for_in_clause')]) {
      const iterable = field(loop, 'right');
      const call = iterable ? unparenthesize(iterable) : undefined;
      if (call?.type !== 'call') continue;
      const made = madeBy(call, model);
      if (!made) continue;
      const asyncFor = loop.children.some((child) => child?.type === 'async');
      const message = asyncFor ? asyncForMessage(made, call) : syncForMessage(made, call);
      if (message) context.report({ code: 'AIO114', node: call, message });
    }
  },
};

function asyncForMessage(made: Made, call: SyntaxNode): string | undefined {
  if (made === 'generator') return t('`{0}` is a plain generator: `async for` raises TypeError (it has no `__aiter__`). Use `for`.', codeLabel(call));
  if (made === 'coroutine') return t('`{0}` makes a coroutine, not an async iterator: `async for` raises TypeError. Await it first (`for item in await {0}`), or make it an async generator.', codeLabel(call));
  return undefined;
}

function syncForMessage(made: Made, call: SyntaxNode): string | undefined {
  if (made === 'async generator') return t('`{0}` is an async generator: a plain `for` raises TypeError. Use `async for` inside an `async def`.', codeLabel(call));
  if (made === 'coroutine') return t('`{0}` makes a coroutine, which `for` cannot iterate (TypeError), and it is never awaited: `for item in await {0}` inside an `async def`.', codeLabel(call));
  return undefined;
}

/** What the call makes, when it calls an undecorated def of the workspace (a function, or a method of a known class). */
function madeBy(call: SyntaxNode, model: SemanticModel): Made | undefined {
  const definition = model.calledDefinition(field(call, 'function'));
  if (definition?.node.type !== 'function_definition' || definition.node.parent?.type === 'decorated_definition') return undefined;
  // A method that only raises `NotImplementedError`: the subclasses' overrides run, of whatever kind they are.
  if (isStubBody(field(definition.node, 'body'))) return undefined;
  const generator = isGeneratorFunction(definition.node);
  if (isAsyncFunction(definition.node)) return generator ? 'async generator' : 'coroutine';
  return generator ? 'generator' : undefined;
}
