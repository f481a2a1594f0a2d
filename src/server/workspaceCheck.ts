import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { Finding } from '../analysis/types';
import type { CheckWorkspaceResult, DocumentStatus } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import type { DocumentLinter } from './documents';
import type { ServerHost } from './host';
import { FolderWalk } from './workspaceFiles';

/** After an edit, the workspace check waits this long without editor work before it lints its next file. */
const QUIET_AFTER_EDIT_MS = 300;
/** Progress is reported at most this often. */
const PROGRESS_EVERY_MS = 250;

/**
 * Lets the open editor go first: the workspace check lints one file at a time and, between files,
 * waits while a request of the editor runs (diagnostics of the document being typed, code
 * actions…) and for a short quiet time after the last edit.
 */
export class ForegroundGate {
  private running = 0;
  private lastActivity = 0;

  /** Editor work starts; call the returned function when it ends. */
  begin(): () => void {
    this.running++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.running--;
      this.lastActivity = Date.now();
    };
  }

  /** The user typed. */
  touch(): void {
    this.lastActivity = Date.now();
  }

  /** Resolves when no editor work runs or just ran; always yields first, so that waiting messages are read. */
  async idle(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      const wait = this.running > 0 ? 20 : this.lastActivity + QUIET_AFTER_EDIT_MS - Date.now();
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

export interface WorkspaceCheckHost {
  host: ServerHost;
  linter(): DocumentLinter | undefined;
  /** Whether the editor shows the open document's own diagnostics for it (then the check publishes none). */
  ownsDiagnostics(uri: string): boolean;
  /** The text of the document if the server has it open. */
  openText(uri: string): string | undefined;
  /** Workspace folder URIs. */
  folders(): string[];
  settingsFor(uri: string): Promise<Settings>;
  /** The editor's `files.exclude` globs for a folder. */
  filesExclude(folderUri: string): Promise<string[]>;
  /** `language`: the setting the findings were computed with (none when clearing). */
  publish(uri: string, findings: Finding[], language?: string): void;
  linted(status: DocumentStatus, file: string, slowLintWarningMs: number | undefined): void;
  log: { info(message: string): void; warn(message: string): void };
}

interface Cancellation {
  isCancellationRequested: boolean;
}

interface CheckedFile {
  uri: string;
  /** Workspace modules its imports reach: a change to one re-checks it. */
  dependencies: Set<string>;
}

type FileOutcome = { linted: true; lines: number; findings: number } | { linted: false };

const countLines = (text: string) => {
  let lines = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
};

/**
 * The *Check Workspace* command's side in the server: lints every file of the workspace folders
 * that is not excluded, publishes the findings of files not open in an editor, and afterwards keeps
 * them current from file events (a changed file and the files importing it are linted again, a
 * deleted one loses its entries).
 */
export class WorkspaceChecker {
  readonly gate = new ForegroundGate();
  /** Closed files with published findings, by path. */
  private readonly checked = new Map<string, CheckedFile>();
  /** The folders of the last check; file events are followed only after a first check. */
  private walks: FolderWalk[] = [];
  private readonly queue = new Set<string>();
  private draining = false;
  private generation = 0;

  constructor(private readonly env: WorkspaceCheckHost) {}

  async check(token: Cancellation, progress: (done: number, total: number) => void): Promise<CheckWorkspaceResult> {
    const generation = ++this.generation;
    const started = Date.now();
    const stopped = () => token.isCancellationRequested || generation !== this.generation;
    const result: CheckWorkspaceResult = { files: 0, lines: 0, findings: 0, filesWithFindings: 0, notLinted: 0, total: 0, durationMs: 0, cancelled: false };

    const walks: FolderWalk[] = [];
    const files: Array<{ file: string; folderUri: string }> = [];
    for (const folderUri of this.env.folders()) {
      const folder = URI.parse(folderUri);
      if (folder.scheme !== 'file') continue;
      const settings = await this.env.settingsFor(folderUri);
      const walk = new FolderWalk(this.env.host, folder.fsPath, { filesExclude: await this.env.filesExclude(folderUri), exclude: settings.exclude ?? [] });
      walks.push(walk);
      for (const file of await walk.files(stopped)) files.push({ file, folderUri });
    }
    this.walks = walks;
    result.total = files.length;

    // Files of an earlier check that are excluded or gone now lose their entries.
    const listed = new Set(files.map(({ file }) => file));
    for (const [file, { uri }] of this.checked) {
      if (listed.has(file)) continue;
      this.checked.delete(file);
      this.env.publish(uri, []);
    }

    let reported = 0;
    for (const [done, { file, folderUri }] of files.entries()) {
      await this.gate.idle();
      if (stopped()) break;
      if (Date.now() - reported >= PROGRESS_EVERY_MS) {
        reported = Date.now();
        progress(done, files.length);
      }
      const outcome = await this.lintOne(file, folderUri);
      if (!outcome.linted) {
        result.notLinted++;
        continue;
      }
      result.files++;
      result.lines += outcome.lines;
      result.findings += outcome.findings;
      if (outcome.findings > 0) result.filesWithFindings++;
    }
    progress(result.files + result.notLinted, files.length);
    result.cancelled = stopped();
    result.durationMs = Date.now() - started;
    const seconds = Math.max(result.durationMs, 1) / 1000;
    this.env.log.info(
      `Workspace check ${result.cancelled ? 'cancelled' : 'done'}: ${result.files} of ${result.total} files (${result.lines} lines) in ${seconds.toFixed(1)} s, ` +
        `${Math.round(result.lines / seconds)} lines/s; ${result.findings} findings in ${result.filesWithFindings} files; ${result.notLinted} not linted (excluded, unreadable or skipped).`,
    );
    return result;
  }

  private async lintOne(file: string, folderUri: string): Promise<FileOutcome> {
    const linter = this.env.linter();
    if (!linter) return { linted: false };
    const uri = URI.file(file).toString();
    const openText = this.env.openText(uri);
    if (openText !== undefined && this.env.ownsDiagnostics(uri)) {
      this.forget(file, false);
      const open = await linter.current(uri);
      return open ? { linted: true, lines: countLines(openText), findings: open.findings.length } : { linted: false };
    }
    // Open without a tab, the document still has the editor's text.
    const text = openText ?? (await this.env.host.readFile(file));
    if (text === undefined) {
      this.forget(file, true);
      return { linted: false };
    }
    const settings = await this.env.settingsFor(folderUri);
    const linted = await linter.lintFile(uri, file, text, settings);
    this.env.linted(linted.status, file, settings.slowLintWarningMs);
    // Opened meanwhile: the open document's diagnostics are the ones to show.
    if (this.env.ownsDiagnostics(uri)) return { linted: false };
    this.env.publish(uri, linted.findings, settings.language);
    this.checked.set(file, { uri, dependencies: linted.dependencies });
    if (linted.status.state !== 'linted') return { linted: false };
    return { linted: true, lines: countLines(text), findings: linted.findings.length };
  }

  private forget(file: string, clear: boolean): void {
    const known = this.checked.get(file);
    if (!known) return;
    this.checked.delete(file);
    if (clear) this.env.publish(known.uri, []);
  }

  /** A document now owns its diagnostics (opened, or shown again): they replace the published ones (`clear` for clients that keep both). */
  opened(uri: string, clear: boolean): void {
    const file = URI.parse(uri);
    if (file.scheme === 'file') this.forget(file.fsPath, clear);
  }

  /** A document no longer owns its diagnostics (closed, or its tab closed): after a check, it is linted again. */
  closed(uri: string): void {
    const file = URI.parse(uri);
    if (file.scheme === 'file' && this.walks.length > 0) this.enqueue(file.fsPath);
  }

  /** A file or folder was created, changed or deleted on disk. */
  fileChanged(changed: string, deleted: boolean): void {
    if (this.walks.length === 0) return;
    if (path.basename(changed) === '.gitignore') {
      for (const walk of this.walks) walk.forgetGitignore(path.dirname(changed));
      return;
    }
    if (deleted) {
      for (const file of [...this.checked.keys()]) {
        if (file === changed || file.startsWith(changed + path.sep)) this.forget(file, true);
      }
    } else {
      this.enqueue(changed);
    }
    for (const [file, { dependencies }] of this.checked) if (dependencies.has(changed)) this.enqueue(file);
  }

  /** The settings or a project config changed: every file with published findings is linted again. */
  recheckAll(): void {
    for (const file of this.checked.keys()) this.enqueue(file);
  }

  /** The folder walk that includes `file` now, with the excludes of the last check, if any. */
  private async walkIncluding(file: string): Promise<FolderWalk | undefined> {
    for (const walk of this.walks) if (await walk.includes(file)) return walk;
    return undefined;
  }

  private enqueue(file: string): void {
    this.queue.add(file);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.size > 0) {
        await this.gate.idle();
        const file = this.queue.values().next().value as string;
        this.queue.delete(file);
        // Decided here, not when queued: a check started since may exclude it (files.exclude changed).
        const walk = await this.walkIncluding(file);
        if (!walk) {
          this.forget(file, true);
          continue;
        }
        await this.lintOne(file, URI.file(walk.root).toString()).catch((error: unknown) => this.env.log.warn(`Could not lint ${file}: ${String(error)}`));
      }
    } finally {
      this.draining = false;
    }
  }
}
