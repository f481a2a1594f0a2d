import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PYTHON, type PythonRun } from './python';

export interface SampleAnalysis {
  /** The SyntaxError of the sample, if it does not compile. */
  error?: string;
  /**
   * `ast.dump` of the sample with every string literal emptied and every f-string reduced to the
   * sorted list of its interpolated expressions: equal shapes mean the same code, whatever the
   * language of its comments, messages and docstrings.
   */
  shape?: string;
  /** Top-level modules the sample imports that this interpreter cannot find. */
  missingModules?: string[];
}

const ANALYZE = String.raw`
import ast, importlib.util, json, sys

class Normalize(ast.NodeTransformer):
    def visit_Constant(self, node):
        if isinstance(node.value, str):
            return ast.copy_location(ast.Constant(value=""), node)
        return node

    def visit_JoinedStr(self, node):
        parts = [self.visit(value) for value in node.values if isinstance(value, ast.FormattedValue)]
        parts.sort(key=ast.dump)
        call = ast.Call(func=ast.Name(id="<f-string>", ctx=ast.Load()), args=parts, keywords=[])
        return ast.copy_location(call, node)

def missing_modules(tree):
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return sorted(name for name in names if importlib.util.find_spec(name) is None)

results = []
for source in json.load(sys.stdin):
    try:
        compile(source, "<sample>", "exec")
        tree = ast.parse(source)
    except SyntaxError as error:
        results.append({"error": f"{error.msg} (line {error.lineno})"})
        continue
    shape = ast.dump(Normalize().visit(tree))
    results.append({"shape": shape, "missingModules": missing_modules(tree)})
json.dump(results, sys.stdout)
`;

/** Compiles and normalizes many samples in one interpreter start. */
export function analyzeSamples(sources: string[]): SampleAnalysis[] {
  const result = spawnSync(PYTHON, ['-c', ANALYZE], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`sample analysis failed: ${result.stderr || result.error?.message}`);
  return JSON.parse(result.stdout) as SampleAnalysis[];
}

/**
 * Runs a sample in development mode (`-X dev`: asyncio debug mode, ResourceWarning and
 * DeprecationWarning shown), from a fresh temporary directory, with a time limit.
 */
export function runSample(code: string, timeoutMs: number): PythonRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-guide-'));
  const file = path.join(dir, 'sample.py');
  fs.writeFileSync(file, code);
  try {
    const result = spawnSync(PYTHON, ['-X', 'dev', file], {
      encoding: 'utf8',
      timeout: timeoutMs,
      cwd: dir,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
    });
    return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', timedOut: result.error?.message.includes('ETIMEDOUT') ?? false };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What a clean run must not print: signs of a forgotten await, a lost exception or a leaked resource. */
export const RUN_WARNING_PATTERNS: readonly RegExp[] = [
  /was never awaited/,
  /exception was never retrieved/i,
  /Task was destroyed but it is pending/,
  /ResourceWarning/,
  /DeprecationWarning/,
  /^Traceback/m,
];
