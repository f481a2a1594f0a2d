import * as vscode from 'vscode';
import { guideSectionOf } from '../analysis/guideSection';
import { t } from '../analysis/l10n';
import { DIAGNOSTIC_SOURCE } from '../shared/protocol';
import { OPEN_GUIDE_COMMAND } from './explainAction';
import { MESSAGES } from './strings';

/**
 * A one-click "Explain CODE" link under our diagnostics in the editor hover. The code link VS Code
 * draws itself runs commands from the Problems panel, but recent versions (1.139) no longer run a
 * `command:` target from the hover; a hover of our own, trusted for the one command, does.
 */
export class ExplainHoverProvider implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const diagnostics = vscode.languages
      .getDiagnostics(document.uri)
      .filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE && diagnostic.range.contains(position));
    const codes = [...new Set(diagnostics.map((diagnostic) => String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code)))];
    if (codes.length === 0) return undefined;
    const markdown = new vscode.MarkdownString('', true);
    markdown.isTrusted = { enabledCommands: [OPEN_GUIDE_COMMAND] };
    const links = codes.map((code) => {
      const args = encodeURIComponent(JSON.stringify([guideSectionOf(code), { preserveFocus: true }]));
      return `[$(book) ${t(MESSAGES.explain, code)}](command:${OPEN_GUIDE_COMMAND}?${args})`;
    });
    markdown.appendMarkdown(links.join(' · '));
    const range = diagnostics.map((diagnostic) => diagnostic.range).reduce((union, range) => union.union(range));
    return new vscode.Hover(markdown, range);
  }
}

export function registerExplainHover(): vscode.Disposable {
  return vscode.languages.registerHoverProvider({ language: 'python' }, new ExplainHoverProvider());
}
