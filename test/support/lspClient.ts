// A plain JSON-RPC client for the language server, as any editor would speak to it: spawns
// `dist/cli.js lsp --stdio` and exchanges Content-Length framed messages over its stdio.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { REPO_ROOT } from './engine';

export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  source: string;
  message: string;
  severity: number;
  relatedInformation?: Array<{ location: { uri: string }; message: string }>;
  codeDescription?: { href: string };
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: LspDiagnostic[];
}

/** Waits for `accept` to hold, checking on every event; rejects after `timeoutMs` with `what`. */
function waitUntil<T>(subscribe: (check: () => void) => void, probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const check = () => {
      if (done) return;
      const value = probe();
      if (value === undefined) return;
      done = true;
      clearTimeout(timer);
      resolve(value);
    };
    subscribe(check);
    check();
  });
}

export class StdioLanguageClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  /** The latest diagnostics pushed per URI. */
  readonly published = new Map<string, PublishedDiagnostics>();
  private readonly listeners = new Set<() => void>();
  stderr = '';
  exitCode: number | null | undefined;

  constructor(cwd: string, nodeArgs: string[] = []) {
    this.process = spawn(process.execPath, [...nodeArgs, CLI, 'lsp', '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.process.on('exit', (code) => {
      this.exitCode = code;
      this.notify();
    });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
      this.published.set(params.uri, params);
      this.notify();
    });
    // Requests a server may send: answer as a simple editor would.
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onRequest('workspace/applyEdit', () => ({ applied: true }));
    this.connection.listen();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  waitForDiagnostics(uri: string, accept: (diagnostics: LspDiagnostic[]) => boolean, what: string, timeoutMs = 60_000): Promise<LspDiagnostic[]> {
    return waitUntil(
      (check) => this.listeners.add(check),
      () => {
        const diagnostics = this.published.get(uri)?.diagnostics;
        return diagnostics && accept(diagnostics) ? diagnostics : undefined;
      },
      `${what} (now: ${JSON.stringify(this.published.get(uri)?.diagnostics.map((d) => d.code))})`,
      timeoutMs,
    );
  }

  waitForExit(timeoutMs = 60_000): Promise<number | null> {
    return waitUntil(
      (check) => this.listeners.add(check),
      () => (this.exitCode === undefined ? undefined : this.exitCode),
      'the server to exit',
      timeoutMs,
    );
  }

  request<R>(method: string, params?: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  notifyServer(method: string, params?: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  kill(): void {
    this.connection.dispose();
    if (this.exitCode === undefined) this.process.kill();
  }
}
