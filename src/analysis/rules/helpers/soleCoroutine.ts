import type { SyntaxNode } from '../../parser';
import type { Definition, SemanticModel } from '../../semantic/model';
import { isGeneratorFunction } from '../../semantic/references';
import { callArguments, field, isAsyncFunction, logicalParent, namedChildren, unparenthesize } from '../../syntax';
import { t } from '../../l10n';
import type { Report, RuleContext } from '../rule';
import { resolveDefinition } from './calledHelper';
import { decoratorsOf, isMethod } from './functions';

/**
 * A coroutine that is the only thing its event loop runs: what starts it, as written
 * (`asyncio.run(main())`, `parser.set_defaults(func=command)`), and whether it is a sub-command.
 */
export interface SoleRun {
  root: string;
  command: boolean;
}

/**
 * Calls that put work on the loop beside the running coroutine (their last dotted segment): tasks,
 * callbacks, servers. `wait` and `as_completed` only as asyncio's.
 */
const CONCURRENT_CALLS = new Set([
  'create_task', 'ensure_future', 'gather', 'Task', 'TaskGroup', 'create_task_group', 'open_nursery', 'start_soon',
  'spawn', 'start_server', 'start_unix_server', 'create_server', 'create_unix_server', 'create_datagram_endpoint',
  'serve', 'serve_forever', 'run_forever', 'run_app', 'AppRunner', 'ServerRunner', 'TCPSite', 'UnixSite', 'SockSite',
  'call_soon', 'call_later', 'call_at', 'call_soon_threadsafe', 'run_coroutine_threadsafe', 'add_reader', 'add_writer',
  'ws_connect',
]);
/**
 * Libraries whose connections keep tasks of their own on the loop (keep-alive pings, readers,
 * notification callbacks): blocking while one is open stalls them, so a module that imports one is
 * not followed as "nothing else runs".
 */
const BACKGROUND_LIBRARIES = ['websockets', 'asyncssh', 'aiomqtt', 'asyncio_mqtt', 'nats', 'aio_pika', 'aiormq', 'aiokafka', 'bleak', 'zeroconf', 'aiozmq'];
const CONCURRENT_QUALIFIED = new Set(['asyncio.wait', 'asyncio.as_completed']);
/** What code may do with a loop it made without running anything beside the coroutine it runs. */
const PRIVATE_LOOP_METHODS = new Set([
  'run_until_complete', 'close', 'is_closed', 'is_running', 'stop', 'set_debug', 'get_debug', 'shutdown_asyncgens',
  'shutdown_default_executor', 'run_in_executor', 'set_default_executor', 'set_exception_handler',
]);
/** How many workspace calls deep the call tree of a sole coroutine is followed; deeper is "unsure". */
const MAX_DEPTH = 10;
const MAX_FUNCTIONS = 300;

const cache = new WeakMap<RuleContext, Map<number, SoleRun>>();

/** The sole run of the coroutine that runs `node` on the event loop, if that coroutine is one. */
export function soleRunOf(context: RuleContext, node: SyntaxNode): SoleRun | undefined {
  const coroutine = context.model.asyncContext(node);
  if (!coroutine) return undefined;
  let sole = cache.get(context);
  if (!sole) {
    sole = soleCoroutines(context.model, context.file);
    cache.set(context, sole);
  }
  return sole.get(coroutine.id);
}

/**
 * A blocking-call finding at `node`: unchanged, or, inside a sole coroutine, information whose
 * message names what runs the coroutine alone (the blocking delays no other task yet). A cheap
 * call (`lighter`) is then a hint, one level below as always.
 */
export function blockingReport(context: RuleContext, node: SyntaxNode, message: string): Pick<Report, 'message' | 'severity'> {
  const run = soleRunOf(context, node);
  if (!run) return { message };
  return {
    severity: 'information',
    message: run.command
      ? t('{0} It blocks only its own loop: `{1}` makes this coroutine a command-line sub-command, which its program runs alone; a warning once other tasks share the loop.', message, run.root)
      : t('{0} It blocks only its own loop: `{1}` runs nothing else beside this coroutine now; a warning once other tasks share the loop.', message, run.root),
  };
}

type Use = { kind: 'root'; run: SoleRun; at: SyntaxNode } | { kind: 'awaited'; by: SyntaxNode } | { kind: 'other' };

