import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { asyncLibrary } from '../semantic/asyncLibrary';
import type { SemanticModel } from '../semantic/model';
import { field, isWithItemValue, namedChildren, outermostParenthesized, passesKeywords } from '../syntax';
import type { Fix, TextEdit } from '../types';
import { endOf, importedModuleName, insertAt, moduleAttribute, namesImporting, startOf } from './edits';
import { executorJobFix } from './homeAssistant';
import { indentationOf } from './statements';
import { handlerThatMayBeAsync } from '../rules/helpers/loopCallbacks';

export type BlockingFixKind = 'asyncSleep' | 'toThread' | 'syncToAsync' | 'asyncTwin';

export interface BlockingFixRequest {
  /** Which fix the blocking-API table names for the call (`toThread` when it names none). */
  kind: BlockingFixKind;
  /** The canonical name the call matched in the table, e.g. `sqlite3.Connection.execute`. */
  matchedName: string;
  /** The callee as the user wrote it, for the title. */
  label: string;
}

/**
 * Calls that `asyncio.to_thread` cannot take over without changing what the code does:
 * - sqlite3 objects refuse to be used from a thread other than the one that created them;
 * - a lock acquired (or a queue item taken) by a worker thread whose awaiting task was cancelled
 *   stays acquired (is lost), and `Condition` methods need the lock held by the calling thread;
 * - lazy iterators (`os.walk`, `Path.glob`, pysnmp's sync commands, …) and context managers (`httpx.stream`) do
 *   their blocking work later, while the loop iterates or enters them.
 */
const NOT_MOVABLE_TO_THREAD = new Set([
  'threading.Lock.acquire',
  'threading.Condition.acquire',
  'threading.Condition.wait',
  'threading.Condition.wait_for',
  'queue.Queue.get',
  'os.walk',
  'os.fwalk',
  'os.scandir',
  'glob.iglob',
  'pathlib.Path.iterdir',
  'pathlib.Path.glob',
  'pathlib.Path.rglob',
  'pathlib.Path.walk',
  'concurrent.futures.as_completed',
  'httpx.stream',
  'httpx.Client.stream',
]);

function movableToThread(matchedName: string): boolean {
  // Tk may be used only from the thread that made its interpreter: a dialog run from a worker thread fails.
  return !/^(?:sqlite3|tkinter|pysnmp\.hlapi)\./.test(matchedName) && !NOT_MOVABLE_TO_THREAD.has(matchedName);
}

/** The catalog's fix kind as it applies to `call`: a call through a `functools.partial` object is moved to a thread whole (its arguments are not the wrapped function's). */
export function blockingFixKind(model: SemanticModel, call: SyntaxNode, kind: BlockingFixKind | undefined): BlockingFixKind {
  if (kind === 'asyncTwin') return kind;
  return kind === 'asyncSleep' && !model.callsPartial(call) ? kind : 'toThread';
}

/**
 * The quick fixes for a blocking call on the event loop; none where `await` cannot go, unless the sync handler
 * around it may become an `async def` (see inHandlerMadeAsync).
 */
export function blockingCallFixes(model: SemanticModel, call: SyntaxNode, request: BlockingFixRequest): Fix[] {
  if (!canAwaitAt(model, call)) return inHandlerMadeAsync(model, call, () => [fixOfKind(model, call, request)]);
  // In a Home Assistant integration, its own executor comes first (its developer documentation asks for it).
  const fixes = request.kind === 'toThread' && movableToThread(request.matchedName) ? [executorJobFix(model, call, request.label)] : [];
  fixes.push(fixOfKind(model, call, request));
  return fixes.filter((fix): fix is Fix => fix !== undefined);
}

function fixOfKind(model: SemanticModel, call: SyntaxNode, request: BlockingFixRequest): Fix | undefined {
  switch (request.kind) {
    case 'asyncSleep':
      return asyncSleepFix(model, call);
    case 'syncToAsync':
      return syncToAsyncFix(model, call, request.label);
    case 'asyncTwin':
      return asyncTwinFix(call);
    case 'toThread':
      return movableToThread(request.matchedName) ? toThreadFix(model, call, request.label) : undefined;
  }
}

/**
 * True when `await` can replace the call's value without changing the meaning of the code around
 * it: directly in an `async def` body (comprehensions included), not in a generator expression
 * (that would make it an async generator), an annotation, or a region the parser could not read.
 */
export function canAwaitAt(model: SemanticModel, node: SyntaxNode): boolean {
  const context = model.asyncContext(node);
  // A lambda called on the spot runs on the loop, but its body cannot hold `await`.
  if (context?.type !== 'function_definition' || node.hasError || model.scopes.enclosingScope(node).kind === 'lambda') return false;
  return outsideNoAwaitRegions(model, node, context);
}

