// `npm run docs`: renders the guide into the static site under docs/ (see build.ts).
import * as path from 'node:path';
import { buildSite, writeSite } from './build';

const repoRoot = path.resolve(__dirname, '..', '..');
const outDir = path.join(repoRoot, 'docs');
const { written, removed } = writeSite(buildSite(repoRoot), outDir);
process.stdout.write(`docs: ${written} file${written === 1 ? '' : 's'} written, ${removed} removed in ${path.relative(process.cwd(), outDir) || outDir}\n`);
