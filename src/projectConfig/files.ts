import * as fs from 'node:fs';

/** What the config loader needs from a file system: the text of a file, or undefined if it is not there. */
export interface ConfigFiles {
  readFile(file: string): string | undefined;
}

/** Config files larger than this are not configuration; they are skipped with a message. */
export const MAX_CONFIG_CHARS = 1_000_000;

export const nodeConfigFiles: ConfigFiles = {
  readFile(file) {
    try {
      if (!fs.statSync(file).isFile()) return undefined;
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};
