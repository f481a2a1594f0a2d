import * as assert from 'node:assert/strict';
import { compareCodes, GuideContentError, listRuleCodes, loadGuide, parseToc, ruleTitle } from '../../src/guide/content';
import { sectionsInOrder } from '../../src/guide/types';
import { FIXTURE_GUIDE_DIR } from '../support/guideFixture';

describe('guide content loading', () => {
  it('loads chapters and sections in toc order, titles in the chosen language', () => {
    const english = loadGuide(FIXTURE_GUIDE_DIR, 'en');
    assert.deepEqual(
      english.chapters.map((chapter) => chapter.title),
      ['The event loop', 'Tasks', 'Rule reference'],
    );
    assert.deepEqual(english.chapters[1].sections.map((section) => section.title), ['Running coroutines together with `gather`', 'Only in English']);
    const chinese = loadGuide(FIXTURE_GUIDE_DIR, 'zh-cn');
    assert.deepEqual(
      chinese.chapters.map((chapter) => chapter.title),
      ['事件循环', '任务', '规则参考'],
    );
    assert.match(chinese.sections.get('event-loop/mechanism')?.markdown ?? '', /^# 事件循环如何运转/);
  });

  it('keeps each section\'s apis and chapter', () => {
    const guide = loadGuide(FIXTURE_GUIDE_DIR, 'en');
    const gather = guide.sections.get('tasks/gather');
    assert.equal(gather?.chapterId, 'tasks');
    assert.deepEqual(gather?.apis, ['asyncio.gather', 'asyncio.TaskGroup', 'asyncio.Lock']);
  });

  it('falls back to the other language when a translation is missing, and says so', () => {
    const chinese = loadGuide(FIXTURE_GUIDE_DIR, 'zh-cn');
    const englishOnly = chinese.sections.get('tasks/english-only');
    assert.equal(englishOnly?.textLanguage, 'en');
    assert.equal(englishOnly?.title, '只有英文');
    assert.equal(chinese.sections.get('tasks/gather')?.textLanguage, 'zh-cn');
    const english = loadGuide(FIXTURE_GUIDE_DIR, 'en');
    assert.equal(english.sections.get('rules/ASYNC110')?.textLanguage, 'zh-cn');
  });

  it('appends the rule reference as a last chapter, ordered by code, titled from each file\'s first line', () => {
    const guide = loadGuide(FIXTURE_GUIDE_DIR, 'en');
    const rules = guide.chapters[guide.chapters.length - 1];
    assert.equal(rules.id, 'rules');
    assert.deepEqual(rules.sections.map((section) => section.id), ['rules/AIO100', 'rules/ASYNC110', 'rules/ASYNC251']);
    assert.equal(guide.sections.get('rules/ASYNC251')?.title, 'ASYNC251 — `time.sleep` in an async function');
    assert.equal(loadGuide(FIXTURE_GUIDE_DIR, 'zh-cn').sections.get('rules/ASYNC110')?.title, 'ASYNC110 — 忙等轮询');
    assert.deepEqual(listRuleCodes(FIXTURE_GUIDE_DIR), ['AIO100', 'ASYNC110', 'ASYNC251']);
    assert.equal(sectionsInOrder(guide).at(-1)?.id, 'rules/ASYNC251');
  });

  it('orders codes by prefix, then by number', () => {
    assert.deepEqual(['ASYNC251', 'AIO110', 'ASYNC100', 'AIO99', 'AIO100'].sort(compareCodes), ['AIO99', 'AIO100', 'AIO110', 'ASYNC100', 'ASYNC251']);
  });

  it('reads a rule title with any dash or a colon, and falls back to the code', () => {
    assert.equal(ruleTitle('ASYNC251', '# ASYNC251 — Sleep\n'), 'ASYNC251 — Sleep');
    assert.equal(ruleTitle('ASYNC251', '# ASYNC251 - Sleep\n'), 'ASYNC251 — Sleep');
    assert.equal(ruleTitle('ASYNC251', '# ASYNC251: Sleep\n'), 'ASYNC251 — Sleep');
    assert.equal(ruleTitle('ASYNC251', '# Something else\n'), 'ASYNC251');
    assert.equal(ruleTitle('ASYNC251', '# ASYNC210 — other\n'), 'ASYNC251');
  });

  it('rejects a malformed toc.json with a message naming the problem', () => {
    assert.throws(() => parseToc({}), GuideContentError);
    assert.throws(() => parseToc({ chapters: [{ id: 'a', sections: [{ id: 'b/c', title: { en: 'x' } }] }] }), /section #1 of a/);
    assert.throws(() => parseToc({ chapters: [{ id: 'a', sections: [{ id: 'a/../../etc', title: { en: 'x' } }] }] }), /needs an id/);
    assert.throws(
      () => parseToc({ chapters: [{ id: 'a', sections: [{ id: 'a/b', title: { en: 'x' } }, { id: 'a/b', title: { en: 'y' } }] }] }),
      /duplicate section a\/b/,
    );
    assert.throws(() => parseToc({ chapters: [{ id: 'a', sections: [{ id: 'a/b', apis: [1] }] }] }), /apis of a\/b/);
  });

  it('fills a missing Chinese title with the English one', () => {
    const toc = parseToc({ chapters: [{ id: 'a', title: { en: 'A' }, sections: [{ id: 'a/b', title: { en: 'B' }, apis: [] }] }] });
    assert.deepEqual(toc.chapters[0].title, { en: 'A', 'zh-cn': 'A' });
    assert.deepEqual(toc.chapters[0].sections[0].title, { en: 'B', 'zh-cn': 'B' });
  });

  it('loads an empty guide from a folder without content', () => {
    const guide = loadGuide(FIXTURE_GUIDE_DIR + '-missing', 'en');
    assert.equal(guide.chapters.length, 0);
    assert.equal(guide.sections.size, 0);
  });
});
