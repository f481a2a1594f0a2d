import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Replaces a file's content all at once: the bytes go to a new file in the same folder, which is
 * flushed to disk and then renamed over the original. A symbolic link is followed (its target is
 * replaced, the link stays), the mode and owner are kept, and a file without any write permission
 * is refused even for root. If anything fails the original is untouched and the error is thrown.
 */
export function writeFileAtomic(file: string, data: Buffer): void {
  const target = fs.realpathSync(file);
  const stat = fs.statSync(target);
  if (!stat.isFile()) throw new Error('not a regular file');
  if ((stat.mode & 0o222) === 0) throw new Error(`the file is read-only (mode ${(stat.mode & 0o777).toString(8)})`);
  fs.accessSync(target, fs.constants.W_OK);

  const folder = path.dirname(target);
  const temporary = path.join(folder, `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temporary, 'wx', 0o600);
    let written = 0;
    while (written < data.length) written += fs.writeSync(fd, data, written, data.length - written);
    fs.fsyncSync(fd);
    if (stat.uid !== process.getuid?.() || stat.gid !== process.getgid?.()) {
      try {
        fs.fchownSync(fd, stat.uid, stat.gid);
      } catch (error) {
        throw new Error(`cannot keep the file's owner (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
    }
    fs.fchmodSync(fd, stat.mode & 0o7777);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temporary, target);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Left behind only if the folder changed under us; the original is intact either way.
    }
    throw error;
  }
  syncFolder(folder);
}

/** Makes the rename itself durable; some file systems cannot open or sync a folder, which is fine. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // The content is already on disk; only the rename's durability is left to the file system.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
