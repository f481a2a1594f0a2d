import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { field, isAsyncFunction } from '../syntax';
import { decoratorsOf, isMethod, isStubBody } from './helpers/functions';
import { containsYield, suspends } from './helpers/suspension';
import type { Rule } from './rule';

/**
 * True when the function is used as a value somewhere in the file (`web.get("/", handler)`,
 * `serve(handler, …)`, `callbacks = [on_message]`): whatever receives it may require a coroutine function.
 */
function isPassedAround(model: SemanticModel, definition: SyntaxNode, name: string): boolean {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_.])${name}(?![\\p{L}\\p{N}_])`, 'gu');
  for (const match of model.source.matchAll(pattern)) {
    const identifier = model.root.descendantForIndex(match.index, match.index + name.length);
    if (identifier?.type !== 'identifier' || identifier.startIndex !== match.index) continue;
    const parent = identifier.parent;
    if (!parent || (parent.type === 'function_definition' && field(parent, 'name')?.id === identifier.id)) continue;
    if (parent.type === 'call' && field(parent, 'function')?.id === identifier.id) continue;
    if (model.lookup(name, identifier)?.node.id === definition.id) return true;
  }
  return false;
}

/**
 * ASYNC124: an `async def` that never awaits could be a plain function. Off by default. Skipped:
 * methods (an interface may require `async`), stubs, decorated functions (framework handlers,
 * `@asynccontextmanager`, fixtures…), functions handed to other code as callbacks, and async
 * generators (consumers use `async for`).
 */
export const asyncWithoutAwait: Rule = {
  codes: [{ code: 'ASYNC124', title: 'Async function never awaits', defaultSeverity: 'off', aliases: ['RUF029', 'S7503'] }],
  check(context) {
    if (!context.isEnabled('ASYNC124')) return;
    for (const definition of context.model.nodes('function_definition')) {
      if (!isAsyncFunction(definition) || isMethod(definition) || decoratorsOf(definition).length > 0) continue;
      const body = field(definition, 'body');
      const name = field(definition, 'name');
      if (!body || !name || isStubBody(body) || suspends(body) || containsYield(body)) continue;
      if (isPassedAround(context.model, definition, name.text)) continue;
      context.report({
        code: 'ASYNC124',
        node: name,
        message: t('Async function `{0}` never awaits: make it a plain `def` (and stop awaiting it), or await the work it should wait for.', name.text),
      });
    }
  },
};
