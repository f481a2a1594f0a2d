import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { namedChildren, rangeOf } from '../syntax';
import type { Fix, Position, TextEdit } from '../types';
import { t } from '../l10n';
import { LINE_NOQA } from '../noqa';

export function replaceNode(node: SyntaxNode, newText: string): TextEdit {
  return { range: rangeOf(node), newText };
}

export function insertAt(position: Position, newText: string): TextEdit {
  return { range: { start: position, end: position }, newText };
}

export function startOf(node: SyntaxNode): Position {
  return { line: node.startPosition.row, character: node.startPosition.column };
}

export function endOf(node: SyntaxNode): Position {
  return { line: node.endPosition.row, character: node.endPosition.column };
}

/** The name under which a module is usable at `at` (`import asyncio as aio` → `aio`), if it is imported. */
export function importedModuleName(model: SemanticModel, moduleName: string, at: SyntaxNode): string | undefined {
  const candidates = new Set<string>();
  for (const scope of [model.scopes.enclosingScope(at), model.scopes.module]) {
    for (const [name, bindings] of scope.bindings) {
      if (bindings.some((binding) => binding.kind === 'import' && binding.importedName === moduleName)) candidates.add(name);
    }
  }
  for (const name of candidates) {
    if (model.lookup(name, at)?.importedName === moduleName) return name;
  }
  return undefined;
}

/**
 * `module.attr` usable at `at`, plus the edit adding `import module` when it is missing. The import
 * goes after the module docstring and `from __future__` imports, before the first other statement.
 */
export function moduleAttribute(model: SemanticModel, moduleName: string, attribute: string, at: SyntaxNode): { text: string; edits: TextEdit[] } {
  const local = importedModuleName(model, moduleName, at);
  if (local) return { text: `${local}.${attribute}`, edits: [] };
  return { text: `${moduleName}.${attribute}`, edits: [addImport(model, moduleName)] };
}

export function addImport(model: SemanticModel, moduleName: string): TextEdit {
  let line = 0;
  let seenCode = false;
  for (const statement of namedChildren(model.root)) {
    const isDocstring = !seenCode && statement.type === 'expression_statement' && namedChildren(statement)[0]?.type === 'string';
    if (statement.type !== 'comment' && statement.type !== 'future_import_statement' && !isDocstring) break;
    if (statement.type !== 'comment') seenCode = true;
    line = statement.endPosition.row + 1;
  }
  return insertAt({ line, character: 0 }, `import ${moduleName}\n`);
}

/** "Suppress with `# noqa: CODE`": appends to the line's noqa list, or adds one. */
export function noqaFix(model: SemanticModel, code: string, line: number): Fix {
  const text = model.lineText(line);
  const existing = LINE_NOQA.exec(text);
  const edit = existing?.groups?.codes
    ? insertAt({ line, character: existing.index + existing[0].length }, `, ${code}`)
    : insertAt({ line, character: text.replace(/\s+$/, '').length }, `  # noqa: ${code}`);
  return { title: t('Suppress {0} on this line (# noqa)', code), edits: [edit] };
}
