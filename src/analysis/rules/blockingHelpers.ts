import { blockingCallFixes, iterateInThreadFix } from '../fixes/blocking';
import { t } from '../l10n';
import { parseExtraBlockingCalls } from '../options';
import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { isGeneratorFunction } from '../semantic/references';
import { callArguments, calleeLabel, codeLabel, field, isWithItemValue, outermostParenthesized, rangeOf, unparenthesize } from '../syntax';
import type { RelatedLocation } from '../types';
import { HelperSummaries, isIteratedAtOnce, type Reach } from './helpers/helperSummaries';
import { filledAtImport, filledAtStartup } from './helpers/importWarmup';
import { lazyLoadedAttribute } from './helpers/instanceCaches';
import { loopCallbackMessage, loopCallbackOf, runsOnEventLoop } from './helpers/loopCallbacks';
import { cachedWithoutArguments } from './helpers/moduleGlobals';
import { firstCallCache, isUnconditional, renderCondition } from './helpers/pathConditions';
import { endsProcessAfter } from './helpers/processExit';
import { blockingReport } from './helpers/soleCoroutine';
import type { Rule } from './rule';

/**
 * AIO200: an `async def` calls a sync function of the workspace that — directly or through further
 * sync calls — makes a blocking call. Follows names in the same file and, when the host provides the
 * workspace, imports of the project's own modules. Guards on the helper's parameters are decided by
 * what the call passes: a branch that cannot run is not reported, one that may run is information
 * ("may block"). Callables handed to `to_thread` are references, not calls, and helpers decorated to
 * run in a worker thread end the chain.
 */
