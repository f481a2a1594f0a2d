/**
 * `npm run fuzz -- --cases N --seed S [--first K] [--corpus DIR] [--out DIR] [--slow-ms MS]`:
 * mutates pieces of real asyncio code (../shared/corpus/real by default) and checks that the engine
 * never throws, gives the same answer twice, gives the same answer incrementally (after an edit of
 * the unmutated text) as from scratch, and stays fast. Case i is reproducible from (seed, i); the
 * inputs of failing and slow cases are written to --out. Prints a summary; exit 1 on any failure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { type Analyzer, createEngine, DocumentSession, type LintResult } from '../../src/analysis/analyzer';
import { pythonFiles } from '../support/pythonFiles';
import { type Random, randomFrom } from '../support/random';

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

const SNIPPETS = ['(', ')', '[', ']', '{', '}', ':', '\n', '    ', '\t', '"', "'", '"""', '\\', '#', 'async ', 'await ', 'def ', 'lambda ', ',', '.', '=', 'time.sleep(1)', 'asyncio.create_task(f())', 'yield ', '\r', '\r\n', '\u0000', '\ud800', '\udc00', '函数', 'ｔｉｍｅ', '\ufeff'];

type Mutation = (text: string, random: Random, other: string) => string;

const MUTATIONS: Record<string, Mutation> = {
  truncate: (text, random) => text.slice(0, between(random, 0, text.length)),
  byteEdits: (text, random) => {
    let result = text;
    for (let i = between(random, 1, 8); i > 0; i--) {
      const at = between(random, 0, result.length);
      const action = random();
      if (action < 0.4) result = result.slice(0, at) + pick(random, SNIPPETS) + result.slice(at);
      else if (action < 0.7) result = result.slice(0, at) + result.slice(at + between(random, 1, 20));
      else result = result.slice(0, at) + String.fromCharCode(between(random, 0, 0xffff)) + result.slice(at + 1);
    }
    return result;
  },
  tokenShuffle: (text, random) => {
    const tokens = text.match(/\w+|\s+|[^\w\s]/g) ?? [];
    for (let i = between(random, 1, 10); i > 0 && tokens.length > 1; i--) {
      const a = between(random, 0, tokens.length - 1);
      const b = between(random, 0, tokens.length - 1);
      [tokens[a], tokens[b]] = [tokens[b], tokens[a]];
    }
    return tokens.join('');
  },
  nullBytes: (text, random) => {
    const at = between(random, 0, text.length);
    return `${text.slice(0, at)}\u0000${text.slice(at)}`;
  },
  loneSurrogates: (text, random) => {
    let result = text;
    for (let i = between(random, 1, 4); i > 0; i--) {
      const at = between(random, 0, result.length);
      result = result.slice(0, at) + pick(random, ['\ud800', '\udbff', '\udc00', '\udfff']) + result.slice(at);
    }
    return result;
  },
  mixedLineEndings: (text, random) => text.replace(/\n/g, () => pick(random, ['\n', '\n', '\r\n', '\r'])),
  deepNesting: (text, random) => {
    const at = between(random, 0, text.length);
    const depth = between(random, 10, 3000);
    const [open, close] = pick(random, [
      ['(', ')'],
      ['[', ']'],
      ['{', '}'],
      ['(', ''],
      ['not ', ''],
      ['-', ''],
      ['await ', ''],
      ['lambda: ', ''],
    ]);
    const inner = pick(random, ['time.sleep(1)', 'x', 'f()', '']);
    return `${text.slice(0, at)}${open.repeat(depth)}${inner}${close.repeat(depth)}${text.slice(at)}`;
  },
  deepIndentation: (text, random) => {
    const lines = ['async def deep():'];
    const depth = between(random, 5, 200);
    for (let i = 0; i < depth; i++) lines.push(`${' '.repeat(i + 1)}${pick(random, ['if x:', 'for y in z:', 'with a:', 'try:', 'while q:', 'async with b:'])}`);
    lines.push(`${' '.repeat(depth + 1)}time.sleep(1)`);
    const at = text.lastIndexOf('\n', between(random, 0, text.length)) + 1;
    return `${text.slice(0, at)}${lines.join('\n')}\n${text.slice(at)}`;
  },
  /** One line appended to, deleted, duplicated or followed by a blocking call: the edits a session re-analyses in part. */
  lineEdit: (text, random) => {
    const lines = text.split('\n');
    const at = between(random, 0, lines.length - 1);
    const line = lines[at];
    const indent = /^\s*/.exec(line)![0] + (line.trimEnd().endsWith(':') ? '    ' : '');
    const replacement = pick(random, [[`${line}  # edited`], [], [line, line], [line, `${indent}time.sleep(1)`]]);
    return [...lines.slice(0, at), ...replacement, ...lines.slice(at + 1)].join('\n');
  },
  splice: (text, random, other) => {
    const at = between(random, 0, text.length);
    const from = between(random, 0, other.length);
    return text.slice(0, at) + other.slice(from, from + between(random, 1, 2000)) + text.slice(at);
  },
};

interface Outcome {
  kind: 'exception' | 'nondeterministic' | 'incremental' | 'slow';
  caseIndex: number;
  mutation: string;
  detail: string;
}

/** What an analysis says, fixes included (they are built on demand and may fail on their own). */
function summary(result: LintResult): string {
  return JSON.stringify({ skipped: result.skipped, findings: result.findings, errors: result.ruleErrors.map((error) => error.message) });
}

/** A piece of a real file: a window of lines, so that cases stay small and many. */
function basePiece(text: string, random: Random): string {
  const lines = text.split('\n');
  if (lines.length <= 150) return text;
  const start = between(random, 0, lines.length - 40);
  return lines.slice(start, start + between(random, 40, 150)).join('\n');
}

