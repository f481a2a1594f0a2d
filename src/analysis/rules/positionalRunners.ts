import { LOOP_FUNCTION_ARGUMENTS } from '../catalog/asyncioApis';
import { endOf, insertAt, startOf } from '../fixes/edits';
import { importedReference } from '../fixes/blocking';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { isEventLoop } from '../semantic/awaitables';
import { callsNamed } from '../semantic/callIndex';
import type { SemanticModel } from '../semantic/model';
import { field, namedChildren } from '../syntax';
import type { Fix } from '../types';
import type { Rule } from './rule';

/**
 * Loop methods that run a function with the positional arguments given after it and take no keyword argument
 * for it (positions from LOOP_FUNCTION_ARGUMENTS), and the keywords each method itself accepts.
 */
const OWN_KEYWORDS: Record<string, readonly string[]> = {
  run_in_executor: [],
  call_soon: ['context'],
  call_soon_threadsafe: ['context'],
  call_later: ['context'],
  call_at: ['context'],
};
/** Home Assistant's executor job: `hass.async_add_executor_job(target, *args)`. */
const EXECUTOR_JOB = { position: 0, own: [] as readonly string[] };

/**
 * AIO117: `loop.run_in_executor(None, requests.get, url, timeout=5)`, `hass.async_add_executor_job(f, x, key=1)`,
 * `loop.call_soon(f, key=1)`: these pass only positional arguments on, and raise TypeError at a keyword meant for the
 * function. The fix binds the function and its arguments with `functools.partial`.
 */
export const positionalRunners: Rule = {
  codes: [{ code: 'AIO117', title: 'Keyword argument given to a runner that passes only positional ones', defaultSeverity: 'error' }],
  check(context) {
    if (!context.isEnabled('AIO117')) return;
    const { model } = context;
    for (const call of callsNamed(model, [...Object.keys(OWN_KEYWORDS), 'async_add_executor_job'])) {
      const callee = field(call, 'function');
      const runner = callee ? runnerOf(model, callee) : undefined;
      const args = field(call, 'arguments');
      if (!runner || !args || args.type !== 'argument_list') continue;
      const items = namedChildren(args).filter((item) => item.type !== 'comment');
      const positional = items.filter((item) => item.type !== 'keyword_argument' && item.type !== 'dictionary_splat');
      const target = positional[runner.position];
      // `*args` before the function hides where it is.
      if (!target || positional.slice(0, runner.position + 1).some((item) => item.type === 'list_splat')) continue;
      const foreign = items.filter((item) => item.type === 'keyword_argument' && !runner.own.includes(field(item, 'name')?.text ?? ''));
      if (foreign.length === 0) continue;
      const keyword = field(foreign[0], 'name')?.text ?? '';
      context.report({
        code: 'AIO117',
        node: foreign[0],
        message: t(
          '`{0}` passes only positional arguments on to `{1}` and takes no `{2}=` itself: this call raises TypeError. Bind the arguments first: `functools.partial({1}, …, {2}=…)`.',
          callee!.text.replace(/\s+/g, ''),
          target.text,
          keyword,
        ),
        fixes: () => partialFix(model, call, target, items, runner.own),
      });
    }
  },
};

function runnerOf(model: SemanticModel, callee: SyntaxNode): { position: number; own: readonly string[] } | undefined {
  const object = callee.type === 'attribute' ? field(callee, 'object') : null;
  const method = callee.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
  if (!object || !method) return undefined;
  if (method === 'async_add_executor_job') return model.importsModule('homeassistant') ? EXECUTOR_JOB : undefined;
  const own = OWN_KEYWORDS[method];
  return own && isEventLoop(model, object) ? { position: LOOP_FUNCTION_ARGUMENTS[method].position, own } : undefined;
}

/** `run_in_executor(None, f, a, k=v)` → `run_in_executor(None, functools.partial(f, a, k=v))`, when the method's own keywords are not mixed in. */
function partialFix(model: SemanticModel, call: SyntaxNode, target: SyntaxNode, items: SyntaxNode[], own: readonly string[]): Fix[] {
  const after = items.filter((item) => item.startIndex >= target.startIndex);
  if (after.some((item) => item.type === 'keyword_argument' && own.includes(field(item, 'name')?.text ?? ''))) return [];
  const partial = importedReference(model, 'functools', 'partial', call);
  if (!partial) return [];
  const last = after[after.length - 1];
  return [
    {
      title: t('Bind the arguments with `{0}(...)`', partial.text),
      edits: [...partial.edits, insertAt(startOf(target), `${partial.text}(`), insertAt(endOf(last), ')')],
      isPreferred: true,
    },
  ];
}
