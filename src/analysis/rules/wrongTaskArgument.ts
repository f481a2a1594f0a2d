import { EVENT_LOOP, LOOP_FUNCTION_ARGUMENTS } from '../catalog/asyncioApis';
import { endOf, insertAt, startOf } from '../fixes/edits';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { type AsyncFunctionTarget, type FunctionTarget, isEventLoop, resolveAsyncFunction, resolveAsyncGeneratorFunction, resolvePlainFunction, type ResolutionContext, valueType } from '../semantic/awaitables';
import { argument, callArguments, field, isAsyncFunction, namedChildren, passesKeywords, unparenthesize } from '../syntax';
import { callsNamed, lastSegment } from '../semantic/callIndex';
import type { Fix } from '../types';
import { decoratorsOf, isStubBody } from './helpers/functions';
import type { Rule, RuleContext } from './rule';

/** Where a call expects its callable or coroutine: positional index and keyword name. */
interface Slot {
  position: number;
  keyword?: string;
  /** True when the API wants a coroutine object; false when it wants a plain callable it will call. */
  wantsCoroutine: boolean;
  /** It calls an async function with the arguments that follow it (trio's and anyio's `start_soon`). */
  startsFunction?: boolean;
}

const MODULE_FUNCTIONS: Record<string, Slot> = {
  'asyncio.create_task': { position: 0, keyword: 'coro', wantsCoroutine: true },
  'asyncio.ensure_future': { position: 0, keyword: 'coro_or_future', wantsCoroutine: true },
  'asyncio.run': { position: 0, keyword: 'main', wantsCoroutine: true },
  'asyncio.run_coroutine_threadsafe': { position: 0, keyword: 'coro', wantsCoroutine: true },
  'asyncio.to_thread': { position: 0, keyword: 'func', wantsCoroutine: false },
  'threading.Thread': { position: 1, keyword: 'target', wantsCoroutine: false },
  'trio.to_thread.run_sync': { position: 0, wantsCoroutine: false },
  'anyio.to_thread.run_sync': { position: 0, wantsCoroutine: false },
  'trio.run': { position: 0, wantsCoroutine: false, startsFunction: true },
  'anyio.run': { position: 0, wantsCoroutine: false, startsFunction: true },
};

const METHODS: Record<string, Slot> = {
  [`${EVENT_LOOP}.create_task`]: { position: 0, keyword: 'coro', wantsCoroutine: true },
  [`${EVENT_LOOP}.run_until_complete`]: { position: 0, keyword: 'future', wantsCoroutine: true },
  ...Object.fromEntries(
    ['run_in_executor', 'call_soon', 'call_soon_threadsafe', 'call_later', 'call_at'].map((method) => [`${EVENT_LOOP}.${method}`, { ...LOOP_FUNCTION_ARGUMENTS[method], wantsCoroutine: false }]),
  ),
  'asyncio.TaskGroup.create_task': { position: 0, keyword: 'coro', wantsCoroutine: true },
  'asyncio.Runner.run': { position: 0, keyword: 'coro', wantsCoroutine: true },
  ...Object.fromEntries(
    ['trio.Nursery', 'anyio.abc.TaskGroup'].flatMap((group) => ['start_soon', 'start'].map((method) => [`${group}.${method}`, { position: 0, wantsCoroutine: false, startsFunction: true }])),
  ),
  'concurrent.futures.ThreadPoolExecutor.submit': { position: 0, keyword: 'fn', wantsCoroutine: false },
  'concurrent.futures.ProcessPoolExecutor.submit': { position: 0, keyword: 'fn', wantsCoroutine: false },
};

function slotOf(context: ResolutionContext, call: SyntaxNode): { slot: Slot; api: string } | undefined {
  const { model } = context;
  const callee = field(call, 'function');
  if (!callee) return undefined;
  const name = model.qualifiedName(callee);
  if (name && MODULE_FUNCTIONS[name]) return { slot: MODULE_FUNCTIONS[name], api: name };
  const target = unparenthesize(callee);
  const object = target.type === 'attribute' ? field(target, 'object') : null;
  const attribute = target.type === 'attribute' ? field(target, 'attribute') : null;
  if (!object || !attribute) return undefined;
  const type = isEventLoop(model, object) ? EVENT_LOOP : valueType(model, object);
  const slot = type ? METHODS[`${type}.${attribute.text}`] : undefined;
  return slot ? { slot, api: `${target.text.replace(/\s+/g, '')}` } : undefined;
}

