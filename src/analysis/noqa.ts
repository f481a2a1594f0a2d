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
    addSuppression(result.lines, line, value);
  }
  if (result.lines.size > 0) {
    for (const [line, noqaAt] of coveredLines(model)) {
      const value = result.lines.get(noqaAt);
      if (value) addSuppression(result.lines, line, value);
    }
  }
  return result;
}

function addSuppression(lines: Map<number, LineSuppression>, line: number, value: LineSuppression): void {
  const previous = lines.get(line);
  lines.set(line, previous === 'all' || value === 'all' ? 'all' : [...(previous ?? []), ...value]);
}

/**
 * The line whose `# noqa` covers `line`, as Ruff reads it: every line of a multi-line string but
 * the last, and a line continued with a backslash, are covered by the comment after the last line
 * of the string (or of the continued statement). A comment anywhere else would be inside the string.
 */
export function noqaLine(model: SemanticModel, line: number): number {
  return coveredLines(model).get(line) ?? line;
}

const covered = new WeakMap<SemanticModel, Map<number, number>>();

/** Line → the line whose `# noqa` covers it, for the lines of multi-line strings and backslash continuations. */
function coveredLines(model: SemanticModel): Map<number, number> {
  let lines = covered.get(model);
  if (lines) return lines;
  const spans: Array<{ start: number; end: number }> = [];
  for (const type of ['string', 'line_continuation']) {
    for (const node of model.nodes(type)) {
      if (node.endPosition.row > node.startPosition.row) spans.push({ start: node.startPosition.row, end: node.endPosition.row });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  lines = new Map();
  // Spans that share a line are one stretch (`"""a\nb""" + """c\nd"""`): its last line holds the comment.
  let stretch: { start: number; end: number } | undefined;
  const cover = (span: { start: number; end: number }) => {
    for (let line = span.start; line < span.end; line++) lines!.set(line, span.end);
  };
  for (const span of spans) {
    if (stretch && span.start <= stretch.end) stretch.end = Math.max(stretch.end, span.end);
    else {
      if (stretch) cover(stretch);
      stretch = { ...span };
    }
  }
  if (stretch) cover(stretch);
  covered.set(model, lines);
  return lines;
}

/** True when the line's noqa names the code, one of its aliases, or a prefix of either. */
export function isSuppressed(suppressions: Suppressions, line: number, code: string, aliases: readonly string[] = []): boolean {
  if (suppressions.file) return true;
  const entry = suppressions.lines.get(line);
  if (!entry) return false;
  if (entry === 'all') return true;
  return entry.some((listed) => [code, ...aliases].some((name) => name.startsWith(listed)));
}
