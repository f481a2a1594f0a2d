import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { field, namedChildren, statements, unparenthesize } from '../../syntax';
import type { ModuleLoader } from '../../workspace';
import { literalValue } from './argumentValues';

/** Re-exports followed to the module that builds the object. */
const MAX_REEXPORTS = 4;

/**
 * `arguments.debug` where `arguments` is a module-level name bound once to an object built by a call
 * (`arguments = Arguments()`, `args = parser.parse_args()`), in this module or imported from a
 * workspace module, and no module-level statement sets that attribute to a truthy literal: a run-time
 * option whose default the code does not tell, so a path it guards may not run (information).
 */
export function isOptionAttribute(node: SyntaxNode, model: SemanticModel, file: string | undefined, modules: ModuleLoader | undefined): boolean {
  const object = field(node, 'object');
  const attribute = field(node, 'attribute')?.text;
  if (object?.type !== 'identifier' || !attribute || object.text === 'self' || object.text === 'cls') return false;
  const binding = model.lookup(object.text, object);
  const bindings = model.scopes.module.bindings.get(object.text);
  if (!binding || bindings?.length !== 1 || bindings[0].node.id !== binding.node.id) return false;
  if (binding.kind === 'assignment') return builtObject(binding.value) && !setTruthy(object.text, attribute, model);
  if (binding.kind !== 'import' || !binding.importedName || !file || !modules) return false;
  return importedOption(binding.importedName, attribute, file, modules, 0);
}

function importedOption(name: string, attribute: string, fromFile: string, modules: ModuleLoader, depth: number): boolean {
  const split = name.lastIndexOf('.');
  if (split < 0 || depth > MAX_REEXPORTS) return false;
  const module = modules.resolve(name.slice(0, split) || '.', fromFile);
  const local = name.slice(split + 1);
  const bindings = module?.model.scopes.module.bindings.get(local);
  if (!module || bindings?.length !== 1) return false;
  const [binding] = bindings;
  if (binding.kind === 'import' && binding.importedName) return importedOption(binding.importedName, attribute, module.file, modules, depth + 1);
  return binding.kind === 'assignment' && builtObject(binding.value) && !setTruthy(local, attribute, module.model);
}

function builtObject(value: SyntaxNode | undefined): boolean {
  return !!value && unparenthesize(value).type === 'call';
}

/** `arguments.debug = True` among the module's top-level statements. */
function setTruthy(name: string, attribute: string, model: SemanticModel): boolean {
  let byName = truthySets.get(model);
  if (!byName) truthySets.set(model, (byName = new Map()));
  const key = `${name}.${attribute}`;
  let found = byName.get(key);
  if (found === undefined) byName.set(key, (found = setsTruthy(key, model)));
  return found;
}

const truthySets = new WeakMap<SemanticModel, Map<string, boolean>>();

function setsTruthy(target: string, model: SemanticModel): boolean {
  return statements(model.scopes.module.node).some((statement) => {
    const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    const left = assignment?.type === 'assignment' ? field(assignment, 'left') : null;
    if (left?.type !== 'attribute' || left.text.replace(/\s+/g, '') !== target) return false;
    const right = field(assignment!, 'right');
    const value = right ? literalValue(right) : undefined;
    // A value the code does not tell (`= os.environ.get(...)`) may be truthy.
    return value === undefined || Boolean(value);
  });
}

/**
 * `config.get("token_file")`, or a name bound once in its function to such a call
 * (`prefix = fmt.get("prefix")`): a setting read from a mapping by a literal key, absent unless
 * someone set it: a path that runs only when it is set may not run; one that runs when it is not, does.
 */
export function isMappingOption(node: SyntaxNode, model: SemanticModel): 'unset' | false {
  if (node.type === 'call') return isLiteralGet(node) && 'unset';
  if (node.type !== 'identifier') return false;
  const binding = model.lookup(node.text, node);
  if (binding?.kind !== 'assignment' || !binding.value) return false;
  const scope = model.scopes.enclosingScope(binding.node);
  if (scope.kind !== 'function' || scope.bindings.get(node.text)?.length !== 1) return false;
  return isLiteralGet(unparenthesize(binding.value)) && 'unset';
}

function isLiteralGet(call: SyntaxNode): boolean {
  const args = literalKeyGetArguments(call);
  if (!args || args.length > 2) return false;
  // A default the code gives (`get("retries", 3)`) is a value, not an absent setting.
  return args.length === 1 || [null, false, ''].includes(literalValue(args[1]) as null);
}

/** The arguments of `x.get("key", …)`, a lookup by a literal key; undefined for any other node. */
export function literalKeyGetArguments(call: SyntaxNode): SyntaxNode[] | undefined {
  const callee = call.type === 'call' ? field(call, 'function') : null;
  if (callee?.type !== 'attribute' || field(callee, 'attribute')?.text !== 'get') return undefined;
  const args = namedChildren(field(call, 'arguments') ?? call).filter((item) => item.type !== 'comment');
  return args.length > 0 && typeof literalValue(args[0]) === 'string' ? args : undefined;
}
