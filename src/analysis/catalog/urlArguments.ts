import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { field, unparenthesize } from '../syntax';

const URL_PREFIX = /^[a-z]*(['"]{1,3})https?:\/\//i;

/**
 * Whether an argument is a URL as written: a string or f-string starting with `http://` or `https://`,
 * a `+` that starts with one, or a name whose assignment in effect, in this scope, is one. Text fetched beforehand is
 * not: `feedparser.parse(await response.text())` only parses.
 */
export function isUrlArgument(node: SyntaxNode, model: SemanticModel, depth = 0): boolean {
  const value = unparenthesize(node);
  if (value.type === 'string' || value.type === 'concatenated_string') return URL_PREFIX.test(value.text);
  if (value.type === 'binary_operator' && field(value, 'operator')?.type === '+') {
    const left = field(value, 'left');
    return !!left && isUrlArgument(left, model, depth);
  }
  if (value.type !== 'identifier' || depth > 2) return false;
  const binding = model.lookup(value.text, value);
  const bound = binding?.kind === 'assignment' && binding.value && model.scopes.enclosingScope(binding.node) === model.scopes.enclosingScope(value) ? binding.value : undefined;
  return !!bound && isUrlArgument(bound, model, depth + 1);
}
