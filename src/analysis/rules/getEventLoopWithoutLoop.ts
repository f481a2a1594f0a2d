import { insertAt, moduleAttribute, replaceNode } from '../fixes/edits';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { callsNamed } from '../semantic/callIndex';
import type { SemanticModel } from '../semantic/model';
import { field, namedChildren, unparenthesize } from '../syntax';
import type { Fix } from '../types';
import { decoratorName, decoratorsOf } from './helpers/functions';
import { importSetsLoopBefore } from './helpers/importedLoopSetters';
import { type NameReference, referencesTo } from './helpers/nameReferences';
import type { Rule } from './rule';

const GET_EVENT_LOOP = new Set(['asyncio.get_event_loop', 'asyncio.events.get_event_loop']);
/** `nest_asyncio.apply()` patches `get_event_loop()` to create and set a loop when none is set. */
const SETS_THE_LOOP = new Set(['asyncio.set_event_loop', 'asyncio.events.set_event_loop', 'nest_asyncio.apply', ...GET_EVENT_LOOP]);
const SETTER_NAMES = ['set_event_loop', 'get_event_loop', 'apply'];
const STARTS_THE_LOOP = ['run_until_complete', 'run_forever'];

/**
 * AIO112: `asyncio.get_event_loop()` whose loop the code then starts (`run_until_complete`, `run_forever`),
 * with no loop set before it: no loop runs there, so since Python 3.14 the call raises `RuntimeError`
 * instead of creating one (3.12 and 3.13 warn). Only where the call provably runs first: module-level code
 * and the `if __name__ == "__main__":` block, a sync function that only module-level code calls, or a Celery task.
 */
export const getEventLoopWithoutLoop: Rule = {
  codes: [{ code: 'AIO112', title: 'asyncio.get_event_loop() with no event loop set', defaultSeverity: 'warning' }],
  check(context) {
    // A notebook cell runs inside the kernel's loop, which `get_event_loop()` returns (AIO111 says the rest).
    if (context.inRunningLoop || !context.isEnabled('AIO112')) return;
    const { model } = context;
    const calls = callsNamed(model, ['get_event_loop']);
    if (calls.length === 0) return;
    // Before Python 3.14 an earlier `get_event_loop()` set the loop it made, as `set_event_loop` does.
    const setters = callsNamed(model, SETTER_NAMES).filter((call) => SETS_THE_LOOP.has(model.qualifiedName(field(call, 'function') ?? call) ?? ''));
    const starts = callsNamed(model, STARTS_THE_LOOP);
    for (const call of calls) {
      const callee = field(call, 'function');
      if (!callee || !GET_EVENT_LOOP.has(model.qualifiedName(callee) ?? '') || hasArguments(call)) continue;
      if (setters.some((setter) => setsLoopBefore(model, setter, call))) continue;
      if (!runsBeforeAnyLoop(model, call, setters)) continue;
      const assigned = assignedName(call);
      const started = starts.some((start) => startsLoopOf(model, start, call, assigned));
      if (!started) continue;
      // `from client.app import main`, where that module's top level ran `loop = asyncio.get_event_loop()`.
      if (context.modules && context.file && importSetsLoopBefore(model, call, SETS_THE_LOOP, context.modules, context.file)) continue;
      const task = celeryTask(model, call);
      context.report({
        code: 'AIO112',
        node: call,
        message: task
          ? t(
              '`{0}()` in a Celery task: the worker sets no event loop, so it raises `RuntimeError` in a thread-pool worker, after an earlier task\'s `asyncio.run()` (which leaves none set) and, since Python 3.14, always. Run the coroutine with `asyncio.run(...)`.',
              unparenthesize(callee).text,
            )
          : t(
              '`{0}()` with no event loop set raises `RuntimeError` since Python 3.14 (3.12 and 3.13 warn): run the program with `asyncio.run(main())`, or create the loop with `asyncio.new_event_loop()` and set it with `asyncio.set_event_loop(loop)`.',
              unparenthesize(callee).text,
            ),
        // A new loop for each task would leak one loop per run: only `# noqa` for a task.
        fixes: assigned && !task ? () => newLoopFix(model, call, callee, assigned) : [],
      });
    }
  },
};

