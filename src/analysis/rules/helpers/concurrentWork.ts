import type { SyntaxNode } from '../../parser';
import type { Definition, SemanticModel } from '../../semantic/model';
import { isGeneratorFunction } from '../../semantic/references';
import { callArguments, field, isAsyncFunction, namedChildren, unparenthesize } from '../../syntax';
import { resolveDefinition } from './calledHelper';

/**
 * Calls that put work on the loop beside the running coroutine (their last dotted segment): tasks,
 * callbacks, servers. `wait` and `as_completed` only as asyncio's.
 */
export const CONCURRENT_CALLS = new Set([
  'create_task', 'ensure_future', 'gather', 'Task', 'TaskGroup', 'create_task_group', 'open_nursery', 'start_soon',
  'spawn', 'start_server', 'start_unix_server', 'create_server', 'create_unix_server', 'create_datagram_endpoint',
  'serve', 'serve_forever', 'run_forever', 'run_app', 'AppRunner', 'ServerRunner', 'TCPSite', 'UnixSite', 'SockSite',
  'call_soon', 'call_later', 'call_at', 'call_soon_threadsafe', 'run_coroutine_threadsafe', 'add_reader', 'add_writer',
  'ws_connect',
  // Home Assistant's task starters (`hass.async_create_task`, `entry.async_create_background_task`).
  'async_create_task', 'async_create_background_task',
]);
/**
 * Libraries whose connections keep tasks of their own on the loop (keep-alive pings, readers,
 * notification callbacks): blocking while one is open stalls them, so a module that imports one is
 * not followed as "nothing else runs", and a call of the library starts work. Home Assistant runs every
 * integration on its one loop.
 */
const BACKGROUND_LIBRARIES = ['websockets', 'telethon', 'pyrogram', 'ib_insync', 'ib_async', 'asyncssh', 'aiomqtt', 'asyncio_mqtt', 'nats', 'aio_pika', 'aiormq', 'aiokafka', 'bleak', 'zeroconf', 'aiozmq', 'homeassistant'];
const CONCURRENT_QUALIFIED = new Set(['asyncio.wait', 'asyncio.as_completed']);
/** How many workspace calls deep a call tree is followed; deeper is "unsure". */
const MAX_DEPTH = 10;
const MAX_FUNCTIONS = 300;

/** Functions already walked, per model (node wrappers are not unique, ids are). */
export type Visited = Map<SemanticModel, Set<number>>;

export function importsBackgroundLibrary(model: SemanticModel): boolean {
  let imports = backgroundImports.get(model);
  if (imports === undefined) backgroundImports.set(model, (imports = importedLibraries(model).some(isBackgroundLibrary)));
  return imports;
}

const backgroundImports = new WeakMap<SemanticModel, boolean>();

function isBackgroundLibrary(dotted: string): boolean {
  return BACKGROUND_LIBRARIES.some((name) => dotted === name || dotted.startsWith(`${name}.`));
}

/** The modules a module imports absolutely, as written (`import bleak.backends`, `from zeroconf.asyncio import …`); not `from .zeroconf import …`. */
function importedLibraries(model: SemanticModel): string[] {
  const names: string[] = [];
  for (const statement of model.nodes('import_statement')) {
    if (model.isDead(statement)) continue;
    for (const item of namedChildren(statement)) {
      const name = item.type === 'aliased_import' ? field(item, 'name') : item;
      if (name?.type === 'dotted_name') names.push(name.text);
    }
  }
  for (const statement of model.nodes('import_from_statement')) {
    const module = field(statement, 'module_name');
    if (module?.type === 'dotted_name' && !model.isDead(statement)) names.push(module.text);
  }
  return names;
}

/** The call's own name puts work on the loop (`create_task`, `gather`, `start_server`, ...). */
export function isConcurrentCall(model: SemanticModel, call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  if (!callee) return false;
  const last = callee.type === 'attribute' ? field(callee, 'attribute')?.text : callee.text;
  return CONCURRENT_CALLS.has(last ?? '') || CONCURRENT_QUALIFIED.has(model.qualifiedName(callee) ?? '');
}

/**
 * Whether the call tree of a coroutine (its text, then the workspace functions and classes it calls,
 * to MAX_DEPTH) may put other work on its loop: a concurrent call, a coroutine made and not
 * awaited, a workspace coroutine function handed on as a value, a module that imports a library of
 * BACKGROUND_LIBRARIES; or a tree too deep to follow.
 */
export function startsConcurrentWork({ model, node }: Definition, depth: number, visited: Visited): boolean {
  const seen = visited.get(model) ?? visited.set(model, new Set()).get(model)!;
  if (seen.has(node.id)) return false;
  if (depth > MAX_DEPTH || [...visited.values()].reduce((sum, ids) => sum + ids.size, 0) >= MAX_FUNCTIONS) return true;
  seen.add(node.id);
  if (importsBackgroundLibrary(model)) return true;
  return model.nodesWithin('call', node.startIndex, node.endIndex).some((call) => callStartsConcurrentWork(model, call, depth, visited));
}

/** One call of such a tree: see startsConcurrentWork. */
export function callStartsConcurrentWork(model: SemanticModel, call: SyntaxNode, depth: number, visited: Visited): boolean {
  const callee = field(call, 'function');
  if (!callee) return false;
  if (isConcurrentCall(model, call)) return true;
  // `BleakClient(address)`, `websockets.connect(uri)`: a connection whose tasks run beside the coroutine.
  const qualified = importsBackgroundLibrary(model) ? model.qualifiedName(callee) : undefined;
  if (qualified && isBackgroundLibrary(qualified)) return true;
  for (const value of [...callArguments(call).positional, ...callArguments(call).keywords.values()]) {
    const handed = value.type === 'identifier' || value.type === 'attribute' ? resolveDefinition(model, value)?.definition : undefined;
    if (handed && isCoroutineFunction(handed.node)) return true;
  }
  const target = resolveDefinition(model, unparenthesize(callee))?.definition;
  if (!target) return false;
  if (target.node.type === 'class_definition') {
    return ['__init__', '__aenter__'].some((method) => (target.model.methodDefinitions(target.node, method) ?? []).some((found) => startsConcurrentWork(found, depth + 1, visited)));
  }
  if (isCoroutineFunction(target.node) && !model.isAwaited(call)) return true;
  return startsConcurrentWork(target, depth + 1, visited);
}

export function isCoroutineFunction(node: SyntaxNode): boolean {
  return node.type === 'function_definition' && isAsyncFunction(node) && !isGeneratorFunction(node);
}
