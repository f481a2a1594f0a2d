import * as assert from 'node:assert/strict';
import type { Parser } from 'web-tree-sitter';
import { createPythonParser } from '../../src/analysis/parser';
import { ApiIndex } from '../../src/guide/apiIndex';
import { loadGuide } from '../../src/guide/content';
import { CursorResolver } from '../../src/server/namesAt';
import { WASM_DIR } from '../support/engine';
import { FIXTURE_GUIDE_DIR } from '../support/guideFixture';

const index = new ApiIndex(loadGuide(FIXTURE_GUIDE_DIR, 'en'));

/** Source with one `|` marking the cursor. */
function at(marked: string): { text: string; line: number; character: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'cursor mark');
  const before = marked.slice(0, offset).split('\n');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), line: before.length - 1, character: before[before.length - 1].length };
}

describe('following the cursor to the guide', () => {
  let parser: Parser;
  let resolver: CursorResolver;
  let version = 0;

  before(async () => {
    parser = await createPythonParser(WASM_DIR);
    resolver = new CursorResolver(parser);
  });

  after(() => {
    resolver.dispose();
    parser.delete();
  });

  function namesAt(marked: string): string[] {
    const { text, line, character } = at(marked);
    return resolver.namesAt(`test@${version++}`, () => text, line, character);
  }

  function sectionAt(marked: string): string | undefined {
    return index.sectionFor(namesAt(marked))?.section;
  }

  describe('ApiIndex', () => {
    it('maps each listed API to its section', () => {
      assert.equal(index.size, 7);
      assert.deepEqual(index.sectionFor(['asyncio.gather']), { api: 'asyncio.gather', section: 'tasks/gather' });
      assert.deepEqual(index.sectionFor(['asyncio.run']), { api: 'asyncio.run', section: 'event-loop/mechanism' });
    });

    it('falls back to the owner of a method, never to the bare module', () => {
      assert.deepEqual(index.sectionFor(['asyncio.Lock.acquire']), { api: 'asyncio.Lock', section: 'tasks/gather' });
      assert.equal(index.sectionFor(['asyncio.sleep']), undefined);
      assert.equal(index.sectionFor(['asyncio']), undefined);
    });

    it('takes the first candidate that has a section', () => {
      assert.equal(index.sectionFor(['mylib.thing', 'asyncio.TaskGroup.create_task'])?.section, 'tasks/gather');
    });
  });

  describe('names under the cursor', () => {
    it('resolves a plain attribute call, on either part', () => {
      assert.deepEqual(namesAt('import asyncio\nawait asyncio.gat|her(a(), b())'), ['asyncio.gather']);
      assert.deepEqual(namesAt('import asyncio\nawait asyn|cio.gather(a(), b())'), ['asyncio.gather', 'asyncio']);
      assert.deepEqual(namesAt('import asyncio\nawait asyncio.gather|(a(), b())'), ['asyncio.gather'], 'just after the name');
    });

    it('resolves through import aliases', () => {
      assert.equal(sectionAt('from asyncio import gather as g\n\nasync def main():\n    await |g(a(), b())'), 'tasks/gather');
      assert.equal(sectionAt('import asyncio as aio\naio.r|un(main())'), 'event-loop/mechanism');
    });

    it('resolves names inside import statements', () => {
      assert.deepEqual(namesAt('from asyncio import gath|er as g'), ['asyncio.gather']);
      assert.deepEqual(namesAt('from asyncio import gather as |g'), ['asyncio.gather']);
      assert.deepEqual(namesAt('from asy|ncio import gather'), ['asyncio']);
      assert.deepEqual(namesAt('import asyncio.subpro|cess'), ['asyncio.subprocess']);
    });

    it('resolves methods through the type of their receiver', () => {
      const loop = 'import asyncio\n\nasync def main():\n    loop = asyncio.get_running_loop()\n    await loop.run_in_exe|cutor(None, print)';
      assert.ok(namesAt(loop).includes('asyncio.AbstractEventLoop.run_in_executor'));
      assert.equal(sectionAt(loop), 'event-loop/mechanism');
      const group = 'import asyncio\n\nasync def main():\n    async with asyncio.TaskGroup() as tg:\n        tg.create_t|ask(work())';
      assert.equal(sectionAt(group), 'tasks/gather');
      const lock = 'import asyncio\nlock = asyncio.Lock()\n\nasync def main():\n    async with lo|ck:\n        pass';
      assert.equal(sectionAt(lock), 'tasks/gather');
    });

    it('respects shadowing: a local name is not the asyncio one', () => {
      assert.equal(sectionAt('from asyncio import gather\n\ndef f(gather):\n    return gat|her(1)'), undefined);
      assert.equal(sectionAt('async def gather(): ...\n\nawait gat|her()'), undefined);
    });

    it('finds nothing off names: in strings, comments, blank space or unknown modules', () => {
      assert.deepEqual(namesAt('import asyncio\nx = "asyncio.gat|her"'), []);
      assert.deepEqual(namesAt('import asyncio\n# asyncio.gat|her'), []);
      assert.deepEqual(namesAt('import asyncio\n\n|\n'), []);
      assert.equal(sectionAt('import trio\ntrio.r|un(main)'), undefined);
    });

    it('counts columns like the editor does, after non-ASCII text', () => {
      assert.deepEqual(namesAt('import asyncio\n任务 = 1; 结果 = asyncio.gat|her()'), ['asyncio.gather']);
    });

    it('parses a document once per version', () => {
      let reads = 0;
      const text = () => {
        reads++;
        return 'import asyncio\nasyncio.gather()';
      };
      resolver.namesAt('same@1', text, 1, 9);
      resolver.namesAt('same@1', text, 1, 2);
      assert.equal(reads, 1);
      resolver.namesAt('same@2', text, 1, 9);
      assert.equal(reads, 2);
    });
  });
});
