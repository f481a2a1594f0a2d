import * as fs from 'node:fs';
import * as path from 'node:path';
import { dirname, packageRoot, resolveModulePath } from './moduleResolution';
import type { WorkspaceFiles } from './options';
import { projectFolder, projectModules, type FolderEntry } from './projectFiles';

/** Imported modules bigger than this are not read (the module loader parses at most 1M characters). */
const MAX_MODULE_BYTES = 4_000_000;

/**
 * Python modules on disk, read synchronously (the CLI), resolved as `moduleResolution.ts` says and
 * kept inside the workspace folders. Third-party and standard modules are not found (they are not
 * the workspace's), which is what AIO200 wants.
 */
export class FileSystemWorkspace implements WorkspaceFiles {
  private readonly contents = new Map<string, { mtimeMs: number; size: number; text: string }>();
  private readonly disk: Disk;
  private readonly stable: boolean;
  readonly unchanging: boolean;
  private readonly resolutions = new Map<string, string | undefined>();
  private readonly fileBoundaries = new Map<string, string[]>();
  /** Each project's modules, listed once: files are edited during a run (`--fix`), not created. */
  private readonly projects = new Map<string, readonly string[] | undefined>();

  constructor(
    /** Folders absolute imports are resolved from (or a function giving them, for a changing workspace). */
    private readonly roots: string[] | (() => string[]) = [],
    /** Text of files open in an editor, which wins over the disk. */
    private readonly overlay: (file: string) => string | undefined = () => undefined,
    /**
     * `stable`: the files do not change while this object lives (a CLI run without --fix), so every
     * probe, resolution and read is remembered instead of asked of the disk again for each file.
     */
    options: { stable?: boolean } = {},
  ) {
    this.stable = options.stable ?? false;
    this.unchanging = this.stable;
    this.disk = new Disk(this.stable);
  }

  resolveModule(moduleName: string, fromFile: string): string | undefined {
    const roots = typeof this.roots === 'function' ? this.roots() : this.roots;
    if (!this.stable) return this.findModule(moduleName, fromFile, roots, this.boundaries(roots, fromFile));
    // Where an import leads depends on the importing file's folder and boundaries, not on the file:
    // the files of one folder share their answers.
    let bounds = this.fileBoundaries.get(fromFile);
    if (!bounds) this.fileBoundaries.set(fromFile, (bounds = this.boundaries(roots, fromFile)));
    const key = `${moduleName}\u0000${dirname(fromFile)}\u0000${bounds.join('\u0000')}`;
    if (!this.resolutions.has(key)) this.resolutions.set(key, this.findModule(moduleName, fromFile, roots, bounds));
    return this.resolutions.get(key);
  }

  private findModule(moduleName: string, fromFile: string, roots: string[], bounds: string[]): string | undefined {
    const found = resolveModulePath(moduleName, fromFile, roots, (candidate) => this.overlay(candidate) !== undefined || this.disk.isFile(candidate));
    return found && this.disk.isInsideAny(found, bounds) ? found : undefined;
  }

  /**
   * Where imports may lead: the workspace folders, or — for a file outside all of them — the folder
   * of its own top-level package. Real paths, so a symlink that leaves them is not followed.
   */
  private boundaries(roots: string[], fromFile: string): string[] {
    const real = roots.map((root) => this.disk.realPath(root));
    return this.disk.isInsideAny(fromFile, real) ? real : [...real, this.disk.realPath(packageRoot(fromFile, (file) => this.disk.isFile(file)))];
  }

  projectModules(file: string): readonly string[] | undefined {
    const roots = (typeof this.roots === 'function' ? this.roots() : this.roots).map((root) => this.disk.realPath(root));
    const project = projectFolder(file, roots, (candidate) => this.disk.isFile(candidate));
    if (project === undefined) return undefined;
    if (!this.projects.has(project)) {
      const walk = projectModules(project);
      let step = walk.next();
      while (!step.done) step = walk.next(folderEntries(step.value));
      this.projects.set(project, step.value);
    }
    return this.projects.get(project);
  }

  readFile(file: string): string | undefined {
    const open = this.overlay(file);
    if (open !== undefined) return open;
    try {
      const cached = this.contents.get(file);
      if (cached && this.stable) return cached.text;
      const stat = fs.statSync(file);
      if (!stat.isFile() || stat.size > MAX_MODULE_BYTES) return undefined;
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.text;
      const text = fs.readFileSync(file, 'utf8');
      this.contents.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, text });
      return text;
    } catch {
      return undefined;
    }
  }
}

/** File-system questions of import resolution, remembered for the object's life when the files are stable. */
class Disk {
  private readonly files = new Map<string, boolean>();
  private readonly folders = new Map<string, boolean>();
  private readonly realPaths = new Map<string, string>();

  constructor(private readonly remember: boolean) {}

  isFile(file: string): boolean {
    let found = this.files.get(file);
    if (found === undefined) {
      // Most candidates (`name/__init__.py`, `pkg/sub/mod.py` of an outside package) lie in folders
      // that do not exist: with answers remembered, one probe of such a folder answers for all of them.
      found = (!this.remember || this.isFolder(path.dirname(file))) && (statOf(file)?.isFile() ?? false);
      if (this.remember) this.files.set(file, found);
    }
    return found;
  }

  private isFolder(folder: string): boolean {
    let found = this.folders.get(folder);
    if (found === undefined) {
      const parent = path.dirname(folder);
      found = (parent === folder || this.isFolder(parent)) && (statOf(folder)?.isDirectory() ?? false);
      this.folders.set(folder, found);
    }
    return found;
  }

  realPath(file: string): string {
    let real = this.realPaths.get(file);
    if (real === undefined) {
      try {
        real = fs.realpathSync(file);
      } catch {
        // Not on disk (an unsaved editor buffer): its folder's real path, if that exists.
        const folder = path.dirname(file);
        real = folder === file ? path.resolve(file) : path.join(this.realPath(folder), path.basename(file));
      }
      if (this.remember) this.realPaths.set(file, real);
    }
    return real;
  }

  isInsideAny(file: string, folders: string[]): boolean {
    const real = this.realPath(file);
    return folders.some((folder) => real === folder || real.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep));
  }
}

function folderEntries(folder: string): FolderEntry[] | undefined {
  try {
    return fs.readdirSync(folder, { withFileTypes: true }).map((entry) => {
      // A link counts as what it points to for files; linked folders are not entered (a walk never loops).
      const isFile = entry.isFile() || (entry.isSymbolicLink() && (statOf(path.join(folder, entry.name))?.isFile() ?? false));
      return { name: entry.name, isDirectory: entry.isDirectory(), isFile };
    });
  } catch {
    return undefined;
  }
}

function statOf(file: string): fs.Stats | undefined {
  try {
    // Most probes miss: without throwIfNoEntry each miss would build an exception.
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
