import type { Parser } from 'web-tree-sitter';
import { budgetSpent, checkBudget } from './budget';
import type { WorkspaceFiles } from './options';
import { parseUnlessCancelled } from './parser';
import { type Definition, SemanticModel } from './semantic/model';
import type { SyntaxNode } from './parser';
import type { Binding } from './semantic/scopes';
import type { TreeArrays } from './syntaxTree';

/**
 * Trees read ahead of the analysis, by another thread: the arrays of `file`'s tree when they were read
 * from exactly `text`, else undefined (the analysis parses it then).
 */
export type ReadAhead = (file: string, text: string) => TreeArrays | undefined;

/** How many modules of a project spell each word, and the project's modules. */
interface ProjectWords {
  counts: ReadonlyMap<string, number>;
  members: ReadonlySet<string>;
}

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

/** A module-level name of a workspace module bound once by an assignment, found through an import. */
export interface ImportedAlias extends LoadedModule {
  value: SyntaxNode;
}

/** Most modules loaded to sort out the uses other modules make of one function: past it, they are not known. */
const MAX_MENTIONING_MODULES = 16;

/** Most star imports a package's `__init__.py` may have for the names it offers through them to be looked up. */
const MAX_STAR_SOURCES = 8;

/** How many re-exports (`from .impl import f` in a package's `__init__.py`) are followed. */
const MAX_REEXPORTS = 4;

interface CacheEntry {
  text: string;
  model: SemanticModel;
  /** Syntax nodes of the tree: what its memory (in WebAssembly and in the model) grows with. */
  weight: number;
}

/** Largest module followed through an import, in characters. */
export const MAX_MODULE_CHARS = 1_000_000;

/**
 * Most syntax nodes the parsed modules may hold together; the least recently used module goes first.
 * A node costs 100 to 250 bytes of WebAssembly memory (which stops at 2 GB, shared with the file being
 * analysed): the bound is about 500 MB at worst, some 250,000 lines of ordinary code.
 */
export const MAX_CACHED_NODES = 2_000_000;

/**
 * Parses other files of the workspace on demand and keeps them while their text is unchanged
 * (the cache is keyed by path and checked against the current text, so edits invalidate it).
 */
export class ModuleLoader {
  private readonly cache = new Map<string, CacheEntry>();
  /** Import → file answers of the current analysis (files may appear or go between analyses). */
  private readonly resolved = new Map<string, string | undefined>();
  private cachedWeight = 0;
  /** Modules the current analysis has loaded: their trees must live until it ends. */
  private readonly used = new Set<string>();
  /** Modules the current analysis found past the bound: not parsed again for each import of them. */
  private readonly refused = new Set<string>();
  private usedWeight = 0;
  /** The names each module's text spells (see wordsOf). */
  private readonly words = new Map<string, { text: string; words: ReadonlySet<string> }>();
  /** Names found through a package's star imports, by module and name, in the current analysis. */
  private readonly starred = new Map<string, ImportedDefinition | undefined>();
  /** `modulesMentioning` answers of the current analysis. */
  private readonly mentions = new Map<string, LoadedModule[] | undefined>();
  /** Where a module's tree may already be read (the CLI's read-ahead thread). */
  readAhead: ReadAhead | undefined;

  constructor(
    private readonly parser: Parser,
    private readonly files: WorkspaceFiles,
    private readonly maxNodes = MAX_CACHED_NODES,
  ) {}

  /** Called before each analysis: forgets where imports pointed, keeps the parsed modules. */
  startAnalysis(): void {
    this.resolved.clear();
    this.used.clear();
    this.refused.clear();
    this.usedWeight = 0;
    this.mentions.clear();
    this.starred.clear();
    this.evict();
  }

  /** Syntax nodes held by the cached modules (bounded by `maxNodes`, except for the modules one analysis holds). */
  get cachedNodes(): number {
    return this.cachedWeight;
  }

  /** The module an import names (`.util`, `pkg.mod`), seen from `fromFile`. */
  resolve(moduleName: string, fromFile: string): LoadedModule | undefined {
    const file = this.moduleFile(moduleName, fromFile);
    return file ? this.load(file) : undefined;
  }

  /** The file an import names, not parsed. */
  private moduleFile(moduleName: string, fromFile: string): string | undefined {
    const key = `${moduleName}\u0000${fromFile}`;
    if (!this.resolved.has(key)) this.resolved.set(key, this.files.resolveModule(moduleName, fromFile));
    return this.resolved.get(key);
  }

  /**
   * The single top-level `def` or `class` an imported dotted name stands for (`pkg.mod.helper`,
   * `.util.helper`), following re-exports; undefined when the module is not the workspace's or the
   * name is bound more than once there.
   */
  resolveDefinition(name: string, fromFile: string): ImportedDefinition | undefined {
    const found = this.resolveTopLevel(name, fromFile);
    return found?.binding.kind === 'function' || found?.binding.kind === 'class' ? found : undefined;
  }

