import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODES } from '../../src/analysis/codes';
import { normalizeLocale, setLocale, t } from '../../src/analysis/l10n';
import { BLOCKING_STRINGS } from '../../src/analysis/rules/blockingCalls';
import { REPO_ROOT } from '../support/engine';

const CALL = /\bt\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/gs;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

function unescape(literal: string): string {
  return literal.replace(/\\(['"`\\])/g, '$1').replace(/\\n/g, '\n');
}

/** Strings whose words a reader sees; pure code like "`aiosqlite`" reads the same in every language. */
function hasWords(text: string): boolean {
  return /[A-Za-z]{2,}/.test(text.replace(/`[^`]*`/g, '').replace(/\{\d+\}/g, ''));
}

function readJson(file: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')) as Record<string, string>;
}

function mergedBundle(locale: string): Record<string, string> {
  const dir = path.join(REPO_ROOT, 'l10n', locale);
  return Object.assign({}, ...fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => readJson(path.join('l10n', locale, f))));
}

describe('translations', () => {
  const zh = mergedBundle('zh-cn');

  const englishStrings = new Set<string>([...BLOCKING_STRINGS, ...[...CODES.values()].map((info) => info.title)]);
  for (const file of sourceFiles(path.join(REPO_ROOT, 'src'))) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(CALL)) {
      if (match[1] === '`' && match[2].includes('${')) continue;
      englishStrings.add(unescape(match[2]));
    }
  }

  it('every user-visible string of the engine and the extension has a Chinese translation', () => {
    const missing = [...englishStrings].filter((text) => hasWords(text) && !(text in zh));
    assert.deepEqual(missing, []);
  });

  it('translations keep every placeholder of the English text', () => {
    for (const [english, chinese] of Object.entries(zh)) {
      const placeholders = (text: string) => (text.match(/\{\d+\}/g) ?? []).sort();
      assert.deepEqual(placeholders(chinese), placeholders(english), english);
    }
  });

  it('manifest strings exist in both package.nls files', () => {
    const en = readJson('package.nls.json');
    const zhManifest = readJson('package.nls.zh-cn.json');
    assert.deepEqual(Object.keys(zhManifest).sort(), Object.keys(en).sort());
    const manifest = fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8');
    const used = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.deepEqual(used.filter((key) => !(key in en)), []);
  });

  it('messages follow the chosen locale', () => {
    setLocale('zh-CN');
    assert.equal(t('{0} calls {1}', 'a', 'b'), 'a 调用了 b');
    setLocale('en');
    assert.equal(t('{0} calls {1}', 'a', 'b'), 'a calls b');
    assert.equal(normalizeLocale('zh_CN.UTF-8'), 'zh-cn');
    assert.equal(normalizeLocale('de'), 'en');
  });
});
