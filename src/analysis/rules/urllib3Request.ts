import { t } from '../l10n';
import { callArguments, field, unparenthesize } from '../syntax';
import type { Rule } from './rule';

const HTTP_METHODS = /^(['"])(GET|HEAD|POST|PUT|DELETE|CONNECT|OPTIONS|TRACE|PATCH)\1$/;

/** ASYNC211: `pool.request("GET", …)` on a value of unknown type, in a file that imports urllib3. */
export const urllib3Request: Rule = {
  codes: [{ code: 'ASYNC211', title: 'Likely blocking urllib3 pool request in async function', defaultSeverity: 'warning' }],
  check(context) {
    const { model } = context;
    if (!context.isEnabled('ASYNC211') || !model.importsModule('urllib3')) return;
    for (const call of model.nodes('call')) {
      const callee = field(call, 'function');
      const attribute = callee?.type === 'attribute' ? field(callee, 'attribute') : null;
      if (attribute?.text !== 'request' || model.isAwaited(call)) continue;
      const method = callArguments(call).positional[0];
      if (!method || !HTTP_METHODS.test(unparenthesize(method).text)) continue;
      // A module function (`requests.request`) or a value of known type is the blocking table's business.
      if (model.callTargets(call).length > 0) continue;
      if (!model.isOnEventLoop(call)) continue;
      context.report({
        code: 'ASYNC211',
        node: callee!,
        message: t('Likely blocking urllib3 request `{0}` in async function: use {1} instead.', callee!.text, t('`aiohttp.ClientSession` or `httpx.AsyncClient`')),
      });
    }
  },
};
