// Entry of the integration suite inside a VS Code extension host. `run()` is the contract of
// @vscode/test-electron (`extensionTestsPath`); `runIntegrationSuite()` is what the code-server test
// host's runner extension calls (test/host/runner), with the report captured for the harness.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { TEST_TIMEOUT_MS } from './patience';

/** Mocha settings shared by every way of running the suite (keep .vscode-test.mjs in step). */
export const MOCHA_OPTIONS: Mocha.MochaOptions = { ui: 'bdd', timeout: TEST_TIMEOUT_MS, slow: 5_000 };

export interface SuiteOptions {
  /** Folder holding the `*.test.js` bundles; defaults to this file's folder. */
  testsDir?: string;
  /** Only tests whose full title matches this regular expression. */
  grep?: string;
  /** Receives the spec reporter's output line by line, as the tests run. */
  onReportLine?: (line: string) => void;
}

export interface SuiteFailure {
  title: string;
  error: string;
}

export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  failures: SuiteFailure[];
  /** The spec reporter's whole output. */
  report: string;
}

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => path.join(dir, name));
}

export async function runIntegrationSuite(options: SuiteOptions = {}): Promise<SuiteResult> {
  const mocha = new Mocha({ ...MOCHA_OPTIONS, color: false, reporter: 'spec' });
  if (options.grep) mocha.grep(new RegExp(options.grep));
  for (const file of testFiles(options.testsDir ?? __dirname)) mocha.addFile(file);

  // The spec reporter prints through Base.consoleLog: tee it into the report.
  const reportLines: string[] = [];
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const originalLog = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    const text = format(...args);
    for (const line of text.split('\n')) {
      reportLines.push(line);
      options.onReportLine?.(line);
    }
    originalLog(...args);
  };

  const failures: SuiteFailure[] = [];
  const started = Date.now();
  try {
    const stats = await new Promise<Mocha.Stats>((resolve) => {
      const runner = mocha.run(() => resolve(runner.stats ?? { passes: 0, failures: 0, pending: 0 } as Mocha.Stats));
      runner.on('fail', (test, error: Error) => failures.push({ title: test.fullTitle(), error: error?.stack ?? String(error) }));
    });
    return {
      passed: stats.passes,
      failed: Math.max(stats.failures, failures.length),
      pending: stats.pending,
      durationMs: Date.now() - started,
      failures,
      report: reportLines.join('\n'),
    };
  } finally {
    base.consoleLog = originalLog;
  }
}

/** @vscode/test-electron's entry: resolves when every test passed. */
export async function run(): Promise<void> {
  const result = await runIntegrationSuite();
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed.`);
  if (result.passed === 0) throw new Error('No integration test ran.');
}
