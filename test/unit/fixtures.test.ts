import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileSystemWorkspace } from '../../src/analysis/fileSystemWorkspace';
import type { Finding } from '../../src/analysis/types';
import { describeFindings, type Fixture, listFixtures, readFixture } from '../support/fixtures';
import { engine, REPO_ROOT } from '../support/engine';

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
      assertSeverities(fixture.severities, result.findings);
      assertNoPlaceholder(result.findings);
    });
  }
});

/** Fixture projects: every annotated file is linted with the other files of its project as the workspace. */
describe('annotated workspace fixtures (test/fixtures/workspaces)', () => {
  const projects = path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces');
  for (const project of fs.readdirSync(projects).sort()) {
    const root = path.join(projects, project);
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.py')).sort();
    for (const relative of files) {
      const fixture = readFixture(path.join(root, relative));
      it(`${project}/${relative} reports exactly the annotated lines and codes`, async () => {
        const analyzer = await engine({ ...fixture.options, workspace: new FileSystemWorkspace([root]) });
        const result = analyzer.lint(fixture.text, { file: fixture.file });
        result.tree?.delete();
        assert.deepEqual(result.ruleErrors, []);
        const actual = describeFindings(result.findings.map((f) => ({ line: f.range.start.line + 1, code: f.code })));
        assert.deepEqual(actual, describeFindings(fixture.expected));
        assertSeverities(fixture.severities, result.findings);
      assertNoPlaceholder(result.findings);
      });
    }
  }
});

/** An internal name of a path condition (`free`: anything else may decide it) never reaches a message's code span. */
const PLACEHOLDER = /^$|(?:^|\b(?:and|or|not) )\(?(?:free|true|false)\)?(?: (?:and|or)\b|$)/;

function assertNoPlaceholder(findings: readonly Finding[]): void {
  for (const finding of findings) {
    const spans = [...finding.message.matchAll(/`([^`]*)`/g)].map((match) => match[1]);
    assert.deepEqual(spans.filter((span) => PLACEHOLDER.test(span)), [], `${finding.range.start.line + 1}:${finding.code}: ${finding.message}`);
  }
}

function assertSeverities(expected: Fixture['severities'], findings: readonly Finding[]): void {
  for (const { line, code, severity } of expected) {
    const finding = findings.find((f) => f.range.start.line + 1 === line && f.code === code);
    assert.equal(`${line}:${code}:${finding?.severity}`, `${line}:${code}:${severity}`);
  }
}
