import * as path from 'node:path';
import picomatch from 'picomatch';
import * as vscode from 'vscode';
import { DocumentSession, type Analyzer, type LintResult } from '../analysis/analyzer';
import { t } from '../analysis/l10n';
import type { Finding } from '../analysis/types';
import { readSettings } from '../config';
import { settingsToOptions } from '../settings';
import { toDiagnostic } from './convert';

/** Delay after the last keystroke before re-linting; analysis of 1,000 lines takes a few ms. */
export const DEBOUNCE_MS = 150;

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

  constructor(
    private readonly analyzer: Analyzer,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.lintNow(document)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)),
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

  private schedule(document: vscode.TextDocument): void {
    if (!isPython(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.lintNow(document);
      }, DEBOUNCE_MS),
    );
  }

  lintNow(document: vscode.TextDocument): void {
    if (!isPython(document) || document.isClosed) return;
    const key = document.uri.toString();
    const settings = readSettings(document.uri);
    if (!settings.enable || this.isExcluded(document, settings.exclude ?? [])) {
      this.clear(key);
      return;
    }
    this.analyzer.configure(settingsToOptions(settings, vscode.env.language));
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
    if (result.skipped) this.reportSkip(document, result.skipped);
    this.findings.set(key, result.findings);
    this.collection.set(document.uri, result.findings.map((finding) => toDiagnostic(finding, document.uri)));
  }

  private reportSkip(document: vscode.TextDocument, reason: string): void {
    const key = document.uri.toString();
    if (this.warned.has(key)) return;
    this.warned.add(key);
    const name = path.basename(document.uri.path);
    const message = reason === 'binary' ? t('Python Async Guide skipped {0}: it looks like a binary file.', name) : t('Python Async Guide skipped {0}: the file is too large to lint as you type.', name);
    this.log.info(message);
    void vscode.window.setStatusBarMessage(message, 8000);
  }

  private isExcluded(document: vscode.TextDocument, exclude: string[]): boolean {
    if (exclude.length === 0 || document.uri.scheme !== 'file') return false;
    const relative = vscode.workspace.asRelativePath(document.uri, false);
    return picomatch(exclude, { dot: true })(relative);
  }

  private clear(key: string): void {
    this.findings.delete(key);
    this.collection.delete(vscode.Uri.parse(key));
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
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
