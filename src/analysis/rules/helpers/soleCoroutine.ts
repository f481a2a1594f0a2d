import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import type { Binding, Scope } from '../../semantic/scopes';
import { isGeneratorFunction, walkOwnFrame } from '../../semantic/references';
import { callArguments, field, isAsyncFunction, isMainGuard, logicalParent, namedChildren, shortened, unparenthesize } from '../../syntax';
import { t } from '../../l10n';
import type { Report, RuleContext } from '../rule';
import type { LoadedModule, ModuleLoader } from '../../workspace';
import { isConcurrentCall, startsConcurrentWork } from './concurrentWork';
import { decoratorParts, decoratorsOf, isMethod } from './functions';
import { isolatedTestStep, keywordDecorator, loopRunningDecorator, loopRunningHelperCall, type TestStep } from './loopRunners';
import { phaseAt, type Phase } from './programPhases';
import { pytestTestRuns } from './pytestTests';
import { startupDecorator, startupHookCount, startupRegistration } from './startupHooks';
import { referencesByName, type NameReference } from './nameReferences';
import { baseName, calledMethod, enclosingClass, isTestModule, referencesElsewhere } from './projectReferences';
import { runsOnlyBefore } from './versionGuards';

/**
 * A coroutine that is the only thing its event loop runs: what starts it, as written
 * (`asyncio.run(main())`, `parser.set_defaults(func=command)`), and whether it is a sub-command.
 */
export interface SoleRun {
  root: string;
  command: boolean;
  /** Alone only in a phase of the program: before it starts other work, or after all of it joined. */
  phase?: Phase;
  /** Its decorator runs each call of it with `asyncio.run`. */
  decorated?: boolean;
  /** A Robot Framework keyword: Robot Framework runs it to its end before the next keyword. */
  keyword?: boolean;
  /** A test coroutine `IsolatedAsyncioTestCase` or pytest runs on a loop of its own. */
  test?: boolean;
  /** Where the run is, when another module of the project runs the coroutine: `__main__.py:33`. */
  site?: string;
  /** The module's one start-up hook, which its framework awaits before it serves anything. */
  startup?: boolean;
}

/** What code may do with an `asyncio.Runner` it made without running anything beside the coroutines it runs. */
const RUNNER_METHODS = new Set(['run', 'close']);

/** What code may do with a loop it made without running anything beside the coroutine it runs. */
const PRIVATE_LOOP_METHODS = new Set([
  'run_until_complete', 'close', 'is_closed', 'is_running', 'stop', 'set_debug', 'get_debug', 'shutdown_asyncgens',
  'shutdown_default_executor', 'run_in_executor', 'set_default_executor', 'set_exception_handler',
]);
/**
 * Coroutines their program runs alone on a loop: `sole` ones throughout (their `phase` is that of
 * the places they are awaited from), `phased` ones that start other work themselves, entered in `phase`.
 */
interface LoopOwners {
  sole: Map<number, SoleRun>;
  phased: Map<number, SoleRun & { phase: Phase }>;
  /** Roots only ever run as the program's main coroutine (never awaited), whatever they start. */
  roots: Map<number, SoleRun>;
}

const cache = new WeakMap<RuleContext, LoopOwners>();

function ownersOf(context: RuleContext): LoopOwners {
  let owners = cache.get(context);
  if (!owners) {
    owners = loopOwners(context.model, context.file, elsewhereOf(context));
    cache.set(context, owners);
  }
  return owners;
}

/** The other modules of the project, for the public coroutines they run: each module's own loop owners, found once per analysis. */
interface Elsewhere {
  modules: ModuleLoader;
  file: string;
  ownersOf(module: LoadedModule): LoopOwners;
}

function elsewhereOf(context: RuleContext): Elsewhere | undefined {
  const { modules, file } = context;
  if (!modules || !file) return undefined;
  const found = new Map<SemanticModel, LoopOwners>();
  return {
    modules,
    file,
    ownersOf(module) {
      let owners = found.get(module.model);
      if (!owners) found.set(module.model, (owners = loopOwners(module.model, module.file)));
      return owners;
    },
  };
}

/**
 * How the program runs `coroutine` as its main coroutine — `asyncio.run(F())`, a fresh loop's
 * `run_until_complete(F())`, `set_defaults(func=F)`, a dispatch function's pick — when that is its
 * only use (nothing awaits it), whether or not it starts other work.
 */
export function programRootOf(context: RuleContext, coroutine: SyntaxNode): SoleRun | undefined {
  return ownersOf(context).roots.get(coroutine.id);
}

/** The coroutine holding `node`, when its program runs it as its main coroutine only (see programRootOf). */
export function programMainAt(context: RuleContext, node: SyntaxNode): SyntaxNode | undefined {
  const coroutine = context.model.asyncContext(node);
  return coroutine && programRootOf(context, coroutine) ? coroutine : undefined;
}

