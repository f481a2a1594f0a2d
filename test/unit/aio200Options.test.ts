import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSystemWorkspace } from '../../src/analysis/fileSystemWorkspace';
import { engine } from '../support/engine';

const FIXTURE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'rules', 'aio200_options.py');

describe('AIO200 behind run-time options', () => {
  it('a path under a module-level option or a constructor default that is off is information, with the guard', async () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const analyzer = await engine({});
    const result = analyzer.lint(text);
    result.tree?.delete();
    const lines = text.split('\n');
    const found = result.findings.filter((f) => f.code === 'AIO200').map((f) => [lines[f.range.start.line].trim().split('(')[0], f.severity, f.message]);
    const severity = Object.fromEntries(found.map(([call, level]) => [call, level]));
    assert.deepEqual(severity, {
      'self.set_url': 'information',
      'self.verify': 'warning',
      dprint: 'information',
      vprint: 'information',
      trace: 'information',
      always_logs: 'warning',
      traced_by_default: 'warning',
      module_checked: 'warning',
    });
    assert.match(String(found.find(([call]) => call === 'dprint')?.[2]), /when `arguments\.debug`/);
    assert.match(String(found.find(([call]) => call === 'self.set_url')?.[2]), /when `self\.store_url and self\.storage`/);
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
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'rules', 'aio200_fallbacks.py'), 'utf8');
    const analyzer = await engine({});
    const result = analyzer.lint(text);
    result.tree?.delete();
    const lines = text.split('\n');
    const found = result.findings.filter((f) => f.code === 'AIO200');
    const severity = Object.fromEntries(found.map((f) => [lines[f.range.start.line].trim().split('(')[0], f.severity]));
    assert.deepEqual(severity, {
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
  it('a literal-key setting compared with strings, or needed set, is information; needed unset, a state or a platform test is a warning', async () => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'rules', 'aio200_modes.py'), 'utf8');
    const analyzer = await engine({});
    const result = analyzer.lint(text);
    result.tree?.delete();
    const lines = text.split('\n');
    const found = result.findings.filter((f) => f.code === 'AIO200').map((f) => [lines[f.range.start.line].trim().split('(')[0], f.severity, f.message]);
    assert.deepEqual(Object.fromEntries(found.map(([call, level]) => [call, level])), {
      'writer.writes': 'information',
      'writer.save': 'information',
      base_path: 'information',
      token: 'information',
      license_text: 'warning',
      'launcher.signal': 'warning',
      retries: 'warning',
      native_path: 'warning',
    });
    const message = (call: string) => String(found.find(([name]) => name === call)?.[2]);
    assert.match(message('writer.writes'), /may block .* when `self\.fmt\.get\("format_name"\) == "pandoc"`/);
    assert.match(message('base_path'), /when `prefix`/);
    assert.match(message('token'), /when `config\.get\("token_file"\)`/);
  });
});
