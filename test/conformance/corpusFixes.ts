import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Analyzer } from '../../src/analysis/analyzer';
import type { AnalyzerOptions } from '../../src/analysis/options';
import { applyEdits, countSyntaxErrors } from '../../src/analysis/fixes/apply';
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
  problems: string[];
}

const sameFinding = (a: Finding, b: Finding) => a.code === b.code && a.message === b.message;

/**
 * Applies every fix of every finding, one at a time, to real code: the fixed file must parse with no
 * more syntax errors, still compile where the original did, and no longer have that finding (a
 * `# noqa` fix must silence it). The fixture tests check the same on code written for the rules.
 */
export function fixEveryFinding(engine: Analyzer, targets: readonly FixTarget[], budgetMs: number): FixesOnCode {
  const result: FixesOnCode = { findings: 0, fixes: 0, perCode: new Map(), problems: [] };
  for (const target of targets) {
    engine.configure({ timeBudgetMs: budgetMs, ...target.options });
    for (const file of pythonFiles(target.dir)) {
      const text = decodePython(fs.readFileSync(file));
      const before = engine.lint(text, { file });
      const errorsBefore = before.tree ? countSyntaxErrors(before.tree) : 0;
      before.tree?.delete();
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
          const after = engine.lint(fixed, { file });
          const errorsAfter = after.tree ? countSyntaxErrors(after.tree) : 0;
          after.tree?.delete();
          if (errorsAfter > errorsBefore) result.problems.push(`${label}: ${errorsAfter - errorsBefore} new syntax error(s)`);
          const left = after.findings.filter((other) => sameFinding(other, finding)).length;
          if (left >= alike) result.problems.push(`${label}: the finding is still reported`);
          variants.push({ label, text: fixed });
        }
      }
      if (variants.length === 0) continue;
      const [originalCompiles, ...compiled] = compileAll([text, ...variants.map((variant) => variant.text)]);
      if (!originalCompiles) continue;
      compiled.forEach((ok, index) => {
        if (!ok) result.problems.push(`${variants[index].label}: the fixed file no longer compiles`);
      });
    }
  }
  return result;
}
