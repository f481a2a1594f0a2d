/**
 * The engine as a library: `const analyzer = await createAnalyzer(options); analyzer.analyze(text)`.
 * Positions in the results are 1-based, as in the CLI's JSON output.
 */
import { createEngine, type Analyzer, type SkipReason } from './analyzer';
import { CODES } from './codes';
import type { AnalyzerOptions } from './options';
import type { CodeInfo, Finding, Severity } from './types';

export type { AnalyzerOptions, ExtraBlockingCall, WorkspaceFiles } from './options';
export type { CodeInfo, Finding, Severity } from './types';

export interface PublicFinding {
  file?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  severity: Severity;
  message: string;
  guideSection: string;
}

export interface PublicAnalyzer {
  analyze(text: string, file?: string): PublicFinding[];
  /** Why a text was not analysed (binary or too large), if it was not. */
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
  return {
    analyze: (text, file) => engine.lint(text, { file }).findings.map((finding) => toPublicFinding(finding, file)),
    skipReason: (text) => engine.lint(text).skipped,
    configure: (next) => engine.configure(next),
  };
}

/** Every code the engine knows, with its default severity. */
export function listCodes(): CodeInfo[] {
  return [...CODES.values()].sort((a, b) => a.code.localeCompare(b.code));
}
