// npm run guide:outputs — runs every runnable sample of the guide, in both languages, and records
// what it printed in media/guide/outputs/<language>.json, which the guide shows as the expected
// output beside each sample. Run it after changing a sample; a unit test says when it is needed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GuideLibrary } from '../../src/guide/library';
import { codeHash, recordedOutputsFile, sampleKey, type RecordedOutputs } from '../../src/guide/recordedOutputs';
import { compareVersions, requiredPython } from '../../src/guide/versions';
import { GUIDE_LANGUAGES } from './guideContent';
import { REPO_ROOT } from './engine';
import { PYTHON } from './python';

const TIME_LIMIT_MS = 30_000;

/** Runs a sample as the guide's Run button does: `python sample.py` in a fresh folder, output interleaved. */
function run(code: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-record-'));
  const file = path.join(dir, 'sample.py');
  const log = path.join(dir, 'output.txt');
  fs.writeFileSync(file, code);
  const fd = fs.openSync(log, 'w');
  try {
    const result = spawnSync(PYTHON, [file], { cwd: dir, timeout: TIME_LIMIT_MS, stdio: ['ignore', fd, fd], env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONUNBUFFERED: '1' } });
    fs.closeSync(fd);
    if (result.error || result.status !== 0) throw new Error(`exit ${result.status ?? result.error?.message}: ${fs.readFileSync(log, 'utf8')}`);
    return fs.readFileSync(log, 'utf8').split(dir).join('.').replace(/\s+$/, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const python = spawnSync(PYTHON, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).stdout.trim();
  const library = GuideLibrary.forMedia(path.join(REPO_ROOT, 'media'));
  const guideDir = path.join(REPO_ROOT, 'media', 'guide');
  for (const language of GUIDE_LANGUAGES) {
    const outputs: RecordedOutputs = {};
    for (const [section, rendered] of library.get(language).rendered) {
      rendered.codeBlocks.forEach((block, index) => {
        if (block.language !== 'python' || !block.flags.includes('run')) return;
        const since = requiredPython(block.code);
        if (since && compareVersions(python, since) < 0) {
          console.log(`skipped ${language}/${section}#${index}: needs Python ${since}, this is ${python}`);
          return;
        }
        outputs[sampleKey(section, index)] = { sha: codeHash(block.code), python, output: run(block.code) };
      });
    }
    const file = recordedOutputsFile(guideDir, language);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(outputs, Object.keys(outputs).length ? undefined : null, 2) + '\n');
    console.log(`${language}: ${Object.keys(outputs).length} samples recorded in ${path.relative(REPO_ROOT, file)}`);
  }
}

main();
