import { DiagnosticSeverity, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { normalizeLocale } from '../analysis/l10n';
import type { Finding, Severity, TextEdit } from '../analysis/types';
import { SITE_URL, sitePagePath } from '../site/urls';
import { DIAGNOSTIC_SOURCE } from '../shared/protocol';
import type { DocumentRelatedLocation } from './documents';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The VS Code command link behind a diagnostic's code: opens the guide at the code's section. */
export function guideLink(section: string): string {
  return `command:pythonAsyncGuide.openGuide?${encodeURIComponent(JSON.stringify([section]))}`;
}

/** Where a diagnostic's code links to, given its guide section. */
export type CodeLink = (section: string) => string;

/**
 * The extension's guide (a command link) when the client is the VS Code extension; for any other
 * editor, the section's page on the web site in the findings' language (`language` setting, else the host's).
 */
export function codeLink(toGuide: boolean, language: string | undefined, hostLocale: string | undefined): CodeLink {
  if (toGuide) return guideLink;
  const guideLanguage = normalizeLocale(language && language !== 'auto' ? language : hostLocale);
  return (section) => SITE_URL + sitePagePath(section, guideLanguage);
}

export function toDiagnostic(finding: Finding, documentUri: string, link: CodeLink): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    message: finding.message,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.code,
  };
  diagnostic.codeDescription = { href: link(finding.guideSection) };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: { uri: (related as DocumentRelatedLocation).uri ?? (related.file ? URI.file(related.file).toString() : documentUri), range: related.range },
      message: related.message,
    }));
  }
  return diagnostic;
}

/** Edits as LSP edits (only range and text: a notebook edit's `uri` stays behind). */
export function toLspEdits(edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((edit) => ({ range: edit.range, newText: edit.newText }));
}
