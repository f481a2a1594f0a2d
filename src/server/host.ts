/**
 * Everything the language server needs from the machine it runs on. The Node implementation is
 * `nodeHost.ts`; a browser worker would read through the editor's file system instead.
 */
export interface FileStat {
  isFile: boolean;
  mtimeMs: number;
  size: number;
}

export interface DirectoryEntry {
  name: string;
  isDirectory: boolean;
  isFile: boolean;
}

export interface ServerHost {
  /** The file's text (UTF-8, a BOM dropped), or undefined when it cannot be read. */
  readFile(path: string): Promise<string | undefined>;
  /** undefined when nothing is there. */
  stat(path: string): Promise<FileStat | undefined>;
  /**
   * The folder's entries, or undefined when it cannot be read. A symbolic link counts as what it
   * points to for files; linked folders are left out (a walk never loops through them).
   */
  readDirectory(path: string): Promise<DirectoryEntry[] | undefined>;
}
