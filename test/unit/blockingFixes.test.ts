import * as assert from 'node:assert/strict';
import type { AnalyzerOptions } from '../../src/analysis/options';
import type { Fix } from '../../src/analysis/types';
import { applyFix, codeFixes, lines, lintFindings as lint } from '../support/lint';
import { hasModule, hasPython, runPython } from '../support/python';

/** The fixes (other than # noqa) of the only finding with `code`. */
async function fixesOf(source: string, code: string, options?: AnalyzerOptions): Promise<Fix[]> {
  const findings = (await lint(source, options)).filter((finding) => finding.code === code);
  assert.equal(findings.length, 1, `expected one ${code} in:\n${source}\ngot ${JSON.stringify(findings.map((f) => f.range.start))}`);
  return codeFixes(findings[0]);
}

/** The text after the only non-noqa fix of the only finding with `code`. */
async function fixed(source: string, code: string): Promise<string> {
  const fixes = await fixesOf(source, code);
  assert.equal(fixes.length, 1, `expected one fix, got ${JSON.stringify(fixes.map((fix) => fix.title))}`);
  return applyFix(source, fixes[0]);
}

describe('blocking-call fixes: await asyncio.sleep', () => {
  it('moves a call of a functools.partial object to a thread whole (its arguments are not the sleep\'s)', async () => {
    const source = lines('import asyncio', 'import time', 'from functools import partial', '', '', 'async def main():', '    nap = partial(time.sleep, 1)', '    nap()');
    assert.equal(
      await fixed(source, 'ASYNC251'),
      lines('import asyncio', 'import time', 'from functools import partial', '', '', 'async def main():', '    nap = partial(time.sleep, 1)', '    await asyncio.to_thread(nap)'),
    );
  });

  it('offers no await fix inside a lambda called on the spot (its body cannot hold `await`)', async () => {
    const source = lines('import time', '', '', 'async def main():', '    (lambda: time.sleep(1))()');
    assert.deepEqual(await fixesOf(source, 'ASYNC251'), []);
  });

  it('adds `import asyncio` after the docstring and __future__ imports', async () => {
    const source = lines('"""Doc."""', 'from __future__ import annotations', 'import time', '', '', 'async def main():', '    time.sleep(1)');
    assert.equal(
      await fixed(source, 'ASYNC251'),
      lines('"""Doc."""', 'from __future__ import annotations', 'import asyncio', 'import time', '', '', 'async def main():', '    await asyncio.sleep(1)'),
    );
  });

  it('reuses `import asyncio as aio`, and works for every import style of time.sleep', async () => {
    const header = ['import asyncio as aio', 'import time as t', 'from time import sleep as snooze', '', ''];
    assert.equal(await fixed(lines(...header, 'async def main():', '    t.sleep(0.5)'), 'ASYNC251'), lines(...header, 'async def main():', '    await aio.sleep(0.5)'));
    assert.equal(await fixed(lines(...header, 'async def main():', '    snooze(2)'), 'ASYNC251'), lines(...header, 'async def main():', '    await aio.sleep(2)'));
    assert.equal(await fixed(lines(...header, 'async def main():', '    (t.sleep)(3)'), 'ASYNC251'), lines(...header, 'async def main():', '    await aio.sleep(3)'));
  });

  it('uses a name imported from asyncio', async () => {
    const header = ['from asyncio import sleep as asleep', 'from time import sleep', '', ''];
    assert.equal(await fixed(lines(...header, 'async def main():', '    sleep(1)'), 'ASYNC251'), lines(...header, 'async def main():', '    await asleep(1)'));
  });

  it('is preferred, keeps the argument as written, and works inside a list comprehension', async () => {
    const source = lines('import asyncio, time', '', '', 'async def main(items):', '    return [time.sleep(delay  # seconds', '    ) for delay in items]');
    const [fix] = await fixesOf(source, 'ASYNC251');
    assert.equal(fix.isPreferred, true);
    assert.equal(applyFix(source, fix), lines('import asyncio, time', '', '', 'async def main(items):', '    return [await asyncio.sleep(delay  # seconds', '    ) for delay in items]'));
  });

  it('offers nothing where `asyncio` is another name or not yet imported, or in a generator expression', async () => {
    assert.deepEqual(await fixesOf(lines('import time', '', '', 'async def main(asyncio):', '    time.sleep(1)'), 'ASYNC251'), []);
    assert.deepEqual(await fixesOf(lines('import time', '', '', 'async def main():', '    time.sleep(1)', '    import asyncio'), 'ASYNC251'), []);
    assert.equal((await fixesOf(lines('import time', '', '', 'async def main():', '    import asyncio', '    time.sleep(1)'), 'ASYNC251')).length, 1);
    assert.deepEqual(await fixesOf(lines('import asyncio, time', '', '', 'async def main(items):', '    return list(time.sleep(i) for i in items)'), 'ASYNC251'), []);
  });

  it('keeps CRLF line endings when it adds the import', async () => {
    const source = 'import time\r\n\r\n\r\nasync def main():\r\n    time.sleep(1)\r\n';
    assert.equal(await fixed(source, 'ASYNC251'), 'import asyncio\r\nimport time\r\n\r\n\r\nasync def main():\r\n    await asyncio.sleep(1)\r\n');
  });
});

