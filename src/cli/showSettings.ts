import * as path from 'node:path';
import { timeBudgetOf } from '../analysis/budget';
import { severityOf } from '../analysis/codes';
import { listCodes } from '../analysis/index';
import { normalizeLocale, t } from '../analysis/l10n';
import type { FileConfig } from '../projectConfig';
import { isReported, type FileJob } from './check';

/** What `check --show-settings` says of one file: the options it is checked with, and where they came from. */
export interface ResolvedSettings {
  file: string;
  /** The project configuration files that apply, nearest last (as the status item lists them). */
  configFiles: string[];
  /** The VS Code settings file read, if any. */
  settingsFile?: string;
  /** Skipped by the project configuration's `exclude` (a file named on the command line is still checked). */
  excluded: boolean;
  language: string;
  targetVersion?: string;
  timeBudgetMs: number;
  /** Every code: the severity it is reported with, whether that is its default, whether --select/--ignore keep it. */
  codes: Array<{ code: string; severity: string; isDefault: boolean; selected: boolean }>;
  /** Codes switched off because the project's Ruff reports them (`ruffOverlap`). */
  leftToRuff: string[];
  extraBlockingCalls: string[];
  threadOffloadDecorators: string[];
  deferringDecorators: string[];
}

export function resolvedSettings(job: FileJob, config: FileConfig | undefined, selection: { select: string[]; ignore: string[] }, cwd: string, settingsFile?: string): ResolvedSettings {
  const { options } = job;
  const relative = (file: string) => path.relative(cwd, file) || file;
  return {
    file: relative(job.file),
    configFiles: (config?.sources ?? []).map(relative),
    ...(settingsFile ? { settingsFile: relative(settingsFile) } : {}),
    excluded: config?.excluded ?? false,
    language: normalizeLocale(options.locale),
    ...(options.targetVersion ? { targetVersion: options.targetVersion } : {}),
    timeBudgetMs: timeBudgetOf(options.timeBudgetMs),
    codes: listCodes().map(({ code, defaultSeverity }) => {
      const severity = severityOf(code, options.severity);
      return { code, severity, isDefault: severity === defaultSeverity, selected: isReported(code, selection) };
    }),
    leftToRuff: config?.leftToRuff ?? [],
    extraBlockingCalls: (options.extraBlockingCalls ?? []).map((call) => (typeof call === 'string' ? call : `${call.pattern} -> ${call.suggestion}`)),
    threadOffloadDecorators: options.threadOffloadDecorators ?? [],
    deferringDecorators: options.deferringDecorators ?? [],
  };
}

export function formatResolvedSettings(shown: ResolvedSettings): string {
  const none = t('(none)');
  const list = (items: string[]) => (items.length > 0 ? items.join(', ') : none);
  const lines = [
    t('Settings for {0}', shown.file),
    t('project configuration: {0}', list(shown.configFiles)),
    t('settings file: {0}', shown.settingsFile ?? none),
  ];
  if (shown.excluded) lines.push(t('excluded by the project configuration (checked because it was named)'));
  lines.push(
    t('language: {0}', shown.language),
    t('target Python: {0}', shown.targetVersion ?? t('not set')),
    t('time budget per file: {0} ms', shown.timeBudgetMs),
    t('codes left to Ruff: {0}', list(shown.leftToRuff)),
    t('extra blocking calls: {0}', list(shown.extraBlockingCalls)),
    t('thread-offload decorators: {0}', list(shown.threadOffloadDecorators)),
    t('deferring decorators: {0}', list(shown.deferringDecorators)),
    t('codes (* not the default severity; - not selected):'),
  );
  const codes = shown.codes.map(({ code, severity, isDefault, selected }) => `    ${code.padEnd(9)} ${severity}${isDefault ? '' : ' *'}${selected ? '' : ' -'}`);
  return [lines[0], ...lines.slice(1).map((line) => `  ${line}`), ...codes].join('\n');
}
