import { endOf, startOf } from '../fixes/edits';
import { t } from '../l10n';
import { field, namedChildren, statements, unparenthesize } from '../syntax';
import type { Rule } from './rule';

/**
 * ASYNC110: `while cond: await asyncio.sleep(x)` — a loop whose whole body is one awaited sleep
 * polls for a condition instead of waiting for it.
 */
export const busyWait: Rule = {
  codes: [{ code: 'ASYNC110', title: 'Busy-wait loop around asyncio.sleep', defaultSeverity: 'warning', aliases: ['S7484'] }],
  check(context) {
    if (!context.isEnabled('ASYNC110')) return;
    const { model } = context;
    for (const loop of model.nodes('while_statement')) {
      const body = statements(field(loop, 'body'));
      if (body.length !== 1 || body[0].type !== 'expression_statement') continue;
      const expression = namedChildren(body[0]);
      if (expression.length !== 1) continue;
      const awaited = unparenthesize(expression[0]);
      if (awaited.type !== 'await') continue;
      const call = namedChildren(awaited).map(unparenthesize)[0];
      const callee = call?.type === 'call' ? field(call, 'function') : null;
      if (!callee || model.qualifiedName(callee) !== 'asyncio.sleep') continue;
      const condition = field(loop, 'condition');
      context.report({
        code: 'ASYNC110',
        range: {
          start: startOf(loop),
          end: condition
            ? endOf(condition)
            : { line: loop.startPosition.row, character: loop.startPosition.column + 'while'.length },
        },
        message: t(
          'This loop only sleeps until its condition changes (busy-wait): wait on an `asyncio.Event` (or `asyncio.Condition`) that the code changing the condition sets.',
        ),
      });
    }
  },
};
