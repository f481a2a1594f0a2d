import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { listCodes } from '../../src/analysis/index';
import { REPO_ROOT } from '../support/engine';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SITE = 'https://python-async-guide.github.io/python-async-guide/';
/** The SARIF 2.1.0 schema as @microsoft/jest-sarif ships it (a devDependency: nothing is copied here). */
const SARIF_SCHEMA = path.join(REPO_ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

interface SarifRule {
  id: string;
  helpUri: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { tags: string[] };
}

interface SarifLog {
  runs: Array<{ tool: { driver: { rules: SarifRule[] } }; results: Array<{ ruleId: string; ruleIndex: number; level: string }> }>;
}

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('command line for CI (formats, statistics, rule pages)', function () {
  // Each test starts the CLI several times; a loaded 2-core machine needs seconds per start.
  this.timeout(300_000);
  let dir: string;

  before(function () {
    if (!fs.existsSync(CLI)) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-ci-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(
      path.join(dir, 'src', 'app.py'),
      'import asyncio\nimport time\n\n\nasync def main():\n    time.sleep(1)\n    time.sleep(2)\n    asyncio.sleep(1)\n    with open("x, y: z") as f:\n        pass\n',
    );
  });

  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('--format github prints workflow annotations, --output-format is the same option', () => {
    const result = run(['check', '--format', 'github', 'src'], dir);
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 4);
    assert.equal(
      lines[0],
      `::warning file=src/app.py,line=6,col=5,endLine=6,endColumn=15,title=ASYNC251::Blocking sleep \`time.sleep\` in async function: use \`await asyncio.sleep(...)\` instead. ${SITE}rules/ASYNC251.html`,
    );
    assert.ok(lines.every((line) => /^::(warning|error|notice) file=src\/app\.py,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[A-Z]+\d+::/.test(line)), result.stdout);
    assert.equal(run(['check', '--output-format', 'github', 'src'], dir).stdout, result.stdout);
    assert.equal(run(['check', '--format', 'json', '--output-format', 'github', 'src'], dir).status, 2);
  });

  it('--statistics counts findings per code, most frequent first; --exit-zero keeps the status 0', () => {
    const result = run(['check', '--statistics', 'src'], dir);
    assert.equal(result.status, 1);
    const rows = result.stdout.trim().split('\n').map((line) => line.split('\t').map((cell) => cell.trim()));
    assert.deepEqual(rows.map(([count, code]) => [count, code]), [['2', 'ASYNC251'], ['1', 'AIO100'], ['1', 'ASYNC230']]);
    const json = JSON.parse(run(['check', '--statistics', '--format', 'json', 'src'], dir).stdout);
    assert.deepEqual(json[0], { code: 'ASYNC251', count: 2, title: 'time.sleep in async function', url: `${SITE}rules/ASYNC251.html` });
    assert.equal(run(['check', '--statistics', '--exit-zero', 'src'], dir).status, 0);
    assert.equal(run(['check', '--exit-zero', 'src'], dir).status, 0);
    assert.equal(run(['check', '--statistics', '--format', 'sarif', 'src'], dir).status, 2);
  });

  it('text and JSON link every code to its page on the site, in the chosen language', () => {
    const text = run(['check', 'src'], dir).stdout;
    assert.match(text, new RegExp(`ASYNC251 +${SITE}rules/ASYNC251\\.html`));
    const json = JSON.parse(run(['check', '--format', 'json', '--locale', 'zh-cn', 'src'], dir).stdout);
    assert.equal(json[0].url, `${SITE}zh-cn/rules/ASYNC251.html`);
  });

  it('SARIF validates against the SARIF 2.1.0 schema and describes every rule', () => {
    const result = run(['check', '--format', 'sarif', 'src'], dir);
    const log = JSON.parse(result.stdout) as SarifLog;
    // The schema's language pattern is not valid with the u flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile<SarifLog>(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'severe';
    assert.equal(validate(broken), false, 'the validator rejects a level SARIF does not have');

    const rules = log.runs[0].tool.driver.rules;
    assert.deepEqual(rules.map((rule) => rule.id), listCodes().map((info) => info.code));
    for (const rule of rules) {
      assert.equal(rule.helpUri, `${SITE}rules/${rule.id}.html`);
      assert.ok(rule.fullDescription.text.length > 20 && rule.fullDescription.text !== rule.shortDescription.text, `${rule.id}: fullDescription from the guide`);
      assert.ok(rule.help.markdown.includes(`](${rule.helpUri})`), rule.id);
      assert.doesNotMatch(rule.help.markdown, /\]\(#/, `${rule.id}: guide links become site links`);
      assert.ok(['error', 'warning', 'note', 'none'].includes(rule.defaultConfiguration.level), rule.id);
      assert.ok(rule.properties.tags.includes('asyncio'), rule.id);
    }
    const results = log.runs[0].results;
    for (const item of results) assert.equal(rules[item.ruleIndex].id, item.ruleId);
  });
});
