import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Analyzer, LintResult } from '../../src/analysis/analyzer';
import type { AnalyzerOptions } from '../../src/analysis/options';
import { applyEdits, countSyntaxErrors, engineLinter, fixAll, MAX_FIX_ROUNDS, selectPreferredFixes } from '../../src/analysis/fixes/apply';
import { noqaEdits } from '../../src/analysis/fixes/suppress';
import type { Finding } from '../../src/analysis/types';
import { decodePython } from '../../src/cli/files';
import { compileAll } from '../support/python';
import { pythonFiles } from '../support/pythonFiles';

/** Python files to fix, linted with these options (a project's own workspace, every code on). */
export interface FixTarget {
  dir: string;
  options: AnalyzerOptions;
}

export interface FixesOnCode {
  findings: number;
  fixes: number;
  /** Per code, the fixes applied. */
  perCode: Map<string, number>;
  /** Files with a preferred fix, and the fixes fix-all applied to them. */
  fixAllFiles: number;
  fixAllApplied: number;
  /** Files with findings, and the lines `check --add-noqa` gave a `# noqa` there. */
  noqaFiles: number;
  noqaLines: number;
  problems: string[];
}

const sameFinding = (a: Finding, b: Finding) => a.code === b.code && a.message === b.message;

/**
 * Applies every fix of every finding, one at a time, to real code: the fixed file must parse with no
 * more syntax errors, still compile where the original did, and no longer have that finding (a
 * `# noqa` fix must silence it). Then fix-all over each file with a preferred fix (see fixAllOf),
 * and `--add-noqa` over each file with findings (see addNoqaOf).
 * The fixture tests check the same on code written for the rules.
 */
export function fixEveryFinding(engine: Analyzer, targets: readonly FixTarget[], budgetMs: number): FixesOnCode {
  const result: FixesOnCode = { findings: 0, fixes: 0, perCode: new Map(), fixAllFiles: 0, fixAllApplied: 0, noqaFiles: 0, noqaLines: 0, problems: [] };
  for (const target of targets) {
    engine.configure({ timeBudgetMs: budgetMs, ...target.options });
    for (const file of pythonFiles(target.dir)) {
      const text = decodePython(fs.readFileSync(file));
      const before = engine.lint(text, { file });
      const errorsBefore = before.tree ? countSyntaxErrors(before.tree) : 0;
      before.tree?.delete();
      const lint = engineLinter(engine, { file });
      const variants: Array<{ label: string; text: string }> = [];
      for (const finding of before.findings) {
        result.findings++;
        const alike = before.findings.filter((other) => sameFinding(other, finding)).length;
        for (const fix of finding.fixes) {
          const label = `${path.relative(process.cwd(), file)}:${finding.range.start.line + 1} ${finding.code} "${fix.title}"`;
          let fixed: string;
          try {
            fixed = applyEdits(text, fix.edits);
          } catch (error) {
            result.problems.push(`${label}: its edits cannot be applied (${(error as Error).message})`);
            continue;
          }
          result.fixes++;
          result.perCode.set(finding.code, (result.perCode.get(finding.code) ?? 0) + 1);
          const after = lint(fixed);
          if (after.syntaxErrors > errorsBefore) result.problems.push(`${label}: ${after.syntaxErrors - errorsBefore} new syntax error(s)`);
          const left = after.findings.filter((other) => sameFinding(other, finding)).length;
          if (left >= alike) result.problems.push(`${label}: the finding is still reported`);
          variants.push({ label, text: fixed });
        }
      }
      if (variants.length === 0) continue;
      const fixedAll = fixAllOf(engine, file, text, before.findings, errorsBefore, result);
      if (fixedAll) variants.push(fixedAll);
      const noqa = addNoqaOf(engine, file, text, before, errorsBefore, result);
      if (noqa) variants.push(noqa);
      const [originalCompiles, ...compiled] = compileAll([text, ...variants.map((variant) => variant.text)]);
      if (!originalCompiles) continue;
      compiled.forEach((ok, index) => {
        if (!ok) result.problems.push(`${variants[index].label}: the fixed file no longer compiles`);
      });
    }
  }
  return result;
}

/** What `check --add-noqa` writes: it must add no syntax error and leave no finding. */
function addNoqaOf(engine: Analyzer, file: string, text: string, before: LintResult, errorsBefore: number, result: FixesOnCode): { label: string; text: string } | undefined {
  if (!before.model || before.findings.length === 0) return undefined;
  const label = `${path.relative(process.cwd(), file)} --add-noqa`;
  const edits = noqaEdits(before.model, before.findings);
  result.noqaFiles++;
  result.noqaLines += edits.length;
  const fixed = applyEdits(text, edits);
  const after = engineLinter(engine, { file })(fixed);
  if (after.syntaxErrors > errorsBefore) result.problems.push(`${label}: ${after.syntaxErrors - errorsBefore} new syntax error(s)`);
  for (const finding of after.findings) result.problems.push(`${label}: ${finding.code} on line ${finding.range.start.line + 1} is still reported`);
  return { label, text: fixed };
}

/** Fix-all over the file: it must settle, add no syntax error, leave no preferred fix and change nothing when run again. */
function fixAllOf(engine: Analyzer, file: string, text: string, findings: readonly Finding[], errorsBefore: number, result: FixesOnCode): { label: string; text: string } | undefined {
  // Fix-all leaves a file with syntax errors as it is.
  if (errorsBefore > 0 || selectPreferredFixes(findings).fixes.length === 0) return undefined;
  const label = `${path.relative(process.cwd(), file)} fix-all`;
  const lint = engineLinter(engine, { file });
  const fixed = fixAll(text, lint);
  result.fixAllFiles++;
  result.fixAllApplied += fixed.applied;
  const after = lint(fixed.text);
  if (after.syntaxErrors > errorsBefore) result.problems.push(`${label}: ${after.syntaxErrors - errorsBefore} new syntax error(s)`);
  if (fixed.rounds >= MAX_FIX_ROUNDS) result.problems.push(`${label}: did not settle in ${MAX_FIX_ROUNDS} rounds`);
  if (selectPreferredFixes(after.findings).fixes.length > 0) result.problems.push(`${label}: preferred fixes left`);
  if (fixAll(fixed.text, lint).text !== fixed.text) result.problems.push(`${label}: a second run changes the file again`);
  return { label, text: fixed.text };
}
