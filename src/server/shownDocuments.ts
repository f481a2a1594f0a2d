/**
 * Which open documents the editor shows its own diagnostics for. Every open document, unless the
 * client says which files it shows (`pythonAsyncGuide/shownFiles`): VS Code pulls diagnostics only
 * for documents in a tab, so a document whose tab closed is, for diagnostics, a closed file.
 */
export class ShownDocuments {
  /** The files the client shows; undefined until it says (other editors never do). */
  private shown: Set<string> | undefined;
  private readonly owned = new Set<string>();

  constructor(
    private readonly isOpen: (uri: string) => boolean,
    /** A document started or stopped owning its diagnostics. */
    private readonly changed: (uri: string, owns: boolean) => void,
  ) {}

  owns(uri: string): boolean {
    if (!this.isOpen(uri)) return false;
    return this.shown === undefined || !uri.startsWith('file:') || this.shown.has(uri);
  }

  setShown(uris: readonly string[]): void {
    const affected = new Set([...(this.shown ?? []), ...uris, ...this.owned]);
    this.shown = new Set(uris);
    for (const uri of affected) this.update(uri);
  }

  /** After a document opened or closed. */
  update(uri: string): void {
    const owns = this.owns(uri);
    if (owns === this.owned.has(uri)) return;
    if (owns) this.owned.add(uri);
    else this.owned.delete(uri);
    this.changed(uri, owns);
  }
}
