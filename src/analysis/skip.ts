import type { SkipReason } from './analyzer';
import { t } from './l10n';

/** Why a file has no findings although it was not checked, in the current language, naming the file. */
export function skipMessage(reason: SkipReason, file: string, budgetMs?: number): string {
  switch (reason) {
    case 'binary':
      return t('Python Async Guide skipped {0}: it looks like a binary file.', file);
    case 'too-large':
      return t('Python Async Guide skipped {0}: the file is too large to lint as you type.', file);
    case 'time-budget':
      return t(
        'Python Async Guide skipped {0}: analysing it took longer than the time budget of {1} ms (raise it with the setting pythonAsyncGuide.timeBudgetMs or the CLI option --time-budget).',
        file,
        budgetMs ?? 0,
      );
    case 'too-deep':
      return t('Python Async Guide skipped {0}: its expressions are nested too deeply to analyse.', file);
  }
}
