import type { AnalyzerOptions } from '../analysis/options';
import type { SeveritySetting } from '../analysis/types';

/** The `pythonAsyncGuide.*` settings shared by the editor, the language server and the CLI. */
export interface Settings {
  enable?: boolean;
  severity?: Record<string, SeveritySetting>;
  extraBlockingCalls?: string[];
  threadOffloadDecorators?: string[];
  deferringDecorators?: string[];
  exclude?: string[];
  language?: string;
  /** Milliseconds one file may take before it is skipped. */
  timeBudgetMs?: number;
  /** A lint slower than this many milliseconds is logged at warning level (the server's default: `SLOW_LINT_MS`). */
  slowLintWarningMs?: number;
  /** Codes Ruff also reports: `auto` leaves them to Ruff while its extension runs, `report`, `skip`. */
  ruffOverlap?: 'auto' | 'report' | 'skip';
  /** Set by the VS Code client, not by users: the Ruff extension (charliermarsh.ruff) is active. */
  ruffExtensionActive?: boolean;
}

export const SETTINGS_SECTION = 'pythonAsyncGuide';

/** `language` of `auto` (or unset) follows the host: the editor's display language, or LANG for the CLI. */
export function settingsToOptions(settings: Settings, hostLocale: string | undefined): AnalyzerOptions {
  const language = settings.language && settings.language !== 'auto' ? settings.language : hostLocale;
  return {
    severity: settings.severity,
    extraBlockingCalls: settings.extraBlockingCalls,
    threadOffloadDecorators: settings.threadOffloadDecorators,
    deferringDecorators: settings.deferringDecorators,
    locale: language,
    timeBudgetMs: settings.timeBudgetMs,
  };
}