/**
 * The setter runs before the call: earlier in the call's own scope or in module-level code, or in a
 * function whose name that code mentions before the call (`setup()` and then the loop).
 */
function setsLoopBefore(model: SemanticModel, setter: SyntaxNode, call: SyntaxNode): boolean {
  if (setter.startIndex >= call.startIndex) return false;
  const scope = model.scopes.enclosingScope(setter);
  const callScope = model.scopes.enclosingScope(call).node.id;
  if (scope.kind === 'module' || scope.node.id === callScope) return true;
  const name = field(scope.node, 'name');
  const runsFirst = ({ node }: NameReference) => {
    const where = model.scopes.enclosingScope(node);
    return node.startIndex < call.startIndex && (where.kind === 'module' || where.node.id === callScope);
  };
  return !!name && referencesTo(model, name.text).some(runsFirst);
}

function celeryTask(model: SemanticModel, call: SyntaxNode): boolean {
  const scope = model.scopes.enclosingScope(call);
  return scope.kind === 'function' && model.isCeleryTask(scope.node);
}

function hasArguments(call: SyntaxNode): boolean {
  return namedChildren(field(call, 'arguments') ?? call).some((child) => child.type !== 'comment');
}

/**
 * Module-level code, a top-level sync def whose every use is a call made where no loop runs either (module-level code,
 * a command-line command, another such def: `exec_backup(...)` called only by a click command), or a sync Celery task
 * (its worker runs it in a process or thread where no loop is set, and an `asyncio.run` of an earlier task leaves none
 * set either).
 */
function runsBeforeAnyLoop(model: SemanticModel, call: SyntaxNode, setters: readonly SyntaxNode[]): boolean {
  return scopeRunsBeforeAnyLoop(model, call, setters, 0);
}

/** How many defs deep the callers are followed (`main()` → `run(args)` → `exec_backup(...)`). */
const MAX_CALLER_DEPTH = 3;

function scopeRunsBeforeAnyLoop(model: SemanticModel, node: SyntaxNode, setters: readonly SyntaxNode[], depth: number): boolean {
  const scope = model.scopes.enclosingScope(node);
  if (scope.kind === 'module') return true;
  const definition = scope.node;
  if (scope.kind !== 'function' || definition.firstChild?.type === 'async') return false;
  if (model.isCeleryTask(definition) || isCliCommand(model, definition)) return true;
  if (definition.parent?.type !== 'module' || depth >= MAX_CALLER_DEPTH) return false;
  const name = field(definition, 'name');
  if (!name) return false;
  const uses = referencesTo(model, name.text)
    .filter((reference) => !reference.attribute && model.lookup(name.text, reference.node)?.node.id === definition.id)
    .map((reference) => reference.node);
  // A calling def that sets a loop before the call (`asyncio.set_event_loop(loop)`, then `helper()`) gives it one.
  const calledFromNoLoop = (use: SyntaxNode) => {
    if (use.parent?.type !== 'call' || field(use.parent, 'function')?.id !== use.id) return false;
    const caller = model.scopes.enclosingScope(use);
    if (caller.kind === 'module') return true;
    return caller.node.id !== definition.id && !setters.some((setter) => setsLoopBefore(model, setter, use)) && scopeRunsBeforeAnyLoop(model, use, setters, depth + 1);
  };
  return uses.length > 0 && uses.every(calledFromNoLoop);
}

/**
 * A sync command of click or typer (`@click.command()`, `@cli.command()`, `@app.command()`): the library's
 * `main` calls it from the program's sync entry point, where no loop is set. Not asyncclick's, run on its loop.
 */
function isCliCommand(model: SemanticModel, definition: SyntaxNode): boolean {
  if (!(model.importsModule('click') || model.importsModule('typer')) || model.importsModule('asyncclick')) return false;
  return decoratorsOf(definition).some((decorator) => /(^|\.)(command|group|callback)$/.test(decoratorName(model, decorator) ?? ''));
}

/** `loop = asyncio.get_event_loop()`, a statement of its own: the name. */
function assignedName(call: SyntaxNode): SyntaxNode | undefined {
  const assignment = call.parent;
  if (assignment?.type !== 'assignment' || field(assignment, 'right')?.id !== call.id || assignment.parent?.type !== 'expression_statement') return undefined;
  const left = field(assignment, 'left');
  return left?.type === 'identifier' ? left : undefined;
}

