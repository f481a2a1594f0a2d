import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GuideLibrary } from '../../src/guide/library';
import { contentSecurityPolicy, renderPage, type PageData } from '../../src/guide/page';
import { allGuideStrings, translate, viewStrings } from '../../src/guide/strings';
import type { GuideLanguage } from '../../src/guide/types';
import { REPO_ROOT } from '../support/engine';
import { DIAGRAM_DIR, FIXTURE_GUIDE_DIR } from '../support/guideFixture';

const library = new GuideLibrary(FIXTURE_GUIDE_DIR, DIAGRAM_DIR);
const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function page(language: GuideLanguage, initialSection = 'rules/ASYNC251'): string {
  const loaded = library.get(language);
  return renderPage({
    guide: loaded.guide,
    rendered: loaded.rendered,
    cspSource: CSP_SOURCE,
    nonce: 'TESTNONCE',
    scriptUri: `${CSP_SOURCE}/media/guide-view/guide.js`,
    styleUri: `${CSP_SOURCE}/media/guide-view/guide.css`,
    initialSection,
    languageSetting: language,
    followCursor: true,
    strings: viewStrings(language),
  });
}

function pageData(html: string): PageData {
  const json = /<script type="application\/json" id="guide-data" nonce="TESTNONCE">(.*?)<\/script>/s.exec(html)?.[1];
  assert.ok(json, 'page data block');
  return JSON.parse(json) as PageData;
}

describe('guide page', () => {
  it('declares the strict Content-Security-Policy', () => {
    assert.equal(
      contentSecurityPolicy(CSP_SOURCE, 'n0nce'),
      `default-src 'none'; img-src ${CSP_SOURCE} data:; style-src ${CSP_SOURCE}; script-src 'nonce-n0nce'; font-src ${CSP_SOURCE}`,
    );
    assert.match(page('en'), /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net data:;/);
  });

  it('needs nothing the policy forbids: no inline style or handler, scripts only with the nonce, no remote URL', () => {
    const html = page('en');
    assert.doesNotMatch(html, /\sstyle=|<style|\son[a-z]+=/i);
    for (const script of html.match(/<script\b[^>]*>/g) ?? []) assert.match(script, /nonce="TESTNONCE"/);
    const urls = [...html.matchAll(/(?:src|href)="(https?:[^"]*)"/g)].map((match) => match[1]);
    assert.deepEqual(urls.filter((url) => !url.startsWith(CSP_SOURCE) && !url.startsWith('https://docs.python.org/')), []);
  });

  it('renders every section, the table of contents and the page data', () => {
    const html = page('en');
    const data = pageData(html);
    assert.equal(data.initialSection, 'rules/ASYNC251');
    assert.deepEqual(data.sections.map((section) => section.id), [...library.get('en').guide.sections.keys()]);
    for (const { id } of data.sections) {
      assert.match(html, new RegExp(`<section class="guide-section" data-section="${id}"`));
      assert.match(html, new RegExp(`<li role="treeitem" class="toc-section" data-section="${id}"`));
    }
    assert.match(html, /<span class="toc-label">Running coroutines together with <code>gather<\/code><\/span>/);
    assert.match(html, /class="pager-next" data-section="event-loop\/lifecycle"/);
  });

  it('keeps the page data inside its script element', () => {
    const loaded = library.get('en');
    const html = renderPage({
      ...{ guide: loaded.guide, rendered: loaded.rendered, cspSource: CSP_SOURCE, nonce: 'TESTNONCE', scriptUri: 's', styleUri: 'c' },
      initialSection: '</script><script>alert(1)</script>',
      languageSetting: 'auto',
      followCursor: false,
      strings: viewStrings('en'),
    });
    assert.equal(pageData(html).initialSection, '</script><script>alert(1)</script>');
    assert.equal((html.match(/<script/g) ?? []).length, 2);
  });

  it('speaks the guide language: html lang, UI strings, language switch, untranslated notice', () => {
    const html = page('zh-cn', 'tasks/english-only');
    assert.match(html, /<html lang="zh-CN">/);
    assert.match(html, /placeholder="搜索指南"/);
    assert.match(html, /<option value="zh-cn" selected>简体中文<\/option>/);
    assert.match(html, /<section class="guide-section" data-section="tasks\/english-only" lang="en" hidden>\n<p class="notice untranslated" lang="zh-CN">本节尚未翻译，暂以英文显示。<\/p>/);
    assert.equal(pageData(html).strings.noResults, '没有与“{0}”匹配的小节。');
  });

  it('has a Chinese translation for every guide string', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'l10n', 'zh-cn', 'guide.json'), 'utf8')) as Record<string, string>;
    const missing = allGuideStrings().filter((english) => !bundle[english]);
    assert.deepEqual(missing, []);
    const unused = Object.keys(bundle).filter((key) => !allGuideStrings().includes(key));
    assert.deepEqual(unused, []);
    for (const english of allGuideStrings()) {
      const placeholders = (text: string) => (text.match(/\{\d+\}/g) ?? []).sort();
      assert.deepEqual(placeholders(bundle[english]), placeholders(english), `placeholders of "${english}"`);
    }
    assert.equal(translate('zh-cn', 'Inserted into {0}.', 'app.py'), '已插入到 app.py。');
    assert.equal(translate('en', 'Inserted into {0}.', 'app.py'), 'Inserted into app.py.');
  });

  it('ships the page script and style it links to', () => {
    for (const file of ['guide.js', 'guide.css']) assert.ok(fs.existsSync(path.join(REPO_ROOT, 'media', 'guide-view', file)), file);
  });
});
