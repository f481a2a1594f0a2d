// Runs the integration suite (test/integration) in a real VS Code: code-server 4.139.1 (VS Code
// 1.139.1) serving the workbench to headless Chromium. Packages the extension as shipped plus a
// runner extension, starts a fresh server, opens the fixture workspace, answers the suite's
// screenshot and workbench requests, prints mocha's report, and exits non-zero on any failure,
// crash or timeout. Nothing it started outlives it.
//
//   npm run test:integration [-- --grep REGEXP] [-- --timeout SECONDS]
//   node dist-test/host/run.js --install-only     (warms the VS Code cache)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BRIDGE_ENV, BRIDGE_FILES } from '../integration/bridge';
import { isExpectedExtensionError } from '../integration/expectedErrors';
import type { SuiteResult } from '../integration/index';
import { CODE_SERVER_VERSION, ensureVsCode } from './install';
import { packageExtension, packageRunner, REPO_ROOT } from './package';
import { CodeServer, installExtensions, prepareProfile } from './server';
import { WorkbenchBridge } from './workbenchBridge';

const { values: options } = parseArgs({
  options: {
    grep: { type: 'string' },
    // A ceiling against a hung host, not a speed goal: at load 25 the suite's tests alone took 18 minutes.
    timeout: { type: 'string', default: '3600' },
    'install-only': { type: 'boolean', default: false },
  },
});
const SUITE_TIMEOUT_MS = Number(options.timeout) * 1000;
const RUNNER_START_TIMEOUT_MS = 90_000;
const CHROMIUM = process.env.PYTHON_ASYNC_GUIDE_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
const SCREENSHOT_DIR = path.join(RESULTS_DIR, 'screenshots');
const LOG_DIR = path.join(RESULTS_DIR, 'host-logs');
const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test', 'integration', 'workspace');

const started = Date.now();
const elapsed = (since = started) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function step<T>(label: string, action: () => T | Promise<T>): Promise<T> {
  const since = Date.now();
  const result = await action();
  console.log(`test host: ${label} (${elapsed(since)})`);
  return result;
}

/** What has to be undone however the run ends. */
const resources: { browser?: Browser; server?: CodeServer; runDir?: string } = {};
let cleaning: Promise<void> | undefined;

