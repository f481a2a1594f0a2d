import type { Analyzer, LintRequest } from '../analyzer';
import type { Node, Tree } from '../parser';
import type { Finding, Fix, Position, Range, TextEdit } from '../types';

/** Offsets where each line starts; `\n`, `\r\n` and a lone `\r` (old Mac files, which Python reads) end a line. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  const breaks = /\r\n?|\n/g;
  for (let found = breaks.exec(text); found; found = breaks.exec(text)) starts.push(found.index + found[0].length);
  return starts;
}

/** The text's own line ending (that of its first line), `\n` when it has a single line. */
export function lineEnding(text: string): '\n' | '\r\n' | '\r' {
  const at = text.search(/[\r\n]/);
  if (at < 0 || text[at] === '\n') return '\n';
  return text[at + 1] === '\n' ? '\r\n' : '\r';
}

/** Offset of a position in a text; characters past the end of a line stop at the line end, as in editors. */
export function offsetAt(text: string, position: Position, starts: readonly number[] = lineStarts(text)): number {
  if (position.line >= starts.length) return text.length;
  const lineStart = starts[Math.max(0, position.line)];
  let lineEnd = position.line + 1 < starts.length ? starts[position.line + 1] - 1 : text.length;
  if (lineEnd < text.length && lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 && text.charCodeAt(lineEnd) === 10) lineEnd--;
  return Math.min(lineStart + Math.max(0, position.character), lineEnd);
}

export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  const breaks = /\r\n?|\n/g;
  for (let found = breaks.exec(text); found && found.index + found[0].length <= offset; found = breaks.exec(text)) {
    line++;
    lineStart = found.index + found[0].length;
  }
  return { line, character: offset - lineStart };
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

const isEmpty = (range: Range) => comparePositions(range.start, range.end) === 0;

/**
 * Applies edits that do not overlap (positions refer to the original text). Insertions at the same
 * point, and an insertion at the start of a replacement, go in the order given. Line breaks in the
 * new text follow the text's own (CRLF files stay CRLF, CR-only files CR-only), as an editor does.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ending = lineEnding(text);
  const starts = lineStarts(text);
  const located = edits
    .map((edit, order) => ({
      start: offsetAt(text, edit.range.start, starts),
      end: offsetAt(text, edit.range.end, starts),
      newText: ending === '\n' ? edit.newText : edit.newText.replace(/\r\n|\r|\n/g, ending),
      order,
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  const pieces: string[] = [];
  let cursor = 0;
  for (const edit of located) {
    if (edit.end < edit.start) throw new Error('Text edit with its end before its start');
    if (edit.start < cursor) throw new Error('Overlapping text edits');
    pieces.push(text.slice(cursor, edit.start), edit.newText);
    cursor = edit.end;
  }
  pieces.push(text.slice(cursor));
  return pieces.join('');
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.newText === b.newText && comparePositions(a.range.start, b.range.start) === 0 && comparePositions(a.range.end, b.range.end) === 0;
}

/**
 * Two different edits that would interfere: overlapping ranges, or an insertion inside or at the
 * edge of the other's range (whose order relative to it no one decided). Replacements that only
 * touch are fine.
 */
function conflicts(a: TextEdit, b: TextEdit): boolean {
  if (isEmpty(a.range) || isEmpty(b.range)) {
    return comparePositions(a.range.start, b.range.end) <= 0 && comparePositions(b.range.start, a.range.end) <= 0;
  }
  return comparePositions(a.range.start, b.range.end) < 0 && comparePositions(b.range.start, a.range.end) < 0;
}

export interface FixSelection {
  /** The edits of every chosen fix, identical edits merged (two fixes adding the same import). */
  edits: TextEdit[];
  fixes: Fix[];
}

/** Each finding's preferred fix, in order, skipping the ones that collide with a fix already chosen. */
export function selectPreferredFixes(findings: readonly Finding[]): FixSelection {
  const selection: FixSelection = { edits: [], fixes: [] };
  for (const finding of findings) {
    const fix = finding.fixes.find((candidate) => candidate.isPreferred);
    if (!fix || fix.edits.length === 0 || selection.fixes.includes(fix) || overlapsItself(fix)) continue;
    const fresh = fix.edits.filter((edit) => !selection.edits.some((chosen) => sameEdit(chosen, edit)));
    if (fresh.some((edit) => selection.edits.some((chosen) => conflicts(chosen, edit)))) continue;
    selection.edits.push(...fresh);
    selection.fixes.push(fix);
  }
  return selection;
}