/** The sole run of the coroutine that runs `node` on the event loop, if nothing else runs on its loop at `node`. */
export function soleRunOf(context: RuleContext, node: SyntaxNode): SoleRun | undefined {
  const coroutine = context.model.asyncContext(node);
  if (!coroutine) return undefined;
  const owners = ownersOf(context);
  const sole = owners.sole.get(coroutine.id);
  if (sole) return sole;
  const phased = owners.phased.get(coroutine.id);
  const phase = phased ? phaseAt(context.model, coroutine, node, phased.phase) : undefined;
  return phase ? { ...phased!, phase } : undefined;
}

/**
 * A blocking-call finding at `node`: unchanged, or, inside a sole coroutine, information whose
 * message names what runs the coroutine alone (the blocking delays no other task yet). A cheap
 * call (`lighter`) is then a hint, one level below as always.
 */
export function blockingReport(context: RuleContext, node: SyntaxNode, message: string): Pick<Report, 'message' | 'severity'> {
  const run = soleRunOf(context, node);
  if (!run) return { message };
  const alone = aloneMessage(message, run);
  return { severity: 'information', message: run.site ? t('{0} `{1}` is in {2}.', alone, run.root, run.site) : alone };
}

function aloneMessage(message: string, run: SoleRun): string {
  return (
    run.phase === 'start'
      ? t('{0} It blocks only its own loop: `{1}` runs this coroutine alone, and this runs before it starts any other work on that loop; a warning once other tasks run by then.', message, run.root)
      : run.phase === 'scheduled'
        ? t('{0} It blocks only its own loop: `{1}` runs this coroutine alone, and the tasks it has created so far first run at its next `await`, after this; a warning once other tasks run by then.', message, run.root)
      : run.phase === 'joined'
        ? t('{0} It blocks only its own loop: `{1}` runs this coroutine alone, and every task it started has ended by this point; a warning once other tasks still run here.', message, run.root)
        : run.test
      ? t('{0} It blocks only its own loop: `{1}` runs this test coroutine on a loop of its own, with nothing else on it; a warning once other tasks share the loop.', message, run.root)
        : run.keyword
      ? t('{0} It blocks only its own loop: `{1}` makes this coroutine a Robot Framework keyword, and Robot Framework runs one keyword at a time, each to its end; a warning once other tasks share the loop.', message, run.root)
        : run.decorated
      ? t('{0} It blocks only its own loop: `{1}` runs each call of this coroutine with `asyncio.run`, on a loop of its own; a warning once other tasks share the loop.', message, run.root)
        : run.startup
      ? t('{0} It blocks only its own loop: `{1}` makes this coroutine the program\'s one start-up hook, which runs before it serves anything; a warning once other tasks share the loop.', message, run.root)
        : run.command
      ? t('{0} It blocks only its own loop: `{1}` makes this coroutine a command-line sub-command, which its program runs alone; a warning once other tasks share the loop.', message, run.root)
      : t('{0} It blocks only its own loop: `{1}` runs nothing else beside this coroutine now; a warning once other tasks share the loop.', message, run.root)
  );
}

type Use = { kind: 'root'; run: SoleRun; at: SyntaxNode } | { kind: 'awaited'; by: SyntaxNode; at: SyntaxNode } | { kind: 'other' };

/**
 * The module's sole coroutines: roots (run by `asyncio.run(F())` or `loop.run_until_complete(F())`
 * on a loop the code made, from sync code; registered through `set_defaults(func=F)`; returned by a
 * dispatch function whose every call is so run, `func = pick(name)` then `asyncio.run(func(args))`;
 * passed as `F(...)` to a sync helper that runs that parameter with `asyncio.run`; decorated only by
 * a decorator that runs it with `asyncio.run`, a command), then, to a fixed point, coroutines only ever
 * awaited from sole ones (a method: on `self`, or on an object of its class when one of the two is private,
 * `shell = _Shell(); await shell.run()`). Every reference to F in the module must be one of these; an otherwise
 * decorated F is never sole; a use only Pythons before 3.7 reach does not count. A public module-level
 * function or method of a module that is not a program could be imported and awaited elsewhere: only a
 * root in its own module makes it sole (the module runs it as its program's main; measured on the holdout
 * sets, no true finding was lost), or every use the other modules of its project make of it (runsElsewhere);
 * it is not propagated to within its module. A coroutine whose call tree
 * starts concurrent work (or cannot be followed to its end) is not sole: a root is then phased (alone
 * before its first start and after joins), and a coroutine only awaited where its awaiters are alone is sole or phased in turn, in their phase.
 */
