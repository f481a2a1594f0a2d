import {
  ASYNCIO_AWAITABLE_FUNCTIONS,
  ASYNCIO_AWAITABLE_METHODS,
  PTB_MODULE,
  AWAITED_RESULT_TYPES,
  type AwaitableKind,
  EVENT_LOOP,
  TRANSPARENT_DECORATORS,
} from '../catalog/asyncioApis';
import type { AnalyzerOptions } from '../options';
import type { SyntaxNode } from '../parser';
import { field, firstParameterName, isAsyncFunction, namedChildren, unpackedTarget, unparenthesize } from '../syntax';
import { asyncDefinitionNames, callsNamed, lastSegment } from './callIndex';
import type { SemanticModel } from './model';
import { isGeneratorFunction } from './references';
import type { Binding } from './scopes';
import type { ModuleLoader } from '../workspace';

/** What the pitfall rules need to resolve names: the file's model and, when the host gives it, the workspace. */
export interface ResolutionContext {
  readonly model: SemanticModel;
  readonly options: AnalyzerOptions;
  readonly modules?: ModuleLoader;
  readonly file?: string;
}

/** A function a callee expression names for certain. */
export interface FunctionTarget {
  /** The `def` node. */
  definition: SyntaxNode;
  /** The model of the module that defines it. */
  model: SemanticModel;
  /** True for `self.method`: the first parameter is already bound. */
  bound: boolean;
}

/** A coroutine function a callee expression names for certain. */
export type AsyncFunctionTarget = FunctionTarget;

/** Which defs a resolution accepts; every def the name may be bound to must pass. */
type DefinitionTest = (model: SemanticModel, definition: SyntaxNode) => boolean;

/**
 * The one question "is this callee an `async def`?" (AIO100, AIO101, AIO106). Answers only when
 * certain: a name bound to `async def`s only (module-level or nested, through the scopes), or
 * `self.method` where the enclosing class defines `method` with `async def`. Async generators and
 * functions with decorators that may change what they return are not coroutine functions here.
 * Names imported from other modules of the workspace (`from .client import fetch`, `client.fetch`)
 * resolve there when the host gives access to the workspace.
 */
export function resolveAsyncFunction(context: ResolutionContext, callee: SyntaxNode): AsyncFunctionTarget | undefined {
  return resolveFunction(context, callee, isCoroutineFunction);
}

/** The same resolution for an async generator function (`async def` with `yield`). */
export function resolveAsyncGeneratorFunction(context: ResolutionContext, callee: SyntaxNode): AsyncFunctionTarget | undefined {
  return resolveFunction(context, callee, isAsyncGeneratorFunction);
}

/**
 * The same resolution for a plain `def` (not `async`, not a generator, no decorator that may change
 * what it returns): calling it runs it at once, whatever it returns.
 */
export function resolvePlainFunction(context: ResolutionContext, callee: SyntaxNode): FunctionTarget | undefined {
  return resolveFunction(context, callee, isPlainFunction);
}

function resolveFunction(context: ResolutionContext, callee: SyntaxNode, accepts: DefinitionTest): FunctionTarget | undefined {
  const { model } = context;
  const node = unparenthesize(callee);
  if (node.type === 'identifier') {
    const binding = model.lookup(node.text, node);
    // `try: from fast import fetch / except ImportError: from slow import fetch`: not one answer.
    if (binding?.kind === 'import') return model.importAlternatives(binding).length > 1 ? undefined : importedFunction(context, binding.importedName, accepts);
    // A name a star import of a workspace module brings.
    if (!binding) return importedFunction(context, model.qualifiedName(node), accepts);
    if (binding.kind !== 'function') return undefined;
    const definitions = allBindingsOf(model, binding);
    return definitions?.every((definition) => accepts(model, definition))
      ? { definition: definitions[definitions.length - 1], model, bound: false }
      : undefined;
  }
  if (node.type === 'attribute') {
    const definition = selfMethod(model, node, accepts);
    if (definition) return { definition, model, bound: !isStaticMethod(model, definition) };
    return instanceMethod(model, node, accepts) ?? importedFunction(context, model.qualifiedName(node), accepts);
  }
  return undefined;
}

