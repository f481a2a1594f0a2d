import * as assert from 'node:assert/strict';
import { applyEdits, countSyntaxErrors, engineLinter, fixAll, MAX_FIX_ROUNDS, offsetAt, selectPreferredFixes } from '../../src/analysis/fixes/apply';
import type { Analyzer } from '../../src/analysis/analyzer';
import type { Finding, TextEdit } from '../../src/analysis/types';
import { engine } from '../support/engine';
import { listFixtures, readFixture } from '../support/fixtures';
import { compileAll } from '../support/python';

/**
 * Where an offset of the original text lands after the edits. `before` keeps it ahead of text
 * inserted exactly there (and at the start of a replacement that swallows it); `after` moves it
 * past. Mapping a finding's start `before` and its end `after` gives the widest span the fixed
 * code of the finding can occupy, however lines shifted (an import added above).
 */
function mapOffset(text: string, edits: readonly TextEdit[], offset: number, bias: 'before' | 'after'): number {
  let delta = 0;
  const located = edits.map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), length: edit.newText.length }));
  located.sort((a, b) => a.start - b.start || a.end - b.end);
  for (const edit of located) {
    if (edit.start > offset || (edit.start === offset && bias === 'before')) break;
    if (edit.end <= offset && !(edit.start === edit.end && edit.start === offset && bias === 'before')) {
      delta += edit.length - (edit.end - edit.start);
      continue;
    }
    // The offset is inside the replaced span.
    return edit.start + delta + (bias === 'after' ? edit.length : 0);
  }
  return offset + delta;
}

interface Variant {
  label: string;
  text: string;
}

function lintText(analyzer: Analyzer, text: string, file: string): { findings: Finding[]; syntaxErrors: number } {
  const result = analyzer.lint(text, { file });
  const syntaxErrors = result.tree ? countSyntaxErrors(result.tree) : 0;
  result.tree?.delete();
  // Fixes are built on first read; one that fails to build is reported in ruleErrors.
  for (const finding of result.findings) assert.ok(finding.fixes.length > 0);
  assert.deepEqual(result.ruleErrors, []);
  return { findings: result.findings, syntaxErrors };
}

/** Each four leading spaces of a line become a tab. */
function withTabs(text: string): string {
  return text.replace(/^(?: {4})+/gm, (spaces) => '\t'.repeat(spaces.length / 4));
}

