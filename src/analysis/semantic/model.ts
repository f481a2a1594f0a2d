import type { SyntaxNode, Tree } from '../parser';
import { type ReadTree, SyntaxTree } from '../syntaxTree';
import { argument, baseClassNames, callArguments, field, logicalParent, MAX_NESTING, namedChildren, nameOf, type NameTruth, outermostParenthesized, pythonName, unpackedTarget, unparenthesize } from '../syntax';
import { BUILTINS } from './builtins';
import { DeadCode, moduleConstants } from './deadCode';
import { type Binding, INTERESTING, type Scope, type ScopeEvent, ScopeTree } from './scopes';
import { NAMED } from '../syntaxTree';
import { COLLECTION_FILLERS } from '../units';
import { isGeneratorFunction } from './references';
import { callerArguments } from './callerArguments';
import { callsNamed } from './callIndex';
import { drivenSynchronously } from './syncDrivers';
import { ATTRIBUTE_TYPES, AWAITED_TYPES, INHERITED_CLASS_ATTRIBUTES, CALL_RESULT_MENTIONS, CALL_RESULT_TYPES, canonicalType, DJANGO_MANAGER, dynamicMethodResult, ITEM_TYPES, KNOWN_CLASSES, OBJECT_ITEM_TYPES, RETURN_TYPES, RETURNED_TUPLE_TYPES, TYPE_CHOSEN_BY_ARGUMENT, typeOfMember } from './typeTables';

/** How many steps a value's type is followed back (`static = here.parent / "out"`, `here = Path(__file__).parent`). */
const MAX_INFERENCE_DEPTH = 10;
/** Inferences in progress at once (call chains `a.b().c()…` start afresh at each call): bounds the stack. */
const MAX_NESTED_INFERENCES = 64;
const MAX_DOTTED_SEGMENTS = 64;
/**
 * `typing.Annotated[T, …]` (and `typing_extensions`'), and dishka's `FromDishka[T]` (an `Annotated[T,
 * FromComponent()]`): the type is the first argument.
 */
export const ANNOTATED = /(^|\.)(Annotated|FromDishka)$/;
/** The calls that send a Celery task to its workers, each giving an `AsyncResult`. */
const CELERY_STARTS = new Set(['delay', 'apply_async']);
/** `typing.cast(T, value)`: the value is a `T`. */
const CASTS = new Set(['typing.cast', 'typing_extensions.cast']);

const SCOPE_TYPES = ['function_definition', 'class_definition', 'lambda'];

/**
 * What the rules ask about a parsed file: where names come from, what values are, and whether a
 * node runs on the event loop. Built once per analysis in a single walk of the tree.
 */
export class SemanticModel {
  readonly root: SyntaxNode;
  readonly syntax: SyntaxTree;
  readonly scopes: ScopeTree;
  readonly source: string;
  /** The branches of constant tests (`if True:`'s `else:`), which never run. */
  readonly deadCode = new DeadCode();
  private readonly byType = new Map<string, SyntaxNode[]>();
  private readonly awaited = new Set<number>();
  private readonly errors: SyntaxNode[] = [];
  /** The `if` and `while` statements, in source order. */
  private readonly branching: SyntaxNode[] = [];
  private lineList?: string[];
  private readonly contextCache = new Map<number, SyntaxNode | null>();
  private headers?: Int32Array;
  private readonly targetCache = new Map<number, string[]>();
  private starModules?: string[];
  private aliases?: Map<string, string>;
  private importCache: Map<string, string> | undefined;
  private readonly inferring = new Set<number>();
  private readonly alternativesCache = new Map<number, Binding[]>();
  private readonly declaredAttributes = new Map<string, { model: SemanticModel; annotation: SyntaxNode } | null>();
  private mentionsPartial?: boolean;
  private makesCallableObjects?: boolean;
  private drivenCoroutines?: Set<number>;
  /**
   * Set when other modules of the workspace can be read: the top-level def or class an imported
   * dotted name stands for there (`paths.data_file`), so return annotations and properties of the
   * workspace type values across modules.
   */
  resolveImport?: (name: string) => Definition | undefined;
  /**
   * Likewise, what a name a star import brings stands for in the workspace module it comes from
   * (`module` as the import writes it): the dotted name of its import there, or `module.name`.
   */
  resolveStarImport?: (module: string, name: string) => string | undefined;
  private readonly starNames = new Map<string, string | null>();
  private readonly spelledWords = new Map<string, boolean>();
  private readonly workspaceAnswers = new Map<object, unknown>();
  private starSources?: string[];
  /** `importsModule`'s answers: rules ask per call or per def (`homeassistant`, `trio`). */
  private readonly importedModules = new Map<string, boolean>();
  /** Likewise, the value a workspace module assigns a name once (`SessionDep = Annotated[...]`, `hub = Hub()`). */
  resolveModuleValue?: (name: string) => { model: SemanticModel; value: SyntaxNode } | undefined;
  /** Likewise, whether another module of the project spells a word (`async_run`): how the program runs. */
  projectSpells?: (word: string) => boolean;

  /** Reads what it needs from the tree-sitter tree at once: the caller may delete the tree afterwards. */
  constructor(tree: Tree | ReadTree | SyntaxTree, source: string) {
    this.syntax = tree instanceof SyntaxTree ? tree : new SyntaxTree(tree, source);
    this.source = source;
    this.root = this.syntax.rootNode;
    const events = this.indexNodes();
    const scopes = new ScopeTree(this.root, events, this.deadCode);
    // Branches on a private module constant are dead too: the scopes are built again without the names they bind.
    this.scopes = this.addConstantBranches(scopes) ? new ScopeTree(this.root, events, this.deadCode) : scopes;
  }

  /**
   * Adds to the dead code the branches of tests on the module's private constants (see
   * `moduleConstants`); true when it added any.
   */
  private addConstantBranches(scopes: ScopeTree): boolean {
    const constants = moduleConstants(scopes);
    if (constants.size === 0) return false;
    const names: NameTruth = (identifier) => {
      const truth = constants.get(identifier.text);
      if (truth === undefined) return undefined;
      for (let scope: Scope | undefined = scopes.enclosingScope(identifier); scope && scope.kind !== 'module'; scope = scope.parent) {
        if (scope.kind !== 'class' && scope.bindings.has(identifier.text)) return undefined;
      }
      return truth;
    };
    let added = false;
    for (const statement of this.branching) {
      const condition = field(statement, 'condition');
      if (!condition || !condition.text.includes('_')) continue;
      added = this.deadCode.addStatement(statement, names) || added;
    }
    return added;
  }

  /** True when the node lies in a branch that never runs (see `DeadCode`). */
  isDead(node: SyntaxNode): boolean {
    return this.deadCode.contains(node.startIndex);
  }

  /**
   * One pass over the node types: records the interesting nodes by type, the awaited calls and the
   * syntax errors, and lists, in source order, what the scope tree needs (definitions, their
   * bodies, binders).
   */
  private indexNodes(): ScopeEvent[] {
    const { syntax } = this;
    const { typeIds, parents, fieldIds, size } = syntax;
    const interesting = new Uint8Array(0x10000);
    for (const type of INTERESTING) {
      const typeId = syntax.typeId(type);
      if (typeId >= 0) interesting[typeId] = 1;
    }
    const scopeTypes = new Set(SCOPE_TYPES.map((type) => syntax.typeId(type)));
    const errorId = syntax.typeId('ERROR');
    const callId = syntax.typeId('call');
    const awaitId = syntax.typeId('await');
    const parenthesizedId = syntax.typeId('parenthesized_expression');
    const branchingIds = new Set([syntax.typeId('if_statement'), syntax.typeId('while_statement')]);
    const exitIds = new Set(['return_statement', 'raise_statement', 'break_statement', 'continue_statement'].map((type) => syntax.typeId(type)));
    const blockId = syntax.typeId('block');
    const bodyField = syntax.fieldId('body');
    const events: ScopeEvent[] = [];
    for (let index = 0; index < size; index++) {
      const typeId = typeIds[index];
      const parent = parents[index];
      if (typeId === errorId) this.errors.push(syntax.node(index));
      if (branchingIds.has(typeId)) {
        const statement = syntax.node(index);
        this.deadCode.addStatement(statement);
        this.branching.push(statement);
      }
      // Only an exit with a statement after it in its block: most are a block's last statement.
      if (exitIds.has(typeId) && parent >= 0 && typeIds[parent] === blockId && syntax.subtreeEnds[index] < syntax.subtreeEnds[parent]) {
        this.deadCode.addAfterExit(syntax.node(index));
      }
      if (fieldIds[index] === bodyField && parent >= 0 && scopeTypes.has(typeIds[parent])) {
        events.push({ name: 'scope_body', node: syntax.node(index) });
      }
      if ((scopeTypes.has(typeId) || interesting[typeId]) && syntax.hasFlag(index, NAMED)) {
        const node = syntax.node(index);
        const type = syntax.typeOf(index);
        this.record(type, node);
        events.push({ name: type, node });
      }
      if (typeId === callId && parent >= 0 && syntax.hasFlag(index, NAMED)) {
        const holder = typeIds[parent] === parenthesizedId ? parents[parent] : parent;
        if (holder >= 0 && typeIds[holder] === awaitId) this.awaited.add(index);
      }
    }
    return events;
  }

  private record(type: string, node: SyntaxNode): void {
    const list = this.byType.get(type);
    if (list) list.push(node);
    else this.byType.set(type, [node]);
  }

  /** Every node of a type, in source order (types outside INTERESTING are found on first request). */
  nodes(type: string): readonly SyntaxNode[] {
    let list = this.byType.get(type);
    if (!list) {
      list = INTERESTING.has(type) || SCOPE_TYPES.includes(type) ? [] : this.syntax.nodesOfType(type);
      this.byType.set(type, list);
    }
    return list;
  }

