import { dirname, isInsideAny, join, resolveModulePath } from '../analysis/moduleResolution';
import type { WorkspaceFiles } from '../analysis/options';
import { MAX_MODULE_CHARS } from '../analysis/workspace';
import { projectFolder, projectModules } from '../analysis/projectFiles';
import type { ServerHost } from './host';

interface ModuleText {
  text: string;
  mtimeMs: number;
  size: number;
  imports: string[];
}

/**
 * The workspace's Python modules as the server knows them: open documents' text first, then
 * files read asynchronously from the host. The engine asks synchronously (`WorkspaceFiles`) and
 * gets answers from what `prefetch` loaded; anything it asks that is not known yet is recorded,
 * so that the caller can load it and analyse again.
 */
export class ModuleIndex implements WorkspaceFiles {
  private readonly exists = new Map<string, boolean>();
  /** The entries of each folder a probe looked in, and of the folders above it (see listing). */
  private readonly listings = new Map<string, ListingEntry>();
  private readonly texts = new Map<string, ModuleText>();
  private readonly open = new Map<string, string>();
  private readonly missing = new Set<string>();
  /** Files the engine read since `takeRead` was last called. */
  private readonly read = new Set<string>();
  /** The project modules of each folder's files (see projectFiles.ts), once listed and read. */
  private readonly projects = new Map<string, readonly string[] | undefined>();
  /** Folders whose project the engine asked for and `load` lists next. */
  private readonly pendingProjects = new Set<string>();
  /**
   * Where each import led, by module name and importing folder, once every file it probed was known:
   * prefetch resolves the imports of every module a file reaches, for each file checked. Forgotten when
   * a file appears, goes, opens or closes.
   */
  private readonly resolutions = new Map<string, string | undefined>();
  /** Where the imports of each loaded module lead (see `resolutions`), by its loaded text. */
  private readonly importTargets = new Map<ModuleText, Array<string | undefined>>();
  private resolutionsForgotten = 0;
  private rootFolders: string[] = [];
  /** Whether the client reports file changes; otherwise files are re-checked by mtime. */
  watching = false;

  constructor(private readonly host: ServerHost) {}

  get roots(): string[] {
    return this.rootFolders;
  }

  set roots(folders: string[]) {
    this.rootFolders = folders;
    this.forgetResolutions();
    this.listings.clear();
  }

  setOpen(path: string, text: string | undefined): void {
    if (this.open.has(path) !== (text !== undefined)) this.forgetResolutions();
    if (text === undefined) this.open.delete(path);
    else this.open.set(path, text);
  }

  /** The module's text as the engine would read it now, if known: the open document's, else the loaded file's. */
  textOf(path: string): string | undefined {
    return this.open.get(path) ?? this.texts.get(path)?.text;
  }

  isOpen(path: string): boolean {
    return this.open.has(path);
  }

  /**
   * A file or folder changed on disk (created, changed or deleted; `edited`: only its content changed);
   * whether the index knew anything of it.
   */
  invalidate(path: string, edited = false): boolean {
    this.forgetResolutions();
    if (!edited) {
      // A module or a project marker came or went: projects are listed again when asked.
      this.projects.clear();
      // A file or folder came or went: the listings of the folders above it may name another entry now.
      for (let folder = path, above = dirname(path); above !== folder; folder = above, above = dirname(above)) {
        this.listings.delete(above);
      }
    }
    let known = this.exists.delete(path);
    known = this.texts.delete(path) || known;
    if (path.endsWith('.py')) return known;
    // A folder: everything under it.
    for (const map of [this.exists, this.texts, this.listings]) {
      for (const key of map.keys()) {
        if (key !== path && !key.startsWith(`${path}/`) && !key.startsWith(`${path}\\`)) continue;
        map.delete(key);
        known = true;
      }
    }
    return known;
  }

  // --- WorkspaceFiles, for the engine (synchronous, from what is loaded) ---

