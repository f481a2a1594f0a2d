import type { SyntaxNode } from '../parser';
import type { Binding } from '../semantic/scopes';
import type { SemanticModel } from '../semantic/model';
import { literalValue } from '../rules/helpers/argumentValues';
import { callArguments, field, namedChildren, unparenthesize } from '../syntax';
import { argumentsForParameter } from './queueStates';

const MAX_DEPTH = 4;
const IP_CONSTRUCTORS = new Set(['ipaddress.ip_address', 'ipaddress.IPv4Address', 'ipaddress.IPv6Address']);
/** Calls that hand back the items of their arguments: `itertools.chain(v6, v4)`, `sorted(infos)`. */
const PASS_THROUGH = new Set(['itertools.chain', 'builtins.list', 'builtins.tuple', 'builtins.sorted', 'builtins.reversed', 'builtins.iter']);

/** `"8.8.8.8"`, `"2001:4860::8888"`, `"::"`: an address the resolver only parses. */
export function isNumericAddress(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || /^[0-9a-f:]*:[0-9a-f:.]*$/i.test(text);
}

/**
 * A host that is numeric by construction, so resolving it asks no DNS server: a numeric literal; a
 * parameter whose default is one and that every call of the function in the module leaves out or fills
 * with one; `str(x)` or `x` for an `ipaddress` address (built here, or returned on every path by a
 * workspace function, also as an item of a returned tuple); an address taken from a `getaddrinfo` result.
 */
export function isNumericHost(expression: SyntaxNode, model: SemanticModel, depth = 0): boolean {
  const node = unparenthesize(expression);
  const value = literalValue(node);
  if (typeof value === 'string') return isNumericAddress(value);
  if (depth > MAX_DEPTH) return false;
  if (node.type === 'call') return isNumericCall(node, model, depth);
  if (node.type === 'subscript') return fromAddressInfo(field(node, 'value'), model, depth + 1);
  if (node.type !== 'identifier') return false;
  const binding = model.lookup(node.text, node);
  if (binding?.kind === 'parameter') return isNumericParameter(node, binding, model, depth);
  if (binding?.kind === 'loop') return fromAddressInfo(binding.iterable ?? null, model, depth + 1);
  if (binding?.kind !== 'assignment') return false;
  if (binding.value) return isNumericHost(binding.value, model, depth + 1);
  const unpacked = unpackedFrom(binding);
  return !!unpacked && (isNumericItem(unpacked.value, unpacked.index, model, depth + 1) || fromAddressInfo(unpacked.value, model, depth + 1));
}

function isNumericParameter(node: SyntaxNode, binding: Binding, model: SemanticModel, depth: number): boolean {
  const defaultValue = binding.node.parent?.type.endsWith('default_parameter') ? field(binding.node.parent, 'value') : null;
  const passed = argumentsForParameter(node, model);
  if (passed === undefined || (passed.length === 0 && !defaultValue)) return false;
  return (!defaultValue || isNumericHost(defaultValue, model, depth + 1)) && passed.every((argument) => isNumericHost(argument, model, depth + 1));
}

/** `IPv4Address(text)` (raises unless the text is numeric), `str(address)`, a workspace function returning one. */
function isNumericCall(call: SyntaxNode, model: SemanticModel, depth: number): boolean {
  const targets = model.callTargets(call);
  if (targets.some((target) => IP_CONSTRUCTORS.has(target))) return true;
  const { positional } = callArguments(call);
  if (targets.includes('builtins.str')) return positional.length === 1 && isNumericHost(positional[0], model, depth + 1);
  const returned = returnedValues(call, model);
  return !!returned && returned.values.length > 0 && returned.values.every((value) => isNumericHost(value, returned.model, depth + 1));
}

