import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { argument, callArguments, field, logicalParent } from '../syntax';
import { callsNamed } from '../semantic/callIndex';
import { constantNumber } from './helpers/constants';
import { moduleAttribute, replaceNode } from '../fixes/edits';
import type { Fix } from '../types';
import type { Rule } from './rule';

const ONE_DAY = 86_400;

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

/** `await asyncio.sleep(n)` as a statement of its own: the only place the replacement is safe to write. */
function isAwaitedStatement(call: SyntaxNode): boolean {
  const awaitNode = logicalParent(call);
  return awaitNode?.type === 'await' && logicalParent(awaitNode)?.type === 'expression_statement';
}

/** AIO110: `asyncio.sleep(n)` with n over a day (or infinite) means "wait forever" — say so with an Event. */
export const overlongSleep: Rule = {
  codes: [{ code: 'AIO110', title: 'Sleep longer than a day used to wait forever', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO110')) return;
    const { model } = context;
    for (const call of callsNamed(model, ['sleep'])) {
      const callee = field(call, 'function');
      if (!callee || model.qualifiedName(callee) !== 'asyncio.sleep') continue;
      const delay = argument(callArguments(call), 0, 'delay');
      const value = delay ? constantNumber(model, delay) : undefined;
      if (value === undefined || !(value > ONE_DAY)) continue;
      const fixes: Fix[] = [];
      if (isAwaitedStatement(call)) {
        const event = moduleAttribute(model, 'asyncio', 'Event', call);
        fixes.push({ title: t('Wait forever with `asyncio.Event().wait()`'), edits: [replaceNode(call, `${event.text}().wait()`), ...event.edits], isPreferred: true });
      }
      context.report({
        code: 'AIO110',
        node: call,
        message: t(
          '`asyncio.sleep({0})` sleeps for more than a day: to wait forever, use `await asyncio.Event().wait()` (or wait for the event that should end it).',
          shorten(delay!.text),
        ),
        fixes,
      });
    }
  },
};
