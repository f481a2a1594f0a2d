// The ways the CLI reaches users outside VS Code: the npm package (`npx python-async-guide check .`),
// the pre-commit hook and the GitHub Action — each run the way its host runs it.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../support/engine';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const BLOCKING = 'import time\n\n\nasync def main():\n    time.sleep(1)\n';
const CLEAN = 'import asyncio\n\n\nasync def main():\n    await asyncio.sleep(1)\n';

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('distribution: npm package, pre-commit hook, GitHub Action', function () {
  this.timeout(300_000);
  let dir: string;
  let project: string;
  let tarball: string;

  before(function () {
    if (!fs.existsSync(CLI)) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-dist-'));
    // dist/ is built by the unit test run; --ignore-scripts skips `prepack`, which would rebuild it.
    const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], REPO_ROOT)) as Array<{ filename: string }>;
    tarball = path.join(dir, packed[0].filename);
    project = path.join(dir, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), '{ "private": true }\n');
    // Offline: the package has no dependencies, everything is in its bundles.
    npm(['install', '--offline', '--no-audit', '--no-fund', tarball], project);
  });

  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('the npm package holds the CLI bundle, the grammar, the rule texts, LICENSE and README, and no sources', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((file) => file.replace(/^package\//, ''));
    for (const file of ['dist/cli.js', 'dist/analysis.js', 'dist/tree-sitter-python.wasm', 'dist/web-tree-sitter.wasm', 'LICENSE', 'README.md', 'package.json', 'media/guide/en/rules/ASYNC251.md', 'media/guide/zh-cn/rules/ASYNC251.md']) {
      assert.ok(files.includes(file), `${file} missing from the package`);
    }
    assert.deepEqual(files.filter((file) => /^(src|test|docs|node_modules)\/|\.map$|\.vsix$/.test(file)), []);
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}), [], 'runtime libraries are bundled: list them under devDependencies');
  });

  it('the VSIX holds the icon package.json names and the guide, and none of the listing\'s screenshots', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { icon: string };
    // The icon is generated, as `npm run package` does before vsce runs.
    if (!fs.existsSync(path.join(REPO_ROOT, manifest.icon))) execFileSync(process.execPath, [path.join(REPO_ROOT, '.ci', 'icon.js')], { cwd: REPO_ROOT });
    const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n');
    for (const file of [manifest.icon, 'media/guide/en/rules/ASYNC251.md', 'media/guide-view/guide.js', 'media/walkthrough/sample.py', 'package.nls.zh-cn.json']) {
      assert.ok(files.includes(file), `${file} missing from the VSIX`);
    }
    assert.deepEqual(files.filter((file) => /^(src|test|docs|\.ci)\/|^media\/marketplace\/(?!icon\.png$)/.test(file)), []);
  });

  it('npx python-async-guide check . works from the installed package', () => {
    fs.writeFileSync(path.join(project, 'app.py'), BLOCKING);
    const result = spawnSync('npx', ['--offline', 'python-async-guide', 'check', '--format', 'sarif', '.'], { cwd: project, encoding: 'utf8' });
    assert.equal(result.status, 1, result.stderr);
    const log = JSON.parse(result.stdout);
    assert.deepEqual(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['ASYNC251']);
    assert.match(log.runs[0].tool.driver.rules.find((rule: { id: string }) => rule.id === 'ASYNC251').fullDescription.text, /time\.sleep/);
    fs.rmSync(path.join(project, 'app.py'));
    const page = spawnSync('npx', ['--offline', 'python-async-guide', 'rule', 'ASYNC251', '--locale', 'zh-cn'], { cwd: project, encoding: 'utf8' });
    assert.equal(page.status, 0, page.stderr);
    assert.match(page.stdout, /^# ASYNC251 — [^\n]*[\u4e00-\u9fff]/, 'the rule pages are in the package');
  });

  it('the pre-commit hook checks the staged Python files it is given', () => {
    const [hook] = parseYaml(fs.readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ entry: string; language: string; types: string[] }>;
    assert.equal(hook.language, 'node');
    assert.deepEqual(hook.types, ['python']);
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    fs.writeFileSync(path.join(repo, 'staged.py'), BLOCKING);
    fs.writeFileSync(path.join(repo, 'clean.py'), CLEAN);
    fs.writeFileSync(path.join(repo, 'unstaged.py'), BLOCKING);
    fs.writeFileSync(path.join(repo, 'notes.txt'), 'time.sleep(1)\n');
    git('add', 'staged.py', 'clean.py', 'notes.txt');
    // As pre-commit does: the staged files of the hook's types, appended to the entry; the package's bin on PATH.
    const staged = git('diff', '--cached', '--name-only', '--diff-filter=ACMR').trim().split('\n').filter((file) => file.endsWith('.py'));
    const [command, ...entryArgs] = hook.entry.split(' ');
    const env = { ...process.env, PATH: `${path.join(project, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`, LANG: 'C' };
    const result = spawnSync(command, [...entryArgs, ...staged], { cwd: repo, encoding: 'utf8', env });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^staged\.py:5:5: ASYNC251/m);
    assert.doesNotMatch(result.stdout, /unstaged|clean\.py|notes/);
    const clean = spawnSync(command, [...entryArgs, 'clean.py'], { cwd: repo, encoding: 'utf8', env });
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  });

  it('the GitHub Action, as in the README example, writes SARIF, annotations and outputs', () => {
    const action = parseYaml(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default: string }> };
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const example = /```yaml\n((?:(?!```)[\s\S])*?uses: python-async-guide\/python-async-guide@(?:(?!```)[\s\S])*)```/.exec(readme);
    assert.ok(example, 'the README has a workflow example that uses the action');
    const workflow = parseYaml(example[1]) as { jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }> };
    const step = Object.values(workflow.jobs).flatMap((job) => job.steps).find((candidate) => candidate.uses?.startsWith('python-async-guide/python-async-guide@'));
    assert.ok(step);
    const inputs = { ...Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, spec.default])), ...(step.with ?? {}) };

    const workspace = path.join(dir, 'workspace');
    fs.mkdirSync(path.join(workspace, 'src'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'src', 'app.py'), BLOCKING);
    const outputFile = path.join(dir, 'github-output');
    fs.writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_OUTPUT: outputFile, PYTHON_ASYNC_GUIDE_CLI: CLI, LANG: 'C' };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/-/g, '_').toUpperCase()}`] = String(value);
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, '.ci', 'action.js')], { cwd: workspace, encoding: 'utf8', env });

    assert.equal(result.status, inputs['fail-on-findings'] === 'false' ? 0 : 1, result.stderr);
    assert.match(result.stdout, /^::warning file=src\/app\.py,line=5,col=5,endLine=5,endColumn=15,title=ASYNC251::/m);
    const outputs = Object.fromEntries(fs.readFileSync(outputFile, 'utf8').trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));
    assert.equal(outputs.findings, '1');
    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, outputs['sarif-file']), 'utf8'));
    assert.equal(sarif.runs[0].results[0].ruleId, 'ASYNC251');
  });
});
