import * as assert from 'node:assert/strict';
import type { Analyzer } from '../../src/analysis/analyzer';
import { PATHOLOGICAL_CASES } from '../support/pathological';
import { engine } from '../support/engine';

/** Base sizes (the 1× of the linearity check): small enough that the whole suite stays cheap. */
const BASE_SIZES: Record<string, number> = {
  'small async defs, each with a finding': 400,
  'small async defs, CRLF endings': 400,
  'small async defs, CR-only endings': 400,
  'small async defs, non-ASCII names': 400,
  'repeated imports, each used': 200,
  'one long line of statements': 800,
  'backslash continuations': 300,
  'unclosed parentheses': 4000,
  'deep call chain': 200,
  'deep attribute chain': 1000,
  'deep parentheses around a call': 1000,
  'deep binary expression': 1000,
  'deeply nested blocks': 50,
};

/** CPU milliseconds of one analysis (process.cpuUsage: robust to other processes on a busy machine). */
function cpuMs(analyzer: Analyzer, text: string): number {
  const start = process.cpuUsage();
  const result = analyzer.lint(text);
  const used = process.cpuUsage(start);
  result.tree?.delete();
  assert.equal(result.skipped, undefined);
  return (used.user + used.system) / 1000;
}

function bestOf(runs: number, measure: () => number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, measure());
  return best;
}

describe('pathological inputs (generated at test time)', () => {
  const table: string[] = [];

  after(() => {
    if (process.env.PATHOLOGICAL_TABLE) console.log(`\n${table.join('\n')}`);
  });

  for (const testCase of PATHOLOGICAL_CASES) {
    it(`${testCase.name}: 4× the input costs under 6× the time`, async () => {
      const analyzer = await engine({ timeBudgetMs: 600_000 });
      const base = BASE_SIZES[testCase.name];
      assert.ok(base, `no base size for ${testCase.name}`);
      const small = testCase.generate(base);
      const large = testCase.generate(base * 4);
      cpuMs(analyzer, small);
      const smallMs = bestOf(3, () => cpuMs(analyzer, small));
      const largeMs = bestOf(3, () => cpuMs(analyzer, large));
      // Below a few milliseconds the ratio is noise: compare with a floor.
      const ratio = largeMs / Math.max(smallMs, 5);
      table.push(`${testCase.name.padEnd(42)} ${base.toString().padStart(7)}× ${smallMs.toFixed(1).padStart(8)} ms  ${(base * 4).toString().padStart(7)}× ${largeMs.toFixed(1).padStart(8)} ms  ratio ${ratio.toFixed(2)}`);
      assert.ok(ratio < 6, `${testCase.name}: ${smallMs.toFixed(1)} ms at ${base}, ${largeMs.toFixed(1)} ms at ${base * 4} (${ratio.toFixed(1)}×)`);
    });
  }
});
