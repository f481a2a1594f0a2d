import * as assert from 'node:assert/strict';
import { applyEdits } from '../../src/analysis/fixes/apply';
import type { AnalyzerOptions } from '../../src/analysis/options';
import type { Finding, Fix } from '../../src/analysis/types';
import { engine } from './engine';

/** A module's text from its lines, each ended by a newline. */
export const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** Every finding on `text`, with the tree freed; a rule that threw fails the test. */
export async function lintFindings(text: string, options: AnalyzerOptions = {}): Promise<Finding[]> {
  const result = (await engine(options)).lint(text);
  result.tree?.delete();
  assert.deepEqual(result.ruleErrors, []);
  return result.findings;
}

/** The first finding with `code`, on the line that holds `marker` when one is given. */
export async function findingOf(text: string, code: string, marker?: string): Promise<Finding> {
  const findings = await lintFindings(text);
  const row = marker === undefined ? undefined : text.split('\n').findIndex((line) => line.includes(marker));
  const finding = findings.find((candidate) => candidate.code === code && (row === undefined || candidate.range.start.line === row));
  assert.ok(finding, `${code}${marker ? ` on "${marker}"` : ''}: ${findings.map((found) => `${found.code}@${found.range.start.line}`).join(', ')}`);
  return finding;
}

/** A finding's fixes other than its `# noqa` ones. */
export function codeFixes(finding: Finding): Fix[] {
  return finding.fixes.filter((fix) => !fix.title.includes('# noqa'));
}

/** `text` with `fix` applied. */
export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/** `text` after the one preferred fix among `fixes`. */
export function withPreferredFix(text: string, fixes: readonly Fix[]): string {
  const chosen = fixes.filter((fix) => fix.isPreferred);
  assert.equal(chosen.length, 1, fixes.map((fix) => fix.title).join(' | '));
  return applyFix(text, chosen[0]);
}

/** `text` after the fix whose title starts with `title`. */
export function withFixTitled(text: string, fixes: readonly Fix[], title: string): string {
  const fix = fixes.find((candidate) => candidate.title.startsWith(title));
  assert.ok(fix, fixes.map((candidate) => candidate.title).join(' | '));
  return applyFix(text, fix);
}
