// The file protocol between tests running in the extension host and the code-server test host
// (test/host/), which drives the browser showing the workbench. A test writes a request to
// `<bridge>/requests/<id>.json`; the host answers in `<bridge>/responses/<id>.json`.
// Keep the names in step with test/host/bridge.mjs.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WAIT_CEILING_MS } from './patience';

export const BRIDGE_ENV = 'PYTHON_ASYNC_GUIDE_TEST_BRIDGE';

export const BRIDGE_FILES = {
  options: 'options.json',
  started: 'started',
  report: 'report.log',
  results: 'results.json',
  requests: 'requests',
  responses: 'responses',
} as const;

/**
 * Where an element is: a CSS selector, inside the iframes named by `frames` (outermost first).
 * Only visible elements count.
 */
export interface Target {
  selector: string;
  frames?: string[];
}

export type HostRequest =
  | { kind: 'screenshot'; name: string }
  | (Target & { kind: 'query'; waitFor?: 'visible' | 'hidden'; timeoutMs?: number })
  | (Target & { kind: 'mouse'; action: 'hover' | 'click' })
  | { kind: 'keyboard'; type?: string; press?: string[] };

export interface QueryResult {
  count: number;
  /** Visible text of the first matches. */
  texts: string[];
}

export interface ScreenshotResult {
  path: string;
}

/** The bridge folder when the suite runs in the code-server test host; undefined elsewhere (test-electron). */
export function bridgeDir(): string | undefined {
  return process.env[BRIDGE_ENV] || undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function hostRequest<T>(request: HostRequest, timeoutMs = WAIT_CEILING_MS): Promise<T> {
  const dir = bridgeDir();
  if (!dir) throw new Error('The workbench can only be driven in the code-server test host (npm run test:integration).');
  const id = `${Date.now()}-${randomUUID()}`;
  const requestFile = path.join(dir, BRIDGE_FILES.requests, `${id}.json`);
  fs.mkdirSync(path.dirname(requestFile), { recursive: true });
  fs.writeFileSync(`${requestFile}.tmp`, JSON.stringify(request));
  fs.renameSync(`${requestFile}.tmp`, requestFile);

  const responseFile = path.join(dir, BRIDGE_FILES.responses, `${id}.json`);
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(responseFile)) {
    if (Date.now() > deadline) throw new Error(`The test host did not answer ${JSON.stringify(request)} within ${timeoutMs} ms.`);
    await sleep(50);
  }
  const response = JSON.parse(fs.readFileSync(responseFile, 'utf8')) as { result?: T; error?: string };
  fs.rmSync(responseFile, { force: true });
  if (response.error !== undefined) throw new Error(`Test host: ${response.error}`);
  return response.result as T;
}
