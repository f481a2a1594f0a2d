import * as vscode from 'vscode';
import { SETTINGS_SECTION } from './shared/settings';

/**
 * The language the extension's own UI speaks: `pythonAsyncGuide.language`, or VS Code's display
 * language for `auto`. (The settings that decide findings are resolved by the language server.)
 */
export function displayLanguage(): string {
  const language = configuredLanguage();
  return language && language !== 'auto' ? language : vscode.env.language;
}

export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_SECTION);
}

/** `pythonAsyncGuide.language` as set: `auto`, `en` or `zh-cn`. */
export function configuredLanguage(): string {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('language', 'auto');
}
