// Shared helpers for the integration tests, which run inside a real VS Code extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PythonAsyncGuideApi } from '../../src/extension';
import { DIAGNOSTIC_SOURCE } from '../../src/shared/protocol';
import { bridgeDir, hostRequest, type QueryResult, type ScreenshotResult, type Target } from './bridge';
import { WAIT_CEILING_MS } from './patience';

export const EXTENSION_ID = 'python-async-guide.python-async-guide';

/** What the extension's `activate()` returns. */
export type ExtensionApi = PythonAsyncGuideApi;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function activateExtension(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
  return extension.activate();
}

/** Polls `probe` until it returns something other than undefined/false. */
export async function waitFor<T>(probe: () => T | undefined | false, description: string | (() => string), timeoutMs = WAIT_CEILING_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof description === 'function' ? description() : description}`);
    await sleep(50);
  }
}

/** Like `waitFor`, for a probe that has to ask VS Code (a command, a provider) each time. */
/** `description` may be a function, to say what the last probe saw. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, description: string | (() => string), timeoutMs = WAIT_CEILING_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof description === 'function' ? description() : description}`);
    await sleep(100);
  }
}

// --- documents and editors ---------------------------------------------------------------------

/** A file of the fixture workspace (test/integration/workspace/). */
export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(document, { preview: false });
}

/**
 * A new untitled document. Right after one closed, the next can get its name (`Untitled-1`) while the
 * extension host still has the old document under that name: open again until it is the new one.
 */
export async function openUntitled(content: string, language = 'python'): Promise<vscode.TextEditor> {
  const document = await eventually(async () => {
    const opened = await vscode.workspace.openTextDocument({ language, content });
    return opened.getText() === content && opened.languageId === language && opened;
  }, `a new untitled ${language} document`);
  return vscode.window.showTextDocument(document, { preview: false });
}

/** The range of the `occurrence`-th (0-based) appearance of `text` in the document. */
export function rangeOf(document: vscode.TextDocument, text: string, occurrence = 0): vscode.Range {
  const content = document.getText();
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = content.indexOf(text, offset + 1);
    assert.notEqual(offset, -1, `"${text}" (occurrence ${occurrence}) not found in ${document.uri.toString(true)}`);
  }
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + text.length));
}

export async function replace(editor: vscode.TextEditor, range: vscode.Range, text: string): Promise<void> {
  assert.ok(await editor.edit((edit) => edit.replace(range, text)), 'the edit was not applied');
}

export async function insert(editor: vscode.TextEditor, position: vscode.Position, text: string): Promise<void> {
  assert.ok(await editor.edit((edit) => edit.insert(position, text)), 'the edit was not applied');
}

/**
 * The user's settings.json is dirty for a moment while `config.update` writes it; the configuration
 * service saves it itself, and showing it here races with that ("another editor opened in the meantime").
 */
function isUserSettingsFile(document: vscode.TextDocument): boolean {
  return document.uri.scheme !== 'untitled' && /\/User\/(settings|keybindings)\.json$/.test(document.uri.path);
}

/** Closes every editor, dropping unsaved changes (the fixture files are never saved). */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((doc) => doc.isDirty && !isUserSettingsFile(doc))) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

// --- diagnostics -------------------------------------------------------------------------------

/** This extension's diagnostics for a document, in document order. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE)
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

export function codes(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map(codeOf);
}

const SEVERITY_NAMES = ['error', 'warning', 'information', 'hint'];

/** `CODE line:col-line:col severity` (1-based, as the editor shows positions), for readable assertions. */
export function describeDiagnostic(diagnostic: vscode.Diagnostic): string {
  const { start, end } = diagnostic.range;
  return `${codeOf(diagnostic)} ${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${SEVERITY_NAMES[diagnostic.severity]}`;
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map(describeDiagnostic);
}

/** Waits until this extension's diagnostics for `uri` satisfy `accept`, and returns them. */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  description: string,
  timeoutMs = WAIT_CEILING_MS,
): Promise<vscode.Diagnostic[]> {
  try {
    return await waitFor(() => {
      const diagnostics = ourDiagnostics(uri);
      return accept(diagnostics) && diagnostics;
    }, description, timeoutMs);
  } catch (error) {
    const current = describeDiagnostics(ourDiagnostics(uri));
    throw new Error(`${(error as Error).message}; diagnostics now: ${JSON.stringify(current)}`);
  }
}

/** Waits for exactly these codes, in document order. */
export function waitForCodes(uri: vscode.Uri, expected: string[], timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(uri, (diagnostics) => codes(diagnostics).join() === expected.join(), `codes ${JSON.stringify(expected)}`, timeoutMs);
}

/**
 * The code actions for a range once `wanted` accepts them. VS Code drops a provider's answer when the
 * request is cancelled (an edit of the text cancels it), and the light bulb simply asks again: so
 * does this, until the actions are there or the ceiling is reached.
 */
