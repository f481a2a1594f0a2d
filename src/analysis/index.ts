/**
 * The engine as a library: `const analyzer = await createAnalyzer(options); analyzer.analyze(text)`.
 * Positions in the results are 1-based, as in the CLI's JSON output.
 */
import { createEngine, skipReason, type Analyzer, type SkipReason } from './analyzer';
import { CODES } from './codes';
import { skipMessage } from './skip';
import type { AnalyzerOptions } from './options';
import type { CodeInfo, Finding, Severity } from './types';

export type { AnalyzerOptions, ExtraBlockingCall, WorkspaceFiles } from './options';

/**
 * For an editor (the language server's `didChange`): one `DocumentSession` per open document,
 * `session.update(text, { file })` after every change, `session.dispose()` on close. It keeps the
 * last tree and re-parses incrementally (the edit is found by comparing texts, so any client's
 * change events work); its findings are always those of a fresh `Analyzer.lint` of the same text
 * (test/unit/session.test.ts checks this line by line). Returns the `LintResult` (`tree` stays
 * owned by the session: do not delete it).
 */
export { DocumentSession } from './analyzer';
export type { LintResult } from './analyzer';
export type { CodeInfo, Finding, Severity } from './types';

export interface PublicFinding {
  file?: string;
  /** 1-based cell of a notebook; line and column are then relative to the cell. */
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  severity: Severity;
  message: string;
  guideSection: string;
}

/** Everything one analysis found out, including whether the text was analysed at all. */
export interface AnalysisResult {
  findings: PublicFinding[];
  /** Set when the text was not analysed: then `findings` is empty and says nothing about the code. */
  skipped?: SkipReason;
  /** The reason in words, naming the file (and the time budget). */
  message?: string;
  /** Internal errors of single rules, whose findings are missing; the other rules ran. */
  errors: string[];
}

export interface PublicAnalyzer {
  /** The findings of a text (empty when it was skipped: `check` tells). */
  analyze(text: string, file?: string): PublicFinding[];
  check(text: string, file?: string): AnalysisResult;
  /** Why a text will not be analysed (binary or too large), if it will not; decided without analysing it. */
  skipReason(text: string): SkipReason | undefined;
  configure(options: AnalyzerOptions): void;
}

export function toPublicFinding(finding: Finding, file?: string): PublicFinding {
  return {
    ...(file === undefined ? {} : { file }),
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    guideSection: finding.guideSection,
  };
}

export async function createAnalyzer(options: AnalyzerOptions = {}): Promise<PublicAnalyzer> {
  const engine: Analyzer = await createEngine(options);
  const check = (text: string, file?: string): AnalysisResult => {
    const result = engine.lint(text, { file });
    result.tree?.delete();
    return {
      findings: result.findings.map((finding) => toPublicFinding(finding, file)),
      ...(result.skipped ? { skipped: result.skipped, message: skipMessage(result.skipped, file ?? '<text>', result.budgetMs) } : {}),
      errors: result.ruleErrors.map((error) => error.message),
    };
  };
  return {
    analyze: (text, file) => check(text, file).findings,
    check,
    skipReason,
    configure: (next) => engine.configure(next),
  };
}

/** Every code the engine knows, with its default severity. */
export function listCodes(): CodeInfo[] {
  return [...CODES.values()].sort((a, b) => a.code.localeCompare(b.code));
}