  /**
   * A value a workspace module assigns a name once, found through an import: a type alias (`from .deps import
   * SessionDep`), a shared object (`from .storage import storage`, with `storage = Storage()` there).
   */
  resolveModuleValue(name: string, fromFile: string): ImportedAlias | undefined {
    const found = this.resolveTopLevel(name, fromFile);
    return found?.binding.kind === 'assignment' && found.binding.value ? { ...found.module, value: found.binding.value } : undefined;
  }

  /**
   * What `name` stands for in `moduleName`, the source of a star import in `fromFile`: the dotted name
   * its (absolute) import there gives, else `moduleName.name` (its own def, class or value, found again
   * through `resolveDefinition`). Undefined when the module is not the workspace's or does not bind it.
   */
  starImportedName(moduleName: string, name: string, fromFile: string): string | undefined {
    if (name.startsWith('_')) return undefined;
    const module = this.resolve(moduleName, fromFile);
    const bindings = module?.model.scopes.module.bindings.get(name);
    if (!bindings || bindings.length === 0) return undefined;
    const imported = bindings.length === 1 && bindings[0].kind === 'import' ? bindings[0].importedName : undefined;
    return imported && !imported.startsWith('.') ? imported : `${moduleName}.${name}`;
  }

  private resolveTopLevel(name: string, fromFile: string, depth = 0): ImportedDefinition | undefined {
    const split = name.lastIndexOf('.');
    if (split < 0 || depth > MAX_REEXPORTS) return undefined;
    const module = this.resolve(name.slice(0, split) || '.', fromFile);
    const last = name.slice(split + 1);
    const bindings = module?.model.scopes.module.bindings.get(last);
    if (module && !bindings && !last.startsWith('_')) {
      const key = `${module.file}\u0000${last}`;
      if (!this.starred.has(key)) this.starred.set(key, this.starImported(module, last, depth));
      const found = this.starred.get(key);
      if (found) return found;
    }
    if (!module || !bindings || bindings.length !== 1) return undefined;
    const [binding] = bindings;
    if (binding.kind === 'import' && binding.importedName) return this.resolveTopLevel(binding.importedName, module.file, depth + 1);
    return { module, binding };
  }

