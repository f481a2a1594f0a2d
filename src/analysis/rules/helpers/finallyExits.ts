import { insertAt, replaceNode } from '../../fixes/edits';
import { indentationOf } from '../../fixes/statements';
import { t } from '../../l10n';
import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { walkOwnFrame } from '../../semantic/references';
import { field, namedChildren, statements } from '../../syntax';
import type { Fix, TextEdit } from '../../types';
import { suspends } from './suspension';

const EXITS = new Set(['return_statement', 'break_statement', 'continue_statement']);
const LOOPS = new Set(['for_statement', 'while_statement']);

/**
 * The `return`, `break` and `continue` statements that leave the `finally` clause of a `try` whose body, handlers or
 * `else` can be cancelled (they suspend): leaving a `finally` that way discards the exception in flight, a
 * cancellation included. A `break`/`continue` of a loop inside the `finally` stays there.
 */
export function finallyExits(tryStatement: SyntaxNode): SyntaxNode[] {
  const clause = namedChildren(tryStatement).find((part) => part.type === 'finally_clause');
  if (!clause || !suspendsBeforeFinally(tryStatement, clause)) return [];
  const found: SyntaxNode[] = [];
  walkOwnFrame(clause, (node) => {
    if (!EXITS.has(node.type)) return true;
    if (node.type === 'return_statement' || !loopBetween(node, clause)) found.push(node);
    return false;
  });
  return found;
}

function suspendsBeforeFinally(tryStatement: SyntaxNode, clause: SyntaxNode): boolean {
  return namedChildren(tryStatement).some((part) => part.id !== clause.id && suspends(part));
}

function loopBetween(node: SyntaxNode, clause: SyntaxNode): boolean {
  for (let parent = node.parent; parent && parent.id !== clause.id; parent = parent.parent) if (LOOPS.has(parent.type)) return true;
  return false;
}

export function finallyExitMessage(exit: SyntaxNode): string {
  const keyword = exit.type.replace('_statement', '');
  return t(
    '`{0}` in `finally` discards the exception the `try` is raising, a cancellation included: the task can no longer be cancelled (Python 3.14 warns about it, PEP 765). Put the `{0}` after the `try` statement.',
    keyword,
  );
}

/** `finally: return x` as the clause's last statement: the `return` moves after the `try` (a `pass` keeps the clause). */
export function moveAfterTryFix(model: SemanticModel, exit: SyntaxNode, tryStatement: SyntaxNode): Fix[] {
  const clause = exit.parent?.parent;
  const body = clause?.type === 'finally_clause' ? statements(field(clause, 'body') ?? namedChildren(clause).at(-1)!) : [];
  if (exit.type !== 'return_statement' || body.at(-1)?.id !== exit.id || exit.startPosition.row === clause!.startPosition.row) return [];
  const indent = indentationOf(model, tryStatement);
  const line = exit.startPosition.row;
  const removal: TextEdit =
    body.length === 1
      ? replaceNode(exit, 'pass')
      : { range: { start: { line: body.at(-2)!.endPosition.row, character: model.lineText(body.at(-2)!.endPosition.row).length }, end: { line, character: model.lineText(line).length } }, newText: '' };
  const after = insertAt({ line: tryStatement.endPosition.row, character: model.lineText(tryStatement.endPosition.row).length }, `\n${indent}${exit.text}`);
  return [{ title: t('Move the `return` after the `try` statement'), edits: [removal, after] }];
}
