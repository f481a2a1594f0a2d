import * as assert from 'node:assert/strict';
import { alternativeIn, inAsyncLibrary } from '../../src/analysis/semantic/asyncLibrary';
import { applyFix, lines, lintFindings as findings } from '../support/lint';
import { hasModule, hasPython, runPython } from '../support/python';

describe('messages in the async library of the module', () => {
  it('tells a trio module to use trio.to_thread.run_sync and trio.open_file, in both languages', async () => {
    const source = lines('import trio', '', '', 'async def main(path):', '    with open(path) as f:', '        return f.read()', '', '', 'async def serve():', '    async with trio.open_nursery() as nursery:', '        nursery.start_soon(main, "a")');
    const [english] = await findings(source);
    assert.equal(english.code, 'ASYNC230');
    assert.match(english.message, /use `await trio\.open_file\(\.\.\.\)` or `await trio\.to_thread\.run_sync\(\.\.\.\)` instead/);
    const [chinese] = await findings(source, { locale: 'zh-cn' });
    assert.match(chinese.message, /`await trio\.open_file\(\.\.\.\)` 或 `await trio\.to_thread\.run_sync\(\.\.\.\)`/);
    assert.doesNotMatch(english.message + chinese.message, /asyncio|aiofiles/);
  });

  it('tells a trio module spinning on a flag to wait on a trio.Event, in both languages', async () => {
    const source = lines('import trio', '', '', 'class Door:', '    open = False', '', '    async def wait_open(self):', '        while not self.open:', '            pass', '        await trio.sleep(0)');
    const [english] = await findings(source);
    assert.equal(english.code, 'AIO119');
    assert.match(english.message, /a `trio\.Event` that the code changing the state sets\), or `await trio\.sleep\(\.\.\.\)` in the loop/);
    const [chinese] = await findings(source, { locale: 'zh-cn' });
    assert.match(chinese.message, /`trio\.Event`/);
    assert.doesNotMatch(english.message + chinese.message, /asyncio/);
    assert.deepEqual(english.fixes.filter((fix) => !fix.title.includes('noqa')).map((fix) => fix.title), ['Yield to the event loop each turn with `await trio.sleep(0)`']);
  });

  it('tells a trio module to use a worker thread for clients whose async twins need asyncio (web3, icmplib, scrapli, pysnmp)', async () => {
    const source = lines('import trio', 'from icmplib import ping', 'from netmiko import ConnectHandler', 'from pysnmp.hlapi import *', 'from web3 import Web3', '', 'node = Web3(Web3.HTTPProvider("http://x"))', '', '', 'async def check(host, device):', '    node.eth.get_balance(host)', '    ping(host)', '    ConnectHandler(**device)', '    next(getCmd(SnmpEngine(), CommunityData("public"), UdpTransportTarget((host, 161)), ContextData()))', '    await trio.sleep(0)');
    for (const locale of ['en', 'zh-cn']) {
      const found = await findings(source, { locale });
      assert.deepEqual(found.map((finding) => finding.code), ['AIO202', 'AIO202', 'AIO202', 'AIO202']);
      for (const finding of found) {
        assert.match(finding.message, /`await trio\.to_thread\.run_sync\(\.\.\.\)`/);
        assert.doesNotMatch(finding.message, /asyncio|AsyncWeb3|async_ping|AsyncScrapli|get_cmd/);
      }
    }
  });

  it('tells a trio module trio\'s process runner or worker thread for ffmpeg and chess engines (their async APIs need asyncio)', async () => {
    const source = lines('import trio', 'import chess.engine', 'import ffmpeg', 'from ffmpeg import FFmpeg', '', '', 'async def render(board, src):', '    ffmpeg.input(src).output("o.mp4").run()', '    chess.engine.SimpleEngine.popen_uci("stockfish")', '    FFmpeg().input(src).output("o.mp4").execute()', '    await trio.sleep(0)');
    for (const locale of ['en', 'zh-cn']) {
      const found = await findings(source, { locale });
      assert.deepEqual(found.map((finding) => finding.code), ['ASYNC221', 'ASYNC221', 'ASYNC221']);
      assert.match(found[0].message, /`await trio\.run_process\(\.\.\.\)`/);
      for (const finding of found) {
        assert.match(finding.message, /`await trio\.to_thread\.run_sync\(\.\.\.\)`/);
        assert.doesNotMatch(finding.message, /asyncio|popen_uci\(path\)/);
      }
    }
  });

  it('keeps asyncio advice where the module imports asyncio, and anyio advice in an anyio module', async () => {
    const body = ['', '', 'async def main():', '    time.sleep(1)', '', '', 'async def other():', '    pass'];
    const [asyncio] = await findings(lines('import asyncio', 'import anyio', 'import time', ...body));
    assert.match(asyncio.message, /`await asyncio\.sleep\(\.\.\.\)`/);
    const [anyio] = await findings(lines('import anyio', 'import time', ...body));
    assert.match(anyio.message, /`await anyio\.sleep\(\.\.\.\)`/);
  });

  it('tells a sync MCP tool in an anyio module to use anyio\'s worker thread', async () => {
    const source = lines('import anyio', 'import requests', 'from mcp.server.fastmcp import FastMCP', '', 'mcp = FastMCP("x")', '', '', '@mcp.tool()', 'def fetch(url: str) -> str:', '    return requests.get(url, timeout=5).text');
    const [finding] = await findings(source);
    assert.equal(finding.code, 'ASYNC210');
    assert.match(finding.message, /FastMCP calls a sync function registered with `mcp\.tool\(\)` on its event loop/);
    assert.match(finding.message, /`await anyio\.to_thread\.run_sync\(\.\.\.\)`/);
  });

  it('fixes a coroutine object given to start_soon into the function and its arguments, which then runs under trio', async function () {
    if (!hasPython() || !hasModule('trio')) this.skip();
    const source = lines('import trio', '', '', 'async def work(n, label):', '    await trio.sleep(0)', '    print(label, n)', '', '', 'async def main():', '    async with trio.open_nursery() as nursery:', '        nursery.start_soon(work(2, "done"))', '', '', 'trio.run(main)');
    const [finding] = await findings(source);
    assert.equal(finding.code, 'AIO101');
    assert.equal(finding.severity, 'error');
    assert.match(runPython(source).stderr, /TypeError/);
    const fixed = applyFix(source, finding.fixes[0]);
    assert.match(fixed, /nursery\.start_soon\(work, 2, "done"\)/);
    const run = runPython(fixed);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'done 2\n');
  });

  it('binds keyword arguments with functools.partial, since the runners pass positional ones only', () => {
    assert.equal(
      inAsyncLibrary('use `await asyncio.to_thread(result.get, timeout=...)`, or check `result.ready()` between `await asyncio.sleep(...)`', 'trio'),
      'use `await trio.to_thread.run_sync(functools.partial(result.get, timeout=...))`, or check `result.ready()` between `await trio.sleep(...)`',
    );
    assert.equal(inAsyncLibrary('use `await asyncio.to_thread(list, gen(...))` or make it async.', 'anyio'), 'use `await anyio.to_thread.run_sync(list, gen(...))` or make it async.');
  });

  it('suggests a worker thread where every alternative of the catalog needs asyncio\'s loop', () => {
    assert.equal(alternativeIn('`aiosqlite`', 'trio'), '`await asyncio.to_thread(...)`');
    assert.equal(alternativeIn('`asyncpg` or `psycopg.AsyncConnection`', 'anyio'), '`await asyncio.to_thread(...)`');
    assert.equal(alternativeIn('an async driver (`asyncpg`, `aiomysql`, `aiosqlite`)', 'trio'), '`await asyncio.to_thread(...)`');
    assert.equal(alternativeIn('`aiosqlite`', 'asyncio'), '`aiosqlite`');
    // One the library can use, or a thread already named, stays.
    assert.equal(alternativeIn('`httpx.AsyncClient` or `aiohttp.ClientSession`', 'trio'), '`httpx.AsyncClient` or `aiohttp.ClientSession`');
    assert.equal(alternativeIn('`aiodocker`, or `await asyncio.to_thread(...)`', 'trio'), '`aiodocker`, or `await asyncio.to_thread(...)`');
  });

  it('leaves out alternatives that need asyncio\'s loop, and names the library\'s own primitives', () => {
    assert.equal(inAsyncLibrary('use `httpx.AsyncClient` or `aiohttp.ClientSession` instead.', 'trio'), 'use `httpx.AsyncClient` instead.');
    assert.equal(inAsyncLibrary('使用 `aiohttp.ClientSession` 或 `httpx.AsyncClient`。', 'anyio'), '使用 `httpx.AsyncClient`。');
    assert.equal(
      inAsyncLibrary('use `aiofiles.tempfile.NamedTemporaryFile(...)` or `await asyncio.to_thread(...)` instead.', 'trio'),
      'use `await trio.to_thread.run_sync(...)` instead.',
    );
    assert.equal(inAsyncLibrary('use `await asyncio.create_subprocess_exec(...)` and `await proc.communicate()` instead.', 'trio'), 'use `await trio.run_process(..., capture_stdout=True)` instead.');
    assert.equal(inAsyncLibrary('use `asyncio.Lock` instead; or an `asyncio.Queue`.', 'anyio'), 'use `anyio.Lock` instead; or an `anyio.create_memory_object_stream(...)`.');
    assert.equal(inAsyncLibrary('use `aiodocker`, or `await asyncio.to_thread(...)` instead.', 'trio'), 'use `await trio.to_thread.run_sync(...)` instead.');
    assert.equal(inAsyncLibrary('请改用 `miniopy-async` 或 `aioboto3`，或 `await asyncio.to_thread(...)`。', 'anyio'), '请改用 `await anyio.to_thread.run_sync(...)`。');
    assert.equal(inAsyncLibrary('use `kubernetes_asyncio`, or `await asyncio.to_thread(...)` instead.', 'anyio'), 'use `await anyio.to_thread.run_sync(...)` instead.');
    assert.equal(inAsyncLibrary('use `websockets` or `aiohttp` WebSockets', 'trio'), 'use `websockets` or `aiohttp` WebSockets');
    assert.equal(inAsyncLibrary('use `await asyncio.to_thread(...)`', 'asyncio'), 'use `await asyncio.to_thread(...)`');
  });
});