/** Parameters a caller must pass (no default, not `*args`/`**kwargs`), the bound `self` excluded. */
function requiredParameters(target: AsyncFunctionTarget): number {
  const parameters = namedChildren(field(target.definition, 'parameters') ?? target.definition);
  const required = parameters.filter(
    (parameter) =>
      parameter.type === 'identifier' || (parameter.type === 'typed_parameter' && namedChildren(parameter)[0]?.type === 'identifier'),
  );
  return required.length - (target.bound && required.length > 0 ? 1 : 0);
}

function callItFix(reference: SyntaxNode, target: AsyncFunctionTarget): Fix[] {
  if (requiredParameters(target) > 0) return [];
  return [{ title: t('Call `{0}` to pass the coroutine', reference.text), edits: [insertAt(endOf(reference), '()')], isPreferred: true }];
}

/** A `def` none of whose `return` statements gives a value: calling it gives `None`. */
function returnsNothing(target: FunctionTarget): boolean {
  const { model, definition } = target;
  const body = field(definition, 'body');
  if (!body) return false;
  return model.nodesWithin('return_statement', body.startIndex, body.endIndex).every((statement) => {
    if (model.scopes.enclosingScope(statement).node.id !== definition.id) return true;
    const value = namedChildren(statement).find((child) => child.type !== 'comment');
    return !value || unparenthesize(value).type === 'none';
  });
}

/**
 * `asyncio.run(main())` where `main` is a plain `def` returning nothing: `main` runs to its end right
 * there, synchronously, and the API gets `None`, which it refuses (ValueError or TypeError). A `def`
 * that returns something may be a factory of coroutines, and is left alone.
 */
function reportSyncCall(context: RuleContext, api: string, passed: SyntaxNode): void {
  const callee = field(passed, 'function');
  // `self.main()`: a subclass may override the method with an `async def`.
  if (!callee || field(unparenthesize(callee), 'object')?.text === 'self') return;
  const target = resolvePlainFunction(context, callee);
  if (!target || isStubBody(field(target.definition, 'body')) || !returnsNothing(target)) return;
  context.report({
    code: 'AIO101',
    node: passed,
    severity: 'error',
    message: t(
      '`{1}` is a plain `def` that returns nothing: `{1}(…)` runs to its end right here, before `{0}` is called, and `{0}` then gets `None` and raises. Make `{1}` an `async def`, or call it without `{0}`.',
      api,
      unparenthesize(callee!).text,
    ),
  });
}

/**
 * `nursery.start_soon(work(1))`: trio and anyio call the async function they are given with the arguments after it;
 * a coroutine object raises TypeError at once. The fix passes the function and its arguments.
 */
function reportCoroutineObject(context: RuleContext, api: string, passed: SyntaxNode): void {
  const callee = field(passed, 'function');
  if (!callee || !resolveAsyncFunction(context, unparenthesize(callee))) return;
  const name = unparenthesize(callee).text;
  const args = field(passed, 'arguments');
  // Keyword arguments need functools.partial; a comment among the arguments could swallow the closing parenthesis.
  const notMovable = args?.type !== 'argument_list' || passesKeywords(passed) || namedChildren(args).some((item) => item.type === 'comment');
  const inner = args && !notMovable ? args.text.slice(1, -1).trim().replace(/,$/, '') : '';
  context.report({
    code: 'AIO101',
    node: passed,
    severity: 'error',
    message: t('`{0}` calls the async function it is given with the arguments after it, but `{1}` is already a coroutine object, and it raises TypeError: pass `{2}` and its arguments instead.', api, passed.text.replace(/\s+/g, ' '), name),
    fixes: notMovable
      ? undefined
      : () => [{ title: t('Pass `{0}` and its arguments', name), edits: [{ range: { start: startOf(passed), end: endOf(passed) }, newText: inner ? `${name}, ${inner}` : name }], isPreferred: true }],
  });
}

