import * as path from 'node:path';
import * as vscode from 'vscode';
import { DocumentSession, type Analyzer, type LintResult } from '../analysis/analyzer';
import { skipMessage } from '../analysis/skip';
import type { Finding } from '../analysis/types';
import { readSettings } from '../config';
import { settingsToOptions } from '../settings';
import { FileSystemWorkspace } from '../analysis/fileSystemWorkspace';
import { compilePathGlobs } from '../analysis/wildcard';
import { toDiagnostic } from './convert';

/** Delay after the last keystroke before re-linting; analysis of 1,000 lines takes a few ms. */
export const DEBOUNCE_MS = 150;
/** Re-lint of the other open files after an edit, which may change what their helpers do. */
const DEPENDENTS_DELAY_MS = 600;

/** The text documents a tab shows. */
function tabUris(tab: vscode.Tab): vscode.Uri[] {
  if (tab.input instanceof vscode.TabInputText) return [tab.input.uri];
  if (tab.input instanceof vscode.TabInputTextDiff) return [tab.input.original, tab.input.modified];
  return [];
}

function isPython(document: vscode.TextDocument): boolean {
  return document.languageId === 'python' && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled' || document.uri.scheme === 'vscode-notebook-cell');
}

/**
 * Keeps one diagnostic collection in step with the open Python documents: lint on open, on
 * change (debounced, latest text wins), on settings change; clear on close.
 */
export class DocumentLinter implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('python-async-guide');
  private readonly sessions = new Map<string, DocumentSession>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly findings = new Map<string, Finding[]>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly warned = new Set<string>();
  /** Documents still open in VS Code whose last tab was closed: not linted until shown again. */
  private readonly hidden = new Set<string>();

  /** Other modules as the editor sees them: open documents' text first, then the disk (AIO200). */
  private readonly workspaceFiles = new FileSystemWorkspace(
    () => (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
    (file) => vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.uri.fsPath === file)?.getText(),
  );

  constructor(
    private readonly analyzer: Analyzer,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.lintNow(document)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        this.schedule(event.document);
        this.scheduleDependents(event.document);
      }),
      vscode.workspace.onDidSaveTextDocument((document) => this.scheduleDependents(document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.hidden.delete(document.uri.toString());
        this.forget(document.uri.toString());
      }),
      vscode.window.tabGroups.onDidChangeTabs((event) => this.onTabsChanged(event)),
    );
    this.relintAll();
  }

  /** Findings last published for a document (code actions and the guide read them). */
  findingsFor(uri: vscode.Uri): readonly Finding[] {
    return this.findings.get(uri.toString()) ?? [];
  }

  relintAll(): void {
    for (const document of vscode.workspace.textDocuments) this.lintNow(document);
  }

  private schedule(document: vscode.TextDocument, delay = DEBOUNCE_MS): void {
    if (!isPython(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.lintNow(document);
      }, delay),
    );
  }

  /** A helper module changed: the other open Python files may call it (AIO200), so re-lint them soon. */
  private scheduleDependents(changed: vscode.TextDocument): void {
    if (!isPython(changed)) return;
    for (const document of vscode.workspace.textDocuments) {
      if (document !== changed && isPython(document) && !this.timers.has(document.uri.toString())) this.schedule(document, DEPENDENTS_DELAY_MS);
    }
  }

  lintNow(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!isPython(document) || document.isClosed || this.hidden.has(key)) return;
    const settings = readSettings(document.uri);
    if (!settings.enable || this.isExcluded(document, settings.exclude ?? [])) {
      this.clear(key);
      return;
    }
    this.analyzer.configure({ ...settingsToOptions(settings, vscode.env.language), workspace: this.workspaceFiles });
    let session = this.sessions.get(key);
    if (!session) {
      session = new DocumentSession(this.analyzer);
      this.sessions.set(key, session);
    }
    let result: LintResult;
    try {
      result = session.update(document.getText(), { file: document.uri.scheme === 'file' ? document.uri.fsPath : undefined });
    } catch (error) {
      this.log.error(`Analysis failed for ${document.uri.toString(true)}`, error as Error);
      session.dispose();
      this.sessions.delete(key);
      return;
    }
    for (const error of result.ruleErrors) this.log.error(`Rule error in ${document.uri.toString(true)}`, error);
    if (result.skipped) this.reportSkip(document, result);
    this.findings.set(key, result.findings);
    this.collection.set(document.uri, result.findings.map((finding) => toDiagnostic(finding, document.uri)));
  }

  private reportSkip(document: vscode.TextDocument, result: LintResult): void {
    const key = document.uri.toString();
    if (!result.skipped || this.warned.has(key)) return;
    this.warned.add(key);
    const message = skipMessage(result.skipped, path.basename(document.uri.path), result.budgetMs);
    this.log.info(message);
    // Binary and huge files are not meant to be linted; a file that ran out of time or stack was, so say it aloud.
    if (result.skipped === 'time-budget' || result.skipped === 'too-deep') void vscode.window.showWarningMessage(message);
    else void vscode.window.setStatusBarMessage(message, 8000);
  }

  private isExcluded(document: vscode.TextDocument, exclude: string[]): boolean {
    if (exclude.length === 0 || document.uri.scheme !== 'file') return false;
    const relative = vscode.workspace.asRelativePath(document.uri, false);
    return compilePathGlobs(exclude)(relative);
  }

  private clear(key: string): void {
    this.findings.delete(key);
    this.collection.delete(vscode.Uri.parse(key));
  }

  /**
   * Closing the last tab of a document clears its findings at once: VS Code may keep the document
   * open, without onDidCloseTextDocument, long after. Showing it again lints it again.
   */
  private onTabsChanged(event: vscode.TabChangeEvent): void {
    const shown = new Set(vscode.window.tabGroups.all.flatMap((group) => group.tabs.flatMap(tabUris)).map(String));
    for (const key of event.closed.flatMap(tabUris).map(String)) {
      if (shown.has(key)) continue;
      this.forget(key);
      this.hidden.add(key);
    }
    for (const key of event.opened.flatMap(tabUris).map(String)) {
      if (!this.hidden.delete(key)) continue;
      const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === key);
      if (document) this.lintNow(document);
    }
  }

  private forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.sessions.get(key)?.dispose();
    this.sessions.delete(key);
    this.warned.delete(key);
    this.clear(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const session of this.sessions.values()) session.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
