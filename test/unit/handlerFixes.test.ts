import * as assert from 'node:assert/strict';
import type { Fix } from '../../src/analysis/types';
import { engine } from '../support/engine';
import { applyFix, codeFixes, findingOf as findingAt, lines } from '../support/lint';

/** The fixes, not the `# noqa` ones, of the finding with `code` on the line that holds `marker`. */
async function fixesAt(text: string, code: string, marker: string): Promise<Fix[]> {
  return codeFixes(await findingAt(text, code, marker));
}

/** The one fix offered, applied; the result is checked again: no syntax error, and nothing reported on the line holding `fixedMarker`. */
async function applyOnly(text: string, code: string, marker: string, fixedMarker: string): Promise<{ title: string; text: string }> {
  const fixes = await fixesAt(text, code, marker);
  assert.equal(fixes.length, 1, fixes.map((fix) => fix.title).join(' | '));
  assert.equal(fixes[0].isPreferred, false, '--fix must not turn a handler into a coroutine on its own');
  const fixed = applyFix(text, fixes[0]);
  const again = (await engine()).lint(fixed);
  again.tree?.delete();
  assert.equal(again.hasSyntaxErrors, false, fixed);
  const row = fixed.split('\n').findIndex((line) => line.includes(fixedMarker));
  assert.ok(row >= 0, fixed);
  assert.deepEqual(again.findings.filter((finding) => finding.range.start.line === row).map((finding) => finding.message), []);
  return { title: fixes[0].title, text: fixed };
}

const TEXTUAL_APP = [
  'import time',
  '',
  'import requests',
  'from textual.app import App',
  'from textual.widgets import Button, Static',
  '',
  '',
  'class Weather(App):',
];

