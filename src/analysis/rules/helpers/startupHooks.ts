import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { callArguments, field, logicalParent, namedChildren, unparenthesize } from '../../syntax';
import { literalValue } from './argumentValues';
import { decoratorsOf } from './functions';

/** aiogram 2's runners that take `on_startup=F`, run before polling or serving the webhook starts. */
const STARTING_RUNNERS = new Set(['start_polling', 'start_webhook']);

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
    return call?.type === 'call' && STARTING_RUNNERS.has(lastName(field(call, 'function'))) ? call : undefined;
  }
  const call = parent?.type === 'argument_list' ? parent.parent : undefined;
  if (call?.type !== 'call' || callArguments(call).positional[0]?.id !== reference.id) return undefined;
  return isRegistrationCall(call) ? call : undefined;
}

/** `@dp.startup()` (aiogram 3) or `@app.on_event("startup")` (FastAPI), as the definition's only decorator. */
export function startupDecorator(definition: SyntaxNode): SyntaxNode | undefined {
  const decorators = decoratorsOf(definition);
  if (decorators.length !== 1) return undefined;
  const expression = namedChildren(decorators[0]).find((child) => child.type !== 'comment');
  const call = expression ? unparenthesize(expression) : undefined;
  return call?.type === 'call' && isDecoratorRegistration(call) ? decorators[0] : undefined;
}

/**
 * How many start-up hooks the module registers. Hooks run one after the other: one that starts a
 * task leaves it running beside the next, so a hook counts as alone only when it is the module's one.
 */
export function startupHookCount(model: SemanticModel): number {
  let count = 0;
  for (const call of model.nodes('call')) {
    if (isRegistrationCall(call) || isDecoratorRegistration(call)) count++;
    else if (STARTING_RUNNERS.has(lastName(field(call, 'function')))) {
      const hooks = callArguments(call).keywords.get('on_startup');
      const value = hooks ? unparenthesize(hooks) : undefined;
      if (value) count += value.type === 'list' || value.type === 'tuple' ? namedChildren(value).filter((item) => item.type !== 'comment').length : 1;
    }
  }
  return count;
}

function isRegistrationCall(call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  if (callee?.type !== 'attribute') return false;
  const method = field(callee, 'attribute')?.text;
  const owner = lastName(field(callee, 'object'));
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

/** `a.b.c` → `c`; a bare name is itself. */
function lastName(node: SyntaxNode | null | undefined): string {
  if (!node) return '';
  const target = unparenthesize(node);
  if (target.type === 'identifier') return target.text;
  return target.type === 'attribute' ? (field(target, 'attribute')?.text ?? '') : '';
}
