import * as assert from 'node:assert/strict';
import { type Analyzer, DocumentSession, type LintResult } from '../../src/analysis/analyzer';
import type { AnalyzerOptions } from '../../src/analysis/options';
import type { Finding } from '../../src/analysis/types';
import { generateModule } from '../bench/generate';
import { engine } from '../support/engine';
import { listFixtures, readFixture } from '../support/fixtures';

/** Everything a client sees of a finding, fixes included (reading them builds them). */
function comparable(finding: Finding): unknown {
  const { code, message, range, severity, guideSection, related, fixes } = finding;
  return { code, message, range, severity, guideSection, related, fixes };
}

function findingsOf(result: LintResult): unknown[] {
  assert.deepEqual(result.ruleErrors, []);
  return result.findings.map(comparable);
}

function fresh(analyzer: Analyzer, text: string): unknown[] {
  const result = analyzer.lint(text);
  result.tree?.delete();
  return findingsOf(result);
}

/** One-line edits of the kinds typing produces: append to a line, delete it, duplicate it, break it. */
const EDITS: ((lines: string[], index: number) => string[])[] = [
  (lines, index) => lines.map((line, i) => (i === index ? `${line}  # edited` : line)),
  (lines, index) => lines.filter((_, i) => i !== index),
  (lines, index) => lines.flatMap((line, i) => (i === index ? [line, line] : [line])),
  (lines, index) => lines.map((line, i) => (i === index ? line.slice(0, Math.floor(line.length / 2)) : line)),
];

/** Lines edited per text: enough to reach every kind of statement, few enough for a busy CI machine. */
const EDITS_PER_TEXT = 24;

/**
 * Edits the text line by line through one session (each edit, then back to the original) and
 * checks every result against a fresh analysis of the same text.
 */
async function checkLineByLine(text: string, options: AnalyzerOptions, label: string): Promise<number> {
  const analyzer = await engine(options);
  const session = new DocumentSession(analyzer);
  const original = fresh(analyzer, text);
  const lines = text.split('\n');
  let checked = 0;
  try {
    assert.deepEqual(findingsOf(session.update(text)), original, `${label}: first analysis`);
    const stride = Math.max(1, Math.ceil(lines.length / EDITS_PER_TEXT));
    for (let index = 0; index < lines.length; index += stride) {
      const edited = EDITS[index % EDITS.length](lines, index).join('\n');
      assert.deepEqual(findingsOf(session.update(edited)), fresh(analyzer, edited), `${label}: edit ${index % EDITS.length} of line ${index + 1}`);
      assert.deepEqual(findingsOf(session.update(text)), original, `${label}: undo of line ${index + 1}`);
      checked++;
    }
  } finally {
    session.dispose();
  }
  return checked;
}

describe('an analysis session gives the findings of a fresh analysis after every edit', () => {
  for (const file of listFixtures()) {
    const fixture = readFixture(file);
    it(`${fixture.name}, line by line`, async () => {
      assert.ok((await checkLineByLine(fixture.text, fixture.options, fixture.name)) > 0);
    });
  }

  it('a generated module, line by line', async () => {
    assert.ok((await checkLineByLine(generateModule(160), {}, 'generated')) > 0);
  });

  it('an edit that breaks the syntax and one that repairs it', async () => {
    const text = 'import time\n\nasync def main():\n    time.sleep(1)\n';
    await checkLineByLine(text.replace('main():', 'main(:'), {}, 'broken header');
    await checkLineByLine(text, {}, 'repaired');
  });
});
