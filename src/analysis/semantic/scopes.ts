import type { SyntaxNode } from '../parser';
import type { DeadCode } from './deadCode';
import { field, namedChildren, pushReversed, pythonName } from '../syntax';

export type BindingKind =
  | 'import'
  | 'assignment'
  | 'parameter'
  | 'function'
  | 'class'
  | 'loop'
  | 'with'
  | 'except'
  | 'walrus'
  | 'other';

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The node that binds the name (identifier, or the def/class node). */
  node: SyntaxNode;
  /** For imports: the dotted name it stands for ("time.sleep", ".util.load" for relative imports). */
  importedName?: string;
  /** For assignments and `with … as`: the value expression. */
  value?: SyntaxNode;
  annotation?: SyntaxNode;
  /** For parameters: the function that owns them. */
  owner?: SyntaxNode;
  /** For `for`: the iterable. */
  iterable?: SyntaxNode;
}

/** A node the scope tree is built from: a definition (by type), its body (`scope_body`) or a binder. */
export interface ScopeEvent {
  name: string;
  node: SyntaxNode;
}

export type ScopeKind = 'module' | 'function' | 'class' | 'lambda';

export class Scope {
  readonly bindings = new Map<string, Binding[]>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  /** Source interval of the code that runs in this scope (a def's body, not its defaults). */
  start = 0;
  end = Number.MAX_SAFE_INTEGER;

  constructor(
    readonly kind: ScopeKind,
    readonly node: SyntaxNode,
    readonly parent: Scope | undefined,
    readonly isAsync = false,
  ) {}

  contains(index: number): boolean {
    return index >= this.start && index < this.end;
  }

  bind(binding: Binding): void {
    binding.name = pythonName(binding.name);
    if (binding.importedName !== undefined) binding.importedName = pythonName(binding.importedName);
    const list = this.bindings.get(binding.name);
    if (list) list.push(binding);
    else this.bindings.set(binding.name, [binding]);
  }
}

/** Adds the names a target expression binds (`a`, `a, b`, `[a, *b]`); attributes and subscripts bind nothing. */
export function bindTargets(
  scope: Scope,
  target: SyntaxNode | null,
  make: (identifier: SyntaxNode) => Binding,
): void {
  forEachTargetName(target, (identifier) => scope.bind(make(identifier)));
}

/** Containers an assignment target may be nested in while still binding a plain name. */
export const TARGET_CONTAINERS: ReadonlySet<string> = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'expression_list',
  'tuple',
  'list',
  'parenthesized_expression',
  'list_splat_pattern',
  'as_pattern_target',
]);

/** The identifiers a target expression binds, in source order (see bindTargets). */
export function forEachTargetName(target: SyntaxNode | null, visit: (identifier: SyntaxNode) => void): void {
  // An explicit stack, in source order: targets nest as deep as the code wants (`((((a, b), c), d)…`).
  const pending: SyntaxNode[] = target ? [target] : [];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'identifier') visit(node);
    else if (TARGET_CONTAINERS.has(node.type)) pushReversed(pending, namedChildren(node));
  }
}

/** Annotations that say nothing of the value (`object`, `Any`): what it is built from or given tells more. */
const UNINFORMATIVE_ANNOTATION = /^(?:builtins\.)?object$|^(?:typing\.|t\.)?Any$/;

function informative(annotation: SyntaxNode | null): SyntaxNode | undefined {
  return annotation && !UNINFORMATIVE_ANNOTATION.test(annotation.text.replace(/\s+/g, '')) ? annotation : undefined;
}

function bindParameters(scope: Scope, owner: SyntaxNode): void {
  const parameters = field(owner, 'parameters');
  if (!parameters) return;
  for (const parameter of namedChildren(parameters)) {
    let name: SyntaxNode | null = null;
    let annotation: SyntaxNode | null = null;
    switch (parameter.type) {
      case 'identifier':
        name = parameter;
        break;
      case 'typed_parameter':
        name = namedChildren(parameter).find((child) => child.type === 'identifier') ?? null;
        annotation = field(parameter, 'type');
        break;
      case 'default_parameter':
      case 'typed_default_parameter':
        name = field(parameter, 'name');
        annotation = field(parameter, 'type');
        break;
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        name = namedChildren(parameter).find((child) => child.type === 'identifier') ?? null;
        break;
    }
    if (name?.type === 'identifier') {
      scope.bind({ name: name.text, kind: 'parameter', node: name, annotation: informative(annotation), owner });
    }
  }
}

