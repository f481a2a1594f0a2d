// The two VSIX files the test host installs: the extension exactly as shipped (`npm run package`),
// and a small runner extension that carries the integration suite and runs it (never shipped).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

/** dist-test/host/ when bundled, test/host/ in the sources: two levels below the root either way. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const VSCE = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
  }
}

interface Manifest {
  name: string;
  publisher: string;
  license: string;
  engines: { vscode: string };
}

function productManifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
}

/** Packages the extension into `dir` with the project's release script; returns the VSIX path. */
export function packageExtension(dir: string): string {
  const vsix = path.join(dir, `${productManifest().name}.vsix`);
  // The last --out wins: each run gets its own file, even when several runs overlap.
  run('npm', ['run', '--silent', 'package', '--', '--out', vsix], REPO_ROOT);
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

export interface RunnerPackage {
  vsix: string;
  tests: string[];
}

/**
 * Packages the runner extension in `stagingDir`: the runner with mocha bundled in (a VSIX has no
 * node_modules), and the suite's test bundles from dist-test/integration (`node esbuild.js --tests`).
 */
export async function packageRunner(stagingDir: string): Promise<RunnerPackage> {
  const product = productManifest();
  const testsDir = path.join(REPO_ROOT, 'dist-test', 'integration');
  const tests = fs.existsSync(testsDir) ? fs.readdirSync(testsDir).filter((name) => name.endsWith('.test.js')) : [];
  if (tests.length === 0) throw new Error(`no integration tests in ${testsDir}: run node esbuild.js --tests first`);

  fs.rmSync(stagingDir, { recursive: true, force: true });
  const distDir = path.join(stagingDir, 'dist');
  await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, 'test', 'host', 'runner', 'extension.ts')],
    outfile: path.join(distDir, 'runner.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'error',
  });
  fs.mkdirSync(path.join(distDir, 'integration'));
  for (const name of fs.readdirSync(testsDir).filter((file) => /\.test\.js(\.map)?$/.test(file))) {
    fs.copyFileSync(path.join(testsDir, name), path.join(distDir, 'integration', name));
  }
  const manifest = {
    name: `${product.name}-test-runner`,
    displayName: 'Python Async Guide integration test runner',
    description: 'Runs the integration suite inside the extension host. For tests only, never published.',
    version: '0.0.0',
    publisher: product.publisher,
    private: true,
    license: product.license,
    engines: { vscode: product.engines.vscode },
    activationEvents: ['onStartupFinished'],
    main: './dist/runner.js',
  };
  fs.writeFileSync(path.join(stagingDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  fs.writeFileSync(path.join(stagingDir, 'README.md'), `# ${manifest.displayName}\n\n${manifest.description}\n`);
  const vsix = path.join(path.dirname(stagingDir), 'runner.vsix');
  run(process.execPath, [VSCE, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsix], stagingDir);
  return { vsix, tests };
}
