import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceFiles } from './options';

/**
 * Python modules on disk, resolved the way the interpreter would for the project's own code:
 * relative imports from the importing file's package, absolute ones from the given roots and from
 * the folder above the importing file's top-level package. Third-party and standard modules are
 * not found (they are not the workspace's), which is what AIO200 wants.
 */
export class FileSystemWorkspace implements WorkspaceFiles {
  private readonly contents = new Map<string, { mtimeMs: number; size: number; text: string }>();

  constructor(
    /** Folders absolute imports are resolved from (or a function giving them, for a changing workspace). */
    private readonly roots: string[] | (() => string[]) = [],
    /** Text of files open in an editor, which wins over the disk. */
    private readonly overlay: (file: string) => string | undefined = () => undefined,
  ) {}

  resolveModule(moduleName: string, fromFile: string): string | undefined {
    const leadingDots = /^\.*/.exec(moduleName)![0].length;
    const parts = moduleName.slice(leadingDots).split('.').filter(Boolean);
    const roots = typeof this.roots === 'function' ? this.roots() : this.roots;
    let found: string | undefined;
    if (leadingDots > 0) {
      // CPython refuses a relative import above the top-level package ("beyond top-level package").
      const depth = packageDepth(fromFile);
      if (depth > 0 && leadingDots > depth) return undefined;
      let base = path.dirname(fromFile);
      for (let i = 1; i < leadingDots; i++) base = path.dirname(base);
      found = this.moduleFile(base, parts);
    } else {
      for (const root of [...roots, packageRoot(fromFile)]) {
        found = this.moduleFile(root, parts);
        if (found) break;
      }
    }
    return found && isInsideAny(found, this.boundaries(roots, fromFile)) ? found : undefined;
  }

  /**
   * Where imports may lead: the workspace folders, or — for a file outside all of them — the folder
   * of its own top-level package. Real paths, so a symlink that leaves them is not followed.
   */
  private boundaries(roots: string[], fromFile: string): string[] {
    const real = roots.map(realPath);
    return isInsideAny(fromFile, real) ? real : [...real, realPath(packageRoot(fromFile))];
  }

  private moduleFile(base: string, parts: string[]): string | undefined {
    const stem = path.join(base, ...parts);
    const candidates = parts.length > 0 ? [`${stem}.py`, path.join(stem, '__init__.py')] : [path.join(stem, '__init__.py')];
    for (const candidate of candidates) {
      if (this.overlay(candidate) !== undefined || isFile(candidate)) return candidate;
    }
    return undefined;
  }

  readFile(file: string): string | undefined {
    const open = this.overlay(file);
    if (open !== undefined) return open;
    try {
      const stat = fs.statSync(file);
      const cached = this.contents.get(file);
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.text;
      const text = fs.readFileSync(file, 'utf8');
      this.contents.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, text });
      return text;
    } catch {
      return undefined;
    }
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    // Not on disk (an unsaved editor buffer): its folder's real path, if that exists.
    const folder = path.dirname(file);
    return folder === file ? path.resolve(file) : path.join(realPath(folder), path.basename(file));
  }
}

function isInsideAny(file: string, folders: string[]): boolean {
  const real = realPath(file);
  return folders.some((folder) => real === folder || real.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep));
}

/** How many folders up from the file are packages (hold `__init__.py`): 0 outside a regular package. */
function packageDepth(file: string): number {
  let depth = 0;
  for (let dir = path.dirname(file); isFile(path.join(dir, '__init__.py')) && path.dirname(dir) !== dir; dir = path.dirname(dir)) depth++;
  return depth;
}

/** The folder holding the importing file's top-level package (the first folder without `__init__.py`). */
function packageRoot(file: string): string {
  let dir = path.dirname(file);
  while (isFile(path.join(dir, '__init__.py')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
