/**
 * `npm run bench`: the engine's speed and memory as ratios against anchors measured in the same
 * run, on generated async modules (10,000 and 50,000 lines): the bare web-tree-sitter parse of the
 * same text, Ruff's WASM build (ASYNC rules) on the same text, and a fixed 15 ms for a one-line
 * edit. Times are CPU time of this process (user + system), the median of many warm runs, the
 * sides of a ratio taken in turns: the machine is shared, and wall-clock time would mostly measure
 * the neighbours. Prints figures; asserts nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { type Analyzer, createEngine, DocumentSession } from '../../src/analysis/analyzer';
import { createPythonParser } from '../../src/analysis/parser';
import { SyntaxTree } from '../../src/analysis/syntaxTree';
import { cliThroughput } from './cliThroughput';
import { generateModule } from './generate';
import { serverFigures } from './server';
import { otherTreeReaders } from './treeReading';
import { workspaceCheckFigures } from './workspaceCheck';

const WARMUP = 10;
const RUNS = 21;
const EDIT_GOAL_MS = 15;
const SESSION_EDITS = 400;
/** Heap samples averaged at each end of the session edits: the findings kept hold up to 16 analyses' models, so one sample can land anywhere in that cycle. */
const HEAP_WINDOW = 16;
const EDIT_RUNS = 101;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Median CPU time of `fn` after warm-up runs (V8 optimises both sides before anything is timed). */
function time(fn: () => void, runs = RUNS, warmup = WARMUP): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(cpuMs(fn));
  return median(samples);
}

/**
 * Median CPU times of `fns` measured in turns (one run of each per round, the first of each round
 * rotating), so that a slower stretch of a shared machine weighs on every side of a ratio alike.
 */
function timeInTurns(fns: ReadonlyArray<() => void>, runs = RUNS, warmup = WARMUP): number[] {
  for (let i = 0; i < warmup; i++) fns.forEach((fn) => fn());
  const samples = fns.map(() => [] as number[]);
  for (let round = 0; round < runs; round++) {
    for (let turn = 0; turn < fns.length; turn++) {
      const index = (round + turn) % fns.length;
      samples[index].push(cpuMs(fns[index]));
    }
  }
  return samples.map(median);
}

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

