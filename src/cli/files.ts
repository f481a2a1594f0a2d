import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_FILE_CHARS } from '../analysis/analyzer';
import { t } from '../analysis/l10n';
import { compilePathGlobs } from '../analysis/wildcard';
import { isPythonFile as isPython, SKIPPED_DIRECTORIES } from '../shared/pythonFiles';

export interface FileWalk {
  /** Regular files to check, each once (by real path), in a stable order. */
  files: string[];
  /** Their sizes in bytes, as the walk found them (to share the work out evenly). */
  sizes: number[];
  /** Paths that could not be checked (missing, unreadable folder, name not UTF-8), with why: exit 2. */
  problems: string[];
  /** `*.py` entries that are not regular files (FIFOs, devices, sockets), skipped without reading. */
  notes: string[];
}

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return t('no such file or folder');
  if (code === 'EACCES' || code === 'EPERM') return t('permission denied');
  if (code === 'ELOOP') return t('too many levels of symbolic links');
  return (error as Error).message;
}

/** A name as read from the disk: undefined when its bytes are not valid UTF-8 (it would not round-trip). */
function decodeName(name: Buffer): string | undefined {
  const text = name.toString('utf8');
  return Buffer.from(text, 'utf8').equals(name) ? text : undefined;
}

/**
 * Expands files and folders (recursively, `*.py`, `*.pyi` and `*.ipynb`) and drops paths matching an exclude
 * glob. Symbolic links are followed, but every folder is entered once (by real path, so a link to
 * itself or to a parent ends) and every file is listed once. Nothing is opened here.
 */
export function collectPythonFiles(paths: string[], exclude: string[], cwd = process.cwd()): FileWalk {
  const isExcluded = compilePathGlobs(exclude);
  const excluded = (file: string) => {
    const relative = path.relative(cwd, file).split(path.sep).join('/');
    return isExcluded(relative) || isExcluded(path.basename(file)) || isExcluded(file.split(path.sep).join('/'));
  };
  const walk: FileWalk = { files: [], sizes: [], problems: [], notes: [] };
  const seenFolders = new Set<string>();
  const seenFiles = new Set<string>();

  const visit = (target: string, explicit: boolean) => {
    if (!explicit && excluded(target)) return;
    let stat: fs.Stats;
    let real: string;
    try {
      stat = fs.statSync(target);
      real = fs.realpathSync(target);
    } catch (error) {
      if (explicit || isPython(target)) walk.problems.push(t('cannot read {0}: {1}', target, errorText(error)));
      return;
    }
    if (stat.isDirectory()) {
      if (!explicit && SKIPPED_DIRECTORIES.has(path.basename(target))) return;
      if (seenFolders.has(real)) return;
      seenFolders.add(real);
      let entries: Buffer[];
      try {
        entries = fs.readdirSync(target, { encoding: 'buffer' });
      } catch (error) {
        walk.problems.push(t('cannot read folder {0}: {1}', target, errorText(error)));
        return;
      }
      const names: string[] = [];
      for (const entry of entries) {
        const name = decodeName(entry);
        if (name === undefined) walk.problems.push(t('cannot check {0}: the file name is not valid UTF-8', path.join(target, entry.toString('utf8'))));
        else names.push(name);
      }
      for (const name of names.sort()) visit(path.join(target, name), false);
      return;
    }
    if (!explicit && !isPython(target)) return;
    if (explicit && excluded(target)) return;
    if (!stat.isFile()) {
      if (explicit) walk.problems.push(t('cannot check {0}: not a regular file', target));
      else walk.notes.push(t('skipped {0}: not a regular file', target));
      return;
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    walk.files.push(target);
    walk.sizes.push(stat.size);
  };
  for (const target of paths) visit(path.resolve(cwd, target), true);
  return walk;
}

/** Most bytes a source file may have: enough for MAX_FILE_CHARS characters in any encoding we read. */
export const MAX_FILE_BYTES = MAX_FILE_CHARS * 3 + 3;
/** Notebooks carry their outputs (images as base64) beside the code. */
export const MAX_NOTEBOOK_BYTES = 64_000_000;

export type SourceRead = { bytes: Buffer } | { skipped: 'not-regular' | 'too-large' } | { error: string };

/**
 * Reads a file only if it is a regular file, and at most `maxBytes` of it: a FIFO, a device
 * (`/dev/zero`) or a file that grows while it is read cannot stall the run or fill the memory.
 */
export function readSourceFile(file: string, maxBytes = MAX_FILE_BYTES): SourceRead {
  let fd: number | undefined;
  try {
    const before = fs.statSync(file);
    if (!before.isFile()) return { skipped: 'not-regular' };
    if (before.size > maxBytes) return { skipped: 'too-large' };
    // O_NONBLOCK: should the file have been swapped for a FIFO since the stat, open does not wait for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { skipped: 'not-regular' };
    if (stat.size > maxBytes) return { skipped: 'too-large' };
    const buffer = Buffer.allocUnsafe(stat.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    // More bytes than the stat said: the file is being written to, and what we have may be cut off.
    if (length > stat.size) return { error: t('the file changed while it was read') };
    return { bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { error: errorText(error) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Decodes a file as UTF-8 (with or without BOM), or as UTF-16 when it starts with a UTF-16 BOM. */
export function decodePython(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
