import { endOf, startOf } from '../../fixes/edits';
import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { field, namedChildren } from '../../syntax';
import type { TextEdit } from '../../types';

/**
 * The edit that replaces a compound statement (`with …:`) by its own body, dedented to the
 * statement's level. Undefined when dedenting could change the program: tabs in the indentation,
 * or a multi-line string literal in the body (its content would be dedented too).
 */
export function unwrapBlock(model: SemanticModel, statement: SyntaxNode, body: SyntaxNode): TextEdit | undefined {
  const start = startOf(statement);
  if (body.startPosition.row === start.line) {
    return { range: { start, end: endOf(body) }, newText: body.text };
  }
  const multiLineString = body
    .descendantsOfType('string')
    .some((string) => string !== null && string.startPosition.row !== string.endPosition.row);
  if (multiLineString) return undefined;
  const delta = body.startPosition.column - start.character;
  if (delta <= 0) return undefined;
  const lastRow = body.endPosition.row;
  const lines: string[] = [];
  for (let row = start.line + 1; row <= lastRow; row++) {
    const text = model.lineText(row);
    const indentation = /^[ \t]*/.exec(text)![0];
    if (indentation.includes('\t')) return undefined;
    lines.push(text.trim() === '' ? '' : text.slice(Math.min(delta, indentation.length)));
  }
  lines[0] = lines[0].trimStart();
  return { range: { start, end: { line: lastRow, character: model.lineText(lastRow).length } }, newText: lines.join('\n') };
}

export interface WithItem {
  /** The context manager expression, without `as target`. */
  value: SyntaxNode;
  alias?: SyntaxNode;
}

/**
 * The items of a `with` statement. The grammar reads `with (cm() as x,):` and `with (cm() as x):`
 * as one tuple or parenthesized item; Python (3.9+) reads parenthesized items, as here.
 */
export function withItems(statement: SyntaxNode): WithItem[] {
  const clause = namedChildren(statement).find((child) => child.type === 'with_clause');
  const values = (clause ? namedChildren(clause) : [])
    .filter((item) => item.type === 'with_item')
    .map((item) => field(item, 'value'))
    .filter((value): value is SyntaxNode => value !== null);
  const only = values.length === 1 ? values[0] : undefined;
  const parenthesized =
    only && (only.type === 'tuple' || only.type === 'parenthesized_expression') && namedChildren(only).some((child) => child.type === 'as_pattern');
  const expressions = parenthesized ? namedChildren(only).filter((child) => child.type !== 'comment') : values;
  return expressions.map((value) => {
    if (value.type !== 'as_pattern') return { value };
    return { value: namedChildren(value)[0] ?? value, alias: field(value, 'alias') ?? undefined };
  });
}
