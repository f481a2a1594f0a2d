import * as assert from 'node:assert/strict';
import { loadGuide } from '../../src/guide/content';
import { buildSearchIndex, normalize, searchGuide } from '../../src/guide/search';
import { FIXTURE_GUIDE_DIR } from '../support/guideFixture';

const english = buildSearchIndex(loadGuide(FIXTURE_GUIDE_DIR, 'en'));
const chinese = buildSearchIndex(loadGuide(FIXTURE_GUIDE_DIR, 'zh-cn'));

function marked(result: { snippet: string; highlights: Array<[number, number]> }): string[] {
  return result.highlights.map(([start, end]) => result.snippet.slice(start, end));
}

describe('guide search', () => {
  it('indexes every section with its chapter and plain title', () => {
    assert.equal(english.sections.length, 7);
    const gather = english.sections.find((section) => section.id === 'tasks/gather');
    assert.equal(gather?.title, 'Running coroutines together with gather');
    assert.equal(gather?.chapter, 'Tasks');
    assert.match(gather?.code ?? '', /asyncio\.gather\(fetch/);
  });

  it('ranks title matches first, then sections that only mention the word', () => {
    assert.deepEqual(searchGuide(english, 'lifecycle').map((result) => result.id), ['event-loop/lifecycle', 'event-loop/mechanism']);
  });

  it('finds a rule by its code, case-insensitively', () => {
    const results = searchGuide(english, 'async251');
    assert.equal(results[0].id, 'rules/ASYNC251');
    assert.equal(results[0].chapter, 'Rule reference');
  });

  it('requires every word, in any order', () => {
    assert.deepEqual(searchGuide(english, 'callback loop').map((result) => result.id), ['event-loop/mechanism']);
    assert.deepEqual(searchGuide(english, 'callback gather'), []);
  });

  it('searches Chinese text without word boundaries, and folds full-width letters', () => {
    assert.equal(searchGuide(chinese, '回调')[0]?.id, 'event-loop/mechanism');
    assert.equal(searchGuide(chinese, '并发')[0]?.id, 'tasks/gather');
    assert.equal(searchGuide(chinese, 'ＧＡＴＨＥＲ')[0]?.id, 'tasks/gather');
    assert.equal(normalize('Ａｓｙｎｃ  IO'), 'async io');
  });

  it('returns a snippet around the first match with the matched words marked', () => {
    const [result] = searchGuide(english, 'collects results');
    assert.equal(result.id, 'tasks/gather');
    assert.deepEqual(marked(result), ['collects', 'results']);
    assert.match(result.snippet, /collects their results/);
  });

  it('falls back to the matching code line when only code matches', () => {
    const [result] = searchGuide(english, 'run_in_executor');
    assert.equal(result.id, 'event-loop/mechanism');
    assert.equal(result.snippet, 'await loop.run_in_executor(None, work)');
    assert.deepEqual(marked(result), ['run_in_executor']);
  });

  it('cuts long snippets with an ellipsis and keeps highlights aligned', () => {
    const index = buildSearchIndex({
      language: 'en',
      chapters: [{ id: 'c', title: 'C', sections: [] }],
      sections: new Map(),
    });
    assert.deepEqual(searchGuide(index, 'x'), []);
    const long = loadGuide(FIXTURE_GUIDE_DIR, 'en');
    const section = { ...long.sections.get('tasks/gather')!, markdown: `# Long\n\n${'word '.repeat(60)}needle ${'tail '.repeat(60)}` };
    const [result] = searchGuide(buildSearchIndex({ ...long, chapters: [{ id: 'tasks', title: 'Tasks', sections: [section] }] }), 'needle');
    assert.ok(result.snippet.startsWith('…') && result.snippet.endsWith('…'));
    assert.deepEqual(marked(result), ['needle']);
  });

  it('ignores empty queries and limits the number of results', () => {
    assert.deepEqual(searchGuide(english, '   '), []);
    assert.equal(searchGuide(english, 'a', 2).length, 2);
  });
});
