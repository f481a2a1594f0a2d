import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listCodes } from '../analysis/index';
import { createConfigLoader, formatProblem, optionsForFile } from '../projectConfig';
import { readSettingsFile, type Settings } from '../settings';
import { ruleOutput } from './rule';
import { checkLocale, outputFormat, parseCommandLine, UsageError } from './usage';
import { formatResolvedSettings, resolvedSettings } from './showSettings';
import { setLocale, t } from '../analysis/l10n';
import { isInsideAny } from '../analysis/moduleResolution';
import { knownCodeOrPrefix, SEVERITY_LEVELS, validateSettings } from '../shared/settingsValidation';
import type { CheckedFinding, FileJob, FileReport } from './check';
import { collectPythonFiles } from './files';
import { formatGithub, formatJson, formatSarif, formatStatistics, formatText, OUTPUT_FORMATS, type OutputFormat } from './formatters';
import { OutputError, writeErr, writeOut } from './output';
import { checkInWorkers, checkWithReadAhead, createChecker, isCheckWorker, runCheckWorker, startWorkers, type CheckSetup } from './workers';
import { version } from '../../package.json';

/** The help, in the CLI's language. */
function usage(): string {
  return t(`Usage: python-async-guide check [options] PATH...
       python-async-guide rule CODE|--all [--format text|json]
       python-async-guide lsp --stdio

Checks Python files and Jupyter notebooks (directories recurse over *.py and *.ipynb) for blocking
calls and asyncio pitfalls (check), prints a code's page of the guide, as Ruff's rule command does
(rule; S7497 and other tools' codes work too), or runs the language server for an editor over stdio
(lsp; --node-ipc, --socket=PORT and --pipe=NAME also work).

Each file follows the nearest project configuration: [tool.python-async-guide] in pyproject.toml
(or python-async-guide.toml), Ruff's per-file-ignores/ignore for ASYNC codes, and flake8-async's
async200-blocking-calls. Settings and options below win over it.

Options:
  --format text|json|sarif|github
                             output format (default: text); github prints workflow annotations.
                             --output-format is accepted too, as in Ruff
  --statistics               print the number of findings per code instead of the findings
  --exit-zero                exit 0 even when there are findings
  --settings FILE            read pythonAsyncGuide.* settings from a VS Code settings.json
                             (default: .vscode/settings.json in the current folder, if present)
  --severity CODE=LEVEL      set a code's severity: error, warning, information, hint, off (repeatable)
  --select CODES             report only these codes or prefixes (comma-separated)
  --ignore CODES             do not report these codes or prefixes (comma-separated; the more
                             specific of --select and --ignore wins, as in Ruff)
  --exclude GLOB             skip matching files (repeatable; added to the settings' exclude)
  --blocking "PATTERN -> SUGGESTION"   an extra blocking call for ASYNC200 (repeatable)
  --thread-offload-decorator NAME   a decorator (dotted name or pattern) that runs a sync function in a
                             worker thread: AIO200 does not report calls of it (repeatable)
  --deferring-decorator NAME   a decorator (dotted name or pattern) whose function only builds a task
                             to run later when called (like dask.delayed): AIO200 does not follow it (repeatable)
  --locale en|zh-cn          message language (default: from LANG)
  --time-budget MS           milliseconds one file may take before it is skipped (default: 10000;
                             a settings file may raise it to 60000 at most, this option further)
  --jobs N                   check files on N threads (default: the number of CPUs)
  --fix                      apply each finding's preferred fix (e.g. time.sleep -> await asyncio.sleep),
                             write the files back, then report what remains
  --diff                     print what --fix would change as a unified diff instead of the findings,
                             and write nothing (exit status 1 when there is something to fix)
  --stdin-filename NAME      check the source read from standard input as the file NAME (its project
                             configuration, its imports); with --fix, print the fixed source on stdout
                             and the findings left on stderr. PATH may then be - or left out
  --add-noqa                 add a # noqa comment for the findings of each line (into the line's
                             # noqa list if it has one), write the files back, then report what remains
  --show-files               print the files that would be checked (after the excludes), and check nothing
  --show-settings            print the settings the first file would be checked with (each code's
                             severity, the configuration files that apply), and check nothing
  --list-codes               print every code with its default severity
  -h, --help                 show this help

Exit status: 0 no findings (or --exit-zero), 1 findings, 2 usage error, a configuration error, or a file that could
not be read or checked completely (over the time budget, nested too deeply, an internal error).`);
}

