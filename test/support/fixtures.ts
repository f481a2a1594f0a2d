import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalyzerOptions } from '../../src/analysis/options';
import { REPO_ROOT } from './engine';

export const RULE_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');

export interface Expectation {
  /** 1-based line. */
  line: number;
  code: string;
}

export interface Fixture {
  name: string;
  file: string;
  text: string;
  options: AnalyzerOptions;
  /** `# lint-as: notebook`: the text is linted as notebook code, inside a running event loop. */
  inRunningLoop: boolean;
  expected: Expectation[];
  /** `# expect: CODE (information…)`: the lines whose finding must have that severity (other lines' is not checked). */
  severities: Array<Expectation & { severity: string }>;
}

const EXPECT = /#.*\bexpect:\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)(?:\s*\((warning|information|hint)\b)?/;
const OPTIONS = /^#\s*options:\s*(\{.*\})\s*$/;
const NOTEBOOK = /^#\s*lint-as:\s*notebook\s*$/m;

/**
 * An annotated fixture: `# expect: CODE[, CODE]` at the end of each line that must be reported
 * (the finding starts on that line); every other line must report nothing. `# expect: CODE
 * (information: why)` also checks the first code's severity. An optional first-lines
 * comment `# options: {…JSON AnalyzerOptions…}` configures the engine; `# lint-as: notebook` lints the
 * file as the cells of a notebook do, inside a running event loop.
 */
export function readFixture(file: string): Fixture {
  const text = fs.readFileSync(file, 'utf8');
  const expected: Expectation[] = [];
  const severities: Fixture['severities'] = [];
  let options: AnalyzerOptions = {};
  text.split('\n').forEach((line, index) => {
    const optionMatch = OPTIONS.exec(line);
    if (optionMatch) options = JSON.parse(optionMatch[1]) as AnalyzerOptions;
    const match = EXPECT.exec(line);
    if (!match) return;
    for (const code of match[1].split(',')) expected.push({ line: index + 1, code: code.trim() });
    if (match[2]) severities.push({ line: index + 1, code: match[1].split(',')[0].trim(), severity: match[2] });
  });
  return { name: path.basename(file), file, text, options, inRunningLoop: NOTEBOOK.test(text), expected, severities };
}

export function listFixtures(dir = RULE_FIXTURES): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.py'))
    .sort()
    .map((name) => path.join(dir, name));
}

export function describeFindings(items: Expectation[]): string[] {
  return items.map((item) => `${item.line}:${item.code}`).sort();
}
