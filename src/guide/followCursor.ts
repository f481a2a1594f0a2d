import * as vscode from 'vscode';
import { followCursorEnabled, type GuidePanel } from './panel';

/** The dotted names of the API under a position, most specific first (asked of the language server). */
export type NamesAtCursor = (document: vscode.TextDocument, position: vscode.Position) => Promise<string[]>;

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
  /** The API last followed, per document: a cursor moving into another file follows even to the same API. */
  private lastApi: { document: string; api: string } | undefined;
  /** How many cursor moves were looked at (a move ignored because the guide is closed or following is off counts too). */
  private looked = 0;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly panel: GuidePanel,
    private readonly namesAt: NamesAtCursor,
  ) {
    this.disposables = [vscode.window.onDidChangeTextEditorSelection((event) => this.schedule(event.textEditor))];
  }

  private schedule(editor: vscode.TextEditor): void {
    if (editor.document.languageId !== 'python' || !this.panel.isOpen) {
      this.looked++;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.follow(editor), FOLLOW_DELAY_MS);
  }

  /** Resolves the API under the editor's cursor and shows its section; returns the section, if any. */
  async follow(editor: vscode.TextEditor): Promise<string | undefined> {
    try {
      return await this.sectionUnder(editor);
    } finally {
      this.looked++;
    }
  }

  /** The number of cursor moves looked at so far: tests wait for it to grow instead of sleeping. */
  get movesLookedAt(): number {
    return this.looked;
  }

  private async sectionUnder(editor: vscode.TextEditor): Promise<string | undefined> {
    if (!this.panel.isOpen || !followCursorEnabled() || editor.document.isClosed) return undefined;
    const names = await this.namesAt(editor.document, editor.selection.active).catch(() => []);
    if (!this.panel.isOpen) return undefined;
    const hit = this.panel.content.apis.sectionFor(names);
    if (!hit) return undefined;
    const document = editor.document.uri.toString();
    if (hit.api !== this.lastApi?.api || document !== this.lastApi.document) {
      this.lastApi = { document, api: hit.api };
      if (hit.section !== this.panel.currentSection) this.panel.navigate(hit.section);
    }
    return hit.section;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
