// The harness side of the file protocol in test/integration/bridge.ts: answers the suite's requests
// (screenshots, DOM queries, mouse and keyboard) on the browser page that shows the workbench.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { BRIDGE_FILES, type HostRequest, type QueryResult, type Target } from '../integration/bridge';

const MAX_TEXTS = 50;

/** The visible elements matching a target: what the user can see (VS Code keeps hidden widgets in the DOM). */
function locate(page: Page, { selector, frames = [] }: Target): Locator {
  let scope: Page | FrameLocator = page;
  for (const frame of frames) scope = scope.frameLocator(frame);
  return scope.locator(selector).filter({ visible: true });
}

export function screenshotFileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  if (!safe) throw new Error(`unusable screenshot name ${JSON.stringify(name)}`);
  return `${safe}.png`;
}

export class WorkbenchBridge {
  readonly screenshots: string[] = [];
  private readonly requestsDir: string;
  private readonly responsesDir: string;

  constructor(
    dir: string,
    private readonly page: Page,
    private readonly screenshotDir: string,
  ) {
    this.requestsDir = path.join(dir, BRIDGE_FILES.requests);
    this.responsesDir = path.join(dir, BRIDGE_FILES.responses);
    fs.mkdirSync(this.requestsDir, { recursive: true });
    fs.mkdirSync(this.responsesDir, { recursive: true });
  }

  async takeScreenshot(name: string): Promise<string> {
    const file = path.join(this.screenshotDir, screenshotFileName(name));
    fs.mkdirSync(this.screenshotDir, { recursive: true });
    await this.page.waitForTimeout(300); // let the workbench paint what the test just did
    await this.page.screenshot({ path: file });
    if (!this.screenshots.includes(file)) this.screenshots.push(file);
    return file;
  }

  /** Answers every pending request, oldest first. */
  async serve(): Promise<void> {
    const pending = fs.readdirSync(this.requestsDir).filter((name) => name.endsWith('.json')).sort();
    for (const name of pending) {
      const file = path.join(this.requestsDir, name);
      let response: { result?: unknown; error?: string };
      try {
        response = { result: await this.handle(JSON.parse(fs.readFileSync(file, 'utf8')) as HostRequest) };
      } catch (error) {
        // eslint-disable-next-line no-control-regex -- Playwright colours its call logs
        response = { error: (error instanceof Error ? error.message : String(error)).replace(/\u001b\[[0-9;]*m/g, '') };
      }
      fs.rmSync(file, { force: true });
      const answer = path.join(this.responsesDir, name);
      fs.writeFileSync(`${answer}.tmp`, JSON.stringify(response));
      fs.renameSync(`${answer}.tmp`, answer);
    }
  }

  private async handle(request: HostRequest): Promise<unknown> {
    switch (request.kind) {
      case 'screenshot':
        return { path: await this.takeScreenshot(request.name) };
      case 'query':
        return this.query(request, request.waitFor, request.timeoutMs);
      case 'mouse': {
        const element = locate(this.page, request).first();
        // Hover moves the pointer onto the element even where another layer (editor text over a
        // squiggle) receives the events, as it does for a user.
        await (request.action === 'click' ? element.click({ timeout: 60_000 }) : element.hover({ timeout: 60_000, force: true }));
        return {};
      }
      case 'keyboard':
        if (request.type) await this.page.keyboard.type(request.type, { delay: 25 });
        for (const key of request.press ?? []) await this.page.keyboard.press(key);
        return {};
      default:
        throw new Error(`unknown request ${JSON.stringify(request)}`);
    }
  }

  private async waitForCount(locator: Locator, state: 'visible' | 'hidden', timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const count = await locator.count();
      if (state === 'visible' ? count > 0 : count === 0) return;
      await this.page.waitForTimeout(100);
    }
  }

  private async query(target: Target, waitFor?: 'visible' | 'hidden', timeoutMs = 10_000): Promise<QueryResult> {
    const locator = locate(this.page, target);
    if (waitFor) await this.waitForCount(locator, waitFor, timeoutMs);
    const count = await locator.count();
    const texts: string[] = [];
    for (let i = 0; i < Math.min(count, MAX_TEXTS); i++) texts.push((await locator.nth(i).innerText({ timeout: 2_000 }).catch(() => '')).trim());
    return { count, texts };
  }
}
