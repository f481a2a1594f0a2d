import { dirname, isInsideAny, join } from './moduleResolution';
import { SKIPPED_DIRECTORIES } from '../shared/pythonFiles';

/** A folder holding one of these is a project of its own (a monorepo's sub-project). */
const PROJECT_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt'];

const INSTALLED_PACKAGES = new Set(['site-packages', 'dist-packages']);

/** Most modules a project may have for the uses other modules make of a function to be searched. */
export const MAX_PROJECT_FILES = 2_000;

export interface FolderEntry {
  name: string;
  isDirectory: boolean;
  isFile: boolean;
}

/**
 * The project `file` belongs to: the nearest folder up holding a project marker, else the workspace
 * folder holding it. Undefined outside every workspace folder (its project is not known).
 */
export function projectFolder(file: string, roots: readonly string[], isFile: (path: string) => boolean): string | undefined {
  const root = roots
    .map((folder) => folder.replace(/(?<=.)[\\/]$/, ''))
    .filter((folder) => isInsideAny(file, [folder]))
    .sort((a, b) => b.length - a.length)[0];
  if (root === undefined) return undefined;
  for (let folder = dirname(file); isInsideAny(folder, [root]) && folder !== root; folder = dirname(folder)) {
    if (PROJECT_MARKERS.some((marker) => isFile(join(folder, marker)))) return folder;
    if (dirname(folder) === folder) break;
  }
  return root;
}

/**
 * The project's Python modules (`.py`), in a fixed order, skipping the folders no walk enters:
 * whoever drives the walk reads each folder it yields and passes back the entries (undefined when
 * unreadable). Returns undefined past MAX_PROJECT_FILES.
 */
export function* projectModules(project: string): Generator<string, string[] | undefined, FolderEntry[] | undefined> {
  const found: string[] = [];
  const folders = [project];
  while (folders.length > 0) {
    const folder = folders.shift()!;
    const entries = [...((yield folder) ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // A virtual environment under any name (`env`, `.venv311`): installed packages are not the project's.
    if (entries.some((entry) => entry.isFile && entry.name === 'pyvenv.cfg')) continue;
    for (const entry of entries) {
      if (entry.isDirectory && !SKIPPED_DIRECTORIES.has(entry.name) && !INSTALLED_PACKAGES.has(entry.name)) folders.push(join(folder, entry.name));
      else if (entry.isFile && entry.name.endsWith('.py')) found.push(join(folder, entry.name));
    }
    if (found.length > MAX_PROJECT_FILES) return undefined;
  }
  return found;
}
