import * as vscode from 'vscode';
import type { CursorResolver } from './nameAtCursor';
import { followCursorEnabled, type GuidePanel } from './panel';

/** Pause after the last cursor move before the guide follows: reading code should not flicker the guide. */
export const FOLLOW_DELAY_MS = 400;

/**
 * While the guide is open, shows the section that explains the asyncio API under the cursor of a
 * Python editor (`pythonAsyncGuide.guide.followCursor`). The guide moves only when the API under
 * the cursor changes, so a section the reader chose stays put while the cursor wanders in
 * unrelated code or within the same call.
 */
export class CursorFollower implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private lastApi: string | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly panel: GuidePanel,
    private readonly resolver: CursorResolver,
  ) {
    this.disposables = [vscode.window.onDidChangeTextEditorSelection((event) => this.schedule(event.textEditor))];
  }

  private schedule(editor: vscode.TextEditor): void {
    if (editor.document.languageId !== 'python' || !this.panel.isOpen) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.follow(editor), FOLLOW_DELAY_MS);
  }

  /** Resolves the API under the editor's cursor and shows its section; returns the section, if any. */
  follow(editor: vscode.TextEditor): string | undefined {
    if (!this.panel.isOpen || !followCursorEnabled() || editor.document.isClosed) return undefined;
    const document = editor.document;
    const cursor = editor.selection.active;
    const key = `${document.uri.toString()}@${document.version}`;
    const names = this.resolver.namesAt(key, () => document.getText(), cursor.line, cursor.character);
    const hit = this.panel.content.apis.sectionFor(names);
    if (!hit) return undefined;
    if (hit.api !== this.lastApi) {
      this.lastApi = hit.api;
      if (hit.section !== this.panel.currentSection) this.panel.navigate(hit.section);
    }
    return hit.section;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.resolver.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
