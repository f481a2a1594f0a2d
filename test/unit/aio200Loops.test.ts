import * as assert from 'node:assert/strict';
import { lintFindings } from '../support/lint';

async function aio200(text: string) {
  return (await lintFindings(text)).filter((finding) => finding.code === 'AIO200').map((f) => [f.range.start.line + 1, f.severity]);
}

const PRELOADS = [
  'import urllib.request',
  'from app import config',
  '',
  'def fetch(url):',
  '    return urllib.request.urlopen(url).read()',
  '',
  'def process(preload):',
  '    if isinstance(preload, str):',
  '        preload = [preload]',
  '    return [fetch(name) for name in preload]',
  '',
  'class Server:',
  '    def __init__(self, preload=None):',
  '        if not preload:',
  '            preload = config.get("server.preload")',
  '        self.modules = process(preload)',
  '',
].join('\n');

describe('AIO200 loops over parameters and parameters assigned again', () => {
  it('a loop over an omitted or empty argument is not reported; one the call fills is a warning', async () => {
    const findings = await aio200(`${PRELOADS}\nasync def main(names):\n    process([])\n    process(())\n    process("http://a/p.py")\n    process(names)\n`);
    assert.deepEqual(findings, [
      [21, 'warning'],
      [22, 'warning'],
    ]);
  });

  it('a list read from configuration when the argument is omitted is information; a passed one keeps the warning', async () => {
    const findings = await aio200(`${PRELOADS}\nasync def main(names):\n    Server()\n    Server(preload="http://a/p.py")\n    Server(preload=names)\n`);
    assert.deepEqual(findings, [
      [19, 'information'],
      [20, 'warning'],
      [21, 'warning'],
    ]);
  });

  it('an assignment from object state leaves the guard free: still a warning', async () => {
    const text = 'import time\n\nclass Waiter:\n    def pause(self, seconds=None):\n        if seconds is None:\n            seconds = self.delay\n        if seconds:\n            time.sleep(seconds)\n\nasync def main(w: Waiter):\n    w.pause()\n    w.pause(0)\n';
    assert.deepEqual(await aio200(text), [[11, 'warning']]);
  });

  it('a parameter assigned again is decided where the argument tells, and is never newly "may block"', async () => {
    const text = 'import io\n\ndef save(data, file):\n    if isinstance(file, str):\n        file = file.strip()\n        file = open(file, "wb")\n    file.write(data)\n\nasync def main(data, target):\n    save(data, target)\n    save(data, io.BytesIO())\n';
    assert.deepEqual(await aio200(text), [[10, 'warning']]);
  });
});
