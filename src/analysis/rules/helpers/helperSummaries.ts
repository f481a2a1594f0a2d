import { findBlockingApi, mayBeBlockingCall, PATH_CONTENT_IO } from '../../catalog/blockingApis';
import type { SyntaxNode } from '../../parser';
import { ANNOTATED, sameClass, type SemanticModel } from '../../semantic/model';
import { isGeneratorFunction } from '../../semantic/references';
import { callerArguments } from '../../semantic/callerArguments';
import type { Binding, Scope } from '../../semantic/scopes';
import type { SeveritySetting } from '../../types';
import { baseClassNames, callArguments, calleeLabel, dottedText, field, logicalParent, MAX_NESTING, namedChildren, outermostParenthesized, unparenthesize } from '../../syntax';
import type { ModuleLoader } from '../../workspace';
import { evaluatedQuerysetCall } from '../djangoQuerysets';
import { type ArgumentValue, argumentExpression, argumentsOf, literalValue, parameterNames, parametersOf, UNKNOWN, valueAt } from './argumentValues';
import { decoratorName, decoratorsOf, hasDecorator } from './functions';
import { referencesTo } from './nameReferences';
import { and, bindCondition, type Condition, factKey, factsAt, FREE, refutedAt, guardOf, hasSoftTest, isUnconditional, type ParameterTest, passedText, type Rebinding, type RebindingsBefore, selfAttribute } from './pathConditions';
import { compileWildcard } from '../../wildcard';
import { endsProcessAfter } from './processExit';
import { isModuleSwitch } from './moduleGlobals';
import { isMappingOption, isOptionAttribute } from './optionObjects';
import { fallbackCondition } from './fallbacks';
import { retriedName, sleepingRetry } from './retryDecorators';
import { type ClassRef, isAbstractMethod, soleImplementation } from './soleImplementation';

/** Longest chain of helpers reported (a longer one is not followed). */
export const MAX_CHAIN = 8;
/** Calls of a parameter kept per function, to be followed where a caller passes an object. */
const MAX_PARAMETER_CALLS = 3;
/** Conditional paths kept per function besides the worst unconditional one. */
const MAX_CONDITIONAL_REACHES = 3;
/** Assignments to one parameter followed; a parameter assigned more often is not a guard's subject. */
const MAX_REBINDINGS = 6;
/** Base classes followed when looking a method up. */
const MAX_BASES = 6;

export interface FunctionRef {
  def: SyntaxNode;
  model: SemanticModel;
  file?: string;
}

/** A call resolved to a workspace def; `bound` when the first parameter (`self`, `cls`) is filled in. */
export interface Callee {
  ref: FunctionRef;
  bound: boolean;
  /** A generator bound to a name there: the later use of the name that runs it (`next(routes)`). */
  iteratedLater?: SyntaxNode;
}

/** One call on the way to the blocking call: where it is and what it calls. */
export interface Step {
  label: string;
  call: SyntaxNode;
  file?: string;
  /** On the last step: the code of the blocking call it makes. */
  code?: string;
}

/** A blocking call a function reaches, and when (a condition on the function's own parameters). */
export interface Reach {
  steps: Step[];
  code: string;
  /** The blocking call is a cheap one (BlockingApi.light): reported a level lower. */
  light?: boolean;
  /** The blocking call raises whenever a loop runs in its thread (BlockingApi.raisesOnLoop: Django's ORM). */
  raisesOnLoop?: boolean;
  condition: Condition;
}

/**
 * A call of one of the function's own parameters (`request(url=…)` in `def ping(request)`): what
 * it runs is decided where a caller passes an object, an instance of a workspace class whose
 * `__call__` then runs (`ping(google.auth.transport.requests.Request())`). `steps` lead to that call.
 */
interface ParameterCall {
  steps: Step[];
  parameter: string;
  condition: Condition;
}

export interface SummaryOptions {
  isEnabled(code: string): boolean;
  severityOf(code: string): SeveritySetting;
  /** Decorators (dotted names or fnmatch patterns) whose function runs in a worker thread. */
  threadOffloadDecorators?: readonly string[];
  /** Decorators (dotted names or fnmatch patterns) whose function only builds a deferred task when called. */
  deferringDecorators?: readonly string[];
  /** ASYNC200 patterns: the user's own blocking calls count inside helpers too. */
  extraBlockingCalls?: readonly string[];
}

/** Decorators that write a class's `__init__`, which calls its `__post_init__`. */
const DATACLASS_DECORATORS: ReadonlySet<string> = new Set(['dataclasses.dataclass', 'pydantic.dataclasses.dataclass']);
/** Decorators known to move a sync function to a worker thread: calling it does not block. */
const DEFAULT_OFFLOAD_DECORATORS = ['asgiref.sync.sync_to_async', 'sync_to_async', 'channels.db.database_sync_to_async', 'database_sync_to_async', 'asyncer.asyncify', 'asyncify'];
/** Decorators whose function, when called, builds a task or graph node to run later (`f(x)` runs nothing). */
const DEFAULT_DEFERRING_DECORATORS = ['dask.delayed', 'joblib.delayed'];
/** Calls that run a function they are given in a worker thread (by the last part of their name). */
const THREAD_HAND_OFFS = new Set(['run_in_executor', 'to_thread', 'run_sync', 'run_in_threadpool', 'submit', 'Thread', 'start_new_thread']);

const FREE_VALUE: ArgumentValue = { kind: 'unknown', free: true };
const SEVERITY_RANK: Record<string, number> = { off: 0, hint: 1, information: 2, warning: 3, error: 4 };
const PENDING = Symbol('pending');
const CONTEXT_MANAGER_DECORATORS = new Set(['contextlib.contextmanager', 'contextmanager']);

interface Frame {
  ref: FunctionRef;
  key: string;
  calls: readonly SyntaxNode[];
  parameters: ReadonlySet<string>;
  /** Parameters that default to an attribute of `self` (`if mode is None: mode = self.mode`). */
  modes: ReadonlyMap<string, string>;
  rebindsBefore: RebindingsBefore;
  index: number;
  reaches: Reach[];
  parameterCalls: ParameterCall[];
  /** The resolved callee of the current call while its summary is being computed. */
  waiting?: Callee;
}

/**
 * Summaries of the workspace's sync functions for AIO200: each function is summarised once per
 * analysis (the blocking calls it reaches, each with the condition on its parameters under which it
 * does), so a call graph is walked in time linear in its calls. Cycles end at the first repeat.
 * Resolution reads other modules only through `ModuleLoader`.
 */
export class HelperSummaries {
  private readonly summaries = new Map<string, Reach[] | typeof PENDING>();
  private readonly parameterCalls = new Map<string, ParameterCall[]>();
  private readonly callsByFunction = new WeakMap<SemanticModel, Map<number, SyntaxNode[]>>();
  private readonly offloadMatchers: Array<(name: string) => boolean>;
  private readonly deferringMatchers: Array<(name: string) => boolean>;
  private readonly classAttributes = new Map<string, ClassRef | null>();
  /** Functions summarised and calls looked at so far: each function and each call once. */
  readonly work = { functions: 0, calls: 0 };

