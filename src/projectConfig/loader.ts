import * as path from 'node:path';
import { t } from '../analysis/l10n';
import { MAX_CONFIG_CHARS, type ConfigFiles } from './files';
import { readFlake8BlockingCalls, readRuffConfig, type RuffConfig } from './peers';
import type { ConfigProblem } from './problems';
import { emptyOwnConfig, readOwnConfig, type OwnConfig } from './schema';
import { isTable, parseToml, type TomlTable } from './toml';
import type { TextEdit } from '../analysis/types';
import { ruffExternalEdit, ruffStripsAioNoqa, ruffTableOf } from './ruffExternal';

/** Standalone files of ours, read before pyproject.toml in the same folder (keys at the top level). */
export const OWN_CONFIG_FILES = ['.python-async-guide.toml', 'python-async-guide.toml'];
export const RUFF_CONFIG_FILES = ['.ruff.toml', 'ruff.toml'];
export const FLAKE8_CONFIG_FILES = ['.flake8', 'setup.cfg', 'tox.ini'];
export const OWN_SECTION = ['tool', 'python-async-guide'];
/** Every file name whose change may change the configuration (for file watchers). */
export const CONFIG_FILE_NAMES = [...OWN_CONFIG_FILES, 'pyproject.toml', ...RUFF_CONFIG_FILES, ...FLAKE8_CONFIG_FILES];

export interface Located<T> {
  file: string;
  /** The folder globs in this config are relative to. */
  dir: string;
  config: T;
}

/** The configuration files that apply to one folder: the nearest of each kind, in it or above it. */
export interface FolderConfig {
  own?: Located<OwnConfig>;
  ruff?: Located<RuffConfig>;
  flake8?: Located<string[]>;
}

interface ParsedFile {
  text: string;
  table?: TomlTable;
}

/**
 * Finds and reads the project configuration of a file: `[tool.python-async-guide]` (or a standalone
 * `python-async-guide.toml`), Ruff's settings and flake8-async's option, each from the nearest
 * folder that has one. Results are cached per folder until `invalidate()`. Problems found in the files
 * read so far are kept per file (`problems()`), never thrown.
 */
export class ProjectConfigLoader {
  private readonly folders = new Map<string, FolderConfig>();
  private readonly parsed = new Map<string, ParsedFile | undefined>();
  private readonly fileProblems = new Map<string, ConfigProblem[]>();

  constructor(
    private readonly files: ConfigFiles,
    /** Every code the engine knows, to check the codes a config names. */
    private readonly codes: readonly string[],
  ) {}

  /** The configuration for a file (or a folder, with `isFolder`). */
  forPath(file: string, isFolder = false): FolderConfig {
    return this.forFolder(isFolder ? path.resolve(file) : path.dirname(path.resolve(file)));
  }

  forFolder(dir: string): FolderConfig {
    const cached = this.folders.get(dir);
    if (cached) return cached;
    const parent = path.dirname(dir);
    const inherited = parent === dir ? {} : this.forFolder(parent);
    const found: FolderConfig = {
      own: this.ownIn(dir) ?? inherited.own,
      ruff: this.ruffIn(dir) ?? inherited.ruff,
      flake8: this.flake8In(dir) ?? inherited.flake8,
    };
    this.folders.set(dir, found);
    return found;
  }

  /**
   * The edit that declares `AIO` external in the Ruff configuration that applies to a file, when
   * that configuration's RUF100 would strip `AIO…` codes from `# noqa` comments.
   */
  ruffExternalFix(file: string, isFolder = false): { file: string; edit: TextEdit } | undefined {
    const ruff = this.forPath(file, isFolder).ruff;
    const parsed = ruff && this.read(ruff.file, true);
    if (!ruff || !parsed?.table) return undefined;
    const isPyproject = path.basename(ruff.file) === 'pyproject.toml';
    const table = ruffTableOf(parsed.table, isPyproject);
    if (!table || !ruffStripsAioNoqa(table)) return undefined;
    const edit = ruffExternalEdit(parsed.text, isPyproject);
    return edit && { file: ruff.file, edit };
  }

