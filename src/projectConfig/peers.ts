import { t } from '../analysis/l10n';
import type { ConfigProblem } from './problems';
import { readIniSection } from './ini';
import { isTable, type TomlTable } from './toml';

/** What a project wrote for Ruff that concerns our codes. */
export interface RuffConfig {
  file: string;
  /** Our codes Ruff is set up to report (its selection of ASYNC rules, RUF006/RUF029 as ours). */
  reported: string[];
  /** Our codes (or prefixes) the project told Ruff to ignore everywhere. */
  ignore: string[];
  perFileIgnores: Array<{ pattern: string; codes: string[] }>;
}

/** ASYNC codes Ruff implements (stable), and the preview ones; RUF006/RUF029 are our ASYNC300/ASYNC124. */
const RUFF_STABLE = ['ASYNC100', 'ASYNC105', 'ASYNC109', 'ASYNC110', 'ASYNC115', 'ASYNC116', 'ASYNC210', 'ASYNC212', 'ASYNC220', 'ASYNC221', 'ASYNC222', 'ASYNC230', 'ASYNC240', 'ASYNC250', 'ASYNC251', 'RUF006'];
const RUFF_PREVIEW = ['ASYNC119', 'RUF029'];
const RUFF_TO_OURS: Record<string, string> = { RUF006: 'ASYNC300', RUF029: 'ASYNC124' };

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').map((item) => item.trim().toUpperCase()) : [];
}

/** Ruff selectors name a linter prefix (`ASYNC`, `ASYNC2`, `RUF`) or `ALL`: `A` is flake8-builtins, not ASYNC. */
function ruffSelects(selector: string, ruffCode: string): boolean {
  if (selector === 'ALL') return true;
  const linter = /^[A-Z]+/.exec(ruffCode)![0];
  return selector.startsWith(linter) && ruffCode.startsWith(selector);
}

/** Ruff codes among `selectors` translated to ours (`ASYNC251` stays, `RUF006` → `ASYNC300`, `ASYNC` stays a prefix). */
function toOurSelectors(selectors: string[]): string[] {
  const result: string[] = [];
  for (const selector of selectors) {
    if (selector.startsWith('ASYNC')) result.push(selector);
    else for (const [ruff, ours] of Object.entries(RUFF_TO_OURS)) if (ruffSelects(selector, ruff) && selector !== 'ALL') result.push(ours);
  }
  return result;
}

/**
 * Reads Ruff's settings from `[tool.ruff]` of a pyproject.toml or the top of a ruff.toml: `lint.*`
 * and the older top-level keys alike. Ruff's default selection has no ASYNC rule.
 */
export function readRuffConfig(file: string, ruff: TomlTable): RuffConfig {
  const lint = isTable(ruff.lint) ? ruff.lint : {};
  const pick = (key: string) => [...stringList(ruff[key]), ...stringList(lint[key])];
  const preview = lint.preview === true || ruff.preview === true;
  const selected = pick('select');
  const extended = pick('extend-select');
  const ignored = [...pick('ignore'), ...pick('extend-ignore')];
  const candidates = [...RUFF_STABLE, ...(preview ? RUFF_PREVIEW : [])];
  const reported = candidates
    .filter((code) => {
      const select = [...selected, ...extended];
      const chosen = select.filter((selector) => ruffSelects(selector, code)).sort((a, b) => b.length - a.length)[0];
      const dropped = ignored.filter((selector) => ruffSelects(selector, code)).sort((a, b) => b.length - a.length)[0];
      return chosen !== undefined && (dropped === undefined || chosen.length > dropped.length);
    })
    .map((code) => RUFF_TO_OURS[code] ?? code);
  const perFileIgnores: RuffConfig['perFileIgnores'] = [];
  for (const key of ['per-file-ignores', 'extend-per-file-ignores']) {
    for (const table of [ruff[key], lint[key]]) {
      if (!isTable(table)) continue;
      for (const [pattern, codes] of Object.entries(table)) {
        const ours = toOurSelectors(stringList(codes));
        if (ours.length > 0) perFileIgnores.push({ pattern, codes: ours });
      }
    }
  }
  return { file, reported, ignore: toOurSelectors(ignored), perFileIgnores };
}

/** flake8-async's `async200-blocking-calls` from the `[flake8]` section of setup.cfg, tox.ini or .flake8. */
export function readFlake8BlockingCalls(file: string, text: string): { calls: string[]; problems: ConfigProblem[] } | undefined {
  const section = readIniSection(text, 'flake8');
  const entry = section?.get('async200-blocking-calls');
  if (!entry) return undefined;
  const calls: string[] = [];
  const problems: ConfigProblem[] = [];
  for (const item of entry.value.split(/[,\n]/).map((part) => part.trim()).filter(Boolean)) {
    if (/^[^\s-][^-]*->\s*\S/.test(item)) calls.push(item);
    else problems.push({ file, line: entry.line, column: 0, key: 'flake8.async200-blocking-calls', message: t('`{0}`: "{1}" is not of the form `pattern -> suggestion`.', 'async200-blocking-calls', item) });
  }
  return { calls, problems };
}