function bindImport(scope: Scope, statement: SyntaxNode): void {
  if (statement.type === 'import_statement') {
    for (const item of namedChildren(statement)) {
      if (item.type === 'dotted_name') {
        const first = namedChildren(item)[0];
        if (first) scope.bind({ name: first.text, kind: 'import', node: first, importedName: first.text });
      } else if (item.type === 'aliased_import') {
        const name = field(item, 'name');
        const alias = field(item, 'alias');
        if (name && alias) scope.bind({ name: alias.text, kind: 'import', node: alias, importedName: name.text });
      }
    }
    return;
  }
  const moduleNode = field(statement, 'module_name');
  if (!moduleNode) return;
  const moduleName = moduleNode.text.replace(/\s+/g, '');
  for (const item of statement.childrenForFieldName('name')) {
    if (!item) continue;
    if (item.type === 'dotted_name') {
      scope.bind({ name: item.text, kind: 'import', node: item, importedName: join(moduleName, item.text) });
    } else if (item.type === 'aliased_import') {
      const name = field(item, 'name');
      const alias = field(item, 'alias');
      if (name && alias) scope.bind({ name: alias.text, kind: 'import', node: alias, importedName: join(moduleName, name.text) });
    }
  }
}

function join(moduleName: string, name: string): string {
  return moduleName.endsWith('.') ? moduleName + name : `${moduleName}.${name}`;
}

function bindWithItems(scope: Scope, statement: SyntaxNode): void {
  const clause = namedChildren(statement).find((child) => child.type === 'with_clause');
  if (!clause) return;
  for (const item of namedChildren(clause)) {
    for (const pattern of asPatterns(field(item, 'value'))) {
      const expression = namedChildren(pattern)[0];
      bindTargets(scope, field(pattern, 'alias'), (identifier) => ({ name: identifier.text, kind: 'with', node: identifier, value: expression }));
    }
  }
}

/** `cm() as x`, also written `(cm() as x)` or `(a() as x, b() as y,)` (which the grammar reads as a tuple). */
function asPatterns(value: SyntaxNode | null): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const pending: SyntaxNode[] = value ? [value] : [];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'as_pattern') found.push(node);
    else if (node.type === 'parenthesized_expression' || node.type === 'tuple') pushReversed(pending, namedChildren(node));
  }
  return found;
}

/**
 * Builds the scope tree from the definitions, bodies and binders of the file, in source order
 * (`SemanticModel` lists them in its one pass over the tree). Comprehensions share their enclosing scope: a
 * simplification that only matters when a comprehension variable shadows an import of the same name.
 */
export class ScopeTree {
  readonly module: Scope;
  /** Scopes other than the module, in source order of their bodies. */
  private readonly ordered: Scope[] = [];
  private readonly byNode = new Map<number, Scope>();

  /** Names bound in dead code (`DeadCode`) are left out: they are no value the name may have. */
  constructor(root: SyntaxNode, captures: readonly ScopeEvent[], dead?: DeadCode) {
    this.module = new Scope('module', root, undefined);
    this.byNode.set(root.id, this.module);
    const pending = new Map<number, Scope>();
    const open: Scope[] = [this.module];
    for (const { name, node } of captures) {
      while (open.length > 1 && !open[open.length - 1].contains(node.startIndex)) open.pop();
      const current = open[open.length - 1];
      if (name === 'scope_body') {
        const owner = node.parent;
        const scope = owner ? pending.get(owner.id) : undefined;
        if (!scope) continue;
        scope.start = node.startIndex;
        scope.end = node.endIndex;
        this.ordered.push(scope);
        open.push(scope);
      } else if (name === 'function_definition' || name === 'class_definition' || name === 'lambda') {
        const kind: ScopeKind = name === 'class_definition' ? 'class' : name === 'lambda' ? 'lambda' : 'function';
        const defName = kind === 'lambda' ? null : field(node, 'name');
        if (defName && !dead?.contains(node.startIndex)) current.bind({ name: defName.text, kind: kind === 'class' ? 'class' : 'function', node });
        const scope = new Scope(kind, node, current, kind === 'function' && node.firstChild?.type === 'async');
        // An empty scope until its body is seen: code in defaults and decorators runs outside it.
        scope.start = scope.end = node.endIndex;
        this.byNode.set(node.id, scope);
        pending.set(node.id, scope);
        if (kind !== 'class') bindParameters(scope, node);
      } else if (BINDERS.has(name) && (!dead?.contains(node.startIndex) || COMPILE_TIME.has(name))) {
        this.bindStatement(node, current);
      }
    }
  }

