/**
 * `npm run conformance -- [CORPUS_DIR]` (default ../shared/corpus): recall and precision against the
 * peers' own test expectations (flake8-async eval files under asyncio, Ruff's flake8_async fixtures),
 * counting only codes this engine has; then findings per 10k lines on real async projects, each
 * listed for review. Prints figures; the project's tests do not depend on the corpus.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine, type Analyzer } from '../../src/analysis/analyzer';
import { CODES } from '../../src/analysis/codes';
import type { AnalyzerOptions } from '../../src/analysis/options';
import type { SeveritySetting } from '../../src/analysis/types';
import { decodePython } from '../../src/cli/files';

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

type Tally = Map<string, Counts>;

interface Mismatch {
  file: string;
  line: number;
  code: string;
  kind: 'missed' | 'extra';
}

const OUR_CODES = new Set(CODES.keys());

/** The parts of the corpus' expected.json files this script reads (see corpus/README.md). */
interface Flake8AsyncRun {
  status: string;
  source: string;
  args: string[];
  enabled: string[];
  expected: Array<{ line: number; code: string }> | null;
}

interface RuffDiagnostic {
  line: number;
  code: string;
  library: string;
}

interface RuffTest {
  rule: string;
  fixture: string;
  settings: { target_version: string };
  diagnostics: RuffDiagnostic[];
}

/** Every code on, off-by-default ones included: each test then looks at the codes it enables. */
const ALL_ON: Record<string, SeveritySetting> = Object.fromEntries([...OUR_CODES].map((code) => [code, 'warning' as SeveritySetting]));

function count(tally: Tally, code: string, key: keyof Counts, by = 1): void {
  const entry = tally.get(code) ?? { tp: 0, fp: 0, fn: 0 };
  entry[key] += by;
  tally.set(code, entry);
}

/** Multiset comparison of `line:code` keys. */
function compare(file: string, expected: string[], actual: string[], tally: Tally, mismatches: Mismatch[]): void {
  const remaining = new Map<string, number>();
  for (const key of expected) remaining.set(key, (remaining.get(key) ?? 0) + 1);
  for (const key of actual) {
    const code = key.split(':')[1];
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      count(tally, code, 'tp');
    } else {
      count(tally, code, 'fp');
      mismatches.push({ file, line: Number(key.split(':')[0]), code, kind: 'extra' });
    }
  }
  for (const [key, left] of remaining) {
    if (left <= 0) continue;
    const [line, code] = key.split(':');
    count(tally, code, 'fn', left);
    for (let i = 0; i < left; i++) mismatches.push({ file, line: Number(line), code, kind: 'missed' });
  }
}

function lint(engine: Analyzer, file: string, options: AnalyzerOptions): Array<{ line: number; code: string; message: string }> {
  engine.configure(options);
  const result = engine.lint(decodePython(fs.readFileSync(file)), { file });
  result.tree?.delete();
  for (const error of result.ruleErrors) console.log(`  rule error in ${file}: ${error.message}`);
  return result.findings.map((f) => ({ line: f.range.start.line + 1, code: f.code, message: f.message }));
}