  constructor(
    private readonly options: SummaryOptions,
    private readonly modules: ModuleLoader | undefined,
  ) {
    const patterns = [...DEFAULT_OFFLOAD_DECORATORS, ...(options.threadOffloadDecorators ?? [])].filter((pattern) => pattern.trim());
    this.offloadMatchers = patterns.map((pattern) => compileWildcard(pattern.trim()));
    const deferring = [...DEFAULT_DEFERRING_DECORATORS, ...(options.deferringDecorators ?? [])].filter((pattern) => pattern.trim());
    this.deferringMatchers = deferring.map((pattern) => compileWildcard(pattern.trim()));
    this.userBlocking = options.isEnabled('ASYNC200') ? (options.extraBlockingCalls ?? []).map((pattern) => compileWildcard(pattern)) : [];
  }

  private readonly userBlocking: Array<(name: string) => boolean>;

  /**
   * The blocking calls `callee` reaches, seen from `call`: conditions decided by the arguments passed.
   * `dualMode`: the caller expects either mode (it tests the result with `isawaitable`), so a path
   * that only one mode of the object takes is information.
   */
  reachesFrom(call: SyntaxNode, callee: Callee, model: SemanticModel, file?: string, dualMode = false): Reach[] {
    const summary = this.summaryOf(callee.ref);
    const argumentOf = this.argumentsAt(call, callee, model, new Set(), file);
    const unknownMode: Condition = dualMode ? { kind: 'undecided', text: '' } : FREE;
    const called = (this.parameterCalls.get(keyOf(callee.ref)) ?? []).flatMap((parameterCall) => this.passedObjectReaches(parameterCall, call, callee, model, file).reaches);
    return [...summary, ...called].map((reach) => ({ ...reach, condition: bindCondition(reach.condition, argumentOf, unknownMode) }));
  }

  /**
   * A callee's call of its parameter, seen from `call`: the reaches of the `__call__` of the object
   * passed for it (an instance of a workspace class), with the steps from the callee to that call;
   * or, when `caller` passes a parameter of its own, the same call of that parameter, one step longer.
   * Conditions stay in the callee's parameters (the caller binds them).
   */
  private passedObjectReaches(parameterCall: ParameterCall, call: SyntaxNode, callee: Callee, model: SemanticModel, file: string | undefined, caller?: Frame): { reaches: Reach[]; parameterCalls: ParameterCall[] } {
    const none = { reaches: [], parameterCalls: [] };
    const expression = argumentExpression(call, callee.ref.def, callee.bound, parameterCall.parameter);
    if (!expression) return none;
    const passed = unparenthesize(expression);
    if (caller && passed.type === 'identifier') {
      const binding = this.soleBinding(passed.text, passed, model);
      if (binding?.kind === 'parameter' && binding.owner?.id === caller.ref.def.id) {
        return { reaches: [], parameterCalls: [{ steps: [{ label: calleeLabel(call), call, file }, ...parameterCall.steps], parameter: passed.text, condition: parameterCall.condition }] };
      }
    }
    const cls = this.instanceClass(passed, model, file, this.enclosingClass(call, model, file)) ?? this.constructedClass(passed, model, file);
    const method = cls ? this.methodOf(cls, '__call__', 'instance') : undefined;
    if (!method || isGeneratorFunction(method.ref.def)) return none;
    const steps = caller ? [{ label: calleeLabel(call), call, file }, ...parameterCall.steps] : parameterCall.steps;
    const reaches = this.summaryOf(method.ref)
      .filter((reach) => steps.length + reach.steps.length <= MAX_CHAIN)
      .map((reach) => ({ steps: [...steps, ...reach.steps], code: reach.code, light: reach.light, raisesOnLoop: reach.raisesOnLoop, condition: and(parameterCall.condition, bindCondition(reach.condition, () => UNKNOWN)) }));
    return { reaches, parameterCalls: [] };
  }

  private argumentsAt(call: SyntaxNode, callee: Callee, model: SemanticModel, parameters: ReadonlySet<string>, file: string | undefined, caller?: Frame): (parameter: string) => ArgumentValue {
    let facts: Map<string, ParameterTest[]> | undefined;
    let refuted: Map<string, ParameterTest[]> | undefined;
    const argumentOf = argumentsOf(call, callee.ref.def, callee.ref.model, callee.bound, (expression) => {
      const value = valueAt(expression, model, parameters);
      const rebinds = value.kind === 'parameter' && caller ? caller.rebindsBefore(value.name, call.startIndex) : [];
      const node = unparenthesize(expression);
      const passed = value.kind === 'parameter' ? undefined : passedText(expression);
      // What the call site's own guards rule out for an attribute (`else:` of `if self.proxies:`).
      if (value.kind === 'unknown' && node.type === 'attribute') {
        refuted ??= refutedAt(call, model);
        const ruledOut = refuted.get(factKey(node) ?? '');
        return ruledOut ? { kind: 'unknown', refuted: ruledOut, passed } : passed ? { ...value, passed } : value;
      }
      if ((value.kind !== 'unknown' && rebinds.length === 0) || node.type !== 'identifier') return passed ? { ...value, passed } : value;
      // What the call site's own guards establish for a local (or a parameter assigned again) comes first.
      facts ??= factsAt(call, model);
      refuted ??= refutedAt(call, model);
      const known = facts.get(node.text);
      const ruledOut = refuted.get(node.text);
      if (known || ruledOut) return { kind: 'unknown', known, refuted: ruledOut, passed };
      return rebinds.length > 0 ? { ...value, rebinds } : passed ? { ...value, passed } : value;
    });
    const onSelf = dottedText(field(call, 'function') ?? call)?.startsWith('self.') ?? false;
    return (name) => {
      if (!name.startsWith('self.')) return argumentOf(name);
      // `if self.verify or self.cert: … else: self.build()`: the guard decides the helper's tests on the same object.
      refuted ??= refutedAt(call, model);
      const ruledOut = onSelf ? refuted.get(name) : undefined;
      return ruledOut ? { kind: 'unknown', refuted: ruledOut } : this.modeArgument(name.slice('self.'.length), call, callee, argumentOf, model, file, caller);
    };
  }

