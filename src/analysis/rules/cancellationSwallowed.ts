import { endOf, insertAt, moduleAttribute, startOf } from '../fixes/edits';
import { indentationOf } from '../fixes/statements';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { blockOf, cancellationHandlers, type CriticalHandler, followHandler, isTrioCode } from '../semantic/reraisePaths';
import { field, namedChildren, statements } from '../syntax';
import type { Fix, TextEdit } from '../types';
import { awaitsOnlyCancelledTasks, frameworkHandler, handlerEndsCoroutine, lastStepOfTaskEntry, onlyShielded, taskEntryPoint } from './helpers/cancellationContext';
import { cancelledFlagGuard, keepsOnlyShieldedTaskCancellation, returnsResultOnCancellation, runsUntilCancelled, shieldedCleanupTask } from './helpers/designedCancellation';
import { awaitsOnlyEvaluatedCode } from './helpers/evaluatedCode';
import { finallyExitMessage, finallyExits, moveAfterTryFix } from './helpers/finallyExits';
import { handsOnCaught } from './helpers/returnedException';
import { referencesElsewhere } from './helpers/projectReferences';
import { programMainAt } from './helpers/soleCoroutine';
import { awaitsOnlySwallowingHelpers } from './helpers/swallowingHelpers';
import type { Rule } from './rule';

const UNCONDITIONAL_EXITS = new Set(['return_statement', 'raise_statement', 'break_statement', 'continue_statement']);

function handlerLabel(handler: CriticalHandler): string {
  if (handler.marker.type === 'except') return handler.isGroup ? 'except*:' : 'except:';
  return `${handler.isGroup ? 'except*' : 'except'} ${handler.marker.text}`;
}

/**
 * Appends `raise` to the handler, unless its last statement already leaves it (the `raise` would be dead code).
 * Preferred only when the handler catches nothing but the cancellation: appended to `except:` or
 * `except (OSError, CancelledError):`, it would re-raise everything else the handler was written to absorb.
 */
function appendRaiseFix(model: SemanticModel, handler: CriticalHandler): Fix[] {
  const preferred = handler.kind === 'cancelled' && (!inTuple(handler) || othersEndTheProgram(handler));
  const body = statements(blockOf(handler.clause));
  const last = body[body.length - 1];
  if (!last || UNCONDITIONAL_EXITS.has(last.type)) return [];
  const oneLine = body[0].startPosition.row === handler.clause.startPosition.row;
  const edit = oneLine
    ? insertAt(endOf(last), '; raise')
    : insertAt({ line: last.endPosition.row, character: model.lineText(last.endPosition.row).length }, `\n${indentationOf(model, body[0])}raise`);
  return [{ title: t('Re-raise at the end of the handler'), edits: [edit], isPreferred: preferred }];
}

/** The fixes that make a handler re-raise the cancellation, the one that changes least first. */
function reraiseFixes(model: SemanticModel, handler: CriticalHandler): Fix[] {
  return [...splitFromTupleFix(model, handler), ...reraiseCancellationFirstFix(model, handler), ...appendRaiseFix(model, handler)];
}

/** The cancellation is one element of a tuple of exceptions (`except (OSError, asyncio.CancelledError):`). */
function inTuple(handler: CriticalHandler): boolean {
  return handler.marker.parent?.type === 'tuple' && namedChildren(handler.marker.parent).filter((child) => child.type !== 'comment').length > 1;
}

/** Exceptions that stop the program, as the cancellation stops the task: re-raised after the clean-up as it is. */
const EXIT_EXCEPTIONS = new Set(['KeyboardInterrupt', 'SystemExit']);

/**
 * `except (asyncio.CancelledError, KeyboardInterrupt, SystemExit):` followed by the clean-up of a shutdown: every one
 * of them should end the program after the clean-up, so `raise` goes at the end. A handler of its own before would
 * skip the clean-up on Ctrl+C (under `asyncio.run` it arrives as the main task's cancellation).
 */
function othersEndTheProgram(handler: CriticalHandler): boolean {
  const elements = namedChildren(handler.marker.parent!).filter((child) => child.type !== 'comment' && child.id !== handler.marker.id);
  return elements.every((element) => EXIT_EXCEPTIONS.has(element.text.slice(element.text.lastIndexOf('.') + 1)));
}

