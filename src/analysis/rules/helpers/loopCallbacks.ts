import { t } from '../../l10n';
import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { LOOP_FUNCTION_ARGUMENTS } from '../../catalog/asyncioApis';
import { isEventLoop, valueType } from '../../semantic/awaitables';
import { callsNamed } from '../../semantic/callIndex';
import { isGeneratorFunction } from '../../semantic/references';
import { argument, callArguments, field, isAsyncFunction, unparenthesize } from '../../syntax';
import { decoratorParts, decoratorsOf, derivesFrom, givenDefinition, hasDecorator, namedDefinition, ownerClass } from './functions';
import { textualCall } from './textualHandlers';
import { uiCall, type UiCall } from './uiHandlers';

/** The methods asyncio's transports call on their protocol, on the loop's thread. */
const PROTOCOL_METHODS = new Set([
  'connection_made',
  'connection_lost',
  'data_received',
  'eof_received',
  'pause_writing',
  'resume_writing',
  'get_buffer',
  'buffer_updated',
  'datagram_received',
  'error_received',
  'pipe_data_received',
  'pipe_connection_lost',
  'process_exited',
]);

const PROTOCOL_CLASSES = new Set(
  ['BaseProtocol', 'Protocol', 'BufferedProtocol', 'DatagramProtocol', 'SubprocessProtocol'].flatMap((name) => [`asyncio.${name}`, `asyncio.protocols.${name}`]),
);

/** Loop methods that call the plain function they are given on the loop's thread. */
const LOOP_REGISTRATIONS = ['call_soon', 'call_soon_threadsafe', 'call_later', 'call_at', 'add_reader', 'add_writer', 'add_signal_handler'];

/** asyncio's futures call their done callbacks on their loop (a `concurrent.futures.Future` in the thread that completes it). */
const ASYNCIO_FUTURES = new Set(['asyncio.Task', 'asyncio.Future']);

/** Home Assistant runs a function so decorated in its event loop, and calls it there directly. */
const LOOP_DECORATORS = new Set(['homeassistant.core.callback']);

/**
 * The MCP SDK's FastMCP calls a sync tool, resource or prompt function directly, on its event loop
 * (`fn(**arguments)` where a coroutine function is awaited); the standalone fastmcp package runs a sync tool
 * in a worker thread unless it is registered with `run_in_thread=False`.
 */
const MCP_SERVERS = new Set(['mcp.server.fastmcp.FastMCP']);
const FASTMCP_SERVERS = new Set(['fastmcp.FastMCP']);
const MCP_REGISTRATIONS = new Set(['tool', 'resource', 'prompt']);

/** The lead of a blocking call's message in such a function. */
const BLOCKS_LOOP = '`{0}` blocks the event loop.';
const PROTOCOL_NOTE = '{0} `{1}` is not a coroutine, but asyncio calls a protocol\'s `{1}` on the event loop: move the blocking work to a worker thread (`loop.run_in_executor`) or into a task it starts.';
const REGISTERED_NOTE = '{0} `{1}` is not a coroutine, but `{2}` has the event loop call it: move the blocking work to a worker thread (`loop.run_in_executor`) or into a task it starts.';
const HOME_ASSISTANT_NOTE = '{0} `{1}` is not a coroutine, but Home Assistant runs {2} on its event loop: move the blocking work to `hass.async_add_executor_job(...)` or into a task it starts.';
const TEXTUAL_NOTE = '{0} `{1}` is not a coroutine, but Textual calls the handlers of its app, screens and widgets on its event loop, and the interface waits until it returns: run the blocking work in a thread worker (`@work(thread=True)`), or make the handler `async def` and `await asyncio.to_thread(...)`.';
const TEXTUAL_TIMER_NOTE = '{0} `{1}` is not a coroutine, but `{2}` has Textual call it on its event loop, and the interface waits until it returns: run the blocking work in a thread worker (`@work(thread=True)`), or make it `async def` and `await asyncio.to_thread(...)`.';
const UI_NOTES: Record<UiCall['framework'], string> = {
  NiceGUI: '{0} `{1}` is not a coroutine, but NiceGUI calls it (`{2}`) on its event loop, and every client waits until it returns: make it `async def` and `await run.io_bound(...)` the blocking work.',
  Toga: '{0} `{1}` is not a coroutine, but Toga calls it (`{2}`) on the event loop of the app\'s main thread, and the window freezes until it returns: make it `async def` and `await asyncio.to_thread(...)` the blocking work.',
  Kivy: '{0} `{1}` is not a coroutine, but this program runs Kivy with `async_run`, and Kivy calls it (`{2}`) on the asyncio event loop: the window and every task wait until it returns. Start a task for the work (`asyncio.create_task(...)`) that awaits it in a worker thread (`await asyncio.to_thread(...)`).',
  Qt: '{0} `{1}` is not a coroutine, but this program runs Qt on asyncio (qasync or QtAsyncio), and Qt calls it (`{2}`) on the asyncio event loop: the window and every task wait until it returns. Make the slot a coroutine (qasync\'s `@asyncSlot()`) or have it start a task, which awaits the work in a worker thread (`await asyncio.to_thread(...)`).',
};
/** Methods whose result the library uses at once, so `async def` is no remedy. */
const TEXTUAL_SYNC_NOTE =
  '{0} `{1}` is not a coroutine and cannot become one: Textual calls `{1}` on its event loop and uses what it returns at once, and the interface waits until it returns. Start the blocking work in a thread worker (`@work(thread=True)`, from `on_mount`) and update the widgets when it is done.';
