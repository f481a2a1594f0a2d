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
  const wanted = new Set(names);
  for (const [local, imported] of [...model.importedNames(), ...model.moduleAliases()]) {
    if (wanted.has(imported.slice(imported.lastIndexOf('.') + 1))) wanted.add(local);
  }
  const index = callIndex(model);
  const calls = [...wanted].flatMap((name) => index.get(name) ?? []);
  return calls.sort((a, b) => a.startIndex - b.startIndex);
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