export const blockingHelpers: Rule = {
  codes: [{ code: 'AIO200', title: 'Blocking call reached through a sync helper', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO200')) return;
    const { model } = context;
    const summaries = new HelperSummaries(
      {
        isEnabled: context.isEnabled,
        severityOf: context.severityOf,
        threadOffloadDecorators: context.options.threadOffloadDecorators,
        deferringDecorators: context.options.deferringDecorators,
        extraBlockingCalls: parseExtraBlockingCalls(context.options.extraBlockingCalls).map((entry) => entry.pattern),
      },
      context.modules,
    );
    for (const call of model.nodes('call')) {
      if (model.isAwaited(call) || !runsOnEventLoop(model, call)) continue;
      // A direct blocking call is reported by its own rule.
      if (summaries.directBlockingCode(call, model)) continue;
      const callee = summaries.resolveCallee(call, model, context.file);
      // A call in a branch that ends the program runs once (checked last: it walks up the tree).
      if (!callee || endsProcessAfter(call, model)) continue;
      const reaches = summaries.reachesFrom(call, callee, model, context.file, testedForAwaitable(call, model)).filter((reach) => reach.condition.kind !== 'false');
      if (reaches.length === 0) continue;
      // The worst call that surely runs; failing that, the worst that may run.
      const certain = reaches.filter((reach) => isUnconditional(reach.condition));
      const shown: Reach = (certain.length > 0 ? certain : reaches).reduce((worst, reach) => (summaries.reachRank(reach) > summaries.reachRank(worst) ? reach : worst));
      const top = calleeLabel(call);
      const labels = [top, ...shown.steps.map((step) => step.label)];
      const related: RelatedLocation[] = shown.steps.map((step, index) => ({
        message: t('{0} calls {1}', labels[index], step.label),
        range: rangeOf(field(step.call, 'function') ?? step.call),
        ...(step.file && step.file !== context.file ? { file: step.file } : {}),
      }));
      const chain = labels.join(' → ');
      const reached = context.severityOf(shown.code);
      const method = model.enclosingFunction(call);
      const cache = (method && lazyLoadedAttribute(call, method, model)) ?? (certain.length > 0 ? undefined : firstCallCacheOfAll(reaches));
      // `@lru_cache def load_settings()` that a module calls when imported or its app at start-up: no call from a coroutine is the first one.
      if (cache && cachedWithoutArguments(callee.ref.def, callee.ref.model)) {
        const caller = { model, file: context.file };
        if (filledAtImport(callee.ref, caller, summaries) || (method && filledAtStartup(callee.ref, caller, method, summaries))) continue;
      }
      // A sync generator iterated on the spot runs its body there: `to_thread(helper, ...)` would only make the generator.
      // Or bound to a name the function iterates later (`routes = load_routes()`, then `next(routes)`).
      const { iteratedLater } = callee;
      const generator = !iteratedLater && isGeneratorFunction(callee.ref.def) && isIteratedAtOnce(call);
      const iteration = iteratedLater ? iteratingUse(iteratedLater) : undefined;
      if (iteration) related.push({ message: t('`{0}` iterates it', iteration.label), range: rangeOf(iteration.node) });
      const callback = loopCallbackOf(model, call);
      const message = callback
        ? loopCallbackMessage(
            callback,
            top,
            certain.length > 0
              ? t('`{0}` blocks the event loop through a sync helper ({1}).', top, chain)
              : t('`{0}` may block the event loop through a sync helper ({1}) when `{2}`.', top, chain, renderCondition(shown.condition)),
          )
        : iteratedLater && iteration
        ? certain.length > 0
          ? t('`{0}` makes a sync generator that blocks the event loop ({1}) each time `{2}` runs it: step it in a worker thread (`await asyncio.to_thread(next, {3})`) or make it an async generator.', top, chain, iteration.label, iteratedLater.text)
          : t('`{0}` makes a sync generator that may block the event loop ({1}) when `{2}`, each time `{3}` runs it: step it in a worker thread (`await asyncio.to_thread(next, {4})`) or make it an async generator.', top, chain, renderCondition(shown.condition), iteration.label, iteratedLater.text)
        : generator
        ? certain.length > 0
          ? t('`{0}` blocks the event loop through a sync generator ({1}) while it is iterated: iterate it in a worker thread (`await asyncio.to_thread(list, {0}(...))`) or make it an async generator.', top, chain)
          : t('`{0}` may block the event loop through a sync generator ({1}) when `{2}`, while it is iterated: iterate it in a worker thread (`await asyncio.to_thread(list, {0}(...))`) or make it an async generator.', top, chain, renderCondition(shown.condition))
        : isWithItemValue(call)
        ? certain.length > 0
          ? t('`{0}` blocks the event loop through a sync context manager ({1}) as `with` enters or leaves it: make it an async context manager (`contextlib.asynccontextmanager`) whose blocking steps run in a worker thread (`await asyncio.to_thread(...)`).', top, chain)
          : t('`{0}` may block the event loop through a sync context manager ({1}) when `{2}`, as `with` enters or leaves it: make it an async context manager (`contextlib.asynccontextmanager`) whose blocking steps run in a worker thread (`await asyncio.to_thread(...)`).', top, chain, renderCondition(shown.condition))
        : cache
        ? t('`{0}` blocks the event loop through a sync helper ({1}) on the first call only, until `{2}` holds the result: call it once at start-up, or use `await asyncio.to_thread({0}, ...)`.', top, chain, cache)
        : certain.length > 0 && takesThreadLock(shown)
        ? t('`{0}` takes a thread lock on the event loop\'s thread ({1}): while another thread holds the lock, the loop waits; and held across an `await`, it guards nothing between tasks, which all run on that one thread (a `Lock` taken again stops the loop for good, an `RLock` lets every task in). Between tasks, use `asyncio.Lock`.', top, chain)
        : certain.length > 0 && shown.raisesOnLoop
        ? t('`{0}` runs a Django ORM query through a sync helper ({1}): Django raises SynchronousOnlyOperation on the event loop. Use `await sync_to_async({0})(...)` (asgiref), or the async query methods of Django 4.1+.', top, chain)
        : certain.length > 0
        ? t('`{0}` blocks the event loop through a sync helper ({1}): use `await asyncio.to_thread({0}, ...)` or make it async.', top, chain)
        : t('`{0}` may block the event loop through a sync helper ({1}) when `{2}`: use `await asyncio.to_thread({0}, ...)` or make it async.', top, chain, renderCondition(shown.condition));
      // A path that may not run or runs once, or a helper that only checks a path (ASYNC240), is information; a cheap call a level lower.
      const severity = certain.length === 0 || cache ? 'information' : reached === 'information' || reached === 'hint' ? reached : shown.light ? (reached === 'error' ? 'warning' : 'information') : undefined;
      // Django raises SynchronousOnlyOperation whenever a loop runs in the thread: running alone is no excuse.
      const sole = shown.raisesOnLoop ? { message, severity: undefined } : blockingReport(context, call, message);
      context.report({
        code: 'AIO200',
        node: field(call, 'function') ?? call,
        message: sole.message,
        severity: severity === 'hint' ? severity : (sole.severity ?? severity),
        related,
        // `to_thread(lock_helper)` would make the worker thread the owner: an `RLock` released on the loop's thread then raises.
        fixes: iteratedLater || (certain.length > 0 && takesThreadLock(shown))
          ? []
          : generator
          ? () => iterateInThreadFix(model, call)
          : () => blockingCallFixes(model, call, { kind: shown.raisesOnLoop ? 'syncToAsync' : 'toThread', matchedName: top, label: top }),
      });
    }
  },
};

/** The chain ends in `lock.acquire()` on a thread lock (AIO203's only `acquire` entries are `threading.Lock`'s, an `RLock`'s, a `Condition`'s). */
function takesThreadLock(reach: Reach): boolean {
  const last = reach.steps[reach.steps.length - 1];
  return last?.code === 'AIO203' && last.label.endsWith('.acquire');
}

/** The cache every path waits for, when each runs on a first call only. */
function firstCallCacheOfAll(reaches: readonly Reach[]): string | undefined {
  const caches = reaches.map((reach) => firstCallCache(reach.condition));
  return caches.every((cache) => cache !== undefined) ? caches[0] : undefined;
}

const AWAITABLE_TESTS = new Set(['inspect.isawaitable', 'inspect.iscoroutine', 'asyncio.iscoroutine', 'asyncio.isfuture']);

/** `f = obj.close()` then `if inspect.isawaitable(f): await f`: the caller expects a sync or an async result. */
function testedForAwaitable(call: SyntaxNode, model: SemanticModel): boolean {
  const assignment = call.parent;
  const target = assignment?.type === 'assignment' && field(assignment, 'right')?.id === call.id ? field(assignment, 'left') : null;
  const scope = model.enclosingFunction(call);
  if (target?.type !== 'identifier' || !scope) return false;
  return model.nodesWithin('call', call.endIndex, scope.endIndex).some((test) => {
    const [first] = callArguments(test).positional;
    return !!first && unparenthesize(first).text === target.text && AWAITABLE_TESTS.has(model.qualifiedName(field(test, 'function') ?? test) ?? '');
  });
}

/** Where a generator's name is iterated, and how to show it: `next(routes)`, `for route in routes`, `list(routes)`. */
function iteratingUse(name: SyntaxNode): { node: SyntaxNode; label: string } {
  const node = outermostParenthesized(name);
  const parent = node.parent;
  if (parent?.type === 'argument_list' && parent.parent) return { node: parent.parent, label: codeLabel(parent.parent) };
  const target = parent && (parent.type === 'for_statement' || parent.type === 'for_in_clause') ? field(parent, 'left') : null;
  return { node, label: target ? `for ${codeLabel(target)} in ${codeLabel(node)}` : codeLabel(node) };
}