function importedFunction(context: ResolutionContext, name: string | undefined, accepts: DefinitionTest): FunctionTarget | undefined {
  if (!name || !context.modules || !context.file) return undefined;
  const found = context.modules.resolveDefinition(name, context.file);
  if (found?.binding.kind !== 'function' || !accepts(found.module.model, found.binding.node)) return undefined;
  return { definition: found.binding.node, model: found.module.model, bound: false };
}

/** The defs bound to the binding's name in its scope, or undefined when the name is also bound otherwise. */
function allBindingsOf(model: SemanticModel, binding: Binding): SyntaxNode[] | undefined {
  const scope = model.scopes.enclosingScope(binding.node);
  const bindings = scope.bindings.get(binding.name) ?? [binding];
  if (bindings.some((other) => other.kind !== 'function' || other.node.type !== 'function_definition')) return undefined;
  return bindings.map((other) => other.node);
}

/** `async def` (not an async generator) whose decorators, if any, keep it a coroutine function. */
function isCoroutineFunction(model: SemanticModel, definition: SyntaxNode): boolean {
  return isAsyncFunction(definition) && !isGeneratorFunction(definition) && hasTransparentDecorators(model, definition);
}

function isAsyncGeneratorFunction(model: SemanticModel, definition: SyntaxNode): boolean {
  return isAsyncFunction(definition) && isGeneratorFunction(definition) && hasTransparentDecorators(model, definition);
}

/** `def` (not a generator) whose decorators, if any, keep it a plain function. */
function isPlainFunction(model: SemanticModel, definition: SyntaxNode): boolean {
  return !isAsyncFunction(definition) && !isGeneratorFunction(definition) && hasTransparentDecorators(model, definition);
}

function hasTransparentDecorators(model: SemanticModel, definition: SyntaxNode): boolean {
  const decorated = definition.parent?.type === 'decorated_definition' ? definition.parent : undefined;
  return !decorated || decoratorsOf(decorated).every((decorator) => isTransparentDecorator(model, decorator));
}

function decoratorsOf(decorated: SyntaxNode): SyntaxNode[] {
  return namedChildren(decorated)
    .filter((child) => child.type === 'decorator')
    .map((decorator) => namedChildren(decorator).find((child) => child.type !== 'comment'))
    .filter((expression): expression is SyntaxNode => expression !== undefined);
}

function isStaticMethod(model: SemanticModel, definition: SyntaxNode): boolean {
  const decorated = definition.parent?.type === 'decorated_definition' ? definition.parent : undefined;
  return !!decorated && decoratorsOf(decorated).some((decorator) => model.qualifiedName(decorator) === 'builtins.staticmethod');
}

function isTransparentDecorator(model: SemanticModel, expression: SyntaxNode): boolean {
  const target = expression.type === 'call' ? field(expression, 'function') : expression;
  const name = target ? model.qualifiedName(target) : undefined;
  return name !== undefined && TRANSPARENT_DECORATORS.has(name);
}

/**
 * `Hub().publish`, `hub.publish` (`hub = Hub()` or `hub: Hub`): the `def publish` of a workspace
 * class (or of its workspace bases).
 */
function instanceMethod(model: SemanticModel, attribute: SyntaxNode, accepts: DefinitionTest): FunctionTarget | undefined {
  const object = field(attribute, 'object');
  const name = field(attribute, 'attribute');
  if (!object || !name || object.text === 'self') return undefined;
  const owner = model.classOfValue(object);
  const definitions = owner?.model.methodDefinitions(owner.node, name.text);
  if (!definitions || !definitions.every((definition) => accepts(definition.model, definition.node))) return undefined;
  const last = definitions[definitions.length - 1];
  return { definition: last.node, model: last.model, bound: !isStaticMethod(last.model, last.node) };
}

