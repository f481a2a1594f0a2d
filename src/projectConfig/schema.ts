import { t } from '../analysis/l10n';
import type { SeveritySetting } from '../analysis/types';
import type { ConfigProblem } from './problems';
import { isTable, keyPositions, positionOf, type TomlTable } from './toml';

/** `[tool.python-async-guide]` (or a standalone `python-async-guide.toml`) after validation. */
export interface OwnConfig {
  select?: string[];
  ignore: string[];
  extendSelect: string[];
  /** Glob (relative to the config file's folder) → codes or prefixes switched off for matching files. */
  perFileIgnores: Array<{ pattern: string; codes: string[] }>;
  severity: Record<string, SeveritySetting>;
  extraBlockingCalls: string[];
  exclude: string[];
  threadOffloadDecorators: string[];
  deferringDecorators: string[];
  targetVersion?: string;
}

export const SEVERITY_LEVELS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];
const TARGET_VERSION = /^py3(?:[7-9]|1[0-9])$/;

export function emptyOwnConfig(): OwnConfig {
  return { ignore: [], extendSelect: [], perFileIgnores: [], severity: {}, extraBlockingCalls: [], exclude: [], threadOffloadDecorators: [], deferringDecorators: [] };
}

/** Is `selector` a code or prefix of one of `codes` (`ASYNC`, `ASYNC2`, `AIO200`), or `ALL`? */
export function isKnownSelector(selector: string, codes: readonly string[]): boolean {
  return selector === 'ALL' || codes.some((code) => code.startsWith(selector));
}

/**
 * Validates the section at `tablePath` of a parsed TOML document. Each bad key or value is one
 * problem naming the file, the key and its line; everything else still applies.
 */
export function readOwnConfig(file: string, text: string, section: TomlTable, tablePath: string[], codes: readonly string[]): { config: OwnConfig; problems: ConfigProblem[] } {
  const positions = keyPositions(text);
  const problems: ConfigProblem[] = [];
  const config = emptyOwnConfig();
  const report = (keyPath: string[], message: string) => {
    const full = [...tablePath, ...keyPath];
    problems.push({ file, ...positionOf(positions, full), key: full.join('.'), message });
  };
  const strings = (key: string, value: unknown): string[] | undefined => {
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
    report([key], t('`{0}` must be a list of strings.', key));
    return undefined;
  };
  const selectors = (key: string, value: unknown, keyPath: string[] = [key]): string[] => {
    const list = strings(key, value) ?? [];
    const known: string[] = [];
    for (const entry of list) {
      const selector = entry.trim().toUpperCase();
      if (isKnownSelector(selector, codes)) known.push(selector);
      else report(keyPath, t('`{0}`: unknown code or prefix "{1}".', keyPath.join('.'), entry));
    }
    return known;
  };

  for (const [key, value] of Object.entries(section)) {
    switch (key) {
      case 'select':
        config.select = selectors(key, value);
        break;
      case 'ignore':
        config.ignore = selectors(key, value);
        break;
      case 'extend-select':
        config.extendSelect = selectors(key, value);
        break;
      case 'per-file-ignores':
        if (!isTable(value)) {
          report([key], t('`{0}` must be a table of glob = list of codes.', key));
          break;
        }
        for (const [pattern, list] of Object.entries(value)) {
          const selected = selectors(`${key}."${pattern}"`, list, [key, pattern]);
          if (selected.length > 0) config.perFileIgnores.push({ pattern, codes: selected });
        }
        break;
      case 'severity':
        if (!isTable(value)) {
          report([key], t('`{0}` must be a table of code = level.', key));
          break;
        }
        for (const [code, level] of Object.entries(value)) {
          const selector = code.trim().toUpperCase();
          if (!isKnownSelector(selector, codes) || selector === 'ALL') report([key, code], t('`{0}`: unknown code or prefix "{1}".', key, code));
          else if (typeof level !== 'string' || !SEVERITY_LEVELS.includes(level as SeveritySetting)) {
            report([key, code], t('`{0}.{1}` must be one of {2}.', key, code, SEVERITY_LEVELS.join(', ')));
          } else config.severity[selector] = level as SeveritySetting;
        }
        break;
      case 'extra-blocking-calls':
        if (isTable(value)) {
          for (const [pattern, suggestion] of Object.entries(value)) {
            if (typeof suggestion === 'string') config.extraBlockingCalls.push(`${pattern} -> ${suggestion}`);
            else report([key, pattern], t('`{0}` must map each pattern to a suggestion (a string).', key));
          }
        } else config.extraBlockingCalls = strings(key, value) ?? [];
        break;
      case 'exclude':
        config.exclude = strings(key, value) ?? [];
        break;
      case 'thread-offload-decorators':
        config.threadOffloadDecorators = strings(key, value) ?? [];
        break;
      case 'deferring-decorators':
        config.deferringDecorators = strings(key, value) ?? [];
        break;
      case 'target-version':
        if (typeof value === 'string' && TARGET_VERSION.test(value)) config.targetVersion = value;
        else report([key], t('`{0}` must be a Python version such as "py311".', key));
        break;
      default:
        report([key], t('Unknown key `{0}`.', key));
    }
  }
  return { config, problems };
}