/**
 * The module's sole coroutines: roots (run by `asyncio.run(F())` or `loop.run_until_complete(F())`
 * on a loop the code made, from sync code; registered through `set_defaults(func=F)`), then, to a
 * fixed point, coroutines only ever awaited from sole ones. Every reference to F in the module must
 * be one of these; a decorated F is never sole. A public module-level function or method of a module
 * that is not a program could be imported and awaited elsewhere, unseen: only its sub-command
 * registration (or, for a method, the `run()` of its own `Thread` subclass) makes it a root, and it
 * is not propagated to. A coroutine whose call tree starts concurrent work (or cannot be followed to
 * its end) is not sole, nor anything only it awaits.
 */
function soleCoroutines(model: SemanticModel, file: string | undefined): Map<number, SoleRun> {
  const program = isProgram(model, file);
  const candidates = new Map<SyntaxNode, { run?: SoleRun; awaitedBy: SyntaxNode[] }>();
  const definitions = model.nodes('function_definition').filter((node) => isAsyncFunction(node) && decoratorsOf(node).length === 0 && !isGeneratorFunction(node));
  const references = referencesByName(model, new Set(definitions.map((node) => field(node, 'name')?.text ?? '')));
  for (const definition of definitions) {
    const uses = usesOf(model, definition, references);
    if (uses.length === 0 || uses.some((use) => use.kind === 'other')) continue;
    const roots = uses.flatMap((use) => (use.kind === 'root' ? [use] : []));
    const awaitedBy = uses.flatMap((use) => (use.kind === 'awaited' ? [use.by] : []));
    const publicName = isPublic(model, definition, program);
    const root = roots.find((use) => !publicName || use.run.command || runByOwnThread(model, definition, use.at));
    if (roots.length > 0 ? !root : publicName) continue;
    candidates.set(definition, { run: root?.run, awaitedBy });
  }
  // The call tree is walked only for a coroutine whose every use is settled: few in a library module.
  const sole = new Map<number, SoleRun>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [definition, { run, awaitedBy }] of candidates) {
      if (awaitedBy.some((by) => !sole.has(by.id))) continue;
      candidates.delete(definition);
      if (startsConcurrentWork({ model, node: definition }, 0, new Map())) continue;
      sole.set(definition.id, run ?? sole.get(awaitedBy[0].id)!);
      changed = true;
    }
  }
  return sole;
}

/**
 * A reference to a coroutine's name: a bare name (`target`: the id of the definition it resolves to,
 * looked up once, when first asked), or `x.name` (`attribute`).
 */
interface NameReference {
  node: SyntaxNode;
  attribute: boolean;
  target?: number;
}

/**
 * The references of the module to each of `names`, sorted out once for all the definitions that
 * share a name (every class's `run`, every nested `one`). A keyword's name, or the name of a def or
 * class, is no reference.
 */
function referencesByName(model: SemanticModel, names: ReadonlySet<string>): Map<string, NameReference[]> {
  const found = new Map<string, NameReference[]>();
  for (const identifier of model.nodes('identifier')) {
    if (!names.has(identifier.text)) continue;
    const parent = identifier.parent;
    if ((parent?.type === 'keyword_argument' || parent?.type === 'function_definition' || parent?.type === 'class_definition') && field(parent, 'name')?.id === identifier.id) continue;
    const attribute = parent?.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id;
    const reference = { node: attribute ? parent : identifier, attribute };
    const list = found.get(identifier.text);
    if (list) list.push(reference);
    else found.set(identifier.text, [reference]);
  }
  return found;
}

/** How the module refers to a coroutine: by name, or for a method by any attribute of that name. */
function usesOf(model: SemanticModel, definition: SyntaxNode, references: Map<string, NameReference[]>): Use[] {
  const name = field(definition, 'name');
  if (!name) return [{ kind: 'other' }];
  const method = isMethod(definition);
  const uses: Use[] = [];
  for (const reference of references.get(name.text) ?? []) {
    if (reference.attribute) {
      if (method && !isOtherClassesOwn(reference.node, definition)) uses.push(useOf(model, reference.node, definition));
    } else if (method) {
      uses.push({ kind: 'other' });
    } else {
      reference.target ??= model.lookup(name.text, reference.node)?.node.id ?? -1;
      if (reference.target === definition.id) uses.push(useOf(model, reference.node, definition));
    }
  }
  return uses;
}