describe('blocking-call fixes: await asyncio.to_thread', () => {
  const header = ['import asyncio', 'import os', 'import subprocess', 'import requests', '', ''];
  const body = (...statements: string[]) => lines(...header, 'async def main(u, args, kwargs):', ...statements.map((statement) => `    ${statement}`));

  it('wraps a function call, keeping positional, keyword and splat arguments', async () => {
    assert.equal(await fixed(body('subprocess.run(*args, check=True, **kwargs)'), 'ASYNC221'), body('await asyncio.to_thread(subprocess.run, *args, check=True, **kwargs)'));
    assert.equal(await fixed(body('x = input()'), 'ASYNC250'), body('x = await asyncio.to_thread(input)'));
  });

  it('passes a bound method for a method call', async () => {
    const source = body('s = requests.Session()', 'r = s.get(u, timeout=3)');
    assert.equal(await fixed(source, 'ASYNC212'), body('s = requests.Session()', 'r = await asyncio.to_thread(s.get, u, timeout=3)'));
  });

  it('parenthesizes where the result is used by an attribute, subscript or call', async () => {
    assert.equal(await fixed(body('data = requests.get(u).json()'), 'ASYNC210'), body('data = (await asyncio.to_thread(requests.get, u)).json()'));
    assert.equal(await fixed(body('first = os.listdir(u)[0]'), 'AIO204'), body('first = (await asyncio.to_thread(os.listdir, u))[0]'));
    assert.equal(await fixed(body('requests.get(u)()'), 'ASYNC210'), body('(await asyncio.to_thread(requests.get, u))()'));
    assert.equal(await fixed(body('data = (requests.get(u)).json()'), 'ASYNC210'), body('data = (await asyncio.to_thread(requests.get, u)).json()'));
    // `await` binds tighter than unary operators, `**` and boolean operators: no parentheses there.
    assert.equal(await fixed(body('ok = not os.path.exists(u) or u'), 'ASYNC240'), body('ok = not await asyncio.to_thread(os.path.exists, u) or u'));
    assert.equal(await fixed(body('size = -os.path.getsize(u) ** 2'), 'ASYNC240'), body('size = -await asyncio.to_thread(os.path.getsize, u) ** 2'));
  });

  it('keeps multi-line arguments, comments and indentation, without trailing spaces', async () => {
    const source = body('result = subprocess.run(  # list the folder', '    ["ls", "-l"],', '    check=True,', ')');
    assert.equal(await fixed(source, 'ASYNC221'), body('result = await asyncio.to_thread(subprocess.run,  # list the folder', '    ["ls", "-l"],', '    check=True,', ')'));
    const broken = body('result = subprocess.run(', '    ["ls"],', ')');
    assert.equal(await fixed(broken, 'ASYNC221'), body('result = await asyncio.to_thread(subprocess.run,', '    ["ls"],', ')'));
  });

  it('keeps a generator-expression argument parenthesized', async () => {
    assert.equal(await fixed(body('os.system(c for c in args)'), 'ASYNC221'), body('await asyncio.to_thread(os.system, (c for c in args))'));
  });

  it('works in f-strings, default values and decorators, where await is allowed', async () => {
    assert.equal(await fixed(body('print(f"{input()}")'), 'ASYNC250'), body('print(f"{await asyncio.to_thread(input)}")'));
    assert.equal(await fixed(body('def inner(x=input()): return x'), 'ASYNC250'), body('def inner(x=await asyncio.to_thread(input)): return x'));
  });

  it('adds `import asyncio` when missing, and is not preferred', async () => {
    const source = lines('import requests', '', '', 'async def main(u):', '    return requests.get(u)');
    const [fix] = await fixesOf(source, 'ASYNC210');
    assert.equal(fix.isPreferred, false);
    assert.equal(applyFix(source, fix), lines('import asyncio', 'import requests', '', '', 'async def main(u):', '    return await asyncio.to_thread(requests.get, u)'));
  });

  it('offers nothing where moving the call to a thread changes what the code does', async () => {
    const cases: Array<[string, string[]]> = [
      ['ASYNC230', ['with open(u) as f:', '    pass']],
      ['ASYNC230', ['with (open(u)) as f, open(u) as g:', '    pass']],
      ['AIO204', ['for entry in os.walk(u):', '    pass']],
      ['ASYNC240', ['return list(os.path.exists(p) for p in args)']],
      ['ASYNC210', ['import httpx', 'response = httpx.stream("GET", u)']],
    ];
    for (const [code, statements] of cases) {
      const findings = (await lint(body(...statements))).filter((finding) => finding.code === code);
      assert.ok(findings.length > 0, `no ${code} in ${statements.join(' / ')}`);
      for (const finding of findings) assert.deepEqual(codeFixes(finding), [], `${code} in ${statements.join(' / ')}`);
    }
    const threads = lines('import sqlite3, threading, queue', '', '', 'async def main(db, lock: threading.Lock, q: queue.Queue):', '    sqlite3.connect(db)', '    lock.acquire()', '    q.get()');
    const findings = await lint(threads);
    assert.deepEqual(findings.map((finding) => finding.code), ['AIO201', 'AIO203', 'AIO203']);
    for (const finding of findings) assert.deepEqual(codeFixes(finding).map((fix) => fix.title), []);
  });

  it('has Chinese titles', async () => {
    const source = lines('import requests', '', '', 'async def main(u):', '    return requests.get(u)');
    const [fix] = await fixesOf(source, 'ASYNC210', { locale: 'zh-cn' });
    assert.equal(fix.title, '用 `await asyncio.to_thread(...)` 在工作线程中运行 `requests.get`');
    const sleep = await fixesOf(lines('import time', '', '', 'async def main():', '    time.sleep(1)'), 'ASYNC251', { locale: 'zh-cn' });
    assert.equal(sleep[0].title, '替换为 `await asyncio.sleep(...)`');
  });
});

