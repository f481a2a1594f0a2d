import * as assert from 'node:assert/strict';
import { computeEdit, DocumentSession } from '../../src/analysis/analyzer';
import { createAnalyzer } from '../../src/analysis/index';
import { isSuppressed, readSuppressions } from '../../src/analysis/noqa';
import { applyEdits } from '../../src/analysis/fixes/apply';
import { SemanticModel } from '../../src/analysis/semantic/model';
import { engine } from '../support/engine';

const SAMPLE = 'import time\n\n\nasync def main():\n    time.sleep(1)\n';

describe('engine', () => {
  it('createAnalyzer().analyze returns 1-based findings with the JSON fields', async () => {
    const analyzer = await createAnalyzer();
    assert.deepEqual(analyzer.analyze(SAMPLE, 'app.py'), [
      {
        file: 'app.py',
        line: 5,
        column: 5,
        endLine: 5,
        endColumn: 15,
        code: 'ASYNC251',
        severity: 'warning',
        message: 'Blocking sleep `time.sleep` in async function: use `await asyncio.sleep(...)` instead.',
        guideSection: 'rules/ASYNC251',
      },
    ]);
  });

  it('a task entry point that ends on its own cancellation is information, a shared coroutine a warning', async () => {
    const text = [
      'import asyncio',
      '',
      'async def run():',
      '    try:',
      '        await asyncio.sleep(1)',
      '    except asyncio.CancelledError:',
      '        pass',
      '',
      'def start():',
      '    return asyncio.create_task(run())',
      '',
    ].join('\n');
    const severities = async (source: string) => (await engine()).lint(source).findings.map((f) => `${f.code}:${f.severity}`);
    assert.deepEqual(await severities(text), ['ASYNC103:information']);
    assert.deepEqual(await severities(`${text}\nasync def main():\n    await run()\n`), ['ASYNC103:warning']);
    assert.deepEqual((await engine({ severity: { ASYNC103: 'warning' } })).lint(text).findings.map((f) => f.severity), ['warning']);
  });

  it('in a task entry point, a nested handler followed by a return in its block is information; one that loops on is a warning', async () => {
    const text = (after: string) =>
      [
        'import asyncio',
        '',
        'async def pump(reader):',
        '    while True:',
        '        data = await reader.read()',
        '        if not data:',
        '            try:',
        '                await reader.close()',
        '            except:',
        '                pass',
        `            ${after}`,
        '',
        'def start(reader):',
        '    return asyncio.create_task(pump(reader))',
        '',
      ].join('\n');
    const severities = async (source: string) => (await engine()).lint(source).findings.map((f) => `${f.code}:${f.severity}`);
    assert.deepEqual(await severities(text('return')), ['ASYNC103:information']);
    assert.deepEqual(await severities(text('continue')), ['ASYNC103:warning']);
  });

  it('a handler ending in a helper that raises the cancellation on some paths only is information, one that never does a warning', async () => {
    const text = [
      'import asyncio',
      '',
      'class Call:',
      '    async def _raise_for_status(self):',
      '        if self.cancelled():',
      '            raise asyncio.CancelledError()',
      '',
      '    async def read(self):',
      '        try:',
      '            await asyncio.sleep(1)',
      '        except asyncio.CancelledError:',
      '            await self._raise_for_status()',
      '',
      'async def main(call):',
      '    await call.read()',
      '',
    ].join('\n');
    const findings = (source: string) => engine().then((analyzer) => analyzer.lint(source).findings);
    const [finding] = await findings(text);
    assert.equal(`${finding.code}:${finding.severity}`, 'ASYNC103:information');
    assert.match(finding.message, /unless `self\._raise_for_status` raises it/);
    const never = text.replace('raise asyncio.CancelledError()', 'raise RuntimeError()');
    assert.deepEqual((await findings(never)).map((f) => `${f.code}:${f.severity}`), ['ASYNC103:warning']);
  });

  it('a task entry point started through a local name or on another object of the module is information too', async () => {
    const text = [
      'import asyncio',
      '',
      'class Dispatcher:',
      '    async def _run_event(self, handler):',
      '        try:',
      '            await handler()',
      '        except asyncio.CancelledError:',
      '            pass',
      '',
      '    def schedule(self, handler):',
      '        wrapped = self._run_event(handler)',
      '        return asyncio.get_running_loop().create_task(wrapped)',
      '',
      'class Protocol:',
      '    def data_received(self, data):',
      '        self.task = asyncio.get_running_loop().create_task(self.dispatcher._run_event(data))',
      '',
    ].join('\n');
    const severities = async (source: string) => (await engine()).lint(source).findings.map((f) => `${f.code}:${f.severity}`);
    assert.deepEqual(await severities(text), ['ASYNC103:information']);
    const awaitedToo = `${text}\nasync def main(dispatcher, handler):\n    await dispatcher._run_event(handler)\n`;
    assert.deepEqual(await severities(awaitedToo), ['ASYNC103:warning']);
    const usedOtherwise = text.replace('create_task(wrapped)', 'create_task(wrapped), wrapped');
    assert.deepEqual(await severities(usedOtherwise), ['ASYNC103:warning']);
  });

  it('a task entry point whose name other calls share, or that an override reaches through super(), is information', async () => {
    const text = [
      'import asyncio',
      '',
      'class Entry:',
      '    def acquire(self):',
      '        self.poll()',
      '',
      'class Base:',
      '    async def poll(self):',
      '        try:',
      '            await asyncio.sleep(1)',
      '        except asyncio.CancelledError:',
      '            return',
      '        if self.child.poll() is None:',
      '            changed = self.resource.poll()',
      '            if changed:',
      '                return',
      '',
      'class Sub(Base):',
      '    async def poll(self):',
      '        await super().poll()',
      '',
      '    def start(self):',
      '        self.task = self.loop.create_task(self.poll())',
      '',
    ].join('\n');
    const severities = async (source: string) => (await engine()).lint(source).findings.map((f) => `${f.code}:${f.severity}`);
    assert.deepEqual(await severities(text), ['ASYNC104:information']);
    assert.deepEqual(await severities(`${text}\nasync def main(sub):\n    await sub.poll()\n`), ['ASYNC104:warning']);
    assert.deepEqual(await severities(text.replace('            if changed:', '            return changed\n            if changed:')), ['ASYNC104:warning']);
    // `super().poll()` awaited by a method of another name runs it inside that method's caller.
    const otherName = text.replace("    async def poll(self):\n        await super().poll()", "    async def refresh(self):\n        await super().poll()");
    assert.deepEqual(await severities(otherName), ['ASYNC104:warning']);
  });

  it('skips binary and huge text with a reason instead of analysing it', async () => {
    const analyzer = await engine();
    assert.equal(analyzer.lint('x = 1\u0000\u0001').skipped, 'binary');
    assert.equal(analyzer.lint('#'.repeat(2_000_001)).skipped, 'too-large');
  });

  it('per-code severity: an exact override, a prefix override, off', async () => {
    const severityOf = async (severity: Record<string, string>) =>
      (await engine({ severity: severity as never })).lint(SAMPLE).findings.map((f) => f.severity);
    assert.deepEqual(await severityOf({ ASYNC251: 'error' }), ['error']);
    assert.deepEqual(await severityOf({ ASYNC2: 'hint' }), ['hint']);
    assert.deepEqual(await severityOf({ ASYNC251: 'off' }), []);
  });

  it('every finding offers a noqa suppression that, applied, silences it', async () => {
    const analyzer = await engine();
    const [finding] = analyzer.lint(SAMPLE).findings;
    const noqa = finding.fixes.find((fix) => fix.title.includes('noqa'));
    assert.ok(noqa);
    const [edit] = noqa.edits;
    const lines = SAMPLE.split('\n');
    const line = lines[edit.range.start.line];
    lines[edit.range.start.line] = line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
    assert.deepEqual(analyzer.lint(lines.join('\n')).findings, []);
  });

  describe('noqa', () => {
    const suppressionsOf = async (text: string) => {
      const analyzer = await engine();
      const tree = analyzer.lint(text).tree!;
      return readSuppressions(new SemanticModel(tree, text));
    };

    it('reads codes, prefixes, lists and file-level forms; ignores noqa inside strings', async () => {
      const s = await suppressionsOf('a()  # noqa\nb()  # noqa: ASYNC251, AIO1\nc()  # NOQA:ASYNC2 AIO200\nd = "# noqa"\n');
      assert.equal(isSuppressed(s, 0, 'AIO100'), true);
      assert.equal(isSuppressed(s, 1, 'ASYNC251'), true);
      assert.equal(isSuppressed(s, 1, 'AIO107'), true);
      assert.equal(isSuppressed(s, 1, 'ASYNC210'), false);
      assert.equal(isSuppressed(s, 2, 'ASYNC230'), true);
      assert.equal(isSuppressed(s, 2, 'AIO200'), true);
      assert.equal(isSuppressed(s, 3, 'ASYNC251'), false);
      assert.equal(isSuppressed(s, 1, 'ASYNC300', ['RUF006']), false);
      const aliased = await suppressionsOf('x()  # noqa: RUF006\n');
      assert.equal(isSuppressed(aliased, 0, 'ASYNC300', ['RUF006']), true);
      assert.equal((await suppressionsOf('# ruff: noqa\nx()\n')).file, true);
      assert.equal((await suppressionsOf('# flake8: noqa\n')).file, true);
    });

    it('reads the noqa after a multi-line string or a backslash continuation for each of its lines, as Ruff does', async () => {
      const s = await suppressionsOf('a("""\nx\n""")  # noqa: ASYNC251\nb = 1 + \\\n    2  # noqa\nc = """\n# noqa\n"""\nd("""x\n""" + f"""\n{y}\n""")  # noqa: AIO1\n');
      assert.deepEqual([0, 1, 2].map((line) => isSuppressed(s, line, 'ASYNC251')), [true, true, true]);
      assert.deepEqual([3, 4].map((line) => isSuppressed(s, line, 'AIO100')), [true, true]);
      assert.deepEqual([5, 6, 7].map((line) => isSuppressed(s, line, 'AIO100')), [false, false, false], 'a noqa inside a string is text');
      assert.deepEqual([8, 9, 10, 11].map((line) => isSuppressed(s, line, 'AIO100')), [true, true, true, true]);
      assert.equal(isSuppressed(s, 8, 'ASYNC251'), false);
    });

    it("puts the noqa fix of a finding on a multi-line string's first line after the string, where it is a comment", async () => {
      const analyzer = await engine();
      const text = 'import sqlite3\n\n\nasync def rows(db):\n    cursor = sqlite3.connect(db).cursor()\n    cursor.execute("""\n        SELECT 1\n    """)\n';
      const findings = analyzer.lint(text).findings;
      const finding = findings.find((candidate) => candidate.range.start.line === 5);
      assert.ok(finding, JSON.stringify(findings.map((candidate) => `${candidate.code}@${candidate.range.start.line}`)));
      const noqa = finding.fixes.find((fix) => fix.title.includes('noqa'))!;
      const fixed = applyEdits(text, noqa.edits);
      assert.ok(fixed.includes(`    """)  # noqa: ${finding.code}\n`), fixed);
      assert.ok(!analyzer.lint(fixed).findings.some((candidate) => candidate.range.start.line === 5 && candidate.code === finding.code));
    });
    it('joins the noqa fix to a comment, never to "# noqa: …" written in a string on the same line', async () => {
      const analyzer = await engine();
      const text = 'import time\n\n\nasync def main():\n    label = "# noqa: AIO1"; time.sleep(1)\n';
      const [finding] = analyzer.lint(text).findings;
      const fixed = applyEdits(text, finding.fixes.find((fix) => fix.title.includes('noqa'))!.edits);
      assert.equal(fixed, text.replace('time.sleep(1)', 'time.sleep(1)  # noqa: ASYNC251'));
      assert.deepEqual(analyzer.lint(fixed).findings, []);
    });
  });

  describe('incremental document sessions', () => {
    it('compute a single edit span between two texts, widened to the whole lines it touches', () => {
      const edit = computeEdit('abc\ndef\nghi', 'abc\ndXef\nghi')!;
      assert.equal(edit.startIndex, 4);
      assert.equal(edit.oldEndIndex, 7);
      assert.equal(edit.newEndIndex, 8);
      assert.deepEqual(edit.startPosition, { row: 1, column: 0 });
      assert.deepEqual(edit.oldEndPosition, { row: 1, column: 3 });
      assert.deepEqual(edit.newEndPosition, { row: 1, column: 4 });
      const crlf = computeEdit('a\r\nbc\r\nd', 'a\r\nbXc\r\nd')!;
      assert.deepEqual([crlf.startIndex, crlf.oldEndIndex, crlf.newEndIndex], [3, 5, 6]);
      assert.equal(computeEdit('same', 'same'), undefined);
    });

    it('give the same findings as a fresh analysis after each edit', async () => {
      const analyzer = await engine();
      const session = new DocumentSession(analyzer);
      const versions = [
        SAMPLE,
        SAMPLE.replace('time.sleep(1)', 'time.sleep(1)\n    open("x")'),
        SAMPLE.replace('async def', 'def'),
        'import time\nasync def main():\n    x = [\n    time.sleep(2)\n',
        SAMPLE,
        '',
        SAMPLE,
      ];
      for (const text of versions) {
        const incremental = session.update(text).findings.map((f) => `${f.range.start.line}:${f.code}`);
        const fresh = analyzer.lint(text);
        fresh.tree?.delete();
        assert.deepEqual(incremental, fresh.findings.map((f) => `${f.range.start.line}:${f.code}`), JSON.stringify(text));
      }
      session.dispose();
    });
  });

  it('handles odd input without throwing: empty, only comments, CRLF, tabs, deep nesting, unicode', async () => {
    const analyzer = await engine();
    const texts = [
      '',
      '# just a comment',
      'import time\r\nasync def f():\r\n\ttime.sleep(1)\r\n',
      `async def f():\n    x = ${'['.repeat(500)}${']'.repeat(500)}\n`,
      'import time\nasync def 下载():\n    名字 = "数据"; time.sleep(1)\n',
      'async def f(:\n    ))))\n',
    ];
    const results = texts.map((text) => analyzer.lint(text));
    for (const result of results) {
      assert.deepEqual(result.ruleErrors, []);
      result.tree?.delete();
    }
    assert.deepEqual(results[2].findings.map((f) => f.code), ['ASYNC251']);
    const unicode = results[4].findings[0];
    assert.equal(unicode.range.start.character, 15, 'columns are UTF-16 code units, as VS Code counts them');
  });
});

describe('AIO100 in sync code names asyncio.run, not await', () => {
  it('says so for a local never used', async () => {
    const text = ['import asyncio', '', 'async def connect():', '    await asyncio.sleep(0)', '', 'def main():', '    forgotten = connect()', ''].join('\n');
    const result = (await engine()).lint(text);
    result.tree?.delete();
    const message = result.findings.find((candidate) => candidate.code === 'AIO100')?.message ?? '';
    assert.match(message, /asyncio\.run\(connect\(…\)\)/);
    assert.doesNotMatch(message, /await connect/);
  });
});
