import * as assert from 'node:assert/strict';
import { describeFindings, listFixtures, readFixture } from '../support/fixtures';
import { engine } from '../support/engine';

describe('annotated rule fixtures (test/fixtures/rules)', () => {
  for (const file of listFixtures()) {
    const fixture = readFixture(file);
    it(`${fixture.name} reports exactly the annotated lines and codes`, async () => {
      const analyzer = await engine(fixture.options);
      const result = analyzer.lint(fixture.text, { file, inRunningLoop: fixture.inRunningLoop });
      result.tree?.delete();
      assert.deepEqual(result.ruleErrors, []);
      const actual = describeFindings(result.findings.map((f) => ({ line: f.range.start.line + 1, code: f.code })));
      assert.deepEqual(actual, describeFindings(fixture.expected));
    });
  }
});
