import * as assert from 'node:assert/strict';
import { type Analyzer, DocumentSession, type LintResult } from '../../src/analysis/analyzer';
import type { AnalyzerOptions } from '../../src/analysis/options';
import type { Finding } from '../../src/analysis/types';
import { generateModule } from '../bench/generate';
import { generateAsyncProject } from '../support/asyncProject';
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

/** A blocking call after the line (inside its block when it opens one): it changes what the function's callers see. */
function withBlockingCall(line: string): string[] {
  const indent = /^\s*/.exec(line)![0] + (line.trimEnd().endsWith(':') ? '    ' : '');
  return [line, `${indent}time.sleep(0.5)`];
}

/**
 * One-line edits of the kinds typing produces: append to a line, delete it, duplicate it, break it,
 * add a blocking call after it.
 */
const EDITS: ((lines: string[], index: number) => string[])[] = [
  (lines, index) => lines.map((line, i) => (i === index ? `${line}  # edited` : line)),
  (lines, index) => lines.filter((_, i) => i !== index),
  (lines, index) => lines.flatMap((line, i) => (i === index ? [line, line] : [line])),
  (lines, index) => lines.map((line, i) => (i === index ? line.slice(0, Math.floor(line.length / 2)) : line)),
  (lines, index) => lines.flatMap((line, i) => (i === index ? withBlockingCall(line) : [line])),
];

/** Lines edited per text: enough to reach every kind of statement, few enough for a busy CI machine. */
const EDITS_PER_TEXT = 24;

/**
 * Edits the text line by line through one session (each edit, then back to the original) and
 * checks every result against a fresh analysis of the same text.
 */
async function checkLineByLine(text: string, options: AnalyzerOptions, label: string, editsPerText = EDITS_PER_TEXT): Promise<{ checked: number; partial: number }> {
  const analyzer = await engine(options);
  const session = new DocumentSession(analyzer);
  const original = fresh(analyzer, text);
  const lines = text.split('\n');
  let checked = 0;
  let partial = 0;
  try {
    assert.deepEqual(findingsOf(session.update(text)), original, `${label}: first analysis`);
    const stride = Math.max(1, Math.ceil(lines.length / editsPerText));
    for (let index = 0; index < lines.length; index += stride) {
      const kind = (index / stride) % EDITS.length;
      const edited = EDITS[kind](lines, index).join('\n');
      assert.deepEqual(findingsOf(session.update(edited)), fresh(analyzer, edited), `${label}: edit ${kind} of line ${index + 1}`);
      if (session.lastUpdate === 'partial') partial++;
      assert.deepEqual(findingsOf(session.update(text)), original, `${label}: undo of line ${index + 1}`);
      if (session.lastUpdate === 'partial') partial++;
      checked++;
    }
  } finally {
    session.dispose();
  }
  return { checked, partial };
}