/** `self.name` inside a method: the class's own `def name`. */
function selfMethod(model: SemanticModel, attribute: SyntaxNode, accepts: DefinitionTest): SyntaxNode | undefined {
  const object = field(attribute, 'object');
  const name = field(attribute, 'attribute');
  if (object?.type !== 'identifier' || object.text !== 'self' || !name) return undefined;
  const binding = model.lookup('self', object);
  const method = binding?.kind === 'parameter' ? binding.owner : undefined;
  if (!method || method.type !== 'function_definition' || firstParameterName(method) !== 'self') return undefined;
  const classNode = classOfMethod(method);
  const classScope = classNode ? model.scopes.scopeOf(classNode) : undefined;
  const bindings = classScope?.bindings.get(name.text);
  if (!bindings || bindings.some((other) => other.kind !== 'function' || other.node.type !== 'function_definition')) return undefined;
  const definitions = bindings.map((other) => other.node);
  return definitions.every((definition) => accepts(model, definition)) ? definitions[definitions.length - 1] : undefined;
}

/** The class whose body directly defines the method (possibly decorated). */
function classOfMethod(method: SyntaxNode): SyntaxNode | undefined {
  const statement = method.parent?.type === 'decorated_definition' ? method.parent : method;
  const block = statement.parent;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : undefined;
}

/** What a call produces that must be awaited, with the name to show in messages. */
export interface AwaitableCall {
  kind: AwaitableKind;
  /** `asyncio.sleep`, `Queue.get`, or the user's function name. */
  label: string;
  /** Set when the callee is an `async def` of the file. */
  definition?: SyntaxNode;
  /** A method of a known class: `aiogram.types.Message.answer`. */
  method?: string;
}

/**
 * The calls that may create an awaitable, found by name before anything is resolved: asyncio's
 * coroutine functions and awaitable methods, the file's own `async def`s, and imported names.
 */
export function possibleAwaitableCalls(context: ResolutionContext): SyntaxNode[] {
  const { model } = context;
  const names = new Set([...ASYNCIO_AWAITABLE_FUNCTIONS.keys(), ...ASYNCIO_AWAITABLE_METHODS.keys()].map(lastSegment));
  for (const name of asyncDefinitionNames(model)) names.add(name);
  for (const [local, imported] of model.importedNames()) {
    if (imported.startsWith('asyncio')) continue;
    // `from .client import fetch`: the name itself; `import client`: the coroutine functions it defines.
    names.add(local);
    const module = context.modules && context.file ? context.modules.resolve(imported, context.file) : undefined;
    if (module) for (const name of asyncDefinitionNames(module.model)) names.add(name);
    // `from .hub import Hub`: the async methods of the class (`Hub().publish(…)`); likewise those beside a factory
    // (`from .clients import get_client`, which returns a `Client` of its module).
    const definition = !module && context.modules && context.file ? context.modules.resolveDefinition(imported, context.file) : undefined;
    if (definition) for (const name of asyncDefinitionNames(definition.module.model)) names.add(name);
    // `from .hub import hub` (`hub = Hub()` there): the async methods of the module that builds it.
    const shared = !module && !definition && context.modules && context.file ? context.modules.resolveModuleValue(imported, context.file) : undefined;
    if (shared) for (const name of asyncDefinitionNames(shared.model)) names.add(name);
  }
  // `from .services import *`: what that workspace module defines and imports (one level).
  for (const source of model.starImportSources()) {
    const module = context.modules && context.file ? context.modules.resolve(source, context.file) : undefined;
    if (!module) continue;
    for (const name of asyncDefinitionNames(module.model)) names.add(name);
    for (const [local, imported] of module.model.importedNames()) {
      names.add(local);
      const definition = context.modules!.resolveDefinition(imported, module.file);
      if (definition) for (const name of asyncDefinitionNames(definition.module.model)) names.add(name);
    }
  }
  return callsNamed(model, names);
}

/** The awaitable a call creates, when known: a workspace `async def`, an asyncio coroutine function, or an awaitable method. */
export function awaitableCall(context: ResolutionContext, call: SyntaxNode): AwaitableCall | undefined {
  const { model } = context;
  const callee = field(call, 'function');
  if (!callee) return undefined;
  const name = model.qualifiedName(callee);
  const functionKind = name ? ASYNCIO_AWAITABLE_FUNCTIONS.get(name) : undefined;
  // Through an import fallback, every module it may come from must agree.
  const agreed = functionKind && model.alternativeNames(callee).every((other) => ASYNCIO_AWAITABLE_FUNCTIONS.get(other) === functionKind);
  if (functionKind && agreed) return { kind: functionKind, label: name! };
  const method = awaitableMethod(model, call);
  if (method) return method;
  const target = resolveAsyncFunction(context, callee);
  return target ? { kind: 'coroutine', label: unparenthesize(callee).text, definition: target.definition } : undefined;
}

