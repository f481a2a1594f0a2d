import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { t } from '../analysis/l10n';
import { DOCUMENT_STATUS_NOTIFICATION, type DocumentStatus } from '../shared/protocol';
import { SHOW_LOGS_COMMAND } from './commands';

export const STATUS_ITEM_ID = 'pythonAsyncGuide.status';
export const SETTINGS_ITEM_ID = 'pythonAsyncGuide.settings';
const SETTINGS_QUERY = '@ext:python-async-guide.python-async-guide';

/** What the language status shows for a document: also returned to the tests through the extension's API. */
export interface StatusView {
  text: string;
  detail: string;
  severity: 'information' | 'warning';
  /** The settings item's detail: the project configuration files that apply. */
  configuration: string;
}

function skipDetail(reason: DocumentStatus['reason']): string {
  switch (reason) {
    case 'binary':
      return t('Not linted: the file looks binary.');
    case 'too-large':
      return t('Not linted: the file is too large.');
    case 'time-budget':
      return t('Not linted: the analysis took longer than pythonAsyncGuide.timeBudgetMs.');
    default:
      return t('Not linted: the code is nested too deeply.');
  }
}

/** The project configuration files that apply, relative to the workspace. */
function describeConfiguration(status: DocumentStatus | undefined): string {
  const files = status?.configFiles ?? [];
  if (files.length === 0) return t('No project configuration file applies');
  return t('Project configuration: {0}', files.map((file) => vscode.workspace.asRelativePath(vscode.Uri.file(file))).join(', '));
}

/** The language status of one document, in the current language. */
export function describeStatus(status: DocumentStatus | undefined): StatusView {
  return { ...describeLint(status), configuration: describeConfiguration(status) };
}

function describeLint(status: DocumentStatus | undefined): Omit<StatusView, 'configuration'> {
  if (!status) return { text: t('Async lint: on'), detail: t('Waiting for the first lint'), severity: 'information' };
  const time = new Date(status.lintedAt).toLocaleTimeString(vscode.env.language);
  switch (status.state) {
    case 'disabled':
      return { text: t('Async lint: off'), detail: t('Switched off by the setting pythonAsyncGuide.enable'), severity: 'information' };
    case 'excluded':
      return {
        text: t('Async lint: excluded'),
        detail: status.reason === 'config' ? t("Excluded by the project configuration's exclude") : t('Excluded by the setting pythonAsyncGuide.exclude'),
        severity: 'information',
      };
    case 'skipped':
      return { text: t('Async lint: skipped'), detail: skipDetail(status.reason), severity: 'warning' };
    default:
      return {
        text: status.findings === 0 ? t('Async lint: no findings') : status.findings === 1 ? t('Async lint: 1 finding') : t('Async lint: {0} findings', status.findings),
        detail: t('Last lint at {0}, {1} ms', time, status.durationMs),
        severity: 'information',
      };
  }
}

/** The server lints a notebook as one program and reports its status under the notebook's URI. */
function statusKey(uri: vscode.Uri): string {
  if (uri.scheme !== 'vscode-notebook-cell') return uri.toString();
  const notebook = vscode.workspace.notebookDocuments.find((candidate) => candidate.getCells().some((cell) => cell.document.uri.toString() === uri.toString()));
  return (notebook?.uri ?? uri).toString();
}

/**
 * The language status items of Python editors: whether the file is linted (on, off, excluded,
 * skipped), its number of findings and the last lint's time, with links to the logs and the
 * settings. The server sends a `DocumentStatus` after each lint of an open document.
 */
export class LanguageStatus implements vscode.Disposable {
  private readonly statuses = new Map<string, DocumentStatus>();
  private readonly item = vscode.languages.createLanguageStatusItem(STATUS_ITEM_ID, { language: 'python' });
  private readonly settingsItem = vscode.languages.createLanguageStatusItem(SETTINGS_ITEM_ID, { language: 'python' });
  private readonly disposables: vscode.Disposable[] = [];

  constructor(client: LanguageClient) {
    this.item.name = t('Python Async Guide');
    this.settingsItem.name = t('Python Async Guide settings');
    this.disposables.push(
      client.onNotification(DOCUMENT_STATUS_NOTIFICATION, (status: DocumentStatus) => {
        this.statuses.set(status.uri, status);
        if (status.uri === this.activeUri()) this.render();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((document) => this.statuses.delete(document.uri.toString())),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.statuses.delete(notebook.uri.toString())),
    );
    this.render();
  }

  /** What the item shows for a document now (for a notebook cell: its notebook, linted as one program). */
  viewOf(uri: vscode.Uri): StatusView {
    return describeStatus(this.statuses.get(statusKey(uri)));
  }

  /** The server restarted: nothing it said before holds. */
  reset(): void {
    this.statuses.clear();
    this.render();
  }

  render(): void {
    const view = describeStatus(this.statuses.get(this.activeUri() ?? ''));
    this.item.text = view.text;
    this.item.detail = view.detail;
    this.item.severity = view.severity === 'warning' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    this.item.command = { title: t('Show Logs'), command: SHOW_LOGS_COMMAND };
    this.settingsItem.text = `$(gear) ${t('Async lint settings')}`;
    this.settingsItem.detail = view.configuration;
    this.settingsItem.command = { title: t('Open Settings'), command: 'workbench.action.openSettings', arguments: [SETTINGS_QUERY] };
  }

  private activeUri(): string | undefined {
    const document = vscode.window.activeTextEditor?.document;
    return document ? statusKey(document.uri) : undefined;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.item.dispose();
    this.settingsItem.dispose();
  }
}