describe('an analysis session gives the findings of a fresh analysis after every edit', () => {
  for (const file of listFixtures()) {
    const fixture = readFixture(file);
    it(`${fixture.name}, line by line`, async () => {
      assert.ok((await checkLineByLine(fixture.text, fixture.options, fixture.name)).checked > 0);
    });
  }

  it('a generated module, line by line, mostly re-analysing only the edited units', async () => {
    const { checked, partial } = await checkLineByLine(generateModule(160), {}, 'generated');
    assert.ok(partial > checked / 2, `${partial} partial updates of ${2 * checked}`);
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`a generated asyncio project module (seed ${seed}), line by line`, async () => {
      const { partial } = await checkLineByLine(generateAsyncProject(seed), {}, `project ${seed}`, 60);
      assert.ok(partial > 0);
    });
  }

  it('a private module constant flipped between definitions: its branches and the names they bind, as a fresh analysis', async () => {
    const text = [
      'import asyncio',
      '',
      'class First:',
      '    pass',
      '',
      '_LATE = False',
      '',
      'if _LATE:',
      '    from time import sleep',
      'else:',
      '    from asyncio import sleep',
      '',
      '',
      'async def nap():',
      '    sleep(1)',
      '    if not _LATE:',
      '        await asyncio.sleep(0)',
      '',
    ].join('\n');
    const analyzer = await engine({});
    const session = new DocumentSession(analyzer);
    try {
      const original = findingsOf(session.update(text));
      assert.deepEqual(original, fresh(analyzer, text));
      for (const value of ['True', '1', 'None']) {
        const edited = text.replace('_LATE = False', `_LATE = ${value}`);
        assert.deepEqual(findingsOf(session.update(edited)), fresh(analyzer, edited), `_LATE = ${value}`);
        assert.deepEqual(findingsOf(session.update(text)), original, `undo of _LATE = ${value}`);
      }
    } finally {
      session.dispose();
    }
  });

  it('blank and comment lines added or removed between definitions: the last findings, moved, without analysing', async () => {
    const edits = [
      (lines: string[], index: number) => [...lines.slice(0, index), '', ...lines.slice(index)],
      (lines: string[], index: number) => [...lines.slice(0, index), '# a note', ...lines.slice(index)],
      (lines: string[], index: number) => [...lines.slice(0, index), '    # an indented note', '', ...lines.slice(index)],
      (lines: string[], index: number) => lines.filter((_, i) => i !== index || lines[i].trim() !== ''),
    ];
    let shifted = 0;
    for (const text of [generateModule(160), generateAsyncProject(1), ...listFixtures().slice(0, 40).map((file) => readFixture(file).text)]) {
      const analyzer = await engine({});
      const session = new DocumentSession(analyzer);
      try {
        const lines = text.split('\n');
        const original = findingsOf(session.update(text));
        // Every line that starts a top-level statement (where typing a note above it is common), and the blank ones.
        const targets = lines.map((line, index) => (/^(\S|$)/.test(line) ? index : -1)).filter((index) => index > 0).slice(0, 30);
        targets.forEach((index, n) => {
          const edited = edits[n % edits.length](lines, index).join('\n');
          assert.deepEqual(findingsOf(session.update(edited)), fresh(analyzer, edited), `line ${index + 1}, edit ${n % edits.length}`);
          if (session.lastUpdate === 'partial') shifted++;
          assert.deepEqual(findingsOf(session.update(text)), original, `undo at line ${index + 1}`);
        });
      } finally {
        session.dispose();
      }
    }
    assert.ok(shifted > 100, `${shifted} edits kept the last findings`);
  });

  it('headers of definitions (decorators, signatures, bases) edited: a fresh analysis\'s findings, mostly re-analysing only the units that name them', async () => {
    const HEADER = /^\s*(?:async\s+def|def|class|@)\b/;
    const edits: ((line: string) => string | undefined)[] = [
      (line) => (/\basync\s+def\b/.test(line) ? line.replace(/\basync\s+def\b/, 'def') : line.replace(/\bdef\b/, 'async def')),
      (line) => (/\(\s*\)/.test(line) ? line.replace(/\(\s*\)/, '(extra=None)') : line.replace('(', '(*extra, ')),
      (line) => `${line}  # edited`,
      () => undefined,
      (line) => (/^\s*class\s+\w+\s*\(/.test(line) ? line.replace(/\(.*\)/, '') : line.replace(/^(\s*class\s+\w+)\s*:/, '$1(Exception):')),
    ];
    let checked = 0;
    let partial = 0;
    const texts = [generateModule(160), generateAsyncProject(2), ...listFixtures().map((file) => readFixture(file).text)];
    for (const text of texts) {
      const analyzer = await engine({});
      const session = new DocumentSession(analyzer);
      try {
        const lines = text.split('\n');
        const original = findingsOf(session.update(text));
        const headers = lines.map((line, index) => (HEADER.test(line) ? index : -1)).filter((index) => index >= 0);
        const stride = Math.max(1, Math.ceil(headers.length / 6));
        for (let n = 0; n < headers.length; n += stride) {
          const index = headers[n];
          const kind = (checked + n) % edits.length;
          const line = edits[kind](lines[index]);
          const edited = lines.flatMap((other, i) => (i !== index ? [other] : line === undefined ? [] : [line])).join('\n');
          assert.deepEqual(findingsOf(session.update(edited)), fresh(analyzer, edited), `line ${index + 1}, edit ${kind}: ${line}`);
          if (session.lastUpdate === 'partial') partial++;
          assert.deepEqual(findingsOf(session.update(text)), original, `undo at line ${index + 1}`);
          checked++;
        }
      } finally {
        session.dispose();
      }
    }
    assert.ok(partial > checked / 2, `${partial} partial updates of ${checked} header edits`);
  });

  it('module-level statements below the first definition edited: a fresh analysis\'s findings, mostly re-analysing only the units they reach', async () => {
    const STATEMENT = /^(?!(?:async\s+def|def|class|@|#|import|from)\b)[A-Za-z_]/;
    const edits: ((line: string) => string[])[] = [
      (line) => [`${line}  # edited`],
      (line) => [line.replace(/[A-Za-z_]\w*/, 'renamed')],
      (line) => [line, 'time.sleep(0.5)'],
      () => [],
      (line) => [line, '    time.sleep(0.5)'],
    ];
    let checked = 0;
    let partial = 0;
    const texts = [generateModule(160), ...[1, 2, 3].map(generateAsyncProject), ...listFixtures().map((file) => readFixture(file).text)];
    for (const text of texts) {
      const lines = text.split('\n');
      const firstDefinition = lines.findIndex((line) => /^(?:async\s+def|def|class|@)/.test(line));
      if (firstDefinition < 0) continue;
      const analyzer = await engine({});
      const session = new DocumentSession(analyzer);
      try {
        const original = findingsOf(session.update(text));
        lines.forEach((line, index) => {
          if (index <= firstDefinition || !STATEMENT.test(line)) return;
          const kind = checked % edits.length;
          const edited = lines.flatMap((other, i) => (i === index ? edits[kind](other) : [other])).join('\n');
          assert.deepEqual(findingsOf(session.update(edited)), fresh(analyzer, edited), `line ${index + 1}, edit ${kind}`);
          if (session.lastUpdate === 'partial') partial++;
          assert.deepEqual(findingsOf(session.update(text)), original, `undo at line ${index + 1}`);
          checked++;
        });
      } finally {
        session.dispose();
      }
    }
    assert.ok(checked > 40 && partial > checked / 2, `${partial} partial updates of ${checked} module-level edits`);
  });

  it('a constant test flipped (True and False, 1 and 0), at module level and in a method: which branch is dead follows', async () => {
    const text = readFixture(listFixtures().find((file) => file.endsWith('name_resolution_dead_branches.py'))!).text;
    const flipped: Record<string, string> = { True: 'False', False: 'True', '0': '1', '1': '0' };
    const analyzer = await engine();
    const session = new DocumentSession(analyzer);
    let partial = 0;
    let changed = 0;
    try {
      const original = findingsOf(session.update(text));
      const lines = text.split('\n');
      lines.forEach((line, index) => {
        const match = /^(\s*(?:if|elif|while) (?:not )?)(True|False|0|1):/.exec(line);
        if (!match) return;
        const edited = lines.map((other, i) => (i === index ? other.replace(match[0], `${match[1]}${flipped[match[2]]}:`) : other)).join('\n');
        const findings = findingsOf(session.update(edited));
        assert.deepEqual(findings, fresh(analyzer, edited), `line ${index + 1} flipped`);
        if (session.lastUpdate === 'partial') partial++;
        if (findings.length !== original.length) changed++;
        assert.deepEqual(findingsOf(session.update(text)), original, `undo at line ${index + 1}`);
      });
    } finally {
      session.dispose();
    }
    assert.ok(partial > 0 && changed > 4, `${partial} partial updates, ${changed} flips changed the findings`);
  });

  it('an edit that breaks the syntax and one that repairs it', async () => {
    const text = 'import time\n\nasync def main():\n    time.sleep(1)\n';
    await checkLineByLine(text.replace('main():', 'main(:'), {}, 'broken header');
    await checkLineByLine(text, {}, 'repaired');
  });

  it('text pasted right before a token on the same line (fuzz seed 14, case 54009): the syntax error is kept', async () => {
    // Reusing the `input(...)` node that starts where the edit ends, tree-sitter's incremental parse
    // read `[…]input(…)` as two statements with no error, where a fresh parse has one.
    const base = 'import asyncio, time\n\nasync def hello(ws):\n    async with ws:\n        name = input("name? ")\n        await ws.send(name)\n        print(name)\n';
    const at = base.indexOf('input(');
    const analyzer = await engine();
    for (const inserted of [`${'['.repeat(2914)}time.sleep(1)${']'.repeat(2914)}`, `[${'x, '.repeat(60)}]`]) {
      for (const before of [base, `${base.slice(0, at)}${inserted} ${base.slice(at)}`]) {
        const after = `${base.slice(0, at)}${inserted}${base.slice(at)}`;
        const session = new DocumentSession(analyzer);
        try {
          session.update(before);
          const incremental = session.update(after);
          const scratch = analyzer.lint(after);
          assert.ok(incremental.tree!.rootNode.toString() === scratch.tree!.rootNode.toString(), `trees differ: ${inserted.length} chars after ${before === base ? "the original" : "a spaced copy"}`);
          assert.equal(incremental.hasSyntaxErrors, true);
          assert.deepEqual(findingsOf(incremental), findingsOf(scratch));
          scratch.tree?.delete();
        } finally {
          session.dispose();
        }
      }
    }
  });
});
