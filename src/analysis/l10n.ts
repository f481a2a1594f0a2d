import * as l10n from '@vscode/l10n';
import zhCN from '../../l10n/bundle.l10n.zh-cn.json';

/** Translation bundles shipped with the engine, keyed by lower-case locale. English is the key itself. */
export const BUNDLES: Record<string, Record<string, string>> = { 'zh-cn': zhCN };

export const SUPPORTED_LOCALES = ['en', 'zh-cn'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

let current: Locale = 'en';

/** `zh`, `zh-CN`, `zh-Hans`, `zh_CN.UTF-8` → `zh-cn`; anything else → `en`. */
export function normalizeLocale(locale: string | undefined): Locale {
  const value = (locale ?? '').toLowerCase().replace('_', '-');
  return value.startsWith('zh') ? 'zh-cn' : 'en';
}

export function setLocale(locale: string | undefined): Locale {
  current = normalizeLocale(locale);
  l10n.config({ contents: BUNDLES[current] ?? {} });
  return current;
}

export function currentLocale(): Locale {
  return current;
}

/** Translates an English message; `{0}`, `{1}` are replaced by the arguments. */
export function t(message: string, ...args: Array<string | number | boolean>): string {
  return l10n.t(message, ...args);
}
