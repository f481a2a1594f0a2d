import type { SyntaxNode } from '../parser';
import { field, isAsyncFunction, nameOf, unparenthesize } from '../syntax';
import type { SemanticModel } from './model';

const callIndexes = new WeakMap<SemanticModel, Map<string, SyntaxNode[]>>();
const asyncDefNames = new WeakMap<SemanticModel, Set<string>>();

/** The last name of a callee: `f` in `f(…)`, `create_task` in `loop.create_task(…)`. */
export function calleeName(call: SyntaxNode): string | undefined {
  const written = field(call, 'function');
  const callee = written?.type === 'parenthesized_expression' ? unparenthesize(written) : written;
  if (callee?.type === 'identifier') return nameOf(callee);
  const attribute = callee?.type === 'attribute' ? field(callee, 'attribute') : null;
  if (attribute) return nameOf(attribute);
  return undefined;
}

/** Every call of the file by its callee's last name, built once per model and shared by the rules. */
function callIndex(model: SemanticModel): Map<string, SyntaxNode[]> {
  let index = callIndexes.get(model);
  if (!index) {
    index = new Map();
    for (const call of model.nodes('call')) {
      const name = calleeName(call);
      if (name === undefined) continue;
      const list = index.get(name);
      if (list) list.push(call);
      else index.set(name, [call]);
    }
    callIndexes.set(model, index);
  }
  return index;
}

/**
 * The calls whose callee's last name is one of `names` (`create_task(…)`, `loop.create_task(…)`),
 * plus calls through a local alias of an import of such a name (`from asyncio import create_task
 * as spawn`, or `spawn = asyncio.create_task` at module level), in source order. A cheap filter: rules still resolve what each call means.
 */
export function callsNamed(model: SemanticModel, names: Iterable<string>): SyntaxNode[] {
  const wanted = names instanceof Set ? (names as ReadonlySet<string>) : new Set(names);
  const index = callIndex(model);
  const { byImported, byLocal } = importAliases(model);
  const lists: SyntaxNode[][] = [];
  if (wanted.size <= index.size) {
    const locals = new Set<string>();
    for (const name of wanted) {
      locals.add(name);
      for (const local of byImported.get(name) ?? []) locals.add(local);
    }
    for (const local of locals) {
      const list = index.get(local);
      if (list) lists.push(list);
    }
  } else {
    for (const [local, list] of index) {
      const imported = byLocal.get(local);
      if (wanted.has(local) || (imported !== undefined && wanted.has(imported))) lists.push(list);
    }
  }
  if (lists.length === 1) return [...lists[0]];
  return lists.flat().sort((a, b) => a.startIndex - b.startIndex);
}

/** The calls whose callee's last name `pattern` matches, in no particular order. */
export function callsNamedLike(model: SemanticModel, pattern: RegExp): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (const [name, calls] of callIndex(model)) if (pattern.test(name)) found.push(...calls);
  return found;
}

interface ImportAliases {
  /** Local names by the last segment of what they import or alias. */
  byImported: Map<string, string[]>;
  /** That last segment by local name. */
  byLocal: Map<string, string>;
}

const aliasIndexes = new WeakMap<SemanticModel, ImportAliases>();

function importAliases(model: SemanticModel): ImportAliases {
  let aliases = aliasIndexes.get(model);
  if (!aliases) {
    aliases = { byImported: new Map(), byLocal: new Map() };
    for (const [local, imported] of [...model.importedNames(), ...model.moduleAliases()]) {
      const segment = lastSegment(imported);
      aliases.byLocal.set(local, segment);
      const locals = aliases.byImported.get(segment);
      if (locals) locals.push(local);
      else aliases.byImported.set(segment, [local]);
    }
    aliasIndexes.set(model, aliases);
  }
  return aliases;
}

/** Names defined with `async def` anywhere in the file. */
export function asyncDefinitionNames(model: SemanticModel): ReadonlySet<string> {
  let names = asyncDefNames.get(model);
  if (!names) {
    names = new Set();
    for (const definition of model.nodes('function_definition')) {
      const name = isAsyncFunction(definition) ? field(definition, 'name')?.text : undefined;
      if (name) names.add(name);
    }
    asyncDefNames.set(model, names);
  }
  return names;
}

/** The last segment of a dotted name: `asyncio.sleep` → `sleep`. */
export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}
