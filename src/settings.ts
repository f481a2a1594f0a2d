import * as fs from 'node:fs';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { SETTINGS_SECTION } from './shared/settings';

export { SETTINGS_SECTION, settingsToOptions, type Settings } from './shared/settings';

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
