import { parseArgs, type ParseArgsConfig } from 'node:util';
import { t } from '../analysis/l10n';

/** A mistake on the command line: said on stderr with the help, exit status 2. */
export class UsageError extends Error {}

/** `parseArgs`, its errors (an unknown option, a missing value) as usage errors. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--format`, or Ruff's spelling `--output-format` (they must agree): one of `allowed`, `text` by default. */
export function outputFormat<F extends string>(values: { format?: string; 'output-format'?: string }, allowed: readonly F[]): F {
  if (values.format && values['output-format'] && values.format !== values['output-format']) {
    throw new UsageError(t('--format and --output-format disagree: give one of them.'));
  }
  const format = (values.format ?? values['output-format'] ?? 'text') as F;
  if (!allowed.includes(format)) throw new UsageError(t('Unknown format "{0}": expected {1}.', format, allowed.join(', ')));
  return format;
}

/** `--locale` as written: English or Chinese (`en`, `zh-cn`, `zh_CN.UTF-8`…). */
export function checkLocale(locale: string | undefined): void {
  if (locale !== undefined && !/^(en|zh)([-_].*)?$/i.test(locale)) throw new UsageError(t('--locale: unknown language "{0}" (expected en or zh-cn).', locale));
}
