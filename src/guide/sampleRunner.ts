import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { t } from '../analysis/l10n';

/** A sample that runs longer than this is stopped: guide samples finish in a few seconds. */
export const SAMPLE_TIME_LIMIT_MS = 60_000;
const PYTHON_EXTENSION_ID = 'ms-python.python';

export type RunEnd =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null }
  | { kind: 'stopped' }
  | { kind: 'timedOut'; seconds: number }
  | { kind: 'failedToStart'; message: string };

export interface RunListener {
  started(python: string): void;
  output(text: string): void;
  finished(end: RunEnd): void;
}

/** The part of the Python extension's API this uses (ms-python.python `environments`). */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(environment: { path: string }): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
}

/**
 * Runs one guide sample at a time with the workspace's Python: the interpreter the Python extension
 * selected, or `python3`. The code comes from the guide content the extension holds, never from the
 * page. Output goes to the page and to an output channel; a run is stopped by Stop, by starting
 * another, by closing the guide, or by the time limit.
 */
export class SampleRunner implements vscode.Disposable {
  private current: Run | undefined;
  private disposed = false;

  constructor(private readonly channel: vscode.OutputChannel) {}

  get running(): boolean {
    return this.current !== undefined;
  }

  async run(code: string, label: string, listener: RunListener): Promise<void> {
    const python = await selectedPython();
    // After the await: of two quick clicks, the run that starts last stops the other.
    this.stop();
    if (this.disposed) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'python-async-guide-sample-'));
    const file = path.join(dir, 'sample.py');
    fs.writeFileSync(file, code);
    this.channel.appendLine(`$ ${python} ${label}`);
    let child: ChildProcess;
    try {
      child = spawn(python, [file], { cwd: dir, env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      listener.finished({ kind: 'failedToStart', message: (error as Error).message });
      return;
    }
    const run: Run = { child, dir };
    const timer = setTimeout(() => endRun(run, { kind: 'timedOut', seconds: SAMPLE_TIME_LIMIT_MS / 1000 }), SAMPLE_TIME_LIMIT_MS);
    this.current = run;
    listener.started(python);
    const forward = (chunk: Buffer) => {
      const text = chunk.toString('utf8').split(dir + path.sep).join('');
      this.channel.append(text);
      listener.output(text);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    child.on('error', (error) => {
      run.end ??= { kind: 'failedToStart', message: error.message };
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
      if (this.current === run) this.current = undefined;
      const end = run.end ?? { kind: 'exited', code, signal };
      this.channel.appendLine(describeEnd(end));
      listener.finished(end);
    });
  }

  stop(): void {
    if (this.current) endRun(this.current, { kind: 'stopped' });
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }
}

interface Run {
  child: ChildProcess;
  dir: string;
  end?: RunEnd;
}

/** Ends one run (its own timer ends only it): SIGTERM, then SIGKILL if it is still there 2 s later. */
function endRun(run: Run, end: RunEnd): void {
  run.end ??= end;
  run.child.kill('SIGTERM');
  setTimeout(() => run.child.exitCode === null && run.child.signalCode === null && run.child.kill('SIGKILL'), 2_000).unref();
}

function describeEnd(end: RunEnd): string {
  switch (end.kind) {
    case 'exited':
      return t('[exit {0}]', end.code ?? String(end.signal));
    case 'stopped':
      return t('[stopped]');
    case 'timedOut':
      return t('[stopped after {0} s]', end.seconds);
    case 'failedToStart':
      return t('[could not start: {0}]', end.message);
  }
}

/** The interpreter the Python extension selected for a trusted workspace, else the system's python3. */
export async function selectedPython(): Promise<string> {
  const fallback = process.platform === 'win32' ? 'python' : 'python3';
  // Restricted Mode: the workspace's interpreter (e.g. its .venv) is the workspace's code.
  if (!vscode.workspace.isTrusted) return fallback;
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (!extension) return fallback;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const environments = api?.environments;
    if (!environments) return fallback;
    const resolved = await environments.resolveEnvironment(environments.getActiveEnvironmentPath());
    return resolved?.executable?.uri?.fsPath ?? fallback;
  } catch {
    return fallback;
  }
}
