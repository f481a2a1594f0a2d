import { insertAt, startOf } from '../fixes/edits';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { awaitableCall, possibleAwaitableCalls } from '../semantic/awaitables';
import type { SemanticModel } from '../semantic/model';
import { namedChildren } from '../syntax';
import type { Fix } from '../types';
import { calleeLabel } from './blockingCalls';
import type { Rule } from './rule';

/** The expression statement a call is, through parentheses (`f()`, `(f())`), and that outermost expression. */
function asStatement(call: SyntaxNode): { statement: SyntaxNode; expression: SyntaxNode } | undefined {
  let expression = call;
  while (expression.parent?.type === 'parenthesized_expression') expression = expression.parent;
  const statement = expression.parent;
  if (statement?.type !== 'expression_statement') return undefined;
  const parts = namedChildren(statement).filter((child) => child.type !== 'comment');
  return parts.length === 1 ? { statement, expression } : undefined;
}

/** `await` is valid before the statement only directly in an `async def` body (not in a syntax-error region). */
function awaitFix(model: SemanticModel, statement: SyntaxNode, expression: SyntaxNode): Fix[] {
  if (model.asyncContext(statement)?.type !== 'function_definition') return [];
  return [{ title: t('Insert `await`'), edits: [insertAt(startOf(expression), 'await ')], isPreferred: true }];
}

function message(isFuture: boolean, inAsync: boolean, label: string): string {
  if (isFuture) {
    return t('The future returned by `{0}(…)` is never awaited: its result and exceptions are lost. Await it, or keep a reference and check it later.', label);
  }
  if (inAsync) return t('Coroutine `{0}(…)` is created but never awaited, so it never runs: add `await`.', label);
  return t(
    'Coroutine `{0}(…)` is created but never awaited, so it never runs: await it inside an `async def`, or run it with `asyncio.run()` from synchronous code.',
    label,
  );
}

/** AIO100: an expression statement that creates a coroutine (or an asyncio future) and drops it. */
export const coroutineNeverAwaited: Rule = {
  codes: [{ code: 'AIO100', title: 'Coroutine never awaited', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO100')) return;
    const { model } = context;
    for (const call of possibleAwaitableCalls(context)) {
      const found = asStatement(call);
      const awaitable = found ? awaitableCall(context, call) : undefined;
      if (!found || !awaitable) continue;
      context.report({
        code: 'AIO100',
        node: call,
        message: message(awaitable.kind === 'future', model.isOnEventLoop(found.statement), calleeLabel(call)),
        fixes: () => awaitFix(model, found.statement, found.expression),
      });
    }
  },
};