  all(): Scope[] {
    return [this.module, ...this.ordered];
  }

  scopeOf(scopeNode: SyntaxNode): Scope | undefined {
    return this.byNode.get(scopeNode.id);
  }

  /** The scope a node's code runs in. */
  enclosingScope(node: SyntaxNode): Scope {
    return this.scopeAt(node.startIndex);
  }

  /** Innermost scope whose body contains the source index (binary search, then outwards). */
  scopeAt(index: number): Scope {
    let low = 0;
    let high = this.ordered.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.ordered[middle].start <= index) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    for (let scope: Scope | undefined = found >= 0 ? this.ordered[found] : undefined; scope; scope = scope.parent) {
      if (scope.contains(index)) return scope;
    }
    return this.module;
  }

  private bindStatement(node: SyntaxNode, scope: Scope): void {
    switch (node.type) {
      case 'import_statement':
      case 'import_from_statement':
        bindImport(scope, node);
        return;
      case 'assignment': {
        const annotation = informative(field(node, 'type'));
        const value = field(node, 'right') ?? undefined;
        const left = field(node, 'left');
        const single = left?.type === 'identifier';
        bindTargets(scope, left, (identifier) => ({
          name: identifier.text,
          kind: 'assignment',
          node: identifier,
          value: single && value?.type !== 'assignment' ? value : undefined,
          annotation,
        }));
        return;
      }
      case 'augmented_assignment':
        bindTargets(scope, field(node, 'left'), (identifier) => ({ name: identifier.text, kind: 'other', node: identifier }));
        return;
      case 'named_expression': {
        const name = field(node, 'name');
        if (name) scope.bind({ name: name.text, kind: 'walrus', node: name, value: field(node, 'value') ?? undefined });
        return;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const iterable = field(node, 'right') ?? undefined;
        bindTargets(scope, field(node, 'left'), (identifier) => ({ name: identifier.text, kind: 'loop', node: identifier, iterable }));
        return;
      }
      case 'with_statement':
        bindWithItems(scope, node);
        return;
      case 'except_clause': {
        const value = namedChildren(node).find((child) => child.type === 'as_pattern');
        bindTargets(scope, value ? field(value, 'alias') : null, (identifier) => ({ name: identifier.text, kind: 'except', node: identifier }));
        return;
      }
      case 'global_statement':
        for (const name of namedChildren(node)) scope.globals.add(name.text);
        return;
      case 'nonlocal_statement':
        for (const name of namedChildren(node)) scope.nonlocals.add(name.text);
        return;
      case 'delete_statement':
        return;
    }
  }
}

/** Node types that bind names. */
const BINDERS = new Set([
  'import_statement',
  'import_from_statement',
  'assignment',
  'augmented_assignment',
  'named_expression',
  'for_statement',
  'for_in_clause',
  'with_statement',
  'except_clause',
  'global_statement',
  'nonlocal_statement',
]);

/** Declarations Python's compiler reads even in code that never runs. */
const COMPILE_TIME = new Set(['global_statement', 'nonlocal_statement']);

/**
 * Node types captured with the scopes in the model's one query (binders, plus what most rules ask
 * for). The query's walk over the tree is the expensive part, not the captures, so the list is
 * generous; any other type costs a walk of its own on first request (`SemanticModel.nodes`).
 */
export const INTERESTING = new Set([
  ...BINDERS,
  'call',
  'await',
  'expression_statement',
  'return_statement',
  'raise_statement',
  'try_statement',
  'while_statement',
  'yield',
  'break_statement',
  'continue_statement',
  'comment',
]);