/** `except CancelledError: raise` written before the clause, as a handler of its own (`except*` for a group). */
function ownHandlerBefore(model: SemanticModel, handler: CriticalHandler, exception: string): TextEdit | undefined {
  const body = statements(blockOf(handler.clause));
  if (body.length === 0) return undefined;
  const keyword = handler.isGroup ? 'except*' : 'except';
  const oneLine = body[0].startPosition.row === handler.clause.startPosition.row;
  const separator = oneLine ? ' ' : `\n${indentationOf(model, body[0])}`;
  return insertAt(startOf(handler.clause), `${keyword} ${exception}:${separator}raise\n${indentationOf(model, handler.clause)}`);
}

/**
 * `except (OSError, CancelledError):` becomes `except CancelledError: raise` followed by `except OSError:`, which
 * keeps handling the other exceptions as before.
 */
function splitFromTupleFix(model: SemanticModel, handler: CriticalHandler): Fix[] {
  if (handler.kind !== 'cancelled' || !inTuple(handler)) return [];
  const elements = namedChildren(handler.marker.parent!).filter((child) => child.type !== 'comment');
  const index = elements.findIndex((element) => element.id === handler.marker.id);
  const own = ownHandlerBefore(model, handler, handler.marker.text);
  if (index < 0 || !own) return [];
  // One exception left: written bare. Else the element goes with the comma after it, or the last one with the comma before it.
  const tuple = handler.marker.parent!;
  const removal: TextEdit =
    elements.length === 2 && tuple.text.startsWith('(')
      ? { range: { start: startOf(tuple), end: endOf(tuple) }, newText: elements[1 - index].text }
      : index < elements.length - 1
      ? { range: { start: startOf(elements[index]), end: startOf(elements[index + 1]) }, newText: '' }
      : { range: { start: endOf(elements[index - 1]), end: endOf(elements[index]) }, newText: '' };
  return [{ title: t('Re-raise {0} in a handler of its own before this one', handler.marker.text), edits: [own, removal], isPreferred: !othersEndTheProgram(handler) }];
}

/** Inserts `except asyncio.CancelledError: raise` before a catch-all handler, which then keeps handling everything else. */
function reraiseCancellationFirstFix(model: SemanticModel, handler: CriticalHandler): Fix[] {
  if (handler.kind !== 'catch-all') return [];
  const cancelled = moduleAttribute(model, 'asyncio', 'CancelledError', handler.clause);
  const own = ownHandlerBefore(model, handler, cancelled.text);
  return own ? [{ title: t('Re-raise cancellation in a handler of its own before this one'), edits: [own, ...cancelled.edits], isPreferred: true }] : [];
}

/** The parameters of the `__aexit__` / `__exit__` around a node, or undefined elsewhere. */
function exitMethodParameters(model: SemanticModel, node: SyntaxNode): string[] | undefined {
  const definition = model.enclosingFunction(node);
  const name = definition ? field(definition, 'name')?.text : undefined;
  if (!definition || (name !== '__aexit__' && name !== '__exit__')) return undefined;
  return namedChildren(field(definition, 'parameters') ?? definition).map((parameter) => parameter.text);
}

/** `caught is value` (`is not`, with `negated`) where `value` is a parameter of the exit method. */
function comparesWithParameter(condition: SyntaxNode | null, caught: string, parameters: string[], negated: boolean): boolean {
  const parts = condition?.type === 'comparison_operator' ? namedChildren(condition) : [];
  const test = negated ? /^\s*\S+\s+is\s+not\s+\S+\s*$/ : /^\s*\S+\s+is\s+\S+\s*$/;
  return (
    condition !== null &&
    test.test(condition.text) &&
    parts.length === 2 &&
    parts.some((part) => part.text === caught) &&
    parts.some((part) => parameters.includes(part.text))
  );
}

/**
 * In `__aexit__(self, typ, value, tb)` (or `__exit__`), `if exc is value: return False` where `exc` is
 * the caught exception: returning a false value lets the exception passed in — the very one caught —
 * go on propagating. Nothing is swallowed.
 */
function propagatesFromExit(model: SemanticModel, handler: CriticalHandler, exit: SyntaxNode): boolean {
  if (exit.type !== 'return_statement' || !handler.caughtName) return false;
  const value = namedChildren(exit)[0];
  if (value && value.type !== 'false' && value.type !== 'none') return false;
  const parameters = exitMethodParameters(model, exit);
  if (!parameters) return false;
  for (let node = exit.parent; node && node.id !== handler.clause.id; node = node.parent) {
    if (node.type === 'if_statement' && comparesWithParameter(field(node, 'condition'), handler.caughtName, parameters, false)) return true;
  }
  return false;
}


