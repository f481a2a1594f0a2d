import { findBlockingApi, mayBeBlockingCall } from '../catalog/blockingApis';
import { blockingCallFixes } from '../fixes/blocking';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import type { Scope } from '../semantic/scopes';
import { field, rangeOf, unparenthesize } from '../syntax';
import type { RelatedLocation } from '../types';
import type { ModuleLoader } from '../workspace';
import { isGeneratorFunction } from '../semantic/references';
import { hasDecorator } from './helpers/functions';
import { calleeLabel } from './blockingCalls';
import type { Rule, RuleContext } from './rule';

/** How deep a chain of sync helpers is followed. */
const MAX_DEPTH = 8;

interface FunctionRef {
  def: SyntaxNode;
  model: SemanticModel;
  file?: string;
}

/** One call on the way to the blocking call: where it is and what it calls. */
interface Step {
  label: string;
  call: SyntaxNode;
  file?: string;
  /** On the last step: the code of the blocking call it makes. */
  code?: string;
}

const PENDING = Symbol('pending');

/**
 * AIO200: an `async def` calls a sync function of the workspace that — directly or through further
 * sync calls — makes a blocking call. Follows names in the same file and, when the host provides the
 * workspace, imports of the project's own modules. Callables handed to `to_thread` are references,
 * not calls, so they are never followed; recursion and cycles end at the first repeat.
 */
class HelperSearch {
  private readonly summaries = new Map<string, Step[] | null | typeof PENDING>();
  private readonly callsByFunction = new WeakMap<SemanticModel, Map<number, SyntaxNode[]>>();

  constructor(
    private readonly context: RuleContext,
    private readonly modules: ModuleLoader | undefined,
  ) {}

  /** The chain from a call to a blocking call, or undefined when the callee never blocks. */
  chainFrom(call: SyntaxNode, model: SemanticModel, file: string | undefined): Step[] | undefined {
    const target = this.resolveCallee(call, model, file);
    if (!target) return undefined;
    const rest = this.summarize(target, 0);
    return rest ? [{ label: calleeLabel(call), call, file }, ...rest] : undefined;
  }

