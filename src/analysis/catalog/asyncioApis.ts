/**
 * asyncio APIs the pitfall rules (section B of the catalog) reason about. Names are canonical
 * dotted names, as `SemanticModel.callTargets` and `typeOf` produce them.
 */
import { PTB_FILE_OWNERS } from '../semantic/typeTables';

/** What calling an API gives back: a coroutine (does nothing until awaited) or an already scheduled future. */
export type AwaitableKind = 'coroutine' | 'future';

/** asyncio functions whose call result must be awaited. */
export const ASYNCIO_AWAITABLE_FUNCTIONS: ReadonlyMap<string, AwaitableKind> = new Map([
  ['asyncio.sleep', 'coroutine'],
  ['asyncio.wait_for', 'coroutine'],
  ['asyncio.wait', 'coroutine'],
  ['asyncio.open_connection', 'coroutine'],
  ['asyncio.open_unix_connection', 'coroutine'],
  ['asyncio.start_server', 'coroutine'],
  ['asyncio.start_unix_server', 'coroutine'],
  ['asyncio.create_subprocess_exec', 'coroutine'],
  ['asyncio.create_subprocess_shell', 'coroutine'],
  ['asyncio.to_thread', 'coroutine'],
  // These wrap their arguments in tasks at once and return a future: the work runs, but its
  // exceptions are never retrieved.
  ['asyncio.gather', 'future'],
  ['asyncio.shield', 'future'],
]);

/** Canonical class of event loops (`asyncio.get_running_loop()` and friends). */
export const EVENT_LOOP = 'asyncio.AbstractEventLoop';

/**
 * Event-loop methods that take a plain function and call it with the positional arguments given after it:
 * where the function is (position, keyword). `run_in_executor` calls it in a worker thread, the others on the loop.
 */
export const LOOP_FUNCTION_ARGUMENTS: Readonly<Record<string, { position: number; keyword: string }>> = {
  run_in_executor: { position: 1, keyword: 'func' },
  call_soon: { position: 0, keyword: 'callback' },
  call_soon_threadsafe: { position: 0, keyword: 'callback' },
  call_later: { position: 1, keyword: 'callback' },
  call_at: { position: 1, keyword: 'callback' },
  add_reader: { position: 1, keyword: 'callback' },
  add_writer: { position: 1, keyword: 'callback' },
  add_signal_handler: { position: 1, keyword: 'callback' },
};

const EVENT_LOOP_COROUTINES = [
  'sock_recv',
  'sock_recv_into',
  'sock_recvfrom',
  'sock_sendall',
  'sock_sendto',
  'sock_connect',
  'sock_accept',
  'sock_sendfile',
  'getaddrinfo',
  'getnameinfo',
  'create_connection',
  'create_server',
  'create_unix_connection',
  'create_unix_server',
  'create_datagram_endpoint',
  'connect_read_pipe',
  'connect_write_pipe',
  'subprocess_exec',
  'subprocess_shell',
  'sendfile',
  'start_tls',
  'shutdown_asyncgens',
  'shutdown_default_executor',
];

/** aiogram's `Bot` (2.x and 3.x): every Telegram API method is a coroutine; the common ones. */
const AIOGRAM_BOT_METHODS = [
  'send_message', 'send_photo', 'send_document', 'send_video', 'send_audio', 'send_voice', 'send_sticker',
  'send_animation', 'send_media_group', 'send_location', 'send_poll', 'send_dice', 'send_chat_action', 'send_contact',
  'edit_message_text', 'edit_message_caption', 'edit_message_reply_markup', 'edit_message_media', 'delete_message',
  'forward_message', 'copy_message', 'answer_callback_query', 'get_me', 'get_chat', 'get_chat_member',
  'get_chat_administrators', 'ban_chat_member', 'unban_chat_member', 'restrict_chat_member', 'set_webhook',
  'delete_webhook', 'get_updates', 'get_file', 'download_file', 'download', 'pin_chat_message', 'unpin_chat_message',
  'set_my_commands', 'leave_chat', 'create_chat_invite_link', 'approve_chat_join_request',
];
/** aiogram's `Message` shortcuts (`message.answer(...)`), coroutines as the `Bot` calls they make. */
const AIOGRAM_MESSAGE_METHODS = [
  'answer', 'reply', 'answer_photo', 'answer_document', 'answer_video', 'answer_audio', 'answer_voice', 'answer_sticker',
  'answer_animation', 'answer_media_group', 'answer_location', 'answer_poll', 'answer_dice', 'answer_contact',
  'reply_photo', 'reply_document', 'reply_video', 'reply_audio', 'reply_voice', 'reply_sticker', 'reply_animation',
  'reply_media_group', 'edit_text', 'edit_caption', 'edit_reply_markup', 'edit_media', 'delete', 'forward', 'copy_to',
  'send_copy', 'pin', 'unpin',
];

/**
 * python-telegram-bot 20+ (`telegram`): the Bot API calls and their shortcuts are coroutines. Before version 20
 * they were plain calls, made from sync handlers: `awaitableMethod` checks them inside an `async def` only.
 */
