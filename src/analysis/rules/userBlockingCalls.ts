import { parseExtraBlockingCalls } from '../options';
import { t } from '../l10n';
import { calleeLabel, dottedText, field } from '../syntax';
import { compileWildcard } from '../wildcard';
import type { Rule } from './rule';
import { blockingCallFixes } from '../fixes/blocking';

/** ASYNC200: calls the user declared blocking (`pattern -> suggestion`), matched like flake8-async's fnmatch. */
export const userBlockingCalls: Rule = {
  codes: [{ code: 'ASYNC200', title: 'User-configured blocking call in async function', defaultSeverity: 'warning' }],
  check(context) {
    const { model } = context;
    const entries = parseExtraBlockingCalls(context.options.extraBlockingCalls);
    if (entries.length === 0 || !context.isEnabled('ASYNC200')) return;
    const matchers = entries.map((entry) => ({ entry, test: compileWildcard(entry.pattern) }));
    for (const call of model.nodes('call')) {
      if (model.isAwaited(call)) continue;
      const callee = field(call, 'function');
      if (!callee) continue;
      const names = [...model.callTargets(call), dottedText(callee)].filter((name): name is string => !!name);
      const found = matchers.find(({ test }) => names.some((name) => test(name)));
      if (!found || !model.isOnEventLoop(call)) continue;
      const suggestion = found.entry.suggestion;
      context.report({
        code: 'ASYNC200',
        node: callee,
        fixes: () => blockingCallFixes(model, call, { kind: 'toThread', matchedName: names[0], label: calleeLabel(call) }),
        message: suggestion
          ? t('User-configured blocking call `{0}` in async function: use {1} instead.', calleeLabel(call), suggestion)
          : t('User-configured blocking call `{0}` in async function.', calleeLabel(call)),
      });
    }
  },
};
