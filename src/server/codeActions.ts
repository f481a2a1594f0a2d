import type { CodeAction, CodeActionParams, Diagnostic, TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer } from '../analysis/analyzer';
import { engineLinter, fixAll, selectPreferredFixes } from '../analysis/fixes/apply';
import { diffEdits } from '../analysis/fixes/diff';
import { t } from '../analysis/l10n';
import type { Finding, Range, TextEdit } from '../analysis/types';
import { APPLY_FIX_ALL_COMMAND, DIAGNOSTIC_SOURCE, FIX_ALL_KIND, type FixAllSummary } from '../shared/protocol';
import type { DocumentEdit, LintedDocument } from './documents';
import { toLspEdits } from './convert';

const QUICK_FIX = 'quickfix';

/** Whether a requested kind (`only`) asks for `kind`: one is the other or a parent of it (`source` ⊃ `source.fixAll`). */
function asksFor(only: readonly string[] | undefined, kind: string): boolean {
  if (!only) return kind === QUICK_FIX;
  return only.some((requested) => requested === '' || kind === requested || kind.startsWith(`${requested}.`) || requested.startsWith(`${kind}.`));
}

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/**
 * Quick fixes for the server's diagnostics (each finding's fixes, the preferred one marked, and
 * "fix all" when there is more than one), and the `source.fixAll.pythonAsyncGuide` action.
 */
export function codeActions(params: CodeActionParams, linted: LintedDocument, fixAllEdits: () => TextEdit[] | undefined): CodeAction[] {
  const uri = params.textDocument.uri;
  const only = params.context.only;
  if (only && asksFor(only, FIX_ALL_KIND) && !asksFor(only, QUICK_FIX)) {
    const edits = fixAllEdits();
    if (!edits || edits.length === 0) return [];
    return [{ title: t('Fix all auto-fixable async issues'), kind: FIX_ALL_KIND, edit: { changes: { [uri]: toLspEdits(edits) } } }];
  }
  if (!asksFor(only, QUICK_FIX)) return [];
  const ours = params.context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
  if (ours.length === 0) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of ours) {
    const finding = linted.findings.find((candidate) => candidate.code === String(diagnostic.code) && sameRange(candidate.range, diagnostic.range));
    for (const fix of finding?.fixes ?? []) {
      actions.push({
        title: fix.title,
        kind: QUICK_FIX,
        diagnostics: [diagnostic as Diagnostic],
        isPreferred: fix.isPreferred ?? false,
        edit: { changes: byDocument(uri, fix.edits) },
      });
    }
  }
  if (selectPreferredFixes(linted.findings).fixes.length > 1) {
    const title = t('Fix all auto-fixable async issues in this file');
    actions.push({ title, kind: QUICK_FIX, command: { title, command: APPLY_FIX_ALL_COMMAND, arguments: [uri] } });
  }
  return actions;
}

/** A fix's edits by document: a notebook cell's fix may edit another cell (an import added to the first). */
function byDocument(uri: string, edits: readonly DocumentEdit[]): Record<string, LspTextEdit[]> {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) (changes[edit.uri ?? uri] ??= []).push(...toLspEdits([edit]));
  return changes;
}

/**
 * Rounds of fix-all over the document's text with the settings it was linted with (the engine
 * must be configured for the document first); undefined when nothing is fixable.
 */
export function computeFixAll(linted: LintedDocument, document: TextDocument, analyzer: Analyzer): { edits: TextEdit[]; summary: FixAllSummary } | undefined {
  if (selectPreferredFixes(linted.findings as Finding[]).fixes.length === 0) return undefined;
  const text = document.getText();
  const result = fixAll(text, engineLinter(analyzer, { file: linted.file }));
  return { edits: diffEdits(text, result.text), summary: { applied: result.applied, remaining: result.remaining.length, ...(result.syntaxErrors > 0 ? { syntaxErrors: true } : {}) } };
}
