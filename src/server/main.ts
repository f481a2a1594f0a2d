import { createConnection } from 'vscode-languageserver/node';
import { nodeConfigFiles } from '../projectConfig/files';
import { nodeHost } from './nodeHost';
import { startServer } from './server';

function processInfo() {
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  return { pid: process.pid, heapUsedBytes: memory.heapUsed, rssBytes: memory.rss };
}

/**
 * The language server in a Node process. The transport comes from the command line, as the LSP
 * libraries define it: `--node-ipc` (the VS Code extension), `--stdio` (other editors),
 * `--socket=PORT` or `--pipe=NAME`.
 */
export function runServer(): void {
  const connection = createConnection();
  startServer(connection, { host: nodeHost, processInfo, configFiles: nodeConfigFiles });
}