/**
 * The same in its other form, contextlib's own: `except BaseException as exc: if exc is not value:
 * raise` as the last statement of the exit method. The path that falls off the end returns `None`,
 * and the `with` statement re-raises the exception passed in, the one caught.
 */
function fallsOffExit(model: SemanticModel, handler: CriticalHandler): boolean {
  const parameters = exitMethodParameters(model, handler.clause);
  const last = statements(blockOf(handler.clause)).at(-1);
  if (!parameters || !handler.caughtName || last?.type !== 'if_statement' || field(last, 'alternative')) return false;
  if (!comparesWithParameter(field(last, 'condition'), handler.caughtName, parameters, true)) return false;
  if (statements(field(last, 'consequence')).at(-1)?.type !== 'raise_statement') return false;
  for (let node: SyntaxNode = handler.clause.parent!; ; ) {
    const block = node.parent;
    if (block?.type !== 'block' || statements(block).at(-1)?.id !== node.id) return false;
    const owner = block.parent;
    if (owner?.type === 'function_definition') return true;
    if (owner?.type === 'if_statement' || owner?.type === 'with_statement') node = owner;
    else if ((owner?.type === 'elif_clause' || owner?.type === 'else_clause') && owner.parent?.type === 'if_statement') node = owner.parent;
    else return false;
  }
}

/**
 * ASYNC103 / ASYNC104 (S7497): in a coroutine, a handler that catches `asyncio.CancelledError`
 * (bare `except:`, `BaseException`, `CancelledError` itself) must re-raise it on every path. One
 * finding per handler: ASYNC104 at its first improper exit if it has one, else ASYNC103. Not
 * reported when the `try` only awaits tasks cancelled just before (`task.cancel()` then
 * `await task`: the documented way to stop a task), nor when it only awaits workspace coroutines
 * that swallow any cancellation themselves (reported there, where it lands). Information, not
 * warning, when the coroutine only runs as a task of its own and the handler ends it: the task then
 * finishes instead of ending cancelled, which matters only to code that inspects it. So too for a
 * service loop that only its cancellation ends (an endless loop with no `return`, maybe inside `with`
 * blocks), whatever starts it: it is built to run as a task, often started in another module. Information
 * too when the `try` only awaits code run with `eval`/`exec` (a REPL showing its user's errors).
 * A workspace helper the handler runs that raises the cancellation on every path re-raises it; on
 * some paths only: information. Information also when the handler leaves only under a test of its
 * own scope's cancelled flag (`if message.cancelled: return`), or returns the result of a coroutine
 * that can end no other way (a collector stopped by `task.cancel()`, then `result = await task`),
 * or is the shielded clean-up loop of a `finally` (`while not t.done(): await shield(t)`), which
 * delays the task's cancellation without losing it. The program's main coroutine counts as a task's
 * own: also when its program picks it through `set_defaults(func=F)` or a dispatch function. Not
 * reported when the `try` awaits `asyncio.shield(t)` and the handler keeps the cancellation only when
 * `t.cancelled()` (re-raising otherwise): the shield leaves `t` alone when this task is cancelled, so
 * that cancellation is re-raised. Information when the handler hands the caught exception on as a
 * value (`return err`, `return Outcome(error=err)`, `fut.set_exception(err)`): the receiver must raise
 * it. Not reported in a coroutine whose only references call it as the argument of
 * `asyncio.shield(...)`: its inner task is cancelled by nobody.
 */
