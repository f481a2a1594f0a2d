import type { Parser, Tree } from 'web-tree-sitter';
import type { WorkspaceFiles } from './options';
import { parseOrThrow } from './parser';
import { SemanticModel } from './semantic/model';
import type { Binding } from './semantic/scopes';

/** A parsed module of the workspace, for rules that follow imports. */
export interface LoadedModule {
  file: string;
  model: SemanticModel;
}

/** A top-level `def` or `class` of a workspace module, found through an import. */
export interface ImportedDefinition {
  module: LoadedModule;
  binding: Binding;
}

/** How many re-exports (`from .impl import f` in a package's `__init__.py`) are followed. */
const MAX_REEXPORTS = 4;

interface CacheEntry {
  text: string;
  tree: Tree;
  model: SemanticModel;
}

/** Most modules a workspace keeps parsed at once; the least recently used goes first. */
const MAX_CACHED_MODULES = 200;

/**
 * Parses other files of the workspace on demand and keeps them while their text is unchanged
 * (the cache is keyed by path and checked against the current text, so edits invalidate it).
 */
export class ModuleLoader {
  private readonly cache = new Map<string, CacheEntry>();
  /** Import → file answers of the current analysis (files may appear or go between analyses). */
  private readonly resolved = new Map<string, string | undefined>();

  constructor(
    private readonly parser: Parser,
    private readonly files: WorkspaceFiles,
  ) {}

  /** Called before each analysis: forgets where imports pointed, keeps the parsed modules. */
  startAnalysis(): void {
    this.resolved.clear();
  }

  /** The module an import names (`.util`, `pkg.mod`), seen from `fromFile`. */
  resolve(moduleName: string, fromFile: string): LoadedModule | undefined {
    const key = `${moduleName}\u0000${fromFile}`;
    if (!this.resolved.has(key)) this.resolved.set(key, this.files.resolveModule(moduleName, fromFile));
    const file = this.resolved.get(key);
    return file ? this.load(file) : undefined;
  }

  /**
   * The single top-level `def` or `class` an imported dotted name stands for (`pkg.mod.helper`,
   * `.util.helper`), following re-exports; undefined when the module is not the workspace's or the
   * name is bound more than once there.
   */
  resolveDefinition(name: string, fromFile: string, depth = 0): ImportedDefinition | undefined {
    const split = name.lastIndexOf('.');
    if (split < 0 || depth > MAX_REEXPORTS) return undefined;
    const module = this.resolve(name.slice(0, split) || '.', fromFile);
    const bindings = module?.model.scopes.module.bindings.get(name.slice(split + 1));
    if (!module || !bindings || bindings.length !== 1) return undefined;
    const [binding] = bindings;
    if (binding.kind === 'function' || binding.kind === 'class') return { module, binding };
    if (binding.kind === 'import' && binding.importedName) return this.resolveDefinition(binding.importedName, module.file, depth + 1);
    return undefined;
  }

  load(file: string): LoadedModule | undefined {
    const text = this.files.readFile(file);
    if (text === undefined || text.length > 1_000_000 || text.includes('\u0000')) return undefined;
    let entry = this.cache.get(file);
    if (entry && entry.text !== text) {
      entry.tree.delete();
      entry = undefined;
    }
    if (!entry) {
      const tree = parseOrThrow(this.parser, text);
      entry = { text, tree, model: new SemanticModel(tree, text) };
    }
    this.cache.delete(file);
    this.cache.set(file, entry);
    this.evict();
    return { file, model: entry.model };
  }

  private evict(): void {
    while (this.cache.size > MAX_CACHED_MODULES) {
      const [oldest, entry] = this.cache.entries().next().value as [string, CacheEntry];
      entry.tree.delete();
      this.cache.delete(oldest);
    }
  }

  dispose(): void {
    for (const entry of this.cache.values()) entry.tree.delete();
    this.cache.clear();
  }
}