/** AIO101: a coroutine function passed where a coroutine is expected, or to a thread or callback that will only create a coroutine. */
export const wrongTaskArgument: Rule = {
  codes: [{ code: 'AIO101', title: 'Task, thread or callback given the wrong thing', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO101')) return;
    checkClickCommands(context);
    const names = [...Object.keys(MODULE_FUNCTIONS), ...Object.keys(METHODS)].map(lastSegment);
    for (const call of callsNamed(context.model, names)) {
      const found = slotOf(context, call);
      if (!found) continue;
      const passed = argument(callArguments(call), found.slot.position, found.slot.keyword);
      const reference = passed ? unparenthesize(passed) : undefined;
      if (reference?.type === 'call' && found.slot.wantsCoroutine) {
        reportSyncCall(context, found.api, reference);
        continue;
      }
      if (found.slot.startsFunction) {
        if (reference?.type === 'call') reportCoroutineObject(context, found.api, reference);
        continue;
      }
      if (!reference || (reference.type !== 'identifier' && reference.type !== 'attribute')) continue;
      const target = resolveAsyncFunction(context, reference);
      if (!target) {
        // A thread or a callback given an async generator function only builds the generator: its body
        // runs where the generator is iterated, on the event loop (the thread hand-off does nothing).
        if (!found.slot.wantsCoroutine && resolveAsyncGeneratorFunction(context, reference)) {
          context.report({
            code: 'AIO101',
            node: reference,
            message: t(
              '`{1}` is an async generator function: `{0}` only calls it, which builds the generator and runs none of its body; the body runs where the generator is iterated, on the event loop. Iterate it directly (`async for … in {1}(…)`), and hand the blocking work inside it to a thread.',
              found.api,
              reference.text,
            ),
          });
        }
        continue;
      }
      if (found.slot.wantsCoroutine) {
        context.report({
          code: 'AIO101',
          node: reference,
          severity: 'error',
          message: t('`{0}` expects a coroutine, but `{1}` is the coroutine function itself: call it, `{1}(…)`.', found.api, reference.text),
          fixes: () => callItFix(reference, target),
        });
      } else {
        context.report({
          code: 'AIO101',
          node: reference,
          message: t(
            '`{1}` is an `async def`: `{0}` only calls it, which creates a coroutine that is never awaited and never runs. Await it directly instead: `await {1}(…)`.',
            found.api,
            reference.text,
          ),
        });
      }
    }
  },
};

/**
 * `@click.command()` (or `@cli.command()` on a click group) over an `async def`: click calls the function and drops
 * what it returns, so the command only makes a coroutine that never runs. asyncclick, which awaits it, is another module.
 */
function checkClickCommands(context: RuleContext): void {
  const { model } = context;
  if (!model.importsPackage('click')) return;
  const groups = new Set<string>();
  for (const definition of model.nodes('function_definition')) {
    const decorator = clickDecorator(model, definition, groups);
    if (!decorator) continue;
    if (decorator.kind === 'group') groups.add(field(definition, 'name')?.text ?? '');
    if (!isAsyncFunction(definition)) continue;
    context.report({
      code: 'AIO101',
      node: field(definition, 'name') ?? definition,
      severity: 'error',
      message: t(
        '`{0}` is an `async def` under `@{1}`: click calls the function without awaiting it, so the command only creates a coroutine that never runs. Make it a plain `def` that runs the work with `asyncio.run(...)`, or use asyncclick, which awaits it.',
        field(definition, 'name')?.text ?? '',
        decorator.text,
      ),
    });
  }
}

/**
 * The `click.command`/`click.group` decorator of a def (or `group.command()` on a group defined above it), when only
 * click's own decorators (`@click.option`, `@click.pass_context`…) lie between it and the def: another one there
 * (`@coro`, a wrapper that runs the coroutine with `asyncio.run`) hands click a plain function.
 */
function clickDecorator(model: SemanticModel, definition: SyntaxNode, groups: ReadonlySet<string>): { kind: 'command' | 'group'; text: string } | undefined {
  let found: { kind: 'command' | 'group'; text: string } | undefined;
  for (const decorator of decoratorsOf(definition)) {
    const expression = namedChildren(decorator).find((child) => child.type !== 'comment');
    const callee = expression?.type === 'call' ? field(expression, 'function') : expression;
    if (!callee) return undefined;
    const name = model.qualifiedName(callee);
    const method = callee.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
    const owner = callee.type === 'attribute' ? field(callee, 'object') : null;
    const onGroup = (method === 'command' || method === 'group') && owner?.type === 'identifier' && groups.has(owner.text) ? method : undefined;
    const kind = name === 'click.command' || name === 'click.group' ? name.slice('click.'.length) : onGroup;
    if (kind) found = { kind: kind as 'command' | 'group', text: callee.text };
    else if (found && !name?.startsWith('click.')) return undefined;
  }
  return found;
}
