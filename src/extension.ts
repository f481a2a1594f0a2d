import * as path from 'node:path';
import * as vscode from 'vscode';
import { createEngine } from './analysis/analyzer';
import { setLocale } from './analysis/l10n';
import { affectsSettings, displayLanguage } from './config';
import { DocumentLinter } from './diagnostics/linter';
import { registerFixes } from './codeActions/fixes';
import { registerGuide } from './guide';
import { registerWalkthrough } from './walkthrough';

export async function activate(context: vscode.ExtensionContext) {
  const log = vscode.window.createOutputChannel('Python Async Guide', { log: true });
  context.subscriptions.push(log);
  setLocale(displayLanguage());

  const analyzer = await createEngine({}, path.join(context.extensionPath, 'dist'));
  const linter = new DocumentLinter(analyzer, log);
  context.subscriptions.push(linter);
  registerFixes(context, analyzer, linter);
  context.subscriptions.push(...(await registerGuide(context, log)));
  context.subscriptions.push(...registerWalkthrough(context, () => displayLanguage()));

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsSettings(event)) return;
      setLocale(displayLanguage());
      linter.relintAll();
    }),
  );
  return { linter };
}

export function deactivate() {}
