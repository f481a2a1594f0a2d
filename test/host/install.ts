// Installs (or reuses) a real VS Code for the integration tests: code-server, which embeds the VS Code
// server, extension host and web workbench, on the Node version it needs, both from the npm registry.
// Everything goes to a cache outside the repository (PYTHON_ASYNC_GUIDE_TEST_HOST_CACHE, default
// ~/.cache/python-async-guide-test-host); a finished install is marked and then reused as it is.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
const READY_MARKER = '.ready';

export interface VsCodeInstall {
  /** The Node that runs code-server. */
  node: string;
  /** code-server's entry script. */
  entry: string;
  /** The version of VS Code inside code-server. */
  vscodeVersion: string;
}

export function cacheRoot(): string {
  return process.env.PYTHON_ASYNC_GUIDE_TEST_HOST_CACHE || path.join(os.homedir(), '.cache', 'python-async-guide-test-host');
}

function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
  }
  return String(result.stdout);
}

/** Fills `target` through `fill(partialDir)` unless it is complete already; a failed attempt leaves nothing behind. */
function installOnce(target: string, label: string, fill: (dir: string) => void): string {
  if (fs.existsSync(path.join(target, READY_MARKER))) return target;
  const started = Date.now();
  console.log(`test host: installing ${label} into ${target} …`);
  const partial = `${target}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    fill(partial);
    fs.writeFileSync(path.join(partial, READY_MARKER), new Date().toISOString() + '\n');
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  console.log(`test host: ${label} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return target;
}

/** The official Node binary, as published on npm by the `node-<platform>-<arch>` packages. */
function ensureNode(root: string): string {
  const packageSpec = `node-${process.platform}-${process.arch}@${NODE_VERSION}`;
  return installOnce(path.join(root, `node-${NODE_VERSION}`), packageSpec, (dir) => {
    const tarball = run('npm', ['pack', packageSpec, '--silent', '--pack-destination', dir]).trim().split('\n').pop() ?? '';
    run('tar', ['-xzf', path.join(dir, tarball), '-C', dir, '--strip-components=1']);
    fs.rmSync(path.join(dir, tarball));
    const version = run(path.join(dir, 'bin', 'node'), ['--version']).trim();
    if (version !== `v${NODE_VERSION}`) throw new Error(`unexpected Node version ${version}`);
  });
}

/**
 * code-server from npm. Its postinstall (which npm 11 blocks for dependencies) installs the bundled
 * VS Code's own dependencies and compiles their native modules against Node's headers; that needs
 * a C++ toolchain, python3 and libkrb5-dev (see .ci/install-deps.sh).
 */
function ensureCodeServer(root: string, nodeDir: string): string {
  const env = { ...process.env, PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH}` };
  return installOnce(path.join(root, `code-server-${CODE_SERVER_VERSION}`), `code-server@${CODE_SERVER_VERSION}`, (dir) => {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true }) + '\n');
    run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, env });
    run('sh', ['./postinstall.sh'], {
      cwd: path.join(dir, 'node_modules', 'code-server'),
      env: {
        ...env,
        npm_config_user_agent: `npm/11 node/v${NODE_VERSION} ${process.platform} ${process.arch}`,
        npm_config_unsafe_perm: 'true',
        npm_config_dangerously_allow_all_scripts: 'true',
        npm_config_nodedir: nodeDir,
      },
    });
  });
}

export function ensureVsCode(): VsCodeInstall {
  const root = cacheRoot();
  fs.mkdirSync(root, { recursive: true });
  const nodeDir = ensureNode(root);
  const codeServer = path.join(ensureCodeServer(root, nodeDir), 'node_modules', 'code-server');
  const vscodeManifest = JSON.parse(fs.readFileSync(path.join(codeServer, 'lib', 'vscode', 'package.json'), 'utf8')) as { version: string };
  return {
    node: path.join(nodeDir, 'bin', 'node'),
    entry: path.join(codeServer, 'out', 'node', 'entry.js'),
    vscodeVersion: vscodeManifest.version,
  };
}