const TOGA_STARTUP_NOTE =
  '{0} `{1}` is not a coroutine and cannot become one: Toga calls it (`{2}`) on the event loop of the app\'s main thread and expects the main window set when it returns, and the window appears only then. Start a task for the slow work (`asyncio.create_task(...)`) that awaits it in a worker thread (`await asyncio.to_thread(...)`), and fill the window when it is done.';
const MCP_NOTE = '{0} `{1}` is not a coroutine, but FastMCP calls a sync function registered with `{2}` on its event loop, and every other request waits: make it `async def` and move the blocking work to a worker thread (`await asyncio.to_thread(...)`).';

/** A sync function the event loop calls: its name and why it runs there. */
export interface LoopCallback {
  name: string;
  kind: 'protocol' | 'decorated' | 'named' | 'registered' | 'mcp' | 'textual' | 'ui';
  /**
   * For `registered`: the call that hands it to the loop, as written (`loop.call_soon`); for `mcp`, the decorator or
   * `mcp.add_tool`; for `textual`, the timer given it (`self.set_interval(…)`), none for a handler; for `ui`, the
   * registration (`ui.button(…, on_click=…)`, `@ui.page(…)`).
   */
  by?: string;
  /** For `ui`: the library that calls it. */
  framework?: UiCall['framework'];
  /** The caller awaits what it returns: the function may become an `async def` (Textual's handlers, FastMCP's tools…). */
  mayBeAsync?: boolean;
  /** The caller uses what it returns at once (Textual's `compose`, Toga's `startup`): it cannot become a coroutine. */
  mustStaySync?: boolean;
  /** As an `async def` it needs this decorator (qasync's `asyncSlot`). */
  asyncWrapper?: UiCall['asyncWrapper'];
}

/** The key of this module's answers in `SemanticModel.workspaceAnswer`: a base class or the program may decide them. */
const CALLBACKS = {};

/**
 * The sync function around `node` when the event loop calls it: a method asyncio's transports call on a
 * protocol (`data_received` of an `asyncio.Protocol` subclass), a Home Assistant `@callback` function,
 * a sync `async_…` function of a Home Assistant integration (its convention: such functions are called
 * from the loop only), a def the module hands to the loop (`loop.call_soon(f)`, `task.add_done_callback(f)`), or a
 * handler of a user-interface library on asyncio (Textual, NiceGUI, Toga, Kivy under `async_run`, Qt under
 * qasync). The innermost def decides: a def nested in it runs whenever something calls it.
 */
export function loopCallbackOf(model: SemanticModel, node: SyntaxNode): LoopCallback | undefined {
  const scope = model.scopes.enclosingScope(node);
  if (scope.kind === 'lambda') {
    const by = registrationsOf(model).get(scope.node.id);
    if (by) return { name: 'lambda', kind: 'registered', by };
    const ui = uiCall(model, scope.node);
    return ui ? { name: 'lambda', kind: 'ui', by: ui.by, framework: ui.framework, mayBeAsync: false } : undefined;
  }
  if (scope.kind !== 'function' || scope.isAsync) return undefined;
  const known = model.workspaceAnswer(CALLBACKS, () => new Map<number, LoopCallback | null>());
  let found = known.get(scope.node.id);
  if (found === undefined) known.set(scope.node.id, (found = callbackKind(model, scope.node) ?? null));
  return found ?? undefined;
}

