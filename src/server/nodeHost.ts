import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ServerHost } from './host';

const decoder = new TextDecoder('utf-8');

export const nodeHost: ServerHost = {
  async readFile(path) {
    try {
      return decoder.decode(await fs.readFile(path));
    } catch {
      return undefined;
    }
  },
  async stat(path) {
    try {
      const stat = await fs.stat(path);
      return { isFile: stat.isFile(), mtimeMs: stat.mtimeMs, size: stat.size };
    } catch {
      return undefined;
    }
  },
  async readDirectory(folder) {
    try {
      const entries = await fs.readdir(folder, { withFileTypes: true });
      return Promise.all(
        entries.map(async (entry) => {
          if (!entry.isSymbolicLink()) return { name: entry.name, isDirectory: entry.isDirectory(), isFile: entry.isFile() };
          const target = await fs.stat(path.join(folder, entry.name)).catch(() => undefined);
          return { name: entry.name, isDirectory: false, isFile: target?.isFile() ?? false };
        }),
      );
    } catch {
      return undefined;
    }
  },
};
