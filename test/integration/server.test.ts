import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { WAIT_CEILING_MS } from './patience';
import { activateExtension, closeAllEditors, inTestHost, openFixture, queryWorkbench, sleep, waitForCodes } from './util';

/** At most `ms` for one probe: a request sent while the server restarts may never be answered. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms))]);
}

/** Polls an async probe until it gives a value (errors count as "not yet": the server may be restarting). */
async function eventually<T>(probe: () => Promise<T | undefined>, description: string, timeoutMs = WAIT_CEILING_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await within(probe(), 5_000).catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await sleep(100);
  }
}

describe('The language server', () => {
  afterEach(closeAllEditors);

  it('runs in a process of its own, and is restarted with a message when it dies: the diagnostics come back', async () => {
    const api = await activateExtension();
    const { document } = await openFixture('blocking.py');
    await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210']);
    const { pid } = await api.serverInfo();
    assert.ok(pid > 0 && pid !== process.pid, `the server runs outside the extension host (pid ${pid})`);

    // The restart message is a toast that hides itself after some seconds, sooner than a loaded host may look:
    // with the notification centre open, it arrives there and stays.
    if (inTestHost()) await vscode.commands.executeCommand('notifications.showList');
    try {
      process.kill(pid, 'SIGKILL');
      const restarted = await eventually(async () => {
        const info = await api.serverInfo();
        return info.pid !== pid ? info.pid : undefined;
      }, 'a new server process');
      assert.notEqual(restarted, pid);
      await waitForCodes(document.uri, ['ASYNC251', 'ASYNC210']);
      if (inTestHost()) {
        const messages = await eventually(async () => {
          const result = await queryWorkbench('.notifications-center .notification-list-item-message');
          return result.texts.some((text) => text.includes('language server stopped unexpectedly')) ? result.texts : undefined;
        }, 'the restart message');
        assert.ok(messages.length > 0);
      }
    } finally {
      if (inTestHost()) await vscode.commands.executeCommand('notifications.hideList');
    }
  });
});
