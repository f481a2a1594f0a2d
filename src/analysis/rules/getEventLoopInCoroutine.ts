import { endOf, insertAt, moduleAttribute, replaceNode } from '../fixes/edits';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { callsNamed } from '../semantic/callIndex';
import type { SemanticModel } from '../semantic/model';
import { field, namedChildren, unparenthesize } from '../syntax';
import type { Fix, TextEdit } from '../types';
import { runsOnlyBefore } from './helpers/versionGuards';
import type { Rule } from './rule';

const GET_EVENT_LOOP = new Set(['asyncio.get_event_loop', 'asyncio.events.get_event_loop']);
const GET_RUNNING_LOOP = new Set(['asyncio.get_running_loop', 'asyncio.events.get_running_loop']);
const RUNNING_LOOP_API = new Set(['get_running_loop']);

/**
 * The callee rewritten to `get_running_loop`, in the user's import style: `asyncio.get_event_loop`
 * → `asyncio.get_running_loop`; a name imported with `from asyncio import get_event_loop` → the
 * name `get_running_loop`, added to that import (or `asyncio.get_running_loop` when the name is taken).
 */
function runningLoopEdits(model: SemanticModel, callee: SyntaxNode): TextEdit[] {
  if (callee.type === 'attribute') {
    const attribute = field(callee, 'attribute');
    return attribute ? [replaceNode(attribute, 'get_running_loop')] : [];
  }
  const existing = model.lookup('get_running_loop', callee);
  if (existing?.kind === 'import' && GET_RUNNING_LOOP.has(existing.importedName ?? '')) return [replaceNode(callee, 'get_running_loop')];
  const binding = model.lookup(callee.text, callee);
  const statement = binding?.kind === 'import' ? importStatementOf(binding.node) : undefined;
  const lastName = statement ? statement.childrenForFieldName('name').filter((name) => name !== null).pop() : undefined;
  if (!existing && statement && lastName && field(statement, 'module_name')?.text === 'asyncio') {
    return [replaceNode(callee, 'get_running_loop'), insertAt(endOf(lastName), ', get_running_loop')];
  }
  const qualified = moduleAttribute(model, 'asyncio', 'get_running_loop', callee);
  return [replaceNode(callee, qualified.text), ...qualified.edits];
}

function importStatementOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'import_from_statement') return parent;
    if (parent.type !== 'aliased_import' && parent.type !== 'dotted_name') return undefined;
  }
  return undefined;
}

/** AIO103: `asyncio.get_event_loop()` inside a coroutine, where `get_running_loop()` says what is meant. */
export const getEventLoopInCoroutine: Rule = {
  codes: [{ code: 'AIO103', title: 'asyncio.get_event_loop() in a coroutine', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO103')) return;
    const { model } = context;
    for (const call of callsNamed(model, ['get_event_loop'])) {
      const callee = field(call, 'function');
      if (!callee || !GET_EVENT_LOOP.has(model.qualifiedName(callee) ?? '') || !model.isOnEventLoop(call)) continue;
      // Code for Pythons without `get_running_loop` (before 3.7) cannot take the advice.
      if (runsOnlyBefore(call, [3, 7], RUNNING_LOOP_API, model)) continue;
      const target = unparenthesize(callee);
      const hasArguments = namedChildren(field(call, 'arguments') ?? call).some((child) => child.type !== 'comment');
      const fixes: Fix[] = hasArguments
        ? []
        : [{ title: t('Replace with `get_running_loop()`'), edits: runningLoopEdits(model, target), isPreferred: true }];
      context.report({
        code: 'AIO103',
        node: call,
        message: t(
          '`{0}()` in a coroutine: use `asyncio.get_running_loop()`, which always returns the loop running this code (`get_event_loop()` is deprecated outside it and may create a new loop).',
          target.text,
        ),
        fixes,
      });
    }
  },
};
