import type { SyntaxNode } from '../../parser';
import { callsNamed } from '../../semantic/callIndex';
import type { SemanticModel } from '../../semantic/model';
import { field, isMainGuard, namedChildren } from '../../syntax';
import type { ModuleLoader } from '../../workspace';

/** How many imports deep a module's own imports are followed (`app` → `app.client` → its loop). */
const MAX_IMPORT_DEPTH = 2;

/**
 * Whether a module-level import above `call` runs a workspace module whose top level (not its
 * `if __name__ == "__main__":` block) calls one of `setters` (`set_event_loop`, or `get_event_loop`, which
 * sets the loop it makes before Python 3.14, or `nest_asyncio.apply`), in itself or in a module it imports in turn.
 */
export function importSetsLoopBefore(model: SemanticModel, call: SyntaxNode, setters: ReadonlySet<string>, modules: ModuleLoader, file: string): boolean {
  const seen = new Set<string>([file]);
  const setsLoop = (imported: SemanticModel, importedFile: string, depth: number): boolean =>
    topLevelSetters(imported, setters) ||
    (depth < MAX_IMPORT_DEPTH && importedModules(imported, imported.root.endIndex).some((name) => visit(name, importedFile, depth + 1)));
  const visit = (name: string, fromFile: string, depth: number): boolean => {
    const loaded = modules.resolve(name, fromFile);
    if (!loaded || seen.has(loaded.file)) return false;
    seen.add(loaded.file);
    return setsLoop(loaded.model, loaded.file, depth);
  };
  return importedModules(model, call.startIndex).some((name) => visit(name, file, 1));
}

/** The modules the module-level imports before `before` name (`pkg.mod` of `import pkg.mod` and of `from pkg.mod import x`). */
function importedModules(model: SemanticModel, before: number): string[] {
  const names: string[] = [];
  for (const statement of namedChildren(model.root)) {
    if (statement.startIndex >= before) break;
    if (statement.type === 'import_from_statement') {
      const module = field(statement, 'module_name')?.text.replace(/\s+/g, '');
      if (module) names.push(module);
    } else if (statement.type === 'import_statement') {
      for (const item of statement.childrenForFieldName('name')) {
        const name = item?.type === 'aliased_import' ? field(item, 'name') : item;
        if (name?.type === 'dotted_name') names.push(name.text);
      }
    }
  }
  return names;
}

function topLevelSetters(model: SemanticModel, setters: ReadonlySet<string>): boolean {
  return callsNamed(model, ['set_event_loop', 'get_event_loop', 'apply']).some(
    (call) => setters.has(model.qualifiedName(field(call, 'function') ?? call) ?? '') && model.scopes.enclosingScope(call).kind === 'module' && !model.isDead(call) && !inMainBlock(call),
  );
}

function inMainBlock(node: SyntaxNode): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'if_statement' && parent.parent?.type === 'module') return isMainGuard(parent);
  }
  return false;
}