/** The node runs on the event loop: in a coroutine (`model.isOnEventLoop`) or in a sync function the loop calls. */
export function runsOnEventLoop(model: SemanticModel, node: SyntaxNode): boolean {
  return model.isOnEventLoop(node) || loopCallbackOf(model, node) !== undefined;
}

/** `lead` (the finding's first sentence, or by default "`label` blocks the event loop.") and why the function runs on the loop. */
export function loopCallbackMessage(callback: LoopCallback, label: string, lead = t(BLOCKS_LOOP, label)): string {
  if (callback.kind === 'protocol') return t(PROTOCOL_NOTE, lead, callback.name);
  if (callback.kind === 'registered') return t(REGISTERED_NOTE, lead, callback.name, callback.by ?? '');
  if (callback.kind === 'mcp') return t(MCP_NOTE, lead, callback.name, callback.by ?? '');
  if (callback.kind === 'ui') {
    const note = callback.mustStaySync && callback.framework === 'Toga' ? TOGA_STARTUP_NOTE : UI_NOTES[callback.framework ?? 'NiceGUI'];
    return t(note, lead, callback.name, callback.by ?? '');
  }
  if (callback.kind === 'textual') {
    if (callback.by) return t(TEXTUAL_TIMER_NOTE, lead, callback.name, callback.by);
    return t(callback.mustStaySync ? TEXTUAL_SYNC_NOTE : TEXTUAL_NOTE, lead, callback.name);
  }
  return t(HOME_ASSISTANT_NOTE, lead, callback.name, callback.kind === 'decorated' ? t('`@callback` functions') : t('sync functions named `async_…`'));
}

function callbackKind(model: SemanticModel, definition: SyntaxNode): LoopCallback | undefined {
  if (definition.type !== 'function_definition' || isAsyncFunction(definition)) return undefined;
  const name = field(definition, 'name')?.text ?? '';
  const owner = ownerClass(definition);
  if (owner && PROTOCOL_METHODS.has(name) && derivesFrom(model, owner, (base) => PROTOCOL_CLASSES.has(base))) return { name, kind: 'protocol' };
  if (hasDecorator(model, definition, LOOP_DECORATORS)) return { name, kind: 'decorated' };
  if (name.startsWith('async_') && model.importsModule('homeassistant')) return { name, kind: 'named' };
  const mcp = mcpRegistration(model, definition);
  if (mcp) return { name, kind: 'mcp', by: mcp, mayBeAsync: true };
  const by = registrationsOf(model).get(definition.id);
  if (by) return { name, kind: 'registered', by };
  const textual = textualCall(model, definition);
  if (textual) return { name, kind: 'textual', by: textual.timer, mayBeAsync: textual.mayBeAsync, mustStaySync: !textual.mayBeAsync };
  const ui = uiCall(model, definition);
  return ui ? { name, kind: 'ui', by: ui.by, framework: ui.framework, mayBeAsync: ui.mayBeAsync, mustStaySync: ui.mustStaySync, asyncWrapper: ui.asyncWrapper } : undefined;
}

/**
 * The sync def around `node` when it may become an `async def`: its caller awaits what it returns, or calls it
 * through a decorator that starts a task (`wrapper`, on a def with no other decorator) (`mayBeAsync`); it is no
 * generator, and nothing in the module calls it directly (such a call would then make a coroutine and drop it).
 */
export function handlerThatMayBeAsync(model: SemanticModel, node: SyntaxNode): { definition: SyntaxNode; wrapper?: LoopCallback['asyncWrapper'] } | undefined {
  const callback = loopCallbackOf(model, node);
  const definition = model.enclosingFunction(node);
  if (!callback?.mayBeAsync || definition?.type !== 'function_definition' || isGeneratorFunction(definition)) return undefined;
  if (callback.asyncWrapper && decoratorsOf(definition).length > 0) return undefined;
  const name = field(definition, 'name')?.text ?? '';
  return callsNamed(model, [name]).length === 0 ? { definition, wrapper: callback.asyncWrapper } : undefined;
}

/**
 * `@mcp.tool()`, `@mcp.resource("data://x")`, `@mcp.prompt()` on a def, with `mcp` the MCP SDK's FastMCP (or
 * fastmcp's, given `run_in_thread=False`), or the def given to its `add_tool`: the registration as written.
 */
