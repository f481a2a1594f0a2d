import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Debian's interpreter: the apt-installed libraries (python3-aiohttp, …) live there, not in pyenv's. */
export const PYTHON = process.env.PYTHON_ASYNC_GUIDE_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

export function hasPython(): boolean {
  return spawnSync(PYTHON, ['--version']).status === 0;
}

export function hasModule(name: string): boolean {
  return spawnSync(PYTHON, ['-c', `import ${name}`]).status === 0;
}

export interface PythonRun {
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs code in a fresh temporary file, with a time limit; never throws for a failing script. */
export function runPython(code: string, options: { timeoutMs?: number; args?: string[]; compileOnly?: boolean } = {}): PythonRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-py-'));
  const file = path.join(dir, 'sample.py');
  fs.writeFileSync(file, code);
  try {
    const args = options.compileOnly ? ['-c', 'import ast, sys; compile(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1], "exec")', file] : [file, ...(options.args ?? [])];
    const result = spawnSync(PYTHON, args, { encoding: 'utf8', timeout: options.timeoutMs ?? 20_000, cwd: dir, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' } });
    return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', timedOut: result.error?.message.includes('ETIMEDOUT') ?? false };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Compiles many sources in one interpreter run: true where `compile()` accepts the source. */
export function compileAll(sources: readonly string[]): boolean[] {
  if (sources.length === 0) return [];
  const script = 'import json, sys, warnings\nwarnings.simplefilter("ignore")\nfor source in json.load(sys.stdin):\n    try:\n        compile(source, "<fix>", "exec")\n        print(1)\n    except (SyntaxError, ValueError):\n        print(0)\n';
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${PYTHON} could not compile the sources: ${run.stderr}`);
  return run.stdout.trim().split('\n').map((line) => line === '1');
}
