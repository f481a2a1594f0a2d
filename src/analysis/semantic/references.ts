import type { SyntaxNode } from '../parser';
import type { SemanticModel } from './model';
import { field } from '../syntax';
import { NAMED, type SyntaxTree } from '../syntaxTree';
import { TARGET_CONTAINERS } from './scopes';

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);

/**
 * Visits every node under `root` (not `root` itself) that runs in `root`'s own frame: the bodies of
 * nested defs, lambdas and classes are skipped. `visit` returns false to skip a node's children.
 */
export function walkOwnFrame(root: SyntaxNode, visit: (node: SyntaxNode) => boolean | void): void {
  const { tree } = root;
  const pending: number[] = [];
  pushNamedChildren(tree, root.id, -1, pending);
  while (pending.length > 0) {
    const node = tree.node(pending.pop()!);
    if (visit(node) === false) continue;
    const skipped = SCOPE_TYPES.has(node.type) ? (field(node, 'body')?.id ?? -1) : -1;
    pushNamedChildren(tree, node.id, skipped, pending);
  }
}

/** Pushes the named children of `parent` but `skipped`, last first (so that they pop in source order). */
export function pushNamedChildren(tree: SyntaxTree, parent: number, skipped: number, pending: number[]): void {
  const first = pending.length;
  for (let child = parent + 1; child < tree.subtreeEnds[parent]; child = tree.subtreeEnds[child]) {
    if (child !== skipped && tree.hasFlag(child, NAMED)) pending.push(child);
  }
  for (let low = first, high = pending.length - 1; low < high; low++, high--) {
    const swapped = pending[low];
    pending[low] = pending[high];
    pending[high] = swapped;
  }
}

/** True when a def's own body (not a nested def) contains `yield`: calling it makes a generator. */
export function isGeneratorFunction(definition: SyntaxNode): boolean {
  const body = field(definition, 'body');
  if (!body) return false;
  // Asked of every def by several rules: scanning the typed arrays for a `yield` makes no node objects.
  const { tree } = body;
  const yieldType = tree.typeId('yield');
  const bodyField = tree.fieldId('body');
  const end = tree.subtreeEnds[body.id];
  for (let index = body.id + 1; index < end; index++) {
    if (tree.typeIds[index] === yieldType && tree.hasFlag(index, NAMED) && inOwnFrame(tree, index, body.id, bodyField)) return true;
  }
  return false;
}

/** Whether `index` runs in the frame of `root`: no def, lambda or class body lies between them (as `walkOwnFrame` sees it). */
function inOwnFrame(tree: SyntaxTree, index: number, root: number, bodyField: number): boolean {
  for (let child = index, parent = tree.parents[index]; parent !== root; child = parent, parent = tree.parents[parent]) {
    if (tree.fieldIds[child] === bodyField && SCOPE_TYPES.has(tree.typeOf(parent))) return false;
  }
  return true;
}

/**
 * True when an identifier reads the variable it names (a load, `del` or `x += 1`), false when it
 * only binds it or is not a variable reference at all (an attribute name, a keyword argument...).
 */
export function isNameRead(identifier: SyntaxNode): boolean {
  let child = identifier;
  let parent = identifier.parent;
  while (parent && TARGET_CONTAINERS.has(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return true;
  const fieldOf = (name: string): boolean => field(parent!, name)?.id === child.id;
  switch (parent.type) {
    case 'assignment':
    case 'for_statement':
    case 'for_in_clause':
      return !fieldOf('left');
    case 'named_expression':
    case 'keyword_argument':
    case 'function_definition':
    case 'class_definition':
    case 'default_parameter':
    case 'typed_default_parameter':
      return !fieldOf('name');
    case 'attribute':
      return !fieldOf('attribute');
    case 'as_pattern':
      return !fieldOf('alias');
    case 'parameters':
    case 'lambda_parameters':
    case 'typed_parameter':
    case 'dictionary_splat_pattern':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'dotted_name':
    case 'aliased_import':
    case 'import_statement':
    case 'import_from_statement':
      return false;
    default:
      return true;
  }
}

/**
 * True when `name` is read anywhere inside `root` (nested scopes included: a closure may read it),
 * outside the nodes listed in `excluded`.
 */
export function isReadWithin(name: string, root: SyntaxNode, excluded: readonly SyntaxNode[] = []): boolean {
  if (!new RegExp(`(^|[^\\w])${escapeRegExp(name)}($|[^\\w])`, 'u').test(root.text)) return false;
  const tree = root.tree;
  const identifierId = tree.typeId('identifier');
  for (let index = root.id; index < root.descendantsEnd; index++) {
    if (excluded.some((other) => other.id === index)) {
      index = tree.subtreeEnds[index] - 1;
      continue;
    }
    if (tree.typeIds[index] !== identifierId || tree.ends[index] - tree.starts[index] !== name.length) continue;
    const node = tree.node(index);
    if (node.text === name && isNameRead(node)) return true;
  }
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every name read anywhere inside `root` (nested scopes included), in one pass over its identifiers. */
export function namesReadWithin(root: SyntaxNode): Set<string> {
  const names = new Set<string>();
  const tree = root.tree;
  const identifierId = tree.typeId('identifier');
  for (let index = root.id; index < root.descendantsEnd; index++) {
    if (tree.typeIds[index] !== identifierId) continue;
    const node = tree.node(index);
    if (!names.has(node.text) && isNameRead(node)) names.add(node.text);
  }
  return names;
}

/**
 * The other occurrences of `target` (a name bound in an assignment) in the code of its own scope, nested
 * functions left out; undefined when the scope binds that name more than once.
 */
export function ownScopeUses(model: SemanticModel, target: SyntaxNode): SyntaxNode[] | undefined {
  const scope = model.scopes.enclosingScope(target);
  if ((scope.bindings.get(target.text) ?? []).length !== 1) return undefined;
  return model
    .nodesWithin('identifier', scope.node.startIndex, scope.node.endIndex)
    .filter((use) => use.text === target.text && use.id !== target.id && model.scopes.enclosingScope(use) === scope);
}
