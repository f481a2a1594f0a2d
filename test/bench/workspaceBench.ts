// `npm run bench:workspace [FOLDER]`: the workspace check's figures alone (default: shared/corpus/real).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workspaceCheckFigures } from './workspaceCheck';

function corpusDir(): string | undefined {
  for (let up = path.resolve(__dirname, '..', '..'); up !== path.dirname(up); up = path.dirname(up)) {
    const candidate = path.join(up, 'shared', 'corpus', 'real');
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

const root = process.argv[2] ? path.resolve(process.argv[2]) : corpusDir();
if (!root) {
  console.error('No folder given and no shared/corpus/real above this checkout.');
  process.exit(2);
}
workspaceCheckFigures((label, measured, anchor = '') => console.log(`${label.padEnd(58)} ${measured.padEnd(16)} ${anchor}`), root).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
