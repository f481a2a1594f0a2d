import * as fs from 'node:fs';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { SETTINGS_SECTION, type Settings } from './shared/settings';

export { SETTINGS_SECTION, settingsToOptions, type Settings } from './shared/settings';

/** Reads `pythonAsyncGuide.*` keys from a VS Code settings.json (comments and trailing commas allowed). */
export function readSettingsFile(file: string): Settings {
  const errors: ParseError[] = [];
  const json = parseJsonc(fs.readFileSync(file, 'utf8'), errors, { allowTrailingComma: true }) as Record<string, unknown> | undefined;
  if (errors.length > 0 || typeof json !== 'object' || json === null) throw new Error('not valid JSON');
  const settings: Record<string, unknown> = {};
  const nested = json[SETTINGS_SECTION];
  if (nested && typeof nested === 'object') Object.assign(settings, nested);
  for (const [key, value] of Object.entries(json)) {
    if (key.startsWith(`${SETTINGS_SECTION}.`)) settings[key.slice(SETTINGS_SECTION.length + 1)] = value;
  }
  return settings as Settings;
}
