import { insertAt, replaceNode, startOf } from '../fixes/edits';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { awaitableCall, possibleAwaitableCalls, type AwaitableCall } from '../semantic/awaitables';
import type { SemanticModel } from '../semantic/model';
import { calleeLabel, comparisonOperator, dottedText, field, isAsyncFunction, isCondition, namedChildren, outermostParenthesized } from '../syntax';
import { isNameRead, namesReadWithin } from '../semantic/references';
import { ignoringFunction } from './helpers/ignoredArguments';
import type { Fix } from '../types';
import type { Rule, RuleContext } from './rule';

/** The expression statement a call is, through parentheses (`f()`, `(f())`), and that outermost expression. */
function asStatement(call: SyntaxNode): { statement: SyntaxNode; expression: SyntaxNode } | undefined {
  const expression = outermostParenthesized(call);
  const statement = expression.parent;
  if (statement?.type !== 'expression_statement') return undefined;
  const parts = namedChildren(statement).filter((child) => child.type !== 'comment');
  return parts.length === 1 ? { statement, expression } : undefined;
}

/** `[fetch(a), fetch(b)]` as a statement of its own: every element is dropped. */
function inDroppedCollection(call: SyntaxNode): boolean {
  const collection = outermostParenthesized(call).parent;
  if (!collection || !['list', 'tuple', 'set', 'expression_list'].includes(collection.type)) return false;
  const statement = outermostParenthesized(collection).parent;
  return statement?.type === 'expression_statement' && namedChildren(statement).filter((child) => child.type !== 'comment').length === 1;
}

/**
 * `c = fetch()` in a function that never reads `c` (nor a closure of it): the coroutine is dropped
 * with the frame. A module-level name is reported only for the module's own uses (`if result:`).
 */
const namesRead = new WeakMap<SemanticModel, Map<number, Set<string>>>();

/**
 * What becomes of a local a coroutine is assigned to in a function: never read (`unused`), or read only
 * as a condition, in a comparison or inside an f-string (`tested`: `word = self.check(text)` then `if word:`), where the
 * coroutine object is always true and never runs. Only for a name bound once in the function and read
 * by no nested function.
 */
function assignedAndLost(model: SemanticModel, call: SyntaxNode): { name: string; use: 'unused' | 'tested' | 'attribute'; attribute?: string } | undefined {
  const assignment = outermostParenthesized(call).parent;
  if (assignment?.type !== 'assignment' || field(assignment, 'right')?.id !== outermostParenthesized(call).id) return undefined;
  const target = field(assignment, 'left');
  if (target?.type !== 'identifier' || assignment.parent?.type !== 'expression_statement') return undefined;
  const scope = model.scopes.enclosingScope(assignment);
  // At module level only a name the module itself tests or reads an attribute of: another module may import it.
  const atModule = scope.kind === 'module';
  if ((!atModule && scope.kind !== 'function') || scope.globals.has(target.text) || scope.nonlocals.has(target.text)) return undefined;
  const body = atModule ? model.root : field(scope.node, 'body');
  if (!body) return undefined;
  let byFunction = namesRead.get(model);
  if (!byFunction) namesRead.set(model, (byFunction = new Map()));
  let read = byFunction.get(body.id);
  if (!read) byFunction.set(body.id, (read = namesReadWithin(body)));
  if (['locals', 'vars', 'eval', 'exec'].some((name) => read.has(name))) return undefined;
  if (!read.has(target.text)) return atModule ? undefined : { name: target.text, use: 'unused' };
  if (scope.bindings.get(target.text)?.length !== 1) return undefined;
  const reads = model.nodesWithin('identifier', body.startIndex, body.endIndex).filter((use) => use.text === target.text && isNameRead(use));
  const later = reads.every((use) => model.scopes.enclosingScope(use) === scope && use.startIndex > assignment.endIndex);
  if (!later) return undefined;
  // `if word:`, `f"{word}"`, or `if first == "":` (a value the coroutine object never equals; not `is None`, which
  // reads as a check of an optional result).
  const compared = (use: SyntaxNode) => {
    const comparison = outermostParenthesized(use).parent;
    return comparison?.type === 'comparison_operator' && !/\bis\b/.test(comparisonOperator(comparison));
  };
  const testedOnly = (use: SyntaxNode) => isCondition(use) || use.parent?.type === 'interpolation' || compared(use);
  if (reads.every(testedOnly)) return { name: target.text, use: 'tested' };
  // `file = photo.get_file()` then `file.download_to_drive()`: every read takes an attribute no coroutine has (or only
  // tests it: `if result:` then `result.get("pieces")`).
  // A subscript (`result["pieces"]`) fails as well (TypeError), once an attribute read has named the mistake.
  const subscripted = (use: SyntaxNode) => use.parent?.type === 'subscript' && field(use.parent, 'value')?.id === use.id;
  const attributes = reads.filter((use) => !testedOnly(use) && !subscripted(use)).map(missingAttributeOf);
  return attributes.length > 0 && attributes.every((name) => name !== undefined) ? { name: target.text, use: 'attribute', attribute: attributes[0] } : undefined;
}

