import { t } from '../../l10n';
import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { baseClassNames, field, isAsyncFunction } from '../../syntax';
import { hasDecorator, ownerClass } from './functions';

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

/** Home Assistant runs a function so decorated in its event loop, and calls it there directly. */
const LOOP_DECORATORS = new Set(['homeassistant.core.callback']);

/** How deep workspace base classes are followed to find asyncio's protocol classes. */
const MAX_BASE_DEPTH = 4;

/** The lead of a blocking call's message in such a function. */
const BLOCKS_LOOP = '`{0}` blocks the event loop.';
const PROTOCOL_NOTE = '{0} `{1}` is not a coroutine, but asyncio calls a protocol\'s `{1}` on the event loop: move the blocking work to a worker thread (`loop.run_in_executor`) or into a task it starts.';
const HOME_ASSISTANT_NOTE = '{0} `{1}` is not a coroutine, but Home Assistant runs {2} on its event loop: move the blocking work to `hass.async_add_executor_job(...)` or into a task it starts.';

/** A sync function the event loop calls: its name and why it runs there. */
export interface LoopCallback {
  name: string;
  kind: 'protocol' | 'decorated' | 'named';
}

const callbacks = new WeakMap<SemanticModel, Map<number, LoopCallback | null>>();

/**
 * The sync function around `node` when the event loop calls it: a method asyncio's transports call on a
 * protocol (`data_received` of an `asyncio.Protocol` subclass), a Home Assistant `@callback` function,
 * or a sync `async_…` function of a Home Assistant integration (its convention: such functions are called
 * from the loop only). The innermost def decides: a def nested in it runs whenever something calls it.
 */
export function loopCallbackOf(model: SemanticModel, node: SyntaxNode): LoopCallback | undefined {
  const scope = model.scopes.enclosingScope(node);
  if (scope.kind !== 'function' || scope.isAsync) return undefined;
  let known = callbacks.get(model);
  if (!known) callbacks.set(model, (known = new Map()));
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
  return t(HOME_ASSISTANT_NOTE, lead, callback.name, callback.kind === 'decorated' ? t('`@callback` functions') : t('sync functions named `async_…`'));
}

function callbackKind(model: SemanticModel, definition: SyntaxNode): LoopCallback | undefined {
  if (definition.type !== 'function_definition' || isAsyncFunction(definition)) return undefined;
  const name = field(definition, 'name')?.text ?? '';
  const owner = ownerClass(definition);
  if (owner && PROTOCOL_METHODS.has(name) && derivesFromProtocol(model, owner, 0)) return { name, kind: 'protocol' };
  if (hasDecorator(model, definition, LOOP_DECORATORS)) return { name, kind: 'decorated' };
  if (name.startsWith('async_') && model.importsModule('homeassistant')) return { name, kind: 'named' };
  return undefined;
}

function derivesFromProtocol(model: SemanticModel, classNode: SyntaxNode, depth: number): boolean {
  if (baseClassNames(classNode).some((base) => PROTOCOL_CLASSES.has(model.qualifiedName(base) ?? ''))) return true;
  return depth < MAX_BASE_DEPTH && model.basesOf(classNode).some((base) => derivesFromProtocol(base.model, base.node, depth + 1));
}

/** Every English string shown, for the translation check. */
export const LOOP_CALLBACK_STRINGS = [BLOCKS_LOOP, PROTOCOL_NOTE, HOME_ASSISTANT_NOTE];