function loopOwners(model: SemanticModel, file: string | undefined, elsewhere?: Elsewhere): LoopOwners {
  const program = isProgram(model, file);
  const candidates = new Map<SyntaxNode, { run?: SoleRun; awaitedAt: Array<{ by: SyntaxNode; at: SyntaxNode }> }>();
  const runnersByDecorator = new Map<number, SoleRun & { at: SyntaxNode }>();
  let startsTasks: boolean | undefined;
  const pytestRuns = pytestTestRuns(model, file);
  const definitions = model.nodes('function_definition').filter((node) => {
    if (!isAsyncFunction(node) || isGeneratorFunction(node)) return false;
    const test = pytestRuns.get(node.id);
    if (test) {
      runnersByDecorator.set(node.id, { root: 'pytest', command: false, test: true, at: test });
      return true;
    }
    if (decoratorsOf(node).length === 0) return true;
    const runner = loopRunningDecorator(model, node);
    if (runner) runnersByDecorator.set(node.id, { root: label(runner), command: true, decorated: true, at: runner });
    const hook = runner ? undefined : startupDecorator(node);
    if (hook && startupHookCount(model) === 1) runnersByDecorator.set(node.id, { root: label(hook), command: false, startup: true, at: hook });
    const command = runner || hook ? undefined : asyncclickCommand(model, node);
    if (command) runnersByDecorator.set(node.id, { root: label(command), command: true, at: command });
    const keyword = runner || hook || command ? undefined : keywordDecorator(model, node);
    // A task one keyword of the library starts may still run while the next keyword blocks.
    if (keyword && !(startsTasks ??= model.nodes('call').some((call) => isConcurrentCall(model, call)))) {
      runnersByDecorator.set(node.id, { root: label(keyword), command: true, keyword: true, at: keyword });
    }
    return runnersByDecorator.has(node.id);
  });
  for (const [node, run] of isolatedTestRuns(model, definitions)) runnersByDecorator.set(node.id, run);
  const references = referencesByName(model, new Set(definitions.map((node) => field(node, 'name')?.text ?? '')));
  const mainRoots = new Map<number, SoleRun>();
  for (const definition of definitions) {
    const decorated = runnersByDecorator.get(definition.id);
    // The decorator registers it as a command (its every call runs on a loop of its own) or a keyword.
    const uses: Use[] = [];
    if (decorated) {
      const { at, ...run } = decorated;
      uses.push({ kind: 'root', run, at });
    }
    uses.push(...usesOf(model, definition, references));
    if (uses.some((use) => use.kind === 'other')) continue;
    const awaitedAt = uses.flatMap((use) => (use.kind === 'awaited' ? [use] : []));
    // A public coroutine that its own module runs as a root is that program's; without one, another module may await it:
    // it is alone only where every use the other modules of its project make of it is (one at least).
    let root = uses.find((use) => use.kind === 'root')?.run;
    let runsAsMain = root !== undefined && !root.test && !root.startup;
    if (!root && isPublic(model, definition, program)) {
      const external = elsewhere && runsElsewhere(elsewhere, model, definition);
      if (!external) continue;
      ({ run: root, runsAsMain } = external);
    }
    if (!root && uses.length === 0) continue;
    candidates.set(definition, { run: root, awaitedAt });
    if (root && runsAsMain && awaitedAt.length === 0) mainRoots.set(definition.id, root);
  }
  // The call tree is walked only for a coroutine whose every use is settled: few in a library module.
  const owners: LoopOwners = { sole: new Map(), phased: new Map(), roots: mainRoots };
  for (let changed = true; changed; ) {
    changed = false;
    for (const [definition, { run, awaitedAt }] of candidates) {
      if (awaitedAt.some(({ by }) => !owners.sole.has(by.id) && !owners.phased.has(by.id))) continue;
      candidates.delete(definition);
      const entered = enteredRun(model, owners, run, awaitedAt);
      if (!entered) continue;
      changed = true;
      if (!startsConcurrentWork({ model, node: definition }, 0, new Map())) owners.sole.set(definition.id, entered);
      else owners.phased.set(definition.id, { ...entered, phase: entered.phase ?? 'start' });
    }
  }
  return owners;
}

/**
 * The coroutines of `IsolatedAsyncioTestCase` classes that run alone: `asyncSetUp` always (phased by what it
 * starts itself), a test when `asyncSetUp` starts no concurrent work, `asyncTearDown` when neither
 * `asyncSetUp` nor any test does (a task a test leaves running is cancelled only after the tear-down).
 */
function isolatedTestRuns(model: SemanticModel, definitions: SyntaxNode[]): Map<SyntaxNode, SoleRun & { at: SyntaxNode }> {
  const byClass = new Map<number, Array<{ node: SyntaxNode; step: TestStep }>>();
  for (const node of definitions) {
    const found = isolatedTestStep(model, node);
    if (!found) continue;
    const steps = byClass.get(found.cls.id) ?? [];
    steps.push({ node, step: found.step });
    byClass.set(found.cls.id, steps);
  }
  const runs = new Map<SyntaxNode, SoleRun & { at: SyntaxNode }>();
  for (const steps of byClass.values()) {
    const starts = (step: TestStep) => steps.some((item) => item.step === step && startsConcurrentWork({ model, node: item.node }, 0, new Map()));
    const setUpStarts = starts('setUp');
    const testsStart = setUpStarts || starts('test');
    for (const { node, step } of steps) {
      if ((step === 'test' && setUpStarts) || (step === 'tearDown' && testsStart)) continue;
      runs.set(node, { root: 'IsolatedAsyncioTestCase', command: false, test: true, at: field(node, 'name') ?? node });
    }
  }
  return runs;
}

