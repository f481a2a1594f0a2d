import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GuideLanguage } from './types';

/**
 * What a runnable sample printed when `npm run guide:outputs` ran it, shown beside the sample as
 * its expected output. A recording belongs to the exact code it ran: when the sample changes, the
 * hash no longer matches, the page shows no stale output, and a unit test asks for a new recording.
 */
export interface RecordedOutput {
  /** codeHash() of the sample that was run. */
  sha: string;
  /** The Python that ran it, e.g. `3.11`. */
  python: string;
  /** stdout and stderr, interleaved as the terminal showed them. */
  output: string;
}

export type RecordedOutputs = Record<string, RecordedOutput>;

export function sampleKey(section: string, block: number): string {
  return `${section}#${block}`;
}

export function codeHash(code: string): string {
  return createHash('sha256').update(code.replace(/\n$/, '')).digest('hex').slice(0, 16);
}

export function recordedOutputsFile(guideDir: string, language: GuideLanguage): string {
  return path.join(guideDir, 'outputs', `${language}.json`);
}

/** The recordings of one language; none when the file is missing or unreadable. */
export function loadRecordedOutputs(guideDir: string, language: GuideLanguage): RecordedOutputs {
  try {
    const json: unknown = JSON.parse(fs.readFileSync(recordedOutputsFile(guideDir, language), 'utf8'));
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as RecordedOutputs) : {};
  } catch {
    return {};
  }
}

/** The recording of this sample, if it was made from this very code. */
export function recordingFor(outputs: RecordedOutputs, section: string, block: number, code: string): RecordedOutput | undefined {
  const recording = outputs[sampleKey(section, block)];
  return recording && recording.sha === codeHash(code) && typeof recording.output === 'string' ? recording : undefined;
}
