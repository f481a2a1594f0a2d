// Renders media/marketplace/icon.svg into media/marketplace/icon.png (128×128), the Marketplace icon. `npm run package`
// runs it first, so the PNG is generated, never committed. resvg-wasm: no browser, no native code.
const fs = require('node:fs');
const path = require('node:path');
const { initWasm, Resvg } = require('@resvg/resvg-wasm');

async function main() {
  const root = path.join(__dirname, '..');
  await initWasm(fs.readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  const svg = fs.readFileSync(path.join(root, 'media', 'marketplace', 'icon.svg'), 'utf8');
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: 128 } }).render().asPng();
  fs.writeFileSync(path.join(root, 'media', 'marketplace', 'icon.png'), png);
}

main().catch((error) => {
  console.error(`icon: ${error.message}`);
  process.exit(1);
});
