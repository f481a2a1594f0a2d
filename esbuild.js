// Builds the extension, the CLI and the engine library into dist/, and the test bundles into dist-test/.
// Flags: --production (minified, for release), --watch, --tests, --bench, --fuzz, --conformance, --guide-outputs, --docs (the site generator).
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { buildSnippets } = require('./snippets/build');

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

const wasmFiles = [
  path.join(__dirname, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'),
  path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm', 'tree-sitter-python.wasm'),
];

function copyWasm(outdir) {
  fs.mkdirSync(outdir, { recursive: true });
  for (const file of wasmFiles) fs.copyFileSync(file, path.join(outdir, path.basename(file)));
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  loader: { '.md': 'text' },
  mainFields: ['module', 'main'],
  // The ESM build of web-tree-sitter needs import.meta.url, which a CommonJS bundle does not have.
  alias: { 'web-tree-sitter': path.join(__dirname, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.cjs') },
};

const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);

function listTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.test.ts') && (!only || f.includes(only)))
    .map((f) => path.join(dir, f));
}

/**
 * Translations are kept as one JSON file per area under l10n/<locale>/ (so that parallel work does
 * not collide in one file) and merged into VS Code's l10n/bundle.l10n.<locale>.json.
 */
function mergeTranslations() {
  for (const entry of fs.readdirSync('l10n', { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join('l10n', entry.name);
    const merged = {};
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const part = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      for (const [key, value] of Object.entries(part)) {
        if (key in merged && merged[key] !== value) throw new Error(`l10n: "${key}" translated differently in ${dir}/${file}`);
        merged[key] = value;
      }
    }
    const target = path.join('l10n', `bundle.l10n.${entry.name}.json`);
    const text = JSON.stringify(merged, null, 2) + '\n';
    if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) fs.writeFileSync(target, text);
  }
}

function buildOptions() {
  const builds = [
    { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
    { ...common, entryPoints: { server: 'src/server/nodeMain.ts' }, outdir: 'dist' },
    { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
    { ...common, entryPoints: { analysis: 'src/analysis/index.ts' }, outdir: 'dist' },
  ];
  if (args.has('--tests')) {
    // esbuild finds its own binary at run time: the bundle-shape test loads it from node_modules.
    builds.push({ ...common, entryPoints: listTests('test/unit'), outdir: 'dist-test/unit', outbase: 'test/unit', external: ['esbuild'], minify: false });
    const integration = listTests('test/integration');
    // The test host packs every bundle found there: a deleted test must not live on.
    if (!only) fs.rmSync('dist-test/integration', { recursive: true, force: true });
    // The code-server test host (npm run test:integration); node_modules stay outside the bundle.
    builds.push({ ...common, entryPoints: { run: 'test/host/run.ts' }, outdir: 'dist-test/host', packages: 'external', minify: false });
    if (integration.length > 0) {
      builds.push({
        ...common,
        entryPoints: [...integration, 'test/integration/index.ts'],
        outdir: 'dist-test/integration',
        outbase: 'test/integration',
        external: ['vscode', 'mocha'],
        minify: false,
      });
    }
  }
  if (args.has('--guide-outputs')) {
    builds.push({ ...common, entryPoints: ['test/support/recordGuideOutputs.ts', 'test/support/recordLoopTrace.ts'], outdir: 'dist-test/support', minify: false });
  }
  if (args.has('--docs')) {
    builds.push({ ...common, entryPoints: { docs: 'src/site/main.ts' }, outdir: 'dist-test/site', minify: false });
  }
  if (args.has('--conformance')) {
    builds.push({ ...common, entryPoints: ['test/conformance/conformance.ts', 'test/conformance/holdout.ts'], outdir: 'dist-test/conformance', minify: false });
  }
  if (args.has('--fuzz')) {
    builds.push({ ...common, entryPoints: ['test/fuzz/fuzz.ts'], outdir: 'dist-test/fuzz', minify: false });
  }
  if (args.has('--bench')) {
    builds.push({ ...common, entryPoints: ['test/bench/bench.ts', 'test/bench/pathological.ts', 'test/bench/workspaceBench.ts'], outdir: 'dist-test/bench', external: ['@astral-sh/ruff-wasm-nodejs'], minify: false });
  }
  return builds;
}

async function main() {
  mergeTranslations();
  buildSnippets(__dirname);
  copyWasm('dist');
  const builds = buildOptions();
  if (watch) {
    for (const options of builds) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    }
    console.log('esbuild: watching for changes');
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