export const cancellationSwallowed: Rule = {
  codes: [
    { code: 'ASYNC103', title: 'Cancellation caught and not re-raised', defaultSeverity: 'warning', aliases: ['S7497'] },
    { code: 'ASYNC104', title: 'Handler that catches cancellation exits without re-raising', defaultSeverity: 'warning', aliases: ['S7497'] },
  ],
  check(context) {
    const check103 = context.isEnabled('ASYNC103');
    const check104 = context.isEnabled('ASYNC104');
    if (!check103 && !check104) return;
    const { model } = context;
    if (isTrioCode(model)) return;
    for (const tryStatement of model.nodes('try_statement')) {
      if (!model.isOnEventLoop(tryStatement)) continue;
      const body = field(tryStatement, 'body');
      if (body && (awaitsOnlyCancelledTasks(body, tryStatement) || awaitsOnlySwallowingHelpers(model, body))) continue;
      // The inner task of `asyncio.shield(f(...))` only: no caller's cancellation can reach it.
      if (onlyShielded(model, tryStatement)) continue;
      if (check104) {
        for (const exit of finallyExits(tryStatement)) {
          context.report({ code: 'ASYNC104', node: exit, message: finallyExitMessage(exit), fixes: () => moveAfterTryFix(model, exit, tryStatement) });
        }
      }
      for (const handler of cancellationHandlers(model, tryStatement)) {
        const paths = followHandler(model, handler);
        const exit = check104 ? paths.improperExits.find((candidate) => !propagatesFromExit(model, handler, candidate)) : undefined;
        if (!exit && !(check103 && paths.fallsThrough && !fallsOffExit(model, handler))) continue;
        if (keepsOnlyShieldedTaskCancellation(model, tryStatement, handler.clause, paths)) continue;
        // `preferFix` false: none of the fixes is applied by fix-all (the program's main coroutine, see below).
        const reportInformation = (message: string, preferFix = true) =>
          context.report({
            code: exit ? 'ASYNC104' : 'ASYNC103',
            node: exit ?? handler.marker,
            severity: 'information',
            message,
            fixes: () => (exit ? [] : reraiseFixes(model, handler).map((fix) => (preferFix ? fix : { ...fix, isPreferred: false }))),
          });
        const cleanup = shieldedCleanupTask(model, tryStatement, handler.clause);
        if (cleanup) {
          reportInformation(
            t(
              'This loop in a `finally` waits for `{0}` in full: when the task was cancelled, the `finally` re-raises that cancellation once `{0}` is done, and only a cancellation arriving during the clean-up is absorbed. The cost is that cancelling the task again does not stop the wait, and after a normal end a cancellation during the clean-up is lost.',
              cleanup.text,
            ),
          );
          continue;
        }
        const main = programMainAt(context, tryStatement);
        const task = taskEntryPoint(model, tryStatement) ?? main;
        if (task !== undefined && handlerEndsCoroutine(handler.clause, tryStatement, task)) {
          // The program's main coroutine ending normally on Ctrl+C is often the point: `asyncio.run` returns and the
          // clean-up after it runs. Re-raising would turn that into a traceback, so no fix is applied unasked.
          reportInformation(
            t(
              '`{0}` runs only as a task of its own here, and this handler ends it when it is cancelled: the task finishes normally instead of ending cancelled, so code that awaits it or checks `task.cancelled()` cannot tell. Re-raise unless that is intended.',
              field(task, 'name')?.text ?? '',
            ),
            main?.id !== task.id,
          );
          continue;
        }
        const { modules, file } = context;
        const elsewhere = modules && file ? (definition: SyntaxNode) => referencesElsewhere(modules, file, model, definition)?.map((reference) => reference.node) : undefined;
        const registered = frameworkHandler(model, tryStatement, elsewhere);
        if (registered && handlerEndsCoroutine(handler.clause, tryStatement, registered.handler)) {
          const name = field(registered.handler, 'name')?.text ?? '';
          reportInformation(
            registered.decorator
              ? t(
                  '`{0}` is a handler that `@{1}` registers: the framework runs it as the top-level coroutine of a task for each request or event, and nothing here calls it. This handler ends it when it is cancelled, so the framework sees a normal return instead of a cancellation (at shutdown, or when the request is dropped). Re-raise unless that is intended.',
                  name,
                  registered.decorator,
                )
              : t(
                  '`{0}` is a handler that `{1}(…)` registers: the framework runs it as the top-level coroutine of a task for each request or event, and nothing calls it. This handler ends it when it is cancelled, so the framework sees a normal return instead of a cancellation (at shutdown, or when the update is dropped). Re-raise unless that is intended.',
                  name,
                  registered.registrar ?? '',
                ),
          );
          continue;
        }
        const step = lastStepOfTaskEntry(model, tryStatement);
        if (step && handlerEndsCoroutine(handler.clause, tryStatement, step.coroutine)) {
          reportInformation(
            t(
              '`{0}` runs here only as the last step of `{1}`, which runs only as a task of its own, and this handler ends both when the task is cancelled: the task finishes normally instead of ending cancelled, so code that awaits it or checks `task.cancelled()` cannot tell. Re-raise unless that is intended.',
              field(step.coroutine, 'name')?.text ?? '',
              field(step.entry, 'name')?.text ?? '',
            ),
          );
          continue;
        }
        const coroutine = model.enclosingFunction(tryStatement);
        const convertsCancellation = paths.improperExits.some((candidate) => candidate.type === 'raise_statement');
        if (coroutine && !convertsCancellation && runsUntilCancelled(tryStatement) && handlerEndsCoroutine(handler.clause, tryStatement, coroutine)) {
          reportInformation(
            t(
              '`{0}` can end only by being cancelled (its `try` runs an endless loop), and this handler then ends it: a service loop run as a background task, whose task finishes normally instead of ending cancelled. A caller that awaits it directly would have its own cancellation swallowed: run it as a task, or re-raise.',
              field(coroutine, 'name')?.text ?? '',
            ),
          );
          continue;
        }
        if (body && awaitsOnlyEvaluatedCode(model, body)) {
          reportInformation(
            t(
              '`{0}` catches everything the code run with `eval`/`exec` raises, its own `CancelledError` included, as a REPL shows its user\'s errors; but a cancellation of this task from outside is swallowed too. On Python 3.11+, re-raise when `asyncio.current_task().cancelling()` is not zero.',
              handlerLabel(handler),
            ),
          );
          continue;
        }
        const flags = exit && !paths.fallsThrough ? paths.improperExits.map((candidate) => cancelledFlagGuard(candidate, handler.clause)) : [];
        if (flags.length > 0 && flags.every((flag) => flag !== undefined)) {
          reportInformation(
            t(
              'This handler leaves without re-raising only when `{0}` is set: the code tells a cancellation of its own scope (a request it was asked to cancel) from one that comes from outside, which it re-raises. Make sure `{0}` is set only when this very scope is cancelled.',
              flags[0]!.text,
            ),
          );
          continue;
        }
        if (exit && paths.improperExits.every((candidate) => returnsResultOnCancellation(tryStatement, candidate))) {
          reportInformation(
            t(
              '`{0}` can end only by being cancelled (its `try` ends in an endless loop), and this handler then returns its result: being cancelled is its designed end, as in `task.cancel()` then `result = await task`. A cancellation of a caller that awaits it directly is swallowed the same way.',
              field(model.enclosingFunction(tryStatement) ?? tryStatement, 'name')?.text ?? '',
            ),
          );
          continue;
        }
        const handed = handsOnCaught(handler.clause, handler.caughtName, paths.improperExits, paths.fallsThrough);
        if (handed) {
          reportInformation(
            t(
              'This handler hands the caught `{0}` on as a value (returned or stored) instead of re-raising it: a cancellation is not lost only if whoever receives that value raises it again. Make sure every receiver does, or re-raise here.',
              handed,
            ),
          );
          continue;
        }
        if (exit) {
          const keyword = exit.type === 'raise_statement' ? 'raise' : exit.type === 'yield' ? 'yield' : exit.type.replace('_statement', '');
          context.report({
            code: 'ASYNC104',
            node: exit,
            message:
              keyword === 'raise'
                ? t(
                    'This `raise` replaces a caught cancellation with another exception: the task can no longer be cancelled cleanly. Re-raise the cancellation with a bare `raise` (handle other exceptions in a separate handler).',
                  )
                : t('`{0}` leaves a handler that caught a cancellation without re-raising it: the task can no longer be cancelled. Re-raise with a bare `raise`.', keyword),
          });
          continue;
        }
        const label = handlerLabel(handler);
        if (paths.unlessRaisedBy) {
          context.report({
            code: 'ASYNC103',
            node: handler.marker,
            severity: 'information',
            message: t(
              '`{0}` may swallow the cancellation unless `{1}` raises it: `{1}` raises `CancelledError` on some of its paths only, and on the others the handler ends without re-raising. End the handler with `raise` if the cancellation must always propagate.',
              label,
              paths.unlessRaisedBy,
            ),
            fixes: () => reraiseFixes(model, handler),
          });
          continue;
        }
        context.report({
          code: 'ASYNC103',
          node: handler.marker,
          message:
            handler.kind === 'cancelled'
              ? t('`{0}` has a path that does not re-raise: the task swallows its own cancellation. End every path with `raise`.', label)
              : t(
                  '`{0}` catches `asyncio.CancelledError` and has a path that does not re-raise it: the task swallows its own cancellation. End every path with `raise`, or add `except asyncio.CancelledError: raise` before it.',
                  label,
                ),
          fixes: () => reraiseFixes(model, handler),
        });
      }
    }
  },
};
