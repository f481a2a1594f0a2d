/**
 * `npm run bench:pathological [-- --scale 0.25 --timeout 120 --only NAME]`: times every hostile input
 * of test/support/pathological.ts at the size of its original report, each in a child process with
 * a wall-clock ceiling, and prints a table (time, findings, skip reason, errors). Asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../../src/analysis/analyzer';
import { PATHOLOGICAL_CASES } from '../support/pathological';

interface Outcome {
  ms: number;
  chars: number;
  findings: number;
  skipped?: string;
  errors: string[];
}

async function runOne(index: number, size: number, budget: number | undefined): Promise<void> {
  const engine = await createEngine({ timeBudgetMs: budget }, path.resolve(__dirname, '..', '..', 'dist'));
  const text = PATHOLOGICAL_CASES[index].generate(size);
  const start = process.hrtime.bigint();
  const result = engine.lint(text);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  result.tree?.delete();
  const outcome: Outcome = { ms, chars: text.length, findings: result.findings.length, skipped: result.skipped, errors: result.ruleErrors.map((error) => error.message) };
  process.stdout.write(JSON.stringify(outcome));
}

function main(): void {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      timeout: { type: 'string', default: '120' },
      only: { type: 'string' },
      budget: { type: 'string' },
      child: { type: 'string' },
      size: { type: 'string' },
    },
  });
  if (values.child !== undefined) {
    void runOne(Number(values.child), Number(values.size), values.budget === undefined ? undefined : Number(values.budget));
    return;
  }
  const scale = Number(values.scale);
  const timeoutMs = Number(values.timeout) * 1000;
  console.log(`${'case'.padEnd(42)} ${'size'.padStart(9)} ${'chars'.padStart(9)} ${'time'.padStart(10)}  result`);
  PATHOLOGICAL_CASES.forEach((testCase, index) => {
    if (values.only && !testCase.name.includes(values.only)) return;
    const size = Math.max(1, Math.round(testCase.reportedSize * scale));
    const args = [__filename, '--child', String(index), '--size', String(size), ...(values.budget ? ['--budget', values.budget] : [])];
    let line: string;
    try {
      const output = execFileSync(process.execPath, ['--stack-size=984', ...args], { timeout: timeoutMs, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
      const outcome = JSON.parse(output) as Outcome;
      const result = outcome.skipped ? `skipped: ${outcome.skipped}` : `${outcome.findings} findings`;
      const errors = outcome.errors.length > 0 ? `; rule errors: ${[...new Set(outcome.errors)].join(' | ').slice(0, 120)}` : '';
      line = `${String(outcome.chars).padStart(9)} ${`${(outcome.ms / 1000).toFixed(2)} s`.padStart(10)}  ${result}${errors}`;
    } catch (error) {
      const failure = error as { killed?: boolean; signal?: string; stderr?: string };
      const reason = failure.killed || failure.signal === 'SIGTERM' ? `killed after ${values.timeout} s` : `crashed: ${String(failure.stderr ?? error).trim().split('\n').slice(-1)[0].slice(0, 120)}`;
      line = `${''.padStart(9)} ${`>${values.timeout} s`.padStart(10)}  ${reason}`;
    }
    console.log(`${testCase.name.padEnd(42)} ${String(size).padStart(9)} ${line}`);
  });
}

main();