/** The run a coroutine is entered in, as a root and where it is awaited: undefined if other work may run at one of them. */
function enteredRun(model: SemanticModel, owners: LoopOwners, root: SoleRun | undefined, awaitedAt: Array<{ by: SyntaxNode; at: SyntaxNode }>): SoleRun | undefined {
  let entered = root;
  for (const { by, at } of awaitedAt) {
    const run = runWhereAwaited(model, owners, by, at);
    if (!run) return undefined;
    entered = later(entered, run);
  }
  return entered;
}

/** The run a coroutine awaited by `by` at `at` is entered in: undefined unless `by` is alone there. */
function runWhereAwaited(model: SemanticModel, owners: LoopOwners, by: SyntaxNode, at: SyntaxNode): SoleRun | undefined {
  const sole = owners.sole.get(by.id);
  const phased = owners.phased.get(by.id);
  const phase = sole ? sole.phase : phased ? phaseAt(model, by, at, phased.phase) : undefined;
  // Tasks created but not run yet run at the awaited coroutine's first suspension, inside it.
  if ((!sole && !phase) || phase === 'scheduled') return undefined;
  return { ...(sole ?? phased!), phase };
}

/** Of two runs a coroutine is entered in, the one said: alone throughout, then before any start, then after joins. */
function later(entered: SoleRun | undefined, run: SoleRun): SoleRun {
  return !entered || rank(run.phase) > rank(entered.phase) ? run : entered;
}

/**
 * The run of a public coroutine of this module that other modules of the project use: each use a root
 * of theirs (`asyncio.run(run(config))` in the package's `__main__.py`) or an await in a coroutine that
 * is alone there (their own uses only: one module away). Undefined when the project's modules are not
 * known, when there is no such use, or when one use is anything else or cannot be told apart.
 */
function runsElsewhere(elsewhere: Elsewhere, model: SemanticModel, definition: SyntaxNode): { run: SoleRun; runsAsMain: boolean } | undefined {
  const references = referencesElsewhere(elsewhere.modules, elsewhere.file, model, definition);
  if (!references) return undefined;
  let entered: SoleRun | undefined;
  let runsAsMain = true;
  // A helper that only tests and test scripts run is there for the program, whose other code may share its loop.
  let outsideTests = false;
  for (const { module, node } of references) {
    const use = useOf(module.model, node, definition, true);
    if (use.kind === 'other') return undefined;
    const run = use.kind === 'root' ? use.run : runWhereAwaited(module.model, elsewhere.ownersOf(module), use.by, use.at);
    if (!run) return undefined;
    if (use.kind === 'awaited' || run.test || run.startup) runsAsMain = false;
    outsideTests ||= !isTestModule(module.file, elsewhere.file);
    entered = later(entered, { ...run, site: `${baseName(module.file)}:${use.at.startPosition.row + 1}` });
  }
  return entered && outsideTests ? { run: entered, runsAsMain } : undefined;
}

/** Alone throughout, then before any start, then after joins: a mix is said as the last. */
function rank(phase: Phase | undefined): number {
  return phase === undefined ? 0 : phase === 'start' ? 1 : 2;
}

const NO_APIS: ReadonlySet<string> = new Set();

/** How the module refers to a coroutine: by name, or for a method by any attribute of that name. */
function usesOf(model: SemanticModel, definition: SyntaxNode, references: Map<string, NameReference[]>): Use[] {
  const name = field(definition, 'name');
  if (!name) return [{ kind: 'other' }];
  const method = isMethod(definition);
  const uses: Use[] = [];
  for (const reference of references.get(name.text) ?? []) {
    let use: Use | undefined;
    if (reference.attribute) {
      if (method && receiverOf(model, reference.node, definition) !== 'unrelated') use = useOf(model, reference.node, definition);
    } else if (method) {
      use = { kind: 'other' };
    } else {
      reference.target ??= model.lookup(name.text, reference.node)?.node.id ?? -1;
      if (reference.target === definition.id) use = useOf(model, reference.node, definition);
    }
    if (!use) continue;
    // A use only Pythons without `asyncio.run` reach (`if sys.version_info >= (3, 7): return asyncio.run(...)` then the old way).
    // Asked only of a use that would rule the coroutine out: the walk up a large module is not cheap.
    if (use.kind === 'other' && runsOnlyBefore(reference.node, [3, 7], NO_APIS, model)) continue;
    uses.push(use);
    // One other use rules the coroutine out: the rest need not be sorted out.
    if (use.kind === 'other') break;
  }
  return uses;
}

