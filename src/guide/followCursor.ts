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
  /**
   * The API last followed, with its document and guide panel: a cursor moving into another file, or into
   * a new document that reuses a closed one's name (`Untitled-1`), or a guide opened again follows even to the same API.
   */
  private lastApi: { document: vscode.TextDocument; panel: number; api: string } | undefined;
  /** How many cursor moves were looked at (a move ignored because the guide is closed or following is off counts too). */
  private looked = 0;
  private outcome = 'no cursor move yet';
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly panel: GuidePanel,
    private readonly namesAt: NamesAtCursor,
  ) {
    this.disposables = [
      vscode.window.onDidChangeTextEditorSelection((event) => this.schedule(event.textEditor)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.lastApi?.document === document) this.lastApi = undefined;
      }),
    ];
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

  /** What the last look at a cursor move found, in words (for tests' failure messages). */
  get lastOutcome(): string {
    return this.outcome;
  }

  private async sectionUnder(editor: vscode.TextEditor): Promise<string | undefined> {
    if (!this.panel.isOpen || !followCursorEnabled() || editor.document.isClosed) {
      this.outcome = 'the guide is closed, following is off or the document closed';
      return undefined;
    }
    let failure: unknown;
    const names = await this.namesAt(editor.document, editor.selection.active).catch((error: unknown) => {
      failure = error;
      return [];
    });
    if (!this.panel.isOpen) {
      this.outcome = 'the guide closed meanwhile';
      return undefined;
    }
    const hit = this.panel.content.apis.sectionFor(names);
    if (!hit) {
      this.outcome = failure ? `names at the cursor failed: ${String(failure)}` : `no section for [${names.join(', ')}]`;
      return undefined;
    }
    const last = this.lastApi;
    const followed = { document: editor.document, panel: this.panel.panelNumber, api: hit.api };
    if (!last || last.api !== followed.api || last.document !== followed.document || last.panel !== followed.panel) {
      this.lastApi = followed;
      this.outcome = hit.section !== this.panel.currentSection ? `navigated to ${hit.section}` : `${hit.section} is already the current section`;
      if (hit.section !== this.panel.currentSection) this.panel.navigate(hit.section);
    } else {
      this.outcome = `${hit.api} was followed last`;
    }
    return hit.section;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