/** Closes the browser, stops the server and removes the run folder; once, however often it is called. */
function cleanUp(): Promise<void> {
  const attempt = async (what: string, action: () => unknown) => {
    try {
      await action();
    } catch (error) {
      console.error(`test host: could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  cleaning ??= (async () => {
    await attempt('close the browser', () => resources.browser?.close());
    await attempt('stop code-server', () => resources.server?.stop());
    resources.server = undefined;
    const runDir = resources.runDir;
    if (runDir) {
      await attempt('save the logs', () => saveLogs(runDir));
      await attempt(`remove ${runDir}`, () => fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 5 }));
    }
  })();
  return cleaning;
}

/** Keeps the server and VS Code logs of the last run in test-results/host-logs/. */
function saveLogs(runDir: string): void {
  fs.rmSync(LOG_DIR, { recursive: true, force: true });
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const serverLog = path.join(runDir, 'server.log');
  if (fs.existsSync(serverLog)) fs.copyFileSync(serverLog, path.join(LOG_DIR, 'server.log'));
  const vscodeLogs = path.join(runDir, 'user-data', 'logs');
  if (fs.existsSync(vscodeLogs)) fs.cpSync(vscodeLogs, path.join(LOG_DIR, 'vscode'), { recursive: true });
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\ntest host: ${signal}, stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}
process.once('exit', () => resources.server?.killNow());

const EXTENSION_ID = 'python-async-guide.python-async-guide';

/**
 * Errors of the extension during the run: `[error]` lines of its own output channel, and those of
 * the extension host's log that name it (a failed activation, an uncaught exception).
 */
function extensionErrors(runDir: string): string[] {
  const logs = path.join(runDir, 'user-data', 'logs');
  if (!fs.existsSync(logs)) return [];
  const errors: string[] = [];
  for (const name of fs.readdirSync(logs, { recursive: true, encoding: 'utf8' })) {
    const ownChannel = name.includes(EXTENSION_ID) && name.endsWith('.log');
    const hostLog = path.basename(name) === 'remoteexthost.log';
    if (!ownChannel && !hostLog) continue;
    const lines = fs.readFileSync(path.join(logs, name), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (isExpectedExtensionError(lines, index)) return;
      if (line.includes('[error]') && (ownChannel || line.includes(EXTENSION_ID))) errors.push(`${name}: ${line}`);
    });
  }
  return errors;
}

/** Prints the report file's new lines as the suite writes them. */
class ReportTail {
  private offset = 0;

  constructor(private readonly file: string) {}

  flush(): void {
    if (!fs.existsSync(this.file)) return;
    const text = fs.readFileSync(this.file, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    if (end > this.offset) process.stdout.write(text.slice(this.offset, end));
    this.offset = Math.max(this.offset, end);
  }
}

async function waitForResults(bridge: WorkbenchBridge, server: CodeServer, page: Page, bridgeDir: string): Promise<SuiteResult> {
  const resultsFile = path.join(bridgeDir, BRIDGE_FILES.results);
  const tail = new ReportTail(path.join(bridgeDir, BRIDGE_FILES.report));
  let pageCrashed = false;
  page.on('crash', () => (pageCrashed = true));
  const since = Date.now();
  while (!fs.existsSync(resultsFile)) {
    await bridge.serve();
    tail.flush();
    if (server.exited) throw new Error('code-server exited during the run');
    if (pageCrashed) throw new Error('the workbench page crashed');
    if (!fs.existsSync(path.join(bridgeDir, BRIDGE_FILES.started)) && Date.now() - since > RUNNER_START_TIMEOUT_MS) {
      throw new Error(`the runner extension did not start within ${RUNNER_START_TIMEOUT_MS / 1000} s`);
    }
    if (Date.now() - since > SUITE_TIMEOUT_MS) throw new Error(`the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
    await sleep(100);
  }
  tail.flush();
  return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResult;
}

async function main(): Promise<boolean> {
  const vscode = await step('VS Code (code-server) ready', () => ensureVsCode());
  if (options['install-only']) return true;
  const runDir = (resources.runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'python-async-guide-host-')));
  const productVsix = await step('packaged the extension (npm run package)', () => packageExtension(runDir));
  const runner = await step('packaged the test runner extension', () => packageRunner(path.join(runDir, 'runner')));
  const profile = prepareProfile(runDir);
  await step('installed both VSIX files', () => installExtensions(vscode, profile, [productVsix, runner.vsix]));

  // A copy, so that the suite may change files and workspace settings without touching the repo.
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  const bridgeDir = path.join(runDir, 'bridge');
  fs.mkdirSync(bridgeDir);
  fs.writeFileSync(path.join(bridgeDir, BRIDGE_FILES.options), JSON.stringify({ grep: options.grep }));
  // A full run starts a fresh set of screenshots; a --grep run adds to (or replaces in) the last set.
  if (!options.grep) fs.rmSync(SCREENSHOT_DIR, { recursive: true, force: true });

  const server = (resources.server = await step('code-server started', () =>
    CodeServer.start(vscode, profile, { env: { [BRIDGE_ENV]: bridgeDir }, logFile: path.join(runDir, 'server.log') }),
  ));
  // Signals are this script's to handle: it closes the browser as part of its own clean-up.
  const browser = (resources.browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  }));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  const bridge = new WorkbenchBridge(bridgeDir, page, SCREENSHOT_DIR);
  await step('workbench open in Chromium', async () => {
    // Generous: on a busy 2-core machine the first load of the workbench can take minutes.
    await page.goto(server.url(workspace), { timeout: 300_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 180_000 });
  });

  console.log(`test host: running ${runner.tests.length} test file(s) in VS Code ${vscode.vscodeVersion} (code-server ${CODE_SERVER_VERSION})${options.grep ? ` (grep ${options.grep})` : ''}\n`);
  let results: SuiteResult;
  try {
    results = await waitForResults(bridge, server, page, bridgeDir);
  } finally {
    await bridge.takeScreenshot('final-workbench').catch(() => undefined);
  }

  const errors = extensionErrors(runDir);
  console.log('');
  for (const failure of results.failures) console.log(`FAILED: ${failure.title}\n${failure.error}\n`);
  if (errors.length > 0) console.log(`The extension logged errors during the run:\n${errors.join('\n')}\n`);
  console.log(`test host: screenshots in ${SCREENSHOT_DIR}:\n${bridge.screenshots.map((file) => `  ${path.basename(file)}`).join('\n')}`);
  console.log(`test host: finished in ${elapsed()}`);
  console.log(`integration: ${results.passed} passed, ${results.failed} failed, ${results.pending} skipped`);
  return results.failed === 0 && results.passed > 0 && errors.length === 0;
}

void (async () => {
  let ok = false;
  try {
    ok = await main();
  } catch (error) {
    if (!interrupted) {
      console.error(`test host: ${error instanceof Error ? error.message : String(error)}`);
      console.error(`test host: logs in ${LOG_DIR}`);
    }
  } finally {
    await cleanUp();
  }
  process.exit(interrupted ? 130 : ok ? 0 : 1);
})();