  /** The nodes of a type that lie within `start…end`, in source order (found by binary search in `nodes(type)`). */
  nodesWithin(type: string, start: number, end: number): SyntaxNode[] {
    const list = this.nodes(type);
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (list[middle].startIndex < start) low = middle + 1;
      else high = middle;
    }
    const found: SyntaxNode[] = [];
    for (let index = low; index < list.length && list[index].startIndex <= end; index++) if (list[index].endIndex <= end) found.push(list[index]);
    return found;
  }

  get hasSyntaxErrors(): boolean {
    return this.root.hasError;
  }

  lineText(line: number): string {
    return this.lines[line] ?? '';
  }

  /** Split on first use: most analyses never read a line (fixes are built when asked for). */
  private get lines(): string[] {
    return (this.lineList ??= this.source.split(/\r\n|\r|\n/));
  }

  // ---- names -------------------------------------------------------------------------------

  lookup(written: string, at: SyntaxNode): Binding | undefined {
    const name = pythonName(written);
    const start = this.scopes.enclosingScope(at);
    let scope: Scope | undefined = start;
    if (start.globals.has(name)) scope = this.scopes.module;
    for (; scope; scope = scope.parent) {
      if (scope !== start && scope.kind === 'class') continue;
      const bindings = scope.bindings.get(name);
      if (bindings && bindings.length > 0) return pickBinding(bindings, at);
    }
    return undefined;
  }

  /** Whether the file imports `name` or one of its modules (`click`, `click.testing`), anywhere. */
  importsPackage(name: string): boolean {
    for (const imported of this.importedNames().values()) if (imported === name || imported.startsWith(`${name}.`)) return true;
    return false;
  }

  /** Every name bound by an import anywhere in the file → the dotted name it imports. */
  importedNames(): ReadonlyMap<string, string> {
    if (!this.importCache) {
      this.importCache = new Map();
      for (const scope of this.scopes.all()) {
        for (const [name, bindings] of scope.bindings) {
          const imported = bindings.find((binding) => binding.kind === 'import')?.importedName;
          if (imported) this.importCache.set(name, imported);
        }
      }
    }
    return this.importCache;
  }

  /** The dotted name an expression stands for after import resolution: `s` → `time.sleep`. */
  qualifiedName(expression: SyntaxNode, depth = 0): string | undefined {
    const node = unparenthesize(expression);
    if (node.type === 'identifier') {
      const name = nameOf(node);
      const binding = this.lookup(name, node);
      if (binding?.kind === 'import') return binding.importedName;
      // `try: import requests / except ImportError: requests = None`: the name is the import.
      const fallback = binding ? this.importAlternatives(binding)[0] : undefined;
      if (fallback) return fallback.importedName;
      // A module-level alias bound once: `nap = time.sleep`.
      if (binding) return depth < 3 && this.isModuleAlias(binding) ? this.qualifiedName(binding.value!, depth + 1) : undefined;
      // An unbound name comes from a star import of a workspace module, or is a builtin, or (through a
      // star import or a pasted snippet) most likely the module it names: `subprocess.run()` without
      // `import subprocess` is still a blocking call.
      return this.starImportedName(name) ?? (BUILTINS.has(name) ? `builtins.${name}` : name);
    }
    if (node.type === 'attribute') {
      // `a.b.c…`, iteratively. No API has a name anywhere near MAX_DOTTED_SEGMENTS long, and a
      // longer chain (thousands of attributes) would cost its length at each of its nodes.
      const attributes: string[] = [];
      let object: SyntaxNode = node;
      while (object.type === 'attribute') {
        const attribute = field(object, 'attribute');
        const inner = field(object, 'object');
        if (!attribute || !inner || attributes.length >= MAX_DOTTED_SEGMENTS) return undefined;
        attributes.push(nameOf(attribute));
        object = unparenthesize(inner);
      }
      const left = object.type === 'identifier' ? this.qualifiedName(object, depth) : undefined;
      return left === undefined ? undefined : [left, ...attributes.reverse()].join('.');
    }
    return undefined;
  }

  /**
   * The imports that bind the same name in the `try` statement around an import with an
   * `except ImportError` fallback (`try: import ujson as json / except ImportError: import json`), or in
   * the branches of an `if`/`else` (a version test): whichever runs, the name is one of them.
   * Empty for any other binding.
   */
  importAlternatives(binding: Binding): Binding[] {
    let alternatives = this.alternativesCache.get(binding.node.id);
    if (!alternatives) {
      alternatives = [];
      const statement = importFallbackStatement(binding.node);
      if (statement) {
        const scope = this.scopes.enclosingScope(binding.node);
        const inside = (other: Binding) => other.node.startIndex >= statement.startIndex && other.node.endIndex <= statement.endIndex;
        const bindings = (scope.bindings.get(binding.name) ?? []).filter(inside);
        if (bindings.some((other) => other.node.id === binding.node.id)) alternatives = bindings.filter((other) => other.kind === 'import' && other.importedName);
      }
      this.alternativesCache.set(binding.node.id, alternatives);
    }
    return alternatives;
  }

  /** Every dotted name an expression may stand for when its first name comes from an import fallback. */
  alternativeNames(expression: SyntaxNode): string[] {
    let head = unparenthesize(expression);
    const rest: string[] = [];
    while (head.type === 'attribute' && rest.length < MAX_DOTTED_SEGMENTS) {
      const attribute = field(head, 'attribute');
      const object = field(head, 'object');
      if (!attribute || !object) return [];
      rest.unshift(nameOf(attribute));
      head = unparenthesize(object);
    }
    if (head.type !== 'identifier') return [];
    const binding = this.lookup(nameOf(head), head);
    return binding ? this.importAlternatives(binding).map((other) => [other.importedName!, ...rest].join('.')) : [];
  }

  private isModuleAlias(binding: Binding): boolean {
    const value = binding.value ? unparenthesize(binding.value) : undefined;
    if (binding.kind !== 'assignment' || !value || (value.type !== 'identifier' && value.type !== 'attribute')) return false;
    return this.scopes.module.bindings.get(binding.name)?.length === 1 && this.scopes.module.bindings.get(binding.name)![0] === binding;
  }

  /** Module-level aliases of imported names (`nap = time.sleep` → nap: time.sleep). */
  moduleAliases(): ReadonlyMap<string, string> {
    if (!this.aliases) {
      this.aliases = new Map();
      for (const [name, bindings] of this.scopes.module.bindings) {
        const binding = bindings[0];
        if (bindings.length !== 1 || !this.isModuleAlias(binding)) continue;
        const target = this.qualifiedName(binding.value!, 1);
        if (target) this.aliases.set(name, target);
      }
    }
    return this.aliases;
  }

  /** `Session` with `from .database import *`, where `database.py` imports it from `sqlmodel`: `sqlmodel.Session`. */
  private starImportedName(name: string): string | undefined {
    if (!this.resolveStarImport) return undefined;
    let known = this.starNames.get(name);
    if (known === undefined) {
      known = null;
      const sources = this.starImportSources();
      // The last star import that binds the name wins, as at run time.
      for (let i = sources.length - 1; i >= 0 && known === null; i--) known = this.resolveStarImport(sources[i], name) ?? null;
      this.starNames.set(name, known);
    }
    return known ?? undefined;
  }

  /** Every module star-imported at top level, as written (`.services` too). */
  starImportSources(): readonly string[] {
    this.starSources ??= this.nodes('import_from_statement')
      .filter((statement) => !this.isDead(statement) && namedChildren(statement).some((child) => child.type === 'wildcard_import'))
      .map((statement) => field(statement, 'module_name')?.text)
      .filter((module): module is string => module !== undefined);
    return this.starSources;
  }

  /** Modules star-imported at top level (`from time import *`), whose names an unbound identifier may be. */
  private starImports(): string[] {
    this.starModules ??= this.starImportSources().filter((name) => !name.startsWith('.'));
    return this.starModules;
  }

  /**
   * Canonical dotted names a call may stand for: its resolved name (`requests.get`) and, for a
   * method on a value of known type, `Type.method` (`requests.Session.get`).
   */
  callTargets(call: SyntaxNode): string[] {
    let targets = this.targetCache.get(call.id);
    if (!targets) {
      targets = this.computeCallTargets(call);
      if (!findingInheritedMethod) this.targetCache.set(call.id, targets);
    }
    return targets;
  }

  /** Answers that depend on other modules (cached call targets): forgotten before each analysis that uses this model. */
  forgetWorkspaceAnswers(): void {
    this.targetCache.clear();
    this.declaredAttributes.clear();
    this.starNames.clear();
    this.spelledWords.clear();
    this.workspaceAnswers.clear();
  }

  /**
   * A rule helper's answers that may depend on other modules (a def the loop calls because a base class, or the
   * way the program runs, says so): kept under `key` until the next analysis that reuses this model.
   */
  workspaceAnswer<T>(key: object, make: () => T): T {
    if (!this.workspaceAnswers.has(key)) this.workspaceAnswers.set(key, make());
    return this.workspaceAnswers.get(key) as T;
  }

  /** Whether this module or another of its project spells `word` (answered once per analysis). */
  spelledInProject(word: string): boolean {
    let spelled = this.spelledWords.get(word);
    if (spelled === undefined) this.spelledWords.set(word, (spelled = new RegExp(`\\b${word}\\b`).test(this.source) || (this.projectSpells?.(word) ?? false)));
    return spelled;
  }

  private computeCallTargets(call: SyntaxNode): string[] {
    const callee = field(call, 'function');
    return callee ? this.calleeTargets(callee, 0) : [];
  }

  private calleeTargets(callee: SyntaxNode, depth: number): string[] {
    const targets: string[] = [];
    const name = this.qualifiedName(callee);
    if (name) targets.push(canonicalType(name));
    for (const alternative of this.alternativeNames(callee)) if (alternative !== name) targets.push(canonicalType(alternative));
    const target = unparenthesize(callee);
    if (target.type === 'identifier' && !this.lookup(nameOf(target), target)) {
      for (const module of this.starImports()) targets.push(`${module}.${nameOf(target)}`);
    }
    if (target.type === 'attribute') {
      const object = field(target, 'object');
      const attribute = field(target, 'attribute');
      const type = object ? this.typeOf(object) : undefined;
      if (type && attribute) targets.push(`${type}.${nameOf(attribute)}`);
      else if (object && attribute) targets.push(...this.inheritedLibraryMethods(object, nameOf(attribute)));
    }
    // Calling a `functools.partial` runs the function it wraps: `partial(time.sleep, 1)()`, `nap()`.
    const wrapped = depth < 3 ? this.partialFunction(target) : undefined;
    if (wrapped) targets.push(...this.calleeTargets(wrapped, depth + 1));
    return targets;
  }

  /** True when the call calls a `functools.partial` object (the call prefilters do not see what it wraps). */
  callsPartial(call: SyntaxNode): boolean {
    const callee = field(call, 'function');
    this.mentionsPartial ??= this.source.includes('partial');
    return this.mentionsPartial && callee !== null && this.partialFunction(unparenthesize(callee)) !== undefined;
  }

  /** The function a `functools.partial(f, …)` object wraps: written on the spot, or a name bound to one. */
  private partialFunction(callee: SyntaxNode): SyntaxNode | undefined {
    let value: SyntaxNode | undefined = callee;
    if (callee.type === 'identifier') {
      const binding = this.lookup(nameOf(callee), callee);
      value = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
    }
    if (value?.type !== 'call' || this.qualifiedName(field(value, 'function') ?? value) !== 'functools.partial') return undefined;
    return callArguments(value).positional[0];
  }

  /** Canonical class of a value, when it can be told from the code nearby. */
  typeOf(expression: SyntaxNode, depth = 0): string | undefined {
    // `x = x.copy()` and friends refer back to themselves: a cycle has no known type.
    if (depth > MAX_INFERENCE_DEPTH || this.inferring.has(expression.id) || this.inferring.size > MAX_NESTED_INFERENCES) return undefined;
    this.inferring.add(expression.id);
    try {
      return this.inferType(unparenthesize(expression), depth);
    } finally {
      this.inferring.delete(expression.id);
    }
  }

  private inferType(node: SyntaxNode, depth: number): string | undefined {
    switch (node.type) {
      case 'call': {
        const castTo = this.castTarget(node);
        if (castTo) return this.typeOfAnnotation(castTo);
        for (const target of this.callTargets(node)) {
          const chosenBy = TYPE_CHOSEN_BY_ARGUMENT[target];
          if (chosenBy) {
            const args = callArguments(node);
            if (args.hasSplat || argument(args, chosenBy.position, chosenBy.keyword)) return undefined;
          }
          if (RETURN_TYPES[target]) return RETURN_TYPES[target];
          const dynamic = dynamicMethodResult(target);
          if (dynamic) return dynamic;
          if (KNOWN_CLASSES.has(target)) return target;
        }
        const callee = field(node, 'function');
        if (this.startsCeleryTask(callee)) return 'celery.result.AsyncResult';
        this.makesCallableObjects ??= CALL_RESULT_MENTIONS.some((word) => this.source.includes(word));
        const calleeNode = callee ? unparenthesize(callee) : undefined;
        // Or one another workspace module makes: `from .database import SessionLocal`, then `SessionLocal()`.
        const importedObject = !this.makesCallableObjects && calleeNode?.type === 'identifier' && this.resolveModuleValue !== undefined && this.lookup(calleeNode.text, calleeNode)?.kind === 'import';
        const calleeType = (this.makesCallableObjects || importedObject) && calleeNode && ['identifier', 'attribute'].includes(calleeNode.type) ? this.typeOf(calleeNode, depth + 1) : undefined;
        if (calleeType && CALL_RESULT_TYPES[calleeType]) return CALL_RESULT_TYPES[calleeType];
        const called = this.calledDefinition(callee, depth);
        return called?.node.type === 'function_definition' ? called.model.returnTypeOf(called.node, depth + 1) : undefined;
      }
      case 'identifier': {
        const binding = this.lookup(node.text, node);
        // A global that functions assign: every assignment decides (disagreeing ones leave it unknown).
        const global = this.typeOfGlobal(node, binding, depth + 1);
        if (global) return global.type;
        if (!binding) return undefined;
        return this.typeOfBinding(binding, depth + 1) ?? this.declaredType(node);
      }
      case 'attribute': {
        const object = field(node, 'object');
        const attribute = field(node, 'attribute');
        if (!object || !attribute) return undefined;
        const objectType = this.typeOf(object, depth + 1);
        if (objectType) return typeOfMember(objectType, attribute.text);
        const selfType = this.typeOfSelfAttribute(object, attribute.text, depth + 1);
        if (selfType) return selfType;
        const owner = this.classOfValue(object, depth + 1);
        const memberType = owner?.model.memberType(owner.node, attribute.text, depth + 1);
        if (memberType) return memberType;
        const name = this.qualifiedName(node);
        // `config.UPLOAD_DIR` after `from .. import config`, where that module assigns it once: `UPLOAD_DIR = Path(...)`.
        const moduleValue = this.moduleValueOf(node);
        if (moduleValue) return moduleValue.model.typeOf(moduleValue.value, depth + 1);
        const assigned = this.attributeAssignedBefore(node);
        if (assigned) return this.typeOf(assigned, depth + 1);
        return (name ? ATTRIBUTE_TYPES[name] : undefined) ?? this.inheritedClassAttribute(object, attribute.text) ?? this.declaredDjangoManager(node);
      }
      case 'subscript': {
        const value = field(node, 'value');
        const valueType = value ? this.typeOf(value, depth + 1) : undefined;
        if (valueType) return ITEM_TYPES[valueType]?.type;
        const object = value?.type === 'identifier' || value?.type === 'attribute' ? this.qualifiedName(value) : undefined;
        return object ? OBJECT_ITEM_TYPES[object] : undefined;
      }
      case 'binary_operator': {
        const left = field(node, 'left');
        const operator = field(node, 'operator');
        if (left && operator?.type === '/' && this.typeOf(left, depth + 1) === 'pathlib.Path') return 'pathlib.Path';
        return undefined;
      }
      case 'boolean_operator': {
        // `session or Session(engine)` with `session: Session | None`: both sides agree (a `None` side aside).
        if (field(node, 'operator')?.type !== 'or') return undefined;
        const sides = [field(node, 'left'), field(node, 'right')].filter((side): side is SyntaxNode => !!side && unparenthesize(side).type !== 'none');
        const types = sides.map((side) => this.typeOf(side, depth + 1));
        return sameType(types);
      }
      case 'conditional_expression': {
        // `Path(x) if c else None`: a `None` branch is the `Optional` of the other's type (as in an annotation).
        const branches = valueBranches(node);
        const types = branches.map((branch) => this.typeOf(branch, depth + 1));
        return sameType(types);
      }
      case 'await': {
        // `await fetch_path()`: what the `async def` of the workspace is annotated to return.
        const operand = namedChildren(node)[0];
        const call = operand ? unparenthesize(operand) : undefined;
        if (call?.type !== 'call') return undefined;
        const called = this.calledDefinition(field(call, 'function'), depth);
        if (called?.node.type === 'function_definition') return called.model.returnTypeOf(called.node, depth + 1, true);
        return this.awaitedType(call);
      }
      default:
        return undefined;
    }
  }

  /**
   * A module global that functions assign through `global name` (`ser = None`, then `global ser; ser = serial.Serial(...)`
   * in `init()`), read in a function: when every assignment of it that is not `None` gives one type, that type.
   */
  private typeOfGlobal(node: SyntaxNode, binding: Binding | undefined, depth: number): { type: string | undefined } | undefined {
    const writes = this.globalWrites().get(node.text);
    if (!writes || this.scopes.enclosingScope(node).kind === 'module') return undefined;
    if (binding && !writes.includes(binding) && this.scopes.enclosingScope(binding.node).kind !== 'module') return undefined;
    const assigned = [...(this.scopes.module.bindings.get(node.text) ?? []), ...writes].filter((write) => !(write.value && unparenthesize(write.value).type === 'none'));
    return { type: sameType(assigned.map((write) => this.typeOfBinding(write, depth))) };
  }

  /** The bindings functions make of module globals they declare `global`, by name. */
  private globalWrites(): ReadonlyMap<string, Binding[]> {
    if (!this.globalWriteCache) {
      this.globalWriteCache = new Map();
      for (const scope of this.scopes.all()) {
        for (const name of scope.globals) {
          const bindings = scope.bindings.get(name);
          if (bindings) this.globalWriteCache.set(name, [...(this.globalWriteCache.get(name) ?? []), ...bindings]);
        }
      }
    }
    return this.globalWriteCache;
  }

  private globalWriteCache: Map<string, Binding[]> | undefined;

  typeOfBinding(binding: Binding, depth = 0): string | undefined {
    if (binding.annotation) {
      const type = this.typeOfAnnotation(binding.annotation);
      if (type) return type;
    }
    if (binding.value && binding.kind === 'with' && isAsyncWith(binding.value)) {
      const value = unparenthesize(binding.value);
      const entered = value.type === 'call' ? this.awaitedType(value) : undefined;
      if (entered) return entered;
    }
    if (binding.value && (binding.kind === 'assignment' || binding.kind === 'with' || binding.kind === 'walrus')) {
      return this.typeOf(binding.value, depth);
    }
    if (binding.kind === 'assignment') return this.unpackedCallType(binding.node);
    // `translator=GoogleTranslator(...)`: an object the def builds once, as its default, and callers seldom replace.
    const parameter = binding.kind === 'parameter' ? binding.node.parent : undefined;
    const defaultValue = parameter?.type === 'default_parameter' || parameter?.type === 'typed_default_parameter' ? field(parameter, 'value') : null;
    if (defaultValue?.type === 'call') return this.typeOf(defaultValue, depth);
    // `for service in services:`: what the collection holds, when everything put in it agrees.
    const iterable = SemanticModel.itemBinding(binding);
    if (iterable) {
      const items = this.itemsOf(iterable, depth + 1);
      return items ? sameType(items.map((item) => this.typeOf(item, depth + 1))) : undefined;
    }
    // `async def watch(db)` that the module only calls as `watch(Database(...))`: what every call passes.
    const passed = binding.kind === 'parameter' ? callerArguments(this, binding) : undefined;
    if (passed) return sameType(passed.map((value) => this.typeOf(value, depth + 1)));
    // `from .database import users`, where `database.py` builds it once: `users = client.shop.users`.
    const shared = binding.kind === 'import' && binding.importedName?.includes('.') ? this.resolveModuleValue?.(binding.importedName) : undefined;
    return shared ? shared.model.typeOf(shared.value, depth + 1) : undefined;
  }

  /**
   * The expressions that make the items of a collection written in the module: a list, tuple or set display's
   * elements, a comprehension's body, or, for a name bound to one of these, what `append`/`add`/`insert` put in it too
   * (`services = []`, then `services.append(Monitor(...))`). Undefined when something else may fill it (a splat).
   */
  private itemsOf(iterable: SyntaxNode, depth: number): SyntaxNode[] | undefined {
    if (depth > MAX_INFERENCE_DEPTH) return undefined;
    const node = unparenthesize(iterable);
    if (COLLECTION_DISPLAYS.has(node.type)) {
      const items = namedChildren(node).filter((item) => item.type !== 'comment');
      return items.some((item) => item.type === 'list_splat') ? undefined : items;
    }
    if (COMPREHENSIONS.has(node.type)) {
      const body = field(node, 'body');
      return body ? [body] : undefined;
    }
    if (node.type !== 'identifier') return undefined;
    const binding = this.lookup(node.text, node);
    const value = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
    if (!binding || !value || !(COLLECTION_DISPLAYS.has(value.type) || COMPREHENSIONS.has(value.type))) return undefined;
    // Bound once (no `services = load()` elsewhere, no `services += …`, nor in a function that declares it `global`).
    const scope = this.scopes.enclosingScope(binding.node);
    if (scope.bindings.get(node.text)?.length !== 1) return undefined;
    if (scope.kind === 'module' && this.scopes.all().some((other) => other !== scope && other.globals.has(node.text) && other.bindings.has(node.text))) return undefined;
    const written = this.itemsOf(value, depth + 1);
    if (!written) return undefined;
    const added: SyntaxNode[] = [];
    for (const call of callsNamed(this, COLLECTION_FILLERS)) {
      const callee = field(call, 'function');
      const object = callee?.type === 'attribute' ? field(callee, 'object') : null;
      if (object?.type !== 'identifier' || object.text !== node.text || this.lookup(object.text, object)?.node.id !== binding.node.id) continue;
      // `extend(other)`, `update(other)`: items from elsewhere.
      if (['extend', 'update'].includes(field(callee!, 'attribute')?.text ?? '')) return undefined;
      const args = callArguments(call);
      const item = args.positional.at(-1);
      if (!item || args.hasSplat) return undefined;
      added.push(item);
    }
    return [...written, ...added];
  }

  /** `for service in services:` binds `service` to one item (not `for a, b in pairs:`). */
  private static itemBinding(binding: Binding): SyntaxNode | undefined {
    const loop = binding.node.parent;
    return binding.kind === 'loop' && binding.iterable && loop && field(loop, 'left')?.id === binding.node.id ? binding.iterable : undefined;
  }

  /** `fig, ax = plt.subplots()`: the type of one name unpacked from a call's tuple (RETURNED_TUPLE_TYPES). */
  private unpackedCallType(identifier: SyntaxNode): string | undefined {
    const unpacked = unpackedTarget(identifier);
    if (unpacked?.value.type !== 'call') return undefined;
    for (const target of this.callTargets(unpacked.value)) {
      const types = RETURNED_TUPLE_TYPES[target];
      if (types?.length === unpacked.count) return types[unpacked.index];
    }
    return undefined;
  }

  /** `f: TextIOWrapper = …` declares the type for later re-assignments of `f` in the same scope. */
  private declaredType(name: SyntaxNode): string | undefined {
    const bindings = this.scopes.enclosingScope(name).bindings.get(name.text) ?? [];
    for (const binding of bindings) {
      if (binding.annotation && binding.node.startIndex < name.startIndex) return this.typeOfAnnotation(binding.annotation);
    }
    return undefined;
  }

  /** `requests.Session`, `Optional[Session]`, `Session | None`, `"Session"` → the class. */
  typeOfAnnotation(annotation: SyntaxNode, depth = 0): string | undefined {
    if (depth > MAX_NESTING) return undefined;
    let node = unparenthesize(annotation);
    if (node.type === 'type') node = namedChildren(node)[0] ?? node;
    switch (node.type) {
      case 'identifier':
      case 'attribute': {
        const aliased = this.typeAlias(node);
        if (aliased) return aliased.model.typeOfAnnotation(aliased.value, depth + 1);
        const name = this.qualifiedName(node);
        if (!name) return undefined;
        const type = canonicalType(name);
        return KNOWN_CLASSES.has(type) || type.includes('.') ? type : undefined;
      }
      case 'binary_operator': {
        const left = field(node, 'left');
        const right = field(node, 'right');
        const types = [left, right].map((side) => (side && side.type !== 'none' ? this.typeOfAnnotation(side, depth + 1) : undefined));
        const known = types.filter((type): type is string => type !== undefined);
        return known.length === 1 ? known[0] : undefined;
      }
      case 'string':
        return this.typeOfStringAnnotation(node);
      case 'subscript':
      case 'generic_type': {
        const value = field(node, 'value') ?? namedChildren(node)[0];
        const wrapper = value ? this.qualifiedName(value) : undefined;
        const inner = node.type === 'subscript' ? node.childrenForFieldName('subscript') : namedChildren(node).slice(1);
        if (wrapper && ANNOTATED.test(wrapper)) {
          const annotated = inner.flatMap((child) => (child.type === 'type_parameter' ? namedChildren(child) : [child]))[0];
          return annotated ? this.typeOfAnnotation(annotated, depth + 1) : undefined;
        }
        if (!['typing.Optional', 'typing.Union', 'Optional', 'Union'].includes(wrapper ?? '')) {
          return wrapper ? this.typeOfAnnotation(value!, depth + 1) : undefined;
        }
        const types = inner
          .filter((child): child is SyntaxNode => child !== null && child.type !== 'none')
          .flatMap((child) => (child.type === 'type_parameter' ? namedChildren(child) : [child]))
          .map((child) => this.typeOfAnnotation(child, depth + 1))
          .filter((type): type is string => type !== undefined);
        return types.length === 1 ? types[0] : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * What a name used as an annotation stands for when the module assigns it a type expression:
   * `SessionDep = Annotated[Session, Depends(get_session)]` (FastAPI's idiom), `MaybePath = Path | None`.
   */
  private typeAlias(node: SyntaxNode): { model: SemanticModel; value: SyntaxNode } | undefined {
    if (node.type !== 'identifier') return undefined;
    const binding = this.lookup(nameOf(node), node);
    let alias: { model: SemanticModel; value: SyntaxNode } | undefined;
    if (binding?.kind === 'assignment' && binding.value && this.scopes.enclosingScope(binding.node).kind === 'module') {
      alias = { model: this, value: binding.value };
    } else if (binding?.kind === 'import' && binding.importedName?.includes('.')) {
      alias = this.resolveModuleValue?.(binding.importedName);
    } else if (!binding) {
      const starred = this.starImportedName(nameOf(node));
      alias = starred ? this.resolveModuleValue?.(starred) : undefined;
    }
    const value = alias && unparenthesize(alias.value);
    return value && (value.type === 'subscript' || value.type === 'binary_operator') ? { model: alias!.model, value } : undefined;
  }

  /** `"pathlib.Path"` or `"Session | None"`: forward references written as strings. */
  private typeOfStringAnnotation(node: SyntaxNode): string | undefined {
    const content = node.text.replace(/^[rRbBuU]*(['"]{1,3})([\s\S]*)\1$/, '$2');
    const parts = content.split('|').map((part) => part.trim()).filter((part) => part && part !== 'None');
    if (parts.length !== 1 || !/^[A-Za-z_][\w.]*$/.test(parts[0])) return undefined;
    const [head, ...rest] = parts[0].split('.');
    const binding = this.lookup(head, node);
    if (binding?.kind !== 'import' || !binding.importedName) return undefined;
    const type = canonicalType([binding.importedName, ...rest].join('.'));
    return type.includes('.') ? type : undefined;
  }

  /** `self.x` inside a method: the type assigned to `self.x` anywhere in the class. */
  /**
   * The expressions assigned to a name (its visible binding) or to `self.attribute` (every
   * `self.attribute = …` of the enclosing class); empty when not known.
   */
  assignedValues(expression: SyntaxNode): SyntaxNode[] {
    const node = unparenthesize(expression);
    if (node.type === 'identifier') {
      const binding = this.lookup(node.text, node);
      return binding?.value && binding.kind === 'assignment' ? [binding.value] : [];
    }
    const object = node.type === 'attribute' ? field(node, 'object') : undefined;
    const attribute = node.type === 'attribute' ? field(node, 'attribute') : undefined;
    if (object?.type !== 'identifier' || object.text !== 'self' || !attribute) return [];
    // `self` may be the closure of a nested def or lambda: the method is the def whose parameter it is.
    const binding = this.lookup('self', object);
    const method = binding?.kind === 'parameter' ? binding.owner : this.enclosingFunction(object);
    const classNode = method ? enclosingClass(method) : undefined;
    if (!classNode) return [];
    const values: SyntaxNode[] = [];
    for (const assignment of this.nodesWithin('assignment', classNode.startIndex, classNode.endIndex)) {
      const left = field(assignment, 'left');
      const value = field(assignment, 'right');
      if (value && assignsSelfAttribute(left, attribute.text)) values.push(value);
    }
    return values;
  }

  private typeOfSelfAttribute(object: SyntaxNode, attribute: string, depth: number): string | undefined {
    if (object.type !== 'identifier' || object.text !== 'self') return undefined;
    const method = this.enclosingFunction(object);
    const classNode = method ? enclosingClass(method) : undefined;
    return classNode ? this.typeOfClassAttribute(classNode, attribute, depth) : undefined;
  }

  /**
   * `app.pool.shutdown()` after `app.pool = ProcessPoolExecutor()` earlier in the same function (or module-level code):
   * the value last assigned there to the same attribute of the same name, `self` aside (its class tells).
   */
  private attributeAssignedBefore(attribute: SyntaxNode): SyntaxNode | undefined {
    const object = field(attribute, 'object');
    if (object?.type !== 'identifier' || object.text === 'self') return undefined;
    const assigned = this.attributeAssignments().get(this.scopes.enclosingScope(attribute))?.get(attribute.text);
    let value: SyntaxNode | undefined;
    for (const { at, right } of assigned ?? []) {
      if (at >= attribute.startIndex) break;
      value = right;
    }
    return value;
  }

  /** `obj.attr = value` statements (not `self.`), by scope and target text, in source order: one pass over the module. */
  private attributeAssignments(): Map<Scope, Map<string, Array<{ at: number; right: SyntaxNode }>>> {
    if (this.assignedAttributes) return this.assignedAttributes;
    const found = new Map<Scope, Map<string, Array<{ at: number; right: SyntaxNode }>>>();
    for (const assignment of this.nodes('assignment')) {
      const left = field(assignment, 'left');
      const right = field(assignment, 'right');
      const object = left?.type === 'attribute' ? field(left, 'object') : null;
      if (!right || object?.type !== 'identifier' || object.text === 'self') continue;
      const scope = this.scopes.enclosingScope(assignment);
      let byTarget = found.get(scope);
      if (!byTarget) found.set(scope, (byTarget = new Map()));
      const entries = byTarget.get(left!.text) ?? [];
      entries.push({ at: assignment.startIndex, right });
      byTarget.set(left!.text, entries);
    }
    this.assignedAttributes = found;
    return found;
  }

  private assignedAttributes?: Map<Scope, Map<string, Array<{ at: number; right: SyntaxNode }>>>;

  /** The type assigned to `self.<attribute>` anywhere in the class. */
  private typeOfClassAttribute(classNode: SyntaxNode, attribute: string, depth: number): string | undefined {
    for (const assignment of this.nodesWithin('assignment', classNode.startIndex, classNode.endIndex)) {
      const left = field(assignment, 'left');
      if (!assignsSelfAttribute(left, attribute)) continue;
      const annotation = field(assignment, 'type');
      const value = field(assignment, 'right');
      const type = (annotation && this.typeOfAnnotation(annotation)) ?? (value ? this.typeOf(value, depth + 1) : undefined);
      if (type) return type;
    }
    // `session: requests.Session` in the class body (a dataclass field, a declared attribute); not when a subclass of
    // the module declares it again, narrower (`_value: io.IOBase`, then `_value: io.BytesIO` in a subclass).
    const declared = this.declaredAttribute(classNode, attribute);
    return declared && !this.redeclaredInSubclass(classNode, attribute) ? declared.model.typeOfAnnotation(declared.annotation) : undefined;
  }

  /** The class itself (not a base) declares `name`. */
  private findOwnDeclaration(classNode: SyntaxNode, name: string): boolean {
    return this.findDeclaredAttribute(classNode, name, MAX_INFERENCE_DEPTH + 1)?.model === this;
  }

  private redeclaredInSubclass(classNode: SyntaxNode, name: string): boolean {
    return this.nodes('class_definition').some(
      (other) => other.id !== classNode.id && this.basesOf(other).some((base) => base.node.id === classNode.id) && this.findOwnDeclaration(other, name),
    );
  }

  // ---- workspace definitions ---------------------------------------------------------------

  /** The def or class a callee names for certain: bound once in this file, or imported from the workspace. */
  definitionOf(expression: SyntaxNode | null): Definition | undefined {
    if (!expression) return undefined;
    const node = unparenthesize(expression);
    if (node.type === 'identifier') {
      const binding = this.lookup(nameOf(node), node);
      if (binding && (binding.kind === 'function' || binding.kind === 'class')) {
        const all = this.scopes.enclosingScope(binding.node).bindings.get(binding.name);
        return all?.length === 1 ? { model: this, node: binding.node } : undefined;
      }
      if (binding ? binding.kind !== 'import' : !this.starImportedName(nameOf(node))) return undefined;
    } else if (node.type !== 'attribute') {
      return undefined;
    }
    const name = this.qualifiedName(node);
    return name && name.includes('.') ? this.resolveImport?.(name) : undefined;
  }

  /** `cast(SystemManager, kwargs["system"])`: the type it names. */
  castTarget(call: SyntaxNode): SyntaxNode | undefined {
    return CASTS.has(this.callTargets(call)[0] ?? '') ? callArguments(call).positional[0] : undefined;
  }

  /** `fetch.delay(...)` or `fetch.apply_async(...)` on a Celery task (a def under `@app.task` or `@shared_task`). */
  private startsCeleryTask(callee: SyntaxNode | null): boolean {
    const node = callee ? unparenthesize(callee) : undefined;
    if (node?.type !== 'attribute' || !CELERY_STARTS.has(field(node, 'attribute')?.text ?? '')) return false;
    const object = field(node, 'object');
    const task = object && ['identifier', 'attribute'].includes(object.type) ? this.definitionOf(object) : undefined;
    return task?.node.type === 'function_definition' && task.model.isCeleryTask(task.node);
  }

  /** A def under `@app.task` (a `celery.Celery` app) or `@shared_task`: a worker runs it, with no event loop set. */
  isCeleryTask(definition: SyntaxNode): boolean {
    const decorated = definition.parent;
    if (decorated?.type !== 'decorated_definition') return false;
    return namedChildren(decorated).some((decorator) => {
      if (decorator.type !== 'decorator') return false;
      let expression = namedChildren(decorator).find((child) => child.type !== 'comment');
      if (expression?.type === 'call') expression = field(expression, 'function') ?? undefined;
      if (!expression) return false;
      if (this.qualifiedName(expression) === 'celery.shared_task') return true;
      const object = expression.type === 'attribute' && field(expression, 'attribute')?.text === 'task' ? field(expression, 'object') : null;
      return !!object && this.typeOf(object) === 'celery.Celery';
    });
  }

  /** What awaiting a call of an async library gives (`await asyncpg.connect(dsn)`), or entering it with `async with`. */
  private awaitedType(call: SyntaxNode): string | undefined {
    for (const target of this.callTargets(call)) if (AWAITED_TYPES[target]) return AWAITED_TYPES[target];
    return undefined;
  }

  /** What a call's callee is: a def or class found by name, else the one method of a workspace class (`self._session`). */
  calledDefinition(callee: SyntaxNode | null, depth = 0): Definition | undefined {
    const found = this.definitionOf(callee);
    if (found || !callee) return found;
    const node = unparenthesize(callee);
    const object = node.type === 'attribute' ? field(node, 'object') : null;
    const attribute = node.type === 'attribute' ? field(node, 'attribute') : null;
    const owner = object && attribute ? this.classOfValue(object, depth + 1) : undefined;
    const methods = owner ? owner.model.methodDefinitions(owner.node, attribute!.text) : undefined;
    return methods?.length === 1 && !isPropertyGetter(methods[0].model, methods[0].node) ? methods[0] : undefined;
  }

  /**
   * What calling a sync def returns (awaiting an `async def`, when `awaited`): its return annotation,
   * else the one type all its `return` statements agree on (`return None` aside). Unknown for generators.
   */
  returnTypeOf(definition: SyntaxNode, depth = 0, awaited = false): string | undefined {
    if (depth > MAX_INFERENCE_DEPTH || (definition.firstChild?.type === 'async') !== awaited || isGeneratorFunction(definition)) return undefined;
    const annotation = field(definition, 'return_type');
    if (annotation) return this.typeOfAnnotation(annotation);
    let type: string | undefined;
    for (const value of this.returnedValues(definition)) {
      const returned = this.typeOf(value, depth + 1);
      if (!returned || (type && returned !== type)) return undefined;
      type = returned;
    }
    return type;
  }

  /** The values a def's own `return` statements give (`return None` and bare `return` aside). */
  private returnedValues(definition: SyntaxNode): SyntaxNode[] {
    const body = field(definition, 'body');
    const values: SyntaxNode[] = [];
    for (const statement of body ? this.nodesWithin('return_statement', body.startIndex, body.endIndex) : []) {
      if (this.scopes.enclosingScope(statement).node.id !== definition.id) continue;
      const value = namedChildren(statement).find((child) => child.type !== 'comment');
      if (value && unparenthesize(value).type !== 'none') values.push(value);
    }
    return values;
  }

  /**
   * The workspace class of a value: `self` in a method, a name annotated with the class or built
   * from it (`hub = Hub()`), a call of it (`Hub()`).
   */
  classOfValue(expression: SyntaxNode, depth = 0): Definition | undefined {
    if (depth > MAX_INFERENCE_DEPTH) return undefined;
    const node = unparenthesize(expression);
    if (node.type === 'call') {
      const castTo = this.castTarget(node);
      if (castTo) return this.classOfAnnotation(castTo);
      const called = this.calledDefinition(field(node, 'function'), depth);
      if (called?.node.type === 'class_definition') return called;
      return called?.node.type === 'function_definition' ? called.model.returnedClass(called.node, depth + 1) : undefined;
    }
    if (node.type === 'conditional_expression') return sameClass(valueBranches(node).map((branch) => this.classOfValue(branch, depth + 1)));
    if (node.type === 'attribute') return this.classOfSelfAttribute(node, depth) ?? this.classOfClassAttribute(node, depth) ?? this.classOfDeclaredAttribute(node, depth) ?? this.classOfModuleValue(node, depth);
    if (node.type !== 'identifier') return undefined;
    const binding = this.lookup(nameOf(node), node);
    if (!binding) return undefined;
    if (binding.kind === 'parameter' && binding.owner && isFirstParameter(binding)) {
      const cls = enclosingClass(binding.owner);
      if (cls && !isStaticOrClassMethod(this, binding.owner)) return { model: this, node: cls };
    }
    if (binding.annotation) return this.classOfAnnotation(binding.annotation);
    if (binding.kind === 'assignment' && binding.value) return this.classOfValue(binding.value, depth + 1);
    const iterable = SemanticModel.itemBinding(binding);
    const items = iterable ? this.itemsOf(iterable, depth + 1) : undefined;
    if (items) return sameClass(items.map((item) => this.classOfValue(item, depth + 1)));
    // `for player in self.players` where the class declares `players: List[Player]`.
    const declared = iterable ? this.declaredAnnotationOf(iterable, depth + 1) : undefined;
    if (declared) return declared.model.elementClassOfAnnotation(declared.annotation);
    const passed = binding.kind === 'parameter' ? callerArguments(this, binding) : undefined;
    if (passed) return sameClass(passed.map((value) => this.classOfValue(value, depth + 1)));
    // `from .hub import hub`, where `hub.py` builds it once: `hub = Hub()`.
    const shared = binding.kind === 'import' && binding.importedName?.includes('.') ? this.resolveModuleValue?.(binding.importedName) : undefined;
    return shared ? shared.model.classOfValue(shared.value, depth + 1) : undefined;
  }

  /** `hub.shared_hub` after `from app import hub`, where that module builds it once: `shared_hub = Hub()`. */
  private classOfModuleValue(attribute: SyntaxNode, depth: number): Definition | undefined {
    const shared = this.moduleValueOf(attribute);
    return shared ? shared.model.classOfValue(shared.value, depth + 1) : undefined;
  }

  /** The value an attribute of an imported workspace module stands for, when the module assigns it once (`config.UPLOAD_DIR`). */
  private moduleValueOf(attribute: SyntaxNode): { model: SemanticModel; value: SyntaxNode } | undefined {
    const object = field(attribute, 'object');
    if (object?.type !== 'identifier' || this.lookup(object.text, object)?.kind !== 'import') return undefined;
    const name = this.qualifiedName(attribute);
    return name ? this.resolveModuleValue?.(name) : undefined;
  }

  /** The workspace class a sync def returns: its return annotation, else the one class all its `return` values agree on. */
  private returnedClass(definition: SyntaxNode, depth: number): Definition | undefined {
    if (depth > MAX_INFERENCE_DEPTH || definition.firstChild?.type === 'async' || isGeneratorFunction(definition)) return undefined;
    const annotation = field(definition, 'return_type');
    if (annotation) return this.classOfAnnotation(annotation);
    const values = this.returnedValues(definition);
    return values.length > 0 ? sameClass(values.map((value) => this.classOfValue(value, depth + 1))) : undefined;
  }

  /**
   * `self.hub` where the class only ever assigns it instances of one workspace class (`self.hub = Hub()`,
   * `None` aside), in any of its methods.
   */
  private classOfSelfAttribute(attribute: SyntaxNode, depth: number): Definition | undefined {
    if (field(attribute, 'object')?.text !== 'self') return undefined;
    const values = this.assignedValues(attribute).filter((value) => unparenthesize(value).type !== 'none');
    return sameClass(values.map((value) => this.classOfValue(value, depth + 1)));
  }

  /**
   * `player.connection` where the instance's workspace class declares `connection: PlayerConnection` (a dataclass
   * field, an annotation in the class body, `self.connection: PlayerConnection = ...`), or a workspace base does.
   */
  private classOfDeclaredAttribute(attribute: SyntaxNode, depth: number): Definition | undefined {
    const declared = this.declaredAnnotationOf(attribute, depth);
    return declared ? declared.model.classOfAnnotation(declared.annotation) : undefined;
  }

  /** The annotation a name (`players: list[Player]` as a parameter) or an attribute of a workspace instance is declared with. */
  private declaredAnnotationOf(expression: SyntaxNode, depth: number): { model: SemanticModel; annotation: SyntaxNode } | undefined {
    if (depth > MAX_INFERENCE_DEPTH) return undefined;
    const node = unparenthesize(expression);
    if (node.type === 'identifier') {
      const annotation = this.lookup(nameOf(node), node)?.annotation;
      return annotation ? { model: this, annotation } : undefined;
    }
    const object = node.type === 'attribute' ? field(node, 'object') : null;
    const name = node.type === 'attribute' ? field(node, 'attribute')?.text : undefined;
    if (!object || !name) return undefined;
    const owner = this.classOfValue(object, depth + 1);
    return owner ? owner.model.declaredAttribute(owner.node, name) : undefined;
  }

  /** `name: T` in the class body, or `self.name: T = ...` in a method; else in the first workspace base that declares it. */
  private declaredAttribute(classNode: SyntaxNode, name: string, baseDepth = 0): { model: SemanticModel; annotation: SyntaxNode } | undefined {
    if (baseDepth > MAX_INFERENCE_DEPTH) return undefined;
    // Asked for every attribute of an instance whose class nothing else tells: once per class and name.
    const key = `${classNode.id}\u0000${name}`;
    if (baseDepth === 0 && this.declaredAttributes.has(key)) return this.declaredAttributes.get(key) ?? undefined;
    const found = this.findDeclaredAttribute(classNode, name, baseDepth);
    if (baseDepth === 0) this.declaredAttributes.set(key, found ?? null);
    return found;
  }

  private findDeclaredAttribute(classNode: SyntaxNode, name: string, baseDepth: number): { model: SemanticModel; annotation: SyntaxNode } | undefined {
    for (const assignment of this.nodesWithin('assignment', classNode.startIndex, classNode.endIndex)) {
      const annotation = field(assignment, 'type');
      const left = field(assignment, 'left');
      if (!annotation || !left) continue;
      const inBody = left.type === 'identifier' && left.text === name && assignment.parent?.parent?.parent?.id === classNode.id;
      if (inBody || assignsSelfAttribute(left, name)) return { model: this, annotation };
    }
    for (const base of this.basesOf(classNode)) {
      const found = base.model.declaredAttribute(base.node, name, baseDepth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** `List[Player]`, `list[Player]`, `Sequence[Player]`, `set[Player]`…: the workspace class of the items. */
  private elementClassOfAnnotation(annotation: SyntaxNode): Definition | undefined {
    let node = unparenthesize(annotation);
    if (node.type === 'type') node = namedChildren(node)[0] ?? node;
    if (node.type !== 'generic_type' && node.type !== 'subscript') return undefined;
    const [wrapper, ...inner] = genericParts(node);
    const wrapperName = wrapper ? this.qualifiedName(wrapper) ?? wrapper.text : undefined;
    return wrapperName && COLLECTION_ANNOTATIONS.test(wrapperName) && inner.length >= 1 ? this.classOfAnnotation(inner[0]) : undefined;
  }

  /** `Bot.db` where `class Bot:` binds `db = Database()` once (or a workspace base of it does): the instance's class. */
  private classOfClassAttribute(attribute: SyntaxNode, depth: number): Definition | undefined {
    const value = this.classAttributeValue(attribute);
    return value ? value.model.classOfValue(value.node, depth + 1) : undefined;
  }

  /** `Post.objects`: the value a workspace class (or the first workspace base that binds it) assigns to the attribute, once. */
  private classAttributeValue(attribute: SyntaxNode): { model: SemanticModel; node: SyntaxNode } | undefined {
    const object = field(attribute, 'object');
    const name = field(attribute, 'attribute')?.text;
    const owner = object && name ? this.definitionOf(object) : undefined;
    if (owner?.node.type !== 'class_definition') return undefined;
    return classAttributeBinding(owner, name!) ?? undefined;
  }

  /**
   * `objects = models.Manager()`, `published = PublishedManager()` (a workspace subclass), `PostQuerySet.as_manager()`,
   * `Manager.from_queryset(PostQuerySet)()`: a Django manager the class declares itself.
   */
  private declaredDjangoManager(attribute: SyntaxNode): string | undefined {
    const value = this.classAttributeValue(attribute);
    const call = value && unparenthesize(value.node);
    const callee = call?.type === 'call' ? field(call, 'function') : null;
    if (!value || !callee) return undefined;
    const method = (node: SyntaxNode | null) => (node?.type === 'attribute' ? field(node, 'attribute')?.text : undefined);
    const isManager =
      method(callee) === 'as_manager' ||
      (callee.type === 'call' && method(field(callee, 'function')) === 'from_queryset') ||
      canonicalType(value.model.qualifiedName(callee) ?? '') === DJANGO_MANAGER ||
      value.model.workspaceClassDerivesFrom(callee, DJANGO_MANAGER);
    return isManager ? DJANGO_MANAGER : undefined;
  }

  /** `ActiveManager` where `class ActiveManager(models.Manager)`: a workspace class with that known library class among its bases. */
  private workspaceClassDerivesFrom(callee: SyntaxNode, library: string): boolean {
    const called = this.calledDefinition(callee);
    return called?.node.type === 'class_definition' && called.model.libraryBasesDefining(called.node, '', 0).includes(library);
  }

  /** `Hub`, `models.Hub`, `"Hub"`, `Optional[Hub]`, `Hub | None` → the workspace class. */
  private classOfAnnotation(annotation: SyntaxNode, depth = 0): Definition | undefined {
    if (depth > MAX_NESTING) return undefined;
    let node = unparenthesize(annotation);
    if (node.type === 'type') node = namedChildren(node)[0] ?? node;
    if (node.type === 'string') {
      const text = node.text.replace(/^[rRuU]*(['"]{1,3})([\s\S]*)\1$/, '$2');
      const parts = text.split('|').map((part) => part.trim()).filter((part) => part && part !== 'None');
      const binding = parts.length === 1 && /^[A-Za-z_]\w*$/.test(parts[0]) ? this.lookup(parts[0], node) : undefined;
      return binding?.kind === 'class' ? { model: this, node: binding.node } : undefined;
    }
    if (node.type === 'binary_operator') {
      const sides = [field(node, 'left'), field(node, 'right')].filter((side): side is SyntaxNode => !!side && side.type !== 'none');
      return sides.length === 1 ? this.classOfAnnotation(sides[0], depth + 1) : undefined;
    }
    if (node.type === 'generic_type' || node.type === 'subscript') {
      const [wrapper, ...inner] = genericParts(node);
      const wrapperName = wrapper ? this.qualifiedName(wrapper) : undefined;
      if (wrapperName && ANNOTATED.test(wrapperName) && inner.length > 0) return this.classOfAnnotation(inner[0], depth + 1);
      return wrapperName && /(^|\.)Optional$/.test(wrapperName) && inner.length === 1 ? this.classOfAnnotation(inner[0], depth + 1) : undefined;
    }
    const aliased = this.typeAlias(node);
    if (aliased) return aliased.model.classOfAnnotation(aliased.value, depth + 1);
    const found = this.definitionOf(node);
    return found?.node.type === 'class_definition' ? found : undefined;
  }

  /**
   * The type of `obj.name` on an instance of a class of this file: the value a `@property` getter
   * returns, or what `self.name` is assigned in the class; else the same in its workspace bases.
   */
  memberType(classNode: SyntaxNode, name: string, depth = 0): string | undefined {
    if (depth > MAX_INFERENCE_DEPTH) return undefined;
    const bindings = this.scopes.scopeOf(classNode)?.bindings.get(name);
    if (bindings) {
      const getter = bindings.find((binding) => binding.kind === 'function' && isPropertyGetter(this, binding.node));
      if (getter) return this.returnTypeOf(getter.node, depth + 1);
      // A method, or a value the class body binds; a bare declaration (`session: requests.Session`) is read below.
      if (bindings.some((binding) => binding.kind !== 'assignment' || binding.value)) return undefined;
    }
    const assigned = this.typeOfClassAttribute(classNode, name, depth + 1);
    if (assigned) return assigned;
    for (const base of this.basesOf(classNode)) {
      const type = base.model.memberType(base.node, name, depth + 1);
      if (type) return type;
    }
    return undefined;
  }

  /** The defs a class body binds to `name` (its own, else the first workspace base's that binds it), when only defs do. */
  methodDefinitions(classNode: SyntaxNode, name: string, depth = 0): Definition[] | undefined {
    const bindings = this.scopes.scopeOf(classNode)?.bindings.get(name);
    if (bindings) return bindings.every((binding) => binding.node.type === 'function_definition') ? bindings.map((binding) => ({ model: this, node: binding.node })) : undefined;
    if (depth >= MAX_BASES) return undefined;
    for (const base of this.basesOf(classNode)) {
      const found = base.model.methodDefinitions(base.node, name, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** `User.objects` with `class User(models.Model)`: a class attribute a library base gives a workspace class. */
  private inheritedClassAttribute(object: SyntaxNode, attribute: string): string | undefined {
    const type = INHERITED_CLASS_ATTRIBUTES[attribute];
    if (!type) return undefined;
    const found = this.definitionOf(object);
    if (found?.node.type !== 'class_definition') return undefined;
    const bases = found.model.libraryBasesDefining(found.node, attribute, 0);
    return bases.some((base) => type.owners.includes(base)) ? type.type : undefined;
  }

  /** `Report().output(...)` with `class Report(FPDF)`: the method a library base of a workspace class defines. */
  private inheritedLibraryMethods(object: SyntaxNode, method: string): string[] {
    // Finding the class may ask for other calls' targets, in any module: those look no further (no cycle, no
    // deep recursion) and are not cached, so that every answer is the same whatever is asked first.
    if (findingInheritedMethod) return [];
    findingInheritedMethod = true;
    try {
      const owner = this.classOfValue(object);
      return owner ? owner.model.libraryBasesDefining(owner.node, method, 0).map((base) => `${base}.${method}`) : [];
    } finally {
      findingInheritedMethod = false;
    }
  }

  /** The known library classes among a workspace class's bases (and theirs) whose `method` no workspace class in between overrides. */
  libraryBasesDefining(classNode: SyntaxNode, method: string, depth: number): string[] {
    if (depth > MAX_BASES || this.scopes.scopeOf(classNode)?.bindings.has(method)) return [];
    const found: string[] = [];
    for (const base of baseClassNames(classNode).slice(0, MAX_BASES)) {
      const name = this.qualifiedName(base);
      const type = name ? canonicalType(name) : undefined;
      if (type && KNOWN_CLASSES.has(type)) found.push(type);
    }
    for (const base of this.basesOf(classNode)) found.push(...base.model.libraryBasesDefining(base.node, method, depth + 1));
    return found;
  }

  /** The workspace classes a class derives from, left to right. */
  basesOf(classNode: SyntaxNode): Definition[] {
    const bases: Definition[] = [];
    for (const base of baseClassNames(classNode).slice(0, MAX_BASES)) {
      const found = this.definitionOf(base);
      if (found?.node.type === 'class_definition' && found.node.id !== classNode.id) bases.push(found);
    }
    return bases;
  }

  // ---- execution context -------------------------------------------------------------------

  /** Innermost def or lambda whose body contains the node (not its defaults or decorators). */
  enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
    const scope = this.scopes.enclosingScope(node);
    return scope.kind === 'function' || scope.kind === 'lambda' ? scope.node : undefined;
  }

  /**
   * The `async def` whose body runs this node on the event loop, or undefined. A nested `def`,
   * `lambda` or class body in between resets to synchronous code. Inside syntax errors, where the
   * tree may have lost the `def`, indentation tells which header the line belongs to.
   */
  asyncContext(node: SyntaxNode): SyntaxNode | undefined {
    const scope = this.scopes.enclosingScope(node);
    const error = this.innermostError(node.startIndex);
    if (error && (scope.kind === 'module' || error.startIndex > scope.start)) return this.asyncContextByIndentation(node, error);
    let owner = scope;
    while (owner.kind === 'lambda' && owner.parent && isCalledOnTheSpot(owner.node)) owner = owner.parent;
    return owner.isAsync ? owner.node : undefined;
  }

  /**
   * True when the node runs on the event loop: inside an `async def` (see `asyncContext`), unless that
   * coroutine only ever runs under a sync driver of the module (`eval_coroutine(self.co_read())`, which
   * steps it by hand with `__await__()`/`send`), never on a loop.
   */
  isOnEventLoop(node: SyntaxNode): boolean {
    const context = this.asyncContext(node);
    return context !== undefined && !this.drivenSynchronously(context);
  }

  /** The `async def` only ever runs under a sync driver of its module, never on an event loop. */
  drivenSynchronously(definition: SyntaxNode): boolean {
    this.drivenCoroutines ??= drivenSynchronously(this);
    return this.drivenCoroutines.has(definition.id);
  }

  private innermostError(index: number): SyntaxNode | undefined {
    let found: SyntaxNode | undefined;
    for (const error of this.errors) {
      if (error.startIndex > index) break;
      if (index < error.endIndex) found = error;
    }
    return found;
  }

  /**
   * Follows the block headers above the node's line (the nearest line with less indentation, then
   * its own, …) to an `async def`, a `def`, `class` or `lambda`, or the module. Every line passed
   * is remembered, so a file costs one pass however deep it nests.
   */
  private asyncContextByIndentation(node: SyntaxNode, errorNode: SyntaxNode): SyntaxNode | undefined {
    this.headers ??= blockHeaders(this.lines);
    const passed: number[] = [];
    let result: SyntaxNode | null = null;
    for (let line = node.startPosition.row; ; ) {
      const cached = this.contextCache.get(line);
      if (cached !== undefined) {
        result = cached;
        break;
      }
      passed.push(line);
      const header = this.headers[line] ?? -1;
      if (header < 0) break;
      const text = this.lineText(header).trimStart();
      if (/^async\s+def\b/.test(text)) {
        result = errorNode;
        break;
      }
      if (/^(def|class)\b/.test(text) || /\blambda\b[^:]*:/.test(text)) break;
      line = header;
    }
    for (const line of passed) this.contextCache.set(line, result);
    return result ?? undefined;
  }

  /** `await f()` (through parentheses). */
  isAwaited(node: SyntaxNode): boolean {
    if (this.awaited.has(node.id)) return true;
    return node.type !== 'call' && logicalParent(node)?.type === 'await';
  }

  /** True when some import in the file names the module or something inside it. */
  importsModule(moduleName: string): boolean {
    let imports = this.importedModules.get(moduleName);
    if (imports === undefined) this.importedModules.set(moduleName, (imports = this.findImport(moduleName)));
    return imports;
  }

  private findImport(moduleName: string): boolean {
    const pattern = new RegExp(`\\b${moduleName.replace(/\./g, '\\.')}\\b`);
    for (const type of ['import_statement', 'import_from_statement']) {
      for (const statement of this.nodes(type)) {
        if (!this.isDead(statement) && pattern.test(statement.text)) return true;
      }
    }
    return false;
  }
}

const inSourceOrder = new WeakMap<Binding[], boolean>();

/**
 * The last binding at or before `at` (else the last one). A binary search when the bindings are in
 * source order (as the scope tree makes them): a name may be bound thousands of times.
 */
function pickBinding(bindings: Binding[], at: SyntaxNode): Binding {
  let sorted = inSourceOrder.get(bindings);
  if (sorted === undefined) {
    sorted = bindings.every((binding, i) => i === 0 || bindings[i - 1].node.startIndex <= binding.node.startIndex);
    inSourceOrder.set(bindings, sorted);
  }
  if (!sorted) {
    let last: Binding | undefined;
    for (const binding of bindings) if (binding.node.startIndex <= at.startIndex && !evaluatedBefore(binding, at)) last = binding;
    return last ?? bindings[bindings.length - 1];
  }
  let low = 0;
  let high = bindings.length - 1;
  let chosen = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (bindings[middle].node.startIndex <= at.startIndex) {
      chosen = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  // `x = x.streams.first()`: the `x` on the right is the binding before this one.
  while (chosen > 0 && evaluatedBefore(bindings[chosen], at)) chosen--;
  return bindings[chosen >= 0 ? chosen : bindings.length - 1];
}

/** `at` is part of the value (or the iterable) the binding is made from, so it is read before the binding exists. */
function evaluatedBefore(binding: Binding, at: SyntaxNode): boolean {
  const source = binding.value ?? binding.iterable;
  return source !== undefined && source.startIndex <= at.startIndex && at.endIndex <= source.endIndex && binding.node.startIndex < source.startIndex;
}

/** `List[Player]` → `List`, `Player`: the generic's name, then its type arguments. */
function genericParts(node: SyntaxNode): SyntaxNode[] {
  return namedChildren(node).flatMap((child) => (child.type === 'type_parameter' ? namedChildren(child) : [child]));
}

/** The target of an assignment is `self.<name>` (spaces around the dot allowed). */
function assignsSelfAttribute(left: SyntaxNode | null, name: string): boolean {
  return left?.type === 'attribute' && left.text.replace(/\s+/g, '') === `self.${name}`;
}

/** Collections whose first type argument is the type of what iterating them gives. */
const COLLECTION_ANNOTATIONS = /(^|\.)(List|list|Sequence|MutableSequence|Iterable|Iterator|Collection|Set|set|FrozenSet|frozenset|AbstractSet|MutableSet|Deque|deque)$/;

function enclosingClass(method: SyntaxNode): SyntaxNode | undefined {
  for (let parent = method.parent; parent; parent = parent.parent) {
    if (parent.type === 'class_definition') return parent;
    if (parent.type === 'function_definition') return undefined;
  }
  return undefined;
}

/** `(lambda: time.sleep(1))()`: the lambda's body runs where the call is. */
function isCalledOnTheSpot(lambda: SyntaxNode): boolean {
  const node = outermostParenthesized(lambda);
  return node.parent?.type === 'call' && field(node.parent, 'function')?.id === node.id;
}

/** A def or class, in the model of the module that defines it. */
export interface Definition {
  model: SemanticModel;
  node: SyntaxNode;
}

const MAX_BASES = 6;

/**
 * What the class, or the first workspace base (in order, depth first) that binds `name` in its body, assigns to it:
 * the value when it is one assignment; null when that class binds the name otherwise (twice, a `def`, an import);
 * undefined when no class binds it.
 */
export function classAttributeBinding(cls: Definition, name: string, depth = 0): { model: SemanticModel; node: SyntaxNode } | null | undefined {
  const bindings = cls.model.scopes.scopeOf(cls.node)?.bindings.get(name);
  if (bindings) return bindings.length === 1 && bindings[0].kind === 'assignment' && bindings[0].value ? { model: cls.model, node: bindings[0].value } : null;
  if (depth >= MAX_BASES) return undefined;
  for (const base of cls.model.basesOf(cls.node)) {
    const found = classAttributeBinding(base, name, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
/** Set while a call's target is looked for among the library bases of a workspace class (see inheritedLibraryMethods). */
let findingInheritedMethod = false;
const PROPERTY_DECORATORS = new Set(['property', 'cached_property']);

function decoratorsOf(definition: SyntaxNode): SyntaxNode[] {
  const parent = definition.parent;
  return parent?.type === 'decorated_definition' ? namedChildren(parent).filter((child) => child.type === 'decorator') : [];
}

function decoratorNames(model: SemanticModel, definition: SyntaxNode): string[] {
  return decoratorsOf(definition).map((decorator) => {
    const expression = namedChildren(decorator).find((child) => child.type !== 'comment');
    const name = expression ? (model.qualifiedName(expression) ?? expression.text) : '';
    return name.slice(name.lastIndexOf('.') + 1);
  });
}

/** The value of a `with` item belongs to an `async with` statement. */
function isAsyncWith(value: SyntaxNode): boolean {
  let node: SyntaxNode | null = value;
  for (let depth = 0; node && depth < MAX_NESTING && node.type !== 'with_statement'; depth++) node = node.parent;
  return node?.type === 'with_statement' && node.firstChild?.type === 'async';
}

/** `@property`, `@functools.cached_property` (not `@x.setter`). */
function isPropertyGetter(model: SemanticModel, definition: SyntaxNode): boolean {
  return decoratorNames(model, definition).some((name) => PROPERTY_DECORATORS.has(name));
}

function isStaticOrClassMethod(model: SemanticModel, definition: SyntaxNode): boolean {
  return decoratorNames(model, definition).some((name) => name === 'staticmethod' || name === 'classmethod');
}

/** `self` in `def m(self, …)`: the parameter listed first. */
function isFirstParameter(binding: Binding): boolean {
  const parameters = binding.owner ? field(binding.owner, 'parameters') : null;
  const first = parameters ? namedChildren(parameters)[0] : undefined;
  return first !== undefined && (first.id === binding.node.id || namedChildren(first).some((child) => child.id === binding.node.id));
}

const IMPORT_ERRORS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

/**
 * The `try` statement an import sits in (its body or a handler) when a handler catches a failed import,
 * or the `if` with an `else`/`elif` it sits in: either way one of the statement's imports binds the name.
 */
function importFallbackStatement(node: SyntaxNode): SyntaxNode | undefined {
  // A few levels up at most (statement, block, handler, `if`…): not a walk per binding through deeply nested code.
  let levels = 0;
  for (let parent = node.parent; parent && levels < 8; parent = parent.parent, levels++) {
    if (parent.type === 'function_definition' || parent.type === 'class_definition' || parent.type === 'lambda') return undefined;
    // `if sys.version_info >= (3, 7): from contextlib import x / else: from .backport import x`: one of them runs.
    if (parent.type === 'if_statement' && parent.childrenForFieldName('alternative').length > 0) return parent;
    if (parent.type !== 'try_statement') continue;
    const catches = namedChildren(parent).some((clause) => {
      if (clause.type !== 'except_clause') return false;
      const caught = namedChildren(clause).find((child) => child.type !== 'block' && child.type !== 'comment');
      const type = caught?.type === 'as_pattern' ? namedChildren(caught)[0] : caught;
      return !type || type.text.split(/[\s(),]+/).some((name) => IMPORT_ERRORS.has(name.replace(/^builtins\./, '')));
    });
    return catches ? parent : undefined;
  }
  return undefined;
}

function indentation(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * For each line, the nearest line above it with less indentation (the header of its block), or -1;
 * blank and comment lines open no block. One pass with a stack of the open headers.
 */
function blockHeaders(lines: readonly string[]): Int32Array {
  const headers = new Int32Array(lines.length).fill(-1);
  const openRows: number[] = [];
  const openIndents: number[] = [];
  for (let row = 0; row < lines.length; row++) {
    const text = lines[row];
    const indent = indentation(text);
    if (indent === text.length || text[indent] === '#') {
      // The last open header with less indentation (their indentations increase up the stack).
      let low = 0;
      let high = openIndents.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (openIndents[middle] < indent) low = middle + 1;
        else high = middle;
      }
      headers[row] = low > 0 ? openRows[low - 1] : -1;
      continue;
    }
    while (openIndents.length > 0 && openIndents[openIndents.length - 1] >= indent) {
      openIndents.pop();
      openRows.pop();
    }
    headers[row] = openRows.length > 0 ? openRows[openRows.length - 1] : -1;
    openRows.push(row);
    openIndents.push(indent);
  }
  return headers;
}

/** The values a conditional expression may have, its `None` branches left out (`Path(x) if c else None` → `Path(x)`). */
function valueBranches(node: SyntaxNode): SyntaxNode[] {
  const [consequence, , alternative] = namedChildren(node).filter((item) => item.type !== 'comment');
  return [consequence, alternative].filter((branch): branch is SyntaxNode => branch !== undefined && unparenthesize(branch).type !== 'none');
}

/** The one class every value is, when each is known and all agree. */
export function sameClass<T extends Definition>(classes: Array<T | undefined>): T | undefined {
  const [first] = classes;
  return first && classes.every((cls) => cls?.node.id === first.node.id && cls.model === first.model) ? first : undefined;
}

const COLLECTION_DISPLAYS = new Set(['list', 'tuple', 'set']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'generator_expression']);

/** The one type every value has, when each is known and all agree (none: undefined). */
function sameType(types: Array<string | undefined>): string | undefined {
  return types.length > 0 && types.every((type) => type !== undefined && type === types[0]) ? types[0] : undefined;
}
