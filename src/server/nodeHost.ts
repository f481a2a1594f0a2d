import { promises as fs } from 'node:fs';
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
};