  /**
   * What decides a soft test on `self.<name>` at `call`: a constructor's argument `name`; on the same
   * object, the caller's own (inside its `__init__`, its parameter `name`); at the coroutine, the
   * arguments that built the receiver (`runner = Runner(asynchronous=True); runner.start()`).
   */
  private modeArgument(name: string, call: SyntaxNode, callee: Callee, argumentOf: (parameter: string) => ArgumentValue, model: SemanticModel, file: string | undefined, caller?: Frame): ArgumentValue {
    const target = unparenthesize(field(call, 'function') ?? call);
    const method = target.type === 'attribute' ? field(target, 'attribute')?.text : target.text;
    if (field(callee.ref.def, 'name')?.text === '__init__' && method !== '__init__') return argumentOf(name);
    const object = target.type === 'attribute' ? field(target, 'object') : null;
    const receiver = object ? unparenthesize(object) : undefined;
    if (caller) {
      const sameObject = receiver && (receiver.text === 'self' || (receiver.type === 'call' && unparenthesize(field(receiver, 'function') ?? receiver).text === 'super'));
      if (!sameObject) return UNKNOWN;
      const ownConstructor = field(caller.ref.def, 'name')?.text === '__init__' && caller.parameters.has(name);
      return { kind: 'parameter', name: ownConstructor ? name : `self.${name}` };
    }
    // In the object's own coroutine: what its constructor leaves when the call that built it omits the argument.
    if (receiver?.type === 'identifier' && receiver.text === 'self') {
      const cls = this.enclosingClass(call, model, file);
      return (cls && this.constructorDefault(cls, name)) ?? UNKNOWN;
    }
    const construction = receiver?.type === 'identifier' ? this.soleBinding(receiver.text, receiver, model)?.value : undefined;
    const built = construction && unparenthesize(construction).type === 'call' ? unparenthesize(construction) : undefined;
    const cls = built ? this.classNamed(field(built, 'function') ?? built, model, file) : undefined;
    const constructor = cls ? this.constructorOf(cls) : undefined;
    return built && constructor ? this.argumentsAt(built, constructor, model, new Set(), file)(name) : UNKNOWN;
  }

