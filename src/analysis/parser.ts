import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

export type { Tree, Edit } from 'web-tree-sitter';
export type { SyntaxNode } from './syntaxTree';

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const PYTHON_WASM = 'tree-sitter-python.wasm';

let loading: Promise<Language> | undefined;

/** Finds the folder holding the two .wasm files: next to the bundle, or in dist/ of the package. */
export function defaultWasmDir(): string {
  const candidates = [__dirname, path.join(__dirname, 'dist')];
  for (let dir = __dirname, i = 0; i < 4; i++, dir = path.dirname(dir)) candidates.push(path.join(dir, 'dist'));
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, PYTHON_WASM)));
  if (!found) throw new Error(`Cannot find ${PYTHON_WASM} near ${__dirname}; run "npm run build" first.`);
  return found;
}

/** Loads web-tree-sitter and the Python grammar once per process. */
export function loadPython(wasmDir?: string): Promise<Language> {
  loading ??= (async () => {
    const dir = wasmDir ?? defaultWasmDir();
    await Parser.init({ locateFile: () => path.join(dir, RUNTIME_WASM) });
    return Language.load(path.join(dir, PYTHON_WASM));
  })();
  return loading;
}

export async function createPythonParser(wasmDir?: string): Promise<Parser> {
  const language = await loadPython(wasmDir);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/**
 * Parses unless `isCancelled` (asked every few hundred parser steps) says to stop: then undefined,
 * and the parser is reset so that the next parse starts afresh instead of resuming this one.
 */
export function parseUnlessCancelled(parser: Parser, text: string, previous: Tree | null | undefined, isCancelled: () => boolean): Tree | undefined {
  const tree = parser.parse(text, previous ?? null, { progressCallback: isCancelled });
  if (tree) return tree;
  parser.reset();
  return undefined;
}
