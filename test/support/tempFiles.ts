import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes `text` to `relative` below `root`, making its folders; the file's full path. */
export function writeUnder(root: string, relative: string, text: string): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}
