import type { SyntaxNode } from '../parser';
import { callArguments, field, isAsyncFunction, logicalParent, namedChildren, unparenthesize } from '../syntax';
import type { SemanticModel } from './model';
import { isGeneratorFunction } from './references';

/**
 * A sync function of the module that runs a coroutine it is given by hand, without an event loop:
 * `it = coroutine.__await__(); next(it)` (or `it.send(None)`), `coroutine.send(None)`, `coroutine.throw(…)`
 * on one of its parameters — s3ql's `eval_coroutine`, which fails if the coroutine ever suspends.
 */
interface Driver {
  /** The parameter's place among the positional ones (-1 when it can only be given by keyword). */
  index: number;
  name: string;
}

const DRIVING = new Set(['send', 'throw', '__await__']);

/**
 * The `async def`s of the module that only ever run under a sync driver, so never on an event loop
 * (by node id). A coroutine counts when every reference to it in the module is either a call passed
 * straight to a driver's parameter, from sync code or from another such coroutine, or a call awaited
 * inside another such coroutine; and some driver call leads to it. A method is reached through any
 * `x.name`, a function by its bare name; any other use (passed on, returned, awaited from a coroutine
 * that runs on a loop) keeps it on the loop.
 */
export function drivenSynchronously(model: SemanticModel): Set<number> {
  const driven = new Set<number>();
  const drivers = driversOf(model);
  if (drivers.size === 0) return driven;
  // The calls handed to a driver: the coroutine call's id → the driver's call.
  const handed = new Map<number, SyntaxNode>();
  for (const call of model.nodes('call')) {
    const callee = field(call, 'function');
    if (callee?.type !== 'identifier') continue;
    const binding = model.lookup(callee.text, callee);
    const driver = binding?.kind === 'function' ? drivers.get(binding.node.id) : undefined;
    if (!driver) continue;
    const args = callArguments(call);
    const given = args.keywords.get(driver.name) ?? (args.hasSplat || driver.index < 0 ? undefined : args.positional[driver.index]);
    const inner = given ? unparenthesize(given) : undefined;
    if (inner?.type === 'call') handed.set(inner.id, call);
  }
  if (handed.size === 0) return driven;

  const candidates = new Map<string, SyntaxNode[]>();
  for (const definition of model.nodes('function_definition')) {
    const name = field(definition, 'name')?.text;
    if (!name || !isAsyncFunction(definition) || isGeneratorFunction(definition)) continue;
    const list = candidates.get(name);
    if (list) list.push(definition);
    else candidates.set(name, [definition]);
  }
  if (candidates.size === 0) return driven;

  // Each candidate's uses: a driver's call (`from` is where it runs) or an await (`from` is its coroutine).
  interface Use { from: SyntaxNode | undefined; driver: boolean }
  const uses = new Map<number, Use[]>();
  const excluded = new Set<number>();
  const record = (definition: SyntaxNode, use: Use | undefined): void => {
    if (!use) excluded.add(definition.id);
    else if (uses.has(definition.id)) uses.get(definition.id)!.push(use);
    else uses.set(definition.id, [use]);
  };
  for (const identifier of model.nodes('identifier')) {
    const definitions = candidates.get(identifier.text);
    if (!definitions) continue;
    const parent = identifier.parent;
    if ((parent?.type === 'keyword_argument' || parent?.type === 'function_definition' || parent?.type === 'class_definition') && field(parent, 'name')?.id === identifier.id) continue;
    const attribute = parent?.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id;
    const reference = attribute ? parent : identifier;
    const target = attribute ? undefined : model.lookup(identifier.text, identifier)?.node.id;
    for (const definition of definitions) {
      // A method is any `x.name`; a function is its bare name, and an attribute of that name may be it too.
      if (!attribute && target !== definition.id) continue;
      record(definition, useOf(model, reference, handed));
    }
  }

  const live = new Set<number>();
  for (const id of uses.keys()) if (!excluded.has(id)) live.add(id);
  for (let changed = true; changed; ) {
    changed = false;
    // Greatest fixed point: every use runs in sync code or in a coroutine still counted as driven.
    for (const id of live) {
      if (!uses.get(id)!.every((use) => use.from === undefined || live.has(use.from.id))) {
        live.delete(id);
        changed = true;
      }
    }
    // Grounded: a driver call in sync code leads to it (a cycle of coroutines awaiting each other does not).
    const reached = new Set<number>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const id of live) {
        if (reached.has(id)) continue;
        if (uses.get(id)!.some((use) => (use.driver && use.from === undefined) || (use.from !== undefined && reached.has(use.from.id)))) {
          reached.add(id);
          grew = true;
        }
      }
    }
    for (const id of live) {
      if (!reached.has(id)) {
        live.delete(id);
        changed = true;
      }
    }
  }
  return live;
}

