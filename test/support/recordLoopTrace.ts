// npm run guide:loop-trace — runs the program of every `python trace` block of the guide under
// .ci/record_loop_trace.py (a real asyncio loop, watched from outside) and stores what the loop
// did in media/guide/loop-traces.json, which the guide's step-through shows. Run it after changing
// such a program; a unit test says when it is needed. The program must read the same in every language.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GuideLibrary } from '../../src/guide/library';
import { loopTracesFile, type LoopTrace, type LoopTraces } from '../../src/guide/loopTrace';
import { codeHash } from '../../src/guide/recordedOutputs';
import { GUIDE_LANGUAGES } from './guideContent';
import { REPO_ROOT } from './engine';
import { PYTHON } from './python';

const RECORDER = path.join(REPO_ROOT, '.ci', 'record_loop_trace.py');
const TIME_LIMIT_MS = 30_000;

function record(code: string): Omit<LoopTrace, 'sha'> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-trace-'));
  const program = path.join(dir, 'program.py');
  const target = path.join(dir, 'trace.json');
  fs.writeFileSync(program, code + '\n');
  try {
    const result = spawnSync(PYTHON, [RECORDER, program, target], { cwd: dir, encoding: 'utf8', timeout: TIME_LIMIT_MS });
    if (result.error || result.status !== 0) throw new Error(`the recorder failed (exit ${result.status ?? result.error?.message}):\n${result.stdout}${result.stderr}`);
    return JSON.parse(fs.readFileSync(target, 'utf8')) as Omit<LoopTrace, 'sha'>;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const library = GuideLibrary.forMedia(path.join(REPO_ROOT, 'media'));
  const programs = new Map<string, string>();
  for (const language of GUIDE_LANGUAGES) {
    for (const [section, rendered] of library.get(language).rendered) {
      const blocks = rendered.codeBlocks.filter((block) => block.language === 'python' && block.flags.includes('trace'));
      if (blocks.length > 1) throw new Error(`${language}/${section}: one trace block per section`);
      if (blocks.length === 0) continue;
      const known = programs.get(section);
      if (known !== undefined && known !== blocks[0].code) throw new Error(`${section}: the traced program differs between languages; keep it the same (translate the prose around it)`);
      programs.set(section, blocks[0].code);
    }
  }
  const traces: LoopTraces = {};
  for (const [section, code] of programs) {
    const trace = record(code);
    traces[section] = { sha: codeHash(code), ...trace };
    const runs = trace.iterations.reduce((sum, iteration) => sum + iteration.runs.length, 0);
    console.log(`${section}: ${trace.iterations.length} iterations, ${runs} handles run, Python ${trace.python}`);
  }
  const file = loopTracesFile(path.join(REPO_ROOT, 'media', 'guide'));
  fs.writeFileSync(file, JSON.stringify(traces, null, 1) + '\n');
  console.log(`written ${path.relative(REPO_ROOT, file)}`);
}

main();
