/**
 * `npm run conformance -- [CORPUS_DIR]` (default ../shared/corpus): recall and precision against the
 * peers' own test expectations (flake8-async eval files under asyncio, Ruff's flake8_async fixtures),
 * counting only codes this engine has; then the real async projects (corpus/real): per code findings,
 * verdicts from the reviewed-findings ledger (ledger.tsv) and findings per 10k lines, and Ruff's
 * baseline on the shared codes. Fails (exit 1) on a finding without a verdict, a "false" one still
 * reported, a "true" one no longer reported, or a Ruff finding we miss. `--unreviewed` prints ledger
 * rows to fill in. Not part of `npm test`: the project's own tests do not depend on the corpus.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine, type Analyzer } from '../../src/analysis/analyzer';
import { CODES } from '../../src/analysis/codes';
import type { AnalyzerOptions } from '../../src/analysis/options';
import type { SeveritySetting } from '../../src/analysis/types';
import { decodePython } from '../../src/cli/files';
import { FileSystemWorkspace } from '../../src/analysis/fileSystemWorkspace';
import { fixEveryFinding } from './corpusFixes';
import { enclosingScope, ledgerRow, matchLedger, normalizeSource, readLedger, type ReviewedFinding } from './ledger';
import { pythonFiles } from '../support/pythonFiles';

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

/** A measurement covers every file: no time budget (a busy machine skipped a big file at the default 10 s). */
const NO_BUDGET_MS = 3_600_000;
const skippedFiles: string[] = [];

