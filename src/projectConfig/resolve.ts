import * as path from 'node:path';
import type { CodeInfo, SeveritySetting } from '../analysis/types';
import { compilePathGlobs, type Matcher } from '../analysis/wildcard';
import type { FolderConfig } from './loader';

/** Settings that sit above the project's files: VS Code's `pythonAsyncGuide.*`, or the CLI's flags. */
export interface HostLayer {
  severity?: Record<string, SeveritySetting>;
  extraBlockingCalls?: string[];
  /** Leave to Ruff the codes it reports (see `codesLeftToRuff`); a code the host's `severity` names itself stays. */
  ruffOverlap?: RuffOverlap;
  /** The Ruff extension runs in this editor. */
  ruffExtensionActive?: boolean;
}

/**
 * `pythonAsyncGuide.ruffOverlap`: `auto` leaves to Ruff the codes its configuration selects when the
 * Ruff extension runs in the editor; `skip` leaves them to Ruff always (Ruff runs in CI or
 * pre-commit); `report` reports everything.
 */
export type RuffOverlap = 'auto' | 'report' | 'skip';

export function codesLeftToRuff(mode: RuffOverlap | undefined, ruffExtensionActive: boolean, ruffReports: readonly string[]): string[] {
  if (mode === 'report') return [];
  if (mode === 'skip' || ruffExtensionActive) return [...ruffReports];
  return [];
}

/** What the project configuration means for one file. */
export interface FileConfig {
  /** Excluded by `exclude` of the project config: not linted at all. */
  excluded: boolean;
  /** Severity per code, only for the codes some layer changed (the engine keeps its defaults for the rest). */
  severity: Record<string, SeveritySetting>;
  extraBlockingCalls: string[];
  threadOffloadDecorators: string[];
  deferringDecorators: string[];
  targetVersion?: string;
  /** Our codes the project's Ruff configuration reports. */
  ruffReports: string[];
  /** Of those, the ones switched off here because Ruff reports them (`ruffOverlap`). */
  leftToRuff: string[];
  /** The config files that apply, each once, for logs and the status item. */
  sources: string[];
}

const matchers = new Map<string, Matcher>();

/**
 * Ruff-like glob match of a path relative to the config's folder: the whole relative path or the
 * file name, and a folder pattern covers everything below it (`build`, `tests/*`).
 */
export function globMatches(pattern: string, relative: string): boolean {
  let matcher = matchers.get(pattern);
  if (!matcher) {
    const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
    // Linear-time matching: the config comes from the repository being checked.
    matcher = compilePathGlobs([clean, `${clean}/**`]);
    matchers.set(pattern, matcher);
  }
  return matcher(relative) || matcher(relative.slice(relative.lastIndexOf('/') + 1));
}

function relativeTo(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}

/** Longest selector (`ALL` counts as empty) matching the code, as its length; -1 when none does. */
function bestMatch(code: string, selectors: readonly string[]): number {
  let best = -1;
  for (const selector of selectors) {
    const prefix = selector === 'ALL' ? '' : selector;
    if (code.startsWith(prefix)) best = Math.max(best, prefix.length);
  }
  return best;
}

/** Exact code or longest prefix in a severity table. */
function lookup(code: string, table: Record<string, SeveritySetting> | undefined): SeveritySetting | undefined {
  if (!table) return undefined;
  if (table[code]) return table[code];
  const prefix = Object.keys(table)
    .filter((key) => key && code.startsWith(key))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? table[prefix] : undefined;
}

/**
 * The configuration of one file. Layers, lowest first: the code's default; the peers' config
 * (Ruff's `ignore`); `select`/`extend-select`/`ignore` of our config (the most specific selector
 * wins, `ignore` on a tie); our `severity`; the host's severity (VS Code setting or CLI flag);
 * last, per-file ignores (ours and Ruff's), which switch a code off for matching files whatever the rest says.
 */
export function resolveFileConfig(file: string, folder: FolderConfig, codes: readonly CodeInfo[], host: HostLayer = {}): FileConfig {
  const absolute = path.resolve(file);
  const own = folder.own?.config;
  const ownRelative = folder.own ? relativeTo(folder.own.dir, absolute) : '';
  const ruffRelative = folder.ruff ? relativeTo(folder.ruff.dir, absolute) : '';
  const excluded = (own?.exclude ?? []).some((pattern) => globMatches(pattern, ownRelative));

  const perFileOff = [
    ...(own?.perFileIgnores ?? []).filter((entry) => globMatches(entry.pattern, ownRelative)),
    ...(folder.ruff?.config.perFileIgnores ?? []).filter((entry) => globMatches(entry.pattern, ruffRelative)),
  ].flatMap((entry) => entry.codes);
  const ignore = [...(own?.ignore ?? []), ...(folder.ruff?.config.ignore ?? [])];
  const select = [...(own?.select ?? []), ...(own?.extendSelect ?? [])];

  const leftToRuff = codesLeftToRuff(host.ruffOverlap, host.ruffExtensionActive ?? false, folder.ruff?.config.reported ?? []);
  const severity: Record<string, SeveritySetting> = {};
  for (const info of codes) {
    const code = info.code;
    const defaultOn = info.defaultSeverity !== 'off';
    let selectedLength = -1;
    let on = own?.select ? false : defaultOn;
    const chosen = bestMatch(code, select);
    if (chosen > selectedLength) {
      selectedLength = chosen;
      on = true;
    }
    const dropped = bestMatch(code, ignore);
    if (dropped >= 0 && dropped >= selectedLength) on = false;

    let level: SeveritySetting | undefined = on ? lookup(code, own?.severity) : 'off';
    if (on && !defaultOn && level === undefined) level = 'warning';
    const hostLevel = host.severity?.[code];
    if (leftToRuff.includes(code) && hostLevel === undefined) level = 'off';
    else level = lookup(code, host.severity) ?? level;
    if (bestMatch(code, perFileOff) >= 0) level = 'off';
    if (level !== undefined && !(level === 'off' && !defaultOn)) severity[code] = level;
  }

  return {
    excluded,
    severity,
    extraBlockingCalls: [...(folder.flake8?.config ?? []), ...(own?.extraBlockingCalls ?? []), ...(host.extraBlockingCalls ?? [])],
    threadOffloadDecorators: own?.threadOffloadDecorators ?? [],
    deferringDecorators: own?.deferringDecorators ?? [],
    targetVersion: own?.targetVersion,
    ruffReports: folder.ruff?.config.reported ?? [],
    leftToRuff,
    // One pyproject.toml may hold ours and Ruff's.
    sources: [...new Set([folder.own?.file, folder.ruff?.file, folder.flake8?.file].filter((source): source is string => source !== undefined))],
  };
}
