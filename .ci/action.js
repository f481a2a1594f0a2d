// The GitHub Action (action.yml): runs `python-async-guide check` once for the SARIF log and once for
// workflow annotations, and reports `findings` and `sarif-file` as step outputs. Plain Node, no
// build: the action's checkout has no dist/, so the CLI comes from npm at the action's version.
// PYTHON_ASYNC_GUIDE_CLI (a path to cli.js) runs a local build instead, as the tests do.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function input(name, fallback = '') {
  const value = process.env[`INPUT_${name.replace(/-/g, '_').toUpperCase()}`];
  return value === undefined || value === '' ? fallback : value;
}

/** Splits `--select ASYNC2 --exclude "tests/**"` into arguments, honouring single and double quotes. */
function splitArgs(text) {
  const args = [];
  for (const match of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) args.push(match[1] ?? match[2] ?? match[3]);
  return args;
}

function cliCommand() {
  const local = process.env.PYTHON_ASYNC_GUIDE_CLI;
  if (local) return [process.execPath, path.resolve(local)];
  const version = input('version', require('../package.json').version);
  return ['npx', '--yes', `python-async-guide@${version}`];
}

function setOutput(name, value) {
  if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

function run(command, args, stdout) {
  const result = spawnSync(command[0], [...command.slice(1), ...args], { stdio: ['ignore', stdout, 'inherit'], encoding: 'utf8' });
  if (result.error) throw result.error;
  return result;
}

function main() {
  const command = cliCommand();
  const paths = splitArgs(input('paths', '.'));
  const extra = splitArgs(input('args'));
  const sarifFile = input('sarif-file', 'python-async-guide.sarif');

  const sarif = run(command, ['check', ...extra, '--format', 'sarif', '--exit-zero', ...paths], 'pipe');
  if (sarif.status !== 0) {
    process.stderr.write(`python-async-guide exited with ${sarif.status}: see the messages above.\n`);
    return sarif.status ?? 2;
  }
  fs.mkdirSync(path.dirname(path.resolve(sarifFile)), { recursive: true });
  fs.writeFileSync(sarifFile, sarif.stdout);
  const findings = JSON.parse(sarif.stdout).runs[0].results.length;
  setOutput('sarif-file', sarifFile);
  setOutput('findings', findings);

  // Annotations on the changed lines, printed as workflow commands.
  run(command, ['check', ...extra, '--format', 'github', '--exit-zero', ...paths], 'inherit');
  process.stdout.write(`python-async-guide: ${findings} finding${findings === 1 ? '' : 's'}; SARIF in ${sarifFile}\n`);
  return findings > 0 && input('fail-on-findings', 'true') === 'true' ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`python-async-guide action: ${error.message}\n`);
  process.exitCode = 2;
}
