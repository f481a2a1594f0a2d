import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

export type { Tree, Edit, Node } from 'web-tree-sitter';
export type { SyntaxNode } from './syntaxTree';

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const PYTHON_WASM = 'tree-sitter-python.wasm';

/**
 * The runtime and the grammar compiled: a `WebAssembly.Module` can be posted to a worker thread as it
 * is, so the threads of one process compile each file once and share the machine code V8 makes of it.
 */
export interface PythonWasm {
  runtime: WebAssembly.Module;
  grammar: WebAssembly.Module;
}

let compiling: Promise<PythonWasm> | undefined;
let loading: Promise<Language> | undefined;

/** Finds the folder holding the two .wasm files: next to the bundle, or in dist/ of the package. */
export function defaultWasmDir(): string {
  const candidates = [__dirname, path.join(__dirname, 'dist')];
  for (let dir = __dirname, i = 0; i < 4; i++, dir = path.dirname(dir)) candidates.push(path.join(dir, 'dist'));
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, PYTHON_WASM)));
  if (!found) throw new Error(`Cannot find ${PYTHON_WASM} near ${__dirname}; run "npm run build" first.`);
  return found;
}

/** Compiles the two .wasm files once per process. */
export function compilePythonWasm(wasmDir?: string): Promise<PythonWasm> {
  compiling ??= (async () => {
    const dir = wasmDir ?? defaultWasmDir();
    const compile = async (file: string) => WebAssembly.compile(await fs.promises.readFile(path.join(dir, file)));
    const [runtime, grammar] = await Promise.all([compile(RUNTIME_WASM), compile(PYTHON_WASM)]);
    return { runtime, grammar };
  })();
  return compiling;
}

/**
 * Loads web-tree-sitter and the Python grammar once per process, from the .wasm files in `wasm` (a
 * folder) or from modules compiled already (by another thread).
 */
export function loadPython(wasm?: string | PythonWasm): Promise<Language> {
  loading ??= (async () => {
    const { runtime, grammar } = typeof wasm === 'object' ? wasm : await compilePythonWasm(wasm);
    // web-tree-sitter waits for `receive` and has no way to hear of a failure: the race tells it.
    let fail!: (error: unknown) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    const init = Parser.init({
      instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
        WebAssembly.instantiate(runtime, imports).then((instance) => receive(instance, runtime), fail);
        return {};
      },
    });
    await Promise.race([init, failed]);
    return Language.loadSync(grammar);
  })();
  return loading;
}

export async function createPythonParser(wasm?: string | PythonWasm): Promise<Parser> {
  const language = await loadPython(wasm);
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
