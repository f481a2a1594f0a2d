// Copies the README's pictures from the last integration run (test-results/screenshots/, taken in the
// real VS Code by the tests) into media/marketplace/screenshots/, under the names README.md links to.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const from = path.join(root, 'test-results', 'screenshots');
const to = path.join(root, 'media', 'marketplace', 'screenshots');

/** README name ← the test's screenshot name (see screenshot('…') in test/integration). */
const CHOSEN = {
  'hover.png': 'hover-on-squiggle.png',
  'quick-fix.png': 'walkthrough-quick-fix.png',
  'guide-en.png': 'guide-beside-code-en.png',
  'guide-zh-cn.png': 'guide-beside-code-zh-cn.png',
  'snippets.png': 'snippet-suggestion.png',
  'walkthrough.png': 'walkthrough-en.png',
};

const missing = Object.values(CHOSEN).filter((source) => !fs.existsSync(path.join(from, source)));
if (missing.length > 0) {
  console.error(`screenshots: not in ${path.relative(root, from)}: ${missing.join(', ')}. Run npm run test:integration first.`);
  process.exit(1);
}
fs.mkdirSync(to, { recursive: true });
for (const [target, source] of Object.entries(CHOSEN)) fs.copyFileSync(path.join(from, source), path.join(to, target));
console.log(`screenshots: ${Object.keys(CHOSEN).length} copied into ${path.relative(root, to)}`);
