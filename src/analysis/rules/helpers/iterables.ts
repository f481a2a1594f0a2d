import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { callArguments, field, namedChildren, unparenthesize } from '../../syntax';
import { constantNumber } from './constants';

/**
 * How many items an iterable yields, as far as the code shows: `fixed` (written in the source:
 * `[a, b]`, `range(3)`), `data` (depends on input: a parameter, a call result, `range(len(xs))`),
 * or `unknown` (`range(n_workers)`, an imported constant, a batch).
 */
export type IterableSize = 'fixed' | 'data' | 'unknown';

/** Iterating more items than this at once is not "small", even when the count is written in the source. */
export const SMALL_FANOUT = 100;

const PASS_THROUGH = new Set(['builtins.enumerate', 'builtins.reversed', 'builtins.sorted', 'builtins.list', 'builtins.tuple', 'builtins.set', 'builtins.iter']);
const MAX_DEPTH = 4;

export function iterableSize(model: SemanticModel, expression: SyntaxNode, depth = 0): IterableSize {
  if (depth > MAX_DEPTH) return 'unknown';
  const node = unparenthesize(expression);
  if (/batch|chunk/i.test(node.text) || isOwnState(node)) return 'unknown';
  switch (node.type) {
    case 'list':
    case 'tuple':
    case 'set':
    case 'dictionary': {
      const items = namedChildren(node).filter((child) => child.type !== 'comment');
      if (items.some((child) => child.type === 'list_splat' || child.type === 'dictionary_splat')) return 'data';
      return items.length <= SMALL_FANOUT ? 'fixed' : 'data';
    }
    case 'string':
    case 'concatenated_string':
      return 'fixed';
    case 'call':
      return callSize(model, node, depth);
    case 'identifier': {
      const binding = model.lookup(node.text, node);
      if (!binding) return 'data';
      if (binding.kind === 'import') return 'unknown';
      if ((binding.kind !== 'assignment' && binding.kind !== 'walrus') || !binding.value) return 'data';
      // `items = []` is filled later; a name bound several times may hold anything.
      if (namedChildren(unparenthesize(binding.value)).length === 0) return 'data';
      if ((model.scopes.enclosingScope(binding.node).bindings.get(node.text)?.length ?? 0) > 1) return 'unknown';
      return iterableSize(model, binding.value, depth + 1);
    }
    case 'subscript':
      return sliceSize(model, node);
    case 'binary_operator': {
      const sizes = [field(node, 'left'), field(node, 'right')].map((side) => (side ? iterableSize(model, side, depth + 1) : 'unknown'));
      return sizes.includes('data') ? 'data' : sizes.every((size) => size === 'fixed') ? 'fixed' : 'unknown';
    }
    case 'attribute':
    case 'await':
    case 'list_comprehension':
    case 'set_comprehension':
    case 'dictionary_comprehension':
    case 'generator_expression':
      return 'data';
    default:
      return 'unknown';
  }
}

/**
 * `self.connections`, `self._listeners[channel]`: objects an instance already holds (open
 * connections, registered callbacks), not input data — acting on each of them at once is normal.
 */
function isOwnState(node: SyntaxNode): boolean {
  let current = node;
  while (current.type === 'attribute' || current.type === 'subscript') {
    const inner = field(current, current.type === 'attribute' ? 'object' : 'value');
    if (!inner) return false;
    current = unparenthesize(inner);
  }
  return current !== node && current.type === 'identifier' && (current.text === 'self' || current.text === 'cls');
}

/**
 * A count that follows the data: `len(xs)`, or what the code awaited (`last = await get_last_index(session)`, then
 * `range(1, last + 1)`: the number of items a service reports), through a local bound to it and `± constant`.
 */
function countsData(model: SemanticModel, count: SyntaxNode, names: number): boolean {
  const node = unparenthesize(count);
  if (node.type === 'await') return true;
  if (node.type === 'call') {
    const callee = field(node, 'function');
    const name = callee ? model.qualifiedName(callee) : undefined;
    const [first] = callArguments(node).positional;
    return name === 'builtins.len' || (name === 'builtins.int' && !!first && countsData(model, first, names));
  }
  if (node.type === 'binary_operator' && ['+', '-'].includes(field(node, 'operator')?.type ?? '')) {
    const [left, right] = [field(node, 'left'), field(node, 'right')];
    const constant = (side: SyntaxNode | null) => !!side && constantNumber(model, side) !== undefined;
    return (constant(right) && !!left && countsData(model, left, names)) || (constant(left) && !!right && countsData(model, right, names));
  }
  if (node.type !== 'identifier' || names >= MAX_COUNT_NAMES) return false;
  const [value] = model.assignedValues(node);
  return !!value && countsData(model, value, names + 1);
}

const MAX_COUNT_NAMES = 3;

function callSize(model: SemanticModel, call: SyntaxNode, depth: number): IterableSize {
  const callee = field(call, 'function');
  const name = callee ? model.qualifiedName(callee) : undefined;
  const args = callArguments(call);
  if (name === 'builtins.range') {
    if (args.hasSplat) return 'unknown';
    const values = args.positional.map((arg) => constantNumber(model, arg));
    if (values.every((value): value is number => value !== undefined)) {
      const [start, stop, step] = values.length === 1 ? [0, values[0], 1] : [values[0], values[1], values[2] ?? 1];
      return step !== 0 && Math.ceil((stop - start) / step) <= SMALL_FANOUT ? 'fixed' : 'data';
    }
    // range(len(xs)) follows the data; range(n) may well be a worker count.
    return args.positional.some((arg) => countsData(model, arg, 0)) ? 'data' : 'unknown';
  }
  if (name && PASS_THROUGH.has(name) && args.positional[0]) return iterableSize(model, args.positional[0], depth + 1);
  if (name === 'builtins.zip') {
    const sizes = args.positional.map((arg) => iterableSize(model, arg, depth + 1));
    // zip stops at the shortest input.
    return sizes.includes('fixed') ? 'fixed' : sizes.includes('unknown') ? 'unknown' : 'data';
  }
  if (name === 'builtins.filter' && args.positional[1]) return iterableSize(model, args.positional[1], depth + 1);
  const target = callee ? unparenthesize(callee) : undefined;
  if (target?.type === 'attribute' && ['items', 'keys', 'values'].includes(field(target, 'attribute')?.text ?? '')) {
    const object = field(target, 'object');
    return object ? iterableSize(model, object, depth + 1) : 'unknown';
  }
  return 'data';
}

/** `xs[:10]` is at most ten items; other subscripts follow the data. */
function sliceSize(model: SemanticModel, subscript: SyntaxNode): IterableSize {
  const slice = field(subscript, 'subscript');
  if (slice?.type !== 'slice') return 'data';
  const parts: Array<SyntaxNode | undefined> = [undefined, undefined];
  let index = 0;
  for (const child of slice.children) {
    if (!child) continue;
    if (child.type === ':') index++;
    else if (index < 2 && child.isNamed) parts[index] = child;
  }
  const [start, stop] = parts.map((part) => (part ? constantNumber(model, part) : undefined));
  if (stop === undefined || stop < 0 || (parts[0] && start === undefined)) return 'data';
  return stop - (start ?? 0) <= SMALL_FANOUT ? 'fixed' : 'data';
}
