import type { SyntaxNode } from '../parser';
import { argument, callArguments, field, namedChildren, pythonName } from '../syntax';
import { callsNamed } from './callIndex';
import type { SemanticModel } from './model';
import type { Binding } from './scopes';

/** How a def is called, seen from its module: the calls, and how many leading parameters they do not pass (`self`). */
interface Callers {
  calls: SyntaxNode[];
  skipped: number;
}

/** The key of the callers found in `SemanticModel.workspaceAnswer`: another module of the project decides them too. */
const CALLERS = {};
/** Per module, how often each name is written: as a name (`f`), and after a dot (`x.f`). */
interface Mentions {
  names: Map<string, number>;
  attributes: Map<string, number>;
}

const mentionCounts = new WeakMap<SemanticModel, Mentions>();

/**
 * What the module's own calls pass for an unannotated parameter, when they are all there is: `watch(exchange, db)`
 * for `async def watch(exchange, db)`, `self.save(path)` for a method, `Store(conn)` for `__init__`. Undefined when
 * the def is also used otherwise (given as a callback, named in another module of the project), when a call passes
 * `*args`/`**kwargs`, or leaves the parameter to its default. Its own recursive calls that pass the parameter on count
 * for nothing; undefined when those are all there is.
 */
export function callerArguments(model: SemanticModel, binding: Binding): SyntaxNode[] | undefined {
  const definition = binding.owner;
  if (binding.kind !== 'parameter' || definition?.type !== 'function_definition') return undefined;
  const parameters = namedChildren(field(definition, 'parameters') ?? definition);
  const index = parameters.findIndex((parameter) => parameter.id === binding.node.id || field(parameter, 'name')?.id === binding.node.id || namedChildren(parameter)[0]?.id === binding.node.id);
  const parameter = parameters[index];
  if (!parameter || !['identifier', 'typed_parameter'].includes(parameter.type)) return undefined;
  const callers = callersOf(model, definition);
  if (!callers || index < callers.skipped) return undefined;
  // Only positional-or-keyword parameters before any `*`, `/` or `*args` keep their position.
  const before = parameters.slice(0, index);
  const positional = before.every((other) => !['list_splat_pattern', 'dictionary_splat_pattern', 'keyword_separator', 'positional_separator'].includes(other.type));
  const values: SyntaxNode[] = [];
  for (const call of callers.calls) {
    const args = callArguments(call);
    if (args.hasSplat) return undefined;
    const value = argument(args, positional ? index - callers.skipped : -1, binding.name);
    if (!value) return undefined;
    // A recursive call that passes the parameter on (`await crawl(session, depth - 1)`) tells nothing more.
    if (!passesOn(model, value, binding)) values.push(value);
  }
  return values.length > 0 ? values : undefined;
}

function passesOn(model: SemanticModel, value: SyntaxNode, binding: Binding): boolean {
  return value.type === 'identifier' && model.lookup(value.text, value)?.node.id === binding.node.id;
}

function callersOf(model: SemanticModel, definition: SyntaxNode): Callers | undefined {
  const known = model.workspaceAnswer(CALLERS, () => new Map<number, Callers | null>());
  if (known.has(definition.id)) return known.get(definition.id) ?? undefined;
  // Resolving the calls may ask about this def's parameters again: meanwhile it has no known callers.
  known.set(definition.id, null);
  const found = findCallers(model, definition);
  known.set(definition.id, found ?? null);
  return found;
}

function findCallers(model: SemanticModel, definition: SyntaxNode): Callers | undefined {
  const name = field(definition, 'name')?.text;
  if (!name) return undefined;
  const owner = definition.parent?.parent?.type === 'class_definition' ? definition.parent.parent : undefined;
  const decorated = definition.parent?.type === 'decorated_definition';
  // A decorator may change what the name calls (`@staticmethod` too changes the parameters): left alone.
  if (decorated || (owner && name.startsWith('__') && name !== '__init__')) return undefined;
  const calledName = owner && name === '__init__' ? field(owner, 'name')?.text : name;
  if (!calledName || model.projectSpells?.(calledName)) return undefined;
  const calls = callsNamed(model, [calledName]).filter((call) => {
    const target = model.calledDefinition(field(call, 'function'));
    return target?.model === model && target.node.id === (calledName === name ? definition.id : owner!.id);
  });
  if (calls.length === 0) return undefined;
  // Every other mention of the name (a callback, an alias, a call of another class's method) may pass anything: the
  // name is written once where it is defined and once per call, nowhere else in the code.
  const counts = mentions(model);
  // A method is called after a dot; a function or a class by its name (written once more where it is defined).
  const written = owner && calledName === name ? (counts.attributes.get(name) ?? 0) : (counts.names.get(calledName) ?? 0) - 1;
  if (written !== calls.length) return undefined;
  return { calls, skipped: owner ? 1 : 0 };
}

/** How often each name is written in the module's code (not strings or comments), read off the tree's arrays. */
function mentions(model: SemanticModel): Mentions {
  let counts = mentionCounts.get(model);
  if (counts) return counts;
  counts = { names: new Map(), attributes: new Map() };
  const tree = model.syntax;
  const identifier = tree.typeId('identifier');
  const attribute = tree.typeId('attribute');
  const attributeField = tree.fieldId('attribute');
  for (let index = 0; index < tree.size; index++) {
    if (tree.typeIds[index] !== identifier) continue;
    const word = pythonName(tree.source.slice(tree.starts[index], tree.ends[index]));
    const dotted = tree.typeIds[tree.parents[index]] === attribute && tree.fieldIds[index] === attributeField;
    const map = dotted ? counts.attributes : counts.names;
    map.set(word, (map.get(word) ?? 0) + 1);
  }
  mentionCounts.set(model, counts);
  return counts;
}