/** `return fetch()` in an `async def`: the caller's `await` gives back the coroutine object, not its result. */
function returnedFromCoroutine(model: SemanticModel, call: SyntaxNode): SyntaxNode | undefined {
  const expression = outermostParenthesized(call);
  if (expression.parent?.type !== 'return_statement') return undefined;
  const definition = model.enclosingFunction(call);
  return definition && isAsyncFunction(definition) ? expression : undefined;
}

/** aiogram's types whose shortcuts (`message.answer(...)`) aiogram 3 makes plain methods returning a request object. */
const AIOGRAM_SHORTCUT_TYPES = ['aiogram.types.Message.', 'aiogram.types.CallbackQuery.'];
/** Imports only aiogram 3 has (aiogram 2 kept its filters and FSM under `aiogram.dispatcher`). */
const AIOGRAM_3 = /^aiogram\.(Router|F|filters|fsm|methods|enums|client)(\.|$)/;

/**
 * `return message.answer(...)` in a module of aiogram 3: the shortcut builds a request (`SendMessage`), and the
 * dispatcher sends one that a handler returns; in aiogram 2 it is a coroutine that nobody awaits.
 */
function returnsAiogramRequest(model: SemanticModel, awaitable: AwaitableCall): boolean {
  const method = awaitable.method;
  if (!method || !AIOGRAM_SHORTCUT_TYPES.some((type) => method.startsWith(type))) return false;
  return [...model.importedNames().values()].some((imported) => AIOGRAM_3.test(imported));
}

/** What a coroutine object has: anything else read off it raises AttributeError. */
const COROUTINE_ATTRIBUTES = new Set(['send', 'throw', 'close', 'cr_await', 'cr_frame', 'cr_running', 'cr_code', 'cr_origin', 'cr_suspended', '__await__', '__name__', '__qualname__', '__class__']);

/**
 * `fetch(url).get("Code")`: an attribute a coroutine object does not have, read off the call itself.
 * Only for a callee named by a dotted name (`self.api.fetch`): one resolved off another call's result
 * (`a().b().c()`) would cost a resolution down the whole chain at each of its links.
 */
function missingAttribute(call: SyntaxNode): string | undefined {
  const callee = field(call, 'function');
  return callee && dottedText(callee) !== undefined ? missingAttributeOf(call) : undefined;
}

/** `fetch(url)["token"]` (also as `await fetch(url)["token"]`): the subscript taken of the call itself. */
function subscriptOf(call: SyntaxNode): SyntaxNode | undefined {
  const holder = outermostParenthesized(call);
  const parent = holder.parent;
  return parent?.type === 'subscript' && field(parent, 'value')?.id === holder.id && dottedText(field(call, 'function') ?? call) !== undefined ? parent : undefined;
}

/** `await fetch(url)["token"]` → `(await fetch(url))["token"]`; `fetch(url)["token"]` → `(await fetch(url))["token"]`. */
function awaitBeforeSubscript(call: SyntaxNode, subscript: SyntaxNode): Fix[] {
  const holder = outermostParenthesized(call);
  const outer = outermostParenthesized(subscript).parent;
  const edits = [replaceNode(holder, `(await ${call.text})`)];
  // The `await` in front awaited the subscript: it moves onto the call.
  if (outer?.type === 'await') edits.unshift({ range: { start: startOf(outer), end: startOf(subscript) }, newText: '' });
  return [{ title: t('Await the call before indexing it'), edits, isPreferred: true }];
}

