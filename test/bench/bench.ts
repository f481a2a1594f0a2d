/**
 * `npm run bench`: timings on a generated 10,000-line async module — full analysis, re-analysis
 * after a one-line edit, the bare tree-sitter parse, and Ruff's WASM build (ASYNC rules) in the
 * same process on the same text. Prints figures; asserts nothing.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine, DocumentSession } from '../../src/analysis/analyzer';
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

async function ruffTimer(text: string): Promise<{ ms: number; findings: number; version: string } | undefined> {
  try {
    const ruff = await import('@astral-sh/ruff-wasm-nodejs');
    const workspace = new ruff.Workspace({ 'line-length': 100, lint: { select: ['ASYNC', 'RUF006'], preview: true } }, ruff.PositionEncoding.Utf16);
    let findings = 0;
    const ms = time(() => {
      findings = (workspace.check(text) as unknown[]).length;
    });
    return { ms, findings, version: ruff.Workspace.version() };
  } catch (error) {
    console.log(`Ruff WASM unavailable: ${(error as Error).message}`);
    return undefined;
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

  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  const ruff = await ruffTimer(text);

  const row = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
  console.log(`Benchmark: generated async module, ${lineCount} lines, ${text.length} chars; median of ${RUNS} runs\n`);
  row('tree-sitter parse only', `${parseMs.toFixed(1)} ms`);
  row('full analysis (parse + model + rules)', `${fullMs.toFixed(1)} ms  (${findings} findings)`);
  row('re-analysis after a one-line edit', `${editMs.toFixed(1)} ms`);
  if (ruff) row(`Ruff ${ruff.version} WASM, ASYNC + RUF006`, `${ruff.ms.toFixed(1)} ms  (${ruff.findings} findings)`);
  console.log('');
  row('full analysis / bare parse', `${(fullMs / parseMs).toFixed(2)}x  (goal <= 1.5x)`);
  if (ruff) row('full analysis / Ruff WASM', `${(fullMs / ruff.ms).toFixed(2)}x  (goal < 1x)`);
  row('memory after runs (heap / rss)', `${heapMb.toFixed(0)} MB / ${rssMb.toFixed(0)} MB`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
