import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPythonParser } from '../../src/analysis/parser';
import { HelperSummaries } from '../../src/analysis/rules/helpers/helperSummaries';
import { passedText, withSubject } from '../../src/analysis/rules/helpers/pathConditions';
import { SemanticModel } from '../../src/analysis/semantic/model';
import { SyntaxTree } from '../../src/analysis/syntaxTree';
import type { AnalyzerOptions } from '../../src/analysis/options';
import { engine, REPO_ROOT, WASM_DIR } from '../support/engine';
import { lintFindings } from '../support/lint';

async function aio200(text: string, options: AnalyzerOptions = {}) {
  return (await lintFindings(text, options)).filter((finding) => finding.code === 'AIO200');
}

const CONFIG = [
  'import json',
  '',
  'def load(source=None):',
  '    if isinstance(source, str):',
  '        with open(source) as handle:',
  '            return json.load(handle)',
  '    return source or {}',
  '',
].join('\n');

describe('AIO200 path-aware severity and wording', () => {
  it('a branch the arguments cannot take is not reported; a decided one is a warning', async () => {
    const findings = await aio200(`${CONFIG}\nasync def main():\n    load()\n    load({"a": 1})\n    load("app.json")\n`);
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity]),
      [[12, 'warning']],
    );
    assert.match(findings[0].message, /^`load` blocks the event loop/);
  });

  it('an undecided guard is information, worded "may block" and naming the condition, in both languages', async () => {
    const text = `${CONFIG}\nasync def main(user_source):\n    load(user_source)\n`;
    const [finding] = await aio200(text);
    assert.equal(finding.severity, 'information');
    // The condition names what the call passes (`user_source`), not the helper's parameter (`source`).
    assert.match(finding.message, /may block the event loop .* when `isinstance\(user_source, str\)`/);
    const [chinese] = await aio200(text, { locale: 'zh-cn' });
    assert.match(chinese.message, /当 `isinstance\(user_source, str\)` 成立时，`load` 可能经由同步辅助函数阻塞事件循环/);
    await engine({});
  });

  it('a configured severity still applies to the "may block" findings', async () => {
    const [finding] = await aio200(`${CONFIG}\nasync def main(user_source):\n    load(user_source)\n`, { severity: { AIO200: 'error' } });
    assert.equal(finding.severity, 'error');
  });

  it('an object of a workspace class built at the call site decides isinstance and truthiness tests', async () => {
    const text = [
      'import time',
      '',
      'class Part:',
      '    pass',
      '',
      'class Sized:',
      '    def __len__(self):',
      '        return 0',
      '',
      'def use(item):',
      '    if isinstance(item, (str, bytes)):',
      '        time.sleep(1)',
      '',
      'def when_given(item):',
      '    if item:',
      '        time.sleep(1)',
      '',
      'async def main():',
      '    use(Part())',
      '    when_given(Part())',
      '    when_given(Sized())',
      '',
    ].join('\n');
    const findings = await aio200(text);
    // A class without __bool__ or __len__ is always truthy: the sleep runs. One with __len__ may be empty.
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity]),
      [
        [20, 'warning'],
        [21, 'information'],
      ],
    );
  });

  it('the chain takes its worst reachable call: a path check and then a read is a warning', async () => {
    const text = 'import os\n\ndef read(path):\n    if os.path.exists(path):\n        with open(path) as f:\n            return f.read()\n    return ""\n\nasync def main(p):\n    read(p)\n';
    const [finding] = await aio200(text);
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /read → open/);
    const [check] = await aio200('import os\n\ndef has(path):\n    return os.path.exists(path)\n\nasync def main(p):\n    has(p)\n');
    assert.equal(check.severity, 'information');
  });

  // python-telegram-bot's parse_file_input: a path check, then an open behind more tests on the same argument.
  const FILE_INPUT = [
    'from pathlib import Path',
    '',
    'def is_local_file(obj):',
    '    if obj is None:',
    '        return False',
    '    return Path(obj).is_file()',
    '',
    'def parse_file_input(file_input, local_mode=False):',
    '    if isinstance(file_input, str) and file_input.startswith("file://"):',
    '        return file_input',
    '    if isinstance(file_input, (str, Path)):',
    '        if is_local_file(file_input):',
    '            if local_mode:',
    '                return Path(file_input).absolute().as_uri()',
    '            return Path(file_input).open(mode="rb")',
    '    return file_input',
    '',
    'async def send(photo, local):',
    '    return parse_file_input(photo, local)',
    '',
  ].join('\n');

  it('a "may block" chain leads to the worst call that may run, and names that path\'s condition', async () => {
    const [finding] = await aio200(FILE_INPUT);
    assert.equal(finding.severity, 'information');
    assert.match(finding.message, /\(parse_file_input → Path\(file_input\)\.open\) when `not local and isinstance\(photo, \(str, Path\)\) and not \(isinstance\(photo, str\) and photo\.startswith\("file:\/\/"\)\)`/);
    const [chinese] = await aio200(FILE_INPUT, { locale: 'zh-cn' });
    assert.match(chinese.message, /当 `not local and isinstance\(photo, \(str, Path\)\)/);
  });

  it("a \"may block\" condition names the caller's argument: through helpers that pass it on, in parentheses where needed, cut when long", async () => {
    const helpers = [
      'import json',
      'import os',
      '',
      'def load(source, strict=False):',
      '    if isinstance(source, str) and source.endswith(".json") and not strict:',
      '        with open(source) as handle:',
      '            return json.load(handle, source=source)',
      '    return {}',
      '',
      'def relay(path):',
      '    return load(path)',
      '',
      'def rebound(source):',
      '    if source is None:',
      '        source = os.environ.get("SOURCE")',
      '    if source.startswith("/"):',
      '        open(source)',
      '',
    ].join('\n');
    const conditions = async (body: string) =>
      (await aio200(`${helpers}\nasync def main(user, options, flag):\n${body}`)).map((finding) => /when `(.*)`: use/.exec(finding.message)?.[1]);
    assert.deepEqual(await conditions('    load(options.config_path)\n'), ['isinstance(options.config_path, str) and options.config_path.endswith(".json")']);
    // A helper that passes its parameter on: the coroutine's argument all the same.
    assert.deepEqual(await conditions('    relay(user)\n'), ['isinstance(user, str) and user.endswith(".json")']);
    // An operator expression is parenthesised next to an operator, not as an argument; `strict=flag` carried as `flag`.
    assert.deepEqual(await conditions('    load(user or "app.json", strict=flag)\n'), [
      'isinstance(user or "app.json", str) and (user or "app.json").endswith(".json") and not flag',
    ]);
    // The helper assigns the parameter again before the test: its own name, which may no longer hold the argument.
    assert.deepEqual(await conditions('    rebound(options.source)\n'), ['source.startswith("/")']);
    assert.deepEqual(await conditions('    load(options.settings_for_the_current_user_profile(user, "main"))\n'), [
      'isinstance(options.settings_for_the_current_user_profile(…), str) and options.settings_for_the_current_user_profile(…).endswith(".json")',
    ]);
  });

  it('the caller\'s argument replaces only the parameter in a condition: not an attribute, a keyword or a string', async () => {
    const name = (text: string) => ({ text, atom: true });
    const sum = { text: 'a + b', atom: false };
    assert.equal(withSubject('f(source=source, x=source.source) and "source" in source', 'source', name('arg')), 'f(source=arg, x=arg.source) and "source" in arg');
    assert.equal(withSubject("path == 'a\\'path' or path", 'path', name('p')), "p == 'a\\'path' or p");
    assert.equal(withSubject('f"{x}" == f', 'f', name('g')), 'f"{x}" == g');
    assert.equal(withSubject('sourced and source_id', 'source', name('x')), 'sourced and source_id');
    // An operator expression needs parentheses next to an operator, none alone, as an argument or an element.
    assert.equal(withSubject('p', 'p', sum), 'a + b');
    assert.equal(withSubject('isinstance(p, (str, p))', 'p', sum), 'isinstance(a + b, (str, a + b))');
    assert.equal(withSubject('f(k=p) and p == 1 and x == p and not p', 'p', sum), 'f(k=a + b) and (a + b) == 1 and x == (a + b) and not (a + b)');
    const parser = await createPythonParser(WASM_DIR);
    const parsedExpression = (text: string) => {
      const tree = parser.parse(`${text}\n`)!;
      try {
        return new SyntaxTree(tree, `${text}\n`).rootNode.namedChildren[0].namedChildren[0];
      } finally {
        tree.delete();
      }
    };
    assert.deepEqual(passedText(parsedExpression('a  +\n b')), { text: 'a + b', atom: false });
    assert.deepEqual(passedText(parsedExpression('items[0]')), { text: 'items[0]', atom: true });
    assert.deepEqual(passedText(parsedExpression('self.plugin_transport_args.ssh_known_hosts_file')), { text: 'self.plugin_transport_args.ssh_known_hosts_file', atom: true });
    assert.deepEqual(passedText(parsedExpression('very_long_mapping_name_of_things[some_key_of_the_mapping]')), { text: 'very_long_mapping_name_of_things[…]', atom: true });
    assert.deepEqual(passedText(parsedExpression('first_long_operand_name + second_long_operand_name')), { text: 'first_long_operand_name + second_long_o…', atom: false });
  });

  it('guards carry through helpers that pass their parameter on', async () => {
    const text = `${CONFIG}\ndef relay(value, extra=None):\n    return load(value)\n\nasync def main(user):\n    relay({})\n    relay("x.json")\n    relay(user)\n`;
    const findings = await aio200(text);
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity]),
      [
        [14, 'warning'],
        [15, 'information'],
      ],
    );
    assert.match(findings[0].message, /relay → load → open/);
  });

  it('a retry decorator that waits is information naming the decorator; a blocking body keeps the warning', async () => {
    const text = [
      'import tenacity',
      '',
      '@tenacity.retry(wait=tenacity.wait_fixed(5))',
      'def poll(client):',
      '    return client.ready()',
      '',
      '@tenacity.retry(wait=tenacity.wait_fixed(5))',
      'def load(path):',
      '    return open(path).read()',
      '',
      'async def main(client):',
      '    poll(client)',
      '    load("a.txt")',
      '',
    ].join('\n');
    const findings = await aio200(text);
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity]),
      [
        [12, 'information'],
        [13, 'warning'],
      ],
    );
    assert.match(findings[0].message, /may block .*\(poll → @tenacity\.retry\) when `poll\(\) raises`/);
  });
});

describe('AIO200 thread hand-off ends a chain', () => {
  const BLOCKING = 'import time\n';
  it('helpers decorated to run in a worker thread are not blocking at the call site', async () => {
    const text = [
      BLOCKING,
      'import asyncio',
      'import functools',
      'from textual import work',
      'from asgiref.sync import sync_to_async',
      '',
      'def in_executor(func):',
      '    @functools.wraps(func)',
      '    def wrapper(*args, **kwargs):',
      '        loop = asyncio.get_running_loop()',
      '        return loop.run_in_executor(None, functools.partial(func, *args, **kwargs))',
      '    return wrapper',
      '',
      '@work(thread=True)',
      'def refresh():',
      '    time.sleep(1)',
      '',
      '@work(exclusive=True)',
      'def not_threaded():',
      '    time.sleep(1)',
      '',
      '@sync_to_async',
      'def query():',
      '    time.sleep(1)',
      '',
      '@in_executor',
      'def crunch():',
      '    time.sleep(1)',
      '',
      'async def main():',
      '    refresh()',
      '    not_threaded()',
      '    query()',
      '    crunch()',
      '',
    ].join('\n');
    const findings = await aio200(text);
    assert.deepEqual(
      findings.map((f) => f.message.match(/`(\w+)`/)?.[1]),
      ['not_threaded'],
    );
  });

  it('project decorators from the threadOffloadDecorators option (names or patterns)', async () => {
    const text = 'import time\nfrom myapp.threads import background\n\n@background\ndef sync_work():\n    time.sleep(1)\n\nasync def main():\n    sync_work()\n';
    assert.equal((await aio200(text)).length, 1);
    assert.equal((await aio200(text, { threadOffloadDecorators: ['myapp.threads.background'] })).length, 0);
    assert.equal((await aio200(text, { threadOffloadDecorators: ['myapp.*.back*'] })).length, 0);
    assert.equal((await aio200(text, { threadOffloadDecorators: ['other.background'] })).length, 1);
  });

  it('project decorators from the deferringDecorators option (names or patterns)', async () => {
    const text = 'import time\nfrom myapp.graph import lazy\n\n@lazy\ndef step():\n    time.sleep(1)\n\nasync def main():\n    step()\n';
    assert.equal((await aio200(text)).length, 1);
    assert.equal((await aio200(text, { deferringDecorators: ['myapp.graph.lazy'] })).length, 0);
    assert.equal((await aio200(text, { deferringDecorators: ['*.lazy'] })).length, 0);
    assert.equal((await aio200(text, { threadOffloadDecorators: ['other.lazy'], deferringDecorators: ['other.lazy'] })).length, 1);
  });
});

describe('AIO200 summaries are linear', () => {
  /** n helpers that all call each other, the last one blocking, and an async def calling each. */
  function allToAll(n: number): string {
    const lines = ['import time', ''];
    for (let i = 0; i < n; i++) {
      lines.push(`def h${i}():`);
      for (let j = 0; j < n; j++) if (j !== i) lines.push(`    h${j}()`);
      lines.push(i === n - 1 ? '    time.sleep(1)' : '    pass', '');
    }
    lines.push('async def main():', ...Array.from({ length: n }, (_, i) => `    h${i}()`), '');
    return lines.join('\n');
  }

  it('summarises each function once and looks at each call once (helpers that all call each other)', async () => {
    const parser = await createPythonParser(WASM_DIR);
    for (const n of [40, 160]) {
      const text = allToAll(n);
      const tree = parser.parse(text)!;
      try {
        const model = new SemanticModel(tree, text);
        const summaries = new HelperSummaries({ isEnabled: () => true, severityOf: () => 'warning' }, undefined);
        const calls = model.nodes('call').filter((call) => model.isOnEventLoop(call));
        const reported = calls.filter((call) => {
          const callee = summaries.resolveCallee(call, model, undefined);
          return callee && summaries.reachesFrom(call, callee, model).length > 0;
        });
        assert.equal(reported.length, n, 'every helper reaches time.sleep');
        assert.equal(summaries.work.functions, n);
        assert.equal(summaries.work.calls, n * (n - 1) + 1);
      } finally {
        tree.delete();
      }
    }
  });

  it('a chain of 5,000 helpers does not overflow the stack', async () => {
    const n = 5000;
    const lines = ['import time'];
    for (let i = 0; i < n; i++) lines.push(`def h${i}():`, i === n - 1 ? '    time.sleep(1)' : `    h${i + 1}()`);
    lines.push('async def main():', '    h0()', `    h${n - 3}()`);
    const findings = await aio200(lines.join('\n'));
    assert.deepEqual(
      findings.map((f) => f.range.start.line + 1),
      [2 * n + 4],
    );
  });
});

describe('AIO200 thread offload decorators from the command line and the settings file', () => {
  const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
  let dir: string;

  before(function () {
    if (!fs.existsSync(CLI)) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-offload-'));
    fs.writeFileSync(path.join(dir, 'app.py'), 'import time\nfrom jobs import in_worker\n\n@in_worker\ndef crunch():\n    time.sleep(1)\n\nasync def main():\n    crunch()\n');
  });

  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  const codes = (args: string[]) => {
    const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...args, 'app.py'], { cwd: dir, encoding: 'utf8' });
    return (JSON.parse(result.stdout) as Array<{ code: string }>).map((finding) => finding.code);
  };

  it('--thread-offload-decorator (repeatable) and pythonAsyncGuide.threadOffloadDecorators end the chain', () => {
    assert.deepEqual(codes([]), ['AIO200']);
    assert.deepEqual(codes(['--thread-offload-decorator', 'other.*', '--thread-offload-decorator', 'jobs.in_worker']), []);
    fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), '{ "pythonAsyncGuide.threadOffloadDecorators": ["*.in_worker"] }');
    assert.deepEqual(codes([]), []);
  });

  it('--deferring-decorator and pythonAsyncGuide.deferringDecorators end the chain too', () => {
    fs.rmSync(path.join(dir, '.vscode'), { recursive: true, force: true });
    assert.deepEqual(codes([]), ['AIO200']);
    assert.deepEqual(codes(['--deferring-decorator', 'jobs.in_worker']), []);
    fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), '{ "pythonAsyncGuide.deferringDecorators": ["jobs.*"] }');
    assert.deepEqual(codes([]), []);
  });
});

describe('AIO200 follows the user-configured blocking calls (ASYNC200)', () => {
  it('a helper that calls a configured pattern is reported at the call in the coroutine', async () => {
    const text = 'import mylib\n\ndef sync_fetch(url):\n    return mylib.fetch_page(url)\n\nasync def main():\n    sync_fetch("x")\n';
    assert.deepEqual(await aio200(text), []);
    const [finding] = await aio200(text, { extraBlockingCalls: ['mylib.fetch_* -> mylib.afetch'] });
    assert.match(finding.message, /sync_fetch → mylib\.fetch_page/);
    assert.deepEqual(await aio200(text, { extraBlockingCalls: ['mylib.fetch_*'], severity: { ASYNC200: 'off' } }), []);
  });
});

describe('AIO200 on sync/async dual-mode objects', () => {
  it('a path only the synchronous mode takes is information when the call site builds the object asynchronous', async () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'rules', 'aio200_dual_mode.py'), 'utf8');
    const findings = await aio200(text);
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.severity]),
      [
        [42, 'information'],
        [47, 'warning'],
        [76, 'information'],
        [77, 'information'],
        [78, 'warning'],
        [79, 'warning'],
        [80, 'warning'],
        [82, 'information'],
        [84, 'warning'],
        [86, 'warning'],
      ],
    );
    assert.match(findings[2].message, /may block .* when `not asynchronous`/);
    assert.match(findings[7].message, /when `not self\._asynchronous`/);
  });
});
