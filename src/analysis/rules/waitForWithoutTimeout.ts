import { replaceNode } from '../fixes/edits';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { callsNamed } from '../semantic/callIndex';
import { argument, callArguments, field, unparenthesize } from '../syntax';
import type { Fix } from '../types';
import type { Rule } from './rule';

/** Expressions that stay one operand wherever the call stood. */
const PRIMARY = new Set(['identifier', 'attribute', 'call', 'subscript', 'parenthesized_expression', 'list', 'dictionary', 'set', 'tuple']);

/** `asyncio.wait_for(x, None)` → `x`: awaiting it directly means the same. */
function unwrapFix(call: SyntaxNode, awaitable: SyntaxNode): Fix[] {
  const text = PRIMARY.has(awaitable.type) ? awaitable.text : `(${awaitable.text})`;
  return [{ title: t('Remove `wait_for` (without a timeout it adds nothing)'), edits: [replaceNode(call, text)], isPreferred: true }];
}

/** AIO105: `asyncio.wait_for(…, None)`, a timeout that never fires. */
export const waitForWithoutTimeout: Rule = {
  codes: [{ code: 'AIO105', title: 'asyncio.wait_for() without a timeout', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO105')) return;
    const { model } = context;
    for (const call of callsNamed(model, ['wait_for'])) {
      const callee = field(call, 'function');
      if (!callee || model.qualifiedName(callee) !== 'asyncio.wait_for') continue;
      const args = callArguments(call);
      const timeout = argument(args, 1, 'timeout');
      if (!timeout || unparenthesize(timeout).type !== 'none') continue;
      const awaitable = argument(args, 0, 'fut');
      const exact = awaitable && !args.hasSplat && args.positional.length + args.keywords.size === 2;
      context.report({
        code: 'AIO105',
        node: timeout,
        message: t(
          '`asyncio.wait_for(…)` with a timeout of `None` never times out: await the operation directly, or give a real timeout (on Python 3.11+, `async with asyncio.timeout(delay):` around the awaits).',
        ),
        fixes: () => exact ? unwrapFix(call, awaitable) : [],
      });
    }
  },
};
