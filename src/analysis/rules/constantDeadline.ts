import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { argument, callArguments, field, unparenthesize } from '../syntax';
import { callsNamed } from '../semantic/callIndex';
import { isEventLoop } from '../semantic/awaitables';
import type { SemanticModel } from '../semantic/model';
import { constantNumber } from './helpers/constants';
import { moduleAttribute, replaceNode } from '../fixes/edits';
import type { Fix, TextEdit } from '../types';
import type { Rule } from './rule';

/** The calls that take a deadline on the loop's clock, and their twin that takes a delay. */
interface DeadlineCall {
  deadline: SyntaxNode;
  label: string;
  relative: string;
  fix: () => TextEdit[];
}

const TIMEOUT_AT = new Set(['asyncio.timeout_at', 'asyncio.timeouts.timeout_at']);

/**
 * ASYNC125 (flake8-async's check for trio and anyio, here for asyncio): `asyncio.timeout_at(5)` or
 * `loop.call_at(5, f)`. Both take a time on the loop's clock (`loop.time()`, which counts from an
 * arbitrary start), so a constant is already past or far off: a delay was meant.
 */
export const constantDeadline: Rule = {
  codes: [{ code: 'ASYNC125', title: 'Constant absolute deadline', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('ASYNC125')) return;
    const { model } = context;
    for (const call of callsNamed(model, ['timeout_at', 'call_at'])) {
      const found = deadlineCall(model, call);
      if (!found) continue;
      const value = constantNumber(model, found.deadline);
      // `timeout_at(math.inf)` never expires, which is what it says (constantNumber values `math.inf` and `sys.maxsize` so).
      if (value === undefined || !Number.isFinite(value) || value >= Number.MAX_SAFE_INTEGER) continue;
      const fixes: Fix[] = [{ title: t('Use `{0}` (a delay)', found.relative), edits: found.fix(), isPreferred: true }];
      context.report({
        code: 'ASYNC125',
        node: found.deadline,
        message: t(
          '`{0}` takes a deadline on the event loop\'s clock (`loop.time()`, counted from an arbitrary start), not a delay: the constant `{1}` is already past or far off. Use `{2}` for a delay, or `loop.time() + {1}`.',
          found.label,
          found.deadline.text,
          found.relative,
        ),
        fixes,
      });
    }
  },
};

function deadlineCall(model: SemanticModel, call: SyntaxNode): DeadlineCall | undefined {
  const callee = field(call, 'function');
  if (!callee) return undefined;
  const args = callArguments(call);
  const deadline = argument(args, 0, 'when');
  if (!deadline) return undefined;
  const keyword = args.keywords.has('when') ? deadline.parent : undefined;
  const renamedKeyword = (): TextEdit[] => (keyword?.type === 'keyword_argument' ? [replaceNode(field(keyword, 'name')!, 'delay')] : []);
  if (TIMEOUT_AT.has(model.qualifiedName(callee) ?? '')) {
    return {
      deadline,
      label: 'asyncio.timeout_at',
      relative: 'asyncio.timeout',
      fix: () => {
        const timeout = moduleAttribute(model, 'asyncio', 'timeout', call);
        return [replaceNode(callee, timeout.text), ...renamedKeyword(), ...timeout.edits];
      },
    };
  }
  const target = unparenthesize(callee);
  const object = target.type === 'attribute' ? field(target, 'object') : null;
  const method = target.type === 'attribute' ? field(target, 'attribute') : null;
  if (method?.text !== 'call_at' || !object || !isEventLoop(model, object)) return undefined;
  return { deadline, label: 'loop.call_at', relative: 'loop.call_later', fix: () => [replaceNode(method, 'call_later'), ...renamedKeyword()] };
}
