/**
 * *Check Workspace* through the language server over stdio, as an editor runs it: throughput over
 * a folder (lines per second of wall time and per CPU-second of the server process), and the
 * latency of a one-line edit's diagnostics (`textDocument/diagnostic`, as VS Code pulls them)
 * without the check and while it runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { CheckWorkspaceResult } from '../../src/shared/protocol';
import { StdioLanguageClient } from '../support/lspClient';

type Row = (label: string, measured: string, anchor?: string) => void;

const EDITS = 12;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function startServer(root: string): Promise<StdioLanguageClient> {
  const client = new StdioLanguageClient(root);
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

/** The largest file under 1,500 lines: an ordinary module to type in. */
function pickEditedFile(root: string): string {
  let best = '';
  let bestLines = 0;
  for (const name of fs.readdirSync(root, { recursive: true }).map(String)) {
    if (!name.endsWith('.py')) continue;
    const lines = (fs.readFileSync(path.join(root, name), 'utf8').match(/\n/g) ?? []).length;
    if (lines < 1500 && lines > bestLines) [best, bestLines] = [path.join(root, name), lines];
  }
  return best;
}

export async function workspaceCheckFigures(row: Row, root: string): Promise<void> {
  console.log(`\nCheck Workspace over ${root} (language server over stdio)`);
  const client = await startServer(root);
  try {
    const cpuBefore = cpuSeconds(client.process.pid);
    const started = performance.now();
    const result = await client.request<CheckWorkspaceResult>('pythonAsyncGuide/checkWorkspace', {});
    const wall = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(client.process.pid);
    const perCpu = cpu !== undefined && cpuBefore !== undefined ? `, ${Math.round(result.lines / (cpu - cpuBefore))} lines per CPU-second` : '';
    row(`workspace check, ${result.files} files, ${result.lines} lines`, `${wall.toFixed(1)} s wall`, `${Math.round(result.lines / wall)} lines/s wall${perCpu}; ${result.findings} findings`);

    // A second check reads the same files again, with the modules already indexed: the steady state.
    const file = pickEditedFile(root);
    const uri = pathToFileURL(file).href;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    let version = 1;
    await client.notifyServer('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text: lines.join('\n') } });
    await client.request('textDocument/diagnostic', { textDocument: { uri } });
    const editLatency = async (edit: number) => {
      const line = 10 + ((edit * 97) % (lines.length - 20));
      const character = lines[line].length;
      lines[line] += '  # edit';
      const start = performance.now();
      await client.notifyServer('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: '  # edit' }],
      });
      await client.request('textDocument/diagnostic', { textDocument: { uri } });
      return performance.now() - start;
    };
    const quiet: number[] = [];
    for (let edit = 0; edit < EDITS; edit++) quiet.push(await editLatency(edit));
    let checking = true;
    const check = client.request<CheckWorkspaceResult>('pythonAsyncGuide/checkWorkspace', {}).finally(() => (checking = false));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const busy: number[] = [];
    for (let edit = EDITS; edit < 2 * EDITS && checking; edit++) busy.push(await editLatency(edit));
    const second = await check;
    const name = `one-line edit of ${path.basename(file)} (${lines.length} lines) → diagnostics`;
    row(name, `${median(quiet).toFixed(0)} ms`, `median of ${quiet.length}, no check running (includes the server's 150 ms typing pause)`);
    row('  … while Check Workspace runs', busy.length > 0 ? `${median(busy).toFixed(0)} ms` : 'n/a', `median of ${busy.length} edits during the check → ${busy.length > 0 ? (median(busy) / median(quiet)).toFixed(2) : '-'}x; the check took ${(second.durationMs / 1000).toFixed(1)} s`);
    await client.request('shutdown');
    await client.notifyServer('exit');
    await client.waitForExit();
  } finally {
    client.kill();
  }
}
