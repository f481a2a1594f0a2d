import * as path from 'node:path';
import { Analyzer, createEngine } from '../../src/analysis/analyzer';
import type { AnalyzerOptions } from '../../src/analysis/options';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const WASM_DIR = path.join(REPO_ROOT, 'dist');

let shared: Promise<Analyzer> | undefined;

/** One engine for the whole test run (the grammar loads once); options are reset per call. */
export async function engine(options: AnalyzerOptions = {}): Promise<Analyzer> {
  shared ??= createEngine({}, WASM_DIR);
  const analyzer = await shared;
  analyzer.configure(options);
  return analyzer;
}