/** No generator expression, annotation or unread region lies between the node and the def around it. */
function outsideNoAwaitRegions(model: SemanticModel, node: SyntaxNode, definition: SyntaxNode): boolean {
  // The innermost such region around the node decides: if it lies outside the function, so do all others.
  const region = innermostNoAwaitRegion(model, node);
  return !region || region.startIndex < definition.startIndex;
}

/**
 * In a sync handler whose caller would await a coroutine as well (a Textual handler, a NiceGUI or Toga callback, a
 * FastMCP tool: see handlerThatMayBeAsync), the fixes `build` makes for a coroutine, each also turning the `def`
 * into `async def`. Never preferred: the handler changes kind, which `--fix` should not decide alone.
 */
function inHandlerMadeAsync(model: SemanticModel, node: SyntaxNode, build: () => (Fix | undefined)[]): Fix[] {
  const handler = node.hasError ? undefined : handlerThatMayBeAsync(model, node);
  const { definition, wrapper } = handler ?? {};
  if (!definition || definition.hasError || !outsideNoAwaitRegions(model, node, definition)) return [];
  const name = field(definition, 'name')?.text ?? '';
  // `@qasync.asyncSlot()` above the def, at its indentation: the library calls the wrapper, which starts a task.
  const decorator = wrapper && importedReference(model, wrapper.module, wrapper.name, definition);
  if (wrapper && !decorator) return [];
  const header = insertAt(startOf(definition), decorator ? `@${decorator.text}()\n${indentationOf(model, definition)}async ` : 'async ');
  return build()
    .filter((fix): fix is Fix => fix !== undefined)
    .map((fix) => ({
      title: decorator ? t('Make `{0}` an `async def` under `@{1}()`: {2}', name, decorator.text, fix.title) : t('Make `{0}` an `async def`: {1}', name, fix.title),
      edits: [...(decorator?.edits ?? []), header, ...fix.edits],
      isPreferred: false,
    }));
}

const NO_AWAIT_TYPES = ['generator_expression', 'type', 'ERROR'];

interface Region {
  node: SyntaxNode;
  /** Index of the innermost region around this one, or -1. */
  parent: number;
}

const noAwaitRegions = new WeakMap<SemanticModel, Region[]>();

/**
 * The innermost generator expression, annotation or ERROR node that contains `node`, found without
 * walking up the tree (the ancestors of a node deep in a long expression are many, and each step up
 * costs a walk down from the root in tree-sitter).
 */
