import * as assert from 'node:assert/strict';
import { DiagramStore } from '../../src/guide/diagrams';
import { highlightPython } from '../../src/guide/highlight';
import { plainText, plainTitle, renderInline, renderSection, type RenderContext } from '../../src/guide/render';
import { renderLabels } from '../../src/guide/strings';
import { requiredPython } from '../../src/guide/versions';
import type { GuideLanguage, GuideSection } from '../../src/guide/types';
import { DIAGRAM_DIR } from '../support/guideFixture';

const diagrams = DiagramStore.load(DIAGRAM_DIR);

function context(language: GuideLanguage = 'en', sections = ['event-loop/mechanism', 'rules/ASYNC251']): RenderContext {
  return { language, diagrams, sectionExists: (id) => sections.includes(id), labels: renderLabels(language) };
}

function section(markdown: string, id = 'test/section'): GuideSection {
  return { id, chapterId: 'test', title: 'Test', apis: [], markdown, textLanguage: 'en' };
}

describe('guide rendering', () => {
  it('renders a title with a versioned API (`except*`) on its own, as the tables of contents do, without a badge', () => {
    assert.equal(renderInline('ASYNC400 — attribute in `except*`'), 'ASYNC400 — attribute in <code>except*</code>');
    assert.match(renderSection(section('# T\n\nIn `except*` handlers.'), context()).html, /<code>except\*<\/code><span class="api-version"/);
  });

  describe('links', () => {
    it('turns #section links into in-panel navigation', () => {
      const result = renderSection(section('# T\n\nSee [the loop](#event-loop/mechanism) and [ASYNC251](#rules/ASYNC251).'), context());
      assert.match(result.html, /<a href="#event-loop\/mechanism" class="section-link" data-section="event-loop\/mechanism">the loop<\/a>/);
      assert.match(result.html, /data-section="rules\/ASYNC251">ASYNC251<\/a>/);
      assert.deepEqual(result.links.sort(), ['event-loop/mechanism', 'rules/ASYNC251']);
      assert.deepEqual(result.brokenLinks, []);
    });

    it('marks links to sections that do not exist, and relative links, as broken', () => {
      const result = renderSection(section('# T\n\n[gone](#tasks/nowhere) [file](../x.md)'), context());
      assert.equal((result.html.match(/class="broken-link"/g) ?? []).length, 2);
      assert.doesNotMatch(result.html, /href="\.\.\/x\.md"/);
      assert.deepEqual(result.brokenLinks.sort(), ['../x.md', 'tasks/nowhere']);
    });

    it('keeps https links, which VS Code opens outside the panel', () => {
      const result = renderSection(section('# T\n\n[docs](https://docs.python.org/3/library/asyncio.html)'), context());
      assert.match(result.html, /<a href="https:\/\/docs\.python\.org\/3\/library\/asyncio\.html" class="external-link"/);
    });

    it('never produces script links or raw HTML', () => {
      const result = renderSection(section('# T\n\n[x](javascript:alert(1)) <script>alert(1)</script> <img src=x onerror=alert(1)>'), context());
      assert.doesNotMatch(result.html, /<script|href="javascript:|<img/);
      assert.match(result.html, /&lt;script&gt;/);
    });
  });

  describe('running samples', () => {
    const markdown = '# T\n\n```python run\nprint("hi")\n```\n\n```python\nprint("plain")\n```';

    it('offers Run only on runnable Python samples, with a place for the output', () => {
      const result = renderSection(section(markdown), context());
      assert.equal((result.html.match(/data-action="run"/g) ?? []).length, 1);
      assert.match(result.html, /<button type="button" class="code-action" data-action="run" data-block="0" title="Run this sample[^"]*">Run<\/button>/);
      assert.match(result.html, /<div class="run-output" data-output="0" hidden>/);
    });

    it('shows the recorded output beside the sample only when it was recorded from this code', () => {
      const recorded = { python: '3.11', output: 'hi' };
      const matching = renderSection(section(markdown), { ...context('zh-cn'), recordedOutput: (id, block, code) => (id === 'test/section' && block === 0 && code === 'print("hi")' ? recorded : undefined) });
      assert.match(matching.html, /<details class="expected-output" open><summary>预期输出（用 Python 3\.11 录制）<\/summary><pre>hi<\/pre><\/details>/);
      const stale = renderSection(section(markdown), { ...context(), recordedOutput: () => undefined });
      assert.doesNotMatch(stale.html, /expected-output/);
    });
  });

  describe('Python version badges', () => {
    it('marks a sample that needs a newer Python than the guide covers, and says which', () => {
      const result = renderSection(section('# T\n\n```python run\nasync with asyncio.TaskGroup() as group:\n    pass\n```\n\n```python run\nawait asyncio.sleep(1)\n```'), context());
      assert.equal((result.html.match(/class="code-badge badge-version"/g) ?? []).length, 1);
      assert.match(result.html, /title="Needs Python 3\.11 or later">Python 3\.11\+</);
    });

    it('marks newer APIs named in the text, in the guide language', () => {
      const result = renderSection(section('# T\n\nUse `asyncio.TaskGroup` or `contextlib.aclosing`, not `asyncio.gather`.'), context('zh-cn'));
      assert.match(result.html, /<code>asyncio\.TaskGroup<\/code><span class="api-version" title="需要 Python 3\.11 或更高版本">Python 3\.11\+<\/span>/);
      assert.match(result.html, /<code>contextlib\.aclosing<\/code><span class="api-version"[^>]*>Python 3\.10\+/);
      assert.match(result.html, /<code>asyncio\.gather<\/code>(?!<span)/);
    });

    it('takes the newest feature a sample uses', () => {
      assert.equal(requiredPython('async with asyncio.timeout(1):\n    await anext(agen)\n'), '3.11');
      assert.equal(requiredPython('from contextlib import aclosing\n'), '3.10');
      assert.equal(requiredPython('await asyncio.wait_for(x, 1)\n'), undefined);
      assert.equal(requiredPython('except* ValueError:\n    pass\n'), '3.11');
    });
  });

  describe('code blocks', () => {
    const markdown = [
      '# T',
      '',
      '```python bad',
      'time.sleep(1)',
      '```',
      '',
      '<!-- fragment: needs a running loop -->',
      '```python fragment',
      'await asyncio.sleep(1)',
      '```',
      '',
      '```bash',
      'python -X dev app.py',
      '```',
    ].join('\n');

    it('collects every block with its language and flags, numbered in order', () => {
      const result = renderSection(section(markdown), context());
      assert.deepEqual(result.codeBlocks, [
        { language: 'python', flags: ['bad'], code: 'time.sleep(1)' },
        { language: 'python', flags: ['fragment'], code: 'await asyncio.sleep(1)' },
        { language: 'bash', flags: [], code: 'python -X dev app.py' },
      ]);
      assert.deepEqual([...result.html.matchAll(/class="code-block[^"]*" data-block="(\d+)"/g)].map((match) => match[1]), ['0', '1', '2']);
    });

    it('offers Insert for Python blocks and Copy for all, with labels in the guide language', () => {
      const english = renderSection(section(markdown), context()).html;
      assert.equal((english.match(/data-action="insert"/g) ?? []).length, 2);
      assert.equal((english.match(/data-action="copy"/g) ?? []).length, 3);
      assert.match(english, />Insert at cursor</);
      assert.match(english, /badge-bad">Mistake, shown on purpose</);
      const chinese = renderSection(section(markdown), context('zh-cn')).html;
      assert.match(chinese, />插入到光标处</);
      assert.match(chinese, />复制</);
    });

    it('drops authors\' HTML comments and shows a fragment\'s reason as the badge tooltip', () => {
      const html = renderSection(section(markdown), context()).html;
      assert.doesNotMatch(html, /&lt;!--/);
      assert.match(html, /class="code-badge badge-fragment" title="fragment: needs a running loop">Fragment</);
    });

    it('highlights Python and escapes everything else', () => {
      const html = renderSection(section('# T\n\n```python\nasync def f():\n    return "<b>"  # x < y\n```\n\n```text\n<b>\n```'), context()).html;
      assert.match(html, /<span class="tok-async">async<\/span> <span class="tok-keyword">def<\/span> <span class="tok-definition">f<\/span>/);
      assert.match(html, /<span class="tok-string">&quot;&lt;b&gt;&quot;<\/span>/);
      assert.match(html, /<span class="tok-comment"># x &lt; y<\/span>/);
      assert.match(html, /<code class="language-text">&lt;b&gt;<\/code>/);
    });
  });

  describe('diagrams', () => {
    it('inlines a referenced diagram as sanitised SVG with its alt text as caption', () => {
      const result = renderSection(section('# T\n\n![One iteration](diagrams/event-loop.svg)'), context());
      assert.match(result.html, /<span class="diagram" role="figure" data-diagram="event-loop" aria-label="One iteration"><svg /);
      assert.match(result.html, /<span class="diagram-caption">One iteration<\/span>/);
      assert.doesNotMatch(result.html, /<img/);
      assert.deepEqual(result.missingDiagrams, []);
    });

    it('uses the Chinese labels in a Chinese guide', () => {
      const html = renderSection(section('# T\n\n![图](diagrams/event-loop.svg)'), context('zh-cn')).html;
      assert.match(html, />就绪队列</);
      assert.doesNotMatch(html, />Ready queue</);
    });

    it('shows the alt text for a diagram that does not exist, and never loads other images', () => {
      const result = renderSection(section('# T\n\n![Lost](diagrams/lost.svg) ![Remote](https://example.com/x.png)'), context());
      assert.deepEqual(result.missingDiagrams.sort(), ['diagrams/lost.svg', 'https://example.com/x.png']);
      assert.match(result.html, /<span class="missing-diagram" title="Diagram not found">Lost<\/span>/);
      assert.doesNotMatch(result.html, /example\.com/);
    });
  });

  it('adds the title as a heading when the Markdown has none', () => {
    assert.match(renderSection({ ...section('Body only.'), title: 'Given title' }, context()).html, /^<h1>Given title<\/h1>/);
  });

  it('extracts plain text for search without Markdown syntax or comments', () => {
    const text = plainText('# The `gather` call\n\n<!-- note -->\nRuns **many** [tasks](#tasks/x).\n\n```python\nawait asyncio.gather(a(), b())\n```\n');
    assert.equal(text.title, 'The gather call');
    assert.equal(text.prose, 'Runs many tasks.');
    assert.equal(text.code.trim(), 'await asyncio.gather(a(), b())');
    assert.equal(plainTitle('ASYNC251 — `time.sleep` in *async*'), 'ASYNC251 — time.sleep in async');
  });

  it('highlights Chinese identifiers, numbers and decorators', () => {
    const html = highlightPython('@app.get("/")\nasync def 异步任务():\n    await asyncio.sleep(1.5)\n');
    assert.match(html, /<span class="tok-decorator">@app\.get<\/span>/);
    assert.match(html, /<span class="tok-definition">异步任务<\/span>/);
    assert.match(html, /<span class="tok-number">1\.5<\/span>/);
    assert.equal(highlightPython('x = 1').replace(/<[^>]+>/g, ''), 'x = 1');
  });
});