describe('blocking-call fixes keep the program doing the same thing', function () {

  /** Applies the first non-noqa fix of the first finding that has one, until none is left. */
  async function applyEveryFix(source: string): Promise<{ text: string; applied: number }> {
    let text = source;
    let applied = 0;
    for (let round = 0; round < 30; round++) {
      const fix = (await lint(text)).flatMap((finding) => codeFixes(finding))[0];
      if (!fix) break;
      text = applyFix(text, fix);
      applied++;
    }
    return { text, applied };
  }

  /** Both programs exit 0 and print `expected`. */
  function assertSameOutput(source: string, text: string, expected: string): void {
    const before = runPython(source);
    const after = runPython(text);
    assert.equal(before.status, 0, before.stderr);
    assert.equal(after.status, 0, `${after.stderr}\n${text}`);
    assert.equal(before.stdout, expected);
    assert.equal(after.stdout, expected);
  }

  it('prints the same output after every fix is applied', async function () {
    if (!hasPython()) this.skip();
    const source = lines(
      'import asyncio',
      'import os',
      'import subprocess',
      'import time',
      '',
      '',
      'async def main(path):',
      '    time.sleep(0.01)',
      '    print(os.path.exists(path), os.path.getsize(path) > 0)',
      '    print(subprocess.run(["echo", "hi"], capture_output=True, text=True).stdout.strip())',
      '    print(sorted(os.listdir(os.path.dirname(path)))[0] == os.path.basename(path))',
      '    print([os.path.isfile(p) for p in [path, path + ".missing"]])',
      '',
      '',
      'asyncio.run(main(os.path.abspath(__file__)))',
    );
    const { text, applied } = await applyEveryFix(source);
    assert.ok(applied >= 6, `only ${applied} fixes applied:\n${text}`);
    assert.match(text, /\(await asyncio\.to_thread\(subprocess\.run, \["echo", "hi"\], capture_output=True, text=True\)\)\.stdout\.strip\(\)/);
    assertSameOutput(source, text, 'True True\nhi\nTrue\n[True, False]\n');
  });
  for (const library of ['trio', 'anyio']) {
    it(`prints the same output after every fix is applied, under ${library}`, async function () {
      if (!hasPython() || !hasModule(library)) this.skip();
      const source = lines(
        'import os',
        'import subprocess',
        'import time',
        '',
        `import ${library}`,
        '',
        '',
        'async def main(path):',
        '    time.sleep(0.01)',
        '    print(os.path.exists(path), os.path.getsize(path) > 0)',
        '    print(subprocess.run(["echo", "hi"], capture_output=True, text=True).stdout.strip())',
        '    print([os.path.isfile(p) for p in [path, path + ".missing"]])',
        '',
        '',
        `${library}.run(main, os.path.abspath(__file__))`,
      );
      const { text, applied } = await applyEveryFix(source);
      assert.ok(applied >= 4, `only ${applied} fixes applied:\n${text}`);
      assert.doesNotMatch(text, /asyncio/);
      assert.match(text, new RegExp(`\\(await ${library}\\.to_thread\\.run_sync\\(functools\\.partial\\(subprocess\\.run, \\["echo", "hi"\\], capture_output=True, text=True\\)\\)\\)\\.stdout`));
      assertSameOutput(source, text, 'True True\nhi\n[True, False]\n');
    });
  }
});

