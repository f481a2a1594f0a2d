/**
 * Checks `pythonAsyncGuide.*` settings from any source (VS Code, a repository's settings.json,
 * later pyproject.toml) before the engine sees them. Repository settings are untrusted input: a bad
 * value is dropped with a message naming the setting, and patterns are bounded in length and count.
 * Pure: no file system, no `vscode`, so the CLI, the extension and the language server share it.
 */
import { CODES } from '../analysis/codes';
import { t } from '../analysis/l10n';
import type { ExtraBlockingCall } from '../analysis/options';
import type { SeveritySetting } from '../analysis/types';
import type { Settings } from './settings';

/** What a settings object may hold once checked: the user's settings, without what the client adds itself. */
export type ValidatedSettings = Omit<Settings, 'ruffOverlap' | 'ruffExtensionActive'>;

export const SEVERITY_LEVELS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];
const LANGUAGES = ['auto', 'en', 'zh-cn'];
/** The manifest's minimum for pythonAsyncGuide.timeBudgetMs. */
const MIN_TIME_BUDGET_MS = 100;
/** Bounds for lists and patterns from settings: generous for real use, small enough to stay cheap. */
export const MAX_PATTERNS = 500;
export const MAX_PATTERN_LENGTH = 300;
/** Characters a blocking-call pattern may hold: dotted Python names and fnmatch wildcards. */
const BLOCKING_PATTERN = /^[\p{L}\p{N}_.*?[\]!-]+$/u;

/** A code (`ASYNC251`) or a prefix of codes (`ASYNC2`, `AIO`), upper-cased; undefined when it names none of ours. */
export function knownCodeOrPrefix(value: string): string | undefined {
  const code = value.trim().toUpperCase();
  if (!code) return undefined;
  for (const known of CODES.keys()) if (known.startsWith(code)) return code;
  return undefined;
}

export interface SettingsCheck {
  settings: ValidatedSettings;
  /** One line per bad value, naming the setting (`pythonAsyncGuide.severity`) and what is wrong. */
  problems: string[];
}

const describe = (value: unknown) => (typeof value === 'string' ? `"${value.slice(0, 60)}"` : Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value);

export function validateSettings(raw: Record<string, unknown>, section = 'pythonAsyncGuide'): SettingsCheck {
  const problems: string[] = [];
  const settings: ValidatedSettings = {};
  const name = (key: string) => `${section}.${key}`;

  if (raw.enable !== undefined) {
    if (typeof raw.enable === 'boolean') settings.enable = raw.enable;
    else problems.push(t('{0}: expected true or false, got {1}.', name('enable'), describe(raw.enable)));
  }

  if (raw.severity !== undefined) {
    if (typeof raw.severity !== 'object' || raw.severity === null || Array.isArray(raw.severity)) {
      problems.push(t('{0}: expected an object of code → level, got {1}.', name('severity'), describe(raw.severity)));
    } else {
      const severity: Record<string, SeveritySetting> = {};
      for (const [key, level] of Object.entries(raw.severity as Record<string, unknown>).slice(0, MAX_PATTERNS)) {
        const code = knownCodeOrPrefix(key);
        if (!code) problems.push(t('{0}: unknown code {1}.', name('severity'), describe(key)));
        else if (typeof level !== 'string' || !SEVERITY_LEVELS.includes(level as SeveritySetting)) {
          problems.push(t('{0}: {1} must be one of {2}, got {3}.', name('severity'), code, SEVERITY_LEVELS.join(', '), describe(level)));
        } else severity[code] = level as SeveritySetting;
      }
      settings.severity = severity;
    }
  }

  const patternList = (key: 'extraBlockingCalls' | 'threadOffloadDecorators' | 'deferringDecorators' | 'exclude', check: (entry: string) => boolean) => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      problems.push(t('{0}: expected a list of strings, got {1}.', name(key), describe(value)));
      return undefined;
    }
    if (value.length > MAX_PATTERNS) problems.push(t('{0}: more than {1} entries; the rest are ignored.', name(key), MAX_PATTERNS));
    const kept: string[] = [];
    for (const entry of value.slice(0, MAX_PATTERNS)) {
      if (typeof entry !== 'string') problems.push(t('{0}: expected a string, got {1}.', name(key), describe(entry)));
      else if (entry.length > MAX_PATTERN_LENGTH) problems.push(t('{0}: an entry is longer than {1} characters.', name(key), MAX_PATTERN_LENGTH));
      else if (!check(entry)) problems.push(t('{0}: {1} is not a valid pattern.', name(key), describe(entry)));
      else kept.push(entry);
    }
    return kept;
  };
  const blocking = patternList('extraBlockingCalls', (entry) => isBlockingCallEntry(entry));
  if (blocking) settings.extraBlockingCalls = blocking;
  const decorators = patternList('threadOffloadDecorators', (entry) => BLOCKING_PATTERN.test(entry.trim()));
  if (decorators) settings.threadOffloadDecorators = decorators;
  const deferring = patternList('deferringDecorators', (entry) => BLOCKING_PATTERN.test(entry.trim()));
  if (deferring) settings.deferringDecorators = deferring;
  const exclude = patternList('exclude', (entry) => entry.trim().length > 0);
  if (exclude) settings.exclude = exclude;

  if (raw.language !== undefined) {
    if (typeof raw.language === 'string' && LANGUAGES.includes(raw.language.toLowerCase())) settings.language = raw.language.toLowerCase();
    else problems.push(t('{0}: expected one of {1}, got {2}.', name('language'), LANGUAGES.join(', '), describe(raw.language)));
  }
  if (raw.timeBudgetMs !== undefined) {
    if (typeof raw.timeBudgetMs === 'number' && Number.isFinite(raw.timeBudgetMs) && raw.timeBudgetMs >= MIN_TIME_BUDGET_MS) settings.timeBudgetMs = raw.timeBudgetMs;
    else problems.push(t('{0}: expected a number of milliseconds of at least {1}, got {2}.', name('timeBudgetMs'), MIN_TIME_BUDGET_MS, describe(raw.timeBudgetMs)));
  }
  if (raw.slowLintWarningMs !== undefined) {
    if (typeof raw.slowLintWarningMs === 'number' && Number.isFinite(raw.slowLintWarningMs) && raw.slowLintWarningMs >= 0) settings.slowLintWarningMs = raw.slowLintWarningMs;
    else problems.push(t('{0}: expected a number of milliseconds of at least {1}, got {2}.', name('slowLintWarningMs'), 0, describe(raw.slowLintWarningMs)));
  }
  return { settings, problems };
}

/** `pattern -> suggestion` with a pattern of dotted names and wildcards (the suggestion is free text). */
export function isBlockingCallEntry(entry: string | ExtraBlockingCall): boolean {
  const pattern = typeof entry === 'string' ? entry.split('->', 1)[0].trim() : entry.pattern.trim();
  return pattern.length > 0 && BLOCKING_PATTERN.test(pattern);
}
