import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contributes, repository } from '../../package.json';
import { REPO_ROOT } from '../support/engine';

const RAW = `${repository.url.replace('https://github.com/', 'https://raw.githubusercontent.com/')}/main/`;
const BLOB = `${repository.url}/blob/main/`;

describe('README (the Marketplace listing) and README.zh-CN', () => {
  for (const file of ['README.md', 'README.zh-CN.md']) {
    const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');

    it(`${file}: images are absolute https URLs of files in the repository (vsce requires https)`, () => {
      const images = [...text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1]);
      assert.ok(images.length >= 4, 'the listing shows pictures');
      for (const image of images) {
        assert.ok(image.startsWith(RAW), `${image} is not under ${RAW}`);
        assert.ok(fs.existsSync(path.join(REPO_ROOT, image.slice(RAW.length))), `${image}: no such file; run npm run screenshots`);
      }
    });

    it(`${file}: links to repository files point at files that exist, and the other language is linked at the top`, () => {
      for (const [, target] of text.matchAll(/\]\((https:\/\/github\.com\/[^)#]+)/g)) {
        if (!target.startsWith(BLOB)) continue;
        assert.ok(fs.existsSync(path.join(REPO_ROOT, target.slice(BLOB.length))), target);
      }
      const other = file === 'README.md' ? 'README.zh-CN.md' : 'README.md';
      assert.ok(text.split('\n').slice(0, 4).some((line) => line.includes(`${BLOB}${other}`)), `${other} linked from the top`);
    });
  }

  it('both settings tables list every setting of package.json, with its default', () => {
    const properties = Object.entries(contributes.configuration.properties as Record<string, { default: unknown }>);
    for (const file of ['README.md', 'README.zh-CN.md']) {
      const rows = new Map(
        [...fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').matchAll(/^\| `(pythonAsyncGuide\.[\w.]+)` \| `([^`]*)` \|/gm)].map((match) => [match[1], match[2]]),
      );
      for (const [name, spec] of properties) {
        const shown = typeof spec.default === 'string' ? spec.default : JSON.stringify(spec.default);
        assert.equal(rows.get(name), shown, `${file}: ${name} (default ${shown})`);
      }
      assert.deepEqual([...rows.keys()].filter((name) => !properties.some(([known]) => known === name)), [], `${file}: settings that do not exist`);
    }
  });

  it('README.zh-CN names every snippet prefix', () => {
    const chinese = fs.readFileSync(path.join(REPO_ROOT, 'README.zh-CN.md'), 'utf8');
    const prefixes = fs
      .readdirSync(path.join(REPO_ROOT, 'snippets', 'source'))
      .map((file) => /^prefix:\s*(\S+)/m.exec(fs.readFileSync(path.join(REPO_ROOT, 'snippets', 'source', file), 'utf8'))?.[1]);
    assert.deepEqual(prefixes.filter((prefix) => !chinese.includes(`\`${prefix}\``)), []);
  });
});
