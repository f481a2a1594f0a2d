import * as assert from 'node:assert/strict';
import type { Fix } from '../../src/analysis/types';
import { codeFixes, findingOf, lines, withFixTitled, withPreferredFix as preferred } from '../support/lint';

async function fixesOf(text: string): Promise<Fix[]> {
  return codeFixes(await findingOf(text, 'ASYNC103'));
}

describe('ASYNC103 fixes keep what the handler absorbs besides the cancellation', () => {
  it('takes the cancellation out of a tuple into a handler of its own before it', async () => {
    const text = lines(
      'import asyncio',
      '',
      'async def reconnect(open_socket):',
      '    while True:',
      '        try:',
      '            return await open_socket()',
      '        except (OSError, asyncio.CancelledError) as error:',
      '            print(error)',
      '            await asyncio.sleep(5)',
    );
    const fixes = await fixesOf(text);
    assert.equal(
      preferred(text, fixes),
      lines(
        'import asyncio',
        '',
        'async def reconnect(open_socket):',
        '    while True:',
        '        try:',
        '            return await open_socket()',
        '        except asyncio.CancelledError:',
        '            raise',
        '        except OSError as error:',
        '            print(error)',
        '            await asyncio.sleep(5)',
      ),
    );
    // Re-raising at the end stays on offer, not preferred: it would end the loop on the first OSError.
    assert.deepEqual(fixes.map((fix) => `${fix.title}:${fix.isPreferred}`), ['Re-raise asyncio.CancelledError in a handler of its own before this one:true', 'Re-raise at the end of the handler:false']);
  });

  it('takes the last element of a tuple with the comma before it', async () => {
    const text = lines('import asyncio', 'from asyncio import CancelledError', '', 'async def run(job):', '    try:', '        await job()', '    except (ValueError, KeyError, CancelledError): pass');
    assert.equal(
      preferred(text, await fixesOf(text)),
      lines('import asyncio', 'from asyncio import CancelledError', '', 'async def run(job):', '    try:', '        await job()', '    except CancelledError: raise', '    except (ValueError, KeyError): pass'),
    );
  });

  it('puts a handler of its own before a bare except, which keeps absorbing every other error', async () => {
    const text = lines('import asyncio', '', 'async def send(socket, message):', '    try:', '        await socket.send(message)', '    except:', '        await socket.close()');
    const fixes = await fixesOf(text);
    assert.equal(
      preferred(text, fixes),
      lines('import asyncio', '', 'async def send(socket, message):', '    try:', '        await socket.send(message)', '    except asyncio.CancelledError:', '        raise', '    except:', '        await socket.close()'),
    );
    assert.deepEqual(fixes.map((fix) => fix.isPreferred), [true, false]);
  });

  it('re-raises after the clean-up when the tuple holds only what ends the program besides the cancellation', async () => {
    const text = lines('import asyncio', '', 'async def run(jobs, outputs):', '    try:', '        await asyncio.wait(jobs)', '    except (asyncio.CancelledError, KeyboardInterrupt, SystemExit):', '        for output in outputs:', '            output.close()');
    const fixes = await fixesOf(text);
    assert.equal(
      preferred(text, fixes),
      lines('import asyncio', '', 'async def run(jobs, outputs):', '    try:', '        await asyncio.wait(jobs)', '    except (asyncio.CancelledError, KeyboardInterrupt, SystemExit):', '        for output in outputs:', '            output.close()', '        raise'),
    );
    assert.deepEqual(fixes.map((fix) => fix.isPreferred), [false, true]);
  });

  it('applies no fix unasked where the program\'s main coroutine ends on cancellation (its clean-up after asyncio.run follows)', async () => {
    const main = lines('import asyncio', '', 'async def main():', '    running = True', '    while running:', '        try:', '            await asyncio.sleep(1)', '        except asyncio.CancelledError:', '            running = False', '', 'asyncio.run(main())', 'print("closed")');
    assert.deepEqual((await fixesOf(main)).map((fix) => fix.isPreferred), [false]);
    const task = lines('import asyncio', '', 'async def tick():', '    running = True', '    while running:', '        try:', '            await asyncio.sleep(1)', '        except asyncio.CancelledError:', '            running = False', '', 'async def main():', '    ticker = asyncio.create_task(tick())', '    await asyncio.sleep(5)', '    ticker.cancel()', '', 'asyncio.run(main())');
    assert.deepEqual((await fixesOf(task)).map((fix) => fix.isPreferred), [true]);
  });

  it('still ends a handler of the cancellation alone with raise', async () => {
    const text = lines('import asyncio', '', 'async def run(job):', '    try:', '        await job()', '    except asyncio.CancelledError:', '        print("stopped")');
    assert.equal(
      preferred(text, await fixesOf(text)),
      lines('import asyncio', '', 'async def run(job):', '    try:', '        await job()', '    except asyncio.CancelledError:', '        print("stopped")', '        raise'),
    );
  });
});

describe('ASYNC104: return in finally', () => {
  async function moved(text: string): Promise<string> {
    return withFixTitled(text, (await findingOf(text, 'ASYNC104')).fixes, 'Move');
  }

  it('moves the return after the try, leaving pass when it was all the finally held', async () => {
    const text = lines('async def handle(conn):', '    try:', '        await conn.serve()', '    finally:', '        return conn.id', '');
    assert.equal(await moved(text), lines('async def handle(conn):', '    try:', '        await conn.serve()', '    finally:', '        pass', '    return conn.id', ''));
  });

  it('keeps the rest of the finally', async () => {
    const text = lines('async def handle(conn):', '    try:', '        await conn.serve()', '    finally:', '        conn.close()', '        return conn.id');
    assert.equal(await moved(text), lines('async def handle(conn):', '    try:', '        await conn.serve()', '    finally:', '        conn.close()', '    return conn.id'));
  });
});