  private summarize(ref: FunctionRef, depth: number): Step[] | null {
    const key = `${ref.file ?? ''}#${ref.def.id}`;
    const known = this.summaries.get(key);
    if (known === PENDING || depth > MAX_DEPTH) return null;
    if (known !== undefined) return known;
    this.summaries.set(key, PENDING);
    let result: Step[] | null = null;
    for (const call of this.callsIn(ref)) {
      if (ref.model.isAwaited(call)) continue;
      if (mayBeBlockingCall(call, ref.model)) {
        const match = findBlockingApi(ref.model.callTargets(call), call, ref.model);
        if (match && this.context.isEnabled(match.api.code)) {
          result = [{ label: calleeLabel(call), call, file: ref.file, code: match.api.code }];
          break;
        }
      }
      const next = this.resolveCallee(call, ref.model, ref.file);
      const rest = next ? this.summarize(next, depth + 1) : null;
      if (rest) {
        result = [{ label: calleeLabel(call), call, file: ref.file }, ...rest];
        break;
      }
    }
    this.summaries.set(key, result);
    return result;
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

  /** The sync `def` a call runs, when it can be told without doubt. */
  private resolveCallee(call: SyntaxNode, model: SemanticModel, file: string | undefined): FunctionRef | undefined {
    const callee = field(call, 'function');
    if (!callee) return undefined;
    const target = unparenthesize(callee);
    if (target.type === 'identifier') {
      const bindings = this.bindingsOf(target.text, target, model);
      if (!bindings || bindings.length !== 1) return undefined;
      const [binding] = bindings;
      if (binding.kind === 'function') return this.runnable({ def: binding.node, model, file });
      if (binding.kind === 'class') return this.constructorOf(binding.node, model, file);
      if (binding.kind === 'import' && binding.importedName && file) return this.resolveImported(binding.importedName, file);
      return undefined;
    }
    if (target.type === 'attribute') {
      const object = field(target, 'object');
      const attribute = field(target, 'attribute');
      if (!object || !attribute) return undefined;
      if (object.type === 'identifier' && object.text === 'self') return this.methodOfSelf(call, attribute.text, model, file);
      const name = model.qualifiedName(target);
      if (name && file) return this.resolveImported(name, file);
    }
    return undefined;
  }

  private bindingsOf(name: string, at: SyntaxNode, model: SemanticModel) {
    const binding = model.lookup(name, at);
    if (!binding) return undefined;
    for (let scope: Scope | undefined = model.scopes.enclosingScope(at); scope; scope = scope.parent) {
      const list = scope.bindings.get(name);
      if (list?.some((candidate) => candidate.node.id === binding.node.id)) return list;
    }
    return undefined;
  }

  /** `pkg.mod.helper` or `.util.helper`: a top-level def (or class) of a workspace module. */
  private resolveImported(name: string, fromFile: string): FunctionRef | undefined {
    const found = this.modules?.resolveDefinition(name, fromFile);
    if (!found) return undefined;
    const { module, binding } = found;
    return binding.kind === 'class'
      ? this.constructorOf(binding.node, module.model, module.file)
      : this.runnable({ def: binding.node, model: module.model, file: module.file });
  }

  private methodOfSelf(call: SyntaxNode, name: string, model: SemanticModel, file: string | undefined): FunctionRef | undefined {
    const method = model.enclosingFunction(call);
    const classScope = method ? model.scopes.scopeOf(method)?.parent : undefined;
    if (classScope?.kind !== 'class') return undefined;
    const bindings = classScope.bindings.get(name);
    if (!bindings || bindings.length !== 1 || bindings[0].kind !== 'function') return undefined;
    return this.runnable({ def: bindings[0].node, model, file });
  }

  /** `Service()` runs `Service.__init__`. */
  private constructorOf(classNode: SyntaxNode, model: SemanticModel, file: string | undefined): FunctionRef | undefined {
    const init = model.scopes.scopeOf(classNode)?.bindings.get('__init__');
    if (!init || init.length !== 1 || init[0].kind !== 'function') return undefined;
    return this.runnable({ def: init[0].node, model, file });
  }

  /** Only a plain sync function runs its body when called: not an `async def`, not a generator. */
  private runnable(ref: FunctionRef): FunctionRef | undefined {
    const scope = ref.model.scopes.scopeOf(ref.def);
    if (!scope || scope.isAsync) return undefined;
    if (isGeneratorFunction(ref.def) && !hasDecorator(ref.model, ref.def, CONTEXT_MANAGER_DECORATORS)) return undefined;
    return ref;
  }
}

/** `@contextmanager` generators run their body up to `yield` when the `with` enters them. */
const CONTEXT_MANAGER_DECORATORS = new Set(['contextlib.contextmanager', 'contextmanager']);

export const blockingHelpers: Rule = {
  codes: [{ code: 'AIO200', title: 'Blocking call reached through a sync helper', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO200')) return;
    const { model } = context;
    const search = new HelperSearch(context, context.modules);
    for (const call of model.nodes('call')) {
      if (model.isAwaited(call) || !model.isOnEventLoop(call)) continue;
      // A direct blocking call is reported by its own rule.
      if (mayBeBlockingCall(call, model) && findBlockingApi(model.callTargets(call), call, model)) continue;
      const chain = search.chainFrom(call, model, context.file);
      if (!chain) continue;
      const labels = chain.map((step) => step.label);
      const related: RelatedLocation[] = chain.slice(1).map((step, index) => ({
        message: t('{0} calls {1}', labels[index], step.label),
        range: rangeOf(field(step.call, 'function') ?? step.call),
        ...(step.file && step.file !== context.file ? { file: step.file } : {}),
      }));
      // A helper that only checks a path is no worse than the check itself (ASYNC240 is information).
      const reached = context.severityOf(chain[chain.length - 1].code ?? 'AIO200');
      context.report({
        code: 'AIO200',
        node: field(call, 'function') ?? call,
        severity: reached === 'information' || reached === 'hint' ? reached : undefined,
        message: t('`{0}` blocks the event loop through a sync helper ({1}): use `await asyncio.to_thread({0}, ...)` or make it async.', labels[0], labels.join(' → ')),
        related,
        fixes: blockingCallFixes(model, call, { kind: 'toThread', matchedName: labels[0], label: labels[0] }),
      });
    }
  },
};