/** A fix whose own replacements overlap cannot be applied (its insertions at one point keep their order). */
function overlapsItself(fix: Fix): boolean {
  return fix.edits.some((a, i) => fix.edits.some((b, j) => i < j && !isEmpty(a.range) && !isEmpty(b.range) && conflicts(a, b)));
}

export interface LintForFixes {
  findings: readonly Finding[];
  /** ERROR and MISSING nodes in the tree: a fix must never add any. */
  syntaxErrors: number;
}

export type FixLinter = (text: string) => LintForFixes;

export interface FixAllResult {
  text: string;
  /** Fixes applied over all rounds. */
  applied: number;
  rounds: number;
  /** What the last lint of the fixed text reported. */
  remaining: readonly Finding[];
  /** Syntax errors of the text given: with any, nothing is fixed (as Ruff: where the parser recovered, code may be a string for Python). */
  syntaxErrors: number;
}

/** Rounds of fix-all: a fix can reveal another finding (an awaited call now checked as async). */
export const MAX_FIX_ROUNDS = 8;

/**
 * "Fix all": applies every finding's preferred fix, re-lints and repeats, until nothing changes or
 * MAX_FIX_ROUNDS. A round whose combined fixes would add a syntax error is retried one fix at a
 * time, keeping the first that parses as well as before. A text with syntax errors is left as it is.
 */
export function fixAll(text: string, lint: FixLinter, maxRounds = MAX_FIX_ROUNDS): FixAllResult {
  let current = text;
  let result = lint(current);
  const { syntaxErrors } = result;
  let applied = 0;
  let rounds = 0;
  while (rounds < maxRounds && syntaxErrors === 0) {
    const selection = selectPreferredFixes(result.findings);
    if (selection.fixes.length === 0) break;
    rounds++;
    let next = applyEdits(current, selection.edits);
    let nextResult = lint(next);
    let count = selection.fixes.length;
    if (nextResult.syntaxErrors > result.syntaxErrors) {
      const single = firstCleanFix(current, selection.fixes, lint, result.syntaxErrors);
      if (!single) break;
      ({ text: next, result: nextResult } = single);
      count = 1;
    }
    if (next === current) break;
    current = next;
    result = nextResult;
    applied += count;
  }
  return { text: current, applied, rounds, remaining: result.findings, syntaxErrors };
}

function firstCleanFix(text: string, fixes: readonly Fix[], lint: FixLinter, syntaxErrors: number): { text: string; result: LintForFixes } | undefined {
  for (const fix of fixes) {
    const candidate = applyEdits(text, fix.edits);
    const result = lint(candidate);
    if (result.syntaxErrors <= syntaxErrors) return { text: candidate, result };
  }
  return undefined;
}

/**
 * Number of ERROR and MISSING nodes; only subtrees that contain an error are visited. A node with an
 * error that none of its visible children holds counts once: the error is a hidden node (a missing
 * newline between two statements on one line).
 */
export function countSyntaxErrors(tree: Tree): number {
  let count = 0;
  const pending: Node[] = [tree.rootNode];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (!node.hasError) continue;
    if (node.isError || node.isMissing) count++;
    if (node.isMissing) continue;
    const withErrors = node.children.filter((child): child is Node => child?.hasError === true);
    if (withErrors.length === 0 && !node.isError) count++;
    pending.push(...withErrors);
  }
  return count;
}

/** A FixLinter over the engine, optionally keeping only some findings (the CLI's `--select`). */
export function engineLinter(analyzer: Analyzer, request: LintRequest = {}, keep: (finding: Finding) => boolean = () => true): FixLinter {
  return (text) => {
    const result = analyzer.lint(text, request);
    const syntaxErrors = result.tree ? countSyntaxErrors(result.tree) : 0;
    result.tree?.delete();
    return { findings: result.findings.filter(keep), syntaxErrors };
  };
}