function lint(engine: Analyzer, file: string, options: AnalyzerOptions): Array<{ line: number; code: string; message: string; severity: string }> {
  engine.configure({ timeBudgetMs: NO_BUDGET_MS, ...options });
  const result = engine.lint(decodePython(fs.readFileSync(file)), { file });
  result.tree?.delete();
  if (result.skipped) skippedFiles.push(`${file} was not checked (${result.skipped})`);
  for (const error of result.ruleErrors) console.log(`  rule error in ${file}: ${error.message}`);
  return result.findings.map((f) => ({ line: f.range.start.line + 1, code: f.code, message: f.message, severity: f.severity }));
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

const LEDGER = path.join(__dirname, '..', '..', 'test', 'conformance', 'ledger.tsv');

interface RealRun {
  lines: number;
  files: number;
  /** Default settings, as `python-async-guide check .` run in each project's folder reports them. */
  findings: ReviewedFinding[];
  /** Every code on, to compare with Ruff's baseline (which has every rule on). */
  allOn: Set<string>;
}

/** The project folders of the real corpus, in order: each is checked as a workspace of its own. */
function projectsIn(root: string): string[] {
  return fs.readdirSync(root).filter((name) => fs.statSync(path.join(root, name)).isDirectory()).sort();
}

function lintProjects(engine: Analyzer, root: string): RealRun {
  const run: RealRun = { lines: 0, files: 0, findings: [], allOn: new Set() };
  const projects = projectsIn(root);
  for (const project of projects) {
    const workspace = new FileSystemWorkspace([path.join(root, project)]);
    for (const file of pythonFiles(path.join(root, project))) {
      const relative = path.relative(root, file).split(path.sep).join('/');
      const text = decodePython(fs.readFileSync(file));
      const sourceLines = text.split(/\r?\n/);
      run.files++;
      run.lines += (text.match(/\n/g) ?? []).length;
      for (const finding of lint(engine, file, { workspace })) {
        run.findings.push({
          path: relative,
          line: finding.line,
          code: finding.code,
          severity: finding.severity,
          message: finding.message,
          scope: enclosingScope(sourceLines, finding.line - 1),
          source: normalizeSource(sourceLines[finding.line - 1] ?? ''),
        });
      }
      for (const finding of lint(engine, file, { workspace, severity: ALL_ON })) run.allOn.add(`${relative}:${finding.line}:${finding.code}`);
    }
  }
  return run;
}

const RUFF_CODES: Record<string, string> = { RUF006: 'ASYNC300', RUF029: 'ASYNC124' };

/**
 * Ruff baseline findings on codes this engine has that it does not report on the same line (every
 * code on), as ledger findings coded `ruff:CODE`: the ledger says whether Ruff is right there.
 */
function lostToRuff(root: string, run: RealRun): ReviewedFinding[] {
  const baseline = path.join(root, 'ruff-baseline.json');
  if (!fs.existsSync(baseline)) return [];
  const findings = JSON.parse(fs.readFileSync(baseline, 'utf8')).findings as Array<{ file: string; line: number; code: string; message: string }>;
  return findings
    .map((f) => ({ ...f, code: RUFF_CODES[f.code] ?? f.code }))
    .filter((f) => OUR_CODES.has(f.code) && !run.allOn.has(`${f.file}:${f.line}:${f.code}`))
    .map((f) => {
      const sourceLines = decodePython(fs.readFileSync(path.join(root, f.file))).split(/\r?\n/);
      return {
        path: f.file,
        line: f.line,
        code: `ruff:${f.code}`,
        severity: 'warning',
        message: f.message,
        scope: enclosingScope(sourceLines, f.line - 1),
        source: normalizeSource(sourceLines[f.line - 1] ?? ''),
      };
    });
}

/** Per code: findings, verdicts, density; then warnings precision. Returns the failures. */
function realCode(engine: Analyzer, corpus: string, printUnreviewed: boolean, verbose: boolean): string[] {
  const root = path.join(corpus, 'real');
  const run = lintProjects(engine, root);
  const per10k = (n: number) => ((n * 10000) / run.lines).toFixed(2);
  console.log(`\nReal async code (${run.files} files, ${run.lines} lines; default settings, each project its own workspace): ${run.findings.length} findings, ${per10k(run.findings.length)} per 10k lines`);

  const ledger = readLedger(LEDGER);
  const isRuffEntry = (entry: { code: string }) => entry.code.startsWith('ruff:');
  const match = matchLedger(run.findings, ledger.entries.filter((entry) => !isRuffEntry(entry)));
  type Row = { findings: number; true: number; false: number; debatable: number; unreviewed: number };
  const rows = new Map<string, Row>();
  const row = (code: string) => rows.get(code) ?? rows.set(code, { findings: 0, true: 0, false: 0, debatable: 0, unreviewed: 0 }).get(code)!;
  const warnings = { true: 0, all: 0 };
  for (const { finding, entry } of match.reviewed) {
    row(finding.code).findings++;
    row(finding.code)[entry.verdict]++;
    if (finding.severity === 'warning' || finding.severity === 'error') {
      warnings.all++;
      if (entry.verdict === 'true') warnings.true++;
    }
  }
  for (const finding of match.unreviewed) {
    row(finding.code).findings++;
    row(finding.code).unreviewed++;
    if (finding.severity === 'warning' || finding.severity === 'error') warnings.all++;
  }
  console.log(`${'code'.padEnd(10)} ${'found'.padStart(5)} ${'true'.padStart(5)} ${'false'.padStart(5)} ${'debat.'.padStart(6)} ${'new'.padStart(4)}  per 10k lines`);
  const total: Row = { findings: 0, true: 0, false: 0, debatable: 0, unreviewed: 0 };
  for (const [code, r] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    for (const key of Object.keys(total) as Array<keyof Row>) total[key] += r[key];
    console.log(`${code.padEnd(10)} ${String(r.findings).padStart(5)} ${String(r.true).padStart(5)} ${String(r.false).padStart(5)} ${String(r.debatable).padStart(6)} ${String(r.unreviewed).padStart(4)}  ${per10k(r.findings)}`);
  }
  console.log(`${'all'.padEnd(10)} ${String(total.findings).padStart(5)} ${String(total.true).padStart(5)} ${String(total.false).padStart(5)} ${String(total.debatable).padStart(6)} ${String(total.unreviewed).padStart(4)}  ${per10k(total.findings)}`);
  console.log(`Warnings (and errors) precision: ${warnings.true} true of ${warnings.all} = ${percent(warnings.true, warnings.all).trim()} (debatable and unreviewed count as not true)`);

  const failures: string[] = [...ledger.problems];
  for (const finding of match.unreviewed) failures.push(`unreviewed: ${finding.path}:${finding.line} ${finding.code} ${finding.message.slice(0, 120)}`);
  for (const { finding, entry } of match.reviewed) {
    if (entry.verdict === 'false') failures.push(`still reported, ledger says false (ledger.tsv:${entry.ledgerLine}): ${finding.path}:${finding.line} ${finding.code} — ${entry.reason}`);
  }
  for (const entry of match.stale) {
    const note = `ledger.tsv:${entry.ledgerLine} ${entry.path}:${entry.line} ${entry.code} (${entry.verdict}) is no longer reported`;
    if (entry.verdict === 'true') failures.push(`lost a true finding: ${note}`);
    else console.log(`  stale entry, remove it: ${note}`);
  }
  const lost = matchLedger(lostToRuff(root, run), ledger.entries.filter(isRuffEntry));
  console.log(`Ruff baseline findings on codes we have that we do not report (every code on): ${lost.reviewed.length + lost.unreviewed.length}`);
  const ruffVerdicts = new Map<string, number>();
  for (const { finding, entry } of lost.reviewed) {
    ruffVerdicts.set(entry.verdict, (ruffVerdicts.get(entry.verdict) ?? 0) + 1);
    if (entry.verdict === 'true') failures.push(`Ruff finds, we do not, and the ledger says Ruff is right (ledger.tsv:${entry.ledgerLine}): ${finding.path}:${finding.line} ${finding.code}`);
    else if (verbose) console.log(`  ${finding.path}:${finding.line} ${finding.code} (${entry.verdict}): ${entry.reason}`);
  }
  console.log(`  Ruff's finding there per the ledger: ${[...ruffVerdicts].map(([verdict, n]) => `${verdict} ${n}`).join(', ') || 'none'}${verbose ? '' : ' (--verbose lists them)'}`);
  for (const finding of lost.unreviewed) failures.push(`Ruff finds, we do not (no verdict): ${finding.path}:${finding.line} ${finding.code} ${finding.message}`);
  for (const entry of lost.stale) console.log(`  stale entry, remove it: ledger.tsv:${entry.ledgerLine} ${entry.path}:${entry.line} ${entry.code} (we report it now)`);
  match.unreviewed.push(...lost.unreviewed);
  if (printUnreviewed && match.unreviewed.length > 0) {
    console.log(`\nRows for the unreviewed findings (fill in verdict and reason, then add them to ledger.tsv):`);
    for (const finding of match.unreviewed) console.log(ledgerRow(finding));
  }
  return failures;
}

/** Every fix of every finding (every code on) on the real projects and the peers' fixtures; returns the failures. */
function fixesOnCorpus(engine: Analyzer, corpus: string): string[] {
  const real = path.join(corpus, 'real');
  const targets = [
    ...projectsIn(real).map((project) => ({ dir: path.join(real, project), options: { severity: ALL_ON, workspace: new FileSystemWorkspace([path.join(real, project)]) } })),
    { dir: path.join(corpus, 'flake8-async', 'eval_files_asyncio'), options: { severity: ALL_ON } },
    { dir: path.join(corpus, 'ruff', 'fixtures'), options: { severity: ALL_ON } },
  ];
  const result = fixEveryFinding(engine, targets, NO_BUDGET_MS);
  const perCode = [...result.perCode].sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => `${code} ${n}`);
  console.log(`\nFixes on real code and the peers' fixtures (every code on): ${result.fixes} fixes of ${result.findings} findings applied one by one; ${result.problems.length} broke the file or left the finding`);
  console.log(`  ${perCode.join(', ')}`);
  console.log(`  fix-all on the ${result.fixAllFiles} files with a preferred fix: ${result.fixAllApplied} fixes applied`);
  console.log(`  --add-noqa on the ${result.noqaFiles} files with findings: ${result.noqaLines} lines given a # noqa`);
  return result.problems.map((problem) => `fix: ${problem}`);
}

/** The nearest `shared/corpus` above the build (the main checkout and the worktrees both find it). */
function defaultCorpus(): string {
  for (let dir = path.resolve(__dirname); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'corpus');
    if (fs.existsSync(candidate)) return candidate;
  }
  return path.join(__dirname, '..', '..', '..', 'shared', 'corpus');
}

async function main() {
  const corpus = path.resolve(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? defaultCorpus());
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

  const failures = [...realCode(engine, corpus, process.argv.includes('--unreviewed'), verbose), ...fixesOnCorpus(engine, corpus), ...skippedFiles];
  if (failures.length > 0) {
    console.log(`\nConformance FAILED (${failures.length}):`);
    for (const failure of failures) console.log(`  ${failure}`);
    process.exitCode = 1;
  } else {
    console.log('\nConformance passed: every finding on the real corpus has a verdict, none is false, no true one and no Ruff finding lost; every fix keeps the file valid and removes its finding.');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