  /** Problems of every config file read so far, by file. */
  problems(): ReadonlyMap<string, ConfigProblem[]> {
    return this.fileProblems;
  }

  /** Forgets everything read: the next question reads the files again. */
  invalidate(): void {
    this.folders.clear();
    this.parsed.clear();
    this.fileProblems.clear();
  }

  private read(file: string, asToml: boolean): ParsedFile | undefined {
    if (this.parsed.has(file)) return this.parsed.get(file);
    let result: ParsedFile | undefined;
    const text = this.files.readFile(file);
    if (text !== undefined) {
      result = { text };
      if (text.length > MAX_CONFIG_CHARS) {
        this.addProblems(file, [{ file, line: 0, column: 0, message: t('{0} is too large to be a configuration file; it was skipped.', path.basename(file)) }]);
        result = undefined;
      } else if (asToml) {
        const parsed = parseToml(file, text);
        result.table = parsed.table;
        // Other tools' files with a syntax error are theirs to report; ours are reported here.
        const ours = OWN_CONFIG_FILES.includes(path.basename(file)) || text.includes('python-async-guide');
        if (parsed.problem && ours) this.addProblems(file, [parsed.problem]);
      }
    }
    this.parsed.set(file, result);
    return result;
  }

  private addProblems(file: string, problems: ConfigProblem[]): void {
    if (problems.length === 0) return;
    this.fileProblems.set(file, [...(this.fileProblems.get(file) ?? []), ...problems]);
  }

  private ownIn(dir: string): Located<OwnConfig> | undefined {
    for (const name of OWN_CONFIG_FILES) {
      const file = path.join(dir, name);
      const parsed = this.read(file, true);
      if (parsed) return this.validate(file, dir, parsed, parsed.table ?? {}, []);
    }
    const file = path.join(dir, 'pyproject.toml');
    const parsed = this.read(file, true);
    if (!parsed) return undefined;
    const tool = parsed.table?.tool;
    const section = isTable(tool) ? tool['python-async-guide'] : undefined;
    if (section === undefined) {
      // A pyproject.toml that does not parse but names our section still is our config (with its error).
      return parsed.table === undefined && parsed.text.includes('python-async-guide') ? { file, dir, config: emptyOwnConfig() } : undefined;
    }
    if (!isTable(section)) {
      this.addProblems(file, [{ file, line: 0, column: 0, key: OWN_SECTION.join('.'), message: t('`{0}` must be a table.', OWN_SECTION.join('.')) }]);
      return { file, dir, config: emptyOwnConfig() };
    }
    return this.validate(file, dir, parsed, section, OWN_SECTION);
  }

  private validate(file: string, dir: string, parsed: ParsedFile, section: TomlTable, tablePath: string[]): Located<OwnConfig> {
    const { config, problems } = readOwnConfig(file, parsed.text, section, tablePath, this.codes);
    this.addProblems(file, problems);
    return { file, dir, config };
  }

  private ruffIn(dir: string): Located<RuffConfig> | undefined {
    for (const name of RUFF_CONFIG_FILES) {
      const file = path.join(dir, name);
      const parsed = this.read(file, true);
      if (parsed?.table) return { file, dir, config: readRuffConfig(file, parsed.table) };
    }
    const file = path.join(dir, 'pyproject.toml');
    const tool = this.read(file, true)?.table?.tool;
    if (isTable(tool) && isTable(tool.ruff)) return { file, dir, config: readRuffConfig(file, tool.ruff) };
    return undefined;
  }

  private flake8In(dir: string): Located<string[]> | undefined {
    for (const name of FLAKE8_CONFIG_FILES) {
      const file = path.join(dir, name);
      const parsed = this.read(file, false);
      const found = parsed && readFlake8BlockingCalls(file, parsed.text);
      if (found) {
        this.addProblems(file, found.problems);
        return { file, dir, config: found.calls };
      }
    }
    return undefined;
  }
}
