import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagramStore } from '../../src/guide/diagrams';
import { sanitizeSvg, svgTexts } from '../../src/guide/svg';
import { DIAGRAM_DIR } from '../support/guideFixture';

const store = DiagramStore.load(DIAGRAM_DIR);
const DRAWN = ['coroutine-lifecycle', 'event-loop', 'knowledge-map'];

/** Texts that are code (class d-code) stay as they are in every language. */
function translatableTexts(source: string): string[] {
  const codeTexts = new Set([...source.matchAll(/<text[^>]*class="[^"]*\bd-code\b[^"]*"[^>]*>([^<]*)<\/text>/g)].map((match) => match[1].trim()));
  return svgTexts(source).filter((text) => !codeTexts.has(text.replace(/&/g, '&amp;')) && !codeTexts.has(text));
}

describe('guide diagrams', () => {
  describe('sanitizeSvg', () => {
    const prefix = { idPrefix: 'd' };

    it('drops scripts, styles, foreign content, event handlers and external references', () => {
      const svg = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)" style="color:red">',
        '<script>alert(1)</script><style>rect{fill:red}</style>',
        '<foreignObject><div>html</div></foreignObject>',
        '<rect x="1" onclick="alert(2)" fill="url(https://evil.example/x)" class="d-node"/>',
        '<use href="https://evil.example/x.svg#a"/><use xlink:href="javascript:alert(3)"/>',
        '<a href="https://example.com"><text>link</text></a>',
        '</svg>',
      ].join('');
      const clean = sanitizeSvg(svg, prefix);
      assert.doesNotMatch(clean, /script|style|foreignObject|onload|onclick|evil|javascript|<a |link|<div/i);
      assert.match(clean, /<rect x="1" class="d-node"\/>/);
      assert.match(clean, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 10 10" role="img" focusable="false">/);
    });

    it('prefixes ids and every reference to them', () => {
      const clean = sanitizeSvg(
        '<svg aria-labelledby="t d"><title id="t">T</title><desc id="d">D</desc><defs><marker id="arrow"><path d="M0,0"/></marker></defs><line marker-end="url(#arrow)"/><use href="#arrow"/></svg>',
        { idPrefix: 'diagram-x' },
      );
      assert.match(clean, /aria-labelledby="diagram-x-t diagram-x-d"/);
      assert.match(clean, /<marker id="diagram-x-arrow">/);
      assert.match(clean, /marker-end="url\(#diagram-x-arrow\)"/);
      assert.match(clean, /<use href="#diagram-x-arrow"\/>/);
    });

    it('translates whole texts from the label table and re-escapes them', () => {
      const clean = sanitizeSvg('<svg><text x="1"> Tasks &amp; futures </text><text>untouched &lt;x&gt;</text></svg>', {
        idPrefix: 'd',
        labels: { 'Tasks & futures': 'Task <与> Future' },
      });
      assert.match(clean, /<text x="1"> Task &lt;与&gt; Future <\/text>/);
      assert.match(clean, /<text>untouched &lt;x&gt;<\/text>/);
    });

    it('refuses documents that are not a well-formed SVG', () => {
      assert.throws(() => sanitizeSvg('<html></html>', prefix), /not an SVG/);
      assert.throws(() => sanitizeSvg('<svg><g></svg>', prefix), /unbalanced/);
      assert.throws(() => sanitizeSvg('<svg><g>', prefix), /incomplete/);
      assert.throws(() => sanitizeSvg('<svg><!-- open', prefix), /unterminated/);
    });
  });

  describe('the drawn diagrams', () => {
    it('exist and survive sanitising unchanged in shape', () => {
      assert.deepEqual(store.names(), DRAWN);
      for (const name of DRAWN) {
        const source = fs.readFileSync(path.join(DIAGRAM_DIR, `${name}.svg`), 'utf8');
        const inlined = store.inline(name, 'en') ?? '';
        const count = (markup: string, tag: string) => (markup.match(new RegExp(`<${tag}[ >/]`, 'g')) ?? []).length;
        for (const tag of ['rect', 'line', 'text', 'path', 'marker']) assert.equal(count(inlined, tag), count(source, tag), `${name}: <${tag}> count`);
        assert.match(inlined, new RegExp(`aria-labelledby="diagram-${name}-title diagram-${name}-desc"`));
        assert.match(inlined, /class="diagram-svg"/);
      }
    });

    it('take their colours from theme classes, not from inline styles', () => {
      for (const name of DRAWN) {
        const source = fs.readFileSync(path.join(DIAGRAM_DIR, `${name}.svg`), 'utf8');
        assert.doesNotMatch(source, /style=|<style/, `${name} uses inline style (blocked by the webview's CSP)`);
        for (const element of source.match(/<(rect|line|circle|ellipse|path|text)\b[^>]*>/g) ?? []) {
          assert.match(element, /class="d-/, `${name}: ${element} has no theme class`);
        }
        const css = fs.readFileSync(path.join(DIAGRAM_DIR, '..', '..', 'guide-view', 'guide.css'), 'utf8');
        for (const cls of new Set([...source.matchAll(/class="([^"]+)"/g)].flatMap((match) => match[1].split(' ')))) {
          assert.ok(css.includes(`.${cls}`), `${name}: class ${cls} has no rule in guide.css`);
        }
      }
    });

    it('have a Chinese label for every text that is not code', () => {
      for (const name of DRAWN) {
        const source = fs.readFileSync(path.join(DIAGRAM_DIR, `${name}.svg`), 'utf8');
        const labels = store.labelsFor(name, 'zh-cn') ?? {};
        const missing = translatableTexts(source).filter((text) => !Object.hasOwn(labels, text));
        assert.deepEqual(missing, [], `${name}: texts without a zh-cn label`);
        const unused = Object.keys(labels).filter((key) => !svgTexts(source).includes(key));
        assert.deepEqual(unused, [], `${name}: labels for texts the diagram does not have`);
      }
    });

    it('inline in Chinese with the translated texts', () => {
      const chinese = store.inline('coroutine-lifecycle', 'zh-cn') ?? '';
      assert.match(chinese, />已创建</);
      assert.match(chinese, />已取消</);
      assert.match(chinese, />await coro</, 'code stays as written');
      assert.doesNotMatch(chinese, />Suspended</);
    });

    it('draw the full coroutine lifecycle, cancellation included', () => {
      const texts = svgTexts(fs.readFileSync(path.join(DIAGRAM_DIR, 'coroutine-lifecycle.svg'), 'utf8'));
      for (const state of ['Created', 'Running', 'Suspended', 'Done', 'Raised', 'Cancelled']) assert.ok(texts.includes(state), state);
    });
  });
});
