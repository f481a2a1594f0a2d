import * as assert from 'node:assert/strict';
import { MAX_QUERY_LENGTH, parseViewState, parseWebviewMessage } from '../../src/guide/messages';

describe('guide webview messages', () => {
  it('accepts each message the page sends, with exactly its fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', section: 'rules/ASYNC251' }), { type: 'ready', section: 'rules/ASYNC251' });
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'sectionChanged', section: 'event-loop/mechanism', extra: 1 }), { type: 'sectionChanged', section: 'event-loop/mechanism' });
    assert.deepEqual(parseWebviewMessage({ type: 'insertCode', section: 'rules/ASYNC251', block: 1 }), { type: 'insertCode', section: 'rules/ASYNC251', block: 1 });
    assert.deepEqual(parseWebviewMessage({ type: 'copyCode', section: 'tasks/gather', block: 0 }), { type: 'copyCode', section: 'tasks/gather', block: 0 });
    assert.deepEqual(parseWebviewMessage({ type: 'search', query: 'gather', requestId: 3 }), { type: 'search', query: 'gather', requestId: 3 });
    assert.deepEqual(parseWebviewMessage({ type: 'setLanguage', language: 'zh-cn' }), { type: 'setLanguage', language: 'zh-cn' });
    assert.deepEqual(parseWebviewMessage({ type: 'setLanguage', language: 'auto' }), { type: 'setLanguage', language: 'auto' });
    assert.deepEqual(parseWebviewMessage({ type: 'setFollowCursor', enabled: false }), { type: 'setFollowCursor', enabled: false });
    assert.deepEqual(parseWebviewMessage({ type: 'runCode', section: 'tasks/gather', block: 2 }), { type: 'runCode', section: 'tasks/gather', block: 2 });
    assert.deepEqual(parseWebviewMessage({ type: 'stopRun', code: 'import os' }), { type: 'stopRun' });
  });

  it('never takes code to run from the page: a run names a sample by section and block only', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'runCode', section: 'tasks/gather', block: 0, code: 'import os; os.remove("x")' }), { type: 'runCode', section: 'tasks/gather', block: 0 });
    assert.equal(parseWebviewMessage({ type: 'runCode', code: 'print(1)' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'runCode', section: 'tasks/gather', block: -1 }), undefined);
  });

  it('drops anything else', () => {
    const rejected: unknown[] = [
      undefined,
      null,
      'ready',
      [],
      {},
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'sectionChanged' },
      { type: 'sectionChanged', section: '../../../etc/passwd' },
      { type: 'sectionChanged', section: 'rules/ASYNC251/../x' },
      { type: 'sectionChanged', section: 42 },
      { type: 'insertCode', section: 'rules/ASYNC251', block: -1 },
      { type: 'insertCode', section: 'rules/ASYNC251', block: 1.5 },
      { type: 'insertCode', section: 'rules/ASYNC251', block: '1' },
      { type: 'insertCode', section: 'rules/ASYNC251', block: 100000 },
      { type: 'copyCode', block: 0 },
      { type: 'search', query: 'x'.repeat(MAX_QUERY_LENGTH + 1), requestId: 1 },
      { type: 'search', query: 'x', requestId: 'one' },
      { type: 'search', query: { toString: () => 'x' }, requestId: 1 },
      { type: 'setLanguage', language: 'fr' },
      { type: 'setFollowCursor', enabled: 'yes' },
      { type: '__proto__' },
    ];
    for (const message of rejected) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
  });

  it('ignores a malformed section in ready, keeping the message', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', section: '<script>' }), { type: 'ready' });
  });

  it('keeps only the valid parts of a saved view state', () => {
    assert.deepEqual(parseViewState({ section: 'tasks/gather', scrollTop: 120, query: 'gather', collapsed: ['rules', 'Bad Id', 3], sidebarHidden: true, other: 1 }), {
      section: 'tasks/gather',
      scrollTop: 120,
      query: 'gather',
      collapsed: ['rules'],
      sidebarHidden: true,
    });
    assert.deepEqual(parseViewState({ section: 'tasks/gather', scrollTop: -5, query: 7 }), { section: 'tasks/gather' });
    assert.equal(parseViewState({ section: 'nope' }), undefined);
    assert.equal(parseViewState(undefined), undefined);
  });
});