function awaitableMethod(model: SemanticModel, call: SyntaxNode): AwaitableCall | undefined {
  const callee = unparenthesize(field(call, 'function')!);
  if (callee.type !== 'attribute') return undefined;
  const object = field(callee, 'object');
  const attribute = field(callee, 'attribute');
  if (!object || !attribute) return undefined;
  const type = isEventLoop(model, object) ? EVENT_LOOP : valueType(model, object);
  const kind = type ? ASYNCIO_AWAITABLE_METHODS.get(`${type}.${attribute.text}`) : undefined;
  // python-telegram-bot before 20 made the same calls, plain ones, from sync handlers.
  if (kind && type!.startsWith(PTB_MODULE) && !model.asyncContext(call)) return undefined;
  return kind ? { kind, label: `${shortClassName(type!)}.${attribute.text}`, method: `${type}.${attribute.text}` } : undefined;
}

function shortClassName(type: string): string {
  return type === EVENT_LOOP ? 'loop' : type.slice(type.lastIndexOf('.') + 1);
}

/**
 * The model's type of a value, plus what asyncio code needs on top: the result of awaiting a
 * known coroutine function (`proc = await asyncio.create_subprocess_exec(...)`) and the two halves
 * of `reader, writer = await asyncio.open_connection(...)`.
 */
export function valueType(model: SemanticModel, expression: SyntaxNode): string | undefined {
  const known = model.typeOf(expression);
  if (known) return known;
  const node = unparenthesize(expression);
  if (node.type === 'await') return awaitedType(model, namedChildren(node)[0], 0);
  if (node.type !== 'identifier') return undefined;
  const binding = model.lookup(node.text, node);
  if (!binding || binding.kind !== 'assignment') return undefined;
  if (binding.value) return unparenthesize(binding.value).type === 'await' ? awaitedType(model, namedChildren(unparenthesize(binding.value))[0], 0) : undefined;
  return unpackedAwaitedType(model, binding.node);
}

function awaitedType(model: SemanticModel, operand: SyntaxNode | undefined, index: number): string | undefined {
  const call = operand ? unparenthesize(operand) : undefined;
  if (call?.type !== 'call') return undefined;
  const callee = field(call, 'function');
  const name = callee ? model.qualifiedName(callee) : undefined;
  const results = name ? AWAITED_RESULT_TYPES[name] : undefined;
  return results && results.length > index ? results[index] : undefined;
}

/** `reader, writer = await asyncio.open_connection(...)`: the type of one of the unpacked names. */
function unpackedAwaitedType(model: SemanticModel, identifier: SyntaxNode): string | undefined {
  const unpacked = unpackedTarget(identifier);
  if (unpacked?.value.type !== 'await') return undefined;
  const call = namedChildren(unpacked.value)[0];
  const callee = call && unparenthesize(call).type === 'call' ? field(unparenthesize(call), 'function') : null;
  const name = callee ? model.qualifiedName(callee) : undefined;
  const results = name ? AWAITED_RESULT_TYPES[name] : undefined;
  return results && results.length === unpacked.count ? results[unpacked.index] : undefined;
}

const LOOP_NAMES = /^_*(event_)?loop$/;

/**
 * True for an event loop: a value typed `AbstractEventLoop` (`asyncio.get_running_loop()`...), or
 * one of unknown type named like one (`loop`, `self._loop`), the universal asyncio convention.
 */
export function isEventLoop(model: SemanticModel, expression: SyntaxNode): boolean {
  const type = valueType(model, expression);
  if (type) return type === EVENT_LOOP;
  const node = unparenthesize(expression);
  const name = node.type === 'attribute' ? field(node, 'attribute')?.text : node.type === 'identifier' ? node.text : undefined;
  if (!name || !LOOP_NAMES.test(name)) return false;
  if (node.type === 'identifier') {
    const binding = model.lookup(name, node);
    if (binding?.kind === 'import' || binding?.kind === 'function' || binding?.kind === 'class') return false;
  }
  return true;
}
