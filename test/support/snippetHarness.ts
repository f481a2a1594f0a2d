import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PatternSnippet } from '../../src/snippets/catalog';
import { expandSnippet } from '../../src/snippets/expand';
import { REPO_ROOT } from './engine';
import { PYTHON } from './python';

/**
 * Each snippet has a harness, test/fixtures/snippets/<id>.py: Python that runs the expanded snippet
 * and checks what it does. Directives in the leading comment lines:
 *   # mode: run | compile-only     (compile-only needs `# reason: …`)
 *   # fill N: text                 what the "user" types into tab stop N for the run (else its default)
 *   # stdout: regex / # stderr: regex   expected output; without `stderr`, stderr must be empty
 *   # timeout: seconds             default 20
 * The line `# {{snippet}}` (at any indentation) is replaced by the expanded snippet; the expanded
 * snippet is also written beside the harness as snippet.py, for harnesses that `import snippet`.
 */
export const HARNESS_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'snippets');

const MARKER = /^([ \t]*)# \{\{snippet\}\}[ \t]*$/m;
const DIRECTIVE = /^# (mode|reason|fill \d+|stdout|stderr|timeout): ?(.*)$/;

export interface Harness {
  id: string;
  file: string;
  text: string;
  mode: 'run' | 'compile-only';
  reason?: string;
  fills: Record<number, string>;
  stdout?: RegExp;
  stderr?: RegExp;
  timeoutMs: number;
}

export function listHarnessIds(): string[] {
  return fs
    .readdirSync(HARNESS_DIR)
    .filter((name) => name.endsWith('.py'))
    .map((name) => name.slice(0, -'.py'.length))
    .sort();
}

export function readHarness(id: string): Harness | undefined {
  const file = path.join(HARNESS_DIR, `${id}.py`);
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  // A ceiling against a hung program, not a speed goal: at load 28 importing aiohttp or httpx alone takes seconds.
  const harness: Harness = { id, file, text, mode: 'run', fills: {}, timeoutMs: 120_000 };
  let mode: string | undefined;
  for (const line of text.split('\n')) {
    const match = DIRECTIVE.exec(line);
    if (!match) break;
    const [, key, value] = match;
    if (key === 'mode') mode = value.trim();
    else if (key === 'reason') harness.reason = value.trim();
    else if (key === 'stdout') harness.stdout = new RegExp(value);
    else if (key === 'stderr') harness.stderr = new RegExp(value);
    else if (key === 'timeout') harness.timeoutMs = Number(value) * 1000;
    else harness.fills[Number(key.slice('fill '.length))] = value;
  }
  if (mode !== 'run' && mode !== 'compile-only') throw new Error(`${file}: first line must be "# mode: run" or "# mode: compile-only"`);
  if (mode === 'compile-only' && !harness.reason) throw new Error(`${file}: a compile-only harness needs "# reason: …"`);
  harness.mode = mode;
  return harness;
}

/** The imports a `statements` snippet expects from the file it is inserted into. */
function contextImports(snippet: PatternSnippet): string {
  return ['asyncio', ...snippet.requires].map((name) => `import ${name}\n`).join('');
}

/**
 * The code a checker sees: a `module` snippet as it is; a `statements` snippet as the body of an
 * `async def`, below the imports it relies on. Line offset: where the snippet's first line is.
 */
export function inContext(snippet: PatternSnippet, fills: Record<number, string> = {}): { code: string; firstLine: number } {
  if (snippet.kind === 'module') return { code: expandSnippet(snippet.body, { values: fills }).text + '\n', firstLine: 0 };
  const prologue = `${contextImports(snippet)}\n\nasync def snippet_body() -> None:\n`;
  const body = expandSnippet(snippet.body, { values: fills, baseIndent: '    ' }).text;
  return { code: `${prologue}    ${body}\n`, firstLine: prologue.split('\n').length - 1 };
}

/** The harness with its marker replaced by the snippet, expanded with the harness's fills. */
export function composeProgram(harness: Harness, snippet: PatternSnippet): string {
  const marker = MARKER.exec(harness.text);
  if (!marker) return harness.text;
  const indent = marker[1];
  const expanded = expandSnippet(snippet.body, { values: harness.fills, baseIndent: indent }).text;
  return harness.text.slice(0, marker.index) + indent + expanded + harness.text.slice(marker.index + marker[0].length);
}

export interface HarnessRun {
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function inTempDir<T>(files: Record<string, string>, action: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-snippet-'));
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    return action(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function python(args: string[], cwd: string, timeoutMs: number): HarnessRun {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' };
  delete env.PYTHONASYNCIODEBUG;
  delete env.PYTHONDEVMODE;
  const result = spawnSync(PYTHON, args, { cwd, env, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' });
  return {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    timedOut: (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT',
  };
}

/** Byte-compiles code (syntax and compile-time errors such as `await` outside `async def`). */
export function compilePython(code: string): HarnessRun {
  return inTempDir({ 'code.py': code }, (dir) => python(['-c', 'import sys; compile(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1], "exec")', 'code.py'], dir, 20_000));
}

/** Runs the composed harness with warnings shown (`-W default`), next to snippet.py. */
export function runHarness(harness: Harness, snippet: PatternSnippet): HarnessRun {
  const files = {
    'harness.py': composeProgram(harness, snippet),
    'snippet.py': expandSnippet(snippet.body, { values: harness.fills }).text + '\n',
  };
  return inTempDir(files, (dir) => python(['-W', 'default', 'harness.py'], dir, harness.timeoutMs));
}
