import { RULES } from './rules';
import type { CodeInfo, Severity, SeveritySetting } from './types';

/** Every code the engine reports, from the rule modules' declarations. */
export const CODES: ReadonlyMap<string, CodeInfo> = new Map(RULES.flatMap((rule) => rule.codes).map((info) => [info.code, info]));

/** Other tools' codes accepted in `# noqa` for ours. */
export const NOQA_ALIASES: ReadonlyMap<string, readonly string[]> = new Map(
  [...CODES.values()].map((info) => [info.code, info.aliases ?? []]),
);

const ORDER: Severity[] = ['error', 'warning', 'information', 'hint'];

export function lighter(severity: Severity): Severity {
  return ORDER[Math.min(ORDER.indexOf(severity) + 1, ORDER.length - 1)];
}

/** Configured severity of a code: an exact override, else the longest matching prefix override, else the default. */
export function severityOf(code: string, overrides: Record<string, SeveritySetting> | undefined): SeveritySetting {
  if (overrides) {
    if (overrides[code]) return overrides[code];
    const prefix = Object.keys(overrides)
      .filter((key) => key && code.startsWith(key))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix) return overrides[prefix];
  }
  return CODES.get(code)?.defaultSeverity ?? 'warning';
}
