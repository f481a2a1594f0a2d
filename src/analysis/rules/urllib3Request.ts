import { findBlockingApi, isHttpVerbRequest } from '../catalog/blockingApis';
import { t } from '../l10n';
import { field } from '../syntax';
import type { Rule } from './rule';

/** ASYNC211: `pool.request("GET", …)` on a value of unknown type, in a file that imports urllib3. */
export const urllib3Request: Rule = {
  codes: [{ code: 'ASYNC211', title: 'Likely blocking urllib3 pool request in async function', defaultSeverity: 'warning' }],
  check(context) {
    const { model } = context;
    if (!context.isEnabled('ASYNC211') || !model.importsModule('urllib3')) return;
    for (const call of model.nodes('call')) {
      if (!isHttpVerbRequest(call) || model.isAwaited(call)) continue;
      const callee = field(call, 'function')!;
      // Calls the blocking table knows (`requests.request("GET", …)`) are reported there.
      if (findBlockingApi(model.callTargets(call), call, model)) continue;
      if (!model.isOnEventLoop(call)) continue;
      context.report({
        code: 'ASYNC211',
        node: callee,
        message: t('Likely blocking urllib3 request `{0}` in async function: use {1} instead.', callee.text, t('`aiohttp.ClientSession` or `httpx.AsyncClient`')),
      });
    }
  },
};
