// Starts and stops code-server (the real VS Code server) with fresh user data and extensions folders.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { VsCodeInstall } from './install';

/** User settings for a quiet, repeatable workbench (no welcome page, AI panels, updates or telemetry). */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'git.enabled': false,
};

export interface Profile {
  userDataDir: string;
  extensionsDir: string;
  /** XDG_CONFIG_HOME and XDG_DATA_HOME, where code-server keeps its own state. */
  xdgDir: string;
  configFile: string;
}

export function prepareProfile(runDir: string): Profile {
  const profile: Profile = {
    userDataDir: path.join(runDir, 'user-data'),
    extensionsDir: path.join(runDir, 'extensions'),
    xdgDir: path.join(runDir, 'xdg'),
    configFile: path.join(runDir, 'code-server.yaml'),
  };
  fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(profile.extensionsDir, { recursive: true });
  fs.mkdirSync(profile.xdgDir, { recursive: true });
  fs.writeFileSync(path.join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2) + '\n');
  fs.writeFileSync(profile.configFile, 'auth: none\n');
  return profile;
}

function commonArgs(profile: Profile): string[] {
  return ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--config', profile.configFile];
}

function serverEnv(profile: Profile, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CONFIG_HOME: profile.xdgDir, XDG_DATA_HOME: profile.xdgDir, ...extra };
}

export function installExtensions(vscode: VsCodeInstall, profile: Profile, vsixFiles: string[]): void {
  const args = [vscode.entry, ...commonArgs(profile), ...vsixFiles.flatMap((file) => ['--install-extension', file]), '--force'];
  const result = spawnSync(vscode.node, args, { encoding: 'utf8', timeout: 300_000, env: serverEnv(profile) });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || /failed|error/i.test(output)) {
    throw new Error(`installing ${vsixFiles.map((file) => path.basename(file)).join(', ')} failed:\n${output}`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class CodeServer {
  private exitedFlag = false;

  /** Starts code-server in a process group of its own, so that its helpers can be ended with it. */
  static async start(vscode: VsCodeInstall, profile: Profile, options: { env: Record<string, string>; logFile: string }): Promise<CodeServer> {
    const port = await freePort();
    const log = fs.openSync(options.logFile, 'a');
    const args = [
      vscode.entry,
      ...commonArgs(profile),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      // A safety net should the harness be killed before it can stop the server: with no browser
      // connected any more, the server ends itself a few minutes later.
      '--idle-timeout-seconds', '300',
    ];
    const child = spawn(vscode.node, args, { detached: true, stdio: ['ignore', log, log], env: serverEnv(profile, options.env) });
    fs.closeSync(log);
    const server = new CodeServer(child, port, options.logFile);
    await server.waitUntilReady();
    return server;
  }

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
  ) {
    child.once('exit', () => (this.exitedFlag = true));
  }

  get exited(): boolean {
    return this.exitedFlag;
  }

  url(folder: string): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(folder)}`;
  }

  private async waitUntilReady(timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`code-server exited while starting; see ${this.logFile}`);
      const ok = await fetch(`http://127.0.0.1:${this.port}/healthz`).then((response) => response.ok, () => false);
      if (ok) return;
      await sleep(200);
    }
    throw new Error(`code-server did not answer within ${timeoutMs / 1000} s; see ${this.logFile}`);
  }

  private signalGroup(signal: NodeJS.Signals | 0): boolean {
    try {
      process.kill(-(this.child.pid as number), signal);
      return true;
    } catch {
      return false; // the group is gone
    }
  }

  /** Ends the whole process group: the server, its extension host, file watcher and other helpers. */
  async stop(): Promise<void> {
    if (!this.signalGroup('SIGTERM')) return;
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      await sleep(100);
      if (!this.signalGroup(0)) return;
    }
    this.signalGroup('SIGKILL');
  }

  /** Synchronous last resort, for the process exit handler. */
  killNow(): void {
    this.signalGroup('SIGKILL');
  }
}
