/**
 * `npm run holdout -- DIR [--unreviewed] [--list] [--verdicts FILE] [--time-budget MS]`: precision on real projects the
 * rules were never tuned on (test/conformance/holdout.md says how DIR is made). DIR holds one folder
 * per project, each checked by the CLI (`dist/cli.js check . --format json`, default settings, run in
 * the project's folder as a user would); `DIR/VERSIONS` (lines `project version`) names the version
 * of each. Prints per code: findings, verdicts from holdout.tsv, findings per 10k lines; warnings
 * precision overall, per code and outside test folders; files the CLI could not check; and Ruff's
 * findings (its WASM build, ASYNC + RUF006/RUF029) on codes we share that we do not report with every
 * code on. The project's own tests never need DIR: it is measured, not tested.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { CODES } from '../../src/analysis/codes';
import { decodePython } from '../../src/cli/files';
import { pythonFiles } from '../support/pythonFiles';

const REPO = path.join(__dirname, '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const DEFAULT_VERDICTS = path.join(REPO, 'test', 'conformance', 'holdout.tsv');
const COLUMNS = ['package', 'version', 'path', 'line', 'code', 'verdict', 'reason'];
const VERDICTS = ['true', 'false', 'debatable'] as const;
type Verdict = (typeof VERDICTS)[number];

interface Finding {
  project: string;
  path: string;
  line: number;
  code: string;
  severity: string;
  message: string;
}

interface Entry {
  project: string;
  version: string;
  path: string;
  line: number;
  code: string;
  verdict: Verdict;
  reason: string;
}

const keyOf = (item: { project: string; path: string; line: number; code: string }) => `${item.project}\u0000${item.path}\u0000${item.line}\u0000${item.code}`;

/** The CLI's JSON findings for one project, paths relative to it; `problems` are files it could not check. */
function check(projectDir: string, extraArgs: string[]): { findings: Array<Omit<Finding, 'project'>>; problems: string[] } {
  const result = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json', '--exit-zero', ...extraArgs], {
    cwd: projectDir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const problems = (result.stderr ?? '').split('\n').filter((line) => line.trim());
  if (result.status !== 0) problems.push(`exit status ${result.status}${result.signal ? ` (${result.signal})` : ''}`);
  let parsed: Array<{ file: string; line: number; code: string; severity: string; message: string }> = [];
  try {
    parsed = JSON.parse(result.stdout || '[]');
  } catch (error) {
    problems.push(`unreadable JSON output: ${(error as Error).message}`);
  }
  return {
    findings: parsed.map((f) => ({ path: path.relative(projectDir, f.file).split(path.sep).join('/'), line: f.line, code: f.code, severity: f.severity, message: f.message })),
    problems,
  };
}

function readVersions(dir: string): Map<string, string> {
  const file = path.join(dir, 'VERSIONS');
  const versions = new Map<string, string>();
  if (!fs.existsSync(file)) return versions;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [project, version] = line.trim().split(/\s+/);
    if (project && version) versions.set(project, version);
  }
  return versions;
}

function readVerdicts(file: string): { entries: Entry[]; problems: string[] } {
  const entries: Entry[] = [];
  const problems: string[] = [];
  if (!fs.existsSync(file)) return { entries, problems };
  fs.readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((text, index) => {
      if (!text.trim() || text.startsWith('#')) return;
      const cells = text.split('\t');
      if (cells[0] === COLUMNS[0]) return;
      const [project, version, file, line, code, verdict, reason] = cells;
      if (cells.length !== COLUMNS.length || !VERDICTS.includes(verdict as Verdict) || !reason?.trim() || !Number(line)) {
        problems.push(`${path.basename(file)}:${index + 1}: expected ${COLUMNS.length} tab-separated cells (${COLUMNS.join(', ')}) with verdict true/false/debatable`);
        return;
      }
      entries.push({ project, version, path: file, line: Number(line), code, verdict: verdict as Verdict, reason });
    });
  return { entries, problems };
}

interface RuffDiagnostic {
  code: string | null;
  start_location: { row: number };
}

