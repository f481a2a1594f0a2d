import { endOf, moduleAttribute, replaceNode, startOf } from '../fixes/edits';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { callsNamed } from '../semantic/callIndex';
import type { SemanticModel } from '../semantic/model';
import { field, namedChildren, unparenthesize } from '../syntax';
import type { Fix, TextEdit } from '../types';
import { decoratorsOf } from './helpers/functions';
import { runsOnlyBefore } from './helpers/versionGuards';
import type { Rule, RuleContext } from './rule';

/** High-level asyncio APIs whose `loop` parameter Python 3.10 removed (a TypeError since). */
const LOOP_PARAMETER_REMOVED = [
  'sleep', 'wait_for', 'wait', 'gather', 'shield', 'as_completed', 'open_connection', 'start_server',
  'open_unix_connection', 'start_unix_server', 'create_subprocess_exec', 'create_subprocess_shell', 'Queue',
  'LifoQueue', 'PriorityQueue', 'Lock', 'Event', 'Condition', 'Semaphore', 'BoundedSemaphore',
];
/** `asyncio.Task` class methods Python 3.9 removed: the module functions of the same names replace them. */
const TASK_CLASS_METHODS = new Set(['all_tasks', 'current_task']);
const NO_API = new Set<string>();

/**
 * AIO113: asyncio APIs that recent Pythons removed, which fail where the code runs on them: the
 * `@asyncio.coroutine` decorator (3.11, an AttributeError at import), `asyncio.Task.all_tasks()` and
 * `current_task()` (3.9), and the `loop` argument of the high-level functions and primitives (3.10, a
 * TypeError). Code under a version test that only older Pythons take is left alone.
 */
export const removedAsyncioApi: Rule = {
  codes: [{ code: 'AIO113', title: 'asyncio API removed from Python', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO113')) return;
    if (!context.model.source.includes('asyncio')) return;
    coroutineDecorators(context);
    taskClassMethods(context);
    loopArguments(context);
  },
};

function coroutineDecorators(context: RuleContext): void {
  const { model } = context;
  for (const definition of model.nodes('function_definition')) {
    for (const decorator of decoratorsOf(definition)) {
      const expression = namedChildren(decorator).find((child) => child.type !== 'comment');
      if (!expression || model.qualifiedName(expression) !== 'asyncio.coroutine' || runsOnlyBefore(decorator, [3, 11], NO_API, model)) continue;
      context.report({
        code: 'AIO113',
        node: decorator,
        message: t('`@asyncio.coroutine` was removed in Python 3.11 (an `AttributeError` when the module is imported): write `async def` and `await` instead of `yield from`.'),
        fixes: () => asyncDefFix(model, definition, decorator),
      });
    }
  }
}

/**
 * `@asyncio.coroutine def f(): x = yield from g()` → `async def f(): x = await g()`, when `yield from` is its only
 * yield; on an `async def`, the decorator goes.
 */
function asyncDefFix(model: SemanticModel, definition: SyntaxNode, decorator: SyntaxNode): Fix[] {
  const next = decorator.nextSibling;
  if (!next) return [];
  const dropDecorator: TextEdit = { range: { start: startOf(decorator), end: startOf(next) }, newText: '' };
  if (definition.firstChild?.type === 'async') return [{ title: t('Remove `@asyncio.coroutine`'), edits: [dropDecorator], isPreferred: true }];
  // `nodes('yield')` also holds the keyword tokens, which have no children.
  const yields = model.nodes('yield').filter((node) => node.children.length > 0 && model.scopes.enclosingScope(node).node.id === definition.id);
  const edits: TextEdit[] = [];
  for (const node of yields) {
    const from = node.children.find((child) => child.type === 'from');
    const operand = namedChildren(node).find((child) => child.type !== 'comment');
    if (!from || !operand) return [];
    edits.push({ range: { start: startOf(node), end: startOf(operand) }, newText: 'await ' });
  }
  edits.push(dropDecorator);
  edits.push({ range: { start: startOf(definition), end: startOf(definition) }, newText: 'async ' });
  return [{ title: t('Make it an `async def` with `await`'), edits, isPreferred: true }];
}

function taskClassMethods(context: RuleContext): void {
  const { model } = context;
  for (const call of callsNamed(model, TASK_CLASS_METHODS)) {
    const callee = field(call, 'function');
    const name = callee ? model.qualifiedName(callee) : undefined;
    const method = name?.startsWith('asyncio.Task.') ? name.slice('asyncio.Task.'.length) : undefined;
    if (!callee || !method || !TASK_CLASS_METHODS.has(method) || runsOnlyBefore(call, [3, 9], NO_API, model)) continue;
    context.report({
      code: 'AIO113',
      node: call,
      message: t('`asyncio.Task.{0}()` was removed in Python 3.9 (an `AttributeError`): use `asyncio.{0}()`.', method),
      fixes: () => {
        const replacement = moduleAttribute(model, 'asyncio', method, call);
        return [{ title: t('Replace with `asyncio.{0}()`', method), edits: [replaceNode(unparenthesize(callee), replacement.text), ...replacement.edits], isPreferred: true }];
      },
    });
  }
}

function loopArguments(context: RuleContext): void {
  const { model } = context;
  for (const call of callsNamed(model, LOOP_PARAMETER_REMOVED)) {
    const callee = field(call, 'function');
    const name = callee ? model.qualifiedName(callee) : undefined;
    if (!name?.startsWith('asyncio.') || !LOOP_PARAMETER_REMOVED.includes(name.slice('asyncio.'.length))) continue;
    const list = field(call, 'arguments');
    const loop = list ? namedChildren(list).find((child) => child.type === 'keyword_argument' && field(child, 'name')?.text === 'loop') : undefined;
    if (!list || !loop || runsOnlyBefore(call, [3, 10], NO_API, model)) continue;
    context.report({
      code: 'AIO113',
      node: loop,
      message: t('`{0}()` lost its `loop` parameter in Python 3.10 (a `TypeError`): leave it out, the running loop is used.', name),
      fixes: [{ title: t('Remove the `loop` argument'), edits: [removeArgument(list, loop)], isPreferred: true }],
    });
  }
}

/** The argument with the comma that joins it to its neighbour. */
function removeArgument(list: SyntaxNode, argument: SyntaxNode): TextEdit {
  const others = namedChildren(list).filter((child) => child.type !== 'comment');
  const index = others.findIndex((child) => child.id === argument.id);
  if (index > 0) return { range: { start: endOf(others[index - 1]), end: endOf(argument) }, newText: '' };
  if (others.length > 1) return { range: { start: startOf(argument), end: startOf(others[1]) }, newText: '' };
  return replaceNode(argument, '');
}