function useOf(model: SemanticModel, reference: SyntaxNode, definition: SyntaxNode): Use {
  const parent = logicalParent(reference);
  if (parent?.type === 'keyword_argument' && field(parent, 'name')?.text === 'func') {
    const call = parent.parent?.parent;
    const callee = call?.type === 'call' ? field(call, 'function') : null;
    if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'set_defaults') return { kind: 'root', run: { root: label(call!), command: true }, at: call! };
    return { kind: 'other' };
  }
  if (parent?.type !== 'call' || field(parent, 'function')?.id !== reference.id) return { kind: 'other' };
  if (reference.type === 'attribute' && !isOwnMethod(reference, definition)) return { kind: 'other' };
  if (model.isAwaited(parent)) {
    const by = model.asyncContext(parent);
    return by ? { kind: 'awaited', by } : { kind: 'other' };
  }
  const holder = logicalParent(parent);
  const runner = holder?.type === 'argument_list' && callArguments(holder.parent!).positional[0]?.id === parent.id ? holder.parent! : undefined;
  if (runner && !model.isOnEventLoop(runner) && runsOnFreshLoop(model, runner)) return { kind: 'root', run: { root: label(runner), command: false }, at: runner };
  return { kind: 'other' };
}

/** `self.f` in another class of the module that defines its own `f`. */
function isOtherClassesOwn(reference: SyntaxNode, definition: SyntaxNode): boolean {
  const owner = field(reference, 'object')?.text === 'self' ? enclosingClass(reference) : undefined;
  if (!owner || owner.id === enclosingClass(definition)?.id) return false;
  const name = field(reference, 'attribute')?.text;
  return namedChildren(field(owner, 'body') ?? owner).some((statement) => {
    const defined = statement.type === 'decorated_definition' ? field(statement, 'definition') : statement;
    return defined?.type === 'function_definition' && field(defined, 'name')?.text === name;
  });
}

/** `self.f` inside the class that defines `f`. */
function isOwnMethod(reference: SyntaxNode, definition: SyntaxNode): boolean {
  const object = field(reference, 'object');
  return object?.type === 'identifier' && object.text === 'self' && enclosingClass(reference)?.id === enclosingClass(definition)?.id;
}

/** `asyncio.run(...)`, or `loop.run_until_complete(...)` on a loop made by `asyncio.new_event_loop()`. */
function runsOnFreshLoop(model: SemanticModel, runner: SyntaxNode): boolean {
  const callee = field(runner, 'function');
  if (!callee) return false;
  if (model.qualifiedName(callee) === 'asyncio.run') return true;
  if (callee.type !== 'attribute' || field(callee, 'attribute')?.text !== 'run_until_complete') return false;
  const loop = field(callee, 'object');
  if (loop?.type === 'identifier') {
    const scope = model.scopes.enclosingScope(loop);
    const bindings = scope.bindings.get(loop.text) ?? [];
    return bindings.length > 0 && bindings.every((binding) => binding.kind === 'assignment' && isNewLoop(model, binding.value)) && loopKeptPrivate(model, scope.node, (node) => node.type === 'identifier' && node.text === loop.text);
  }
  const owner = enclosingClass(runner);
  if (loop?.type !== 'attribute' || !owner || field(loop, 'object')?.text !== 'self') return false;
  const attribute = field(loop, 'attribute')!.text;
  const isSelfLoop = (node: SyntaxNode) => node.type === 'attribute' && field(node, 'object')?.text === 'self' && field(node, 'attribute')?.text === attribute;
  const assigned = model.nodesWithin('assignment', owner.startIndex, owner.endIndex).filter((assignment) => isSelfLoop(unparenthesize(field(assignment, 'left') ?? assignment)));
  return assigned.length > 0 && assigned.every((assignment) => isNewLoop(model, field(assignment, 'right') ?? undefined)) && loopKeptPrivate(model, owner, isSelfLoop);
}

function isNewLoop(model: SemanticModel, value: SyntaxNode | undefined): boolean {
  const call = value ? unparenthesize(value) : undefined;
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  return !!callee && model.qualifiedName(callee) === 'asyncio.new_event_loop';
}

/** Within `scope`, the loop is only assigned, run, closed, or made the thread's current loop. */
function loopKeptPrivate(model: SemanticModel, scope: SyntaxNode, isLoop: (node: SyntaxNode) => boolean): boolean {
  for (const type of ['identifier', 'attribute']) {
    for (const node of model.nodesWithin(type, scope.startIndex, scope.endIndex)) {
      if (!isLoop(node)) continue;
      const parent = logicalParent(node);
      if (parent?.type === 'assignment' && field(parent, 'left')?.id === node.id) continue;
      if (parent?.type === 'attribute' && field(parent, 'object')?.id === node.id && PRIVATE_LOOP_METHODS.has(field(parent, 'attribute')?.text ?? '')) continue;
      const runner = parent?.type === 'argument_list' ? parent.parent : undefined;
      if (runner && model.qualifiedName(field(runner, 'function') ?? runner) === 'asyncio.set_event_loop') continue;
      return false;
    }
  }
  return true;
}