describe('blocking-call fixes in trio and anyio code', () => {
  it('sleeps with trio.sleep or anyio.sleep where the module imports that library and not asyncio', async () => {
    assert.equal(await fixed(lines('import time', 'import trio', '', '', 'async def main():', '    time.sleep(1)'), 'ASYNC251'), lines('import time', 'import trio', '', '', 'async def main():', '    await trio.sleep(1)'));
    assert.equal(await fixed(lines('import time', 'import anyio as a', '', '', 'async def main():', '    time.sleep(1)'), 'ASYNC251'), lines('import time', 'import anyio as a', '', '', 'async def main():', '    await a.sleep(1)'));
    // asyncio imported too: its API, which anyio's asyncio backend and asyncio.run both accept.
    assert.equal(await fixed(lines('import asyncio, anyio, time', '', '', 'async def main():', '    time.sleep(1)'), 'ASYNC251'), lines('import asyncio, anyio, time', '', '', 'async def main():', '    await asyncio.sleep(1)'));
  });

  it('runs a call in trio.to_thread.run_sync, reusing `from trio import to_thread`, and binds keyword arguments with functools.partial', async () => {
    const header = ['import requests', 'import trio', '', ''];
    assert.equal(
      await fixed(lines(...header, 'async def fetch(url):', '    return requests.get(url).text'), 'ASYNC210'),
      lines(...header, 'async def fetch(url):', '    return (await trio.to_thread.run_sync(requests.get, url)).text'),
    );
    assert.equal(
      await fixed(lines(...header, 'async def fetch(url):', '    return requests.get(url, timeout=5).text'), 'ASYNC210'),
      lines('import functools', ...header, 'async def fetch(url):', '    return (await trio.to_thread.run_sync(functools.partial(requests.get, url, timeout=5))).text'),
    );
    const imported = ['import requests', 'from trio import to_thread', '', ''];
    assert.equal(
      await fixed(lines(...imported, 'async def fetch(url):', '    requests.get(url)'), 'ASYNC210'),
      lines(...imported, 'async def fetch(url):', '    await to_thread.run_sync(requests.get, url)'),
    );
  });

  it('titles the fix with the runner it writes', async () => {
    const [fix] = await fixesOf(lines('import anyio', 'import requests', '', '', 'async def fetch(url):', '    requests.get(url)'), 'ASYNC210');
    assert.equal(fix.title, 'Run `requests.get` in a worker thread with `await anyio.to_thread.run_sync(...)`');
  });

  it('iterates a blocking generator in the library\'s worker thread', async () => {
    const source = lines('import os', 'import trio', '', '', 'def files(root):', '    yield from os.listdir(root)', '', '', 'async def main(root):', '    for name in files(root):', '        print(name)');
    assert.equal(
      await fixed(source, 'AIO200'),
      lines('import os', 'import trio', '', '', 'def files(root):', '    yield from os.listdir(root)', '', '', 'async def main(root):', '    for name in await trio.to_thread.run_sync(list, files(root)):', '        print(name)'),
    );
  });
});