  /**
   * `from .jobs import *` in a package's `__init__.py`: `name` may come from there. Only a module whose text
   * binds the name at its top level (or star-imports further) is parsed: a package may star-import dozens.
   */
  private starImported(module: LoadedModule, name: string, depth: number): ImportedDefinition | undefined {
    const sources = module.model.starImportSources();
    // A library that re-exports its whole API so (hikari: 49 star imports) would be parsed module by module for little.
    if (sources.length > MAX_STAR_SOURCES) return undefined;
    const binds = new RegExp(`^(?:(?:async[ \\t]+)?def[ \\t]+${name}\\b|class[ \\t]+${name}\\b|${name}[ \\t]*[:=]|(?:from|import)[ \\t][^\\n]*(?:\\b${name}\\b|\\*)|[ \\t]+${name}[ \\t]*,?[ \\t]*$)`, 'm');
    for (const source of sources) {
      const target = this.moduleFile(source, module.file);
      const text = target ? this.files.readFile(target) : undefined;
      if (text === undefined || !binds.test(text)) continue;
      const found = this.resolveTopLevel(source.endsWith('.') ? `${source}${name}` : `${source}.${name}`, module.file, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** `resolveDefinition` as the semantic model asks it: the definition's node in its module's model. */
  definitionFor(name: string, fromFile: string): Definition | undefined {
    const found = this.resolveDefinition(name, fromFile);
    return found ? { model: found.module.model, node: found.binding.node } : undefined;
  }

  /**
   * The other modules of `file`'s project whose text has `name` as a word, and one of `anyOf` too when
   * given, parsed. Undefined when the project's modules are not known, or such a module cannot be
   * parsed or there are too many of them: a use of `name` there would go unseen.
   */
  modulesMentioning(file: string, name: string, anyOf?: readonly string[]): LoadedModule[] | undefined {
    const key = [file, name, ...(anyOf ?? [])].join('\u0000');
    if (this.mentions.has(key)) return this.mentions.get(key);
    const modules = this.findMentioning(file, name, anyOf);
    this.mentions.set(key, modules);
    return modules;
  }

  /** Whether another module of `file`'s project spells `word`, its text read but not parsed; false when the project is not known. */
  projectSpells(file: string, word: string): boolean {
    const project = this.files.projectModules?.(file);
    if (!project) return false;
    if (this.files.unchanging) {
      const { counts, members } = this.projectWords(project);
      const spellers = counts.get(word) ?? 0;
      if (spellers !== 1 || !members.has(file)) return spellers > 0;
      const own = this.files.readFile(file);
      return own === undefined || !this.wordsOf(file, own).has(word);
    }
    for (const other of project) {
      if (other === file) continue;
      const text = this.files.readFile(other);
      if (text !== undefined && this.wordsOf(other, text).has(word)) return true;
    }
    return false;
  }

  /** How many modules of a project spell each word: asked for every function a module's callers are looked for in, over files that do not change. */
  private projectWords(project: readonly string[]): ProjectWords {
    let found = this.spellers.get(project);
    if (!found) {
      const counts = new Map<string, number>();
      for (const file of project) {
        const text = this.files.readFile(file);
        if (text !== undefined) for (const word of this.wordsOf(file, text)) counts.set(word, (counts.get(word) ?? 0) + 1);
      }
      found = { counts, members: new Set(project) };
      this.spellers.set(project, found);
    }
    return found;
  }

  private readonly spellers = new WeakMap<readonly string[], ProjectWords>();

  private findMentioning(file: string, name: string, anyOf: readonly string[] | undefined): LoadedModule[] | undefined {
    const project = this.files.projectModules?.(file);
    if (!project) return undefined;
    const mentioning: string[] = [];
    for (const other of project) {
      if (other === file) continue;
      const text = this.files.readFile(other);
      if (text === undefined) return undefined;
      const words = this.wordsOf(other, text);
      if (!words.has(name) || (anyOf && !anyOf.some((candidate) => words.has(candidate)))) continue;
      if (mentioning.push(other) > MAX_MENTIONING_MODULES) return undefined;
    }
    const modules: LoadedModule[] = [];
    for (const other of mentioning) {
      const module = this.load(other);
      if (!module) return undefined;
      modules.push(module);
    }
    return modules;
  }

  /**
   * The names a module's text spells: its runs of characters between spaces and ASCII punctuation (so a
   * non-ASCII identifier stays whole), remembered while its text is unchanged; one scan answers every name.
   */
  private wordsOf(file: string, text: string): ReadonlySet<string> {
    const known = this.words.get(file);
    if (known?.text === text) return known.words;
    const words = new Set(text.match(/[^\s!-/:-@[-^`{-~]+/g));
    this.words.set(file, { text, words });
    return words;
  }

  load(file: string): LoadedModule | undefined {
    const text = this.files.readFile(file);
    if (text === undefined || text.length > MAX_MODULE_CHARS || text.includes('\u0000') || this.refused.has(file)) return undefined;
    let entry = this.cache.get(file);
    // A file that changed on disk during an analysis keeps its first version until the analysis ends.
    if (entry && entry.text !== text && !this.used.has(file)) {
      this.drop(file, entry);
      entry = undefined;
    }
    if (entry) {
      this.cache.delete(file);
      this.cache.set(file, entry);
    } else {
      entry = this.parse(file, text);
      // The models of this analysis stay alive until it ends: past the bound, a module is not followed.
      if (this.usedWeight + entry.weight > this.maxNodes) {
        this.refused.add(file);
        return undefined;
      }
      this.cache.set(file, entry);
      this.cachedWeight += entry.weight;
    }
    if (!this.used.has(file)) {
      entry.model.forgetWorkspaceAnswers();
      entry.model.resolveImport = (name) => this.definitionFor(name, file);
      entry.model.resolveModuleValue = (name) => this.resolveModuleValue(name, file);
      entry.model.resolveStarImport = (module, name) => this.starImportedName(module, name, file);
      entry.model.projectSpells = (word) => this.projectSpells(file, word);
      this.used.add(file);
      this.usedWeight += entry.weight;
    }
    this.evict();
    return { file, model: entry.model };
  }

  /** The model of a file parsed before with this very text (as an import, or checked itself), if still cached. */
  cachedModel(file: string, text: string): SemanticModel | undefined {
    const entry = this.cache.get(file);
    return entry?.text === text ? entry.model : undefined;
  }

  /** Keeps the model of a file just analysed, for the files that import it (the CLI checks both). */
  remember(file: string, text: string, model: SemanticModel): void {
    if (text.length > MAX_MODULE_CHARS || this.cache.has(file)) return;
    const weight = model.syntax.size;
    if (weight > this.maxNodes) return;
    this.cache.set(file, { text, model, weight });
    this.cachedWeight += weight;
    this.evict();
  }

  private parse(file: string, text: string): CacheEntry {
    const arrays = this.readAhead?.(file, text);
    if (arrays) {
      const model = new SemanticModel({ arrays, language: this.parser.language! }, text);
      return { text, model, weight: model.syntax.size };
    }
    const tree = parseUnlessCancelled(this.parser, text, undefined, budgetSpent);
    if (!tree) checkBudget();
    if (!tree) throw new Error('tree-sitter returned no tree');
    // The model copies what it needs: the tree's WebAssembly memory is freed at once.
    try {
      const model = new SemanticModel(tree, text);
      return { text, model, weight: model.syntax.size };
    } finally {
      tree.delete();
    }
  }

  private drop(file: string, entry: CacheEntry): void {
    this.cache.delete(file);
    this.cachedWeight -= entry.weight;
  }

  /** Frees the least recently used modules, never one the current analysis holds. */
  private evict(): void {
    if (this.cachedWeight <= this.maxNodes) return;
    for (const [file, entry] of [...this.cache]) {
      if (this.cachedWeight <= this.maxNodes) return;
      if (!this.used.has(file)) this.drop(file, entry);
    }
  }

  dispose(): void {
    this.cache.clear();
    this.words.clear();
    this.cachedWeight = 0;
    this.used.clear();
    this.refused.clear();
    this.usedWeight = 0;
  }
}