/**
 * Whether the call tree of a coroutine (its text, then the workspace functions and classes it calls,
 * to MAX_DEPTH) may put other work on its loop: a concurrent call, a coroutine made and not
 * awaited, a workspace coroutine function handed on as a value, a module that imports a library of
 * BACKGROUND_LIBRARIES; or a tree too deep to follow.
 */
function startsConcurrentWork({ model, node }: Definition, depth: number, visited: Map<SemanticModel, Set<number>>): boolean {
  const seen = visited.get(model) ?? visited.set(model, new Set()).get(model)!;
  if (seen.has(node.id)) return false;
  if (depth > MAX_DEPTH || [...visited.values()].reduce((sum, ids) => sum + ids.size, 0) >= MAX_FUNCTIONS) return true;
  seen.add(node.id);
  if (BACKGROUND_LIBRARIES.some((name) => model.importsModule(name))) return true;
  for (const call of model.nodesWithin('call', node.startIndex, node.endIndex)) {
    const callee = field(call, 'function');
    if (!callee) continue;
    const last = callee.type === 'attribute' ? field(callee, 'attribute')?.text : callee.text;
    if (CONCURRENT_CALLS.has(last ?? '') || CONCURRENT_QUALIFIED.has(model.qualifiedName(callee) ?? '')) return true;
    for (const value of [...callArguments(call).positional, ...callArguments(call).keywords.values()]) {
      const handed = value.type === 'identifier' || value.type === 'attribute' ? resolveDefinition(model, value)?.definition : undefined;
      if (handed && isCoroutineFunction(handed.node)) return true;
    }
    const target = resolveDefinition(model, unparenthesize(callee))?.definition;
    if (!target) continue;
    if (target.node.type === 'class_definition') {
      for (const method of ['__init__', '__aenter__']) {
        for (const found of target.model.methodDefinitions(target.node, method) ?? []) if (startsConcurrentWork(found, depth + 1, visited)) return true;
      }
      continue;
    }
    if (isCoroutineFunction(target.node) && !model.isAwaited(call)) return true;
    if (startsConcurrentWork(target, depth + 1, visited)) return true;
  }
  return false;
}

function isCoroutineFunction(node: SyntaxNode): boolean {
  return node.type === 'function_definition' && isAsyncFunction(node) && !isGeneratorFunction(node);
}

/** A module run as a program: `__main__.py`, or one with an `if __name__ == "__main__":` block. */
function isProgram(model: SemanticModel, file: string | undefined): boolean {
  if (file && /(^|[\\/])__main__\.py$/.test(file)) return true;
  return namedChildren(model.root).some((statement) => statement.type === 'if_statement' && /^__name__\s*==\s*['"]__main__['"]$/.test(unparenthesize(field(statement, 'condition') ?? statement).text));
}

/** Other modules could import it and await it on a loop of theirs: a public top-level function or method, outside a program. */
function isPublic(model: SemanticModel, definition: SyntaxNode, program: boolean): boolean {
  if (program || field(definition, 'name')?.text.startsWith('_')) return false;
  const scope = model.scopes.enclosingScope(definition);
  return scope.kind === 'module' || (scope.kind === 'class' && isMethod(definition));
}

/** A method run from the `run()` of its own class, a `threading.Thread` subclass: the thread's loop is its own. */
function runByOwnThread(model: SemanticModel, definition: SyntaxNode, runner: SyntaxNode): boolean {
  const owner = enclosingClass(definition);
  const superclasses = owner ? field(owner, 'superclasses') : null;
  if (!owner || !superclasses || !isMethod(definition) || enclosingClass(runner)?.id !== owner.id || enclosingFunctionName(runner) !== 'run') return false;
  return namedChildren(superclasses).some((base) => model.qualifiedName(base) === 'threading.Thread');
}

function enclosingFunctionName(node: SyntaxNode): string | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.type === 'function_definition') return field(parent, 'name')?.text;
  return undefined;
}

function enclosingClass(node: SyntaxNode): SyntaxNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.type === 'class_definition') return parent;
  return undefined;
}

function label(call: SyntaxNode): string {
  const text = call.text.replace(/\s*\n\s*/g, '').replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
