import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { walkOwnFrame } from '../../semantic/references';
import { callArguments, caughtTypes, field, namedChildren, statements, unparenthesize } from '../../syntax';

/** Calls that end the process (the builtins `exit`/`quit` are tested apart: see `isExitBuiltin`). */
export const EXIT_CALLS: ReadonlySet<string> = new Set(['sys.exit', 'os._exit', 'os.abort']);
const EXIT_BUILTINS = new Set(['exit', 'quit']);
const LOOPS = new Set(['for_statement', 'while_statement']);
const FRAMES = new Set(['function_definition', 'lambda', 'class_definition']);
/** Calls that hand back the event loop (`asyncio.get_event_loop()`, Tornado's `IOLoop.current()`). */
const LOOP_GETTERS = /(^|\.)(get_event_loop|get_running_loop|IOLoop\.current|IOLoop\.instance)$/;
const CATCHES_EXIT = /^(SystemExit|BaseException|builtins\.(SystemExit|BaseException))$/;

type Ending = 'exit' | 'leave' | 'open';
const endings = new WeakMap<SemanticModel, Map<number, Ending[]>>();

/**
 * True when every path from `node` ends the process a few statements later, in the same function:
 * `if args.version: print(version()); sys.exit(0)`, or `loop.stop(); return` that ends the block (the
 * loop the program runs on stops: `if self.generate_config: self.write_config_file(); loop.stop(); return`).
 * A blocking call there runs once, as the program stops, and stalls nothing. Not when a loop around `node` may repeat it first, when a `return` or
 * `raise` may leave before the exit, or when a handler around the exit catches `SystemExit`.
 */
export function endsProcessAfter(node: SyntaxNode, model: SemanticModel): boolean {
  let child = node;
  let found = false;
  for (let parent = node.parent; parent && !FRAMES.has(parent.type); child = parent, parent = parent.parent) {
    if (!found && LOOPS.has(parent.type)) return false;
    if (parent.type === 'try_statement' && field(parent, 'body')?.id === child.id) {
      if (found && namedChildren(parent).some((clause) => clause.type === 'except_clause' && catchesExit(clause, model))) return false;
      continue;
    }
    if (found || parent.type !== 'block') continue;
    const list = statements(parent);
    const index = list.findIndex((statement) => statement.id === child.id);
    const ending = index < 0 ? 'open' : isExit(list[index], model) ? 'exit' : endingsOf(parent, model)[index + 1];
    if (ending === 'leave') return false;
    if (ending === 'exit') found = true;
  }
  return found;
}

/** For each position of a block, how the statements from there on end (the last entry: past the end). */
function endingsOf(block: SyntaxNode, model: SemanticModel): Ending[] {
  let byBlock = endings.get(model);
  if (!byBlock) endings.set(model, (byBlock = new Map()));
  let result = byBlock.get(block.id);
  if (!result) {
    const list = statements(block);
    result = new Array<Ending>(list.length + 1).fill('open');
    for (let index = list.length - 1; index >= 0; index--) {
      result[index] = isExit(list[index], model) || stopsLoopAndReturns(list, index, model) ? 'exit' : mayLeave(list[index]) ? 'leave' : result[index + 1];
    }
    byBlock.set(block.id, result);
  }
  return result;
}

function isExit(statement: SyntaxNode, model: SemanticModel): boolean {
  if (statement.type === 'raise_statement') {
    const raised = namedChildren(statement)[0];
    const target = raised ? unparenthesize(raised) : undefined;
    const type = target?.type === 'call' ? field(target, 'function') : target;
    return !!type && /^(builtins\.)?SystemExit$/.test(model.qualifiedName(type) ?? type.text);
  }
  if (statement.type !== 'expression_statement') return false;
  const call = namedChildren(statement).map(unparenthesize)[0];
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  if (!callee) return false;
  return EXIT_CALLS.has(model.qualifiedName(callee) ?? '') || isExitBuiltin(callee, model);
}

/** `exit()` / `quit()` of the builtins, not a name the code binds. */
export function isExitBuiltin(callee: SyntaxNode, model: SemanticModel): boolean {
  return callee.type === 'identifier' && EXIT_BUILTINS.has(callee.text) && !model.lookup(callee.text, callee);
}

/** `loop.stop()` (or `asyncio.get_event_loop().stop()`) followed by a `return` that ends the block. */
function stopsLoopAndReturns(list: SyntaxNode[], index: number, model: SemanticModel): boolean {
  if (index + 2 !== list.length || list[index + 1].type !== 'return_statement' || list[index].type !== 'expression_statement') return false;
  const call = namedChildren(list[index]).map(unparenthesize)[0];
  const callee = call?.type === 'call' && callArguments(call).positional.length === 0 ? field(call, 'function') : null;
  if (callee?.type !== 'attribute' || field(callee, 'attribute')?.text !== 'stop') return false;
  let loop = unparenthesize(field(callee, 'object') ?? callee);
  if (loop.type === 'identifier') {
    const value = model.lookup(loop.text, loop)?.value;
    if (!value) return false;
    loop = unparenthesize(value);
  }
  const getter = loop.type === 'call' ? field(loop, 'function') : null;
  return !!getter && LOOP_GETTERS.test(model.qualifiedName(getter) ?? getter.text);
}

/** A `return` or `raise` anywhere in the statement (not in a nested def) may leave before the exit. */
function mayLeave(statement: SyntaxNode): boolean {
  if (statement.type === 'return_statement' || statement.type === 'raise_statement') return true;
  let found = false;
  walkOwnFrame(statement, (node) => {
    if (node.type === 'return_statement' || node.type === 'raise_statement') found = true;
    return !found;
  });
  return found;
}

function catchesExit(clause: SyntaxNode, model: SemanticModel): boolean {
  const types = caughtTypes(clause);
  return !types || types.some((type) => CATCHES_EXIT.test(model.qualifiedName(type) ?? type.text));
}
