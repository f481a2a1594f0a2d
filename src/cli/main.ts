import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, skipReason } from '../analysis/analyzer';
import { FileSystemWorkspace } from '../analysis/fileSystemWorkspace';
import { listCodes, toPublicFinding, type PublicFinding } from '../analysis/index';
import { createConfigLoader, formatProblem, optionsForFile } from '../projectConfig';
import { skipMessage } from '../analysis/skip';
import { readSettingsFile, type Settings } from '../settings';
import { collectPythonFiles, decodePython } from './files';
import { fixFile } from './fix';
import { lintNotebook, readIpynb } from '../analysis/notebook';
import { setLocale } from '../analysis/l10n';
import { formatGithub, formatJson, formatSarif, formatStatistics, formatText, OUTPUT_FORMATS, type OutputFormat } from './formatters';
import { version } from '../../package.json';
import { runServer } from '../server/main';

const USAGE = `Usage: python-async-guide check [options] PATH...
       python-async-guide lsp --stdio

Checks Python files and Jupyter notebooks (directories recurse over *.py and *.ipynb) for blocking
calls and asyncio pitfalls (check), or runs the language server for an editor over stdio (lsp;
--node-ipc, --socket=PORT and --pipe=NAME also work).

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
  --exclude GLOB             skip matching files (repeatable; added to the settings' exclude)
  --blocking "PATTERN -> SUGGESTION"   an extra blocking call for ASYNC200 (repeatable)
  --thread-offload-decorator NAME   a decorator (dotted name or pattern) that runs a sync function in a
                             worker thread: AIO200 does not report calls of it (repeatable)
  --locale en|zh-cn          message language (default: from LANG)
  --time-budget MS           milliseconds one file may take before it is skipped (default: 10000)
  --fix                      apply each finding's preferred fix (e.g. time.sleep -> await asyncio.sleep),
                             write the files back, then report what remains
  --list-codes               print every code with its default severity
  -h, --help                 show this help

Exit status: 0 no findings (or --exit-zero), 1 findings, 2 usage error, a configuration error, or a file that could
not be read or checked completely (over the time budget, nested too deeply, an internal error).`;

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

class UsageError extends Error {}

interface Invocation {
  format: OutputFormat;
  paths: string[];
  settings: Settings;
  select: string[];
  locale?: string;
  fix: boolean;
  statistics: boolean;
  exitZero: boolean;
}