/** The attribute read off the value, when a coroutine object has none of that name. */
function missingAttributeOf(value: SyntaxNode): string | undefined {
  const node = outermostParenthesized(value);
  const parent = node.parent;
  if (parent?.type !== 'attribute' || field(parent, 'object')?.id !== node.id) return undefined;
  const name = field(parent, 'attribute')?.text;
  return name && !COROUTINE_ATTRIBUTES.has(name) ? name : undefined;
}

const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log']);
const SYNC_CONSUMERS = new Set(['builtins.print', 'builtins.str', 'builtins.repr', 'builtins.len', 'builtins.bool']);

/** `log.info(fetch())`, `print(fetch())`: handed to a sync function that only formats it. */
function syncConsumer(model: SemanticModel, call: SyntaxNode): string | undefined {
  const list = outermostParenthesized(call).parent;
  const consumer = list?.type === 'argument_list' ? list.parent : undefined;
  const callee = consumer?.type === 'call' ? consumer.childForFieldName('function') : null;
  if (!callee) return undefined;
  const name = model.qualifiedName(callee);
  if (name && (SYNC_CONSUMERS.has(name) || name.startsWith('logging.'))) return callee.text;
  if (callee.type !== 'attribute') return undefined;
  const method = callee.childForFieldName('attribute')?.text ?? '';
  const receiver = callee.childForFieldName('object')?.text ?? '';
  return LOG_METHODS.has(method) && /log/i.test(receiver.split('.').pop() ?? '') ? callee.text : undefined;
}

/** Keyword parameters that take text: a coroutine passed there is always a mistake (`KeyboardButton(text=phrase(...))`). */
const TEXT_KEYWORDS = new Set(['text', 'caption', 'title', 'description', 'label', 'placeholder', 'content', 'message_text', 'callback_data']);

/** `KeyboardButton(text=get_phrase(...))`: the call's keyword that takes text, as `KeyboardButton(text=…)`. */
function textKeyword(call: SyntaxNode): string | undefined {
  const node = outermostParenthesized(call);
  const argument = node.parent;
  if (argument?.type !== 'keyword_argument' || field(argument, 'value')?.id !== node.id) return undefined;
  const name = field(argument, 'name')?.text;
  const consumer = argument.parent?.type === 'argument_list' ? argument.parent.parent : undefined;
  const callee = consumer?.type === 'call' ? field(consumer, 'function') : null;
  if (!name || !TEXT_KEYWORDS.has(name) || !callee) return undefined;
  const label = dottedText(callee) ?? 'call';
  return `${label}(${name}=…)`;
}

/** `show(fetch())`, `show(text=fetch())`: an argument of a call. */
function isArgument(call: SyntaxNode): boolean {
  const parent = outermostParenthesized(call).parent;
  return parent?.type === 'argument_list' || (parent?.type === 'keyword_argument' && parent.parent?.type === 'argument_list');
}

/** `f"{get_phrase(...)}"`: formatted into a string. */
function isFormatted(call: SyntaxNode): boolean {
  return outermostParenthesized(call).parent?.type === 'interpolation';
}

/** `await` is valid before the statement only directly in an `async def` body (not in a syntax-error region). */
function awaitFix(model: SemanticModel, statement: SyntaxNode, expression: SyntaxNode): Fix[] {
  if (model.asyncContext(statement)?.type !== 'function_definition') return [];
  return [{ title: t('Insert `await`'), edits: [insertAt(startOf(expression), 'await ')], isPreferred: true }];
}

function message(isFuture: boolean, inAsync: boolean, label: string): string {
  if (isFuture) {
    return t('The future returned by `{0}(…)` is never awaited: its result and exceptions are lost. Await it, or keep a reference and check it later.', label);
  }
  if (inAsync) return t('Coroutine `{0}(…)` is created but never awaited, so it never runs: add `await`.', label);
  return t(
    'Coroutine `{0}(…)` is created but never awaited, so it never runs: await it inside an `async def`, or run it with `asyncio.run()` from synchronous code.',
    label,
  );
}

