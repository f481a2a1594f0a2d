import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';

const SKIPPED_DIRECTORIES = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.ruff_cache', '.ipynb_checkpoints']);

export interface FileWalk {
  files: string[];
  /** Paths given on the command line that do not exist or cannot be read. */
  missing: string[];
}

/** Expands files and directories (recursively, `*.py`, `*.ipynb`) and drops paths matching an exclude glob. */
export function collectPythonFiles(paths: string[], exclude: string[], cwd = process.cwd()): FileWalk {
  const isExcluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
  const excluded = (file: string) => {
    const relative = path.relative(cwd, file).split(path.sep).join('/');
    return isExcluded(relative) || isExcluded(path.basename(file)) || isExcluded(file.split(path.sep).join('/'));
  };
  const walk: FileWalk = { files: [], missing: [] };
  const visit = (target: string, explicit: boolean) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      if (explicit) walk.missing.push(target);
      return;
    }
    if (!explicit && excluded(target)) return;
    if (stat.isDirectory()) {
      if (!explicit && SKIPPED_DIRECTORIES.has(path.basename(target))) return;
      let entries: string[];
      try {
        entries = fs.readdirSync(target).sort();
      } catch {
        walk.missing.push(target);
        return;
      }
      for (const entry of entries) visit(path.join(target, entry), false);
    } else if (explicit || target.endsWith('.py') || target.endsWith('.pyi') || target.endsWith('.ipynb')) {
      if (explicit && excluded(target)) return;
      walk.files.push(target);
    }
  };
  for (const target of paths) visit(path.resolve(cwd, target), true);
  return walk;
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
