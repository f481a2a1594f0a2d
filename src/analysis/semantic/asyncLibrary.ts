import type { SemanticModel } from './model';

/** The async library a module's coroutines run under, as far as its imports tell. */
export type AsyncLibrary = 'asyncio' | 'anyio' | 'trio';

const libraries = new WeakMap<SemanticModel, AsyncLibrary>();

/**
 * asyncio when the module imports it (or none of the three); otherwise anyio, whose API works on either
 * backend; otherwise trio. Suggestions and fixes follow it: `asyncio.to_thread` raises under `trio.run`.
 */
export function asyncLibrary(model: SemanticModel): AsyncLibrary {
  let library = libraries.get(model);
  if (!library) {
    const packages = new Set([...model.importedNames().values()].map((name) => name.split('.')[0]));
    library = packages.has('asyncio') ? 'asyncio' : packages.has('anyio') ? 'anyio' : packages.has('trio') ? 'trio' : 'asyncio';
    libraries.set(model, library);
  }
  return library;
}

/** What stands for asyncio's APIs in a message, in trio and in anyio code. */
const EQUIVALENTS: Record<Exclude<AsyncLibrary, 'asyncio'>, Array<[RegExp, string]>> = {
  trio: [
    [/asyncio\.create_subprocess_exec\(\.\.\.\)` (and|加) `await proc\.communicate\(\)/g, 'trio.run_process(..., capture_stdout=True)'],
    [/asyncio\.create_subprocess_exec\(/g, 'trio.run_process('],
    [/asyncio\.wrap_future\(future\)/g, 'trio.to_thread.run_sync(future.result)'],
    [/asyncio\.open_connection/g, 'trio.open_tcp_stream'],
    [/loop\.getaddrinfo/g, 'trio.socket.getaddrinfo'],
    [/loop\.sock_\*/g, 'trio.socket'],
    [/`asyncio` streams/g, '`trio` streams'],
    [/`asyncio` 流/g, '`trio` 流'],
    [/on an asyncio subprocess/g, 'on a `trio.Process`'],
    [/asyncio 子进程的/g, '`trio.Process` 的'],
    [/asyncio\.Queue/g, 'trio.open_memory_channel(...)'],
    [/asyncio\.(Event|Lock|Condition|Semaphore)\b/g, 'trio.$1'],
    [/asyncio\.sleep\(/g, 'trio.sleep('],
  ],
  anyio: [
    [/asyncio\.create_subprocess_exec\(\.\.\.\)` (and|加) `await proc\.communicate\(\)/g, 'anyio.run_process(...)'],
    [/asyncio\.create_subprocess_exec\(/g, 'anyio.open_process('],
    [/asyncio\.wrap_future\(future\)/g, 'anyio.to_thread.run_sync(future.result)'],
    [/asyncio\.open_connection/g, 'anyio.connect_tcp'],
    [/loop\.getaddrinfo/g, 'anyio.getaddrinfo'],
    [/loop\.sock_\*/g, 'anyio.connect_tcp'],
    [/`asyncio` streams/g, '`anyio` streams'],
    [/`asyncio` 流/g, '`anyio` 流'],
    [/on an asyncio subprocess/g, 'on an `anyio.abc.Process`'],
    [/asyncio 子进程的/g, '`anyio.abc.Process` 的'],
    [/asyncio\.Queue/g, 'anyio.create_memory_object_stream(...)'],
    [/asyncio\.(Event|Lock|Condition|Semaphore)\b/g, 'anyio.$1'],
    [/asyncio\.sleep\(/g, 'anyio.sleep('],
  ],
};

/** A suggestion of a library that runs only on asyncio's loop, with the word joining it to the next or previous one. */
const ASYNCIO_ONLY_ALTERNATIVE = /`[^`]*\b(aiofiles\.tempfile|aiohttp\.)[^`]*`( or | 或 )|( or | 或 )`[^`]*\b(aiofiles\.tempfile|aiohttp\.)[^`]*`/g;

/**
 * A message written for asyncio, told in the module's library instead: `asyncio.to_thread(f, k=v)` becomes
 * `trio.to_thread.run_sync(functools.partial(f, k=v))`, `aiofiles.open(...)` `await anyio.open_file(...)`, and
 * alternatives that need asyncio's loop (aiohttp, aiofiles' temporary files) are left out. Applied to the text
 * already translated: the code between backticks is the same in every language.
 */
export function inAsyncLibrary(message: string, library: AsyncLibrary): string {
  if (library === 'asyncio' || !/asyncio|aiofiles|aiohttp|loop\.(getaddrinfo|sock_)/.test(message)) return message;
  let text = message.replace(ASYNCIO_ONLY_ALTERNATIVE, '');
  for (const [pattern, replacement] of EQUIVALENTS[library]) text = text.replace(pattern, replacement);
  const runner = `${library}.to_thread.run_sync`;
  // One call per code span; the runner passes positional arguments only.
  text = text.replace(/asyncio\.to_thread\(([^`]*)\)/g, (_, args: string) => (/\w=/.test(args) ? `${runner}(functools.partial(${args}))` : `${runner}(${args})`));
  return text
    .replace(/`aiofiles\.open\(\.\.\.\)`/g, `\`await ${library}.open_file(...)\``)
    .replace(/`aiofiles\.os`/g, `\`${library}.Path\``)
    .replace(/`aiofiles`/g, `\`${library}.open_file\``);
}
