import * as assert from 'node:assert/strict';
import { findingOf, lines, withPreferredFix } from '../support/lint';

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
