import * as vscode from 'vscode';
import { guideSectionOf } from '../analysis/guideSection';
import { t } from '../analysis/l10n';
import { DIAGNOSTIC_SOURCE } from '../shared/protocol';
import { MESSAGES } from './strings';

export const OPEN_GUIDE_COMMAND = 'pythonAsyncGuide.openGuide';

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === undefined ? undefined : String(code);
}

/**
 * "Explain CODE" on every diagnostic of ours: opens the guide's section for the code beside the
 * editor, keeping the focus in the editor. Never preferred, so it does not compete with real fixes.
 */
export class ExplainActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  provideCodeActions(_document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.contains(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const actions = new Map<string, vscode.CodeAction>();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const code = codeOf(diagnostic);
      if (!code) continue;
      const existing = actions.get(code);
      if (existing) {
        existing.diagnostics?.push(diagnostic);
        continue;
      }
      const title = t(MESSAGES.explain, code);
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = false;
      action.command = { command: OPEN_GUIDE_COMMAND, title, arguments: [guideSectionOf(code), { preserveFocus: true }] };
      actions.set(code, action);
    }
    return [...actions.values()];
  }
}

export function registerExplainAction(): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider({ language: 'python' }, new ExplainActionProvider(), ExplainActionProvider.metadata);
}