describe('blocking-call fixes: Django ORM through sync_to_async', () => {
  const model = ['from django.db import models', '', '', 'class Item(models.Model):', '    pass', '', ''];

  it('wraps a direct ORM call, adding `import asgiref.sync` when nothing imports sync_to_async', async () => {
    const source = lines(...model, 'async def view(pk):', '    return Item.objects.get(pk=pk).name');
    assert.equal(
      await fixed(source, 'AIO201'),
      lines('import asgiref.sync', ...model, 'async def view(pk):', '    return (await asgiref.sync.sync_to_async(Item.objects.get)(pk=pk)).name'),
    );
  });

  it('reuses an imported sync_to_async for a helper chain that ends in the ORM (AIO200)', async () => {
    const header = ['from asgiref.sync import sync_to_async', ...model];
    const source = lines(...header, 'def newest():', '    return Item.objects.order_by("-id").first()', '', '', 'async def view():', '    item = newest()', '    return item');
    assert.equal(
      await fixed(source, 'AIO200'),
      lines(...header, 'def newest():', '    return Item.objects.order_by("-id").first()', '', '', 'async def view():', '    item = await sync_to_async(newest)()', '    return item'),
    );
  });
});

describe("blocking-call fixes: Django's cache API through its async twins", () => {
  const header = ['from django.core.cache import cache, caches', '', ''];

  it('awaits the `a…` method instead, parenthesized where the result is used, and is preferred', async () => {
    const source = lines(...header, 'async def view(key):', '    return cache.get(key, default=0) + caches["sessions"].get_many([key]).get(key)');
    const findings = (await lint(source)).filter((finding) => finding.code === 'AIO201');
    assert.equal(findings.length, 2);
    let text = source;
    // Applied from the end, as an editor's fix-all does, so that the first edits' ranges still hold.
    for (const finding of [...findings].reverse()) {
      const [fix] = codeFixes(finding);
      assert.equal(fix.isPreferred, true);
      text = applyFix(text, fix);
    }
    assert.equal(text, lines(...header, 'async def view(key):', '    return await cache.aget(key, default=0) + (await caches["sessions"].aget_many([key])).get(key)'));
    assert.equal((await fixesOf(source.replace(' + caches["sessions"].get_many([key]).get(key)', ''), 'AIO201'))[0].title, 'Replace with `await cache.aget(...)`');
  });

  it("moves django-redis's own calls, which have no twin, to a thread", async () => {
    const source = lines(...header, 'async def view():', '    return cache.keys("user:*")');
    assert.equal(await fixed(source, 'AIO201'), lines('import asyncio', ...header, 'async def view():', '    return await asyncio.to_thread(cache.keys, "user:*")'));
  });
});

describe('blocking-call fixes: Home Assistant executor', () => {
  const header = ['import requests', 'from homeassistant.core import HomeAssistant', 'from homeassistant.helpers.update_coordinator import DataUpdateCoordinator', '', ''];

  async function titles(source: string, code: string): Promise<string[]> {
    return (await fixesOf(source, code)).map((fix) => fix.title);
  }

  async function applied(source: string, code: string, index: number): Promise<string> {
    return applyFix(source, (await fixesOf(source, code))[index]);
  }

  it('offers `await hass.async_add_executor_job(f, *args)` first, beside asyncio.to_thread, with a `hass` parameter', async () => {
    const source = lines(...header, 'async def async_setup_entry(hass: HomeAssistant, entry):', '    return requests.get(entry.data["url"], 10)');
    assert.deepEqual(await titles(source, 'ASYNC210'), [
      "Run `requests.get` in Home Assistant's executor with `await hass.async_add_executor_job(...)`",
      'Run `requests.get` in a worker thread with `await asyncio.to_thread(...)`',
    ]);
    assert.equal(await applied(source, 'ASYNC210', 0), lines(...header, 'async def async_setup_entry(hass: HomeAssistant, entry):', '    return await hass.async_add_executor_job(requests.get, entry.data["url"], 10)'));
  });

  it('wraps keyword arguments in functools.partial (the executor job takes none) and imports it', async () => {
    const source = lines(...header, 'async def async_setup_entry(hass, entry):', '    page = requests.get(entry.data["url"], timeout=10).json()');
    assert.equal(
      await applied(source, 'ASYNC210', 0),
      lines('import functools', ...header, 'async def async_setup_entry(hass, entry):', '    page = (await hass.async_add_executor_job(functools.partial(requests.get, entry.data["url"], timeout=10))).json()'),
    );
  });

  it('uses `self.hass` in a class derived from one of Home Assistant\'s', async () => {
    const source = lines(...header, 'class Coordinator(DataUpdateCoordinator):', '    async def _async_update_data(self):', '        return requests.get(self.url).json()');
    assert.equal(
      await applied(source, 'ASYNC210', 0),
      lines(...header, 'class Coordinator(DataUpdateCoordinator):', '    async def _async_update_data(self):', '        return (await self.hass.async_add_executor_job(requests.get, self.url)).json()'),
    );
  });

  it('offers only asyncio.to_thread where no Home Assistant instance is at hand', async () => {
    const outside = lines(...header, 'class Client:', '    async def fetch(self):', '        return requests.get(self.url)');
    assert.deepEqual(await titles(outside, 'ASYNC210'), ['Run `requests.get` in a worker thread with `await asyncio.to_thread(...)`']);
    const noImport = lines('import requests', '', '', 'async def fetch(hass):', '    return requests.get(hass.url)');
    assert.deepEqual(await titles(noImport, 'ASYNC210'), ['Run `requests.get` in a worker thread with `await asyncio.to_thread(...)`']);
  });
});