/** `host, port = f(...)` (or `= (a, b)`): item `index` of the returned tuple on every path is numeric. */
function isNumericItem(value: SyntaxNode, index: number, model: SemanticModel, depth: number): boolean {
  const node = unparenthesize(value);
  if (isTuple(node)) return isNumericHost(tupleItems(node)[index] ?? node, model, depth + 1);
  const returned = node.type === 'call' ? returnedValues(node, model) : undefined;
  if (!returned || returned.values.length === 0) return false;
  return returned.values.every((item) => {
    const tuple = unparenthesize(item);
    return isTuple(tuple) && !!tupleItems(tuple)[index] && isNumericHost(tupleItems(tuple)[index], returned.model, depth + 1);
  });
}

/**
 * A `getaddrinfo(...)` result (awaited or not) or a value made from one: an item, a loop variable over
 * it, a generator over it, `itertools.chain` of such. Its addresses are numeric: the lookup is done.
 */
function fromAddressInfo(expression: SyntaxNode | null, model: SemanticModel, depth: number): boolean {
  if (!expression || depth > MAX_DEPTH + 2) return false;
  const node = unparenthesize(expression);
  switch (node.type) {
    case 'await':
      return fromAddressInfo(namedChildren(node)[0] ?? null, model, depth);
    case 'subscript':
      return fromAddressInfo(field(node, 'value'), model, depth + 1);
    case 'call': {
      const callee = field(node, 'function');
      const name = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.text;
      if (name === 'getaddrinfo') return true;
      const { positional } = callArguments(node);
      return model.callTargets(node).some((target) => PASS_THROUGH.has(target)) && positional.length > 0 && positional.every((item) => fromAddressInfo(item, model, depth + 1));
    }
    case 'generator_expression':
    case 'list_comprehension': {
      const clauses = namedChildren(node).filter((child) => child.type === 'for_in_clause');
      return clauses.length > 0 && clauses.every((clause) => fromAddressInfo(field(clause, 'right'), model, depth + 1));
    }
    case 'identifier': {
      const binding = model.lookup(node.text, node);
      if (binding?.kind === 'loop') return fromAddressInfo(binding.iterable ?? null, model, depth + 1);
      if (binding?.kind !== 'assignment') return false;
      return fromAddressInfo(binding.value ?? unpackedFrom(binding)?.value ?? null, model, depth + 1);
    }
    default:
      return false;
  }
}

/** The values a sync workspace function returns (`return None` aside), with the model they are read in. */
function returnedValues(call: SyntaxNode, model: SemanticModel): { values: SyntaxNode[]; model: SemanticModel } | undefined {
  const definition = model.definitionOf(field(call, 'function'));
  const def = definition?.node;
  const body = def?.type === 'function_definition' && def.firstChild?.type !== 'async' ? field(def, 'body') : null;
  if (!definition || !def || !body) return undefined;
  const values: SyntaxNode[] = [];
  for (const statement of definition.model.nodes('return_statement')) {
    if (statement.startIndex < body.startIndex || statement.endIndex > body.endIndex) continue;
    if (definition.model.scopes.enclosingScope(statement).node.id !== def.id) continue;
    const value = namedChildren(statement).find((child) => child.type !== 'comment');
    if (!value) return undefined;
    if (unparenthesize(value).type !== 'none') values.push(value);
  }
  return { values, model: definition.model };
}

/** `a, b = value`: the value and the position of the binding's name among the targets. */
function unpackedFrom(binding: Binding): { value: SyntaxNode; index: number } | undefined {
  const pattern = binding.node.parent;
  const assignment = pattern?.parent;
  if (!pattern || !['pattern_list', 'tuple_pattern'].includes(pattern.type) || assignment?.type !== 'assignment') return undefined;
  const value = field(assignment, 'right');
  const index = namedChildren(pattern).findIndex((child) => child.id === binding.node.id);
  return value && index >= 0 ? { value, index } : undefined;
}

function isTuple(node: SyntaxNode): boolean {
  return node.type === 'tuple' || node.type === 'expression_list';
}

function tupleItems(node: SyntaxNode): SyntaxNode[] {
  return namedChildren(node).filter((child) => child.type !== 'comment');
}