export const PTB_MODULE = 'telegram.';
const PTB_MESSAGE_METHODS = [
  'reply_text', 'reply_html', 'reply_markdown', 'reply_markdown_v2', 'reply_photo', 'reply_document', 'reply_video',
  'reply_audio', 'reply_voice', 'reply_sticker', 'reply_animation', 'reply_media_group', 'reply_location', 'reply_poll',
  'reply_dice', 'reply_contact', 'reply_chat_action', 'reply_invoice', 'edit_text', 'edit_caption', 'edit_reply_markup',
  'edit_media', 'delete', 'forward', 'copy', 'pin', 'unpin',
];
const PTB_CALLBACK_QUERY_METHODS = [
  'answer', 'edit_message_text', 'edit_message_caption', 'edit_message_reply_markup', 'edit_message_media', 'delete_message',
  'copy_message', 'pin_message', 'unpin_message',
];
const PTB_BOT_METHODS = [...AIOGRAM_BOT_METHODS.filter((name) => name !== 'download_file' && name !== 'download'), 'send_venue', 'send_invoice', 'answer_inline_query'];
/** What a `File` (from `await photo.get_file()`) downloads with. */
const PTB_FILE_DOWNLOADS = ['download_to_drive', 'download_to_memory', 'download_as_bytearray'];

/**
 * The coroutine methods of the async MongoDB clients (motor, and pymongo's `AsyncMongoClient`), common
 * to both; `find` and `aggregate` give cursors in motor and are left out.
 */
const ASYNC_MONGO_CALLS = {
  client: ['list_database_names', 'drop_database', 'server_info'],
  database: ['command', 'create_collection', 'drop_collection', 'list_collection_names', 'validate_collection'],
  collection: [
    'find_one', 'insert_one', 'insert_many', 'replace_one', 'update_one', 'update_many', 'delete_one', 'delete_many',
    'find_one_and_delete', 'find_one_and_replace', 'find_one_and_update', 'count_documents', 'estimated_document_count',
    'distinct', 'bulk_write', 'create_index', 'create_indexes', 'drop_index', 'drop_indexes', 'drop', 'index_information',
    'rename',
  ],
};
const MOTOR = 'motor.motor_asyncio.AsyncIOMotor';

/** SQLAlchemy's `AsyncSession` methods that are coroutines (`add`, `expunge`, `begin`… are not). */
const ASYNC_SESSION_COROUTINES = [
  'close', 'commit', 'connection', 'delete', 'execute', 'flush', 'get', 'get_one', 'invalidate', 'merge', 'refresh',
  'reset', 'rollback', 'run_sync', 'scalar', 'scalars', 'stream', 'stream_scalars',
];
/** asyncpg's queries, common to a connection and a pool (`pool.acquire()` is awaited or entered, not a coroutine). */
const ASYNCPG_QUERIES = ['execute', 'executemany', 'fetch', 'fetchrow', 'fetchval', 'fetchmany', 'close', 'copy_records_to_table', 'copy_to_table', 'copy_from_query', 'copy_from_table'];
/** The DB-API-shaped async drivers' coroutines (aiopg's and aiosqlite's `close()` on a cursor is not one, aiomysql's is). */
const ASYNC_CURSOR_QUERIES = ['execute', 'fetchone', 'fetchmany', 'fetchall', 'scroll'];
const PYMONGO_ASYNC = 'pymongo.asynchronous.';

function methods(classes: string[], names: string[], kind: AwaitableKind): Array<[string, AwaitableKind]> {
  return classes.flatMap((cls) => names.map((name): [string, AwaitableKind] => [`${cls}.${name}`, kind]));
}

