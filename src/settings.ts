import * as fs from 'node:fs';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import type { AnalyzerOptions } from './analysis/options';
import type { SeveritySetting } from './analysis/types';

/** The `pythonAsyncGuide.*` settings shared by the editor and the CLI. */
export interface Settings {
  enable?: boolean;
  severity?: Record<string, SeveritySetting>;
  extraBlockingCalls?: string[];
  threadOffloadDecorators?: string[];
  exclude?: string[];
  language?: string;
  /** Milliseconds one file may take before it is skipped. */
  timeBudgetMs?: number;
}

export const SETTINGS_SECTION = 'pythonAsyncGuide';

/** A settings file bigger than this is not read: real ones are a few kilobytes. */
const MAX_SETTINGS_BYTES = 1_000_000;

/**
 * Reads the raw `pythonAsyncGuide.*` keys from a VS Code settings.json (comments and trailing commas
 * allowed); check them with validateSettings before use. Only a regular file of sane size is read.
 */
export function readSettingsFile(file: string): Record<string, unknown> {
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new Error('not a regular file');
  if (stat.size > MAX_SETTINGS_BYTES) throw new Error(`larger than ${MAX_SETTINGS_BYTES} bytes`);
  const errors: ParseError[] = [];
  const json = parseJsonc(fs.readFileSync(file, 'utf8'), errors, { allowTrailingComma: true }) as Record<string, unknown> | undefined;
  if (errors.length > 0 || typeof json !== 'object' || json === null) throw new Error('not valid JSON');
  const settings: Record<string, unknown> = {};
  const nested = json[SETTINGS_SECTION];
  if (nested && typeof nested === 'object') Object.assign(settings, nested);
  for (const [key, value] of Object.entries(json)) {
    if (key.startsWith(`${SETTINGS_SECTION}.`)) settings[key.slice(SETTINGS_SECTION.length + 1)] = value;
  }
  return settings;
}

/** `language` of `auto` (or unset) follows the host: the editor's display language, or LANG for the CLI. */
export function settingsToOptions(settings: Settings, hostLocale: string | undefined): AnalyzerOptions {
  const language = settings.language && settings.language !== 'auto' ? settings.language : hostLocale;
  return {
    severity: settings.severity,
    extraBlockingCalls: settings.extraBlockingCalls,
    threadOffloadDecorators: settings.threadOffloadDecorators,
    locale: language,
    timeBudgetMs: settings.timeBudgetMs,
  };
}
