import * as path from 'node:path';
import type { Analyzer, LintResult } from '../analysis/analyzer';
import { skipReason } from '../analysis/analyzer';
import { lintNotebook, readIpynb } from '../analysis/notebook';
import { skipMessage } from '../analysis/skip';
import { normalizeLocale, t, withLocale } from '../analysis/l10n';
import { toPublicFinding, type PublicFinding } from '../analysis/index';
import type { AnalyzerOptions, WorkspaceFiles } from '../analysis/options';
import type { Finding } from '../analysis/types';
import { decodePython, MAX_FILE_BYTES, MAX_NOTEBOOK_BYTES, readSourceFile } from './files';
import { addNoqaToFile, encodeLike, fixDiff, fixFile, fixText, type FileFix } from './fix';

export interface CheckOptions {
  fix: boolean;
  addNoqa: boolean;
  /** Set for --diff: the fixes are not written but shown as a diff, its paths relative to this folder. */
  diffFrom?: string;
  /** Codes or prefixes to report (and fix); empty: all. */
  select: string[];
  /** Codes or prefixes not to report (see isReported). */
  ignore: string[];
}

/** One file to check, with the engine options its project configuration and the settings give it. */
export interface FileJob {
  file: string;
  options: Omit<AnalyzerOptions, 'workspace'>;
  /** The file's content, read from standard input (`--stdin-filename`): `file` is never read or written. */
  stdin?: Buffer;
}

/** A finding as the CLI reports it: `fixable` when `--fix` would apply a fix for it. */
export type CheckedFinding = PublicFinding & { fixable: boolean };

/** What checking one file gave: findings, lines for stderr, and whether the run must exit 2. */
export interface FileReport {
  findings: CheckedFinding[];
  messages: string[];
  failed: boolean;
  fixed: number;
  /** Lines given a `# noqa` by --add-noqa. */
  noqaAdded: number;
  /** What --fix would change, for --diff. */
  diff?: string;
  /** For --fix on standard input: the source to print, fixed or not. */
  source?: Buffer;
}

/** Checks one file; what it says on stderr is in the file's language setting, like its findings. */
export function checkFile(engine: Analyzer, workspace: WorkspaceFiles, job: FileJob, options: CheckOptions): FileReport {
  return withLocale(normalizeLocale(job.options.locale), () => checkFileInLocale(engine, workspace, job, options));
}

function checkFileInLocale(engine: Analyzer, workspace: WorkspaceFiles, job: FileJob, options: CheckOptions): FileReport {
  const { file } = job;
  engine.configure({ ...job.options, workspace });
  const report: FileReport = { findings: [], messages: [], failed: false, fixed: 0, noqaAdded: 0 };
  const notebook = file.endsWith('.ipynb');
  const maxBytes = notebook ? MAX_NOTEBOOK_BYTES : MAX_FILE_BYTES;
  const read = job.stdin ? (job.stdin.length > maxBytes ? { skipped: 'too-large' as const } : { bytes: job.stdin }) : readSourceFile(file, maxBytes);
  if ('error' in read) {
    report.messages.push(t('cannot read {0}: {1}', file, read.error));
    report.failed = true;
    return report;
  }
  if ('skipped' in read) {
    report.messages.push(read.skipped === 'not-regular' ? t('skipped {0}: not a regular file', file) : t('skipped {0}: the file is too large', file));
    return report;
  }
  let text = decodePython(read.bytes);
  const isSelected = (code: string) => isReported(code, options);
  if (notebook) {
    const cells = readIpynb(text);
    if (!cells) {
      report.messages.push(t('skipped {0}: not a Jupyter notebook', file));
      return report;
    }
    if (options.fix || options.diffFrom !== undefined) report.messages.push(t('{0}: notebooks are not rewritten by --fix; apply their fixes in the editor', file));
    if (options.addNoqa) report.messages.push(t('{0}: notebooks are not rewritten by --add-noqa', file));
    const result = lintNotebook(engine, cells, file);
    noteIncomplete(report, result, file);
    for (const finding of result.findings) {
      if (isSelected(finding.code)) report.findings.push({ ...toPublicFinding({ ...finding, fixes: [], related: [] }, file), cell: finding.cell + 1, fixable: false });
    }
    return report;
  }
  const skipped = skipReason(text);
  if (skipped) {
    report.messages.push(skipped === 'binary' ? t('skipped {0}: binary content', file) : t('skipped {0}: the file is too large', file));
    return report;
  }
  const keep = (finding: Finding) => isSelected(finding.code);
  if (options.diffFrom !== undefined) {
    const outcome = noteProblem(report, file, fixDiff(engine, file, path.relative(options.diffFrom, file).split(path.sep).join('/'), read.bytes, text, keep));
    report.fixed = outcome.applied;
    report.diff = outcome.diff;
    return report;
  }
  if (options.fix) {
    const outcome = noteProblem(report, file, job.stdin ? fixText(engine, file, read.bytes, text, keep) : fixFile(engine, file, read.bytes, text, keep));
    text = outcome.text;
    report.fixed = outcome.applied;
    if (job.stdin) report.source = outcome.applied > 0 ? encodeLike(read.bytes, text) : read.bytes;
  }
  if (options.addNoqa) {
    const outcome = noteProblem(report, file, addNoqaToFile(engine, file, read.bytes, text, keep));
    text = outcome.text;
    report.noqaAdded = outcome.applied;
  }
  // Each file is also a module its neighbours import: parsed once, whichever comes first.
  const result = engine.lint(text, { file, shareModel: !job.stdin });
  result.tree?.delete();
  noteIncomplete(report, result, file);
  for (const finding of result.findings) {
    if (isSelected(finding.code)) report.findings.push({ ...toPublicFinding(finding, file), fixable: !result.hasSyntaxErrors && finding.fixes.some((fix) => fix.isPreferred) });
  }
  return report;
}

/**
 * Whether `--select` and `--ignore` report a code. As in Ruff, the longer of the prefixes that
 * match it wins (`--select ASYNC2 --ignore ASYNC251`, and the other way round), `--ignore` on a tie;
 * without `--select` every code is selected.
 */
export function isReported(code: string, { select, ignore }: Pick<CheckOptions, 'select' | 'ignore'>): boolean {
  const longestMatch = (prefixes: string[]) => Math.max(-1, ...prefixes.filter((prefix) => code.startsWith(prefix)).map((prefix) => prefix.length));
  const selected = select.length === 0 ? 0 : longestMatch(select);
  return selected >= 0 && longestMatch(ignore) < selected;
}

/** Says why a file was not rewritten: a problem makes the run exit 2, a note does not. */
function noteProblem<T extends FileFix>(report: FileReport, file: string, outcome: T): T {
  if (outcome.problem) {
    report.messages.push(`${file}: ${outcome.problem}`);
    report.failed = true;
  }
  if (outcome.note) report.messages.push(`${file}: ${outcome.note}`);
  return outcome;
}

/** A file skipped over the time budget or too deep, or a rule that failed: said, and the run exits 2. */
function noteIncomplete(report: FileReport, result: Pick<LintResult, 'skipped' | 'budgetMs' | 'ruleErrors'>, file: string): void {
  if (result.skipped) {
    report.messages.push(skipMessage(result.skipped, file, result.budgetMs));
    report.failed = true;
  }
  for (const error of result.ruleErrors) report.messages.push(t('internal error in {0}: {1}', file, error.message));
  if (result.ruleErrors.length > 0) report.failed = true;
}
