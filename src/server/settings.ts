import type { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { SETTINGS_SECTION, type Settings } from '../shared/settings';
import { validateSettings } from '../shared/settingsValidation';
import { compilePathGlobs } from '../analysis/wildcard';

/**
 * The settings that apply to a document. Everything that decides them lives here: today the
 * client's `pythonAsyncGuide.*` settings (pulled with `workspace/configuration` per document, or
 * pushed with `didChangeConfiguration` by clients that cannot be asked); later a project's own
 * configuration file plugs in beside them.
 */
export class SettingsResolver {
  private readonly cache = new Map<string, Promise<Settings>>();
  /** Settings pushed by the client (or given at initialization), for clients without `workspace/configuration`. */
  private pushed: Settings = {};
  private readonly warned = new Set<string>();
  folders: string[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
  ) {}

  /** From `didChangeConfiguration` (its `settings` may hold our section) or `initializationOptions.settings`. */
  setPushed(settings: unknown): void {
    const section = settings && typeof settings === 'object' ? ((settings as Record<string, unknown>)[SETTINGS_SECTION] ?? settings) : {};
    this.pushed = sanitize(section, (problem) => this.warn(problem));
    this.cache.clear();
  }

  clear(): void {
    this.cache.clear();
  }

  /** A bad setting is shown once as a warning; the rest of the settings still apply. */
  private warn(problem: string): void {
    if (this.warned.has(problem)) return;
    this.warned.add(problem);
    void this.connection.window.showWarningMessage(problem);
  }

  forDocument(uri: string): Promise<Settings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.fetch(uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  private async fetch(uri: string): Promise<Settings> {
    if (!this.canPull) return this.pushed;
    try {
      const value: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION });
      return sanitize(value, (problem) => this.warn(problem));
    } catch {
      return this.pushed;
    }
  }

  /** `exclude` globs match the path relative to the document's workspace folder. */
  isExcluded(uri: string, settings: Settings): boolean {
    const exclude = settings.exclude ?? [];
    if (exclude.length === 0) return false;
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return false;
    const path = parsed.path;
    const folder = this.folders
      .map((folderUri) => URI.parse(folderUri).path.replace(/\/$/, ''))
      .filter((folderPath) => path.startsWith(`${folderPath}/`))
      .sort((a, b) => b.length - a.length)[0];
    const relative = folder ? path.slice(folder.length + 1) : path;
    // Linear-time matching: a repository's .vscode/settings.json is untrusted input.
    return compilePathGlobs(exclude)(relative);
  }
}

/**
 * Keeps only well-formed values, as the CLI does (shared validation): a hand-written settings file
 * must not break the server. Each problem is reported once, naming the setting.
 */
function sanitize(value: unknown, warn: (problem: string) => void = () => undefined): Settings {
  if (!value || typeof value !== 'object') return {};
  const raw = value as Record<string, unknown>;
  const { settings, problems } = validateSettings(raw);
  for (const problem of problems) warn(problem);
  const result: Settings = { ...settings };
  if (raw.ruffOverlap === 'auto' || raw.ruffOverlap === 'report' || raw.ruffOverlap === 'skip') result.ruffOverlap = raw.ruffOverlap;
  if (typeof raw.ruffExtensionActive === 'boolean') result.ruffExtensionActive = raw.ruffExtensionActive;
  return result;
}
