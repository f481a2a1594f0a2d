import type { Parser, Tree } from 'web-tree-sitter';
import type { WorkspaceFiles } from './options';
import { parseOrThrow } from './parser';
import { SemanticModel } from './semantic/model';

/** A parsed module of the workspace, for rules that follow imports. */
export interface LoadedModule {
  file: string;
  model: SemanticModel;
}

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

  constructor(
    private readonly parser: Parser,
    private readonly files: WorkspaceFiles,
  ) {}

  /** The module an import names (`.util`, `pkg.mod`), seen from `fromFile`. */
  resolve(moduleName: string, fromFile: string): LoadedModule | undefined {
    const file = this.files.resolveModule(moduleName, fromFile);
    return file ? this.load(file) : undefined;
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