function useOf(model: SemanticModel, reference: SyntaxNode, definition: SyntaxNode, receiverKnown = false): Use {
  const parent = logicalParent(reference);
  const dispatched = reference.type === 'identifier' ? dispatchedRun(model, reference) : undefined;
  if (dispatched) return { kind: 'root', run: { root: label(dispatched), command: false }, at: dispatched };
  const started = functionRunnerOf(model, reference);
  if (started) return { kind: 'root', run: { root: label(started), command: false }, at: started };
  const hook = startupRegistration(reference);
  if (hook) return startupHookCount(model) === 1 ? { kind: 'root', run: { root: label(hook), command: false, startup: true }, at: hook } : { kind: 'other' };
  if (parent?.type === 'keyword_argument' && field(parent, 'name')?.text === 'func') {
    const call = parent.parent?.parent;
    const callee = call?.type === 'call' ? field(call, 'function') : null;
    if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'set_defaults') return { kind: 'root', run: { root: label(call!), command: true }, at: call! };
    return { kind: 'other' };
  }
  if (parent?.type !== 'call' || field(parent, 'function')?.id !== reference.id) return { kind: 'other' };
  if (reference.type === 'attribute' && !receiverKnown && receiverOf(model, reference, definition) !== 'own') return { kind: 'other' };
  if (model.isAwaited(parent)) {
    const by = model.asyncContext(parent);
    return by ? { kind: 'awaited', by, at: parent } : { kind: 'other' };
  }
  const helper = loopRunningHelperCall(model, parent);
  if (helper) return { kind: 'root', run: { root: label(helper), command: false }, at: helper };
  const runner = freshRunnerOf(model, parent);
  if (runner) return { kind: 'root', run: { root: label(runner), command: false }, at: runner };
  // Calling an asyncclick command from sync code runs it on a loop of its own: `launch(_anyio_backend="trio")`.
  const command = !model.isOnEventLoop(parent) ? asyncclickCommand(model, definition) : undefined;
  return command ? { kind: 'root', run: { root: label(command), command: true }, at: parent } : { kind: 'other' };
}

/**
 * `return init` or `return functools.partial(save, config=config)` in a dispatch function: a plain
 * `def` of the module (not a method) each of whose `return`s gives a coroutine function of the module,
 * as is or through `functools.partial`, and whose every call is run at once on a fresh loop —
 * `asyncio.run(pick(args)(args))`, or `func = pick(args.sub)` then `asyncio.run(func(args))` with
 * `func` bound and called nowhere else. The runner then runs each coroutine it can return alone.
 */
function dispatchedRun(model: SemanticModel, reference: SyntaxNode): SyntaxNode | undefined {
  const parent = logicalParent(reference);
  const partial = parent?.type === 'argument_list' ? parent.parent : undefined;
  const value = partial && isPartialOf(model, partial, reference) ? partial : reference;
  if (logicalParent(value)?.type !== 'return_statement') return undefined;
  const dispatcher = model.enclosingFunction(value);
  if (!dispatcher || isAsyncFunction(dispatcher) || isMethod(dispatcher) || isGeneratorFunction(dispatcher)) return undefined;
  let runners = dispatchCache.get(dispatcher);
  if (!runners) {
    runners = { runner: dispatchRunner(model, dispatcher) };
    dispatchCache.set(dispatcher, runners);
  }
  return runners.runner;
}

const dispatchCache = new WeakMap<SyntaxNode, { runner: SyntaxNode | undefined }>();

/** `functools.partial(f, ...)` with `f` the reference, as its first argument. */
function isPartialOf(model: SemanticModel, call: SyntaxNode, reference: SyntaxNode): boolean {
  const callee = field(call, 'function');
  return !!callee && model.qualifiedName(callee) === 'functools.partial' && callArguments(call).positional[0]?.id === reference.id;
}

/** The loop runner of every call of a dispatch function, when each `return` gives a coroutine function of the module. */
function dispatchRunner(model: SemanticModel, dispatcher: SyntaxNode): SyntaxNode | undefined {
  const body = field(dispatcher, 'body');
  const name = field(dispatcher, 'name')?.text;
  if (!body || !name) return undefined;
  let returns = 0;
  let others = false;
  walkOwnFrame(body, (node) => {
    if (node.type !== 'return_statement') return !others;
    returns++;
    const value = namedChildren(node).find((child) => child.type !== 'comment');
    const returned = value ? unparenthesize(value) : undefined;
    const target = returned?.type === 'call' && isPartialOf(model, returned, callArguments(returned).positional[0] ?? returned) ? callArguments(returned).positional[0] : returned;
    if (!target || !isModuleCoroutineFunction(model, target)) others = true;
    return false;
  });
  if (returns === 0 || others) return undefined;
  let runner: SyntaxNode | undefined;
  for (const identifier of model.nodes('identifier')) {
    if (identifier.text !== name || identifier.id === field(dispatcher, 'name')?.id) continue;
    const parent = identifier.parent;
    if (parent?.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id) continue;
    if (parent?.type === 'keyword_argument' && field(parent, 'name')?.id === identifier.id) continue;
    if (model.lookup(name, identifier)?.node.id !== dispatcher.id) continue;
    const call = logicalParent(identifier);
    if (call?.type !== 'call' || field(call, 'function')?.id !== identifier.id) return undefined;
    const found = runnersOfPicked(model, call);
    if (!found) return undefined;
    runner ??= found;
  }
  return runner;
}

