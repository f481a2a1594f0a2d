import { replaceNode } from '../fixes/edits';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { isEventLoop, resolveAsyncFunction, type ResolutionContext, valueType } from '../semantic/awaitables';
import { callArguments, field, unparenthesize } from '../syntax';
import { callsNamed } from '../semantic/callIndex';
import type { Fix } from '../types';
import type { Rule } from './rule';

/** Calls that start an event loop: `asyncio.run(…)`, `loop.run_until_complete(…)`, `loop.run_forever()`, `runner.run(…)`. */
export function loopStarter(context: ResolutionContext, call: SyntaxNode): { label: string; takesCoroutine: boolean } | undefined {
  const { model } = context;
  const callee = field(call, 'function');
  if (!callee) return undefined;
  if (model.qualifiedName(callee) === 'asyncio.run') return { label: unparenthesize(callee).text, takesCoroutine: true };
  const target = unparenthesize(callee);
  const object = target.type === 'attribute' ? field(target, 'object') : null;
  const method = target.type === 'attribute' ? field(target, 'attribute')?.text : undefined;
  if (!object || !method) return undefined;
  const label = target.text.replace(/\s+/g, '');
  if (method === 'run' && valueType(model, object) === 'asyncio.Runner') return { label, takesCoroutine: true };
  if ((method === 'run_until_complete' || method === 'run_forever') && isEventLoop(model, object)) {
    return { label, takesCoroutine: method === 'run_until_complete' };
  }
  return undefined;
}

/** Operands `await` takes without parentheses. */
const PRIMARY = new Set(['identifier', 'attribute', 'call', 'subscript', 'parenthesized_expression', 'list', 'dictionary', 'set', 'tuple', 'string']);

/** True when the call is used as a primary (`run(x).attr`, `run(x)[0]`, `run(x)()`), where `await x` needs parentheses. */
function usedAsPrimary(call: SyntaxNode): boolean {
  const parent = call.parent;
  if (!parent) return false;
  const slot = { attribute: 'object', subscript: 'value', call: 'function' }[parent.type as 'attribute' | 'subscript' | 'call'];
  return (slot !== undefined && field(parent, slot)?.id === call.id) || parent.type === 'await';
}

/** `asyncio.run(coro)` → `await coro`, where `await` means the same thing in that position (`scope`: the enclosing `async def`, or the module in a notebook). */
export function awaitInsteadFix(context: ResolutionContext, call: SyntaxNode, asyncDef: SyntaxNode): Fix[] {
  const args = callArguments(call);
  if (args.hasSplat || args.keywords.size > 0 || args.positional.length !== 1) return [];
  const coroutine = args.positional[0];
  if (resolveAsyncFunction(context, coroutine)) return []; // AIO101: the function itself, not a coroutine
  for (let node = call.parent; node && node.id !== asyncDef.id; node = node.parent) {
    // Inside a generator expression `await` would turn it into an async generator.
    if (node.type === 'generator_expression') return [];
  }
  const operand = PRIMARY.has(coroutine.type) ? coroutine.text : `(${coroutine.text})`;
  const replacement = usedAsPrimary(call) ? `(await ${operand})` : `await ${operand}`;
  return [{ title: t('Replace with `await`'), edits: [replaceNode(call, replacement)], isPreferred: true }];
}

/** AIO102: starting an event loop from code that already runs on one (RuntimeError). */
export const nestedEventLoop: Rule = {
  codes: [{ code: 'AIO102', title: 'Event loop started inside a coroutine', defaultSeverity: 'error' }],
  check(context) {
    if (!context.isEnabled('AIO102')) return;
    const { model } = context;
    // nest_asyncio patches asyncio so that nested loops work.
    if (model.importsModule('nest_asyncio')) return;
    for (const call of callsNamed(model, ['run', 'run_until_complete', 'run_forever'])) {
      const starter = loopStarter(context, call);
      if (!starter) continue;
      const asyncDef = model.asyncContext(call);
      if (!asyncDef) continue;
      context.report({
        code: 'AIO102',
        node: call,
        message: starter.takesCoroutine
          ? t('`{0}()` inside a coroutine fails with RuntimeError: the event loop is already running. Use `await` on the coroutine instead.', starter.label)
          : t('`{0}()` inside a coroutine fails with RuntimeError: the event loop is already running. Schedule the work with `asyncio.create_task()` instead.', starter.label),
        fixes: starter.takesCoroutine && asyncDef.type === 'function_definition' ? awaitInsteadFix(context, call, asyncDef) : [],
      });
    }
  },
};
