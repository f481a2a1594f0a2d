// Renders README.md and README.zh-CN.md with markdown-it (the renderer the guide uses) and saves a
// full-page Chromium screenshot of each in test-results/readme/, to review the listing before
// publishing. Images that point at the repository on GitHub are shown from the local files.
const fs = require('node:fs');
const path = require('node:path');
const MarkdownIt = require('markdown-it');
const { chromium } = require('playwright-core');

const root = path.join(__dirname, '..');
const { repository } = require('../package.json');
const raw = `${repository.url.replace('https://github.com/', 'https://raw.githubusercontent.com/')}/main/`;
const out = path.join(root, 'test-results', 'readme');
const CSS = `body { max-width: 880px; margin: 24px auto; padding: 0 24px; font: 15px/1.6 -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', sans-serif; color: #1f2328; }
code, pre { font-family: 'Liberation Mono', monospace; font-size: 13px; background: #f6f8fa; border-radius: 4px; }
code { padding: 1px 4px; } pre { padding: 12px; overflow: auto; } pre code { padding: 0; }
img { max-width: 100%; border: 1px solid #d0d7de; } table { border-collapse: collapse; } th, td { border: 1px solid #d0d7de; padding: 4px 8px; }
h1, h2 { border-bottom: 1px solid #d8dee4; padding-bottom: 4px; } a { color: #0969da; }`;

async function main() {
  const chromiumPath = process.env.PYTHON_ASYNC_GUIDE_CHROMIUM || '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath: chromiumPath });
  fs.mkdirSync(out, { recursive: true });
  try {
    for (const [file, lang] of [['README.md', 'en'], ['README.zh-CN.md', 'zh-CN']]) {
      // Relative to test-results/readme/, where the page is written (markdown-it refuses file: links).
      const markdown = fs.readFileSync(path.join(root, file), 'utf8').split(raw).join('../../');
      const html = `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><style>${CSS}</style></head><body>${new MarkdownIt({ html: true }).render(markdown)}</body></html>`;
      const htmlFile = path.join(out, `${path.basename(file, '.md')}.html`);
      fs.writeFileSync(htmlFile, html);
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      await page.goto(`file://${htmlFile}`, { waitUntil: 'load' });
      const shot = path.join(out, `${path.basename(file, '.md')}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      await page.close();
      console.log(`readme-preview: ${path.relative(root, shot)}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(`readme-preview: ${error.message}`);
  process.exit(1);
});