function mcpRegistration(model: SemanticModel, definition: SyntaxNode): string | undefined {
  if (!mentionsRegistrations(model)) return undefined;
  for (const decorator of decoratorsOf(definition)) {
    const parts = decoratorParts(decorator);
    const callee = parts?.callee;
    if (callee?.type !== 'attribute' || !MCP_REGISTRATIONS.has(field(callee, 'attribute')?.text ?? '')) continue;
    const { expression } = parts!;
    if (runsInline(model, field(callee, 'object')!, expression.type === 'call' ? expression : undefined)) return expression.text.replace(/\s+/g, ' ').replace(/\(.+\)$/s, '(…)');
  }
  return mcpToolsOf(model).get(definition.id);
}

/** A FastMCP server that runs sync functions on its loop: the SDK's always, fastmcp's with `run_in_thread=False`. */
function runsInline(model: SemanticModel, server: SyntaxNode, registration: SyntaxNode | undefined): boolean {
  const type = valueType(model, server) ?? '';
  if (MCP_SERVERS.has(type)) return true;
  const inThread = registration && argument(callArguments(registration), -1, 'run_in_thread');
  return FASTMCP_SERVERS.has(type) && inThread?.text === 'False';
}

const registrationMentions = new WeakMap<SemanticModel, boolean>();

/** The module's text has `.tool`, `.resource`, `.prompt` or `.add_tool`: the server may be another module's. */
function mentionsRegistrations(model: SemanticModel): boolean {
  let mentions = registrationMentions.get(model);
  if (mentions === undefined) registrationMentions.set(model, (mentions = /\.(tool|resource|prompt|add_tool)\b/.test(model.source)));
  return mentions;
}

const mcpTools = new WeakMap<SemanticModel, Map<number, string>>();

/** `mcp.add_tool(search)` on the SDK's FastMCP: the def by id, the registration as written. */
function mcpToolsOf(model: SemanticModel): Map<number, string> {
  let found = mcpTools.get(model);
  if (found) return found;
  found = new Map();
  mcpTools.set(model, found);
  for (const call of callsNamed(model, ['add_tool'])) {
    const callee = field(call, 'function');
    const object = callee?.type === 'attribute' ? field(callee, 'object') : null;
    const given = object && runsInline(model, object, call) ? argument(callArguments(call), 0, 'fn') : undefined;
    const definition = given && namedDefinition(model, unparenthesize(given));
    if (definition && !found.has(definition.id)) found.set(definition.id, `${callee!.text.replace(/\s+/g, '')}(…)`);
  }
  return found;
}

const registrations = new WeakMap<SemanticModel, Map<number, string>>();

/**
 * The module's defs it hands to the loop to call: `loop.call_soon(flush)`, `loop.call_later(5, self._tick)`,
 * `loop.add_reader(fd, self._on_readable)`, `task.add_done_callback(report)` on an asyncio task or future, a
 * lambda written there; by def (or lambda), the call as written. A def of this module named by its name, or `self.method` of the class around the call.
 */
function registrationsOf(model: SemanticModel): Map<number, string> {
  let found = registrations.get(model);
  if (found) return found;
  found = new Map();
  registrations.set(model, found);
  for (const call of callsNamed(model, [...LOOP_REGISTRATIONS, 'add_done_callback'])) {
    const callee = field(call, 'function');
    const object = callee?.type === 'attribute' ? field(callee, 'object') : null;
    const method = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
    if (!object || !method) continue;
    const slot = method === 'add_done_callback' ? { position: 0, keyword: 'fn' } : LOOP_FUNCTION_ARGUMENTS[method];
    const onLoop = method === 'add_done_callback' ? ASYNCIO_FUTURES.has(valueType(model, object) ?? '') : isEventLoop(model, object);
    const definition = slot && onLoop ? givenDefinition(model, argument(callArguments(call), slot.position, slot.keyword)) : undefined;
    if (definition && !found.has(definition.id)) found.set(definition.id, callee!.text.replace(/\s+/g, ''));
  }
  return found;
}

/** Every English string shown, for the translation check. */
export const LOOP_CALLBACK_STRINGS = [
  BLOCKS_LOOP,
  PROTOCOL_NOTE,
  REGISTERED_NOTE,
  HOME_ASSISTANT_NOTE,
  MCP_NOTE,
  TEXTUAL_NOTE,
  TEXTUAL_TIMER_NOTE,
  TEXTUAL_SYNC_NOTE,
  TOGA_STARTUP_NOTE,
  ...Object.values(UI_NOTES),
];
