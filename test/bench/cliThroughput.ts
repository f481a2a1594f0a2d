import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function countLines(dir: string): { files: number; lines: number } {
  let files = 0;
  let lines = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true }).map(String)) {
    if (!entry.endsWith('.py')) continue;
    files++;
    lines += (fs.readFileSync(path.join(dir, entry), 'utf8').match(/\n/g) ?? []).length;
  }
  return { files, lines };
}

interface CliRun {
  wallMs: number;
  cpuMs: number;
  output: string;
}

/** One `check` of the folder by the built CLI; wall and CPU time (user + sys, all threads) from bash's `time`. */
function runCli(cli: string, dir: string, jobs: number): CliRun {
  const script = `TIMEFORMAT='%R %U %S'; time "$NODE" "$CLI" check --format json --jobs ${jobs} "$DIR" > "$OUT" 2>/dev/null`;
  const out = path.join(os.tmpdir(), `pag-bench-cli-${process.pid}-${jobs}.json`);
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, NODE: process.execPath, CLI: cli, DIR: dir, OUT: out } });
  const [real, user, sys] = result.stderr.trim().split(/\s+/).slice(-3).map(Number);
  const output = fs.readFileSync(out, 'utf8');
  fs.rmSync(out, { force: true });
  return { wallMs: real * 1000, cpuMs: (user + sys) * 1000, output };
}

/**
 * The CLI over shared/corpus/real, on one thread and on one worker per CPU, as lines per second of
 * wall time (what CI waits) and per CPU-second (what it costs), and the speed-up of the threads.
 */
export function cliThroughput(row: (label: string, value: string, anchor?: string) => void): void {
  let dir = '';
  for (let up = path.resolve(__dirname, '..', '..'); up !== path.dirname(up) && !dir; up = path.dirname(up)) {
    if (fs.existsSync(path.join(up, 'shared', 'corpus', 'real'))) dir = path.join(up, 'shared', 'corpus', 'real');
  }
  const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
  if (!dir || !fs.existsSync(cli)) return;
  const { files, lines } = countLines(dir);
  const cpus = os.availableParallelism();
  console.log(`\nCLI throughput: dist/cli.js check on shared/corpus/real (${files} files, ${lines} lines), ${cpus} CPUs; median of ${RUNS} runs each, in turns`);
  const measured = new Map<number, { wallMs: number; cpuMs: number }>();
  let reference: string | undefined;
  // In turns (one run of each per round): this machine's speed drifts between minutes, which would bias a ratio
  // taken from all of one side's runs, then all of the other's.
  const runsOf = new Map<number, CliRun[]>([[1, []], [cpus, []]]);
  for (let round = 0; round < RUNS; round++) {
    for (const [jobs, runs] of runsOf) {
      const run = runCli(cli, dir, jobs);
      reference ??= run.output;
      if (run.output !== reference) throw new Error(`--jobs ${jobs} printed different findings than --jobs 1`);
      runs.push(run);
    }
  }
  for (const [jobs, runs] of runsOf) {
    const wallMs = median(runs.map((run) => run.wallMs));
    const cpuMs = median(runs.map((run) => run.cpuMs));
    measured.set(jobs, { wallMs, cpuMs });
    row(
      `CLI --jobs ${jobs}, wall / CPU (all threads)`,
      `${wallMs.toFixed(0)} ms / ${cpuMs.toFixed(0)} ms`,
      `${Math.round((lines * 1000) / wallMs).toLocaleString('en')} lines/s wall, ${Math.round((lines * 1000) / cpuMs).toLocaleString('en')} per CPU-second`,
    );
  }
  const single = measured.get(1)!;
  const parallel = measured.get(cpus)!;
  row(
    `CLI --jobs ${cpus} vs --jobs 1 (same output)`,
    `${(single.wallMs / parallel.wallMs).toFixed(2)}x faster (wall)`,
    `${Math.round((lines * 1000) / parallel.wallMs).toLocaleString('en')} lines/s / goal 100,000 → ${((lines * 1000) / parallel.wallMs / 100_000).toFixed(2)}x`,
  );
}