export async function waitForCodeActions(
  uri: vscode.Uri,
  range: vscode.Range,
  kind: string | undefined,
  wanted: (actions: vscode.CodeAction[]) => boolean,
  description: string,
): Promise<vscode.CodeAction[]> {
  let actions: vscode.CodeAction[] = [];
  return eventually(
    async () => {
      const answer = await unlessCancelled(() => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind));
      if (answer === CANCELLED) return undefined;
      actions = answer ?? [];
      return wanted(actions) ? actions : undefined;
    },
    () => `${description}; code actions now: ${JSON.stringify(actions.map((action) => action.title))}`,
  );
}

export const CANCELLED = Symbol('cancelled');

/**
 * A provider command's answer, or CANCELLED when the workbench cancelled the request (a newer request or a refresh
 * of the document's diagnostics can, on a busy machine): the caller asks again.
 */
export async function unlessCancelled<T>(run: () => Thenable<T>): Promise<T | typeof CANCELLED> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error && (error.name === 'Canceled' || error.message === 'Canceled')) return CANCELLED;
    throw error;
  }
}

/**
 * The diagnostics once they show what the server finds in the document's current text (it
 * analyses the text first if it has not yet): for asserting that something is *not* reported.
 */
export async function settledDiagnostics(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  const findings = await (await activateExtension()).findings(uri);
  const expected = findings.map((finding) => `${finding.code}@${finding.range.start.line}:${finding.range.start.character}`).join();
  return waitForDiagnostics(
    uri,
    (diagnostics) => diagnostics.map((diagnostic) => `${codeOf(diagnostic)}@${diagnostic.range.start.line}:${diagnostic.range.start.character}`).join() === expected,
    `the diagnostics to show the server's findings ${expected}`,
  );
}

// --- settings ----------------------------------------------------------------------------------

/**
 * Sets `pythonAsyncGuide.*` user settings (as a user would in the Settings editor) and returns a
 * function that puts the previous values back.
 */
export async function setSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('pythonAsyncGuide');
  const previous = Object.keys(values).map((key) => [key, config.inspect(key)?.globalValue] as const);
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    const current = vscode.workspace.getConfiguration('pythonAsyncGuide');
    for (const [key, value] of previous) await current.update(key, value, vscode.ConfigurationTarget.Global);
  };
}

export async function withSettings<T>(values: Record<string, unknown>, body: () => Promise<T>): Promise<T> {
  const restore = await setSettings(values);
  try {
    return await body();
  } finally {
    await restore();
  }
}

// --- the workbench, through the test host ------------------------------------------------------

/** True in the code-server test host, where the browser showing the workbench can be driven. */
export function inTestHost(): boolean {
  return bridgeDir() !== undefined;
}

/** Skips the current test outside the test host (e.g. under @vscode/test-electron). */
export function requireTestHost(context: Mocha.Context): void {
  if (!inTestHost()) context.skip();
}

/**
 * Saves a screenshot of the workbench as test-results/screenshots/NAME.png and returns its path.
 * Does nothing (returns undefined) outside the test host.
 */
export async function screenshot(name: string): Promise<string | undefined> {
  if (!inTestHost()) return undefined;
  const result = await hostRequest<ScreenshotResult>({ kind: 'screenshot', name });
  return result.path;
}

function toTarget(target: Target | string): Target {
  return typeof target === 'string' ? { selector: target } : target;
}

/** Elements of the workbench page matching a CSS selector (optionally inside iframes). */
export function queryWorkbench(target: Target | string): Promise<QueryResult> {
  return hostRequest<QueryResult>({ kind: 'query', ...toTarget(target) });
}

/** Waits until an element matching the selector is visible (or, with `hidden`, none is). */
export async function waitForWorkbench(target: Target | string, state: 'visible' | 'hidden' = 'visible', timeoutMs = WAIT_CEILING_MS): Promise<QueryResult> {
  return hostRequest<QueryResult>({ kind: 'query', ...toTarget(target), waitFor: state, timeoutMs }, timeoutMs + 10_000);
}

/** Moves the mouse over (or clicks) the first visible element matching the selector. */
export async function mouse(action: 'hover' | 'click', target: Target | string): Promise<void> {
  await hostRequest({ kind: 'mouse', action, ...toTarget(target) });
}

/** Types text with real key presses into whatever has focus in the workbench. */
export async function typeText(text: string): Promise<void> {
  await hostRequest({ kind: 'keyboard', type: text }, WAIT_CEILING_MS);
}

/** Presses keys, e.g. `pressKeys('End', 'Enter')` or `pressKeys('Control+Z')` (Playwright key names). */
export async function pressKeys(...keys: string[]): Promise<void> {
  await hostRequest({ kind: 'keyboard', press: keys });
}
