/**
 * Where an import points, the way the interpreter finds the project's own modules: relative
 * imports from the importing file's package, absolute ones from the given roots and from the
 * folder above the importing file's top-level package. Pure string work over an `isFile` probe,
 * so that the CLI (synchronous disk) and the language server (a prefetched index) agree.
 */
export function resolveModulePath(moduleName: string, fromFile: string, roots: readonly string[], isFile: (path: string) => boolean): string | undefined {
  const leadingDots = /^\.*/.exec(moduleName)![0].length;
  const parts = moduleName.slice(leadingDots).split('.').filter(Boolean);
  if (leadingDots > 0) {
    let base = dirname(fromFile);
    for (let i = 1; i < leadingDots; i++) base = dirname(base);
    // CPython refuses a relative import above the top-level package ("beyond top-level package"),
    // unless the folders above it are namespace packages (no `__init__.py`), imported from a root
    // further up: `app/api/media.py` doing `from .. import crud` in `app.api.media`.
    const depth = packageDepth(fromFile, isFile);
    if (depth > 0 && leadingDots > depth && !isStrictlyInsideAny(base, roots)) return undefined;
    return moduleFile(base, parts, isFile);
  }
  for (const root of [...importRoots(roots), packageRoot(fromFile, isFile)]) {
    const found = moduleFile(root, parts, isFile);
    if (found) return found;
  }
  return undefined;
}

/** Each root and its `src` folder, as Ruff's default `src = [".", "src"]`: `src/cogs/chat.py` may `import util` from `src/util.py`. */
function importRoots(roots: readonly string[]): string[] {
  return roots.flatMap((root) => [root, join(root, 'src')]);
}

function moduleFile(base: string, parts: string[], isFile: (path: string) => boolean): string | undefined {
  const stem = join(base, ...parts);
  const candidates = parts.length > 0 ? [`${stem}.py`, join(stem, '__init__.py')] : [join(stem, '__init__.py')];
  return candidates.find(isFile);
}

/** How many folders up from the file are packages (hold `__init__.py`): 0 outside a regular package. */
function packageDepth(file: string, isFile: (path: string) => boolean): number {
  let depth = 0;
  for (let dir = dirname(file); isFile(join(dir, '__init__.py')) && dirname(dir) !== dir; dir = dirname(dir)) depth++;
  return depth;
}

/** The folder holding the file's top-level package (the first folder up without `__init__.py`). */
export function packageRoot(file: string, isFile: (path: string) => boolean): string {
  let dir = dirname(file);
  while (isFile(join(dir, '__init__.py')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function separatorOf(path: string): string {
  return path.includes('\\') && !path.includes('/') ? '\\' : '/';
}

/** `/a/b/c.py` → `/a/b`; a root (`/`, `C:\`) stays itself. Either separator. */
export function dirname(path: string): string {
  const end = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (end < 0) return '.';
  const head = path.slice(0, end);
  if (head === '' || /^[A-Za-z]:$/.test(head)) return path.slice(0, end + 1);
  return head;
}

export function join(base: string, ...parts: string[]): string {
  if (parts.length === 0) return base;
  const separator = separatorOf(base);
  const trimmed = base.endsWith('/') || base.endsWith('\\') ? base.slice(0, -1) : base;
  return [trimmed, ...parts].join(separator);
}

/** Whether a folder lies below one of the roots, not the root itself. */
function isStrictlyInsideAny(folder: string, roots: readonly string[]): boolean {
  return isInsideAny(folder, roots) && !roots.some((root) => root.replace(/[\\/]$/, '') === folder);
}

/** Whether a path lies in one of the folders (compared as written: the caller resolves symlinks if it can). */
export function isInsideAny(file: string, folders: readonly string[]): boolean {
  return folders.some((folder) => {
    const trimmed = folder.endsWith('/') || folder.endsWith('\\') ? folder.slice(0, -1) : folder;
    return file === trimmed || file.startsWith(`${trimmed}/`) || file.startsWith(`${trimmed}\\`);
  });
}