/** `asyncio.run(pick(x)(args))`, or `func = pick(x)` whose every use is `asyncio.run(func(args))`: the runner. */
function runnersOfPicked(model: SemanticModel, pick: SyntaxNode): SyntaxNode | undefined {
  const holder = logicalParent(pick);
  if (holder?.type === 'call' && field(holder, 'function')?.id === pick.id) return freshRunnerOf(model, holder);
  const target = holder?.type === 'assignment' && field(holder, 'right')?.id === pick.id ? field(holder, 'left') : null;
  if (target?.type !== 'identifier') return undefined;
  const scope = model.scopes.enclosingScope(holder!);
  if ((scope.bindings.get(target.text) ?? []).length !== 1) return undefined;
  let runner: SyntaxNode | undefined;
  for (const use of model.nodesWithin('identifier', scope.node.startIndex, scope.node.endIndex)) {
    if (use.text !== target.text || use.id === target.id) continue;
    const parent = use.parent;
    if (parent?.type === 'attribute' && field(parent, 'attribute')?.id === use.id) continue;
    if (parent?.type === 'keyword_argument' && field(parent, 'name')?.id === use.id) continue;
    const call = logicalParent(use);
    const found = call?.type === 'call' && field(call, 'function')?.id === use.id ? freshRunnerOf(model, call) : undefined;
    if (!found) return undefined;
    runner ??= found;
  }
  return runner;
}

/** The `asyncio.run(...)`/`run_until_complete(...)` on a fresh loop, from sync code, that takes `coroutine` as its first argument. */
function freshRunnerOf(model: SemanticModel, coroutine: SyntaxNode): SyntaxNode | undefined {
  const runner = callTakingFirst(coroutine);
  return runner && !model.isOnEventLoop(runner) && runsOnFreshLoop(model, runner) ? runner : undefined;
}

/** The call whose first positional argument is `node`. */
function callTakingFirst(node: SyntaxNode): SyntaxNode | undefined {
  const holder = logicalParent(node);
  return holder?.type === 'argument_list' && callArguments(holder.parent!).positional[0]?.id === node.id ? holder.parent! : undefined;
}

/**
 * Runners given the coroutine function itself, that call it on a new loop of their own and return when it
 * ends: a root as `asyncio.run(F())` is.
 */
const FUNCTION_RUNNERS = new Set(['anyio.run', 'trio.run']);

/**
 * `anyio.run(F)`, `trio.run(F, arg)` from sync code, `F` its first argument: the runner, as `asyncio.run(F())` is.
 * Also a call that hands such a runner `F` right after it, to call one with the other: `prof.runcall(trio.run, F, arg)`,
 * `functools.partial(trio.run, F)`.
 */
function functionRunnerOf(model: SemanticModel, reference: SyntaxNode): SyntaxNode | undefined {
  const runner = callTakingFirst(reference);
  const callee = runner ? field(runner, 'function') : null;
  if (callee && FUNCTION_RUNNERS.has(model.qualifiedName(callee) ?? '') && !model.isOnEventLoop(runner!)) return runner;
  if (callee && model.qualifiedName(callee) === 'functools.partial') return partialRunnerOf(model, runner!);
  const holder = logicalParent(reference);
  const call = holder?.type === 'argument_list' ? holder.parent : undefined;
  if (!call || model.isOnEventLoop(call)) return undefined;
  const positional = callArguments(call).positional;
  const at = positional.findIndex((argument) => argument.id === reference.id);
  const before = at > 0 ? unparenthesize(positional[at - 1]) : undefined;
  return before && (before.type === 'attribute' || before.type === 'identifier') && FUNCTION_RUNNERS.has(model.qualifiedName(before) ?? '') ? call : undefined;
}

/**
 * `trio.run(partial(F, a))`, or `run_f = partial(F, a)` (its one binding) then `trio.run(run_f)`, from sync code:
 * the runner that calls F through the partial object.
 */