/** flake8-async's `--async200-blocking-calls=a -> b, c->d` → our extraBlockingCalls. */
function async200Option(args: string[]): string[] {
  const arg = args.find((a) => a.startsWith('--async200-blocking-calls='));
  if (!arg) return [];
  return arg
    .slice(arg.indexOf('=') + 1)
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function flake8Async(engine: Analyzer, corpus: string, tally: Tally, mismatches: Mismatch[]): number {
  const expected = JSON.parse(fs.readFileSync(path.join(corpus, 'flake8-async', 'expected.json'), 'utf8'));
  let files = 0;
  for (const [name, entry] of Object.entries(expected.files as Record<string, { asyncio?: Flake8AsyncRun }>)) {
    const run = entry.asyncio;
    if (!run || (run.status !== 'checked' && run.status !== 'no_error')) continue;
    const enabled = (run.enabled as string[]).filter((code) => OUR_CODES.has(code));
    if (enabled.length === 0) continue;
    files++;
    const source = path.join(corpus, 'flake8-async', run.source);
    const findings = lint(engine, source, { severity: ALL_ON, extraBlockingCalls: async200Option(run.args) });
    const actual = findings.filter((f) => enabled.includes(f.code)).map((f) => `${f.line}:${f.code}`);
    const wanted = (run.expected ?? []).filter((e) => enabled.includes(e.code)).map((e) => `${e.line}:${e.code}`);
    compare(`flake8-async/${name}`, wanted, actual, tally, mismatches);
  }
  return files;
}

function ruff(engine: Analyzer, corpus: string, tally: Tally, mismatches: Mismatch[]): number {
  const expected = JSON.parse(fs.readFileSync(path.join(corpus, 'ruff', 'expected.json'), 'utf8'));
  let tests = 0;
  for (const test of expected.tests as RuffTest[]) {
    if (!OUR_CODES.has(test.rule) || !String(test.settings.target_version).startsWith('3.14')) continue;
    tests++;
    const findings = lint(engine, path.join(corpus, 'ruff', 'fixtures', test.fixture), { severity: ALL_ON });
    // Library-specific findings about trio/anyio do not apply to an asyncio linter.
    const wanted = test.diagnostics.filter((d) => d.code === test.rule && (d.library === 'asyncio' || d.library === 'any'));
    const skippedLines = new Set(test.diagnostics.filter((d) => d.code === test.rule && !wanted.includes(d)).map((d) => d.line));
    const actual = findings.filter((f) => f.code === test.rule && !skippedLines.has(f.line)).map((f) => `${f.line}:${f.code}`);
    compare(`ruff/${test.fixture}`, wanted.map((d) => `${d.line}:${d.code}`), actual, tally, mismatches);
  }
  return tests;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '   -  ' : `${((100 * part) / whole).toFixed(1).padStart(5)}%`;
}

function printTally(title: string, tally: Tally): void {
  console.log(`\n${title}`);
  console.log(`${'code'.padEnd(10)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)}  recall  precision`);
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const [code, c] of [...tally].sort(([a], [b]) => a.localeCompare(b))) {
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
    console.log(`${code.padEnd(10)} ${String(c.tp).padStart(4)} ${String(c.fp).padStart(4)} ${String(c.fn).padStart(4)}  ${percent(c.tp, c.tp + c.fn)}  ${percent(c.tp, c.tp + c.fp)}`);
  }
  console.log(`${'all'.padEnd(10)} ${String(total.tp).padStart(4)} ${String(total.fp).padStart(4)} ${String(total.fn).padStart(4)}  ${percent(total.tp, total.tp + total.fn)}  ${percent(total.tp, total.tp + total.fp)}`);
}

function pythonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.py'))
    .sort()
    .map((file) => path.join(dir, file));
}

function realCode(engine: Analyzer, corpus: string): void {
  const root = path.join(corpus, 'real');
  const files = pythonFiles(root);
  let lines = 0;
  const byCode = new Map<string, number>();
  const listed: string[] = [];
  for (const file of files) {
    lines += (fs.readFileSync(file, 'utf8').match(/\n/g) ?? []).length;
    for (const finding of lint(engine, file, {})) {
      byCode.set(finding.code, (byCode.get(finding.code) ?? 0) + 1);
      listed.push(`  ${path.relative(root, file)}:${finding.line} ${finding.code} ${finding.message}`);
    }
  }
  const total = listed.length;
  console.log(`\nReal async code (${files.length} files, ${lines} lines; default settings): ${total} findings, ${((total * 10000) / lines).toFixed(1)} per 10k lines`);
  console.log(`  by code: ${[...byCode].sort().map(([code, n]) => `${code} ${n}`).join(', ') || 'none'}`);
  const baseline = path.join(root, 'ruff-baseline.json');
  if (fs.existsSync(baseline)) {
    const ruffFindings = JSON.parse(fs.readFileSync(baseline, 'utf8')).findings as unknown[];
    console.log(`  Ruff baseline (ASYNC + RUF006, preview, all on): ${ruffFindings.length} findings, ${((ruffFindings.length * 10000) / lines).toFixed(1)} per 10k lines`);
  }
  console.log(listed.join('\n'));
}

async function main() {
  const corpus = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', '..', 'shared', 'corpus'));
  if (!fs.existsSync(path.join(corpus, 'flake8-async'))) {
    console.error(`No corpus at ${corpus}: pass the corpus folder (with flake8-async/, ruff/, real/).`);
    process.exit(2);
  }
  const engine = await createEngine({}, path.join(__dirname, '..', '..', 'dist'));
  const verbose = process.argv.includes('--verbose');

  const flakeTally: Tally = new Map();
  const flakeMismatches: Mismatch[] = [];
  const flakeFiles = flake8Async(engine, corpus, flakeTally, flakeMismatches);
  printTally(`flake8-async eval files under asyncio (${flakeFiles} files with codes we have)`, flakeTally);

  const ruffTally: Tally = new Map();
  const ruffMismatches: Mismatch[] = [];
  const ruffTests = ruff(engine, corpus, ruffTally, ruffMismatches);
  printTally(`Ruff flake8_async tests (${ruffTests} tests of codes we have; asyncio and library-agnostic expectations)`, ruffTally);

  const mismatches = [...flakeMismatches, ...ruffMismatches];
  console.log(`\nMismatches (${mismatches.length}):`);
  for (const m of verbose ? mismatches : mismatches.slice(0, 200)) console.log(`  ${m.kind.padEnd(6)} ${m.file}:${m.line} ${m.code}`);

  realCode(engine, corpus);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
