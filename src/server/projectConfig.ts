import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { AnalyzerOptions } from '../analysis/options';
import { CONFIG_FILE_NAMES, createConfigLoader, optionsForFile, type ConfigFiles, type FileConfig, type RuffOverlap } from '../projectConfig';
import type { Settings } from '../settings';

/** `source` of the diagnostics on configuration files. */
const CONFIG_SOURCE = 'python-async-guide';

export interface ConfigDiagnostics {
  uri: string;
  diagnostics: Diagnostic[];
}

/**
 * The project configuration as the server applies it: each document's options come from its
 * nearest config files with the client's settings on top; a change to any config file re-reads
 * them; the mistakes found become diagnostics on the config files themselves.
 */
export class ProjectConfigService {
  private readonly loader;
  /** Config files that have diagnostics published, with what was published (to send only changes). */
  private readonly published = new Map<string, string>();

  constructor(files: ConfigFiles | undefined) {
    this.loader = files ? createConfigLoader(files) : undefined;
  }

  /** Glob for the client's file watcher: every file whose change may change the configuration. */
  static readonly WATCH_GLOB = `**/{${CONFIG_FILE_NAMES.join(',')}}`;

  isConfigFile(file: string): boolean {
    return CONFIG_FILE_NAMES.includes(path.basename(file));
  }

  /** A config file changed, appeared or went: everything is read again on the next question. */
  invalidate(): void {
    this.loader?.invalidate();
  }

  optionsFor(file: string | undefined, settings: Settings, locale: string | undefined, ruff: { ruffOverlap?: RuffOverlap; ruffExtensionActive?: boolean }): { options: AnalyzerOptions; config?: FileConfig } {
    if (!this.loader) return optionsForFile(createConfigLoader({ readFile: () => undefined }), undefined, settings, locale);
    return optionsForFile(this.loader, file, settings, locale, ruff);
  }

  /** See `ProjectConfigLoader.ruffExternalFix`. */
  ruffExternalFix(file: string, isFolder = false) {
    return this.loader?.ruffExternalFix(file, isFolder);
  }

  /** Diagnostics to send for config files whose problems changed since the last call (empty lists clear). */
  diagnosticsToPublish(): ConfigDiagnostics[] {
    if (!this.loader) return [];
    const current = new Map<string, Diagnostic[]>();
    for (const [file, problems] of this.loader.problems()) {
      current.set(
        URI.file(file).toString(),
        problems.map((problem) => ({
          range: { start: { line: problem.line, character: problem.column }, end: { line: problem.line, character: Number.MAX_SAFE_INTEGER } },
          message: problem.message,
          severity: DiagnosticSeverity.Error,
          source: CONFIG_SOURCE,
        })),
      );
    }
    const changes: ConfigDiagnostics[] = [];
    for (const [uri, diagnostics] of current) {
      const text = JSON.stringify(diagnostics);
      if (this.published.get(uri) === text) continue;
      this.published.set(uri, text);
      changes.push({ uri, diagnostics });
    }
    for (const uri of [...this.published.keys()]) {
      if (current.has(uri)) continue;
      this.published.delete(uri);
      changes.push({ uri, diagnostics: [] });
    }
    return changes;
  }
}