describe('AIO117 fix: functools.partial around the function and its arguments', () => {
  it('binds them for run_in_executor, adding the import, and leaves the loop method\'s own context= alone', async () => {
    const source = lines('import asyncio', '', '', 'async def main(url):', '    loop = asyncio.get_running_loop()', '    return await loop.run_in_executor(None, fetch, url, timeout=5)');
    assert.equal(
      await fixed(source, 'AIO117'),
      lines('import functools', 'import asyncio', '', '', 'async def main(url):', '    loop = asyncio.get_running_loop()', '    return await loop.run_in_executor(None, functools.partial(fetch, url, timeout=5))'),
    );
    const withContext = lines('import asyncio', 'import contextvars', '', '', 'async def main():', '    loop = asyncio.get_running_loop()', '    loop.call_soon(print, "x", end="", context=contextvars.copy_context())');
    assert.deepEqual(await fixesOf(withContext, 'AIO117'), []);
  });
});

describe('blocking-call fixes: modal dialogs', () => {
  it('offers no worker thread for a tkinter dialog (Tk works only in its own thread), but does for plyer\'s file chooser', async () => {
    const tk = lines('import asyncio', 'from tkinter import simpledialog', '', '', 'async def main():', '    await asyncio.sleep(0)', '    return simpledialog.askstring("Save", "Name?")');
    assert.deepEqual(await fixesOf(tk, 'ASYNC250'), []);
    const plyer = lines('import asyncio', 'from plyer import filechooser', '', '', 'async def main():', '    await asyncio.sleep(0)', '    return filechooser.open_file()');
    assert.equal(
      await fixed(plyer, 'ASYNC250'),
      lines('import asyncio', 'from plyer import filechooser', '', '', 'async def main():', '    await asyncio.sleep(0)', '    return await asyncio.to_thread(filechooser.open_file)'),
    );
  });
});

describe('fixes of an awaited sync call (AIO118)', () => {
  const body = (...statements: string[]) => lines('import asyncio', 'import time', '', 'import requests', '', '', 'async def main(u):', ...statements.map((statement) => `    ${statement}`));

  it('keeps the `await` that is there: `await asyncio.sleep(1)`, `await asyncio.to_thread(requests.get, u)`', async () => {
    const [sleep] = await fixesOf(body('await time.sleep(1)'), 'AIO118');
    assert.equal(sleep.isPreferred, true);
    assert.equal(applyFix(body('await time.sleep(1)'), sleep), body('await asyncio.sleep(1)'));
    const [thread] = await fixesOf(body('r = await (requests.get(u))'), 'AIO118');
    assert.equal(applyFix(body('r = await (requests.get(u))'), thread), body('r = await (asyncio.to_thread(requests.get, u))'));
    assert.equal(await fixed(body('data = (await requests.get(u)).json()'), 'AIO118'), body('data = (await asyncio.to_thread(requests.get, u)).json()'));
  });

  it('says the call blocks and its result cannot be awaited, in both languages', async () => {
    const [english] = (await lint(body('await time.sleep(1)'))).filter((finding) => finding.code === 'AIO118');
    assert.equal(english.severity, 'error');
    assert.match(english.message, /^`time\.sleep` is a sync function: `await` on its call blocks the event loop until it returns, then raises `TypeError`/);
    const [chinese] = (await lint(body('await time.sleep(1)'), { locale: 'zh-cn' })).filter((finding) => finding.code === 'AIO118');
    assert.match(chinese.message, /^`time\.sleep` 是同步函数/);
  });
});
