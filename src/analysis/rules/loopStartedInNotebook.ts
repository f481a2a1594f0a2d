import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { callsNamed } from '../semantic/callIndex';
import { awaitInsteadFix, loopStarter } from './nestedEventLoop';
import type { Rule } from './rule';

/** Code that runs when the cell runs: not inside a `def` or `lambda` (class bodies run at once). */
function runsAtTopLevel(call: SyntaxNode): boolean {
  for (let node = call.parent; node; node = node.parent) {
    if (node.type === 'function_definition' || node.type === 'lambda') return false;
  }
  return true;
}

/**
 * AIO111: a Jupyter notebook's cells run inside the kernel's event loop, so `asyncio.run()` (or
 * `loop.run_until_complete()`) in a cell fails with RuntimeError; top-level `await` is the way.
 * Only reported when the host says the code runs in a loop (notebooks), and not with nest_asyncio.
 */
export const loopStartedInNotebook: Rule = {
  codes: [{ code: 'AIO111', title: 'Event loop started in a notebook cell', defaultSeverity: 'error' }],
  check(context) {
    if (!context.inRunningLoop || !context.isEnabled('AIO111')) return;
    const { model } = context;
    if (model.importsModule('nest_asyncio')) return;
    for (const call of callsNamed(model, ['run', 'run_until_complete', 'run_forever'])) {
      const starter = loopStarter(context, call);
      if (!starter || !runsAtTopLevel(call)) continue;
      context.report({
        code: 'AIO111',
        node: call,
        message: starter.takesCoroutine
          ? t('`{0}()` in a notebook cell fails with RuntimeError: the notebook already runs an event loop. Use top-level `await` instead.', starter.label)
          : t('`{0}()` in a notebook cell fails with RuntimeError: the notebook already runs an event loop. Schedule the work with `asyncio.create_task()` instead.', starter.label),
        fixes: starter.takesCoroutine ? awaitInsteadFix(context, call, model.root) : [],
      });
    }
  },
};
