import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSystemWorkspace } from '../../src/analysis/fileSystemWorkspace';
import { engine } from '../support/engine';

const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'rules');

/** The AIO200 findings of a rule fixture, each with the call its line starts with (`dprint`, `self.set_url`). */
async function aio200Findings(fixture: string): Promise<Array<{ call: string; severity: string | undefined; message: string }>> {
  const text = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8');
  const analyzer = await engine({});
  const result = analyzer.lint(text);
  result.tree?.delete();
  const lines = text.split('\n');
  return result.findings.filter((f) => f.code === 'AIO200').map((f) => ({ call: lines[f.range.start.line].trim().split('(')[0], severity: f.severity, message: f.message }));
}

const severities = (found: Awaited<ReturnType<typeof aio200Findings>>) => Object.fromEntries(found.map(({ call, severity }) => [call, severity]));
const messageOf = (found: Awaited<ReturnType<typeof aio200Findings>>, call: string) => String(found.find((finding) => finding.call === call)?.message);

describe('AIO200 behind run-time options', () => {
  it('a path under a module-level option or a constructor default that is off is information, with the guard', async () => {
    const found = await aio200Findings('aio200_options.py');
    assert.deepEqual(severities(found), {
      'self.set_url': 'information',
      'self.verify': 'warning',
      dprint: 'information',
      vprint: 'information',
      trace: 'information',
      always_logs: 'warning',
      traced_by_default: 'warning',
      module_checked: 'warning',
    });
    assert.match(messageOf(found, 'dprint'), /when `arguments\.debug`/);
    assert.match(messageOf(found, 'self.set_url'), /when `self\.store_url and self\.storage`/);
  });

  it('follows an options object imported from a workspace module', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aio200-options-'));
    try {
      fs.mkdirSync(path.join(root, 'app'));
      fs.writeFileSync(path.join(root, 'app', '__init__.py'), '');
      fs.writeFileSync(path.join(root, 'app', 'options.py'), 'class Arguments:\n    debug = False\n\n\narguments = Arguments()\n');
      fs.writeFileSync(path.join(root, 'app', 'on.py'), 'class Arguments:\n    debug = False\n\n\narguments = Arguments()\narguments.debug = True\n');
      const helper = (module: string) => `from .${module} import arguments\n\n\ndef dprint(msg):\n    if arguments.debug:\n        with open("debug.log", "a") as f:\n            f.write(msg)\n\n\nasync def main():\n    dprint("x")\n`;
      const analyzer = await engine({ workspace: new FileSystemWorkspace([root]) });
      const severities = (module: string) =>
        analyzer.lint(helper(module), { file: path.join(root, 'app', 'main.py') }).findings.filter((f) => f.code === 'AIO200').map((f) => f.severity);
      assert.deepEqual(severities('options'), ['information']);
      assert.deepEqual(severities('on'), ['warning']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('AIO200 in fallbacks', () => {
  it('a blocking call only in a broad handler of a try that does not block is information', async () => {
    const found = await aio200Findings('aio200_fallbacks.py');
    assert.deepEqual(severities(found), {
      seed_bytes: 'information',
      parse_or_wait: 'information',
      load_cached: 'warning',
      file_or_fetch: 'warning',
      no_call_tried: 'warning',
      seed_and_log: 'warning',
    });
    assert.match(found[0].message, /when `os\.urandom\(16\) fails`/);
  });
});

describe('AIO200 behind a mode or a mapping setting', () => {
  it('a literal-key setting compared with strings, or needed set (also through a predicate that only reads it), is information; needed unset, a state or a platform test is a warning', async () => {
    const found = await aio200Findings('aio200_modes.py');
    assert.deepEqual(severities(found), {
      'writer.writes': 'information',
      'writer.save': 'information',
      base_path: 'information',
      token: 'information',
      license_text: 'warning',
      'launcher.signal': 'warning',
      retries: 'warning',
      native_path: 'warning',
      dry_run: 'information',
      when_idle: 'warning',
    });
    const message = (call: string) => messageOf(found, call);
    // A predicate that only reads a setting is that setting, named as the call.
    assert.match(message('dry_run'), /when `is_trusted\(root\)`/);
    assert.match(message('writer.writes'), /may block .* when `self\.fmt\.get\("format_name"\) == "pandoc"`/);
    assert.match(message('base_path'), /when `prefix`/);
    assert.match(message('token'), /when `config\.get\("token_file"\)`/);
  });
});
