import * as assert from 'node:assert/strict';
import { createAnalyzer } from '../../src/analysis/index';
import { applyEdits, lineStarts } from '../../src/analysis/fixes/apply';
import { engine } from '../support/engine';

const SLEEPY = 'import time\n\n\nasync def main():\n    time.sleep(1)\n';

describe('engine inputs (issue 14)', () => {
  it('speaks each analyzer\'s own language, whatever analyzers created later speak', async () => {
    const chinese = await createAnalyzer({ locale: 'zh-cn' });
    const english = await createAnalyzer({ locale: 'en' });
    assert.match(chinese.analyze(SLEEPY)[0].message, /异步函数中的阻塞休眠/);
    assert.match(english.analyze(SLEEPY)[0].message, /^Blocking sleep/);
    assert.match(chinese.analyze(SLEEPY)[0].message, /异步函数中的阻塞休眠/);
  });

  it('reads full-width identifiers as Python does (NFKC): ｔｉｍｅ.ｓｌｅｅｐ is time.sleep', async () => {
    const analyzer = await engine();
    const findings = analyzer.lint('import time\n\n\nasync def main():\n    ｔｉｍｅ.sleep(1)\n    time.ｓｌｅｅｐ(2)\n').findings;
    assert.deepEqual(findings.map((f) => `${f.range.start.line} ${f.code}`), ['4 ASYNC251', '5 ASYNC251']);
    const imported = analyzer.lint('import ｔｉｍｅ\n\n\nasync def main():\n    time.sleep(1)\n').findings;
    assert.deepEqual(imported.map((f) => f.code), ['ASYNC251']);
  });

  it('treats a lone CR as a line break: findings on the right line, fixes in the file\'s own ending', async () => {
    const analyzer = await engine();
    for (const ending of ['\r', '\r\n', '\n']) {
      const text = SLEEPY.replace(/\n/g, ending);
      const [finding] = analyzer.lint(text).findings;
      assert.deepEqual(finding.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 14 } }, JSON.stringify(ending));
      const fix = finding.fixes.find((candidate) => candidate.isPreferred)!;
      const fixed = applyEdits(text, fix.edits);
      assert.equal(fixed, `import asyncio\nimport time\n\n\nasync def main():\n    await asyncio.sleep(1)\n`.replace(/\n/g, ending));
    }
    assert.deepEqual(lineStarts('a\rb\r\nc\nd'), [0, 2, 5, 7]);
  });
});