function parseInvocation(argv: string[], cwd: string): Invocation | 'help' | 'list' {
  const { values, positionals } = parseArgs({
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
      locale: { type: 'string' },
      'time-budget': { type: 'string' },
      'list-codes': { type: 'boolean', default: false },
      fix: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (values['list-codes']) return 'list';
  const [command, ...paths] = positionals;
  if (command !== 'check') throw new UsageError(command ? `Unknown command "${command}".` : 'Missing command "check".');
  if (paths.length === 0) throw new UsageError('No PATH given.');
  if (values.format && values['output-format'] && values.format !== values['output-format']) {
    throw new UsageError('--format and --output-format disagree: give one of them.');
  }
  const format = (values.format ?? values['output-format'] ?? 'text') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`Unknown format "${format}": expected ${OUTPUT_FORMATS.join(', ')}.`);
  if (values.statistics && format !== 'text' && format !== 'json') throw new UsageError('--statistics prints text or json.');

  const settingsFile = values.settings ?? path.join(cwd, '.vscode', 'settings.json');
  let settings: Settings = {};
  if (values.settings || fs.existsSync(settingsFile)) {
    try {
      settings = readSettingsFile(settingsFile);
    } catch (error) {
      throw new UsageError(`Cannot read settings ${settingsFile}: ${(error as Error).message}`);
    }
  }
  const severity = { ...(settings.severity ?? {}) };
  for (const entry of values.severity) {
    const [code, level] = entry.split('=');
    if (!code || !SEVERITIES.has(level)) throw new UsageError(`Bad --severity "${entry}": expected CODE=error|warning|information|hint|off.`);
    severity[code.toUpperCase()] = level as never;
  }
  settings = {
    ...settings,
    severity,
    exclude: [...(settings.exclude ?? []), ...values.exclude],
    extraBlockingCalls: [...(settings.extraBlockingCalls ?? []), ...values.blocking],
    threadOffloadDecorators: [...(settings.threadOffloadDecorators ?? []), ...values['thread-offload-decorator']],
  };
  if (values['time-budget'] !== undefined) {
    const budget = Number(values['time-budget']);
    if (!Number.isFinite(budget) || budget <= 0) throw new UsageError(`Bad --time-budget "${values['time-budget']}": expected a positive number of milliseconds.`);
    settings = { ...settings, timeBudgetMs: budget };
  }
  const select = values.select ? values.select.split(',').map((code) => code.trim().toUpperCase()).filter(Boolean) : [];
  return {
    format,
    paths,
    settings,
    select,
    locale: values.locale ?? process.env.LC_ALL ?? process.env.LANG,
    fix: values.fix,
    statistics: values.statistics,
    exitZero: values['exit-zero'],
  };
}

export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  if (argv[0] === 'lsp') {
    // Serves until the client sends `exit` (or closes stdin); the process ends then.
    runServer();
    return new Promise<number>(() => undefined);
  }
  let invocation: ReturnType<typeof parseInvocation>;
  try {
    invocation = parseInvocation(argv, cwd);
  } catch (error) {
    process.stderr.write(`python-async-guide: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (invocation === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (invocation === 'list') {
    for (const info of listCodes()) process.stdout.write(`${info.code}\t${info.defaultSeverity}\t${info.title}\n`);
    return 0;
  }
  const { settings, select, format } = invocation;
  const workspace = new FileSystemWorkspace([cwd]);
  const engine = await createEngine({});
  const projectConfig = createConfigLoader();
  const walk = collectPythonFiles(invocation.paths, settings.exclude ?? [], cwd);
  let failed = walk.missing.length > 0;
  for (const missing of walk.missing) process.stderr.write(`python-async-guide: cannot read ${missing}\n`);
  let checked = 0;
  const named = new Set(invocation.paths.map((target) => path.resolve(cwd, target)));

  const findings: PublicFinding[] = [];
  const isSelected = (code: string) => select.length === 0 || select.some((prefix) => code.startsWith(prefix));
  let fixed = 0;
  for (const file of walk.files) {
    const { options, config } = optionsForFile(projectConfig, file, settings, invocation.locale);
    if (config?.excluded && !named.has(file)) continue;
    checked++;
    engine.configure({ ...options, workspace });
    let text: string;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
      text = decodePython(bytes);
    } catch (error) {
      process.stderr.write(`python-async-guide: cannot read ${file}: ${(error as Error).message}\n`);
      failed = true;
      continue;
    }
    if (file.endsWith('.ipynb')) {
      const cells = readIpynb(text);
      if (!cells) {
        process.stderr.write(`python-async-guide: skipped ${file} (not a Jupyter notebook)\n`);
        continue;
      }
      if (invocation.fix) process.stderr.write(`python-async-guide: ${file}: notebooks are not rewritten by --fix; apply their fixes in the editor\n`);
      const result = lintNotebook(engine, cells, file);
      if (result.skipped) {
        process.stderr.write(`python-async-guide: ${skipMessage(result.skipped, file, result.budgetMs)}\n`);
        failed = true;
      }
      for (const error of result.ruleErrors) process.stderr.write(`python-async-guide: internal error in ${file}: ${error.message}\n`);
      if (result.ruleErrors.length > 0) failed = true;
      for (const finding of result.findings) {
        if (isSelected(finding.code)) findings.push({ ...toPublicFinding({ ...finding, fixes: [], related: [] }, file), cell: finding.cell + 1 });
      }
      continue;
    }
    const skipped = skipReason(text);
    if (skipped) {
      process.stderr.write(`python-async-guide: skipped ${file} (${skipped === 'binary' ? 'binary content' : 'file too large'})\n`);
      continue;
    }
    if (invocation.fix) {
      const outcome = fixFile(engine, file, bytes, text, (finding) => isSelected(finding.code));
      if (outcome.problem) process.stderr.write(`python-async-guide: ${file}: ${outcome.problem}\n`);
      text = outcome.text;
      fixed += outcome.applied;
    }
    const result = engine.lint(text, { file });
    result.tree?.delete();
    if (result.skipped) {
      process.stderr.write(`python-async-guide: ${skipMessage(result.skipped, file, result.budgetMs)}\n`);
      failed = true;
    }
    for (const error of result.ruleErrors) process.stderr.write(`python-async-guide: internal error in ${file}: ${error.message}\n`);
    if (result.ruleErrors.length > 0) failed = true;
    for (const finding of result.findings) {
      if (!isSelected(finding.code)) continue;
      findings.push(toPublicFinding(finding, file));
    }
  }

  for (const problems of projectConfig.problems().values()) {
    for (const problem of problems) process.stderr.write(`python-async-guide: error: ${formatProblem({ ...problem, file: path.relative(cwd, problem.file) || problem.file })}\n`);
    failed = true;
  }

  const language = setLocale(settings.language && settings.language !== 'auto' ? settings.language : invocation.locale);
  const output = invocation.statistics
    ? formatStatistics(findings, format === 'json' ? 'json' : 'text', language)
    : format === 'json'
      ? formatJson(findings, language)
      : format === 'sarif'
        ? formatSarif(findings, cwd, version, language)
        : format === 'github'
          ? formatGithub(findings, cwd, language)
          : formatText(findings, cwd, language);
  if (output) process.stdout.write(`${output}\n`);
  if (invocation.fix) process.stderr.write(`Fixed ${fixed} finding${fixed === 1 ? '' : 's'}\n`);
  if (format === 'text') {
    process.stderr.write(`${findings.length} finding${findings.length === 1 ? '' : 's'} in ${checked} file${checked === 1 ? '' : 's'}\n`);
  }
  if (failed) return 2;
  return findings.length > 0 && !invocation.exitZero ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`python-async-guide: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 2;
    },
  );
}