/** Ruff's WASM build (a dev dependency) with the flake8-async rules and the asyncio RUF rules on. */
function ruffChecker(): { version: string; check: (text: string) => RuffDiagnostic[] } | undefined {
  try {
    const ruff = createRequire(__filename)('@astral-sh/ruff-wasm-nodejs');
    const workspace = new ruff.Workspace({ lint: { select: ['ASYNC', 'RUF006', 'RUF029'], preview: true } }, ruff.PositionEncoding.Utf16);
    return { version: ruff.Workspace.version(), check: (text) => workspace.check(text) as RuffDiagnostic[] };
  } catch (error) {
    console.log(`Ruff WASM unavailable (${(error as Error).message}): the Ruff comparison is skipped.`);
    return undefined;
  }
}

const RUFF_CODES: Record<string, string> = { RUF006: 'ASYNC300', RUF029: 'ASYNC124' };

const isWarning = (severity: string) => severity === 'warning' || severity === 'error';
const inTests = (file: string) => /(^|\/)(tests?|testing)(\/|$)|(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(file);

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const index = args.indexOf(name);
    return index >= 0 ? args.splice(index, 2)[1] : undefined;
  };
  const verdictsFile = path.resolve(option('--verdicts') ?? DEFAULT_VERDICTS);
  // On a busy machine a big file can pass the default 10 s budget and be skipped: a measurement
  // may raise it so that the figures do not depend on the load.
  const budget = option('--time-budget');
  const cliArgs = budget ? ['--time-budget', budget] : [];
  const flags = new Set(args.filter((arg) => arg.startsWith('--')));
  const dir = args.find((arg) => !arg.startsWith('--'));
  if (!dir || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    console.error('Usage: npm run holdout -- DIR [--unreviewed] [--list] [--verdicts FILE] [--time-budget MS]  (DIR: one folder per project; see test/conformance/holdout.md)');
    process.exit(2);
  }
  if (!fs.existsSync(CLI)) {
    console.error(`No CLI at ${CLI}: run npm run build first.`);
    process.exit(2);
  }
  const root = path.resolve(dir);
  const versions = readVersions(root);
  const projects = fs
    .readdirSync(root)
    .filter((name) => fs.statSync(path.join(root, name)).isDirectory())
    .sort();
  const allOnArgs = [...CODES.keys()].flatMap((code) => ['--severity', `${code}=warning`]);
  const ruff = ruffChecker();

  const findings: Finding[] = [];
  const problems: string[] = [];
  const lostToRuff: string[] = [];
  let lines = 0;
  let files = 0;
  console.log(`${'project'.padEnd(14)} ${'version'.padEnd(24)} ${'files'.padStart(5)} ${'lines'.padStart(7)} ${'found'.padStart(5)}`);
  for (const project of projects) {
    const projectDir = path.join(root, project);
    const sources = pythonFiles(projectDir);
    let projectLines = 0;
    for (const file of sources) projectLines += (decodePython(fs.readFileSync(file)).match(/\n/g) ?? []).length;
    lines += projectLines;
    files += sources.length;
    const run = check(projectDir, cliArgs);
    findings.push(...run.findings.map((f) => ({ ...f, project })));
    problems.push(...run.problems.map((p) => `${project}: ${p}`));
    console.log(`${project.padEnd(14)} ${(versions.get(project) ?? '?').padEnd(24)} ${String(sources.length).padStart(5)} ${String(projectLines).padStart(7)} ${String(run.findings.length).padStart(5)}`);
    if (!ruff) continue;
    const allOn = new Set(check(projectDir, [...cliArgs, ...allOnArgs]).findings.map((f) => `${f.path}:${f.line}:${f.code}`));
    for (const file of sources) {
      const relative = path.relative(projectDir, file).split(path.sep).join('/');
      for (const diagnostic of ruff.check(decodePython(fs.readFileSync(file)))) {
        const code = diagnostic.code ? (RUFF_CODES[diagnostic.code] ?? diagnostic.code) : undefined;
        if (!code || !CODES.has(code)) continue;
        if (!allOn.has(`${relative}:${diagnostic.start_location.row}:${code}`)) lostToRuff.push(`${project}/${relative}:${diagnostic.start_location.row} ${code}`);
      }
    }
  }

  const verdicts = readVerdicts(verdictsFile);
  problems.push(...verdicts.problems);
  const byKey = new Map(verdicts.entries.map((entry) => [keyOf(entry), entry]));
  const per10k = (n: number) => ((n * 10000) / lines).toFixed(2);
  type Row = { found: number; warnings: number; true: number; false: number; debatable: number; unreviewed: number; warningsTrue: number };
  const rows = new Map<string, Row>();
  const empty = (): Row => ({ found: 0, warnings: 0, true: 0, false: 0, debatable: 0, unreviewed: 0, warningsTrue: 0 });
  const unreviewed: Finding[] = [];
  const outsideTests = { warnings: 0, true: 0 };
  const seen = new Set<string>();
  for (const finding of findings) {
    const row = rows.get(finding.code) ?? rows.set(finding.code, empty()).get(finding.code)!;
    const entry = byKey.get(keyOf(finding));
    seen.add(keyOf(finding));
    row.found++;
    if (entry) row[entry.verdict]++;
    else {
      row.unreviewed++;
      unreviewed.push(finding);
    }
    if (!isWarning(finding.severity)) continue;
    row.warnings++;
    if (entry?.verdict === 'true') row.warningsTrue++;
    if (!inTests(finding.path)) {
      outsideTests.warnings++;
      if (entry?.verdict === 'true') outsideTests.true++;
    }
  }

  console.log(`\n${projects.length} projects, ${files} files, ${lines} lines (default settings, each project checked in its own folder): ${findings.length} findings, ${per10k(findings.length)} per 10k lines`);
  console.log(`${'code'.padEnd(9)} ${'found'.padStart(5)} ${'warn'.padStart(5)} ${'true'.padStart(5)} ${'false'.padStart(5)} ${'debat.'.padStart(6)} ${'new'.padStart(4)}  ${'per 10k'.padStart(7)}  warnings precision`);
  const total = empty();
  for (const [code, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    for (const key of Object.keys(total) as Array<keyof Row>) total[key] += row[key];
    console.log(
      `${code.padEnd(9)} ${String(row.found).padStart(5)} ${String(row.warnings).padStart(5)} ${String(row.true).padStart(5)} ${String(row.false).padStart(5)} ${String(row.debatable).padStart(6)} ${String(row.unreviewed).padStart(4)}  ${per10k(row.found).padStart(7)}  ${percent(row.warningsTrue, row.warnings)}`,
    );
  }
  console.log(
    `${'all'.padEnd(9)} ${String(total.found).padStart(5)} ${String(total.warnings).padStart(5)} ${String(total.true).padStart(5)} ${String(total.false).padStart(5)} ${String(total.debatable).padStart(6)} ${String(total.unreviewed).padStart(4)}  ${per10k(total.found).padStart(7)}  ${percent(total.warningsTrue, total.warnings)}`,
  );
  console.log(`Warnings (and errors) precision: ${total.warningsTrue} true of ${total.warnings} = ${percent(total.warningsTrue, total.warnings)}; outside test folders ${outsideTests.true} of ${outsideTests.warnings} = ${percent(outsideTests.true, outsideTests.warnings)} (debatable and unreviewed count as not true)`);

  const stale = verdicts.entries.filter((entry) => projects.includes(entry.project) && !seen.has(keyOf(entry)));
  const staleByVerdict = VERDICTS.map((verdict) => `${verdict} ${stale.filter((entry) => entry.verdict === verdict).length}`).join(', ');
  console.log(`Reviewed findings no longer reported: ${stale.length} (${staleByVerdict})`);
  if (flags.has('--list')) for (const entry of stale) console.log(`  gone: ${entry.project}/${entry.path}:${entry.line} ${entry.code} (${entry.verdict}) ${entry.reason}`);
  const otherVersion = verdicts.entries.filter((entry) => versions.has(entry.project) && versions.get(entry.project) !== entry.version);
  if (otherVersion.length > 0) console.log(`Verdicts recorded for another version than DIR/VERSIONS names: ${otherVersion.length} (their lines may not match)`);

  if (ruff) {
    console.log(`Ruff ${ruff.version} (WASM; ASYNC, RUF006, RUF029) findings on codes we share that we do not report with every code on: ${lostToRuff.length}`);
    for (const lost of lostToRuff) console.log(`  ${lost}`);
  }
  console.log(`Files the CLI could not check, crashes: ${problems.length === 0 ? 'none' : problems.length}`);
  for (const problem of problems) console.log(`  ${problem}`);

  if (flags.has('--unreviewed') && unreviewed.length > 0) {
    console.log(`\nRows for the unreviewed findings (fill in verdict and reason, add them to ${path.basename(verdictsFile)}):`);
    for (const f of unreviewed) console.log([f.project, versions.get(f.project) ?? '?', f.path, f.line, f.code, '?', `${f.severity}: ${f.message.slice(0, 160)}`].join('\t'));
  }
}

main();