/** How a reference uses the coroutine: handed to a driver, awaited, or anything else (undefined). */
function useOf(model: SemanticModel, reference: SyntaxNode, handed: Map<number, SyntaxNode>): { from: SyntaxNode | undefined; driver: boolean } | undefined {
  const call = logicalParent(reference);
  if (call?.type !== 'call' || field(call, 'function')?.id !== reference.id) return undefined;
  const driverCall = handed.get(call.id);
  if (driverCall) {
    const from = model.asyncContext(driverCall);
    return from === undefined || from.type === 'function_definition' ? { from, driver: true } : undefined;
  }
  if (logicalParent(call)?.type !== 'await') return undefined;
  const from = model.asyncContext(call);
  return from?.type === 'function_definition' ? { from, driver: false } : undefined;
}

/** The module's plain sync functions (not methods, not decorated) that drive one of their parameters by hand. */
function driversOf(model: SemanticModel): Map<number, Driver> {
  const drivers = new Map<number, Driver>();
  for (const call of model.nodes('call')) {
    const callee = field(call, 'function');
    if (callee?.type !== 'attribute' || !DRIVING.has(field(callee, 'attribute')?.text ?? '')) continue;
    const object = unparenthesize(field(callee, 'object') ?? callee);
    if (object.type !== 'identifier') continue;
    const definition = model.enclosingFunction(call);
    if (definition?.type !== 'function_definition' || isAsyncFunction(definition) || drivers.has(definition.id)) continue;
    if (definition.parent?.type === 'decorated_definition' || definition.parent?.parent?.type === 'class_definition') continue;
    const parameter = drivenParameter(model, call, object, definition);
    if (!parameter) continue;
    const driver = parameterPlace(definition, parameter);
    if (driver) drivers.set(definition.id, driver);
  }
  return drivers;
}

/**
 * The parameter that `call` (`x.send(…)`, `x.throw(…)` or `x.__await__()`) drives: `x` itself, or for
 * `it.send(…)` the parameter whose `__await__()` `it` holds; `p.__await__()` counts when `next` or `.send`
 * then runs it (`next(p.__await__())`, `it = p.__await__()` then `next(it)`).
 */
function drivenParameter(model: SemanticModel, call: SyntaxNode, object: SyntaxNode, definition: SyntaxNode): SyntaxNode | undefined {
  const binding = model.lookup(object.text, object);
  const method = field(field(call, 'function')!, 'attribute')?.text;
  if (binding?.kind === 'parameter' && binding.owner?.id === definition.id) {
    if (method !== '__await__') return binding.node;
    const holder = logicalParent(call);
    if (holder?.type === 'argument_list') {
      const outer = holder.parent;
      const name = outer ? field(outer, 'function') : null;
      return name?.type === 'identifier' && name.text === 'next' ? binding.node : undefined;
    }
    if (holder?.type !== 'assignment' || field(holder, 'right')?.id !== call.id) return undefined;
    const iterator = field(holder, 'left');
    if (iterator?.type !== 'identifier') return undefined;
    return runsIterator(model, definition, iterator.text) ? binding.node : undefined;
  }
  // `it.send(None)` where `it = p.__await__()`.
  if (method === '__await__' || binding?.kind !== 'assignment' || model.enclosingFunction(binding.node)?.id !== definition.id) return undefined;
  const value = binding.value ? unparenthesize(binding.value) : undefined;
  const valueCallee = value?.type === 'call' ? field(value, 'function') : null;
  if (valueCallee?.type !== 'attribute' || field(valueCallee, 'attribute')?.text !== '__await__') return undefined;
  const source = unparenthesize(field(valueCallee, 'object') ?? valueCallee);
  const parameter = source.type === 'identifier' ? model.lookup(source.text, source) : undefined;
  return parameter?.kind === 'parameter' && parameter.owner?.id === definition.id ? parameter.node : undefined;
}

/** `next(it)` or `it.send(…)` in the function. */
function runsIterator(model: SemanticModel, definition: SyntaxNode, name: string): boolean {
  for (const call of model.nodesWithin('call', definition.startIndex, definition.endIndex)) {
    const callee = field(call, 'function');
    if (callee?.type === 'identifier' && callee.text === 'next') {
      const first = callArguments(call).positional[0];
      if (first && unparenthesize(first).type === 'identifier' && unparenthesize(first).text === name) return true;
    } else if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'send') {
      const object = unparenthesize(field(callee, 'object') ?? callee);
      if (object.type === 'identifier' && object.text === name) return true;
    }
  }
  return false;
}

/** Where a parameter stands: its positional index (-1 after `*`) and name; undefined for `*args`/`**kwargs`. */
function parameterPlace(definition: SyntaxNode, parameter: SyntaxNode): Driver | undefined {
  const parameters = field(definition, 'parameters');
  let index = 0;
  let keywordOnly = false;
  for (const child of parameters ? namedChildren(parameters) : []) {
    if (child.type === 'comment' || child.type === 'positional_separator') continue;
    if (child.type === 'keyword_separator' || child.type === 'list_splat_pattern' || child.type === 'dictionary_splat_pattern') {
      if (child.startIndex <= parameter.startIndex && parameter.endIndex <= child.endIndex) return undefined;
      keywordOnly = true;
      continue;
    }
    if (child.startIndex <= parameter.startIndex && parameter.endIndex <= child.endIndex) return { index: keywordOnly ? -1 : index, name: parameter.text };
    index++;
  }
  return undefined;
}