function partialRunnerOf(model: SemanticModel, partial: SyntaxNode): SyntaxNode | undefined {
  const isRunner = (call: SyntaxNode | undefined) => {
    const callee = call ? field(call, 'function') : null;
    return !!callee && FUNCTION_RUNNERS.has(model.qualifiedName(callee) ?? '') && !model.isOnEventLoop(call!);
  };
  const direct = callTakingFirst(partial);
  if (isRunner(direct)) return direct;
  const assignment = logicalParent(partial);
  const target = assignment?.type === 'assignment' && field(assignment, 'right')?.id === partial.id ? field(assignment, 'left') : null;
  if (target?.type !== 'identifier') return undefined;
  const scope = model.scopes.enclosingScope(partial);
  if ((scope.bindings.get(target.text) ?? []).length !== 1) return undefined;
  for (const use of model.nodesWithin('identifier', scope.node.startIndex, scope.node.endIndex)) {
    if (use.text !== target.text || use.id === target.id || model.lookup(use.text, use)?.node.id !== target.id) continue;
    const runner = callTakingFirst(use);
    if (isRunner(runner)) return runner;
  }
  return undefined;
}

/** A name bound to an undecorated `async def` of the module (not a generator). */
function isModuleCoroutineFunction(model: SemanticModel, node: SyntaxNode): boolean {
  if (node.type !== 'identifier') return false;
  const binding = model.lookup(node.text, node);
  const definition = binding?.kind === 'function' ? binding.node : undefined;
  return !!definition && definition.type === 'function_definition' && isAsyncFunction(definition) && !isGeneratorFunction(definition);
}

/**
 * Whether `x.f` runs the method `definition`: `own` for `self.f` in its class, or `x` an instance of
 * its class (or of a subclass that inherits it) when the class or the method is private — `shell =
 * _Shell(…)` then `await shell.run()`, so the method runs where that call is awaited; `unrelated`
 * for `self.f` in another class that defines its own `f`, `x` an instance of a workspace class whose
 * `f` is another def, or `x` a module bound by `import x` (`asyncio.run`); else `unknown` (any object
 * could be an instance, and a public class's object could be built and awaited in another module).
 */
function receiverOf(model: SemanticModel, reference: SyntaxNode, definition: SyntaxNode): 'own' | 'unrelated' | 'unknown' {
  if (isOwnMethod(reference, definition)) return 'own';
  if (isOtherClassesOwn(reference, definition)) return 'unrelated';
  const called = calledMethod(model, reference, model, definition);
  // Another module may build the class and await the method on its own loop (a library module with a demo
  // `__main__`, as asysocks's CertManager, imported by its proxy server): only a private class or method is alone.
  if (called === 'same') return isPrivate(definition) || isPrivate(enclosingClass(definition)) ? 'own' : 'unknown';
  return called;
}

