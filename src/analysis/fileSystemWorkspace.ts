import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot, resolveModulePath } from './moduleResolution';
import type { WorkspaceFiles } from './options';

/**
 * Python modules on disk, read synchronously (the CLI), resolved as `moduleResolution.ts` says and
 * kept inside the workspace folders. Third-party and standard modules are not found (they are not
 * the workspace's), which is what AIO200 wants.
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
    const roots = typeof this.roots === 'function' ? this.roots() : this.roots;
    const found = resolveModulePath(moduleName, fromFile, roots, (candidate) => this.overlay(candidate) !== undefined || isFile(candidate));
    return found && isInsideAny(found, this.boundaries(roots, fromFile)) ? found : undefined;
  }

  /**
   * Where imports may lead: the workspace folders, or — for a file outside all of them — the folder
   * of its own top-level package. Real paths, so a symlink that leaves them is not followed.
   */
  private boundaries(roots: string[], fromFile: string): string[] {
    const real = roots.map(realPath);
    return isInsideAny(fromFile, real) ? real : [...real, realPath(packageRoot(fromFile, isFile))];
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
