import type { SyntaxNode } from '../../parser';
import { calleeName, callsNamed } from '../../semantic/callIndex';
import type { SemanticModel } from '../../semantic/model';
import { callArguments, field, logicalParent, namedChildren, unparenthesize } from '../../syntax';
import { literalValue } from './argumentValues';
import { soleDecorator } from './loopRunners';

/** aiogram 2's runners that take `on_startup=F`, run before polling or serving the webhook starts. */
const STARTING_RUNNERS = new Set(['start_polling', 'start_webhook']);
/** The last names of the calls that register a hook (see isRegistrationCall and isDecoratorRegistration). */
const REGISTERING = [...STARTING_RUNNERS, 'register', 'append', 'post_init', 'on_startup', 'startup', 'on_event'];

const registrationsByModel = new WeakMap<SemanticModel, readonly Registration[]>();
const hookDefinitions = new WeakMap<SemanticModel, readonly SyntaxNode[]>();

/**
 * Where a coroutine is registered as a start-up hook, which its framework awaits before it serves
 * anything: aiogram 2's `executor.start_polling(dp, on_startup=F)` (`start_webhook`, `executor.on_startup(F)`),
 * aiogram 3's `dp.startup.register(F)`, aiohttp's `app.on_startup.append(F)`, python-telegram-bot's
 * `builder.post_init(F)`. `reference` is the name of F there.
 */
export function startupRegistration(reference: SyntaxNode): SyntaxNode | undefined {
  const parent = logicalParent(reference);
  if (parent?.type === 'keyword_argument' && field(parent, 'name')?.text === 'on_startup' && field(parent, 'value')?.id === reference.id) {
    const call = parent.parent?.parent;
    return call?.type === 'call' && STARTING_RUNNERS.has(calleeName(call) ?? '') ? call : undefined;
  }
  const call = parent?.type === 'argument_list' ? parent.parent : undefined;
  if (call?.type !== 'call' || callArguments(call).positional[0]?.id !== reference.id) return undefined;
  return isRegistrationCall(call) ? call : undefined;
}

/** `@dp.startup()` (aiogram 3) or `@app.on_event("startup")` (FastAPI), as the definition's only decorator. */
export function startupDecorator(definition: SyntaxNode): SyntaxNode | undefined {
  const sole = soleDecorator(definition);
  const call = sole?.callee.parent;
  return call?.type === 'call' && field(call, 'function')?.id === sole!.callee.id && isDecoratorRegistration(call) ? sole!.decorator : undefined;
}

/** One start-up hook the module registers: the expression that names it, or the def a decorator registers. */
interface Registration {
  named?: SyntaxNode;
  decorated?: SyntaxNode;
}

/** Every start-up hook registration of the module, found once per module. */
function registrations(model: SemanticModel): readonly Registration[] {
  const known = registrationsByModel.get(model);
  if (known) return known;
  const found: Registration[] = [];
  for (const call of callsNamed(model, REGISTERING)) {
    if (isRegistrationCall(call)) found.push({ named: callArguments(call).positional[0] });
    else if (isDecoratorRegistration(call)) {
      const decorated = logicalParent(call)?.parent ?? call.parent?.parent;
      found.push({ decorated: decorated?.type === 'decorated_definition' ? (field(decorated, 'definition') ?? undefined) : undefined });
    } else if (STARTING_RUNNERS.has(calleeName(call) ?? '')) {
      const hooks = callArguments(call).keywords.get('on_startup');
      const value = hooks ? unparenthesize(hooks) : undefined;
      if (value?.type === 'list' || value?.type === 'tuple') found.push(...namedChildren(value).filter((item) => item.type !== 'comment').map((named) => ({ named })));
      else if (value) found.push({ named: value });
    }
  }
  registrationsByModel.set(model, found);
  return found;
}

/**
 * How many start-up hooks the module registers. Hooks run one after the other: one that starts a task
 * leaves it running beside the next, so a hook counts as alone only when it is the module's one.
 */
export function startupHookCount(model: SemanticModel): number {
  return registrations(model).length;
}

/**
 * The module's own definitions that run before it serves anything: its start-up hooks and a
 * FastAPI/Starlette `lifespan=` (which runs up to its `yield` first).
 */
export function startupHookDefinitions(model: SemanticModel): readonly SyntaxNode[] {
  let hooks = hookDefinitions.get(model);
  if (hooks) return hooks;
  const lifespans = model.nodes('keyword_argument').filter((keyword) => field(keyword, 'name')?.text === 'lifespan');
  const candidates: Registration[] = [...registrations(model), ...lifespans.map((keyword) => ({ named: field(keyword, 'value') ?? undefined }))];
  hooks = candidates.flatMap(({ named: reference, decorated }) => {
    const found = decorated ? { model, node: decorated } : reference ? model.definitionOf(reference) : undefined;
    return found?.model === model && found.node.type === 'function_definition' ? [found.node] : [];
  });
  hookDefinitions.set(model, hooks);
  return hooks;
}

function isRegistrationCall(call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  if (callee?.type !== 'attribute') return false;
  const method = field(callee, 'attribute')?.text;
  const object = field(callee, 'object');
  const target = object ? unparenthesize(object) : undefined;
  const owner = target?.type === 'identifier' ? target.text : target?.type === 'attribute' ? (field(target, 'attribute')?.text ?? '') : '';
  return (method === 'register' && owner === 'startup') || (method === 'append' && owner === 'on_startup') || method === 'post_init' || (method === 'on_startup' && owner !== '');
}

function isDecoratorRegistration(call: SyntaxNode): boolean {
  if (!(logicalParent(call)?.type === 'decorator' || call.parent?.type === 'decorator')) return false;
  const callee = field(call, 'function');
  const method = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
  if (method === 'startup') return true;
  const first = callArguments(call).positional[0];
  return method === 'on_event' && !!first && literalValue(first) === 'startup';
}
