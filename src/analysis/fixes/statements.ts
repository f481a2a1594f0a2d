import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { field, isStringStatement, namedChildren } from '../syntax';
import type { TextEdit } from '../types';
import { insertAt } from './edits';

/**
 * What joins a new statement after `statement` so that the result is valid at any indentation: a
 * newline plus the statement's own indentation when it stands alone on its lines, else `; ` (a
 * one-line block such as `if x: f()`, or several statements on one line).
 */
export function statementSeparator(model: SemanticModel, statement: SyntaxNode): string {
  const firstLine = model.lineText(statement.startPosition.row);
  const before = firstLine.slice(0, statement.startPosition.column);
  const after = model.lineText(statement.endPosition.row).slice(statement.endPosition.column).trim();
  const alone = before.trim() === '' && (after === '' || after.startsWith('#'));
  return alone ? `\n${before}` : '; ';
}

/** True when a block statement (`for`, `if`...) may be inserted after `statement`: it stands alone on its lines. */
export function standsAlone(model: SemanticModel, statement: SyntaxNode): boolean {
  return statementSeparator(model, statement) !== '; ';
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\w])${name}($|[^\\w])`, 'u').test(text);
}

/**
 * A name that neither is bound where `at` runs nor appears anywhere in `region` (the enclosing
 * function, or the file), so a fix may introduce it without clobbering anything: `base`, `base_1`...
 */
export function freshName(model: SemanticModel, at: SyntaxNode, base: string, region: SyntaxNode = model.root): string {
  for (let index = 0; ; index++) {
    const name = index === 0 ? base : `${base}_${index}`;
    if (!model.lookup(name, at) && !mentions(region.text, name)) return name;
  }
}

/**
 * A module-level `name = set()` for fixes that keep strong references to tasks: the existing one
 * when the file already has it (a fix applied before), else a new one after the leading imports.
 */
export function moduleLevelSet(model: SemanticModel, base: string): { name: string; edits: TextEdit[] } {
  for (let index = 0; ; index++) {
    const name = index === 0 ? base : `${base}_${index}`;
    const bindings = model.scopes.module.bindings.get(name);
    if (bindings?.length === 1 && isEmptySetAssignment(bindings[0].node)) return { name, edits: [] };
    if (!bindings && !mentions(model.source, name)) {
      return { name, edits: [insertAt({ line: lineAfterImports(model), character: 0 }, `\n${name} = set()\n`)] };
    }
  }
}

function isEmptySetAssignment(identifier: SyntaxNode): boolean {
  const assignment = identifier.parent;
  if (assignment?.type !== 'assignment' || field(assignment, 'left')?.id !== identifier.id) return false;
  const value = field(assignment, 'right');
  return value?.type === 'call' && value.text.replace(/\s+/g, '') === 'set()' && assignment.parent?.parent?.type === 'module';
}

/**
 * The line after the module's leading docstring and imports (after leading comments only when
 * there is nothing else, so a comment that introduces the first definition stays with it).
 */
function lineAfterImports(model: SemanticModel): number {
  let afterCode = 0;
  let afterComments = 0;
  let seenCode = false;
  for (const statement of namedChildren(model.root)) {
    const isDocstring = !seenCode && isStringStatement(statement);
    const isImport = statement.type === 'import_statement' || statement.type === 'import_from_statement' || statement.type === 'future_import_statement';
    if (statement.type === 'comment') {
      if (!seenCode) afterComments = statement.endPosition.row + 1;
      continue;
    }
    if (!isImport && !isDocstring) break;
    seenCode = true;
    afterCode = statement.endPosition.row + 1;
  }
  return seenCode ? afterCode : afterComments;
}

/** Leading whitespace of a node's line, up to the node. */
export function indentationOf(model: SemanticModel, node: SyntaxNode): string {
  return model.lineText(node.startPosition.row).slice(0, node.startPosition.column);
}
