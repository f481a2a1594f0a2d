/**
 * `npm run bench`: timings on a generated 10,000-line async module — full analysis, re-analysis
 * after a one-line edit, the bare tree-sitter parse, and Ruff's WASM build (ASYNC rules) in the
 * same process on the same text. Prints figures; asserts nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Analyzer, createEngine, DocumentSession } from '../../src/analysis/analyzer';
import { createPythonParser } from '../../src/analysis/parser';
import { generateModule } from './generate';

const RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn: () => void, runs = RUNS): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

interface RuffChecker {
  version: string;
  check(text: string): number;
}

async function loadRuff(): Promise<RuffChecker | undefined> {
  try {
    const ruff = await import('@astral-sh/ruff-wasm-nodejs');
    const workspace = new ruff.Workspace({ 'line-length': 100, lint: { select: ['ASYNC', 'RUF006'], preview: true } }, ruff.PositionEncoding.Utf16);
    return { version: ruff.Workspace.version(), check: (text) => (workspace.check(text) as unknown[]).length };
  } catch (error) {
    console.log(`Ruff WASM unavailable: ${(error as Error).message}`);
    return undefined;
  }
}

function pythonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.py'))
    .map((file) => path.join(dir, file));
}

/** Whole-corpus timing on real async projects, when the shared corpus is next to the repository. */
function realCode(engine: Analyzer, ruff: RuffChecker | undefined, row: (label: string, value: string) => void): void {
  const dir = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus', 'real');
  if (!fs.existsSync(dir)) return;
  const texts = pythonFiles(dir).map((file) => fs.readFileSync(file, 'utf8'));
  const lines = texts.reduce((sum, text) => sum + (text.match(/\n/g) ?? []).length, 0);
  const ours = time(() => texts.forEach((text) => engine.lint(text).tree?.delete()), 5);
  console.log(`\nReal async code: ${texts.length} files, ${lines} lines (aiohttp, httpx, websockets, asyncpg); median of 5 runs`);
  row('full analysis, all files', `${ours.toFixed(0)} ms  (${((ours * 1000) / lines).toFixed(1)} ms per 1,000 lines)`);
  if (ruff) {
    const theirs = time(() => texts.forEach((text) => ruff.check(text)), 5);
    row(`Ruff ${ruff.version} WASM, all files`, `${theirs.toFixed(0)} ms  (${(ours / theirs).toFixed(2)}x)`);
  }
}

async function main() {
  const wasmDir = path.resolve(__dirname, '..', '..', 'dist');
  const text = generateModule();
  const lineCount = text.split('\n').length - 1;
  const parser = await createPythonParser(wasmDir);
  const engine = await createEngine({}, wasmDir);

  const parseMs = time(() => parser.parse(text)?.delete());
  let findings = 0;
  const fullMs = time(() => {
    const result = engine.lint(text);
    findings = result.findings.length;
    result.tree?.delete();
  });

  // Re-analysis after a one-line edit, the way the editor does it: incremental parse, full rule pass.
  const session = new DocumentSession(engine);
  session.update(text);
  const lines = text.split('\n');
  let edits = 0;
  const editMs = time(() => {
    edits++;
    const target = 200 + ((edits * 997) % (lines.length - 400));
    const edited = [...lines];
    edited[target] = `${edited[target]}  # edit ${edits}`;
    session.update(edited.join('\n'));
  });
  session.dispose();

  const thousand = generateModule(1000);
  const thousandMs = time(() => engine.lint(thousand).tree?.delete());

  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  const ruffChecker = await loadRuff();
  let ruffFindings = 0;
  const ruff = ruffChecker && {
    version: ruffChecker.version,
    ms: time(() => {
      ruffFindings = ruffChecker.check(text);
    }),
  };

  const row = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
  console.log(`Benchmark: generated async module, ${lineCount} lines, ${text.length} chars; median of ${RUNS} runs\n`);
  row('tree-sitter parse only', `${parseMs.toFixed(1)} ms`);
  row('full analysis (parse + model + rules)', `${fullMs.toFixed(1)} ms  (${findings} findings)`);
  row('re-analysis after a one-line edit', `${editMs.toFixed(1)} ms`);
  if (ruff) row(`Ruff ${ruff.version} WASM, ASYNC + RUF006`, `${ruff.ms.toFixed(1)} ms  (${ruffFindings} findings)`);
  row('full analysis of a 1,000-line module', `${thousandMs.toFixed(1)} ms`);
  console.log('');
  row('full analysis / bare parse', `${(fullMs / parseMs).toFixed(2)}x  (goal <= 1.5x)`);
  if (ruff) row('full analysis / Ruff WASM', `${(fullMs / ruff.ms).toFixed(2)}x  (goal < 1x)`);
  row('memory after runs (heap / rss)', `${heapMb.toFixed(0)} MB / ${rssMb.toFixed(0)} MB`);
  realCode(engine, ruffChecker, row);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