function heapMb(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed / 1024 / 1024;
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

const row = (label: string, value: string, anchor = '') => console.log(`${label.padEnd(46)} ${value.padEnd(26)} ${anchor}`);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const ratio = (value: number, anchor: number) => `${(value / anchor).toFixed(2)}x`;

/**
 * A one-line edit somewhere in the middle of the text, each on the text the previous one left (as
 * typing does): a different line every call, of every kind (in a function body, a header, a blank
 * line between definitions).
 */
function lineEditor(text: string): () => string {
  const lines = text.split('\n');
  let edits = 0;
  return () => {
    edits++;
    const target = 200 + ((edits * 997) % (lines.length - 400));
    lines[target] = `${lines[target]}  # edit ${edits}`;
    return lines.join('\n');
  };
}

function fullAnalysis(engine: Analyzer, parse: (text: string) => void, parseAndRead: (text: string) => void, ruff: RuffChecker | undefined, lines: number, runs = RUNS, warmup = WARMUP) {
  const text = generateModule(lines);
  let findings = 0;
  let ruffFindings = 0;
  const sides = [
    () => parse(text),
    // What every analysis pays before a rule runs: the parse, then one cursor walk that copies each node's
    // type, range and field out of web-tree-sitter (one WebAssembly call per fact, the public API's only way).
    () => parseAndRead(text),
    () => {
      const result = engine.lint(text);
      if (result.skipped) throw new Error(`the bench's ${lines}-line module was skipped (${result.skipped})`);
      findings = result.findings.length;
      result.tree?.delete();
    },
  ];
  if (ruff) sides.push(() => (ruffFindings = ruff.check(text)));
  const [parseMs, readMs, fullMs, ruffMs] = timeInTurns(sides, runs, warmup);
  return { text, parseMs, readMs, fullMs, findings, ruffMs, ruffFindings };
}

/** Whole-corpus timing on real async projects, when the shared corpus is found above the repository. */
function realCorpusDir(): string | undefined {
  for (let up = path.resolve(__dirname, '..', '..'); up !== path.dirname(up); up = path.dirname(up)) {
    const candidate = path.join(up, 'shared', 'corpus', 'real');
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function realCode(engine: Analyzer, ruff: RuffChecker | undefined): void {
  const dir = realCorpusDir();
  if (!dir) return;
  const texts = fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.py'))
    .map((file) => fs.readFileSync(path.join(dir, file), 'utf8'));
  const lines = texts.reduce((sum, text) => sum + (text.match(/\n/g) ?? []).length, 0);
  const ours = time(() => texts.forEach((text) => engine.lint(text).tree?.delete()), 3, 1);
  console.log(`\nReal async code (shared/corpus/real): ${texts.length} files, ${lines} lines, one thread; median of 3 runs`);
  row('full analysis, all files', `${ours.toFixed(0)} ms`, `${Math.round((lines * 1000) / ours)} lines per CPU-second`);
  if (ruff) {
    const theirs = time(() => texts.forEach((text) => ruff.check(text)), 3, 1);
    row(`Ruff ${ruff.version} WASM, all files`, `${theirs.toFixed(0)} ms`, `ours / Ruff = ${ratio(ours, theirs)}`);
  }
}

async function main() {
  const wasmDir = path.resolve(__dirname, '..', '..', 'dist');
  const parser = await createPythonParser(wasmDir);
  // No time budget: on a busy machine a 50k-line file may take longer than the editor's default.
  const engine = await createEngine({ timeBudgetMs: 3_600_000 }, wasmDir);
  const ruff = await loadRuff();
  const parse = (text: string) => parser.parse(text)?.delete();
  const parseAndRead = (text: string) => {
    const tree = parser.parse(text);
    if (tree) new SyntaxTree(tree, text);
    tree?.delete();
  };

  const small = fullAnalysis(engine, parse, parseAndRead, ruff, 10_000);
  const readers = otherTreeReaders(parser).map(({ label, read }) => ({ label, ms: time(() => read(small.text)) }));
  const large = fullAnalysis(engine, parse, parseAndRead, ruff, 50_000, 7, 3);

  // Re-analysis after a one-line edit, the way the editor does it (DocumentSession, incremental parse).
  const session = new DocumentSession(engine);
  session.update(small.text);
  const nextEdit = lineEditor(small.text);
  const edits = { all: [] as number[], partial: [] as number[], full: [] as number[] };
  for (let i = 0; i < WARMUP + EDIT_RUNS; i++) {
    const text = nextEdit();
    const ms = cpuMs(() => session.update(text));
    if (i < WARMUP) continue;
    edits.all.push(ms);
    edits[session.lastUpdate ?? 'full'].push(ms);
  }
  const editMs = median(edits.all);

  // Memory: what a kept result costs, and whether a session grows across edits.
  const heapBefore = heapMb();
  const kept = engine.lint(small.text);
  kept.tree?.delete();
  const heapWithResult = heapMb();
  const heapSamples: number[] = [];
  for (let i = 0; i < SESSION_EDITS; i++) {
    session.update(nextEdit());
    if (i < HEAP_WINDOW || i >= SESSION_EDITS - HEAP_WINDOW) heapSamples.push(heapMb());
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const heapSessionStart = mean(heapSamples.slice(0, HEAP_WINDOW));
  const heapSessionEnd = mean(heapSamples.slice(HEAP_WINDOW));
  session.dispose();

  const lines10k = small.text.split('\n').length - 1;
  console.log(`Generated async modules: ${lines10k} lines (${small.text.length} chars) and 50,000 lines; CPU ms, median of ${RUNS} warm runs (50k: 7), the parse, the read, the analysis and Ruff timed in turns\n`);
  row('figure', 'measured', 'anchor (same run) → ratio');
  row('bare web-tree-sitter parse, 10k lines', ms(small.parseMs));
  row('parse + reading the tree into the engine', ms(small.readMs), `parse → ${ratio(small.readMs, small.parseMs)} (the floor under any rule)`);
  for (const reader of readers) row(`  or parse + ${reader.label}`, ms(reader.ms), `the walk → ${ratio(reader.ms, small.readMs)} (reads less)`);
  row('full analysis, 10k lines', `${ms(small.fullMs)} (${small.findings} findings)`, `parse → ${ratio(small.fullMs, small.parseMs)} (goal ≤ 2x)`);
  if (small.ruffMs !== undefined) row(`Ruff ${ruff!.version} WASM, 10k lines`, `${ms(small.ruffMs)} (${small.ruffFindings} findings)`, `ours / Ruff → ${ratio(small.fullMs, small.ruffMs)}`);
  row(`one-line edit, 10k lines (session, ${EDIT_RUNS} edits)`, ms(editMs), `${EDIT_GOAL_MS} ms → ${ratio(editMs, EDIT_GOAL_MS)} (goal ≤ 1x)`);
  if (small.ruffMs !== undefined) row('', '', `Ruff full check → ${ratio(editMs, small.ruffMs)} (goal < 1x)`);
  if (edits.partial.length > 0) row(`  re-analysed in part (${edits.partial.length} of them)`, ms(median(edits.partial)), 'only the units the edit reaches re-run');
  // A full analysis: an edit that changed the units, or the kept findings renewed once they come from 64 analyses.
  if (edits.full.length > 0) row(`  whole text (${edits.full.length}: units changed, or findings renewed)`, ms(median(edits.full)), `whole text → ${ratio(median(edits.full), small.fullMs)} of a full analysis`);
  row('bare web-tree-sitter parse, 50k lines', ms(large.parseMs));
  row('full analysis, 50k lines', `${ms(large.fullMs)} (${large.findings} findings)`, `parse → ${ratio(large.fullMs, large.parseMs)}`);
  // Each size against its own parse: the 10k and 50k runs are minutes apart, and this machine's speed drifts.
  row('', '', `against the 10k module's ratio → ${ratio(large.fullMs / large.parseMs, small.fullMs / small.parseMs)} (linear = 1x)`);
  if (large.ruffMs !== undefined) row(`Ruff WASM, 50k lines`, ms(large.ruffMs), `ours / Ruff → ${ratio(large.fullMs, large.ruffMs)}`);
  console.log('');
  row('heap kept by one 10k-line result', `${(heapWithResult - heapBefore).toFixed(1)} MB`, 'findings + what their lazy fixes need');
  row(`heap growth over ${SESSION_EDITS} session edits`, `${(heapSessionEnd - heapSessionStart).toFixed(1)} MB`, `mean of the first and last ${HEAP_WINDOW}; each edit adds a comment, and V8 still compiles (the server's row below measures neither)`);
  const memory = process.memoryUsage();
  row('process heap / rss at the end', `${(memory.heapUsed / 1048576).toFixed(0)} MB / ${(memory.rss / 1048576).toFixed(0)} MB`);
  void kept;
  // `npm run bench -- --engine`: the figures above only, without the corpus, the server and the CLI.
  if (process.argv.includes('--engine')) return;
  realCode(engine, ruff);
  await serverFigures(row, { inProcessEditMs: editMs, corpus: realCorpusDir() });
  const corpus = realCorpusDir();
  if (corpus) await workspaceCheckFigures(row, corpus);
  cliThroughput(row);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
