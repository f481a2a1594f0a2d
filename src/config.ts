import * as vscode from 'vscode';
import { SETTINGS_SECTION, type Settings } from './settings';
import { validateSettings } from './shared/settingsValidation';

const warned = new Set<string>();

/** The extension's settings for a document's folder (or the workspace); bad values are dropped with a warning. */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const { settings, problems } = validateSettings({
    enable: config.get('enable'),
    severity: config.get('severity'),
    extraBlockingCalls: config.get('extraBlockingCalls'),
    threadOffloadDecorators: config.get('threadOffloadDecorators'),
    exclude: config.get('exclude'),
    language: config.get('language'),
    timeBudgetMs: config.get('timeBudgetMs'),
  });
  for (const problem of problems) {
    if (warned.has(problem)) continue;
    warned.add(problem);
    void vscode.window.showWarningMessage(problem);
  }
  return {
    enable: settings.enable ?? true,
    severity: settings.severity ?? {},
    extraBlockingCalls: settings.extraBlockingCalls ?? [],
    threadOffloadDecorators: settings.threadOffloadDecorators ?? [],
    exclude: settings.exclude ?? [],
    language: settings.language ?? 'auto',
    timeBudgetMs: settings.timeBudgetMs,
  };
}

/** The language the product speaks: the setting, or VS Code's display language. */
export function displayLanguage(settings: Settings = readSettings()): string {
  return settings.language && settings.language !== 'auto' ? settings.language : vscode.env.language;
}

export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_SECTION);
}
