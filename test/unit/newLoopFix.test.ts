import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSystemWorkspace } from '../../src/analysis/fileSystemWorkspace';
import { engine } from '../support/engine';
import { findingOf, lines, withPreferredFix } from '../support/lint';
import { writeUnder } from '../support/tempFiles';

/** The AIO112 finding's preferred fix, applied. */
async function fixed(text: string): Promise<string> {
  return withPreferredFix(text, (await findingOf(text, 'AIO112')).fixes);
}

describe('AIO112: the new loop is set before what may take the current one', () => {
  it('moves it above an earlier call of the block (a legacy websockets.serve binds the loop get_event_loop gives)', async () => {
    const text = lines(
      'import asyncio',
      'import websockets',
      '',
      'if __name__ == "__main__":',
      '    server = GameServer()',
      '    start_server = websockets.serve(server.handler, "localhost", 4000)',
      '    loop = asyncio.get_event_loop()',
      '    loop.run_until_complete(start_server)',
      '    loop.run_forever()',
    );
    assert.equal(
      await fixed(text),
      lines(
        'import asyncio',
        'import websockets',
        '',
        'if __name__ == "__main__":',
        '    loop = asyncio.new_event_loop()',
        '    asyncio.set_event_loop(loop)',
        '    server = GameServer()',
        '    start_server = websockets.serve(server.handler, "localhost", 4000)',
        '    loop.run_until_complete(start_server)',
        '    loop.run_forever()',
      ),
    );
  });

  it('replaces it in place when nothing before it calls anything, or a statement before it names the loop', async () => {
    const alone = lines('import asyncio', '', 'if __name__ == "__main__":', '    loop = asyncio.get_event_loop()  # the loop', '    loop.run_until_complete(main())');
    assert.equal(
      await fixed(alone),
      lines('import asyncio', '', 'if __name__ == "__main__":', '    loop = asyncio.new_event_loop()  # the loop', '    asyncio.set_event_loop(loop)', '    loop.run_until_complete(main())'),
    );
    const named = lines('import asyncio', '', 'def run():', '    loop = None', '    print(loop)', '    loop = asyncio.get_event_loop()', '    loop.run_until_complete(main())', '', 'run()');
    assert.match(await fixed(named), /print\(loop\)\n {4}loop = asyncio\.new_event_loop\(\)\n {4}asyncio\.set_event_loop\(loop\)\n/);
  });
});

describe('AIO112: a loop an imported module of the workspace set', () => {
  let root: string;
  const write = (relative: string, text: string) => writeUnder(root, relative, text);
  const run = lines('import asyncio', '', 'asyncio.get_event_loop().run_forever()');

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-aio112-'));
    write('client/__init__.py', '');
    write('client/prices.py', lines('import asyncio', '', 'async def main():', '    await asyncio.sleep(1)', '', 'loop = asyncio.get_event_loop()', 'loop.run_until_complete(main())'));
    write('client/jobs.py', lines('from client.prices import main', '', 'JOBS = [main]'));
    write('client/script.py', lines('import asyncio', '', 'async def main():', '    await asyncio.sleep(1)', '', 'if __name__ == "__main__":', '    asyncio.get_event_loop().run_until_complete(main())'));
    // telethon runs `start()` on the loop `get_event_loop()` gives outside a running one (so it sets one); with its
    // `sync` module imported, every method does.
    write('client/telegram.py', lines('from telethon import TelegramClient', '', 'client = TelegramClient("session", 1, "hash").start(bot_token="t")'));
    write('client/synced.py', lines('from telethon import TelegramClient, sync', '', 'client = TelegramClient("session", 1, "hash")', 'client.connect()'));
    write('client/unsynced.py', lines('from telethon import TelegramClient', '', 'client = TelegramClient("session", 1, "hash")', 'client.connect()'));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  async function aio112Lines(relative: string, text: string): Promise<number[]> {
    const file = write(relative, text);
    const analyzer = await engine({ workspace: new FileSystemWorkspace([root]) });
    const result = analyzer.lint(text, { file });
    result.tree?.delete();
    assert.deepEqual(result.ruleErrors, []);
    return result.findings.filter((finding) => finding.code === 'AIO112').map((finding) => finding.range.start.line + 1);
  }

  it('is not reported after an import of a module whose top level called get_event_loop(), directly or through its own import', async () => {
    assert.deepEqual(await aio112Lines('client/schedule.py', lines('import asyncio', 'from client.prices import main', '', 'asyncio.get_event_loop().run_forever()')), []);
    assert.deepEqual(await aio112Lines('client/schedule2.py', lines('import asyncio', 'import client.jobs', '', 'asyncio.get_event_loop().run_forever()')), []);
  });

  it('is not reported after an import of a module whose top level starts a telethon client (or calls it after `telethon.sync`)', async () => {
    assert.deepEqual(await aio112Lines('client/relay.py', lines('import asyncio', 'import client.telegram', '', 'asyncio.get_event_loop().run_forever()')), []);
    assert.deepEqual(await aio112Lines('client/relay2.py', lines('import asyncio', 'from client import synced', '', 'asyncio.get_event_loop().run_forever()')), []);
    // Without `telethon.sync`, `connect()` only makes a coroutine.
    assert.deepEqual(await aio112Lines('client/relay3.py', lines('import asyncio', 'from client import unsynced', '', 'asyncio.get_event_loop().run_forever()')), [4]);
  });

  it('is reported when the import comes after the call, or the module calls it only in its __main__ block, or nothing is imported', async () => {
    assert.deepEqual(await aio112Lines('client/late.py', lines('import asyncio', '', 'loop = asyncio.get_event_loop()', 'from client.prices import main', 'loop.run_forever()')), [3]);
    assert.deepEqual(await aio112Lines('client/guarded.py', lines('import asyncio', 'from client.script import main', '', 'asyncio.get_event_loop().run_forever()')), [4]);
    assert.deepEqual(await aio112Lines('client/alone.py', run), [3]);
  });
});
