import * as fs from 'node:fs';

/** Writing to stdout failed for a reason other than a closed reader (a full disk): one line, exit 2. */
export class OutputError extends Error {}

let stdoutClosed = false;

function writeAll(fd: number, text: string | Buffer): void {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let written = 0;
  while (written < bytes.length) {
    try {
      written += fs.writeSync(fd, bytes, written, bytes.length - written);
    } catch (error) {
      // A non-blocking pipe that is full: wait a moment for the reader, then go on.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/**
 * Writes to stdout synchronously. A reader that went away (`| head`: EPIPE) ends the output
 * quietly; any other failure (ENOSPC on a full disk) becomes an OutputError with one clear line.
 */
export function writeOut(text: string | Buffer): void {
  if (stdoutClosed || text.length === 0) return;
  try {
    writeAll(1, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') {
      stdoutClosed = true;
      return;
    }
    stdoutClosed = true;
    throw new OutputError(code === 'ENOSPC' ? 'cannot write the output: no space left on the device' : `cannot write the output: ${(error as Error).message}`);
  }
}

/** Writes to stderr; if even that fails there is no one left to tell. */
export function writeErr(text: string | Buffer): void {
  try {
    writeAll(2, text);
  } catch {
    // stderr closed or full: nothing sensible to do.
  }
}
