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

/** The library's names for what a message names in asyncio. */
const NAMES: Record<Exclude<AsyncLibrary, 'asyncio'>, Record<'capturedRun' | 'process' | 'connect' | 'getaddrinfo' | 'socket' | 'processType' | 'channel', string>> = {
  trio: {
    capturedRun: 'trio.run_process(..., capture_stdout=True)',
    process: 'trio.run_process(',
    connect: 'trio.open_tcp_stream',
    getaddrinfo: 'trio.socket.getaddrinfo',
    socket: 'trio.socket',
    processType: '`trio.Process`',
    channel: 'trio.open_memory_channel(...)',
  },
  anyio: {
    capturedRun: 'anyio.run_process(...)',
    process: 'anyio.open_process(',
    connect: 'anyio.connect_tcp',
    getaddrinfo: 'anyio.getaddrinfo',
    socket: 'anyio.connect_tcp',
    processType: '`anyio.abc.Process`',
    channel: 'anyio.create_memory_object_stream(...)',
  },
};

/** What stands for asyncio's APIs in a message, in trio or anyio code (English and Chinese wording). */
function equivalents(library: Exclude<AsyncLibrary, 'asyncio'>): Array<[RegExp, string]> {
  const names = NAMES[library];
  return [
    [/asyncio\.create_subprocess_exec\(\.\.\.\)` (and|加) `await proc\.communicate\(\)/g, names.capturedRun],
    [/asyncio\.create_subprocess_exec\(/g, names.process],
    [/asyncio\.wrap_future\(future\)/g, `${library}.to_thread.run_sync(future.result)`],
    [/asyncio\.open_connection/g, names.connect],
    [/loop\.getaddrinfo/g, names.getaddrinfo],
    [/loop\.sock_\*/g, names.socket],
    [/`asyncio` streams/g, `\`${library}\` streams`],
    [/`asyncio` 流/g, `\`${library}\` 流`],
    [/on an asyncio subprocess/g, `on ${library === 'trio' ? 'a' : 'an'} ${names.processType}`],
    [/asyncio 子进程的/g, `${names.processType} 的`],
    [/asyncio\.Queue/g, names.channel],
    [/\ban `asyncio\.(Event|Lock|Condition|Semaphore)\b/g, `${library === 'trio' ? 'a' : 'an'} \`${library}.$1`],
    [/asyncio\.(Event|Lock|Condition|Semaphore)\b/g, `${library}.$1`],
    [/asyncio\.sleep\(/g, `${library}.sleep(`],
    [/`aiofiles\.open\(\.\.\.\)`/g, `\`await ${library}.open_file(...)\``],
    [/`aiofiles\.os`/g, `\`${library}.Path\``],
    [/`aiofiles`/g, `\`${library}.open_file\``],
  ];
}

const EQUIVALENTS = { trio: equivalents('trio'), anyio: equivalents('anyio') };

/** Libraries that run only on asyncio's loop, suggested beside another way. */
const ASYNCIO_ONLY = String.raw`aiofiles\.tempfile|aiohttp\.|aiodocker|kubernetes_asyncio|aiomqtt|aioxmlrpc|aioimaplib|miniopy-async|aioboto3|gspread_asyncio|aiogoogle|AsyncWeb3|AsyncScrapli|icmplib\.async_|pysnmp\.hlapi\.v3arch\.asyncio|chess\.engine\.popen_|ffmpeg\.asyncio|edge_tts|simpleobsws|asyncssh|edgedb\.create_async_client|gel\.create_async_client`;
const JOIN = '(?: or |, or | 或 |，或 )';
/** A suggestion of such a library, with the word joining it to the next or previous one. */
const ASYNCIO_ONLY_ALTERNATIVE = new RegExp(`\`[^\`]*\\b(?:${ASYNCIO_ONLY})[^\`]*\`${JOIN}|${JOIN}\`[^\`]*\\b(?:${ASYNCIO_ONLY})[^\`]*\``, 'g');

/** A code span naming a library (or an API of one) that needs asyncio's loop: no trio or anyio alternative. */
const ASYNCIO_ONLY_SPAN = new RegExp(
  String.raw`^\`(?:await )?(?:${ASYNCIO_ONLY}|aio-pika|aioftp|aiokafka|aiomcache|emcache|aiomysql|asyncmy|aioodbc|aiosmtplib|aiosqlite|asyncpg|motor|redis\.asyncio|zmq\.asyncio|serial_asyncio|aioserial|sqlalchemy\.ext\.asyncio|AsyncSession|psycopg\.AsyncConnection|pymongo\.AsyncMongoClient|websockets|aiohttp)\b`,
);

/**
 * A catalog alternative told for the module's library: one whose every suggestion needs asyncio's loop (`aiosqlite`,
 * `asyncpg` or `psycopg.AsyncConnection`) becomes a worker thread, which inAsyncLibrary then names in trio's or anyio's terms.
 */
export function alternativeIn(instead: string, library: AsyncLibrary): string {
  if (library === 'asyncio') return instead;
  const spans = instead.match(/`[^`]*`/g) ?? [];
  return spans.length > 0 && spans.every((span) => ASYNCIO_ONLY_SPAN.test(span)) ? '`await asyncio.to_thread(...)`' : instead;
}

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
  return text.replace(/asyncio\.to_thread\(([^`]*)\)/g, (_, args: string) => (/\w=/.test(args) ? `${runner}(functools.partial(${args}))` : `${runner}(${args})`));
}
