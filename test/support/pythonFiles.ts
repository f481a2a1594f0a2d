import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every `.py` file below `dir`, sorted, as full paths (for the scripts that walk a corpus). */
export function pythonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.py'))
    .sort()
    .map((file) => path.join(dir, file));
}
