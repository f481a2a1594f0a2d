import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import type { Scope } from '../semantic/scopes';
import { isStringStatement, namedChildren, rangeOf } from '../syntax';
import type { Position, TextEdit } from '../types';

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

const importIndexes = new WeakMap<Scope, Map<string, string[]>>();

/**
 * The names a scope binds by import to a dotted name (`import asyncio as aio` → `aio` for
 * `asyncio`), in binding order. Indexed once per scope: fixes ask for every finding.
 */
export function namesImporting(scope: Scope, dottedName: string): readonly string[] {
  let index = importIndexes.get(scope);
  if (!index) {
    index = new Map();
    for (const [name, bindings] of scope.bindings) {
      for (const binding of bindings) {
        if (binding.kind !== 'import' || !binding.importedName) continue;
        const names = index.get(binding.importedName);
        if (!names) index.set(binding.importedName, [name]);
        else if (!names.includes(name)) names.push(name);
      }
    }
    importIndexes.set(scope, index);
  }
  return index.get(dottedName) ?? [];
}

/** The name under which a module is usable at `at` (`import asyncio as aio` → `aio`), if it is imported. */
export function importedModuleName(model: SemanticModel, moduleName: string, at: SyntaxNode): string | undefined {
  const candidates = new Set<string>();
  for (const scope of [model.scopes.enclosingScope(at), model.scopes.module]) {
    for (const name of namesImporting(scope, moduleName)) candidates.add(name);
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

const importLines = new WeakMap<SemanticModel, number>();

export function addImport(model: SemanticModel, moduleName: string): TextEdit {
  let line = importLines.get(model);
  if (line === undefined) {
    line = importLine(model);
    importLines.set(model, line);
  }
  return insertAt({ line, character: 0 }, `import ${moduleName}\n`);
}

function importLine(model: SemanticModel): number {
  let line = 0;
  let seenCode = false;
  for (const statement of namedChildren(model.root)) {
    const isDocstring = !seenCode && isStringStatement(statement);
    if (statement.type !== 'comment' && statement.type !== 'future_import_statement' && !isDocstring) break;
    if (statement.type !== 'comment') seenCode = true;
    line = statement.endPosition.row + 1;
  }
  return line;
}
