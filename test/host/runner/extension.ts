// The test runner extension for the code-server test host (never shipped). Installed next to the
// real extension VSIX, it runs the integration suite once the workbench has started, and reports
// to the harness through files in the bridge folder named by PYTHON_ASYNC_GUIDE_TEST_BRIDGE.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { runIntegrationSuite, type SuiteResult } from '../../integration/index';
import { BRIDGE_ENV, BRIDGE_FILES } from '../../integration/bridge';

interface RunOptions {
  grep?: string;
}

function writeAtomically(file: string, text: string): void {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

async function runOnce(bridge: string, testsDir: string): Promise<void> {
  const optionsFile = path.join(bridge, BRIDGE_FILES.options);
  const options: RunOptions = fs.existsSync(optionsFile) ? JSON.parse(fs.readFileSync(optionsFile, 'utf8')) : {};
  const reportFile = path.join(bridge, BRIDGE_FILES.report);
  let result: SuiteResult;
  try {
    result = await runIntegrationSuite({
      testsDir,
      grep: options.grep,
      onReportLine: (line) => fs.appendFileSync(reportFile, line + '\n'),
    });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    result = { passed: 0, failed: 1, pending: 0, durationMs: 0, failures: [{ title: 'integration suite', error: message }], report: message };
  }
  writeAtomically(path.join(bridge, BRIDGE_FILES.results), JSON.stringify(result, null, 2));
}

export function activate(context: vscode.ExtensionContext): void {
  const bridge = process.env[BRIDGE_ENV];
  if (!bridge) return;
  // A reloaded window activates the runner again: the suite runs once per host.
  const startedMarker = path.join(bridge, BRIDGE_FILES.started);
  if (fs.existsSync(startedMarker)) return;
  fs.writeFileSync(startedMarker, new Date().toISOString() + '\n');
  void runOnce(bridge, path.join(context.extensionPath, 'dist', 'integration'));
}

export function deactivate(): void {}
