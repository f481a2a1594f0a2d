import { endOf, startOf } from '../fixes/edits';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { codeLabel, field, isAsyncFunction, isAsyncWith, unparenthesize } from '../syntax';
import type { Fix, TextEdit } from '../types';
import { withItems } from './helpers/blocks';
import type { Rule } from './rule';

/** Classes whose instances only support `async with`. */
const ASYNC_ONLY_TYPES = new Set([
  'asyncio.Lock',
  'asyncio.Semaphore',
  'asyncio.BoundedSemaphore',
  'asyncio.Condition',
  'asyncio.TaskGroup',
  'aiohttp.ClientSession',
  'httpx.AsyncClient',
]);

/** Calls that return an object supporting only `async with`. */
const ASYNC_ONLY_CALLS = new Set([
  'asyncio.timeout',
  'asyncio.timeout_at',
  'async_timeout.timeout',
  'async_timeout.timeout_at',
  'aiofiles.open',
  'aiohttp.request',
  ...['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'ws_connect'].map((method) => `aiohttp.ClientSession.${method}`),
  'httpx.AsyncClient.stream',
  'trio.open_nursery',
  'anyio.create_task_group',
]);

/** Classes whose instances only support a plain `with`. */
const SYNC_ONLY_TYPES = new Set([
  'threading.Lock',
  'threading.Condition',
  'io.IOBase',
  'typing.IO',
  'typing.TextIO',
  'typing.BinaryIO',
  'requests.Session',
  'httpx.Client',
  'subprocess.Popen',
  'socket.socket',
  'sqlite3.Connection',
  'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures.ProcessPoolExecutor',
  'smtplib.SMTP',
  'ftplib.FTP',
  'imaplib.IMAP4',
]);

/** Calls that return an object supporting only a plain `with`. */
const SYNC_ONLY_CALLS = new Set([
  'contextlib.suppress',
  'contextlib.closing',
  'contextlib.ExitStack',
  'contextlib.redirect_stdout',
  'contextlib.redirect_stderr',
  'tempfile.TemporaryDirectory',
  'trio.move_on_after',
  'trio.move_on_at',
  'trio.fail_after',
  'trio.fail_at',
  'trio.CancelScope',
  // prometheus_client's timers and trackers have only `__enter__`/`__exit__`.
  ...['Histogram.time', 'Summary.time', 'Gauge.time', 'Gauge.track_inprogress', 'Counter.count_exceptions', 'Summary.count_exceptions'].map((method) => `prometheus_client.${method}`),
]);

type Kind = 'async' | 'sync' | undefined;

function kindOf(model: SemanticModel, value: SyntaxNode): Kind {
  const node = unparenthesize(value);
  const type = model.typeOf(node);
  if (type && ASYNC_ONLY_TYPES.has(type)) return 'async';
  if (type && SYNC_ONLY_TYPES.has(type)) return 'sync';
  if (node.type !== 'call') return undefined;
  const targets = model.callTargets(node);
  if (targets.some((target) => ASYNC_ONLY_CALLS.has(target))) return 'async';
  if (targets.some((target) => SYNC_ONLY_CALLS.has(target))) return 'sync';
  return undefined;
}

/** Asyncio primitives that `with await x` entered before Python 3.10. */
const AWAITED_LOCK_TYPES = new Set(['asyncio.Lock', 'asyncio.Semaphore', 'asyncio.BoundedSemaphore', 'asyncio.Condition']);

/** `with await self._lock:` on an asyncio lock, semaphore or condition: the lock awaited. */
function awaitedLock(model: SemanticModel, value: SyntaxNode): SyntaxNode | undefined {
  const node = unparenthesize(value);
  const awaited = node.type === 'await' ? node.namedChildren[0] : undefined;
  const lock = awaited ? unparenthesize(awaited) : undefined;
  const type = lock ? model.typeOf(lock) : undefined;
  return lock && type && AWAITED_LOCK_TYPES.has(type) ? lock : undefined;
}

/** `with await lock:` → `async with lock:`, where `await` is allowed. */
function awaitedLockFix(model: SemanticModel, statement: SyntaxNode, value: SyntaxNode, lock: SyntaxNode): Fix | undefined {
  const addAsync = asyncKeywordEdit(model, statement);
  return addAsync ? { title: t('Use `async with`'), edits: [addAsync, { range: { start: startOf(value), end: endOf(value) }, newText: lock.text }], isPreferred: true } : undefined;
}

/** `with` → `async with`: only where `await` is allowed, and only when every item is async. */
function addAsyncFix(model: SemanticModel, statement: SyntaxNode, kinds: Kind[]): Fix | undefined {
  const addAsync = kinds.every((kind) => kind === 'async') ? asyncKeywordEdit(model, statement) : undefined;
  return addAsync ? { title: t('Use `async with`'), edits: [addAsync], isPreferred: true } : undefined;
}

/** `async ` before the statement's `with`, when it stands in an `async def`. */
function asyncKeywordEdit(model: SemanticModel, statement: SyntaxNode): TextEdit | undefined {
  const owner = model.asyncContext(statement);
  const keyword = statement.child(0);
  if (!owner || !isAsyncFunction(owner) || keyword?.type !== 'with') return undefined;
  const at = startOf(keyword);
  return { range: { start: at, end: at }, newText: 'async ' };
}

/** `async with` → `with`, when every item is a plain context manager. */
function dropAsyncFix(statement: SyntaxNode, kinds: Kind[]): Fix | undefined {
  if (kinds.some((kind) => kind !== 'sync')) return undefined;
  const asyncKeyword = statement.child(0);
  const withKeyword = statement.child(1);
  if (asyncKeyword?.type !== 'async' || withKeyword?.type !== 'with') return undefined;
  return {
    title: t('Use a plain `with`'),
    edits: [
      {
        range: {
          start: startOf(asyncKeyword),
          end: startOf(withKeyword),
        },
        newText: '',
      },
    ],
    isPreferred: true,
  };
}

/**
 * AIO109: the wrong kind of `with` for a context manager whose kind is known — a plain `with` on
 * an asyncio lock, timeout, TaskGroup, trio nursery, anyio task group or async HTTP session (AttributeError/TypeError
 * at run time), `async with` on trio's cancel scopes (`trio.fail_after`),
 * `with await lock` on an asyncio lock (removed in Python 3.10), or `async with` on a file, thread lock
 * or sync HTTP session (TypeError).
 */
export const wrongWithKind: Rule = {
  codes: [{ code: 'AIO109', title: 'Wrong kind of with statement for the context manager', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO109')) return;
    const { model } = context;
    for (const statement of model.nodes('with_statement')) {
      if (!field(statement, 'body')) continue;
      const isAsync = isAsyncWith(statement);
      const items = withItems(statement);
      const kinds = items.map((item) => kindOf(model, item.value));
      items.forEach((item, index) => {
        const lock = awaitedLock(model, item.value);
        if (!isAsync && lock) {
          const fix = items.length === 1 ? awaitedLockFix(model, statement, item.value, lock) : undefined;
          context.report({
            code: 'AIO109',
            node: item.value,
            message: t('`with await {0}` fails with a TypeError since Python 3.10, which removed `await` on asyncio locks, semaphores and conditions (deprecated since 3.7): use `async with {0}`.', codeLabel(lock)),
            fixes: fix ? [fix] : [],
          });
        } else if (!isAsync && kinds[index] === 'async') {
          const fix = addAsyncFix(model, statement, kinds);
          context.report({
            code: 'AIO109',
            node: item.value,
            message: t('`{0}` is an async context manager: enter it with `async with` (inside an `async def`).', codeLabel(item.value)),
            fixes: fix ? [fix] : [],
          });
        } else if (isAsync && kinds[index] === 'sync') {
          const fix = dropAsyncFix(statement, kinds);
          context.report({
            code: 'AIO109',
            node: item.value,
            message: t('`{0}` is a plain context manager: `async with` fails on it with a TypeError; use `with`.', codeLabel(item.value)),
            fixes: fix ? [fix] : [],
          });
        }
      });
    }
  },
};
