/**
 * The project configuration, shared by the CLI and the language server: `[tool.python-async-guide]`
 * in pyproject.toml (or python-async-guide.toml), plus what the project wrote for Ruff and flake8-async.
 */
import { CODES } from '../analysis/codes';
import type { AnalyzerOptions } from '../analysis/options';
import { settingsToOptions, type Settings } from '../settings';
import { nodeConfigFiles, type ConfigFiles } from './files';
import { ProjectConfigLoader } from './loader';
import { resolveFileConfig, type FileConfig, type HostLayer } from './resolve';

export { CONFIG_FILE_NAMES, ProjectConfigLoader, type FolderConfig } from './loader';
export { formatProblem, type ConfigProblem } from './problems';
export { codesLeftToRuff, globMatches, type FileConfig, type HostLayer, type RuffOverlap } from './resolve';
export { nodeConfigFiles, type ConfigFiles } from './files';

export function createConfigLoader(files: ConfigFiles = nodeConfigFiles): ProjectConfigLoader {
  return new ProjectConfigLoader(files, [...CODES.keys()]);
}

/** The configuration of one file: its project's files, then the host's settings on top. */
export function configForFile(loader: ProjectConfigLoader, file: string, host: HostLayer = {}): FileConfig {
  return resolveFileConfig(file, loader.forPath(file), [...CODES.values()], host);
}

/**
 * The one way a front end turns settings into engine options for a file: the project's config,
 * with the host's settings (VS Code's `pythonAsyncGuide.*` or the CLI's flags) on top.
 */
export function optionsForFile(
  loader: ProjectConfigLoader,
  file: string | undefined,
  settings: Settings,
  locale: string | undefined,
  ruff: Pick<HostLayer, 'ruffOverlap' | 'ruffExtensionActive'> = {},
): { options: AnalyzerOptions; config?: FileConfig } {
  const base = settingsToOptions(settings, locale);
  if (!file) return { options: base };
  const config = configForFile(loader, file, { severity: settings.severity, extraBlockingCalls: settings.extraBlockingCalls, ...ruff });
  return {
    config,
    options: {
      ...base,
      severity: config.severity,
      extraBlockingCalls: config.extraBlockingCalls,
      threadOffloadDecorators: [...(settings.threadOffloadDecorators ?? []), ...config.threadOffloadDecorators],
      deferringDecorators: [...(settings.deferringDecorators ?? []), ...config.deferringDecorators],
      targetVersion: config.targetVersion,
    },
  };
}
