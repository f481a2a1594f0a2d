import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import type { Parser } from 'web-tree-sitter';
import { createPythonParser } from '../../src/analysis/parser';
import { readTree, SyntaxTree, type TreeArrays } from '../../src/analysis/syntaxTree';
import type { FileJob } from '../../src/cli/check';
import { bytesBefore, ReadAheadReceiver, readFilesAhead, withinLead } from '../../src/cli/readAhead';
import { WASM_DIR } from '../support/engine';

describe('CLI read-ahead (issue 10)', () => {
  let parser: Parser;
  let dir: string;
  before(async () => {
    parser = await createPythonParser(WASM_DIR);
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-read-ahead-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The files, a receiver for them, and a worker's read-ahead run here, in this thread, to its end. */
  function setUp(texts: string[], claimFirst: number[] = [], failAt = -1, timeBudgetMs?: number) {
    const files: FileJob[] = texts.map((text, index) => {
      const file = path.join(dir, `m${index}.py`);
      fs.writeFileSync(file, text);
      return { file, options: timeBudgetMs ? { timeBudgetMs } : {} };
    });
    const state = ReadAheadReceiver.shared(files.length);
    const { port1, port2 } = new MessageChannel();
    const receiver = new ReadAheadReceiver(files, state, port1);
    // The checking thread takes these before the worker starts: it parses them itself.
    for (const index of claimFirst) assert.equal(receiver.lookup(files[index].file, texts[index]), undefined);
    let posted = 0;
    try {
      readFilesAhead(parser, files, texts.map((text) => text.length), state, (read, transfer) => {
        if (read.index === failAt) throw new Error('the worker failed');
        posted++;
        port2.postMessage(read, transfer);
      });
    } catch (error) {
      assert.equal((error as Error).message, 'the worker failed');
    }
    return { files, receiver, posted: () => posted, close: () => (port1.close(), port2.close()) };
  }

  function ownRead(text: string): TreeArrays {
    const tree = parser.parse(text)!;
    try {
      return readTree(tree);
    } finally {
      tree.delete();
    }
  }

  it('hands over each file the worker read, once, as the same arrays this thread would make', () => {
    const texts = ['import time\n\n\nasync def f():\n    time.sleep(1)\n', 'def g(:\n', 'x = 1\r\ny = 2\r\n'];
    const { files, receiver, posted, close } = setUp(texts);
    try {
      assert.equal(posted(), 3);
      texts.forEach((text, index) => {
        const arrays = receiver.lookup(files[index].file, text);
        assert.ok(arrays, `file ${index} was read ahead`);
        assert.deepEqual(arrays, ownRead(text));
        const syntax = new SyntaxTree({ arrays, language: parser.language! }, text);
        assert.equal(syntax.rootNode.text, text);
        // Asked again (a module evicted from the cache and imported once more): this thread parses it.
        assert.equal(receiver.lookup(files[index].file, text), undefined);
      });
    } finally {
      close();
    }
  });

  it('leaves to this thread the files it took first, other texts, other files and what the check does not parse', () => {
    const texts = ['a = 1\n', 'b = 2\n', 'c = 3\r', '\u0000binary'];
    const { files, receiver, close } = setUp(texts, [1]);
    try {
      assert.equal(receiver.lookup(files[1].file, texts[1]), undefined, 'taken by this thread before the worker came to it');
      assert.equal(receiver.lookup(files[0].file, 'a = 2\n'), undefined, 'read from another text');
      assert.equal(receiver.lookup(path.join(dir, 'elsewhere.py'), 'a = 1\n'), undefined, 'not a file of the run');
      assert.equal(receiver.lookup(files[2].file, texts[2]), undefined, 'lone carriage returns: the check parses another text');
      assert.equal(receiver.lookup(files[3].file, texts[3]), undefined, 'binary: the check skips it');
    } finally {
      close();
    }
  });

  it('reads ahead within a lead of files, or further while the files between are small', () => {
    const before = bytesBefore([100, 100, 5_000, 100, 100]);
    assert.deepEqual([...before], [0, 100, 200, 5_200, 5_300, 5_400]);
    const lead = { files: 1, bytes: 1_000 };
    assert.ok(withinLead(1, 0, before, lead), 'the next file, whatever its size');
    assert.ok(withinLead(2, 0, before, lead), 'two files of 100 bytes between');
    assert.ok(!withinLead(3, 0, before, lead), 'past the big file');
    assert.ok(withinLead(3, 2, before, lead), 'the big file is the one checked');
    assert.ok(withinLead(5, 3, before, lead), 'small files again');
  });

  it('does not wait for a file the worker took and never posted, once the worker has ended', () => {
    const texts = ['a = 1\n', 'b = 2\n', 'c = 3\n'];
    // A budget of ten minutes: a wait for it could not pass for a slow machine's pause.
    const { files, receiver, posted, close } = setUp(texts, [], 1, 600_000);
    try {
      assert.equal(posted(), 1);
      assert.ok(receiver.lookup(files[0].file, texts[0]));
      const started = performance.now();
      assert.equal(receiver.lookup(files[1].file, texts[1]), undefined);
      assert.equal(receiver.lookup(files[2].file, texts[2]), undefined);
      assert.ok(performance.now() - started < 60_000, 'no wait for the time budget');
    } finally {
      close();
    }
  });
});
