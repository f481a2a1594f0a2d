import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listCodes } from '../../src/analysis/index';
import { buildSite, listSiteFiles } from '../../src/site/build';
import { ruleUrl, SITE_URL, sitePagePath } from '../../src/site/urls';
import { REPO_ROOT } from '../support/engine';

const DOCS = path.join(REPO_ROOT, 'docs');
const REGENERATE = 'docs/ is generated from media/guide (and src/site): run `npm run docs` and commit docs/ with your change.';

describe('rule pages: the static site in docs/', () => {
  const site = buildSite(REPO_ROOT);

  it('docs/ is up to date with the guide', () => {
    const stale = [...site].filter(([file, content]) => {
      const target = path.join(DOCS, file);
      return !fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== content;
    });
    assert.deepEqual(stale.map(([file]) => file), [], `${REGENERATE} Out of date or missing:`);
    const extra = listSiteFiles(DOCS).filter((file) => !site.has(file));
    assert.deepEqual(extra, [], `${REGENERATE} Left over:`);
  });

  it('every code has a page in both languages at the URL the CLI prints', () => {
    for (const { code } of listCodes()) {
      for (const language of ['en', 'zh-cn'] as const) {
        const page = sitePagePath(`rules/${code}`, language);
        assert.ok(site.has(page), `${page} missing`);
        assert.equal(ruleUrl(code, language), SITE_URL + page);
        assert.match(site.get(page) ?? '', new RegExp(`<h1>${code}\\b`));
      }
    }
    assert.equal(SITE_URL, 'https://python-async-guide.github.io/python-async-guide/');
  });

  it('pages link to pages that exist, work without scripts and inline the diagrams', () => {
    for (const [file, content] of site) {
      if (!file.endsWith('.html')) continue;
      assert.doesNotMatch(content, /<script/i, file);
      assert.doesNotMatch(content, /href="#[a-z]/, `${file}: a webview anchor left`);
      for (const [, href] of content.matchAll(/href="([^"#]+?)"/g)) {
        if (/^https?:/.test(href)) continue;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), href));
        assert.ok(site.has(target) || site.has(`${target}index.html`), `${file} links to ${href}, which is not generated`);
      }
    }
    const withDiagram = [...site].find(([file, content]) => file.startsWith('event-loop/') && content.includes('class="diagram-svg"'));
    assert.ok(withDiagram, 'the event-loop chapter shows its diagram');
  });
});