/** `asyncio.get_event_loop().run_until_complete(…)`, or `loop.run_forever()` after `loop = asyncio.get_event_loop()` in the same scope. */
function startsLoopOf(model: SemanticModel, start: SyntaxNode, call: SyntaxNode, assigned: SyntaxNode | undefined): boolean {
  const callee = field(start, 'function');
  const object = callee?.type === 'attribute' ? field(callee, 'object') : null;
  if (!object || !STARTS_THE_LOOP.includes(field(callee!, 'attribute')?.text ?? '')) return false;
  const target = unparenthesize(object);
  if (target.id === call.id) return true;
  // `asyncio.get_event_loop().create_task(main())`, then `asyncio.get_event_loop().run_forever()`: the same loop.
  if (target.type === 'call' && target.startIndex > call.endIndex && GET_EVENT_LOOP.has(model.qualifiedName(field(target, 'function') ?? target) ?? '')) {
    return model.scopes.enclosingScope(start).node.id === model.scopes.enclosingScope(call).node.id;
  }
  if (!assigned || target.type !== 'identifier' || target.text !== assigned.text || start.startIndex < call.endIndex) return false;
  return model.scopes.enclosingScope(start).node.id === model.scopes.enclosingScope(call).node.id;
}

/** `loop = asyncio.get_event_loop()` → `loop = asyncio.new_event_loop()` and `asyncio.set_event_loop(loop)` below it, or both above an earlier call of the block. */
function newLoopFix(model: SemanticModel, call: SyntaxNode, callee: SyntaxNode, name: SyntaxNode): Fix[] {
  const statement = call.parent!.parent!;
  const newLoop = moduleAttribute(model, 'asyncio', 'new_event_loop', call);
  const setLoop = newLoop.text.replace(/new_event_loop$/, 'set_event_loop');
  // The line's own indentation, tabs kept: the statement may follow another after a `;`.
  const indent = /^[ \t]*/.exec(model.lineText(statement.startPosition.row))![0];
  const first = firstCallingStatementBefore(model, statement, name.text);
  const line = statement.startPosition.row;
  const edits = first
    ? // `start_server = websockets.serve(...)` before it took the loop `get_event_loop()` gave: the new loop is set first.
      [
        insertAt({ line: first.startPosition.row, character: 0 }, `${indent}${name.text} = ${newLoop.text}()\n${indent}${setLoop}(${name.text})\n`),
        { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' },
      ]
    : // After the line, so that a comment at its end stays with the statement it is about.
      [replaceNode(unparenthesize(callee), newLoop.text), insertAt({ line: statement.endPosition.row, character: model.lineText(statement.endPosition.row).length }, `\n${indent}${setLoop}(${name.text})`)];
  return [{ title: t('Create the loop with `new_event_loop()` and set it'), edits: [...edits, ...newLoop.edits], isPreferred: true }];
}

const NOT_RUN_HERE = new Set(['function_definition', 'class_definition', 'decorated_definition', 'import_statement', 'import_from_statement', 'future_import_statement']);

/**
 * The first statement before `statement` in its block that calls something, when `statement` is alone on its line
 * and none of them mentions `name`: what such a call makes (a legacy `websockets.serve(...)`, a queue) may take the
 * loop that `get_event_loop()` gives there, so the new loop is set before it.
 */
function firstCallingStatementBefore(model: SemanticModel, statement: SyntaxNode, name: string): SyntaxNode | undefined {
  const line = statement.startPosition.row;
  if (statement.endPosition.row !== line || model.lineText(line).trim() !== statement.text.trim()) return undefined;
  let first: SyntaxNode | undefined;
  for (let previous = statement.previousNamedSibling; previous; previous = previous.previousNamedSibling) {
    if (NOT_RUN_HERE.has(previous.type) || previous.type === 'comment') continue;
    if (model.nodesWithin('identifier', previous.startIndex, previous.endIndex).some((identifier) => identifier.text === name)) return undefined;
    if (model.nodesWithin('call', previous.startIndex, previous.endIndex).length > 0) first = previous;
  }
  return first && model.lineText(first.startPosition.row).slice(0, first.startPosition.column).trim() === '' ? first : undefined;
}
