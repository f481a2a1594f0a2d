import * as vscode from 'vscode';
import type { Finding, Range, Severity } from '../analysis/types';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'python-async-guide';

export function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The link behind a diagnostic's code: opens the guide at the code's section. */
export function guideLink(section: string): vscode.Uri {
  return vscode.Uri.parse(`command:pythonAsyncGuide.openGuide?${encodeURIComponent(JSON.stringify([section]))}`);
}

export function toDiagnostic(finding: Finding, document: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVsRange(finding.range), finding.message, SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.code, target: guideLink(finding.guideSection) };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map(
      (related) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(related.file ? vscode.Uri.file(related.file) : document, toVsRange(related.range)),
          related.message,
        ),
    );
  }
  return diagnostic;
}