function isPrivate(definition: SyntaxNode | undefined): boolean {
  return !!definition && !!field(definition, 'name')?.text.startsWith('_');
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

/**
 * `asyncio.run(...)`, or `loop.run_until_complete(...)` on a loop made by `asyncio.new_event_loop()` (or the call
 * chained on it). At module level (a script's `if __name__ == "__main__":` block included), a loop from
 * `asyncio.get_event_loop()` is as fresh: nothing has run on the thread's loop before the module's own code does.
 */
function runsOnFreshLoop(model: SemanticModel, runner: SyntaxNode): boolean {
  const callee = field(runner, 'function');
  if (!callee) return false;
  if (model.qualifiedName(callee) === 'asyncio.run') return true;
  if (callee.type === 'attribute' && field(callee, 'attribute')?.text === 'run') return runsOnOwnRunner(model, callee);
  if (callee.type !== 'attribute' || field(callee, 'attribute')?.text !== 'run_until_complete') return false;
  const object = field(callee, 'object');
  const loop = object ? unparenthesize(object) : undefined;
  if (loop?.type === 'call') return isNewLoop(model, loop, model.scopes.enclosingScope(runner).kind === 'module');
  if (loop?.type === 'identifier') {
    return madeAndKeptPrivate(model, loop, (binding, scope) => binding.kind === 'assignment' && isNewLoop(model, binding.value, scope.kind === 'module'), PRIVATE_LOOP_METHODS);
  }
  const owner = enclosingClass(runner);
  if (loop?.type !== 'attribute' || !owner || field(loop, 'object')?.text !== 'self') return false;
  const attribute = field(loop, 'attribute')!.text;
  const isSelfLoop = (node: SyntaxNode) => node.type === 'attribute' && field(node, 'object')?.text === 'self' && field(node, 'attribute')?.text === attribute;
  const assigned = model.nodesWithin('assignment', owner.startIndex, owner.endIndex).filter((assignment) => isSelfLoop(unparenthesize(field(assignment, 'left') ?? assignment)));
  return assigned.length > 0 && assigned.every((assignment) => isNewLoop(model, field(assignment, 'right') ?? undefined)) && loopKeptPrivate(model, owner, isSelfLoop);
}

/**
 * `runner.run(F())` on `with asyncio.Runner() as runner:` (or `runner = asyncio.Runner()`), from
 * sync code: the runner's loop is new, and the code keeps it to itself as it does a fresh loop.
 */
function runsOnOwnRunner(model: SemanticModel, callee: SyntaxNode): boolean {
  const object = field(callee, 'object');
  const runner = object ? unparenthesize(object) : undefined;
  const isRunner = (value: SyntaxNode | undefined) => {
    const call = value ? unparenthesize(value) : undefined;
    const built = call?.type === 'call' ? field(call, 'function') : null;
    return !!built && model.qualifiedName(built) === 'asyncio.Runner';
  };
  return runner?.type === 'identifier' && madeAndKeptPrivate(model, runner, (binding) => (binding.kind === 'assignment' || binding.kind === 'with') && isRunner(binding.value), RUNNER_METHODS);
}

/**
 * `name` (a loop or a runner) is bound in its scope only where `made` says the code made it, and the
 * scope uses it for nothing but `methods` (see loopKeptPrivate).
 */
function madeAndKeptPrivate(model: SemanticModel, name: SyntaxNode, made: (binding: Binding, scope: Scope) => boolean, methods: ReadonlySet<string>): boolean {
  const scope = model.scopes.enclosingScope(name);
  const bindings = scope.bindings.get(name.text) ?? [];
  return (
    bindings.length > 0 &&
    bindings.every((binding) => made(binding, scope)) &&
    loopKeptPrivate(model, scope.node, (node) => node.type === 'identifier' && node.text === name.text && isBoundBy(model, node, bindings), methods)
  );
}

/** `node` names one of `bindings` (not a local of the same name in a nested function). */
function isBoundBy(model: SemanticModel, node: SyntaxNode, bindings: readonly Binding[]): boolean {
  const binding = model.lookup(node.text, node);
  return !!binding && bindings.includes(binding);
}

const CURRENT_LOOP = new Set(['asyncio.get_event_loop', 'asyncio.events.get_event_loop']);

/** `asyncio.new_event_loop()`; with `moduleLevel`, also `asyncio.get_event_loop()` (the thread's loop, unused yet). */
function isNewLoop(model: SemanticModel, value: SyntaxNode | undefined, moduleLevel = false): boolean {
  const call = value ? unparenthesize(value) : undefined;
  const callee = call?.type === 'call' ? field(call, 'function') : null;
  const name = callee ? model.qualifiedName(callee) : undefined;
  return name === 'asyncio.new_event_loop' || (moduleLevel && !!name && CURRENT_LOOP.has(name));
}

/** Within `scope`, the loop is only assigned, run, closed, or made the thread's current loop. */
function loopKeptPrivate(model: SemanticModel, scope: SyntaxNode, isLoop: (node: SyntaxNode) => boolean, methods: ReadonlySet<string> = PRIVATE_LOOP_METHODS): boolean {
  for (const type of ['identifier', 'attribute']) {
    for (const node of model.nodesWithin(type, scope.startIndex, scope.endIndex)) {
      if (!isLoop(node)) continue;
      const parent = logicalParent(node);
      if (parent?.type === 'assignment' && field(parent, 'left')?.id === node.id) continue;
      if (parent?.type === 'as_pattern_target') continue;
      if (parent?.type === 'attribute' && field(parent, 'object')?.id === node.id && methods.has(field(parent, 'attribute')?.text ?? '')) continue;
      const runner = parent?.type === 'argument_list' ? parent.parent : undefined;
      if (runner && model.qualifiedName(field(runner, 'function') ?? runner) === 'asyncio.set_event_loop') continue;
      return false;
    }
  }
  return true;
}

/** A module run as a program: `__main__.py`, or one with an `if __name__ == "__main__":` block. */
function isProgram(model: SemanticModel, file: string | undefined): boolean {
  if (file && /(^|[\\/])__main__\.py$/.test(file)) return true;
  return namedChildren(model.root).some(isMainGuard);
}

/** Other modules could import it and await it on a loop of theirs: a public top-level function or method, outside a program. */
function isPublic(model: SemanticModel, definition: SyntaxNode, program: boolean): boolean {
  if (program || field(definition, 'name')?.text.startsWith('_')) return false;
  const scope = model.scopes.enclosingScope(definition);
  return scope.kind === 'module' || (scope.kind === 'class' && isMethod(definition));
}

/**
 * `@click.command()`, `@cli.command()`, `@click.group()` on an `async def` in a module that imports asyncclick:
 * asyncclick runs the command alone on a loop of its own (`anyio.run`) when the program is invoked.
 */
function asyncclickCommand(model: SemanticModel, definition: SyntaxNode): SyntaxNode | undefined {
  if (!model.importsPackage('asyncclick')) return undefined;
  for (const decorator of decoratorsOf(definition)) {
    const parts = decoratorParts(decorator);
    const method = parts?.callee?.type === 'attribute' ? field(parts.callee, 'attribute')?.text : undefined;
    if (method === 'command' || method === 'group') return parts!.expression;
  }
  return undefined;
}

function label(call: SyntaxNode): string {
  return shortened(call.text.replace(/\s*\n\s*/g, '').replace(/\s+/g, ' '));
}
