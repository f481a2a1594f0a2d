import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { field, namedChildren } from '../syntax';

/**
 * Async generator methods a library drives itself and always closes, however the iteration ends:
 * a `with` block around their `yield` exits when the library's call ends, not at finalization.
 * Each entry names the library's base classes (as imported) and the method it drives.
 */
const CLOSED_BY_DRIVER: ReadonlyArray<{ bases: readonly string[]; method: string }> = [
  {
    // httpx `AsyncClient._send_handling_auth`: `await auth_flow.aclose()` in a `finally`.
    bases: ['httpx.Auth', 'httpx.BasicAuth', 'httpx.DigestAuth', 'httpx.NetRCAuth', 'httpx.FunctionAuth', 'httpx._auth.Auth'],
    method: 'async_auth_flow',
  },
];

const MAX_DEPTH = 8;

/** Whether `definition` is a method that a catalogued library drives and closes (directly or through workspace bases). */
export function closedByItsDriver(definition: SyntaxNode, model: SemanticModel): boolean {
  const name = field(definition, 'name')?.text;
  const entries = CLOSED_BY_DRIVER.filter((entry) => entry.method === name);
  const statement = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  const owner = statement.parent?.type === 'block' ? statement.parent.parent : null;
  if (entries.length === 0 || owner?.type !== 'class_definition') return false;
  const bases = new Set(entries.flatMap((entry) => entry.bases));
  return derivesFrom(owner, model, bases, 0);
}

function derivesFrom(classNode: SyntaxNode, model: SemanticModel, bases: ReadonlySet<string>, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const superclasses = field(classNode, 'superclasses');
  for (const base of superclasses ? namedChildren(superclasses) : []) {
    if (base.type !== 'identifier' && base.type !== 'attribute') continue;
    const name = model.qualifiedName(base);
    if (name && bases.has(name)) return true;
    const found = model.definitionOf(base);
    if (found?.node.type === 'class_definition' && found.node.id !== classNode.id && derivesFrom(found.node, found.model, bases, depth + 1)) return true;
  }
  return false;
}