  resolveModule(moduleName: string, fromFile: string): string | undefined {
    const key = resolutionKey(moduleName, dirname(fromFile));
    if (this.resolutions.has(key)) return this.resolutions.get(key);
    let complete = true;
    const found = resolveModulePath(moduleName, fromFile, this.roots, (path) => {
      const known = this.isKnownFile(path);
      if (known === undefined) {
        this.missing.add(path);
        complete = false;
      }
      return known ?? false;
    });
    if (complete) this.resolutions.set(key, found);
    return found;
  }

  readFile(file: string): string | undefined {
    this.read.add(file);
    const open = this.open.get(file);
    if (open !== undefined) return open;
    const loaded = this.texts.get(file);
    if (!loaded) this.missing.add(file);
    return loaded?.text;
  }

  projectModules(file: string): readonly string[] | undefined {
    const folder = dirname(file);
    if (this.projects.has(folder)) return this.projects.get(folder);
    this.pendingProjects.add(folder);
    this.missing.add(folder);
    return undefined;
  }

  /** Files the engine read since the last call (the analysis's dependencies). */
  takeRead(): string[] {
    const read = [...this.read];
    this.read.clear();
    return read;
  }

  /** Paths the engine asked about since the last call that were not loaded. */
  takeMissing(): string[] {
    const missing = [...this.missing];
    this.missing.clear();
    return missing;
  }

  /** Loads what `takeMissing` named: existence of candidates, text of modules. */
  async load(paths: readonly string[]): Promise<void> {
    await Promise.all(
      paths.map(async (path) => {
        if (this.pendingProjects.delete(path)) return this.listProject(path);
        if (this.exists.get(path) === undefined) await this.probe(path);
        if (this.exists.get(path)) await this.moduleText(path);
      }),
    );
  }

  /** The project of a folder's files: its marker files probed, its modules listed and read. */
  private async listProject(folder: string): Promise<void> {
    const markers = new Map<string, boolean>();
    projectFolder(join(folder, '_'), this.roots, (path) => {
      markers.set(path, false);
      return false;
    });
    await Promise.all([...markers.keys()].map(async (path) => markers.set(path, (await this.host.stat(path))?.isFile ?? false)));
    const project = projectFolder(join(folder, '_'), this.roots, (path) => markers.get(path) ?? false);
    let modules: string[] | undefined;
    if (project !== undefined) {
      const walk = projectModules(project);
      let step = walk.next();
      while (!step.done) step = walk.next(await this.host.readDirectory(step.value));
      modules = step.value;
    }
    if (modules) await Promise.all(modules.map((module) => (this.open.has(module) ? undefined : this.moduleText(module))));
    this.projects.set(folder, modules);
  }

  private forgetResolutions(): void {
    this.resolutions.clear();
    this.importTargets.clear();
    this.resolutionsForgotten++;
  }

  // --- prefetch ---

  /**
   * Loads every workspace module the text's imports reach, transitively, and returns their paths
   * (the document's dependencies: an edit to any of them can change its findings).
   */
  async prefetch(file: string | undefined, text: string): Promise<Set<string>> {
    const reached = new Set<string>();
    if (file === undefined) return reached;
    const queue: Array<{ from: string; imports: string[]; module?: ModuleText }> = [{ from: file, imports: importedModules(text) }];
    while (queue.length > 0) {
      const { from, imports, module: loaded } = queue.shift()!;
      // A module reached from many files: its imports are resolved once, not for each of them.
      let resolved = loaded && this.importTargets.get(loaded);
      if (!resolved) {
        const forgotten = this.resolutionsForgotten;
        resolved = await this.resolveAll(imports, from);
        if (loaded && this.texts.get(from) === loaded && forgotten === this.resolutionsForgotten) this.importTargets.set(loaded, resolved);
      }
      for (const target of resolved) {
        if (!target || target === file || reached.has(target)) continue;
        reached.add(target);
        const open = this.open.get(target);
        // Watched files are current as loaded: no need to wait a turn for each of the modules reached.
        const cached = this.watching ? this.texts.get(target) : undefined;
        const module = open === undefined ? (cached ?? (await this.moduleText(target))) : undefined;
        if (open !== undefined) queue.push({ from: target, imports: importedModules(open) });
        else if (module) queue.push({ from: target, imports: module.imports, module });
      }
    }
    return reached;
  }

