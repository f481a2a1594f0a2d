import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { field } from '../../syntax';

/**
 * A reference to a coroutine's name: a bare name (`target`: the id of the definition it resolves to,
 * looked up once, when first asked), or `x.name` (`attribute`).
 */
export interface NameReference {
  node: SyntaxNode;
  attribute: boolean;
  target?: number;
}

/**
 * The references of the module to each of `names`, sorted out once for all the definitions that
 * share a name (every class's `run`, every nested `one`). A keyword's name, or the name of a def or
 * class, is no reference.
 */
export function referencesByName(model: SemanticModel, names: ReadonlySet<string>): Map<string, NameReference[]> {
  const found = new Map<string, NameReference[]>();
  // Most identifiers have none of these lengths: testing it first spares slicing their text.
  const lengths = new Set([...names].map((name) => name.length));
  for (const identifier of model.nodes('identifier')) {
    if (!lengths.has(identifier.endIndex - identifier.startIndex) || !names.has(identifier.text)) continue;
    const parent = identifier.parent;
    if ((parent?.type === 'keyword_argument' || parent?.type === 'function_definition' || parent?.type === 'class_definition') && field(parent, 'name')?.id === identifier.id) continue;
    // A parameter of that name (`async def lastfm(ctx, url)` beside `async def url(...)`) declares a local.
    if (declaresParameter(identifier) || namesImportedModule(identifier)) continue;
    const attribute = parent?.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id;
    const reference = { node: attribute ? parent : identifier, attribute };
    const list = found.get(identifier.text);
    if (list) list.push(reference);
    else found.set(identifier.text, [reference]);
  }
  return found;
}

/** `from youtube_search import YoutubeSearch`: the module's name refers to no def here (what it imports may). */
function namesImportedModule(identifier: SyntaxNode): boolean {
  let node = identifier;
  while (node.parent && (node.parent.type === 'dotted_name' || node.parent.type === 'relative_import')) node = node.parent;
  const statement = node.parent;
  return statement?.type === 'import_from_statement' && field(statement, 'module_name')?.id === node.id;
}

const PARAMETER_LISTS = new Set(['parameters', 'lambda_parameters']);

const PARAMETER_WRAPPERS = new Set(['default_parameter', 'typed_default_parameter', 'typed_parameter', 'list_splat_pattern', 'dictionary_splat_pattern']);

/** The name a parameter list declares: `x`, `x=1`, `x: int`, `x: int = 1`, `*args`, `**kwargs`. */
function declaresParameter(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (PARAMETER_LISTS.has(parent.type)) return true;
  if (!PARAMETER_WRAPPERS.has(parent.type) || parent.namedChildren[0]?.id !== identifier.id) return false;
  const list = parent.type === 'typed_parameter' || parent.parent?.type !== 'typed_parameter' ? parent.parent : parent.parent.parent;
  return list !== null && PARAMETER_LISTS.has(list.type);
}

const referencesByModel = new WeakMap<SemanticModel, Map<string, NameReference[]>>();

/** `referencesByName` of one name, remembered per module: rules ask again for the same function. */
export function referencesTo(model: SemanticModel, name: string): NameReference[] {
  let known = referencesByModel.get(model);
  if (!known) referencesByModel.set(model, (known = new Map()));
  let references = known.get(name);
  if (!references) known.set(name, (references = referencesByName(model, new Set([name])).get(name) ?? []));
  return references;
}
