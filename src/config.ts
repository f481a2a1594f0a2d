import * as vscode from 'vscode';
import { SETTINGS_SECTION, type Settings } from './settings';

/** The extension's settings for a document's folder (or the workspace). */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return {
    enable: config.get<boolean>('enable', true),
    severity: config.get<Settings['severity']>('severity', {}),
    extraBlockingCalls: config.get<string[]>('extraBlockingCalls', []),
    threadOffloadDecorators: config.get<string[]>('threadOffloadDecorators', []),
    exclude: config.get<string[]>('exclude', []),
    language: config.get<string>('language', 'auto'),
    timeBudgetMs: config.get<number>('timeBudgetMs'),
  };
}

/** The language the product speaks: the setting, or VS Code's display language. */
export function displayLanguage(settings: Settings = readSettings()): string {
  return settings.language && settings.language !== 'auto' ? settings.language : vscode.env.language;
}

export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_SECTION);
}
