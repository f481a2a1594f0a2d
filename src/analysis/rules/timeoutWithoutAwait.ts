import { t } from '../l10n';
import { calleeLabel, field, isAsyncWith, unparenthesize } from '../syntax';
import type { Fix } from '../types';
import { unwrapBlock, withItems } from './helpers/blocks';
import { containsYield, suspends } from './helpers/suspension';
import type { Rule } from './rule';

/** Timeout context managers that can only fire while the block is suspended. */
const TIMEOUTS = new Set(['asyncio.timeout', 'asyncio.timeout_at', 'async_timeout.timeout', 'async_timeout.timeout_at']);

/**
 * ASYNC100: `async with asyncio.timeout(…):` around code that never awaits — the timeout is
 * checked only when the task suspends, so it can never fire. In `async with a, b:`, entering `b`
 * awaits inside `a`, so only the last item of an `async with` depends on the body.
 */
export const timeoutWithoutAwait: Rule = {
  codes: [{ code: 'ASYNC100', title: 'Timeout block contains no await', defaultSeverity: 'warning', aliases: ['S7490'] }],
  check(context) {
    if (!context.isEnabled('ASYNC100')) return;
    const { model } = context;
    for (const statement of model.nodes('with_statement')) {
      const body = field(statement, 'body');
      if (!body) continue;
      const items = withItems(statement);
      const candidates = isAsyncWith(statement) ? items.slice(-1) : items;
      const timeouts = candidates.filter(({ value }) => {
        const node = unparenthesize(value);
        const callee = node.type === 'call' ? field(node, 'function') : null;
        const name = callee ? model.qualifiedName(callee) : undefined;
        return name !== undefined && TIMEOUTS.has(name);
      });
      if (timeouts.length === 0 || suspends(body) || containsYield(body)) continue;
      for (const { value } of timeouts) {
        const fixes: Fix[] = [];
        if (items.length === 1 && !items[0].alias) {
          const edit = unwrapBlock(model, statement, body);
          if (edit) fixes.push({ title: t('Remove the timeout block (it can never fire)'), edits: [edit] });
        }
        context.report({
          code: 'ASYNC100',
          node: value,
          message: t(
            '`{0}(...)` block contains no `await`: the timeout can only fire while the task is suspended. Remove the block, or put the awaited work inside it.',
            calleeLabel(unparenthesize(value)),
          ),
          fixes,
        });
      }
    }
  },
};