/**
 * AIO100: a coroutine (or an asyncio future) created and dropped: an expression statement, an
 * element of a collection that is itself a statement, a condition (`if fetch():`), an argument
 * of a call that only formats it (`print`, `str`, `log.info(...)`), a local never read or only
 * tested, the object of an attribute no coroutine has (`fetch(url).get("Code")`), or the value an
 * `async def` returns (`return fetch()`).
 */
export const coroutineNeverAwaited: Rule = {
  codes: [{ code: 'AIO100', title: 'Coroutine never awaited', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO100')) return;
    const { model } = context;
    for (const call of possibleAwaitableCalls(context)) {
      const found = asStatement(call);
      if (!found) {
        reportLostElsewhere(context, call);
        continue;
      }
      const awaitable = awaitableCall(context, call);
      if (!awaitable) continue;
      context.report({
        code: 'AIO100',
        node: call,
        message: message(awaitable.kind === 'future', model.isOnEventLoop(found.statement), calleeLabel(call)),
        fixes: () => awaitFix(model, found.statement, found.expression),
      });
    }
  },
};

/**
 * A coroutine as an operand of `not`, or left of `and`: only its truth is read, and a coroutine object is always
 * true (`tested`). Left of `or`, it is the value itself, which goes wherever the whole expression goes (`carrier`:
 * `result = embed() or []`).
 */
function booleanUse(call: SyntaxNode): { tested: true } | { carrier: SyntaxNode } | undefined {
  const operand = outermostParenthesized(call);
  const parent = operand.parent;
  if (parent?.type === 'not_operator') return { tested: true };
  if (parent?.type !== 'boolean_operator' || field(parent, 'left')?.id !== operand.id) return undefined;
  if (field(parent, 'operator')?.type === 'and') return { tested: true };
  let carrier = parent;
  for (let outer = outermostParenthesized(carrier).parent; outer?.type === 'boolean_operator'; outer = outermostParenthesized(carrier).parent) {
    if (field(outer, 'left')?.id !== outermostParenthesized(carrier).id || field(outer, 'operator')?.type !== 'or') break;
    carrier = outer;
  }
  return { carrier };
}

/** The other places a coroutine is created and lost: a dropped collection, a condition, a log call. */
function reportLostElsewhere(context: RuleContext, call: SyntaxNode): void {
  const { model } = context;
  const boolean = booleanUse(call);
  // `result = embed() or []` whose `result` goes on (returned, awaited later): the coroutine may run there.
  if (boolean && 'carrier' in boolean && !isCondition(call) && !asStatement(boolean.carrier) && assignedAndLost(model, boolean.carrier)?.use !== 'unused') return;
  const assigned = boolean ? undefined : assignedAndLost(model, call);
  const attribute = assigned || boolean ? undefined : missingAttribute(call);
  const subscript = assigned || attribute || boolean ? undefined : subscriptOf(call);
  const returned = assigned || attribute || subscript || boolean ? undefined : returnedFromCoroutine(model, call);
  const position = boolean
    ? 'condition'
    : assigned
      ? assigned.use
      : attribute
        ? 'attribute'
        : subscript
        ? 'subscript'
        : returned
          ? 'returned'
          : inDroppedCollection(call)
            ? 'collection'
            : isCondition(call)
              ? 'condition'
              : isFormatted(call)
                ? 'formatted'
                : undefined;
  let consumer = position ? undefined : (syncConsumer(model, call) ?? textKeyword(call));
  const passed = !position && !consumer && isArgument(call);
  if (!position && !consumer && !passed) return;
  const awaitable = awaitableCall(context, call);
  if (awaitable?.kind !== 'coroutine') return;
  if (passed) consumer = ignoringFunction(model, call, (owner, read) => !!syncConsumer(owner, read) || isFormatted(read) || !!textKeyword(read));
  if (!position && !consumer) return;
  if (position === 'returned' && returnsAiogramRequest(model, awaitable)) return;
  const label = calleeLabel(call);
  // Sync code (a script's module level, a plain def) cannot await: it runs the coroutine with `asyncio.run`.
  const canAwait = context.inRunningLoop || model.asyncContext(call)?.type === 'function_definition';
  if (assigned && !canAwait) {
    context.report({
      code: 'AIO100',
      node: call,
      message:
        position === 'unused'
          ? t('Coroutine `{0}(…)` is assigned to `{1}`, which is never used, so it never runs. This code is not a coroutine: run it (`{1} = asyncio.run({0}(…))`).', label, assigned.name)
          : position === 'tested'
          ? t('Coroutine `{0}(…)` is assigned to `{1}`, which is only tested, compared or formatted, never awaited: a coroutine object is always true and equal to nothing else, and the coroutine never runs. This code is not a coroutine: run it (`{1} = asyncio.run({0}(…))`).', label, assigned.name)
          : t('Coroutine `{0}(…)` is assigned to `{1}` without `await`, and `{1}.{2}` reads an attribute no coroutine has: AttributeError, and the coroutine never runs. This code is not a coroutine: run it (`{1} = asyncio.run({0}(…))`).', label, assigned.name, assigned.attribute!),
    });
    return;
  }
  context.report({
    code: 'AIO100',
    node: call,
    fixes: returned
      ? () => [{ title: t('Insert `await`'), edits: [insertAt(startOf(returned), 'await ')], isPreferred: true }]
      : subscript && canAwait
        ? () => awaitBeforeSubscript(call, subscript)
        : undefined,
    message:
      position === 'unused'
        ? t('Coroutine `{0}(…)` is assigned to `{1}`, which is never used, so it never runs: await it (`{1} = await {0}(…)`).', label, assigned!.name)
        : position === 'tested'
          ? t('Coroutine `{0}(…)` is assigned to `{1}`, which is only tested, compared or formatted, never awaited: a coroutine object is always true and equal to nothing else, and the coroutine never runs. Await it (`{1} = await {0}(…)`).', label, assigned!.name)
        : position === 'attribute' && assigned
          ? t('Coroutine `{0}(…)` is assigned to `{1}` without `await`, and `{1}.{2}` reads an attribute no coroutine has: AttributeError, and the coroutine never runs. Await it (`{1} = await {0}(…)`).', label, assigned.name, assigned.attribute!)
        : position === 'returned'
          ? t('Coroutine `{0}(…)` is returned from an `async def` without `await`: the caller\'s `await` gives back this coroutine object, not its result, and the coroutine runs only if someone awaits it a second time. Return its result: `return await {0}(…)`.', label)
        : position === 'attribute'
          ? t('Coroutine `{0}(…)` is used as an object without `await`: a coroutine has no attribute `{1}`, so this raises AttributeError, and the coroutine never runs. Await the call first: `(await {0}(…)).{1}`.', label, attribute!)
        : position === 'subscript'
          ? outermostParenthesized(subscript!).parent?.type === 'await'
            ? t('Coroutine `{0}(…)` is indexed before it is awaited (`await` binds looser than `[…]`): a coroutine cannot be indexed, so this raises TypeError, and the coroutine never runs. Await the call first: `(await {0}(…))[…]`.', label)
            : t('Coroutine `{0}(…)` is indexed without `await`: a coroutine cannot be indexed, so this raises TypeError, and the coroutine never runs. Await the call first: `(await {0}(…))[…]`.', label)
          : position === 'condition'
            ? t('Coroutine `{0}(…)` is tested as a condition without `await`: a coroutine object is always true, and it never runs. Add `await`.', label)
            : position === 'formatted'
              ? t('Coroutine `{0}(…)` is formatted into a string without `await`: the text shows the coroutine object, not its result, and the coroutine never runs. Add `await`.', label)
            : position === 'collection'
              ? t('Coroutine `{0}(…)` is created in a collection that is dropped, so it never runs: await it (or `asyncio.gather(...)` them).', label)
              : t('Coroutine `{0}(…)` is passed to `{1}` without `await`: `{1}` gets the coroutine object, and the coroutine never runs. Add `await`.', label, consumer!),
  });
}