describe('a sync handler its library would await as a coroutine: the fix makes it async too', () => {
  it('Textual message handler: async def, and the HTTP call in a worker thread', async () => {
    const text = lines(
      ...TEXTUAL_APP,
      '    def on_button_pressed(self, event: Button.Pressed) -> None:',
      '        reply = requests.get("https://wttr.in/Paris", timeout=10)',
      '        self.query_one(Static).update(reply.text)',
    );
    const fixed = await applyOnly(text, 'ASYNC210', 'requests.get', 'await asyncio.to_thread(requests.get');
    assert.equal(fixed.title, 'Make `on_button_pressed` an `async def`: Run `requests.get` in a worker thread with `await asyncio.to_thread(...)`');
    assert.equal(
      fixed.text,
      lines(
        'import asyncio',
        ...TEXTUAL_APP,
        '    async def on_button_pressed(self, event: Button.Pressed) -> None:',
        '        reply = await asyncio.to_thread(requests.get, "https://wttr.in/Paris", timeout=10)',
        '        self.query_one(Static).update(reply.text)',
      ),
    );
  });

  it('Textual action: time.sleep becomes await asyncio.sleep in an async def', async () => {
    const text = lines(...TEXTUAL_APP, '    def action_save(self) -> None:', '        time.sleep(0.5)');
    const fixed = await applyOnly(text, 'ASYNC251', 'time.sleep', 'await asyncio.sleep');
    assert.match(fixed.text, /\n {4}async def action_save\(self\) -> None:\n {8}await asyncio\.sleep\(0\.5\)\n/);
  });

  it('a sync helper (AIO200) in a Textual handler decorated with @on', async () => {
    const text = lines(
      'import json',
      'from textual import on',
      'from textual.app import App',
      'from textual.widgets import Input',
      '',
      '',
      'def load_settings(path):',
      '    with open(path) as source:',
      '        return json.load(source)',
      '',
      '',
      'class Weather(App):',
      '    @on(Input.Submitted)',
      '    def submitted(self, event: Input.Submitted) -> None:',
      '        self.settings = load_settings(event.value)',
    );
    const fixed = await applyOnly(text, 'AIO200', 'load_settings(event', 'to_thread(load_settings');
    assert.match(fixed.text, /\n {4}@on\(Input\.Submitted\)\n {4}async def submitted\(self, event: Input\.Submitted\) -> None:\n {8}self\.settings = await asyncio\.to_thread\(load_settings, event\.value\)\n/);
  });

  it('no fix for compose, which Textual iterates at once, nor for a timer callback the class also calls itself', async () => {
    const text = lines(
      'import subprocess',
      'from textual.app import App, ComposeResult',
      'from textual.widgets import Static',
      '',
      '',
      'class Clock(Static):',
      '    def on_mount(self) -> None:',
      '        self.set_interval(1, self.tick)',
      '        self.tick()',
      '',
      '    def tick(self) -> None:',
      '        self.update(subprocess.check_output(["date"], text=True))',
      '',
      '',
      'class Weather(App):',
      '    def compose(self) -> ComposeResult:',
      '        subprocess.run(["notify-send", "start"])',
      '        yield Clock()',
    );
    assert.deepEqual(await fixesAt(text, 'ASYNC221', 'check_output'), []);
    assert.deepEqual(await fixesAt(text, 'ASYNC221', 'notify-send'), []);
    // Nor does the message ask for one.
    assert.match((await findingAt(text, 'ASYNC221', 'notify-send')).message, /`compose` is not a coroutine and cannot become one: .*thread worker/);
  });

  it('a Textual timer callback nothing else calls', async () => {
    const text = lines(
      'import subprocess',
      'from textual.widgets import Static',
      '',
      '',
      'class Clock(Static):',
      '    def on_mount(self) -> None:',
      '        self.set_interval(1, self.tick)',
      '',
      '    def tick(self) -> None:',
      '        self.update(subprocess.check_output(["date"], text=True))',
    );
    const fixed = await applyOnly(text, 'ASYNC221', 'check_output', 'to_thread(subprocess.check_output');
    assert.match(fixed.text, /\n {4}async def tick\(self\) -> None:\n {8}self\.update\(await asyncio\.to_thread\(subprocess\.check_output, \["date"\], text=True\)\)\n/);
  });

  it('NiceGUI: a named on_click handler, not a lambda', async () => {
    const text = lines(
      'import requests',
      'from nicegui import ui',
      '',
      '',
      'def refresh():',
      '    label.text = requests.get("https://example.com/status", timeout=5).text',
      '',
      '',
      'label = ui.label()',
      'ui.button("Refresh", on_click=refresh)',
      'ui.button("Ping", on_click=lambda: requests.get("https://example.com/ping", timeout=5))',
      'ui.run()',
    );
    const fixed = await applyOnly(text, 'ASYNC210', 'status', 'to_thread(requests.get');
    assert.match(fixed.text, /^import asyncio\n/);
    assert.match(fixed.text, /\nasync def refresh\(\):\n {4}label\.text = \(await asyncio\.to_thread\(requests\.get, "https:\/\/example\.com\/status", timeout=5\)\)\.text\n/);
    assert.deepEqual(await fixesAt(text, 'ASYNC210', 'ping'), []);
    // With NiceGUI's `run` imported, its own runner.
    const withRun = text.replace('from nicegui import ui', 'from nicegui import run, ui');
    const viaRun = await applyOnly(withRun, 'ASYNC210', 'status', 'await run.io_bound(requests.get');
    assert.equal(viaRun.title, 'Make `refresh` an `async def`: Run `requests.get` in a worker thread with `await run.io_bound(...)`');
    assert.doesNotMatch(viaRun.text, /import asyncio/);
    // In a coroutine of such a module too.
    const coroutine = lines('import requests', 'from nicegui import run, ui', '', '', 'async def status():', '    return requests.get("https://example.com", timeout=5)');
    const [threaded] = await fixesAt(coroutine, 'ASYNC210', 'requests.get');
    assert.match(applyFix(coroutine, threaded), /return await run\.io_bound\(requests\.get, "https:\/\/example\.com", timeout=5\)/);
  });

  it('Toga: a widget handler, not the startup method whose window Toga uses at once', async () => {
    const text = lines(
      'import time',
      'import toga',
      '',
      '',
      'class Viewer(toga.App):',
      '    def startup(self):',
      '        time.sleep(1)',
      '        self.main_window = toga.MainWindow()',
      '        self.button = toga.Button("Go", on_press=self.go)',
      '',
      '    def go(self, widget):',
      '        time.sleep(2)',
    );
    assert.deepEqual(await fixesAt(text, 'ASYNC251', 'time.sleep(1)'), []);
    assert.match((await findingAt(text, 'ASYNC251', 'time.sleep(1)')).message, /`startup` is not a coroutine and cannot become one: Toga calls it \(`Viewer\.startup`\)/);
    const fixed = await applyOnly(text, 'ASYNC251', 'time.sleep(2)', 'await asyncio.sleep(2)');
    assert.match(fixed.text, /\n {4}async def go\(self, widget\):\n {8}await asyncio\.sleep\(2\)\n/);
  });

  it('FastMCP: a sync tool the SDK runs on its loop', async () => {
    const text = lines(
      'import subprocess',
      'from mcp.server.fastmcp import FastMCP',
      '',
      'mcp = FastMCP("tools")',
      '',
      '',
      '@mcp.tool()',
      'def uptime() -> str:',
      '    return subprocess.check_output(["uptime"], text=True)',
    );
    const fixed = await applyOnly(text, 'ASYNC221', 'check_output', 'to_thread(subprocess.check_output');
    assert.match(fixed.text, /\n@mcp\.tool\(\)\nasync def uptime\(\) -> str:\n {4}return await asyncio\.to_thread\(subprocess\.check_output, \["uptime"\], text=True\)\n/);
  });

  it('Qt under qasync: a connected slot becomes an async def under @asyncSlot(); not an event handler, nor under QtAsyncio', async () => {
    const text = lines(
      'import asyncio',
      'import sys',
      'import time',
      '',
      'import qasync',
      'from PyQt6.QtWidgets import QApplication, QPushButton, QWidget',
      '',
      '',
      'class Window(QWidget):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.button = QPushButton("Wait", self)',
      '        self.button.clicked.connect(self.wait)',
      '',
      '    def wait(self):',
      '        time.sleep(1)',
      '',
      '    def closeEvent(self, event):',
      '        time.sleep(2)',
      '',
      '',
      'app = QApplication(sys.argv)',
      'loop = qasync.QEventLoop(app)',
      'asyncio.set_event_loop(loop)',
      'window = Window()',
      'with loop:',
      '    loop.run_forever()',
    );
    const fixed = await applyOnly(text, 'ASYNC251', 'time.sleep(1)', 'await asyncio.sleep(1)');
    assert.equal(fixed.title, 'Make `wait` an `async def` under `@qasync.asyncSlot()`: Replace with `await asyncio.sleep(...)`');
    assert.match(fixed.text, /\n {4}@qasync\.asyncSlot\(\)\n {4}async def wait\(self\):\n {8}await asyncio\.sleep\(1\)\n/);
    assert.deepEqual(await fixesAt(text, 'ASYNC251', 'time.sleep(2)'), []);
    // Imported by name, the decorator is written so; a slot already decorated (`@pyqtSlot()`) is left alone.
    const named = text.replace('import qasync\n', 'import qasync\nfrom qasync import asyncSlot\n');
    assert.match((await applyOnly(named, 'ASYNC251', 'time.sleep(1)', 'await asyncio.sleep(1)')).text, /\n {4}@asyncSlot\(\)\n {4}async def wait/);
    const decorated = text.replace('    def wait(self):', '    @pyqtSlot()\n    def wait(self):').replace('QPushButton, QWidget', 'QPushButton, QWidget\nfrom PyQt6.QtCore import pyqtSlot');
    assert.deepEqual(await fixesAt(decorated, 'ASYNC251', 'time.sleep(1)'), []);
    const qtAsyncio = text.replace('import qasync\n', 'from PySide6 import QtAsyncio\n').replace(/loop = qasync[^]*$/, 'QtAsyncio.run()\n').replace(/PyQt6/g, 'PySide6');
    assert.deepEqual(await fixesAt(qtAsyncio, 'ASYNC251', 'time.sleep(1)'), []);
  });

  it('no fix where the library uses the result at once or awaits nothing: a protocol method, a loop callback, a generator handler', async () => {
    const text = lines(
      'import asyncio',
      'import time',
      'from textual.app import App',
      '',
      '',
      'class Echo(asyncio.Protocol):',
      '    def data_received(self, data):',
      '        time.sleep(0.1)',
      '',
      '',
      'def flush():',
      '    time.sleep(0.2)',
      '',
      '',
      'class Viewer(App):',
      '    def on_key(self, event):',
      '        time.sleep(0.3)',
      '        yield event',
      '',
      '',
      'async def main():',
      '    asyncio.get_running_loop().call_soon(flush)',
    );
    for (const marker of ['time.sleep(0.1)', 'time.sleep(0.2)', 'time.sleep(0.3)']) assert.deepEqual(await fixesAt(text, 'ASYNC251', marker), [], marker);
  });

  it('no fix for a call inside a generator expression of the handler', async () => {
    const text = lines(
      'import os',
      'import requests',
      'from textual.app import App',
      '',
      '',
      'class Viewer(App):',
      '    def on_mount(self) -> None:',
      '        self.sizes = list(requests.get(url, timeout=5) for url in os.environ["URLS"].split())',
    );
    assert.deepEqual(await fixesAt(text, 'ASYNC210', 'requests.get'), []);
  });
});