function innermostNoAwaitRegion(model: SemanticModel, node: SyntaxNode): SyntaxNode | undefined {
  let regions = noAwaitRegions.get(model);
  if (!regions) {
    regions = nestRegions(NO_AWAIT_TYPES.flatMap((type) => [...model.nodes(type)]));
    noAwaitRegions.set(model, regions);
  }
  let low = 0;
  let high = regions.length - 1;
  let candidate = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (regions[middle].node.startIndex <= node.startIndex) {
      candidate = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  for (; candidate >= 0; candidate = regions[candidate].parent) {
    const region = regions[candidate].node;
    if (region.id !== node.id && region.endIndex >= node.endIndex && region.startIndex <= node.startIndex) return region;
  }
  return undefined;
}

/** Sorts nodes (nested or disjoint, as tree nodes are) by start, outer first, and links each to the innermost one around it. */
function nestRegions(nodes: SyntaxNode[]): Region[] {
  nodes.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  const regions: Region[] = [];
  const open: number[] = [];
  for (const node of nodes) {
    // Sorted by start, a region contains the next one unless it ends before that one does.
    while (open.length > 0 && regions[open[open.length - 1]].node.endIndex < node.endIndex) open.pop();
    regions.push({ node, parent: open.length > 0 ? open[open.length - 1] : -1 });
    open.push(regions.length - 1);
  }
  return regions;
}

/** `(await x).attr`, `(await x)[i]`, `(await x)()`: `await` binds looser than these. */
export function needsParentheses(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  const slot = parent.type === 'attribute' ? 'object' : parent.type === 'subscript' ? 'value' : parent.type === 'call' ? 'function' : undefined;
  return slot !== undefined && field(parent, slot)?.id === node.id;
}

/** How `await` goes in front of the call's value: `(await ` and a closing `)` where needsParentheses says so. */
function awaitOpening(call: SyntaxNode): { opening: string; closing: TextEdit[] } {
  // Already the operand of an `await` (`await time.sleep(1)`, AIO118): the replacement is awaited there.
  if (outermostParenthesized(call).parent?.type === 'await') return { opening: '', closing: [] };
  return needsParentheses(call) ? { opening: '(await ', closing: [insertAt(endOf(call), ')')] } : { opening: 'await ', closing: [] };
}

/**
 * `module.<attribute>` as it can be written at `at`: a name imported from the module
 * (`from asyncio import sleep`), the module under its local name (`aio.sleep`), or `asyncio.sleep`
 * plus the edit adding `import asyncio`. Undefined when the module's first name means something else there.
 * With `packageName` (`trio` for `trio.to_thread`), the package's own import serves too (`import trio` →
 * `trio.to_thread.run_sync`), and is what gets added: the package imports that module itself.
 */
export function importedReference(
  model: SemanticModel,
  moduleName: string,
  attribute: string,
  at: SyntaxNode,
  packageName = moduleName,
): { text: string; edits: TextEdit[] } | undefined {
  const qualified = `${moduleName}.${attribute}`;
  for (const scope of [model.scopes.enclosingScope(at), model.scopes.module]) {
    for (const name of namesImporting(scope, qualified)) {
      if (model.lookup(name, at)?.importedName === qualified) return boundBefore(model, name, at) ? { text: name, edits: [] } : undefined;
    }
  }
  if (packageName !== moduleName && !importedModuleName(model, moduleName, at)) {
    return importedReference(model, packageName, `${moduleName.slice(packageName.length + 1)}.${attribute}`, at);
  }
  const reference = moduleAttribute(model, moduleName, attribute, at);
  if (reference.edits.length > 0) return model.lookup(moduleName.split('.')[0], at) === undefined ? reference : undefined;
  return boundBefore(model, reference.text.split('.')[0], at) ? reference : undefined;
}

/** False for a name imported in the same function only after `at`: using it there raises UnboundLocalError. */
function boundBefore(model: SemanticModel, name: string, at: SyntaxNode): boolean {
  const binding = model.lookup(name, at);
  if (!binding || binding.node.startIndex < at.startIndex) return true;
  return !model.scopes.enclosingScope(at).bindings.get(name)?.includes(binding);
}

/**
 * The function that runs a sync call in a worker thread, in the module's async library: `asyncio.to_thread`
 * (NiceGUI's `run.io_bound` where the module imports it), or `trio.to_thread.run_sync` / `anyio.to_thread.run_sync`,
 * which pass on positional arguments only.
 */
function threadRunner(model: SemanticModel, at: SyntaxNode): { text: string; edits: TextEdit[]; positionalOnly: boolean } | undefined {
  const library = asyncLibrary(model);
  // A NiceGUI module that imports its `run` gets NiceGUI's own runner, which its documentation asks for.
  const nicegui = library === 'asyncio' ? importedModuleName(model, 'nicegui.run', at) : undefined;
  if (nicegui) return { text: `${nicegui}.io_bound`, edits: [], positionalOnly: false };
  const reference = library === 'asyncio' ? importedReference(model, 'asyncio', 'to_thread', at) : importedReference(model, `${library}.to_thread`, 'run_sync', at, library);
  return reference && { ...reference, positionalOnly: library !== 'asyncio' };
}

/** `time.sleep(x)` → `await asyncio.sleep(x)` (`trio.sleep`, `anyio.sleep`); the arguments stay as written. */
function asyncSleepFix(model: SemanticModel, call: SyntaxNode): Fix | undefined {
  const callee = field(call, 'function');
  const args = field(call, 'arguments');
  if (!callee || args?.type !== 'argument_list') return undefined;
  // time.sleep takes one positional argument; anything else is already an error we should not rewrite.
  if (passesKeywords(call)) return undefined;
  const sleep = importedReference(model, asyncLibrary(model), 'sleep', call);
  if (!sleep) return undefined;
  const { opening, closing } = awaitOpening(call);
  const edits: TextEdit[] = [{ range: { start: startOf(callee), end: endOf(callee) }, newText: `${opening}${sleep.text}` }, ...closing];
  return { title: t('Replace with `await {0}(...)`', sleep.text), edits: [...sleep.edits, ...edits], isPreferred: true };
}

/** `cache.get(k)` → `await cache.aget(k)`: the method's async twin on the same object (Django's cache API). */
function asyncTwinFix(call: SyntaxNode): Fix | undefined {
  const callee = field(call, 'function');
  const method = callee?.type === 'attribute' ? field(callee, 'attribute') : undefined;
  if (!method || !field(call, 'arguments') || isContextManager(call)) return undefined;
  const { opening, closing } = awaitOpening(call);
  const edits: TextEdit[] = [insertAt(startOf(call), opening), insertAt(startOf(method), 'a'), ...closing];
  return { title: t('Replace with `await {0}(...)`', `${field(callee!, 'object')!.text}.a${method.text}`), edits, isPreferred: true };
}

/**
 * `f(a, k=v)` → `await asyncio.to_thread(f, a, k=v)`: the callee (a bound method for `s.get`) is
 * evaluated on the loop as before, the call itself runs in the default thread pool. The argument
 * list, comments and line breaks included, stays untouched.
 */
function toThreadFix(model: SemanticModel, call: SyntaxNode, label: string): Fix | undefined {
  if (isContextManager(call)) return undefined;
  const runner = threadRunner(model, call);
  // trio's and anyio's runners take no keyword arguments for the function: `functools.partial` binds them.
  const keywords = runner?.positionalOnly === true && passesKeywords(call);
  const partial = keywords ? importedReference(model, 'functools', 'partial', call) : undefined;
  const edits = runner && (!keywords || partial) ? runnerEdits(call, runner.text, partial?.text) : undefined;
  if (!runner || !edits) return undefined;
  return { title: t('Run `{0}` in a worker thread with `await {1}(...)`', label, runner.text), edits: [...(partial?.edits ?? []), ...runner.edits, ...edits], isPreferred: false };
}

/**
 * `f(a, k=v)` → `await <runner>(f, a, k=v)`, or with `wrapper` given, `await <runner>(<wrapper>(f, a, k=v))`
 * (for a runner that takes no keyword arguments). Undefined for a call without an argument list.
 */
export function runnerEdits(call: SyntaxNode, runner: string, wrapper?: string): TextEdit[] | undefined {
  const callee = field(call, 'function');
  const args = field(call, 'arguments');
  if (!callee || !args) return undefined;
  const { opening, closing } = awaitOpening(call);
  const head = `${opening}${runner}(${wrapper ? `${wrapper}(` : ''}${callee.text}`;
  const tail = wrapper ? [insertAt(endOf(call), ')')] : [];
  if (args.type === 'generator_expression') {
    // `f(x for x in y)` → `to_thread(f, (x for x in y))`: the generator keeps its own parentheses.
    return [{ range: { start: startOf(call), end: startOf(args) }, newText: `${head}, ` }, insertAt(endOf(call), closing.length > 0 ? '))' : ')'), ...tail];
  }
  const hasArguments = namedChildren(args).some((argument) => argument.type !== 'comment');
  const openParenthesisEnd = { line: args.startPosition.row, character: args.startPosition.column + 1 };
  // No trailing space when the arguments start on the next line (or after a comment).
  const separator = /^\s*(#|\r?\n)/.test(args.text.slice(1)) ? ',' : ', ';
  return [{ range: { start: startOf(call), end: openParenthesisEnd }, newText: hasArguments ? `${head}${separator}` : head }, ...tail, ...closing];
}

/**
 * `for chunk in stream(...)` over a sync generator that blocks → `for chunk in await asyncio.to_thread(list, stream(...))`
 * (or the module's library's runner):
 * the generator runs to its end in a worker thread, and the loop iterates the list it made.
 */
export function iterateInThreadFix(model: SemanticModel, call: SyntaxNode): Fix[] {
  const node = outermostParenthesized(call);
  const loop = node.parent;
  if ((loop?.type !== 'for_statement' && loop?.type !== 'for_in_clause') || field(loop, 'right')?.id !== node.id) return [];
  const runner = threadRunner(model, call);
  if (!runner) return [];
  const fix: Fix = {
    title: t('Run the generator in a worker thread with `await {0}(list, ...)`', runner.text),
    edits: [insertAt(startOf(node), `await ${runner.text}(list, `), insertAt(endOf(node), ')'), ...runner.edits],
    isPreferred: false,
  };
  return canAwaitAt(model, call) ? [fix] : inHandlerMadeAsync(model, call, () => [fix]);
}

/**
 * `Customer.objects.get(pk=1)` → `await sync_to_async(Customer.objects.get)(pk=1)`: Django's ORM (which
 * raises on the loop's thread) run by asgiref in the thread Django keeps for sync code. Uses an imported
 * `sync_to_async`, else `asgiref.sync.sync_to_async` with `import asgiref.sync`.
 */
function syncToAsyncFix(model: SemanticModel, call: SyntaxNode, label: string): Fix | undefined {
  const callee = field(call, 'function');
  if (!callee || !field(call, 'arguments') || isContextManager(call)) return undefined;
  const reference = importedReference(model, 'asgiref.sync', 'sync_to_async', call);
  if (!reference) return undefined;
  const { opening, closing } = awaitOpening(call);
  const edits: TextEdit[] = [insertAt(startOf(callee), `${opening}${reference.text}(`), insertAt(endOf(callee), ')'), ...closing];
  return { title: t('Run `{0}` in Django\'s sync thread with `await {1}({0})(...)`', label, reference.text), edits: [...reference.edits, ...edits], isPreferred: false };
}

/** `with open(p) as f:`: the object is entered, used and closed on the loop, so moving only the call gains nothing. */
function isContextManager(call: SyntaxNode): boolean {
  return isWithItemValue(call);
}