  /**
   * `def __init__(self, store_url=False): self.store_url = store_url`, the attribute assigned nowhere
   * else in that class: the default, when it is a falsy literal (an option off unless asked for).
   */
  private constructorDefault(cls: ClassRef, name: string, depth = 0): ArgumentValue | undefined {
    const init = cls.model.scopes.scopeOf(cls.node)?.bindings.get('__init__');
    if (init?.length === 1 && init[0].kind === 'function') {
      const assigned = cls.model
        .nodesWithin('assignment', cls.node.startIndex, cls.node.endIndex)
        .filter((node) => {
          const left = field(node, 'left');
          return left?.type === 'attribute' && selfAttribute(left) === `self.${name}`;
        });
      if (assigned.length > 0) {
        const value = assigned.length === 1 && assigned[0].startIndex >= init[0].node.startIndex && assigned[0].endIndex <= init[0].node.endIndex ? field(assigned[0], 'right') : null;
        const parameter = value?.type === 'identifier' ? parametersOf(init[0].node).find((item) => item.name === value.text) : undefined;
        const literal = parameter?.default ? literalValue(parameter.default) : undefined;
        return literal !== undefined && !literal ? { kind: 'value', value: { kind: 'literal', value: literal } } : undefined;
      }
    }
    if (depth >= MAX_BASES) return undefined;
    for (const base of this.basesOf(cls)) {
      const found = this.constructorDefault(base, name, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  summaryOf(root: FunctionRef): Reach[] {
    const rootKey = keyOf(root);
    const known = this.summaries.get(rootKey);
    if (known !== undefined) return known === PENDING ? [] : known;
    // An explicit stack: helper chains as deep as the code is must not overflow the JavaScript stack.
    const stack: Frame[] = [this.open(root)];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.index >= frame.calls.length) {
        this.summaries.set(frame.key, frame.reaches);
        if (frame.parameterCalls.length > 0) this.parameterCalls.set(frame.key, frame.parameterCalls);
        stack.pop();
        continue;
      }
      const call = frame.calls[frame.index];
      if (!frame.waiting) {
        this.work.calls++;
        if (endsProcessAfter(call, frame.ref.model)) {
          frame.index++;
          continue;
        }
        const direct = this.directBlocking(call, frame.ref.model);
        if (direct) {
          const { code, light, raisesOnLoop } = direct;
          this.add(frame, { steps: [{ label: calleeLabel(call), call, file: frame.ref.file, code }], code, light, raisesOnLoop, condition: this.guard(frame, call) });
          frame.index++;
          continue;
        }
        const callee = frame.ref.model.isAwaited(call) ? undefined : this.resolveCallee(call, frame.ref.model, frame.ref.file);
        if (!callee) {
          const parameter = frame.ref.model.isAwaited(call) ? undefined : this.calledParameter(call, frame);
          if (parameter && frame.parameterCalls.length < MAX_PARAMETER_CALLS) {
            const condition = this.guard(frame, call);
            if (condition.kind !== 'false') frame.parameterCalls.push({ steps: [{ label: calleeLabel(call), call, file: frame.ref.file }], parameter, condition });
          }
          frame.index++;
          continue;
        }
        if (this.summaries.get(keyOf(callee.ref)) === undefined) {
          frame.waiting = callee;
          stack.push(this.open(callee.ref));
          continue;
        }
        frame.waiting = callee;
      }
      const callee = frame.waiting;
      frame.waiting = undefined;
      frame.index++;
      const summary = this.summaries.get(keyOf(callee.ref));
      const called = this.parameterCalls.get(keyOf(callee.ref)) ?? [];
      const direct = !summary || summary === PENDING ? [] : summary;
      if (direct.length === 0 && called.length === 0) continue;
      const guard = this.guard(frame, call);
      if (guard.kind === 'false') continue;
      const argumentOf = this.argumentsAt(call, callee, frame.ref.model, frame.parameters, frame.ref.file, frame);
      const reaches = [...direct];
      for (const parameterCall of called) {
        const passed = this.passedObjectReaches(parameterCall, call, callee, frame.ref.model, frame.ref.file, frame);
        reaches.push(...passed.reaches.map((reach) => ({ ...reach, steps: reach.steps.slice(1) })));
        for (const carried of passed.parameterCalls) {
          const condition = and(guard, bindCondition(carried.condition, argumentOf));
          if (condition.kind !== 'false' && carried.steps.length < MAX_CHAIN && frame.parameterCalls.length < MAX_PARAMETER_CALLS) frame.parameterCalls.push({ ...carried, condition });
        }
      }
      for (const reach of reaches) {
        if (reach.steps.length >= MAX_CHAIN) continue;
        const condition = and(guard, bindCondition(reach.condition, argumentOf));
        if (condition.kind === 'false') continue;
        this.add(frame, { steps: [{ label: calleeLabel(call), call, file: frame.ref.file }, ...reach.steps], code: reach.code, light: reach.light, raisesOnLoop: reach.raisesOnLoop, condition });
      }
    }
    const result = this.summaries.get(rootKey);
    return result === undefined || result === PENDING ? [] : result;
  }

  private open(ref: FunctionRef): Frame {
    const key = keyOf(ref);
    this.summaries.set(key, PENDING);
    this.work.functions++;
    const modes = this.modeParameters(ref);
    const { parameters, rebindsBefore } = this.trackedParameters(ref, modes);
    const frame: Frame = { ref, key, calls: this.callsIn(ref), parameters, rebindsBefore, modes, index: 0, reaches: [], parameterCalls: [] };
    // `@tenacity.retry(wait=...)` on a sync def: when an attempt raises, it sleeps with `time.sleep` before the next.
    const retry = this.options.isEnabled('ASYNC251') ? sleepingRetry(ref.model, ref.def) : undefined;
    if (retry) {
      const step = { label: `@${retry.name}`, call: retry.decorator, file: ref.file, code: 'ASYNC251' };
      this.add(frame, { steps: [step], code: 'ASYNC251', condition: { kind: 'undecided', text: `${retriedName(ref.def)}() raises` } });
    }
    return frame;
  }

  private guard(frame: Frame, call: SyntaxNode): Condition {
    const { model, file } = frame.ref;
    const guard = guardOf(call, frame.ref.def, frame.parameters, model, frame.rebindsBefore, frame.modes, (node) => isModuleSwitch(node, model) || isOptionAttribute(node, model, file, this.modules) || isMappingOption(node, model));
    const fallback = fallbackCondition(call, model, (tried) => !!this.directBlockingCode(tried, model));
    return fallback ? and(guard, fallback) : guard;
  }

  /**
   * Keeps the worst unconditional reach and a few conditional ones, the worst first kept. A reach
   * that depends on an object's mode (a soft test) is kept apart: the call site may still decide it.
   */
  private add(frame: Frame, reach: Reach): void {
    const reaches = frame.reaches;
    const certain = (item: Reach) => isUnconditional(item.condition) && !hasSoftTest(item.condition);
    if (certain(reach)) {
      const index = reaches.findIndex(certain);
      if (index < 0) reaches.unshift(reach);
      else if (this.reachRank(reach) > this.reachRank(reaches[index])) reaches[index] = reach;
      return;
    }
    const soft = hasSoftTest(reach.condition);
    const similar = reaches.filter((item) => !certain(item) && hasSoftTest(item.condition) === soft);
    if (similar.length < MAX_CONDITIONAL_REACHES) {
      reaches.push(reach);
      return;
    }
    // Full: a worse call takes the place of the mildest (a file read over a path check).
    const mildest = similar.reduce((low, item) => (this.reachRank(item) < this.reachRank(low) ? item : low));
    if (this.reachRank(reach) > this.reachRank(mildest)) reaches[reaches.indexOf(mildest)] = reach;
  }

  rank(code: string): number {
    return SEVERITY_RANK[this.options.severityOf(code)] ?? 0;
  }

  /** A light call ranks just below a full one of the same code. */
  reachRank(reach: Reach): number {
    return this.rank(reach.code) * 2 - (reach.light ? 1 : 0);
  }

  /** The code of a catalogued blocking call, when the call is one (and its code is on). */
  directBlockingCode(call: SyntaxNode, model: SemanticModel): string | undefined {
    return this.directBlocking(call, model)?.code;
  }

  private directBlocking(call: SyntaxNode, model: SemanticModel): Pick<Reach, 'code' | 'light' | 'raisesOnLoop'> | undefined {
    if (model.isAwaited(call)) return undefined;
    if (this.userBlocking.length > 0) {
      const callee = field(call, 'function');
      const names = [...model.callTargets(call), callee ? dottedText(callee) : undefined].filter((name): name is string => !!name);
      if (this.userBlocking.some((matches) => names.some((name) => matches(name)))) return { code: 'ASYNC200' };
    }
    // `for item in Item.objects.all()`: Django runs the query there (and raises on a loop's thread).
    if (this.options.isEnabled('AIO201') && evaluatedQuerysetCall(call, model)) return { code: 'AIO201', raisesOnLoop: true };
    if (!mayBeBlockingCall(call, model)) return undefined;
    const match = findBlockingApi(model.callTargets(call), call, model);
    if (!match || match.api.neverWaits || !this.options.isEnabled(match.api.code)) return undefined;
    if (match.name === 'urllib.request.urlopen' && opensDataUri(call, model)) return undefined;
    // Reading or writing a file's content through pathlib is file I/O (ASYNC230), not a path check.
    const method = match.name.slice(match.name.lastIndexOf('.') + 1);
    if (match.api.code === 'ASYNC240' && PATH_CONTENT_IO.has(method) && this.options.isEnabled('ASYNC230')) return { code: 'ASYNC230' };
    return { code: match.api.code, light: match.api.light, raisesOnLoop: match.api.raisesOnLoop };
  }

  /** Calls whose code runs in the function's own body (not in nested defs or lambdas). */
  private callsIn(ref: FunctionRef): SyntaxNode[] {
    let byFunction = this.callsByFunction.get(ref.model);
    if (!byFunction) {
      byFunction = new Map();
      for (const call of ref.model.nodes('call')) {
        const owner = ref.model.scopes.enclosingScope(call);
        if (owner.kind !== 'function') continue;
        const list = byFunction.get(owner.node.id);
        if (list) list.push(call);
        else byFunction.set(owner.node.id, [call]);
      }
      this.callsByFunction.set(ref.model, byFunction);
    }
    return byFunction.get(ref.def.id) ?? [];
  }

  /**
   * Parameters whose guards are a guard on what the caller passed: those the body never assigns
   * again, and those it only assigns whole (`p = [p]`, `if not p: p = config.get(...)`), each
   * rebinding known with its guard and value, in the order of the source.
   */
  private trackedParameters(ref: FunctionRef, modes: ReadonlyMap<string, string>): { parameters: ReadonlySet<string>; rebindsBefore: RebindingsBefore } {
    const scope = ref.model.scopes.scopeOf(ref.def);
    const assignments = new Map<string, SyntaxNode[]>();
    for (const name of parameterNames(ref.def)) {
      const bindings = scope?.bindings.get(name);
      // A parameter that stands for an attribute of `self` is a soft test on that attribute instead (see modeParameters).
      if (!bindings || bindings[0].kind !== 'parameter' || modes.has(name) || scope?.nonlocals.has(name) || scope?.globals.has(name)) continue;
      const rest = bindings.slice(1);
      if (rest.length <= MAX_REBINDINGS && rest.every((binding) => binding.kind === 'assignment' && binding.value)) assignments.set(name, rest.map((binding) => binding.node));
    }
    const parameters = new Set(assignments.keys());
    const rebinds = new Map<string, Array<{ position: number; loop?: SyntaxNode; rebinding: Rebinding }>>();
    // Inside a loop, an assignment further down runs before the next pass reaches the test.
    const rebindsBefore: RebindingsBefore = (name, position) =>
      (rebinds.get(name) ?? [])
        .filter((item) => item.position < position || (item.loop && item.loop.startIndex <= position && position < item.loop.endIndex))
        .map((item) => item.rebinding);
    const ordered = [...assignments].flatMap(([name, nodes]) => nodes.map((node) => ({ name, node }))).sort((a, b) => a.node.startIndex - b.node.startIndex);
    for (const { name, node } of ordered) {
      const value = scope?.bindings.get(name)?.find((binding) => binding.node.id === node.id)?.value;
      const rebinding = { guard: guardOf(node, ref.def, parameters, ref.model, rebindsBefore, modes), value: assignedValue(value, ref.model) };
      rebinds.set(name, [...(rebinds.get(name) ?? []), { position: node.startIndex, loop: outermostLoop(node, ref.def), rebinding }]);
    }
    return { parameters, rebindsBefore };
  }

  /** `def sync(self, f, mode=None): if mode is None: mode = self.mode`: `mode` stands for `self.mode`. */
  private modeParameters(ref: FunctionRef): ReadonlyMap<string, string> {
    const scope = ref.model.scopes.scopeOf(ref.def);
    const modes = new Map<string, string>();
    for (const name of parameterNames(ref.def)) {
      const rebound = (scope?.bindings.get(name) ?? []).filter((binding) => binding.kind !== 'parameter');
      const attributes = new Set(rebound.map((binding) => (binding.kind === 'assignment' && binding.value?.type === 'attribute' ? selfAttribute(binding.value) : undefined)));
      const [attribute] = attributes;
      if (rebound.length > 0 && attributes.size === 1 && attribute) modes.set(name, attribute);
    }
    return modes;
  }

  // ---- resolution ----------------------------------------------------------------------------

  /** The sync `def` a call runs, when it can be told without doubt. */
  resolveCallee(call: SyntaxNode, model: SemanticModel, file: string | undefined): Callee | undefined {
    const callee = this.calleeOf(call, model, file);
    if (!callee || !isGeneratorFunction(callee.ref.def)) return callee;
    // A `@contextmanager` body runs when the manager is entered: `return cm()` hands it to the caller unentered.
    if (hasDecorator(callee.ref.model, callee.ref.def, CONTEXT_MANAGER_DECORATORS)) return mayBeEntered(call) ? callee : undefined;
    // A plain generator's body runs as it is iterated, there and then, or where the name it is bound to is.
    if (isIteratedAtOnce(call)) return callee;
    const iteratedLater = laterIteration(call, model);
    return iteratedLater ? { ...callee, iteratedLater } : undefined;
  }

  private calleeOf(call: SyntaxNode, model: SemanticModel, file: string | undefined): Callee | undefined {
    const callee = field(call, 'function');
    if (!callee) return undefined;
    const target = unparenthesize(callee);
    if (target.type === 'identifier') {
      const binding = this.soleBinding(target.text, target, model);
      if (binding?.kind === 'function') return this.runnable({ def: binding.node, model, file }, false);
      if (binding?.kind === 'class') return this.constructorOf({ node: binding.node, model, file });
      if (binding?.kind === 'import' && binding.importedName && file) return this.resolveImported(binding.importedName, file);
      // A name a star import of a workspace module brings (`from .services import *`).
      const starred = binding || model.lookup(target.text, target) ? undefined : model.qualifiedName(target);
      if (starred?.includes('.') && !starred.startsWith('builtins.') && file) return this.resolveImported(starred, file);
      // An object of a workspace class called: its `__call__` runs (`request = Request(); request(url)`).
      const instance = binding ? this.instanceClass(target, model, file, undefined) : undefined;
      return instance ? this.methodOf(instance, '__call__', 'instance') : undefined;
    }
    if (target.type !== 'attribute') return undefined;
    const object = field(target, 'object');
    const attribute = field(target, 'attribute')?.text;
    if (!object || !attribute) return undefined;
    const receiver = unparenthesize(object);
    const ownClass = this.enclosingClass(call, model, file);
    if (receiver.type === 'identifier' && (receiver.text === 'self' || receiver.text === 'cls') && ownClass && !this.soleBinding(receiver.text, receiver, model)?.value) {
      return this.methodOf(ownClass, attribute, receiver.text === 'cls' ? 'class' : 'instance');
    }
    if (receiver.type === 'call' && ownClass && unparenthesize(field(receiver, 'function') ?? receiver).text === 'super') {
      for (const base of this.basesOf(ownClass)) {
        const found = this.methodOf(base, attribute, 'instance');
        if (found) return found;
      }
      return undefined;
    }
    const cls = this.classNamed(receiver, model, file);
    if (cls) return this.methodOf(cls, attribute, 'class');
    const instance = this.instanceClass(receiver, model, file, ownClass);
    if (instance) return this.methodOf(instance, attribute, 'instance');
    const name = model.qualifiedName(target);
    return name && file ? this.resolveImported(name, file) : undefined;
  }

  /** `p(...)` where `p` is a parameter of the frame's function that its body never assigns again. */
  private calledParameter(call: SyntaxNode, frame: Frame): string | undefined {
    const target = unparenthesize(field(call, 'function') ?? call);
    if (target.type !== 'identifier') return undefined;
    const binding = this.soleBinding(target.text, target, frame.ref.model);
    return binding?.kind === 'parameter' && binding.owner?.id === frame.ref.def.id ? target.text : undefined;
  }

  private soleBinding(name: string, at: SyntaxNode, model: SemanticModel) {
    const binding = model.lookup(name, at);
    if (!binding) return undefined;
    for (let scope: Scope | undefined = model.scopes.enclosingScope(at); scope; scope = scope.parent) {
      const list = scope.bindings.get(name);
      if (list?.some((candidate) => candidate.node.id === binding.node.id)) return list.length === 1 ? binding : undefined;
    }
    return undefined;
  }

  /** `pkg.mod.helper` or `.util.helper`: a top-level def (or class) of a workspace module. */
  private resolveImported(name: string, fromFile: string): Callee | undefined {
    const found = this.modules?.resolveDefinition(name, fromFile);
    if (!found) return undefined;
    const { module, binding } = found;
    return binding.kind === 'class'
      ? this.constructorOf({ node: binding.node, model: module.model, file: module.file })
      : this.runnable({ def: binding.node, model: module.model, file: module.file }, false);
  }

  /** `Service`, `models.Service`: a class of this file or of a workspace module. */
  private classNamed(expression: SyntaxNode, model: SemanticModel, file: string | undefined): ClassRef | undefined {
    const node = unparenthesize(expression);
    if (node.type === 'identifier') {
      const binding = this.soleBinding(node.text, node, model);
      if (binding?.kind === 'class') return { node: binding.node, model, file };
      const starred = !binding && !model.lookup(node.text, node);
      if (!starred && (binding?.kind !== 'import' || !binding.importedName)) return undefined;
    } else if (node.type !== 'attribute') {
      return undefined;
    }
    const name = model.qualifiedName(node);
    const found = name && file ? this.modules?.resolveDefinition(name, file) : undefined;
    return found?.binding.kind === 'class' ? { node: found.binding.node, model: found.module.model, file: found.module.file } : undefined;
  }

  /**
   * The workspace class of a receiver: a parameter annotated with it (`svc: Service`,
   * `Optional["Service"]`), a local built from it (`svc = Service()`, `X() if c else None`), the object
   * a call builds (`Service().run()`), or `self.svc` assigned one in the class.
   */
  private instanceClass(receiver: SyntaxNode, model: SemanticModel, file: string | undefined, ownClass: ClassRef | undefined, depth = 0): ClassRef | undefined {
    // `Repository().save(item)`: the object the call builds.
    if (receiver.type === 'call') return this.constructedClass(receiver, model, file);
    if (receiver.type === 'identifier') {
      const binding = this.soleBinding(receiver.text, receiver, model);
      if (!binding) return undefined;
      if (binding.annotation) return this.annotatedClass(binding.annotation, model, file);
      if (binding.kind === 'assignment' && binding.value) return this.constructedClass(binding.value, model, file);
      // `from .storage import storage`, where `storage.py` builds it once: `storage = Storage()`.
      const shared = binding.kind === 'import' && binding.importedName && file ? this.modules?.resolveModuleValue(binding.importedName, file) : undefined;
      if (shared) return this.constructedClass(shared.value, shared.model, shared.file);
      // `async def watch(db)` that the module only calls as `watch(exchange, db)` with `db = Database(...)`.
      return binding.kind === 'parameter' ? this.passedClass(binding, model, file, depth) : undefined;
    }
    if (receiver.type === 'attribute') {
      const object = field(receiver, 'object');
      const attribute = field(receiver, 'attribute')?.text;
      if (!object || !attribute) return undefined;
      if (object.type === 'identifier' && object.text === 'self') return ownClass ? this.selfAttributeClass(ownClass, attribute) : undefined;
      // `paths.shared_client` after `from app import paths`, where that module builds it once.
      const qualified = object.type === 'identifier' && this.soleBinding(object.text, object, model)?.kind === 'import' ? model.qualifiedName(receiver) : undefined;
      const shared = qualified && file ? this.modules?.resolveModuleValue(qualified, file) : undefined;
      if (shared) return this.constructedClass(shared.value, shared.model, shared.file);
      // `engine = Orchestrator(...)` then `engine.execution.send_order(...)`: the class its constructor gives the attribute.
      const inner = unparenthesize(object);
      const owner =
        inner.type === 'call'
          ? this.constructedClass(inner, model, file)
          : (this.classNamed(inner, model, file) ?? (depth < MAX_NESTING ? this.instanceClass(inner, model, file, ownClass, depth + 1) : undefined));
      return owner ? this.selfAttributeClass(owner, attribute) : undefined;
    }
    return undefined;
  }

  /**
   * The class every call of the parameter's function passes it, once per parameter: a function calling itself with its
   * own parameter (or two calling each other) passes what it was given, and each call would otherwise ask again.
   */
  private passedClass(binding: Binding, model: SemanticModel, file: string | undefined, depth: number): ClassRef | undefined {
    const key = `${file ?? ''}#${binding.node.id}`;
    if (this.parameterClasses.has(key)) return this.parameterClasses.get(key) ?? undefined;
    this.parameterClasses.set(key, null);
    const passed = depth < MAX_NESTING ? callerArguments(model, binding) : undefined;
    const found = passed && sameClass(passed.map((value) => this.instanceClass(unparenthesize(value), model, file, this.enclosingClass(value, model, file), depth + 1)));
    this.parameterClasses.set(key, found ?? null);
    return found;
  }

  private readonly parameterClasses = new Map<string, ClassRef | null>();

  private annotatedClass(annotation: SyntaxNode, model: SemanticModel, file: string | undefined, depth = 0): ClassRef | undefined {
    if (depth > MAX_NESTING) return undefined;
    let node = unparenthesize(annotation);
    if (node.type === 'type') node = namedChildren(node)[0] ?? node;
    if (node.type === 'string') {
      const text = node.text.replace(/^[rRuU]*(['"]{1,3})([\s\S]*)\1$/, '$2').trim();
      const parts = text.split('|').map((part) => part.trim()).filter((part) => part !== 'None');
      if (parts.length !== 1 || !/^[A-Za-z_]\w*$/.test(parts[0])) return undefined;
      const binding = this.soleBinding(parts[0], node, model);
      return binding?.kind === 'class' ? { node: binding.node, model, file } : undefined;
    }
    if (node.type === 'binary_operator') {
      const sides = [field(node, 'left'), field(node, 'right')].filter((side): side is SyntaxNode => !!side && side.type !== 'none' && side.text !== 'None');
      return sides.length === 1 ? this.annotatedClass(sides[0], model, file, depth + 1) : undefined;
    }
    if (node.type === 'generic_type' || node.type === 'subscript') {
      const wrapper = namedChildren(node)[0];
      const inner = namedChildren(node).slice(1).flatMap((child) => (child.type === 'type_parameter' ? namedChildren(child) : [child]));
      // `Annotated[Service, Depends(...)]`: the type is the first argument.
      if (wrapper && ANNOTATED.test(wrapper.text) && inner.length > 0) return this.annotatedClass(inner[0], model, file, depth + 1);
      if (!wrapper || !/(^|\.)Optional$/.test(wrapper.text)) return undefined;
      return inner.length === 1 ? this.annotatedClass(inner[0], model, file, depth + 1) : undefined;
    }
    // `ServiceDep = Annotated[Service, Depends(get_service)]` at module level, or imported from one, then `svc: ServiceDep`.
    const alias = node.type === 'identifier' ? this.soleBinding(node.text, node, model) : undefined;
    let aliased: { model: SemanticModel; file: string | undefined; value: SyntaxNode } | undefined;
    if (alias?.kind === 'assignment' && alias.value && model.scopes.enclosingScope(alias.node).kind === 'module') {
      aliased = { model, file, value: alias.value };
    } else if (alias?.kind === 'import' && alias.importedName && file) {
      aliased = this.modules?.resolveModuleValue(alias.importedName, file);
    } else if (!alias && node.type === 'identifier' && !model.lookup(node.text, node) && file) {
      const starred = model.qualifiedName(node);
      aliased = starred?.includes('.') ? this.modules?.resolveModuleValue(starred, file) : undefined;
    }
    if (aliased && ['subscript', 'binary_operator'].includes(unparenthesize(aliased.value).type)) {
      return this.annotatedClass(aliased.value, aliased.model, aliased.file, depth + 1);
    }
    return this.classNamed(node, model, file);
  }

  /** `Service(...)`, `Service(...) if c else None`. */
  private constructedClass(value: SyntaxNode, model: SemanticModel, file: string | undefined, depth = 0): ClassRef | undefined {
    if (depth > MAX_NESTING) return undefined;
    const node = unparenthesize(value);
    // `cast(Sheets, kwargs["sheets"])`: the class it names.
    const castTo = node.type === 'call' ? model.castTarget(node) : undefined;
    if (castTo) return this.annotatedClass(castTo, model, file, depth + 1);
    if (node.type === 'call') return this.classNamed(field(node, 'function') ?? node, model, file);
    if (node.type === 'conditional_expression') {
      const options = namedChildren(node).filter((item) => item.type !== 'comment');
      const built = [options[0], options[2]].filter((item) => item && unparenthesize(item).type !== 'none');
      return built.length === 1 ? this.constructedClass(built[0], model, file, depth + 1) : undefined;
    }
    return undefined;
  }

  /** `self.store = Store(...)` or `self.store: Store` somewhere in the class. */
  private selfAttributeClass(cls: ClassRef, attribute: string): ClassRef | undefined {
    const key = `${cls.file ?? ''}#${cls.node.id}.${attribute}`;
    const known = this.classAttributes.get(key);
    if (known !== undefined) return known ?? undefined;
    this.classAttributes.set(key, null);
    let found: ClassRef | undefined;
    let assignedHere = false;
    for (const assignment of cls.model.nodesWithin('assignment', cls.node.startIndex, cls.node.endIndex)) {
      const left = field(assignment, 'left');
      if (left?.type !== 'attribute' || left.text.replace(/\s+/g, '') !== `self.${attribute}`) continue;
      assignedHere = true;
      const annotation = field(assignment, 'type');
      const value = field(assignment, 'right');
      const candidate = annotation ? this.annotatedClass(annotation, cls.model, cls.file) : value ? this.assignedClass(value, cls) : undefined;
      if (found && candidate && candidate.node.id !== found.node.id) {
        found = undefined;
        break;
      }
      found = candidate ?? found;
    }
    // `class Bot: store = Store()`: a class attribute, seen through `self` and the class alike; else a workspace base's.
    const bindings = cls.model.scopes.scopeOf(cls.node)?.bindings.get(attribute);
    if (!found && bindings?.length === 1 && bindings[0].kind === 'assignment' && bindings[0].value) found = this.assignedClass(bindings[0].value, cls);
    if (!assignedHere && !bindings) found = this.basesOf(cls).map((base) => this.selfAttributeClass(base, attribute)).find((candidate) => candidate);
    this.classAttributes.set(key, found ?? null);
    return found;
  }

  /** `self.sheets = Sheets()`, or `self.sheets = sheets` with the parameter annotated `sheets: Sheets`. */
  private assignedClass(value: SyntaxNode, cls: ClassRef): ClassRef | undefined {
    const constructed = this.constructedClass(value, cls.model, cls.file);
    if (constructed) return constructed;
    const node = unparenthesize(value);
    return node.type === 'identifier' ? this.instanceClass(node, cls.model, cls.file, undefined) : undefined;
  }

  private enclosingClass(node: SyntaxNode, model: SemanticModel, file: string | undefined): ClassRef | undefined {
    const method = model.enclosingFunction(node);
    const scope = method ? model.scopes.scopeOf(method)?.parent : undefined;
    return scope?.kind === 'class' ? { node: scope.node, model, file } : undefined;
  }

  /**
   * A method looked up in the class and then its workspace bases (left to right), as `kind` sees it:
   * on an instance a plain method is bound; through the class only a classmethod is.
   */
  private methodOf(cls: ClassRef, name: string, kind: 'instance' | 'class', depth = 0): Callee | undefined {
    const bindings = cls.model.scopes.scopeOf(cls.node)?.bindings.get(name);
    if (bindings) {
      if (bindings.length !== 1 || bindings[0].kind !== 'function') return undefined;
      const def = bindings[0].node;
      const decorators = new Set(decoratorsOf(def).map((decorator) => decoratorName(cls.model, decorator)));
      if (decorators.has('property') || decorators.has('functools.cached_property')) return undefined;
      const isStatic = decorators.has('staticmethod');
      const isClassMethod = decorators.has('classmethod');
      // `self.deliverer.connect()` with `deliverer: DeliverBase`, an abstract base: its one implementation runs.
      const implementation = kind === 'instance' && depth < MAX_BASES && isAbstractMethod(cls.model, def) ? this.implementationOf(cls, name) : undefined;
      if (implementation) return this.methodOf(implementation, name, kind, depth + 1);
      return this.runnable({ def, model: cls.model, file: cls.file }, isStatic ? false : isClassMethod || kind === 'instance');
    }
    if (depth >= MAX_BASES) return undefined;
    for (const base of this.basesOf(cls)) {
      const found = this.methodOf(base, name, kind, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  private implementationOf(cls: ClassRef, name: string): ClassRef | undefined {
    const key = `${cls.file ?? ''}#${cls.node.id}#${name}`;
    if (!this.implementations.has(key)) this.implementations.set(key, soleImplementation(cls, name, this.modules, (sub) => this.basesOf(sub)) ?? null);
    return this.implementations.get(key) ?? undefined;
  }

  private readonly implementations = new Map<string, ClassRef | null>();

  private basesOf(cls: ClassRef): ClassRef[] {
    return baseClassNames(cls.node)
      .map((item) => this.classNamed(item, cls.model, cls.file))
      .filter((base): base is ClassRef => base !== undefined && base.node.id !== cls.node.id);
  }

  /** `Service()` runs `Service.__init__` (its own or a base's); a dataclass's generated `__init__` runs its `__post_init__`. */
  private constructorOf(cls: ClassRef): Callee | undefined {
    const ownInit = cls.model.scopes.scopeOf(cls.node)?.bindings.has('__init__');
    if (!ownInit && hasDecorator(cls.model, cls.node, DATACLASS_DECORATORS)) return this.methodOf(cls, '__post_init__', 'instance');
    return this.methodOf(cls, '__init__', 'instance');
  }

  /**
   * Only a sync function runs its body when called: not an `async def`, not one a decorator hands to a
   * worker thread or defers (`@dask.delayed`). A generator's runs when it is entered or iterated (resolveCallee).
   */
  private runnable(ref: FunctionRef, bound: boolean): Callee | undefined {
    const key = keyOf(ref);
    let runs = this.runnableCache.get(key);
    if (runs === undefined) {
      const scope = ref.model.scopes.scopeOf(ref.def);
      runs =
        !!scope &&
        !scope.isAsync &&
        !this.runsInThread(ref) &&
        !this.isDeferred(ref);
      this.runnableCache.set(key, runs);
    }
    return runs ? { ref, bound } : undefined;
  }

  private readonly runnableCache = new Map<string, boolean>();

  private isDeferred(ref: FunctionRef): boolean {
    return decoratorsOf(ref.def).some((decorator) => {
      const name = decoratorName(ref.model, decorator);
      return !!name && this.deferringMatchers.some((matches) => matches(name));
    });
  }

  /** Decorated to run in a worker thread: a configured name, `@work(thread=True)`, or a workspace wrapper that hands its function to a thread. */
  private runsInThread(ref: FunctionRef): boolean {
    return decoratorsOf(ref.def).some((decorator) => this.isOffloadDecorator(decorator, ref));
  }

  private isOffloadDecorator(decorator: SyntaxNode, ref: FunctionRef): boolean {
    const name = decoratorName(ref.model, decorator);
    if (!name) return false;
    if (this.offloadMatchers.some((matches) => matches(name))) return true;
    const expression = namedChildren(decorator).find((child) => child.type !== 'comment');
    const call = expression && unparenthesize(expression).type === 'call' ? unparenthesize(expression) : undefined;
    if (call && /(^|\.)work$/.test(name) && unparenthesize(callArguments(call).keywords.get('thread') ?? call).type === 'true') return true;
    const wrapper = this.decoratorDefinition(call ? (field(call, 'function') ?? call) : expression!, ref);
    return wrapper ? handsParameterToThread(wrapper) : false;
  }

  private decoratorDefinition(expression: SyntaxNode, ref: FunctionRef): SyntaxNode | undefined {
    const node = unparenthesize(expression);
    if (node.type === 'identifier') {
      const binding = this.soleBinding(node.text, node, ref.model);
      if (binding?.kind === 'function') return binding.node;
    }
    const name = ref.model.qualifiedName(node);
    const found = name && ref.file ? this.modules?.resolveDefinition(name, ref.file) : undefined;
    return found?.binding.kind === 'function' ? found.binding.node : undefined;
  }
}

/**
 * What an assignment to a parameter leaves in it: a literal, or an object whose truthiness is known
 * (`[p]`, `Path(p)`); configuration stays undecided; anything else (`list(p)`, `self.delay`, a call's
 * result) is free.
 */
function assignedValue(value: SyntaxNode | undefined, model: SemanticModel): ArgumentValue {
  const assigned = value ? valueAt(value, model) : UNKNOWN;
  if (assigned.kind === 'unknown') return assigned.configured ? assigned : FREE_VALUE;
  return assigned.kind === 'value' && (assigned.value.kind === 'literal' || assigned.value.truthy !== undefined) ? assigned : FREE_VALUE;
}

function outermostLoop(node: SyntaxNode, definition: SyntaxNode): SyntaxNode | undefined {
  let loop: SyntaxNode | undefined;
  for (let parent = node.parent; parent && parent.id !== definition.id; parent = parent.parent) {
    if (parent.type === 'for_statement' || parent.type === 'while_statement') loop = parent;
  }
  return loop;
}

/** A decorator whose body (wrappers included) passes its function parameter to `run_in_executor`, `to_thread`, `Thread(target=…)`. */
function handsParameterToThread(decorator: SyntaxNode): boolean {
  const [parameter] = parameterNames(decorator);
  const body = field(decorator, 'body');
  if (!parameter || !body) return false;
  const mentions = new RegExp(`(^|[^\\w.])${parameter}([^\\w]|$)`);
  const pending = [body];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'call') {
      const callee = unparenthesize(field(node, 'function') ?? node);
      const last = callee.type === 'attribute' ? field(callee, 'attribute')?.text : callee.text;
      if (last && THREAD_HAND_OFFS.has(last) && mentions.test(field(node, 'arguments')?.text ?? '')) return true;
    }
    for (const child of namedChildren(node)) pending.push(child);
  }
  return false;
}

/** `urlopen(uri)` where `uri` is known to be a `data:` URI: decoded in memory, no network. */
function opensDataUri(call: SyntaxNode, model: SemanticModel): boolean {
  const [first] = callArguments(call).positional;
  if (!first) return false;
  const target = unparenthesize(first);
  const literal = literalValue(target);
  if (typeof literal === 'string') return literal.startsWith('data:');
  if (target.type !== 'identifier') return false;
  return (factsAt(call, model).get(target.text) ?? []).some((test) => test.kind === 'startswith' && test.values.every((prefix) => prefix.startsWith('data:')));
}

const CONSUMING_BUILTINS = new Set(['list', 'tuple', 'set', 'frozenset', 'dict', 'sorted', 'sum', 'any', 'all', 'min', 'max', 'next']);

/**
 * `for x in gen(...)` (a statement or a comprehension, not `async for`), `yield from gen(...)`, a builtin
 * that consumes it (`list(gen(...))`, `next(...)`), or `"".join(gen(...))`: the generator runs there.
 */
export function isIteratedAtOnce(call: SyntaxNode, depth = 0): boolean {
  const node = outermostParenthesized(call);
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'for_statement' || parent.type === 'for_in_clause') {
    if (field(parent, 'right')?.id !== node.id || parent.children.some((child) => child.type === 'async')) return false;
    // A generator expression is lazy: it runs where it is consumed (`"".join(x for x in gen())`).
    const comprehension = parent.parent;
    return parent.type === 'for_statement' || comprehension?.type !== 'generator_expression' || (depth < MAX_NESTING && isIteratedAtOnce(comprehension, depth + 1));
  }
  if (parent.type === 'yield') return parent.children.some((child) => child.type === 'from');
  // `f(x for x in y)`: the generator expression is the call's arguments.
  const consumer = node.type === 'generator_expression' && parent.type === 'call' ? parent : parent.type === 'argument_list' ? parent.parent : null;
  if (consumer?.type !== 'call') return false;
  if (parent.type === 'argument_list' && namedChildren(parent).filter((child) => child.type !== 'comment').length !== 1) return false;
  const callee = unparenthesize(field(consumer, 'function') ?? consumer);
  if (callee.type === 'identifier') return CONSUMING_BUILTINS.has(callee.text);
  return callee.type === 'attribute' && field(callee, 'attribute')?.text === 'join';
}

/**
 * `routes = gen(...)` in a function that then iterates `routes` (`next(routes)`, `for r in routes`): the first
 * such use after the binding, when the name is bound nowhere else in the function.
 */
function laterIteration(call: SyntaxNode, model: SemanticModel): SyntaxNode | undefined {
  const node = outermostParenthesized(call);
  const assignment = node.parent;
  const name = assignment?.type === 'assignment' && field(assignment, 'right')?.id === node.id ? field(assignment, 'left') : null;
  if (name?.type !== 'identifier' || assignment!.parent?.type !== 'expression_statement') return undefined;
  const scope = model.enclosingFunction(call);
  let iterated: SyntaxNode | undefined;
  for (const reference of referencesTo(model, name.text)) {
    if (reference.attribute || reference.node.id === name.id || model.enclosingFunction(reference.node) !== scope) continue;
    if (bindsName(reference.node)) return undefined;
    if (!iterated && reference.node.startIndex > assignment!.endIndex && isIteratedAtOnce(reference.node)) iterated = reference.node;
  }
  return iterated;
}

/** `x = …`, `x += …`, `for x in …`, `with … as x`: the name bound again. */
function bindsName(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (parent.type === 'assignment' || parent.type === 'augmented_assignment') return field(parent, 'left')?.id === identifier.id;
  if (parent.type === 'for_statement' || parent.type === 'for_in_clause') return field(parent, 'left')?.id === identifier.id;
  return parent.type === 'as_pattern_target' || parent.type === 'pattern_list' || parent.type === 'tuple_pattern';
}

/** A context manager returned (`return cm()`) or dropped (`cm()`) is not entered where it is made. */
function mayBeEntered(call: SyntaxNode): boolean {
  const parent = logicalParent(call)?.type;
  return parent !== 'return_statement' && parent !== 'expression_statement' && parent !== 'lambda';
}

function keyOf(ref: { def: SyntaxNode; file?: string }): string {
  return `${ref.file ?? ''}#${ref.def.id}`;
}