function isFolder(target: string): boolean {
  return fs.statSync(target, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** Below this many files a thread pool costs more to start than it saves. */
const MIN_FILES_FOR_WORKERS = 16;

/**
 * How far settings read from the checked repository may raise the time budget per file: whoever can
 * push a branch must not be able to stall CI. `--time-budget` (the CI's own command line) may go higher.
 */
const MAX_SETTINGS_TIME_BUDGET_MS = 60_000;

interface Invocation {
  format: OutputFormat;
  paths: string[];
  settings: Settings;
  select: string[];
  ignore: string[];
  locale?: string;
  fix: boolean;
  addNoqa: boolean;
  /** --diff: show what --fix would change, write nothing. */
  diff: boolean;
  /** Set when the source comes from standard input: the file it is checked as (`-` when unnamed). */
  stdinFilename?: string;
  jobs: number;
  statistics: boolean;
  exitZero: boolean;
  /** --show-files / --show-settings: say what a run would do instead of checking. */
  show?: 'files' | 'settings';
  /** The VS Code settings file that was read, if any. */
  settingsFile?: string;
  /** Said on stderr before the run (settings that were not taken as written). */
  notes: string[];
}

function parseInvocation(argv: string[], cwd: string): Invocation | 'help' | 'list' {
  const { values, positionals } = parseCommandLine({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'output-format': { type: 'string' },
      statistics: { type: 'boolean', default: false },
      'exit-zero': { type: 'boolean', default: false },
      settings: { type: 'string' },
      severity: { type: 'string', multiple: true, default: [] },
      select: { type: 'string' },
      exclude: { type: 'string', multiple: true, default: [] },
      blocking: { type: 'string', multiple: true, default: [] },
      'thread-offload-decorator': { type: 'string', multiple: true, default: [] },
      'deferring-decorator': { type: 'string', multiple: true, default: [] },
      locale: { type: 'string' },
      jobs: { type: 'string' },
      'time-budget': { type: 'string' },
      'list-codes': { type: 'boolean', default: false },
      'show-files': { type: 'boolean', default: false },
      'show-settings': { type: 'boolean', default: false },
      fix: { type: 'boolean', default: false },
      'add-noqa': { type: 'boolean', default: false },
      diff: { type: 'boolean', default: false },
      'stdin-filename': { type: 'string' },
      ignore: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (values['list-codes']) return 'list';
  const [command, ...paths] = positionals;
  if (command !== 'check') throw new UsageError(command ? t('Unknown command "{0}".', command) : t('Missing command "check".'));
  const fromStdin = values['stdin-filename'] !== undefined || paths.includes('-');
  if (paths.length === 0 && !fromStdin) throw new UsageError(t('No PATH given.'));
  if (fromStdin && paths.some((target) => target !== '-')) throw new UsageError(t('Standard input (- or --stdin-filename) is checked alone, without other paths.'));
  if (fromStdin && values['add-noqa']) throw new UsageError(t('--add-noqa rewrites files: it cannot be used on standard input.'));
  const format = outputFormat<OutputFormat>(values, OUTPUT_FORMATS);
  if (values.statistics && format !== 'text' && format !== 'json') throw new UsageError(t('--statistics prints text or json.'));
  checkLocale(values.locale);
  const jobs = values.jobs === undefined ? os.availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new UsageError(t('--jobs: expected a whole number from 1 to 256, got "{0}".', String(values.jobs)));

  const settingsFile = values.settings ?? path.join(cwd, '.vscode', 'settings.json');
  let raw: Record<string, unknown> = {};
  const readsSettings = values.settings !== undefined || fs.existsSync(settingsFile);
  if (readsSettings) {
    try {
      raw = readSettingsFile(settingsFile);
    } catch (error) {
      throw new UsageError(t('Cannot read settings {0}: {1}', settingsFile, (error as Error).message));
    }
  }
  const checked = validateSettings(raw);
  if (checked.problems.length > 0) throw new UsageError(checked.problems.map((problem) => `${settingsFile}: ${problem}`).join('\n'));
  let settings: Settings = checked.settings;
  const notes: string[] = [];
  if (values['time-budget'] === undefined && settings.timeBudgetMs !== undefined && settings.timeBudgetMs > MAX_SETTINGS_TIME_BUDGET_MS) {
    notes.push(t('{0}: timeBudgetMs {1} capped at {2} ms (settings from the repository may not raise it further; --time-budget MS can)', settingsFile, settings.timeBudgetMs, MAX_SETTINGS_TIME_BUDGET_MS));
    settings = { ...settings, timeBudgetMs: MAX_SETTINGS_TIME_BUDGET_MS };
  }

  const severity = { ...(settings.severity ?? {}) };
  for (const entry of values.severity) {
    const [written, level, extra] = entry.split('=');
    const code = knownCodeOrPrefix(written ?? '');
    if (extra !== undefined || !SEVERITY_LEVELS.includes(level as never)) {
      throw new UsageError(t('--severity "{0}": expected CODE={1}.', entry, SEVERITY_LEVELS.join('|')));
    }
    if (!code) throw new UsageError(t('--severity "{0}": unknown code "{1}" (see --list-codes).', entry, String(written)));
    severity[code] = level as never;
  }
  if (values['time-budget'] !== undefined) {
    const budget = Number(values['time-budget']);
    if (!Number.isFinite(budget) || budget <= 0) throw new UsageError(t('Bad --time-budget "{0}": expected a positive number of milliseconds.', values['time-budget']));
    settings = { ...settings, timeBudgetMs: budget };
  }
  const flags = validateSettings({ exclude: values.exclude, extraBlockingCalls: values.blocking, threadOffloadDecorators: values['thread-offload-decorator'], deferringDecorators: values['deferring-decorator'] }, '');
  if (flags.problems.length > 0) {
    throw new UsageError(flags.problems.map((problem) => problem.replace(/^\.exclude/, '--exclude').replace(/^\.extraBlockingCalls/, '--blocking').replace(/^\.threadOffloadDecorators/, '--thread-offload-decorator').replace(/^\.deferringDecorators/, '--deferring-decorator')).join('\n'));
  }
  settings = {
    ...settings,
    severity,
    exclude: [...(settings.exclude ?? []), ...(flags.settings.exclude ?? [])],
    extraBlockingCalls: [...(settings.extraBlockingCalls ?? []), ...(flags.settings.extraBlockingCalls ?? [])],
    threadOffloadDecorators: [...(settings.threadOffloadDecorators ?? []), ...(flags.settings.threadOffloadDecorators ?? [])],
    deferringDecorators: [...(settings.deferringDecorators ?? []), ...(flags.settings.deferringDecorators ?? [])],
  };
  const select = codeList(values.select, '--select');
  const ignore = codeList(values.ignore, '--ignore');
  if (values.fix && values['add-noqa']) throw new UsageError(t('--fix and --add-noqa cannot be used together.'));
  const show = values['show-files'] ? 'files' : values['show-settings'] ? 'settings' : undefined;
  if (values['show-files'] && values['show-settings']) throw new UsageError(t('--show-files and --show-settings cannot be used together.'));
  if (show && (values.fix || values.diff || values['add-noqa'])) throw new UsageError(t('--show-files and --show-settings check nothing: they cannot be used with --fix, --diff or --add-noqa.'));
  if (values.diff && values['add-noqa']) throw new UsageError(t('--diff shows what --fix would change; it cannot be used with --add-noqa.'));
  if (values.diff && (format !== 'text' || values.statistics)) throw new UsageError(t('--diff prints a diff: it cannot be used with --format {0} or --statistics.', format === 'text' ? 'json' : format));
  return { format, paths, settings, select, ignore, locale: values.locale ?? environmentLocale(), fix: values.fix && !values.diff, addNoqa: values['add-noqa'], diff: values.diff, stdinFilename: fromStdin ? (values['stdin-filename'] ?? '-') : undefined, jobs, statistics: values.statistics, exitZero: values['exit-zero'], show, settingsFile: readsSettings ? path.resolve(cwd, settingsFile) : undefined, notes };
}

/** The codes or prefixes of `--select` or `--ignore`, comma-separated. */
function codeList(written: string | undefined, option: string): string[] {
  return (written ?? '')
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean)
    .map((entry) => {
      const code = knownCodeOrPrefix(entry);
      if (!code) throw new UsageError(t('{0}: unknown code "{1}" (see --list-codes).', option, entry));
      return code;
    });
}

/** `--locale X` or `--locale=X` as written (validated later), else the environment's LC_ALL or LANG. */
function requestedLocale(argv: string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--') break;
    if (argv[index] === '--locale') return argv[index + 1];
    if (argv[index].startsWith('--locale=')) return argv[index].slice('--locale='.length);
  }
  return environmentLocale();
}

/** As POSIX: LC_ALL when set and not empty, else LANG. */
function environmentLocale(): string | undefined {
  return process.env.LC_ALL || process.env.LANG;
}

export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  if (argv[0] === 'lsp') {
    // Serves until the client sends `exit` (or closes stdin); the process ends then. Loaded only
    // here: `check` (and each of its worker threads) starts without the language server's modules.
    const { runServer } = await import('../server/main.js');
    runServer();
    return new Promise<number>(() => undefined);
  }
  // Usage errors, help and file-walk notes speak the language asked for before the settings are read.
  const requested = setLocale(requestedLocale(argv));
  let invocation: ReturnType<typeof parseInvocation>;
  try {
    if (argv[0] === 'rule' && !argv.includes('-h') && !argv.includes('--help')) return printed(`${ruleOutput(argv.slice(1), requested)}\n`) ? 0 : 2;
    invocation = parseInvocation(argv, cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeErr(`${error.message.split('\n').map((line) => `python-async-guide: ${line}`).join('\n')}\n\n${usage()}\n`);
    return 2;
  }
  if (invocation === 'help') {
    writeOut(`${usage()}\n`);
    return 0;
  }
  if (invocation === 'list') {
    writeOut(listCodes().map((info) => `${info.code}\t${info.defaultSeverity}\t${t(info.title)}\n`).join(''));
    return 0;
  }
  const { settings, select, ignore, format } = invocation;
  const rewrites = invocation.fix || invocation.addNoqa;
  const setup: CheckSetup = {
    // A folder checked from outside it (`check ~/code/game`) is a project root too: its absolute imports start there.
    roots: [cwd, ...invocation.paths.map((target) => path.resolve(cwd, target)).filter((folder) => isFolder(folder) && !isInsideAny(folder, [cwd]))],
    check: { fix: invocation.fix, addNoqa: invocation.addNoqa, diffFrom: invocation.diff ? cwd : undefined, select, ignore },
    // --fix and --add-noqa rewrite files as they go; otherwise nothing changes during the run.
    stableFiles: !rewrites,
  };
  // Parser and workers load while the files are walked. --fix rewrites files that other files
  // import: one thread, in order, as the files change. A run over single files needs no workers.
  const checker = createChecker(setup);
  const stdinFile = invocation.stdinFilename === undefined ? undefined : path.resolve(cwd, invocation.stdinFilename);
  const parallel = !rewrites && !invocation.show && !stdinFile && invocation.jobs > 1 && invocation.paths.some((target) => isFolder(path.resolve(cwd, target)));
  // Two threads: one checks, one reads trees ahead (checkWithReadAhead); more: they all check.
  const readingAhead = parallel && invocation.jobs === 2;
  const workers = parallel ? startWorkers(invocation.jobs - 1, setup, __filename, readingAhead ? 'read-ahead' : 'check') : [];
  let stdin: Buffer | undefined;
  if (stdinFile) {
    try {
      stdin = fs.readFileSync(0);
    } catch (error) {
      writeErr(`python-async-guide: ${t('cannot read standard input: {0}', (error as Error).message)}\n`);
      return 2;
    }
  }
  const walk = stdinFile ? { files: [stdinFile], sizes: [stdin!.length], problems: [], notes: [] } : collectPythonFiles(invocation.paths, settings.exclude ?? [], cwd);
  let failed = walk.problems.length > 0;
  for (const problem of walk.problems) writeErr(`python-async-guide: ${problem}\n`);
  for (const note of [...invocation.notes, ...walk.notes]) writeErr(`python-async-guide: ${note}\n`);

  // The project configuration is read here, once, and each file's options travel with it.
  const projectConfig = createConfigLoader();
  const named = new Set([...invocation.paths.map((target) => path.resolve(cwd, target)), ...(stdinFile ? [stdinFile] : [])]);
  const jobs: FileJob[] = [];
  const sizes: number[] = [];
  walk.files.forEach((file, index) => {
    const { options, config } = optionsForFile(projectConfig, file, settings, invocation.locale);
    if (config?.excluded && !named.has(file)) return;
    jobs.push({ file, options, stdin });
    sizes.push(walk.sizes[index]);
  });
  for (const problems of projectConfig.problems().values()) {
    for (const problem of problems) writeErr(`python-async-guide: error: ${formatProblem({ ...problem, file: path.relative(cwd, problem.file) || problem.file })}\n`);
    failed = true;
  }

  if (invocation.show) {
    const output = invocation.show === 'files' ? showFiles(jobs, cwd, format) : showSettings(jobs[0], projectConfig, invocation, cwd);
    if (output !== undefined && !printed(`${output}\n`)) return 2;
    return failed ? 2 : 0;
  }

  let reports: FileReport[];
  // This thread checks too: as many workers as the other files need, at most.
  const used = jobs.length >= MIN_FILES_FOR_WORKERS ? workers.slice(0, jobs.length - 1) : [];
  for (const worker of workers.slice(used.length)) void worker.terminate();
  if (used.length > 0 && readingAhead) {
    reports = await checkWithReadAhead(jobs, sizes, used[0], await checker);
  } else if (used.length > 0) {
    reports = await checkInWorkers(jobs, sizes, used, await checker);
  } else {
    reports = jobs.map(await checker);
  }

  const findings: CheckedFinding[] = [];
  let fixed = 0;
  let noqaAdded = 0;
  for (const report of reports) {
    for (const message of report.messages) writeErr(`python-async-guide: ${message}\n`);
    failed ||= report.failed;
    fixed += report.fixed;
    noqaAdded += report.noqaAdded;
    findings.push(...report.findings);
  }
  const language = setLocale(settings.language && settings.language !== 'auto' ? settings.language : invocation.locale);
  if (invocation.diff) return printDiffs(reports, fixed, failed, invocation.exitZero);
  // --fix on standard input: the source goes to stdout, always (an editor replaces its buffer with it), the findings to stderr.
  const printFindings = stdin && invocation.fix ? writeErr : writeOut;
  if (stdin && invocation.fix && !printed(reports[0]?.source ?? stdin)) return 2;
  const output = invocation.statistics
    ? formatStatistics(findings, format === 'json' ? 'json' : 'text', language)
    : format === 'json'
      ? formatJson(findings, language)
      : format === 'sarif'
        ? formatSarif(findings, cwd, version, language)
        : format === 'github'
          ? formatGithub(findings, cwd, language)
          : formatText(findings, cwd, language);
  if (output && !printed(`${output}\n`, printFindings)) return 2;
  if (invocation.fix) writeErr(`${fixed === 1 ? t('Fixed 1 finding') : t('Fixed {0} findings', fixed)}\n`);
  if (invocation.addNoqa) writeErr(`${noqaAdded === 1 ? t('Added a # noqa comment to 1 line') : t('Added a # noqa comment to {0} lines', noqaAdded)}\n`);
  if (format === 'text') {
    const counted = findings.length === 1 ? t('1 finding') : t('{0} findings', findings.length);
    const fixable = invocation.fix ? 0 : findings.filter((finding) => finding.fixable).length;
    const summary = jobs.length === 1 ? t('{0} in 1 file', counted) : t('{0} in {1} files', counted, jobs.length);
    writeErr(`${fixable > 0 ? t('{0}; {1} fixable with --fix (--diff shows how)', summary, fixable) : summary}\n`);
  }
  if (failed) return 2;
  return findings.length > 0 && !invocation.exitZero ? 1 : 0;
}

/** `--show-files`: the files a run would check, relative to the current folder. */
function showFiles(jobs: FileJob[], cwd: string, format: OutputFormat): string {
  const files = jobs.map((job) => path.relative(cwd, job.file) || job.file);
  return format === 'json' ? JSON.stringify(files, null, 2) : files.join('\n');
}

/** `--show-settings`: the first file's settings (name one file to see its own); undefined, said on stderr, when there is none. */
function showSettings(job: FileJob | undefined, loader: ReturnType<typeof createConfigLoader>, invocation: Invocation, cwd: string): string | undefined {
  if (!job) {
    writeErr(`python-async-guide: ${t('no Python file to show the settings of.')}\n`);
    return undefined;
  }
  const { config } = optionsForFile(loader, job.file, invocation.settings, invocation.locale);
  const shown = resolvedSettings(job, config, invocation, cwd, invocation.settingsFile);
  return invocation.format === 'json' ? JSON.stringify(shown, null, 2) : formatResolvedSettings(shown);
}

/** Writes the output; false when that failed (a full disk), which is said on stderr: the run exits 2. */
function printed(data: string | Buffer, write: (data: string | Buffer) => void = writeOut): boolean {
  try {
    write(data);
    return true;
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    writeErr(`python-async-guide: ${error.message}\n`);
    return false;
  }
}

/** `check --diff`: the diffs on stdout, how many fixes on stderr; status 1 when there is something to fix. */
function printDiffs(reports: FileReport[], fixes: number, failed: boolean, exitZero: boolean): number {
  if (!printed(reports.map((report) => report.diff ?? '').join(''))) return 2;
  writeErr(`${fixes === 1 ? t('Would fix 1 finding') : t('Would fix {0} findings', fixes)}\n`);
  if (failed) return 2;
  return fixes > 0 && !exitZero ? 1 : 0;
}

if (isCheckWorker()) {
  runCheckWorker();
} else if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      writeErr(`python-async-guide: internal error: ${(error as Error).message ?? error}\n`);
      process.exitCode = 2;
    },
  );
}
