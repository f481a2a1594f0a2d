import type { SemanticModel } from './semantic/model';

/** `# noqa` (everything), or `# noqa: A1, B2` (those codes, by prefix), per line. */
export type LineSuppression = 'all' | string[];

export interface Suppressions {
  file: boolean;
  lines: Map<number, LineSuppression>;
}

/** `# noqa` with an optional list of codes (group `codes`), as Ruff and flake8 read it. */
export const LINE_NOQA = /#\s*noqa(?::\s*(?<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/i;
const FILE_NOQA = /^#\s*(?:flake8|ruff)\s*:\s*noqa\s*$/i;

/** Reads noqa comments from the comment nodes, so a `# noqa` inside a string does not count. */
export function readSuppressions(model: SemanticModel): Suppressions {
  const result: Suppressions = { file: false, lines: new Map() };
  for (const comment of model.nodes('comment')) {
    const text = comment.text;
    if (FILE_NOQA.test(text.trim())) {
      result.file = true;
      continue;
    }
    const match = LINE_NOQA.exec(text);
    if (!match) continue;
    const codes = match.groups?.codes;
    const line = comment.startPosition.row;
    const value: LineSuppression = codes ? codes.split(/[\s,]+/).filter(Boolean).map((code) => code.toUpperCase()) : 'all';
    const previous = result.lines.get(line);
    result.lines.set(line, previous === 'all' || value === 'all' ? 'all' : [...(previous ?? []), ...value]);
  }
  return result;
}

/** True when the line's noqa names the code, one of its aliases, or a prefix of either. */
export function isSuppressed(suppressions: Suppressions, line: number, code: string, aliases: readonly string[] = []): boolean {
  if (suppressions.file) return true;
  const entry = suppressions.lines.get(line);
  if (!entry) return false;
  if (entry === 'all') return true;
  return entry.some((listed) => [code, ...aliases].some((name) => name.startsWith(listed)));
}