  /** `resolveAsync` of each name; the answers already known without waiting (most, after the first files). */
  private async resolveAll(names: string[], fromFile: string): Promise<Array<string | undefined>> {
    const folder = dirname(fromFile);
    const resolved: Array<string | undefined> = new Array(names.length);
    const pending: Array<Promise<void>> = [];
    names.forEach((name, index) => {
      const key = resolutionKey(name, folder);
      if (this.resolutions.has(key)) resolved[index] = this.resolutions.get(key);
      else pending.push(this.resolveAsync(name, fromFile).then((found) => void (resolved[index] = found)));
    });
    if (pending.length > 0) await Promise.all(pending);
    return resolved;
  }

  private async resolveAsync(moduleName: string, fromFile: string): Promise<string | undefined> {
    const key = resolutionKey(moduleName, dirname(fromFile));
    if (this.resolutions.has(key)) return this.resolutions.get(key);
    for (;;) {
      const unknown: string[] = [];
      const found = resolveModulePath(moduleName, fromFile, this.roots, (path) => {
        const known = this.isKnownFile(path);
        if (known === undefined) unknown.push(path);
        return known ?? false;
      });
      if (unknown.length === 0) {
        this.resolutions.set(key, found);
        return found;
      }
      await Promise.all(unknown.map((path) => this.probe(path)));
    }
  }

  private isKnownFile(path: string): boolean | undefined {
    if (this.open.has(path)) return true;
    const known = this.exists.get(path);
    if (known !== undefined) return known;
    // Names the import scan did not foresee (`os.environ` taken for a module) are mostly in folders already listed.
    const folder = dirname(path);
    return this.knownListing(folder)?.files.has(nameIn(folder, path));
  }

  /** A folder's listing if it has come, or an empty one when a listing that has come lacks the folder (see listing). */
  private knownListing(folder: string): Listing | undefined {
    const listed = this.listings.get(folder)?.loaded;
    if (listed) return listed;
    const parent = this.consultedParent(folder);
    if (parent === undefined) return undefined;
    const above = this.knownListing(parent);
    return above && lacks(above, parent, folder) ? ABSENT : undefined;
  }

  /** The folder above, when its listing may answer for this one: only inside the workspace folders, whose changes file events report. */
  private consultedParent(folder: string): string | undefined {
    const parent = dirname(folder);
    return parent !== folder && isInsideAny(parent, this.roots) ? parent : undefined;
  }

  /**
   * Whether a path is a file, from its folder's listing: an import probes several candidates in each of
   * several folders (`m.py`, `m/__init__.py` under each root), and one listing answers them all.
   */
  private async probe(path: string): Promise<void> {
    const folder = dirname(path);
    const { files } = await this.listing(folder);
    this.exists.set(path, files.has(nameIn(folder, path)));
  }

  /**
   * A folder's entries, listed once until a file under it comes or goes. A folder that its parent's
   * listing lacks is not listed: most candidates an import probes lie in folders that do not exist.
   * Only parents in the workspace folders are asked, whose changes file events report.
   */
  private listing(folder: string): Promise<Listing> {
    const known = this.listings.get(folder);
    if (known) return known.loading;
    const parent = this.consultedParent(folder);
    const present = parent === undefined ? Promise.resolve(true) : this.listing(parent).then((above) => !lacks(above, parent, folder));
    const entry: ListingEntry = {
      loading: present.then(async (there) => {
        // Not there: known empty. Unreadable (outside what the host may read, say): its folders are listed themselves.
        const entries = there ? await this.host.readDirectory(folder) : [];
        return (entry.loaded = {
          readable: entries !== undefined,
          names: new Set(entries?.map((entry) => entry.name)),
          files: new Set(entries?.filter((entry) => entry.isFile).map((entry) => entry.name)),
        });
      }),
    };
    this.listings.set(folder, entry);
    return entry.loading;
  }

