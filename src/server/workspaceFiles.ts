import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { compilePathGlobs, type Matcher } from '../analysis/wildcard';
import { SKIPPED_DIRECTORIES } from '../shared/pythonFiles';
import type { ServerHost } from './host';

/** What a workspace folder excludes besides `.gitignore` files. */
export interface FolderExclusions {
  /** The editor's `files.exclude` globs (those set to `true`), relative to the folder. */
  filesExclude: string[];
  /** `pythonAsyncGuide.exclude`, relative to the folder (files only). */
  exclude: string[];
}

/** `files.exclude` as the editor returns it (`{"**\/.git": true, "**\/*.js": {"when": …}}`): the globs set to true. */
export function enabledGlobs(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>)
    .filter(([glob, enabled]) => enabled === true && glob.trim() !== '')
    .map(([glob]) => glob.replace(/^\.\//, ''));
}

/** Source files the workspace check lints: notebooks are left to their editor (their cells have no file URI). */
const isWorkspaceSource = (name: string) => name.endsWith('.py') || name.endsWith('.pyi');

const toSlashes = (relative: string) => relative.split(path.sep).join('/');

/**
 * The Python files of one workspace folder that the user has not excluded: `files.exclude`, every
 * `.gitignore` from the folder down, the extension's `exclude` setting, and the folders no walk
 * enters (`.git`, `node_modules`, virtual environments, caches). Linked folders are not entered.
 */
export class FolderWalk {
  private readonly filesExclude: Matcher;
  private readonly exclude: Matcher;
  /** Each folder's `.gitignore` rules, or null when it has none. */
  private readonly gitignores = new Map<string, Ignore | null>();

  constructor(
    private readonly host: ServerHost,
    readonly root: string,
    exclusions: FolderExclusions,
  ) {
    this.filesExclude = compilePathGlobs(exclusions.filesExclude);
    this.exclude = compilePathGlobs(exclusions.exclude);
  }

  /** Every file to lint, folder by folder in name order; `stop` ends the walk early. */
  async files(stop: () => boolean = () => false): Promise<string[]> {
    const found: string[] = [];
    const folders = [this.root];
    while (folders.length > 0 && !stop()) {
      const folder = folders.shift()!;
      const entries = await this.host.readDirectory(folder);
      if (!entries) continue;
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory) {
          if (!(await this.excludedEntry(full, true))) folders.push(full);
        } else if (entry.isFile && isWorkspaceSource(entry.name) && !(await this.excludedEntry(full, false))) {
          found.push(full);
        }
      }
    }
    return found;
  }

  /** Whether a file (from a file event) is one the walk would list: every folder on its way is checked too. */
  async includes(file: string): Promise<boolean> {
    const relative = path.relative(this.root, file);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative) || !isWorkspaceSource(file)) return false;
    const parts = relative.split(path.sep);
    for (let depth = 1; depth < parts.length; depth++) {
      if (await this.excludedEntry(path.join(this.root, ...parts.slice(0, depth)), true)) return false;
    }
    return !(await this.excludedEntry(file, false));
  }

  /** A `.gitignore` was edited: its rules are read again. */
  forgetGitignore(folder: string): void {
    this.gitignores.delete(folder);
  }

  private async excludedEntry(full: string, isDirectory: boolean): Promise<boolean> {
    const relative = toSlashes(path.relative(this.root, full));
    if (isDirectory && SKIPPED_DIRECTORIES.has(path.basename(full))) return true;
    if (this.filesExclude(relative)) return true;
    if (!isDirectory && this.exclude(relative)) return true;
    return this.gitignored(full, isDirectory);
  }

  /** Git's rules: each `.gitignore` from the root down to the entry's folder; a deeper one overrides. */
  private async gitignored(full: string, isDirectory: boolean): Promise<boolean> {
    let ignored = false;
    const chain: string[] = [];
    for (let folder = path.dirname(full); ; folder = path.dirname(folder)) {
      chain.unshift(folder);
      if (folder === this.root || path.dirname(folder) === folder || !folder.startsWith(this.root)) break;
    }
    for (const folder of chain) {
      const rules = await this.rulesOf(folder);
      if (!rules) continue;
      const relative = toSlashes(path.relative(folder, full)) + (isDirectory ? '/' : '');
      const result = rules.test(relative);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }

  private async rulesOf(folder: string): Promise<Ignore | null> {
    const known = this.gitignores.get(folder);
    if (known !== undefined) return known;
    const text = await this.host.readFile(path.join(folder, '.gitignore'));
    const rules = text === undefined ? null : ignore().add(text);
    this.gitignores.set(folder, rules);
    return rules;
  }
}
