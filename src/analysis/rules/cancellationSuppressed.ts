import { t } from '../l10n';
import { catchesCancellation, isTrioCode } from '../semantic/reraisePaths';
import { callArguments, field, isAsyncWith, namedChildren, unparenthesize } from '../syntax';
import { awaitsOnlyCancelledTasks, endsCoroutineAfter, taskEntryPoint } from './helpers/cancellationContext';
import { programMainAt } from './helpers/soleCoroutine';
import { suspends } from './helpers/suspension';
import type { Rule } from './rule';

/**
 * AIO104: `with contextlib.suppress(asyncio.CancelledError)` (or `BaseException`) around code that
 * awaits. A task's own cancellation arrives at its await points, so the block swallows it. Not
 * reported when the block only awaits tasks cancelled just before (`task.cancel()`, then
 * `with suppress(CancelledError): await task`): the documented way to stop a task. Information when
 * the coroutine only runs as a task of its own (or as its program's main coroutine) and goes on to
 * its end after the block, as for ASYNC103: the task finishes instead of ending cancelled.
 */
export const cancellationSuppressed: Rule = {
  codes: [{ code: 'AIO104', title: 'Cancellation suppressed with contextlib.suppress', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO104')) return;
    const { model } = context;
    if (isTrioCode(model)) return;
    for (const statement of model.nodes('with_statement')) {
      if (isAsyncWith(statement) || !model.isOnEventLoop(statement)) continue;
      const body = field(statement, 'body');
      const clause = namedChildren(statement).find((child) => child.type === 'with_clause');
      if (!body || !clause || !suspends(body) || awaitsOnlyCancelledTasks(body, statement)) continue;
      for (const item of namedChildren(clause)) {
        let value = field(item, 'value');
        if (value?.type === 'as_pattern') value = namedChildren(value)[0] ?? null;
        const call = value ? unparenthesize(value) : undefined;
        const callee = call?.type === 'call' ? field(call, 'function') : null;
        if (!call || !callee || model.qualifiedName(callee) !== 'contextlib.suppress') continue;
        const swallowed = callArguments(call).positional.find((argument) => catchesCancellation(model, argument));
        if (!swallowed) continue;
        const task = taskEntryPoint(model, statement) ?? programMainAt(context, statement);
        if (task && endsCoroutineAfter(statement, task)) {
          context.report({
            code: 'AIO104',
            node: swallowed,
            severity: 'information',
            message: t(
              '`{0}` runs only as a task of its own here, and `suppress({1})` ends it when it is cancelled: the task finishes normally instead of ending cancelled, so code that awaits it or checks `task.cancelled()` cannot tell. Catch the exception with `try`/`except` and re-raise unless that is intended.',
              field(task, 'name')?.text ?? '',
              swallowed.text,
            ),
          });
          continue;
        }
        context.report({
          code: 'AIO104',
          node: swallowed,
          message: t(
            '`suppress({0})` around an `await` also swallows the cancellation of this task, which then cannot be cancelled. Catch the exception with `try`/`except` instead, and re-raise it when this task is the one being cancelled (`asyncio.current_task().cancelling()`, Python 3.11+).',
            swallowed.text,
          ),
        });
      }
    }
  },
};
