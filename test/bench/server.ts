/**
 * The language server as an editor sees it, over stdio (`dist/cli.js lsp --stdio`): latency of a
 * one-line `didChange` until the findings are up to date, and the server's memory after indexing
 * the real async projects and across 1,000 edits of one file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { ServerInfo } from '../../src/shared/protocol';
import { StdioLanguageClient } from '../support/lspClient';
import { generateModule } from './generate';

type Row = (label: string, measured: string, anchor?: string) => void;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes = 0) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Pull capabilities: the server analyses only when asked, so each request times exactly one analysis. */
async function startServer(root: string): Promise<StdioLanguageClient> {
  const client = new StdioLanguageClient(root, ['--expose-gc']);
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: path.basename(root) }],
    capabilities: { textDocument: { diagnostic: {} } },
    locale: 'en',
  });
  await client.notifyServer('initialized', {});
  return client;
}

async function stop(client: StdioLanguageClient): Promise<void> {
  await client.request('shutdown');
  await client.notifyServer('exit');
  await client.waitForExit();
}

class OpenFile {
  private version = 1;
  private readonly lines: string[];

  constructor(
    private readonly client: StdioLanguageClient,
    readonly uri: string,
    text: string,
  ) {
    this.lines = text.split('\n');
  }

  async open(): Promise<void> {
    await this.client.notifyServer('textDocument/didOpen', { textDocument: { uri: this.uri, languageId: 'python', version: 1, text: this.lines.join('\n') } });
  }

  findings(): Promise<unknown[]> {
    return this.client.request<unknown[]>('pythonAsyncGuide/findings', { uri: this.uri });
  }

  /**
   * Rewrites the digits of one line's `# e0000` comment (see memoryAfterEdits): the document keeps its size, so
   * the heap measured across such edits is what the server keeps, not a growing text.
   */
  async rewriteComment(edit: number): Promise<void> {
    const line = this.editedLine(edit);
    const end = this.lines[line].length;
    await this.replace(line, end - 4, end, String(edit % 10_000).padStart(4, '0'));
  }

  /** Appends a comment to one line (an incremental change of that line only). */
  async editLine(edit: number): Promise<void> {
    const line = this.editedLine(edit);
    const end = this.lines[line].length;
    await this.replace(line, end, end, `  # edit ${edit}`);
  }

  /** The line an edit changes: spread over the module, away from its first and last 20 lines. */
  private editedLine(edit: number): number {
    return 20 + ((edit * 997) % (this.lines.length - 40));
  }

  /** Replaces columns `start…end` of one line, as one incremental change. */
  private async replace(line: number, start: number, end: number, text: string): Promise<void> {
    this.lines[line] = this.lines[line].slice(0, start) + text + this.lines[line].slice(end);
    await this.client.notifyServer('textDocument/didChange', {
      textDocument: { uri: this.uri, version: ++this.version },
      contentChanges: [{ range: { start: { line, character: start }, end: { line, character: end } }, text }],
    });
  }
}

export async function serverFigures(row: Row, anchors: { inProcessEditMs: number; corpus?: string }): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-bench-server-'));
  try {
    const client = await startServer(dir);
    const file = path.join(dir, 'generated.py');
    const text = generateModule();
    fs.writeFileSync(file, text);
    const module = new OpenFile(client, pathToFileURL(file).href, text);
    await module.open();
    await module.findings();
    const samples: number[] = [];
    for (let edit = 1; edit <= 16; edit++) {
      const start = performance.now();
      await module.editLine(edit);
      await module.findings();
      if (edit > 1) samples.push(performance.now() - start);
    }
    const latency = median(samples);
    console.log(`\nLanguage server over stdio (dist/cli.js lsp --stdio); median of ${samples.length} edits`);
    row('one-line didChange → findings, 10k lines', `${latency.toFixed(1)} ms`, `in-process session edit → ${(latency / anchors.inProcessEditMs).toFixed(2)}x`);
    await stop(client);

    await memoryAfterEdits(dir, row);
    if (anchors.corpus) await memoryAfterIndexing(row, anchors.corpus);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function memoryAfterEdits(dir: string, row: Row): Promise<void> {
  const client = await startServer(dir);
  const file = path.join(dir, 'edited.py');
  // Every line ends with a comment whose digits the edits rewrite, so that the document keeps its size.
  const text = generateModule(1000)
    .split('\n')
    .map((line) => `${line}  # e0000`)
    .join('\n');
  fs.writeFileSync(file, text);
  const module = new OpenFile(client, pathToFileURL(file).href, text);
  await module.open();
  // The first 2,000 edits warm V8 up: the code its optimising compiler makes grows the heap by some 2.5 MB over the
  // first 2,000 or so, then stops (heap snapshot diffs: code, deopt data and relocation info, no engine object).
  // Growth is measured over the next 1,000. Each end is the mean of 16 edits: the findings kept hold up to 16
  // analyses' models, so one sample can land anywhere in that cycle.
  const samples: Record<2000 | 3000, ServerInfo[]> = { 2000: [], 3000: [] };
  for (let edit = 1; edit <= 3000; edit++) {
    await module.rewriteComment(edit);
    await module.findings();
    const end = edit > 1984 && edit <= 2000 ? 2000 : edit > 2984 ? 3000 : undefined;
    if (end) samples[end].push(await client.request<ServerInfo>('pythonAsyncGuide/serverInfo'));
  }
  const meanOf = (infos: ServerInfo[], key: 'heapUsedBytes' | 'rssBytes') => infos.reduce((sum, info) => sum + (info[key] ?? 0), 0) / infos.length;
  const memoryAt = (end: 2000 | 3000) => ({ heapUsedBytes: meanOf(samples[end], 'heapUsedBytes'), rssBytes: meanOf(samples[end], 'rssBytes') });
  const [warm, later] = [memoryAt(2000), memoryAt(3000)];
  const growth = later.heapUsedBytes - warm.heapUsedBytes;
  row('server heap / rss, 2,000 edits of 1k lines', `${mb(warm.heapUsedBytes)} / ${mb(warm.rssBytes)}`, "mean of edits 1,985–2,000 (they warm V8's compiler up)");
  row('server heap / rss, 1,000 edits later', `${mb(later.heapUsedBytes)} / ${mb(later.rssBytes)}`, `mean of edits 2,985–3,000; heap growth over those 1,000 edits: ${growth >= 0 ? '+' : ''}${(growth / 1024 / 1024).toFixed(1)} MB (goal: none)`);
  await stop(client);
}

async function memoryAfterIndexing(row: Row, corpus: string): Promise<void> {
  const files = fs
    .readdirSync(corpus, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.py'))
    .map((name) => path.join(corpus, name));
  const client = await startServer(corpus);
  const start = performance.now();
  let lines = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    lines += text.split('\n').length - 1;
    const uri = pathToFileURL(file).href;
    await client.notifyServer('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    await client.request('pythonAsyncGuide/findings', { uri });
    await client.notifyServer('textDocument/didClose', { textDocument: { uri } });
  }
  const seconds = (performance.now() - start) / 1000;
  const info = await client.request<ServerInfo>('pythonAsyncGuide/serverInfo');
  row(`server, corpus/real opened (${files.length} files)`, `heap ${mb(info.heapUsedBytes)} / rss ${mb(info.rssBytes)}`, `${info.indexedModules} modules indexed, ${Math.round(lines / seconds)} lines/s`);
  await stop(client);
}
