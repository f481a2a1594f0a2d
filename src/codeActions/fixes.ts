import * as vscode from 'vscode';
import type { Analyzer } from '../analysis/analyzer';
import { engineLinter, fixAll, selectPreferredFixes } from '../analysis/fixes/apply';
import { diffEdits } from '../analysis/fixes/diff';
import { t } from '../analysis/l10n';
import type { Finding, Fix, TextEdit } from '../analysis/types';
import { readSettings } from '../config';
import { DIAGNOSTIC_SOURCE, toVsRange } from '../diagnostics/convert';
import type { DocumentLinter } from '../diagnostics/linter';
import { settingsToOptions } from '../settings';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('pythonAsyncGuide');
export const FIX_ALL_COMMAND = 'pythonAsyncGuide.fixAll';

export interface FixAllSummary {
  applied: number;
  remaining: number;
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return code === undefined ? undefined : String(typeof code === 'object' ? code.value : code);
}

function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const textEdit of edits) edit.replace(uri, toVsRange(textEdit.range), textEdit.newText);
  return edit;
}

/**
 * Quick fixes for this extension's diagnostics (each finding's fixes, the preferred one marked),
 * and the fix-all source action behind `"editor.codeActionsOnSave": {"source.fixAll.pythonAsyncGuide": "explicit"}`.
 */
export class FixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  /** Version each document's findings were last brought up to date for (per document object: untitled URIs get reused). */
  private readonly lintedVersions = new WeakMap<vscode.TextDocument, number>();

  constructor(
    private readonly analyzer: Analyzer,
    private readonly linter: DocumentLinter,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only) {
      if (FIX_ALL_KIND.contains(context.only) || context.only.contains(FIX_ALL_KIND)) return this.fixAllAction(document);
      if (!context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    }
    return this.quickFixes(document, context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE));
  }

  /** The fixes of the findings behind the diagnostics, matched by code and range. */
  private quickFixes(document: vscode.TextDocument, diagnostics: vscode.Diagnostic[]): vscode.CodeAction[] {
    if (diagnostics.length === 0) return [];
    const findings = this.currentFindings(document);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of diagnostics) {
      const finding = findings.find((candidate) => candidate.code === codeOf(diagnostic) && toVsRange(candidate.range).isEqual(diagnostic.range));
      for (const fix of finding?.fixes ?? []) actions.push(this.quickFix(document, diagnostic, fix));
    }
    if (selectPreferredFixes(findings).fixes.length > 1) {
      const fixAllAction = new vscode.CodeAction(t('Fix all auto-fixable async issues in this file'), vscode.CodeActionKind.QuickFix);
      fixAllAction.command = { title: fixAllAction.title, command: FIX_ALL_COMMAND, arguments: [document.uri] };
      actions.push(fixAllAction);
    }
    return actions;
  }

  private quickFix(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, fix: Fix): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.edit = toWorkspaceEdit(document.uri, fix.edits);
    action.diagnostics = [diagnostic];
    action.isPreferred = fix.isPreferred ?? false;
    return action;
  }

  /**
   * Findings that describe the document as it is now. The linter publishes 150 ms after the last
   * keystroke; a fix computed for older text would land in the wrong place, so lint now if needed.
   */
  currentFindings(document: vscode.TextDocument): readonly Finding[] {
    if (this.lintedVersions.get(document) !== document.version) {
      this.linter.lintNow(document);
      this.lintedVersions.set(document, document.version);
    }
    return this.linter.findingsFor(document.uri);
  }

  private fixAllAction(document: vscode.TextDocument): vscode.CodeAction[] {
    const edits = this.computeFixAll(document)?.edits;
    if (!edits || edits.length === 0) return [];
    const action = new vscode.CodeAction(t('Fix all auto-fixable async issues'), FIX_ALL_KIND);
    action.edit = toWorkspaceEdit(document.uri, edits);
    return [action];
  }

  /**
   * Rounds of fix-all over the document's text, with the settings the linter uses for it; undefined
   * when the document is not linted (disabled, excluded, not Python) or nothing is fixable.
   */
  computeFixAll(document: vscode.TextDocument): { edits: TextEdit[]; summary: FixAllSummary } | undefined {
    const findings = this.currentFindings(document);
    if (selectPreferredFixes(findings).fixes.length === 0) return undefined;
    this.analyzer.configure(settingsToOptions(readSettings(document.uri), vscode.env.language));
    const text = document.getText();
    const result = fixAll(text, engineLinter(this.analyzer, { file: document.uri.scheme === 'file' ? document.uri.fsPath : undefined }));
    return { edits: diffEdits(text, result.text), summary: { applied: result.applied, remaining: result.remaining.length } };
  }
}

/** `pythonAsyncGuide.fixAll [uri]`: applies fix-all to a document (the active editor's by default). */
async function runFixAll(provider: FixProvider, uri?: vscode.Uri): Promise<FixAllSummary | undefined> {
  const document = uri ? vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri)) : vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== 'python') {
    void vscode.window.setStatusBarMessage(t('Open a Python file to fix its async issues.'), 5000);
    return undefined;
  }
  const fixed = provider.computeFixAll(document);
  if (!fixed || fixed.edits.length === 0) {
    void vscode.window.setStatusBarMessage(t('No auto-fixable async issues in this file.'), 5000);
    return { applied: 0, remaining: provider.currentFindings(document).length };
  }
  if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, fixed.edits)))) {
    void vscode.window.showWarningMessage(t('The fixes could not be applied: the file changed meanwhile.'));
    return undefined;
  }
  void vscode.window.setStatusBarMessage(t('Fixed {0} async issue(s); {1} left.', fixed.summary.applied, fixed.summary.remaining), 5000);
  return fixed.summary;
}

export function registerFixes(context: vscode.ExtensionContext, analyzer: Analyzer, linter: DocumentLinter): FixProvider {
  const provider = new FixProvider(analyzer, linter);
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider({ language: 'python' }, provider, FixProvider.metadata),
    vscode.commands.registerCommand(FIX_ALL_COMMAND, (uri?: vscode.Uri) => runFixAll(provider, uri instanceof vscode.Uri ? uri : undefined)),
  );
  return provider;
}