describe('every fix of every finding in the rule fixtures', () => {
  let checked = 0;
  let appliedByFixAll = 0;
  const perCode = new Map<string, Set<string>>();

  for (const file of listFixtures()) {
    const fixture = readFixture(file);
    it(`${fixture.name}: each fix parses, compiles and removes its finding`, async () => {
      const analyzer = await engine(fixture.options);
      const before = lintText(analyzer, fixture.text, file);
      const problems: string[] = [];
      const variants: Variant[] = [];
      for (const finding of before.findings) {
        const where = `${finding.code} at ${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
        assert.ok(finding.fixes.length > 0, `${where} has no fix (not even # noqa)`);
        for (const fix of finding.fixes) {
          const label = `${where} — "${fix.title}"`;
          let fixed: string;
          try {
            fixed = applyEdits(fixture.text, fix.edits);
          } catch (error) {
            problems.push(`${label}: edits cannot be applied (${(error as Error).message})`);
            continue;
          }
          checked++;
          const titles = perCode.get(finding.code) ?? new Set<string>();
          titles.add(fix.title.replace(/`[^`]*`/g, '`…`'));
          perCode.set(finding.code, titles);
          if (fixed === fixture.text) problems.push(`${label}: changes nothing`);
          const after = lintText(analyzer, fixed, file);
          if (after.syntaxErrors > before.syntaxErrors) problems.push(`${label}: ${after.syntaxErrors - before.syntaxErrors} new syntax error node(s)`);
          const start = mapOffset(fixture.text, fix.edits, offsetAt(fixture.text, finding.range.start), 'before');
          const end = mapOffset(fixture.text, fix.edits, offsetAt(fixture.text, finding.range.end), 'after');
          const still = after.findings.find((other) => {
            if (other.code !== finding.code) return false;
            const at = offsetAt(fixed, other.range.start);
            return at >= start && at <= end;
          });
          if (still) problems.push(`${label}: still reported at ${still.range.start.line + 1}:${still.range.start.character + 1}`);
          variants.push({ label, text: fixed });
        }
      }
      const [originalCompiles, ...compiled] = compileAll([fixture.text, ...variants.map((variant) => variant.text)]);
      if (originalCompiles) {
        compiled.forEach((ok, index) => {
          if (!ok) problems.push(`${variants[index].label}: the fixed file no longer compiles`);
        });
      }
      assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
    });
  }

  // Fixes copy the indentation they find: a file indented with tabs must not get spaces (Python's TabError).
  for (const file of listFixtures()) {
    const fixture = readFixture(file);
    it(`${fixture.name}: indented with tabs, each fix still compiles`, async () => {
      const text = withTabs(fixture.text);
      const analyzer = await engine(fixture.options);
      const { findings } = lintText(analyzer, text, file);
      const variants = findings.flatMap((finding) =>
        finding.fixes.map((fix) => ({ label: `${finding.code} at ${finding.range.start.line + 1} — "${fix.title}"`, text: applyEdits(text, fix.edits) })),
      );
      const [originalCompiles, ...compiled] = compileAll([text, ...variants.map((variant) => variant.text)]);
      if (!originalCompiles) return;
      assert.deepEqual(variants.filter((_, index) => !compiled[index]).map((variant) => variant.label), []);
    });
  }

  for (const file of listFixtures()) {
    const fixture = readFixture(file);
    it(`${fixture.name}: fix-all converges to a file that parses, compiles and needs no further fix`, async () => {
      const analyzer = await engine(fixture.options);
      const lint = engineLinter(analyzer, { file });
      const before = lint(fixture.text);
      const result = fixAll(fixture.text, lint);
      appliedByFixAll += result.applied;
      if (before.syntaxErrors > 0) {
        assert.equal(result.text, fixture.text, 'fix-all leaves a file with syntax errors as it is');
        return;
      }
      const after = lint(result.text);
      assert.ok(after.syntaxErrors <= before.syntaxErrors, `fix-all added syntax errors:\n${result.text}`);
      assert.ok(result.rounds < MAX_FIX_ROUNDS, `fix-all did not settle in ${MAX_FIX_ROUNDS} rounds`);
      assert.deepEqual(selectPreferredFixes(after.findings).fixes.map((fix) => fix.title), [], 'preferred fixes left after fix-all');
      const again = fixAll(result.text, lint);
      assert.equal(again.text, result.text, 'fix-all is not idempotent');
      const [originalCompiles, fixedCompiles] = compileAll([fixture.text, result.text]);
      if (originalCompiles) assert.ok(fixedCompiles, `the fixed file no longer compiles:\n${result.text}`);
    });
  }

  after(() => {
    const summary = [...perCode].sort().map(([code, titles]) => `${code}: ${[...titles].join(' | ')}`);
    console.log(`      ${checked} fixes checked, ${appliedByFixAll} applied by fix-all over the fixtures\n      ${summary.join('\n      ')}`);
  });
});

describe('counting the syntax errors a fix must not add', () => {
  const count = async (text: string) => {
    const result = (await engine()).lint(text, { file: 'errors.py' });
    try {
      return result.tree ? countSyntaxErrors(result.tree) : -1;
    } finally {
      result.tree?.delete();
    }
  };

  it('counts none in valid code, and ERROR and MISSING nodes where they are', async () => {
    assert.equal(await count('import asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n'), 0);
    assert.ok((await count('def f(:\n    pass\n')) >= 1);
    assert.ok((await count('print((1)\n')) >= 1);
  });

  it('counts an error that only a hidden node holds (two statements joined on one line)', async () => {
    // tree-sitter reads `async de` as two expression statements with a missing newline between them,
    // a hidden node that a cursor never shows.
    assert.equal(await count('x = 1\nasync_de = 2\n'), 0);
    assert.equal(await count('x = 1\nasync de'), 1);
  });
});