/** Methods, as `Class.method`, whose call result must be awaited. */
export const ASYNCIO_AWAITABLE_METHODS: ReadonlyMap<string, AwaitableKind> = new Map([
  [`${EVENT_LOOP}.run_in_executor`, 'future'],
  ...methods([EVENT_LOOP], EVENT_LOOP_COROUTINES, 'coroutine'),
  ...methods(['asyncio.Lock', 'asyncio.Semaphore', 'asyncio.BoundedSemaphore', 'asyncio.Condition'], ['acquire'], 'coroutine'),
  ...methods(['asyncio.Condition'], ['wait', 'wait_for'], 'coroutine'),
  ...methods(['asyncio.Event', 'asyncio.Barrier'], ['wait'], 'coroutine'),
  ...methods(['asyncio.Barrier'], ['reset', 'abort'], 'coroutine'),
  ...methods(['asyncio.Queue'], ['get', 'put', 'join'], 'coroutine'),
  ...methods(['asyncio.StreamWriter'], ['drain', 'wait_closed', 'start_tls'], 'coroutine'),
  ...methods(['asyncio.StreamReader'], ['read', 'readline', 'readexactly', 'readuntil'], 'coroutine'),
  ...methods(['asyncio.subprocess.Process'], ['wait', 'communicate'], 'coroutine'),
  // Async libraries' objects: an aiohttp session's requests and `close()`, aiogram's API calls.
  ...methods(['aiohttp.ClientSession'], ['close', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'ws_connect'], 'coroutine'),
  ...methods(['aiogram.Bot'], AIOGRAM_BOT_METHODS, 'coroutine'),
  // gidgethub's GitHub clients (`getiter` is an async generator).
  ...methods(['gidgethub.aiohttp.GitHubAPI', 'gidgethub.httpx.GitHubAPI', 'gidgethub.abc.GitHubAPI'], ['getitem', 'getstatus', 'post', 'patch', 'put', 'delete', 'graphql'], 'coroutine'),
  // pyTelegramBotAPI's async bot: the same Bot API methods, each an `async def`.
  ...methods(['telebot.async_telebot.AsyncTeleBot'], [...AIOGRAM_BOT_METHODS, 'reply_to', 'answer_inline_query'], 'coroutine'),
  ...methods(['aiogram.types.Message'], AIOGRAM_MESSAGE_METHODS, 'coroutine'),
  ...methods(['aiogram.types.CallbackQuery'], ['answer'], 'coroutine'),
  ...methods(['telegram.Message'], PTB_MESSAGE_METHODS, 'coroutine'),
  ...methods(['telegram.CallbackQuery'], PTB_CALLBACK_QUERY_METHODS, 'coroutine'),
  ...methods(['telegram.Bot'], PTB_BOT_METHODS, 'coroutine'),
  ...methods(PTB_FILE_OWNERS, ['get_file'], 'coroutine'),
  ...methods(['telegram.File'], PTB_FILE_DOWNLOADS, 'coroutine'),
  ...methods([`${MOTOR}Client`, 'pymongo.AsyncMongoClient'], ASYNC_MONGO_CALLS.client, 'coroutine'),
  ...methods([`${MOTOR}Database`, `${PYMONGO_ASYNC}database.AsyncDatabase`], ASYNC_MONGO_CALLS.database, 'coroutine'),
  ...methods([`${MOTOR}Collection`, `${PYMONGO_ASYNC}collection.AsyncCollection`], ASYNC_MONGO_CALLS.collection, 'coroutine'),
  ...methods(['sqlalchemy.ext.asyncio.AsyncSession'], ASYNC_SESSION_COROUTINES, 'coroutine'),
  ...methods(['asyncpg.Connection'], [...ASYNCPG_QUERIES, 'prepare'], 'coroutine'),
  ...methods(['asyncpg.Pool'], [...ASYNCPG_QUERIES, 'release', 'expire_connections'], 'coroutine'),
  ...methods(['aiopg.Cursor'], [...ASYNC_CURSOR_QUERIES, 'callproc', 'mogrify'], 'coroutine'),
  ...methods(['aiomysql.Cursor'], [...ASYNC_CURSOR_QUERIES, 'executemany', 'callproc', 'close'], 'coroutine'),
  ...methods(['aiomysql.Connection'], ['commit', 'rollback', 'begin', 'ping', 'select_db', 'autocommit'], 'coroutine'),
  ...methods(['aiosqlite.Cursor'], [...ASYNC_CURSOR_QUERIES.filter((name) => name !== 'scroll'), 'executemany', 'executescript', 'close'], 'coroutine'),
  ...methods(['aiosqlite.Connection'], ['execute', 'executemany', 'executescript', 'execute_fetchall', 'execute_insert', 'commit', 'rollback', 'close'], 'coroutine'),
]);

/**
 * The values unpacked from awaiting a coroutine function (`reader, writer = await open_connection()`); a single
 * result's type is in the semantic model's `AWAITED_TYPES`.
 */
export const AWAITED_RESULT_TYPES: Readonly<Record<string, readonly string[]>> = {
  'asyncio.open_connection': ['asyncio.StreamReader', 'asyncio.StreamWriter'],
  'asyncio.open_unix_connection': ['asyncio.StreamReader', 'asyncio.StreamWriter'],
};

/** Functions that wrap a coroutine in a task (ASYNC300, AIO101). */
export const TASK_FACTORIES = new Set(['asyncio.create_task', 'asyncio.ensure_future']);

/** Event loop methods that wrap a coroutine in a task. */
export const LOOP_TASK_FACTORIES = new Set(['create_task', 'ensure_future']);

/** Decorators that leave an `async def` a coroutine function. */
export const TRANSPARENT_DECORATORS = new Set([
  'builtins.staticmethod',
  'builtins.classmethod',
  'abc.abstractmethod',
  'functools.wraps',
  'typing.overload',
  'typing.override',
  'typing.final',
  'typing_extensions.overload',
  'typing_extensions.override',
  'typing_extensions.final',
]);

/** The exceptions that catch a cancellation: `asyncio.CancelledError` and its base classes. */
export const CANCELLED_ERROR_NAMES = new Set(['asyncio.CancelledError', 'asyncio.exceptions.CancelledError']);
export const CANCELLATION_CATCHERS = new Set([...CANCELLED_ERROR_NAMES, 'builtins.BaseException']);
