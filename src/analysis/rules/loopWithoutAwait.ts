import { importedReference } from '../fixes/blocking';
import { endOf, insertAt, startOf } from '../fixes/edits';
import { indentationOf } from '../fixes/statements';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { asyncLibrary } from '../semantic/asyncLibrary';
import type { SemanticModel } from '../semantic/model';
import { field, isAsyncFunction, namedChildren, statements } from '../syntax';
import type { Fix } from '../types';
import { isEndlessLoop, isWhileTrue } from './helpers/endlessLoop';
import { EXIT_CALLS } from './helpers/processExit';
import { blockingReport } from './helpers/soleCoroutine';
import { containsYield, suspends, walkFrame } from './helpers/suspension';
import type { Rule } from './rule';


/**
 * ASYNC913: `while True:` in a coroutine with no `await` (nor `async for`/`async with`) inside and no way out —
 * no `break`, `return`, `raise` or exit call, not inside a `try` that catches what ends it. Once it starts, the
 * coroutine never gives the event loop back: no other task, callback or I/O on that loop runs again.
 * flake8-async's ASYNC913 (off there by default) reports any such loop without a checkpoint on every path; this
 * one only loops that can never suspend.
 */
export const loopWithoutAwait: Rule = {
  codes: [{ code: 'ASYNC913', title: 'Endless loop in a coroutine that can go round without awaiting', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('ASYNC913')) return;
    const { model } = context;
    for (const loop of model.nodes('while_statement')) {
      const body = field(loop, 'body');
      if (!body || !neverGivesBack(loop, model)) continue;
      // `while True: while True: …`: the inner loop is the one reported, as flake8-async does.
      if (statements(body).some((statement) => statement.type === 'while_statement' && isEndlessLoop(statement))) continue;
      const condition = field(loop, 'condition')!;
      const library = asyncLibrary(model);
      const message = t(
        '`while {0}:` never gives the event loop back: nothing in it awaits and nothing ends it, so once it starts no other task, callback or I/O on this loop runs again. Await inside it (`await {1}.sleep(0)` lets the others run each turn), or run the loop in a worker thread.',
        condition.text,
        library,
      );
      context.report({
        code: 'ASYNC913',
        range: { start: startOf(loop), end: endOf(condition) },
        ...blockingReport(context, loop, message),
        fixes: () => yieldEachTurnFix(model, loop, body),
      });
    }
  },
};

/** `while True:` in a coroutine's own frame that never awaits, yields nor ends (see ASYNC913 above). */
export function neverGivesBack(loop: SyntaxNode, model: SemanticModel): boolean {
  const body = field(loop, 'body');
  if (!body || !isWhileTrue(loop)) return false;
  const owner = model.enclosingFunction(loop);
  if (!owner || !isAsyncFunction(owner)) return false;
  // Most such loops await early in their body: that walk stops there, the others read the whole body.
  return !suspends(body) && isEndlessLoop(loop) && !containsYield(body) && !mayLeave(body, model) && !insideCatchingTry(loop, owner);
}

/** A `raise`, or a call that ends the program, in the loop's own frame. */
function mayLeave(body: SyntaxNode, model: SemanticModel): boolean {
  let leaves = false;
  walkFrame(body, (node) => {
    if (leaves) return false;
    if (node.type === 'raise_statement') leaves = true;
    else if (node.type === 'call') {
      const callee = field(node, 'function');
      const name = callee ? (model.qualifiedName(callee) ?? callee.text) : undefined;
      // A call that ends the program: the builtins `exit`/`quit` however they resolve (a wrapper of the same name too).
      leaves = name !== undefined && (EXIT_CALLS.has(name) || /^(builtins\.)?(exit|quit)$/.test(name));
    }
  });
  return leaves;
}

/** `try: while True: q.get_nowait() … except QueueEmpty:`: an exception is the designed way out. */
function insideCatchingTry(loop: SyntaxNode, owner: SyntaxNode): boolean {
  let child = loop;
  for (let parent = loop.parent; parent && parent.id !== owner.id; child = parent, parent = parent.parent) {
    if (parent.type !== 'try_statement' || field(parent, 'body')?.id !== child.id) continue;
    if (namedChildren(parent).some((clause) => clause.type === 'except_clause' || clause.type === 'except_group_clause')) return true;
  }
  return false;
}

/** `await asyncio.sleep(0)` as the loop's first statement (`trio.sleep`, `anyio.sleep`), at the body's indentation. */
export function yieldEachTurnFix(model: SemanticModel, loop: SyntaxNode, body: SyntaxNode): Fix[] {
  const first = namedChildren(body)[0];
  // A body on the `while` line (`while True: x += 1`) has no indentation to copy.
  if (!first || first.startPosition.row === loop.startPosition.row) return [];
  const sleep = importedReference(model, asyncLibrary(model), 'sleep', loop);
  if (!sleep) return [];
  const edit = insertAt(startOf(first), `await ${sleep.text}(0)\n${indentationOf(model, first)}`);
  return [{ title: t('Yield to the event loop each turn with `await {0}(0)`', sleep.text), edits: [...sleep.edits, edit], isPreferred: false }];
}
