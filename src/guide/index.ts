import * as path from 'node:path';
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../settings';
import { PythonEditorTracker } from './editorTarget';
import { OPEN_GUIDE_COMMAND, registerExplainAction } from './explainAction';
import { registerExplainHover } from './explainHover';
import { CursorFollower, type NamesAtCursor } from './followCursor';
import { GuideLibrary } from './library';
import { FOLLOW_CURSOR_SETTING, followCursorEnabled, GUIDE_VIEW_TYPE, GuidePanel, type OpenOptions } from './panel';
import { isSectionId } from './types';

/** Internal commands (not in the command palette): used by tests, and by the panel's own buttons. */
export const CURRENT_SECTION_COMMAND = 'pythonAsyncGuide.guide.currentSection';
/** Internal: how many cursor moves the guide has looked at (tests wait on it rather than sleep). */
export const CURSOR_MOVES_COMMAND = 'pythonAsyncGuide.guide.cursorMovesLookedAt';
export const LAST_FOLLOW_COMMAND = 'pythonAsyncGuide.guide.lastFollow';
export const PAGE_LOADS_COMMAND = 'pythonAsyncGuide.guide.pageLoads';
export const INSERT_CODE_COMMAND = 'pythonAsyncGuide.guide.insertCode';
/** What the panel serializer does after a window reload, for a panel the caller made (tests). */
export const RESTORE_COMMAND = 'pythonAsyncGuide.guide.restore';

function isWebviewPanel(value: unknown): value is vscode.WebviewPanel {
  return typeof value === 'object' && value !== null && 'webview' in value && typeof (value as vscode.WebviewPanel).reveal === 'function';
}

function openOptions(value: unknown): OpenOptions {
  if (typeof value !== 'object' || value === null) return {};
  const preserveFocus = (value as Record<string, unknown>).preserveFocus;
  return typeof preserveFocus === 'boolean' ? { preserveFocus } : {};
}

/**
 * The guide beside the code: the webview panel and its restore after a reload, the command that
 * opens it (also the target of every diagnostic's code link), "Explain CODE" code actions, and
 * following the cursor to the section of the asyncio API under it.
 */
export function registerGuide(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, namesAt: NamesAtCursor): vscode.Disposable[] {
  const library = GuideLibrary.forMedia(path.join(context.extensionPath, 'media'));
  const editors = new PythonEditorTracker();
  const panel = new GuidePanel(context.extensionUri, library, editors, log, context.globalState);
  const follower = new CursorFollower(panel, namesAt);

  return [
    editors,
    panel,
    follower,
    vscode.commands.registerCommand(OPEN_GUIDE_COMMAND, (section?: unknown, options?: unknown) => {
      panel.open(isSectionId(section) ? section : undefined, openOptions(options));
    }),
    vscode.commands.registerCommand(CURRENT_SECTION_COMMAND, () => panel.shownSection),
    vscode.commands.registerCommand(CURSOR_MOVES_COMMAND, () => follower.movesLookedAt),
    vscode.commands.registerCommand(LAST_FOLLOW_COMMAND, () => follower.lastOutcome),
    vscode.commands.registerCommand(PAGE_LOADS_COMMAND, () => panel.pageLoads),
    vscode.commands.registerCommand(INSERT_CODE_COMMAND, (section?: unknown, block?: unknown) =>
      isSectionId(section) && Number.isSafeInteger(block) ? panel.insertCode(section, block as number) : false,
    ),
    vscode.commands.registerCommand(RESTORE_COMMAND, (webviewPanel?: unknown, state?: unknown) => {
      if (isWebviewPanel(webviewPanel)) panel.restore(webviewPanel, state);
    }),
    vscode.window.registerWebviewPanelSerializer(GUIDE_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, state: unknown) => panel.restore(webviewPanel, state),
    }),
    registerExplainAction(),
    registerExplainHover(),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.language`)) panel.refresh();
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.${FOLLOW_CURSOR_SETTING}`)) panel.setFollowCursor(followCursorEnabled());
    }),
  ];
}
