import { createTwoFilesPatch } from 'diff';
import type { Analyzer } from '../analysis/analyzer';
import { applyEdits, engineLinter, fixAll, selectPreferredFixes } from '../analysis/fixes/apply';
import { noqaEdits } from '../analysis/fixes/suppress';
import { t } from '../analysis/l10n';
import type { Finding } from '../analysis/types';
import { writeFileAtomic } from './atomicWrite';

export interface FileFix {
  /** The text after fixing (the original when nothing was fixed or the file could not be written). */
  text: string;
  /** Fixes applied (--fix), or noqa comments added or extended (--add-noqa). */
  applied: number;
  /** Why fixes were found but the file was left as it was. */
  problem?: string;
  /** Why the file was left as it was on purpose (said on stderr; the run goes on). */
  note?: string;
}

/** Encodes text the way the original bytes were encoded: UTF-16 with its BOM, UTF-8 with or without BOM. */
export function encodeLike(original: Buffer, text: string): Buffer {
  if (original[0] === 0xff && original[1] === 0xfe) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (original[0] === 0xfe && original[1] === 0xff) {
    const bytes = Buffer.from(text, 'utf16le');
    bytes.swap16();
    return Buffer.concat([Buffer.from([0xfe, 0xff]), bytes]);
  }
  const utf8 = Buffer.from(text, 'utf8');
  return original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]) : utf8;
}

/** The preferred fixes applied (rounds of fix-all), not written; see losslessProblem. A file with syntax errors is left alone (see fixAll). */
export function fixText(engine: Analyzer, file: string, bytes: Buffer, text: string, keep: (finding: Finding) => boolean): FileFix {
  const result = fixAll(text, engineLinter(engine, { file }, keep));
  if (result.syntaxErrors > 0 && selectPreferredFixes(result.remaining).fixes.length > 0) return { text, applied: 0, note: t('not fixed: the file has syntax errors') };
  if (result.applied === 0 || result.text === text) return { text, applied: 0 };
  return losslessProblem(bytes, text) ?? { text: result.text, applied: result.applied };
}

/** `check --fix` on one file: fixText, written back in the file's own encoding, atomically. */
export function fixFile(engine: Analyzer, file: string, bytes: Buffer, text: string, keep: (finding: Finding) => boolean): FileFix {
  const fixed = fixText(engine, file, bytes, text, keep);
  return fixed.problem || fixed.applied === 0 ? fixed : writeBack(file, bytes, text, fixed.text, fixed.applied);
}

/** `check --diff`: what --fix would write, as a unified diff (`display` names the file in its header); nothing is written. */
export function fixDiff(engine: Analyzer, file: string, display: string, bytes: Buffer, text: string, keep: (finding: Finding) => boolean): FileFix & { diff?: string } {
  const fixed = fixText(engine, file, bytes, text, keep);
  if (fixed.problem || fixed.applied === 0) return fixed;
  // Without jsdiff's "====" banner line, as `diff -u` and `ruff check --diff` print it.
  const diff = createTwoFilesPatch(`a/${display}`, `b/${display}`, text, fixed.text).replace(/^=+\n/, '');
  return { text, applied: fixed.applied, diff };
}

/** `check --add-noqa` on one file: a `# noqa` for the findings of each line that has some (see noqaEdits), written back as by --fix. */
export function addNoqaToFile(engine: Analyzer, file: string, bytes: Buffer, text: string, keep: (finding: Finding) => boolean): FileFix {
  const result = engine.lint(text, { file });
  result.tree?.delete();
  const findings = result.findings.filter(keep);
  if (!result.model || findings.length === 0) return { text, applied: 0 };
  // Where the parser recovered from an error, a line may be inside a string for Python (an unterminated `"""`).
  if (result.hasSyntaxErrors) return { text, applied: 0, note: t('no # noqa added: the file has syntax errors') };
  const edits = noqaEdits(result.model, findings);
  return losslessProblem(bytes, text) ?? writeBack(file, bytes, text, applyEdits(text, edits), edits.length);
}

/**
 * Writes `changed` over the file, in the encoding of its bytes (which the caller checked with
 * losslessProblem); a failed write leaves the original byte for byte.
 */
function writeBack(file: string, bytes: Buffer, text: string, changed: string, applied: number): FileFix {
  if (applied === 0 || changed === text) return { text, applied: 0 };
  try {
    writeFileAtomic(file, encodeLike(bytes, changed));
  } catch (error) {
    return { text, applied: 0, problem: t('not rewritten, the file is unchanged: {0}', (error as Error).message) };
  }
  return { text: changed, applied };
}

/** Set when the bytes did not decode losslessly: writing the text back would change other bytes. */
function losslessProblem(bytes: Buffer, text: string): FileFix | undefined {
  if (encodeLike(bytes, text).equals(bytes)) return undefined;
  return { text, applied: 0, problem: t('not rewritten: the file is not valid UTF-8 or UTF-16, so writing it back would change other bytes') };
}