/** shared/corpus/real next to the repository (or next to the folder holding its worktree). */
function defaultCorpus(): string {
  const repo = path.resolve(__dirname, '..', '..');
  const candidates = [path.join(repo, '..', 'shared'), path.join(repo, '..', '..', 'shared')].map((dir) => path.join(dir, 'corpus', 'real'));
  return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[0];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      first: { type: 'string', default: '0' },
      corpus: { type: 'string', default: defaultCorpus() },
      out: { type: 'string' },
      'slow-ms': { type: 'string', default: '2000' },
    },
  });
  const cases = Number(values.cases);
  const seed = Number(values.seed);
  const first = Number(values.first);
  const slowMs = Number(values['slow-ms']);
  if (!fs.existsSync(values.corpus)) {
    process.stderr.write(`fuzz: corpus folder ${values.corpus} not found (give one with --corpus DIR)\n`);
    return 2;
  }
  const files = pythonFiles(values.corpus);
  const texts = files.map((file) => fs.readFileSync(file, 'utf8'));
  const analyzer: Analyzer = await createEngine({}, path.resolve(__dirname, '..', '..', 'dist'));
  const outcomes: Outcome[] = [];
  const counts = new Map<string, number>();
  const skipped = new Map<string, number>();
  const times: Array<{ ms: number; caseIndex: number; mutation: string; chars: number }> = [];
  const started = Date.now();
  const record = (outcome: Outcome, input: string) => {
    outcomes.push(outcome);
    if (values.out) {
      fs.mkdirSync(values.out, { recursive: true });
      fs.writeFileSync(path.join(values.out, `${outcome.kind}-${outcome.caseIndex}.py`), input);
    }
  };

  for (let caseIndex = first; caseIndex < first + cases; caseIndex++) {
    const random = randomFrom(seed * 1_000_003 + caseIndex);
    const fileIndex = between(random, 0, texts.length - 1);
    const base = basePiece(texts[fileIndex], random);
    const mutation = pick(random, Object.keys(MUTATIONS));
    const input = MUTATIONS[mutation](base, random, texts[between(random, 0, texts.length - 1)]);
    counts.set(mutation, (counts.get(mutation) ?? 0) + 1);
    const label = `case ${caseIndex} (${mutation} of ${path.relative(values.corpus, files[fileIndex])})`;
    try {
      const start = performance.now();
      const fresh = analyzer.lint(input);
      const ms = performance.now() - start;
      const freshSummary = summary(fresh);
      fresh.tree?.delete();
      times.push({ ms, caseIndex, mutation, chars: input.length });
      if (fresh.skipped) skipped.set(fresh.skipped, (skipped.get(fresh.skipped) ?? 0) + 1);
      if (fresh.ruleErrors.length > 0) record({ kind: 'exception', caseIndex, mutation, detail: `${label}: ${fresh.ruleErrors[0].stack}` }, input);
      if (ms > slowMs || fresh.skipped === 'time-budget') record({ kind: 'slow', caseIndex, mutation, detail: `${label}: ${ms.toFixed(0)} ms, ${input.length} chars` }, input);
      if (caseIndex % 10 === 0) {
        const again = analyzer.lint(input);
        if (summary(again) !== freshSummary) record({ kind: 'nondeterministic', caseIndex, mutation, detail: label }, input);
        again.tree?.delete();
      }
      const session = new DocumentSession(analyzer);
      try {
        session.update(base);
        const incremental = session.update(input);
        // A skip for time depends on the clock, not on the code: only compare complete analyses.
        if (incremental.skipped !== 'time-budget' && fresh.skipped !== 'time-budget' && summary(incremental) !== freshSummary) {
          record({ kind: 'incremental', caseIndex, mutation, detail: label }, input);
        }
      } finally {
        session.dispose();
      }
    } catch (error) {
      record({ kind: 'exception', caseIndex, mutation, detail: `${label}: ${(error as Error).stack ?? error}` }, input);
    }
    if ((caseIndex - first + 1) % 1000 === 0) {
      process.stderr.write(`fuzz: ${caseIndex - first + 1}/${cases} cases, ${outcomes.length} findings of trouble, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
  }

  const sorted = times.map((entry) => entry.ms).sort((a, b) => a - b);
  const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
  const byKind = (kind: Outcome['kind']) => outcomes.filter((outcome) => outcome.kind === kind);
  console.log(`Fuzz: ${cases} cases from seed ${seed} (cases ${first}…${first + cases - 1}), ${files.length} corpus files, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`mutations: ${[...counts].map(([name, count]) => `${name} ${count}`).join(', ')}`);
  console.log(`skipped by the engine: ${[...skipped].map(([reason, count]) => `${reason} ${count}`).join(', ') || 'none'}`);
  console.log(`analysis time per case: median ${percentile(50).toFixed(1)} ms, p99 ${percentile(99).toFixed(1)} ms, max ${percentile(100).toFixed(1)} ms`);
  for (const kind of ['exception', 'nondeterministic', 'incremental', 'slow'] as const) {
    const found = byKind(kind);
    console.log(`${kind}: ${found.length}`);
    for (const outcome of found.slice(0, 5)) console.log(`  ${outcome.detail.split('\n').slice(0, 4).join('\n    ')}`);
  }
  const slowest = [...times].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(`slowest: ${slowest.map((entry) => `case ${entry.caseIndex} ${entry.mutation} ${entry.ms.toFixed(0)} ms (${entry.chars} chars)`).join('; ')}`);
  return byKind('exception').length + byKind('nondeterministic').length + byKind('incremental').length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`fuzz: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 2;
  },
);
