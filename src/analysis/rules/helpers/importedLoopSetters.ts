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

/** The modules the module-level imports before `before` name (`pkg.mod` of `import pkg.mod` and of `from pkg.mod import x`, and `pkg.mod.x` in case `x` is a module). */
function importedModules(model: SemanticModel, before: number): string[] {
  const names: string[] = [];
  for (const statement of namedChildren(model.root)) {
    if (statement.startIndex >= before) break;
    if (statement.type === 'import_from_statement') {
      const module = field(statement, 'module_name')?.text.replace(/\s+/g, '');
      if (!module) continue;
      names.push(module);
      // `from client import synced` runs `client/synced.py` too, when that is a module.
      for (const item of statement.childrenForFieldName('name')) {
        const name = item?.type === 'aliased_import' ? field(item, 'name') : item;
        if (name?.type === 'dotted_name') names.push(module.endsWith('.') ? `${module}${name.text}` : `${module}.${name.text}`);
      }
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
  const atTopLevel = (call: SyntaxNode) => model.scopes.enclosingScope(call).kind === 'module' && !model.isDead(call) && !inMainBlock(call);
  return (
    callsNamed(model, ['set_event_loop', 'get_event_loop', 'apply']).some((call) => setters.has(model.qualifiedName(field(call, 'function') ?? call) ?? '') && atTopLevel(call)) ||
    startsTelethonClient(model, atTopLevel)
  );
}

/**
 * `client.start()` on a telethon client at the top level (and, after `from telethon import sync`, its other methods):
 * outside a running loop telethon gets one with `get_event_loop()`, which makes and sets it, and runs the call there.
 */
function startsTelethonClient(model: SemanticModel, atTopLevel: (call: SyntaxNode) => boolean): boolean {
  const syncified = [...model.importedNames().values()].includes('telethon.sync');
  return callsNamed(model, syncified ? TELETHON_SYNC_CALLS : ['start']).some((call) => {
    const callee = field(call, 'function');
    const client = callee?.type === 'attribute' ? field(callee, 'object') : null;
    return !!client && atTopLevel(call) && model.typeOf(client) === 'telethon.TelegramClient';
  });
}

const TELETHON_SYNC_CALLS = ['start', 'connect', 'run_until_disconnected', 'get_me', 'send_message'];

function inMainBlock(node: SyntaxNode): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'if_statement' && parent.parent?.type === 'module') return isMainGuard(parent);
  }
  return false;
}
