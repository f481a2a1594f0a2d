import { findBlockingApi, isHttpVerbRequest } from '../catalog/blockingApis';
import { blockingCallFixes } from '../fixes/blocking';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { field, isAsyncWith } from '../syntax';
import type { Rule } from './rule';
import { blockingReport } from './helpers/soleCoroutine';

/** ASYNC211: `pool.request("GET", …)` on a value of unknown type, in a file that imports urllib3. */
/** `async with session.request("GET", url) as response:` is an async context manager, not a pool call. */
function isAsyncWithItem(call: SyntaxNode): boolean {
  let node = call.parent;
  if (node?.type === 'as_pattern') node = node.parent;
  if (node?.type !== 'with_item') return false;
  const statement = node.parent?.parent;
  return statement !== null && statement !== undefined && isAsyncWith(statement);
}

export const urllib3Request: Rule = {
  codes: [{ code: 'ASYNC211', title: 'Likely blocking urllib3 pool request in async function', defaultSeverity: 'warning' }],
  check(context) {
    const { model } = context;
    if (!context.isEnabled('ASYNC211') || !model.importsModule('urllib3')) return;
    for (const call of model.nodes('call')) {
      if (!isHttpVerbRequest(call) || model.isAwaited(call)) continue;
      const callee = field(call, 'function')!;
      // Calls the blocking table knows (`requests.request("GET", …)`) are reported there; a receiver
      // of another known type (`aiohttp.ClientSession`) is not a urllib3 pool.
      if (findBlockingApi(model.callTargets(call), call, model)) continue;
      const receiverType = model.typeOf(field(callee, 'object')!);
      if ((receiverType && receiverType !== 'urllib3.PoolManager') || isAsyncWithItem(call)) continue;
      if (!model.isOnEventLoop(call)) continue;
      context.report({
        code: 'ASYNC211',
        node: callee,
        fixes: () => blockingCallFixes(model, call, { kind: 'toThread', matchedName: callee.text, label: callee.text }),
        ...blockingReport(context, call, t('Likely blocking urllib3 request `{0}` in async function: use {1} instead.', callee.text, t('`aiohttp.ClientSession` or `httpx.AsyncClient`'))),
      });
    }
  },
};
