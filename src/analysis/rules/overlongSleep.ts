import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { argument, callArguments, field, logicalParent, namedChildren, statements } from '../syntax';
import { callsNamed } from '../semantic/callIndex';
import type { SemanticModel } from '../semantic/model';
import { blockOf, cancellationHandlers } from '../semantic/reraisePaths';
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

/**
 * `try: await asyncio.sleep(math.inf)` with an `except CancelledError` (or a `finally`) that does
 * something: a task that waits to be cancelled (at shutdown) and cleans up then. The end of the wait
 * is named, which is all the rule asks.
 */
function waitsUntilCancelled(model: SemanticModel, call: SyntaxNode): boolean {
  if (!isAwaitedStatement(call)) return false;
  const statement = logicalParent(logicalParent(call)!)!;
  const block = statement.parent;
  const tryStatement = block?.parent;
  if (block?.type !== 'block' || tryStatement?.type !== 'try_statement' || field(tryStatement, 'body')?.id !== block.id) return false;
  const finallyClauses = namedChildren(tryStatement).filter((clause) => clause.type === 'finally_clause');
  const clauses = [...cancellationHandlers(model, tryStatement).map((handler) => handler.clause), ...finallyClauses];
  return clauses.some((clause) => statements(blockOf(clause)).some((inner) => inner.type !== 'pass_statement' && inner.text !== '...'));
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
      if (value === undefined || !(value > ONE_DAY) || waitsUntilCancelled(model, call)) continue;
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