  private async moduleText(path: string): Promise<ModuleText | undefined> {
    const cached = this.texts.get(path);
    if (cached && this.watching) return cached;
    const stat = await this.host.stat(path);
    if (!stat?.isFile || stat.size > MAX_MODULE_CHARS * 4) {
      this.texts.delete(path);
      return undefined;
    }
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const text = await this.host.readFile(path);
    if (text === undefined || text.length > MAX_MODULE_CHARS) {
      this.texts.delete(path);
      return undefined;
    }
    const module = { text, mtimeMs: stat.mtimeMs, size: stat.size, imports: importedModules(text) };
    this.texts.set(path, module);
    return module;
  }

  /** How many module texts are loaded (for the benchmark). */
  get size(): number {
    return this.texts.size;
  }
}

/** A folder's listing while it loads, and once it has come: then it answers the engine's probes without a round of loading. */
interface ListingEntry {
  loading: Promise<Listing>;
  loaded?: Listing;
}

/** A folder's entries: every name (a linked folder included), and the files; none when it cannot be read (`readable` false) or is not there. */
interface Listing {
  readable: boolean;
  names: ReadonlySet<string>;
  files: ReadonlySet<string>;
}

const ABSENT: Listing = { readable: true, names: new Set(), files: new Set() };

/** Whether a readable listing of `parent` lacks `folder`: then the folder is not there. */
function lacks(above: Listing, parent: string, folder: string): boolean {
  return above.readable && !above.names.has(nameIn(parent, folder));
}

/** The name of an entry of `folder` from its path. */
function nameIn(folder: string, path: string): string {
  return path.slice(folder.length).replace(/^[\\/]+/, '');
}

/** Where an import leads depends on the module name and the importing file's folder only. */
function resolutionKey(moduleName: string, folder: string): string {
  return `${moduleName}\u0000${folder}`;
}

const IMPORT_STATEMENT = /^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import[ \t]*(\([^)]*\)|[^\n#;]*)|import[ \t]+([^\n#;]+))/gm;

/**
 * Module names a text's import statements may make the engine resolve: each dotted prefix of
 * `import a.b.c`, and for `from m import x`, `m` and `m.x` (x may be a submodule). A quick scan,
 * not a parse: what it misses, the engine's own requests reveal (`takeMissing`).
 */
export function importedModules(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(IMPORT_STATEMENT)) {
    const [, fromModule, fromNames, importList] = match;
    if (fromModule !== undefined) {
      addWithPackages(names, fromModule);
      for (const name of aliasedNames(fromNames ?? '')) {
        if (name !== '*') names.add(fromModule.endsWith('.') ? `${fromModule}${name}` : `${fromModule}.${name}`);
      }
    } else {
      for (const name of aliasedNames(importList ?? '')) addWithPackages(names, name);
    }
  }
  return [...names].filter((name) => /^\.*[\w.]*$/.test(name) && name !== '');
}

/** `a.b.c` and the packages Python imports on the way: `a`, `a.b` (`..p.m`: `..`, `..p`). */
function addWithPackages(names: Set<string>, dotted: string): void {
  const dots = /^\.*/.exec(dotted)![0];
  const parts = dotted.slice(dots.length).split('.').filter(Boolean);
  if (dots) names.add(dots);
  for (let i = 1; i <= parts.length; i++) names.add(dots + parts.slice(0, i).join('.'));
}

function aliasedNames(list: string): string[] {
  return list
    .replace(/[()\\]/g, ' ')
    .replace(/#[^\n]*/g, ' ')
    .split(',')
    .map((item) => item.trim().split(/\s+/)[0])
    .filter((name): name is string => Boolean(name));
}
