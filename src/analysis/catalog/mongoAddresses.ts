import type { SyntaxNode } from '../parser';
import { literalValue } from '../rules/helpers/argumentValues';
import type { SemanticModel } from '../semantic/model';
import { argument, callArguments, namedChildren, unparenthesize } from '../syntax';

const SRV_SCHEME = 'mongodb+srv://';
/** How many names deep an address is followed (`url = f'{host}:{port}'`, `host = 'mongodb://…'`). */
const MAX_NAMES = 3;

/**
 * `MongoClient(address)` looks up a `mongodb+srv://` address's SRV and TXT records with a blocking DNS query. Given
 * any other address, or none (localhost), it only starts its monitor threads and returns: the queries block, not it.
 */
export function mayLookUpSrv(call: SyntaxNode, model: SemanticModel): boolean {
  const host = argument(callArguments(call), 0, 'host');
  if (!host) return false;
  const prefix = knownPrefix(host, model, 0);
  return prefix === undefined || prefix.startsWith(SRV_SCHEME) || SRV_SCHEME.startsWith(prefix);
}

/** The text a string expression surely starts with: a literal, an f-string's leading text or name, a name bound to one. */
function knownPrefix(node: SyntaxNode, model: SemanticModel, names: number): string | undefined {
  const target = unparenthesize(node);
  const value = literalValue(target);
  if (typeof value === 'string') return value;
  if (target.type === 'identifier' && names < MAX_NAMES) {
    const [assigned] = model.assignedValues(target);
    return assigned ? knownPrefix(assigned, model, names + 1) : undefined;
  }
  if (target.type !== 'string') return undefined;
  const first = namedChildren(target).find((part) => part.type === 'string_content' || part.type === 'interpolation');
  if (first?.type === 'string_content') return first.text;
  const expression = first ? namedChildren(first)[0] : undefined;
  return expression && names < MAX_NAMES ? knownPrefix(expression, model, names + 1) : undefined;
}
