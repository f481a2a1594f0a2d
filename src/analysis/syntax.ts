import type { SyntaxNode } from './parser';
import type { Range } from './types';

/**
 * An identifier as Python reads it: NFKC-normalised (PEP 3131), so `ｔｉｍｅ.ｓｌｅｅｐ` is `time.sleep`.
 * ASCII, nearly every name, is returned as it is.
 */
export function pythonName(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFKC');
}

/** The name of an identifier node (or the dotted text of a `dotted_name`), normalised as Python does. */
export function nameOf(node: SyntaxNode): string {
  return pythonName(node.text);
}

export function rangeOf(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

export function field(node: SyntaxNode, name: string): SyntaxNode | null {
  return node.childForFieldName(name);
}

export function namedChildren(node: SyntaxNode): readonly SyntaxNode[] {
  return node.namedChildren;
}

export function children(node: SyntaxNode): readonly SyntaxNode[] {
  return node.children;
}

/** Removes redundant parentheses: `(x)` → `x`. */
export function unparenthesize(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = namedChildren(current).find((child) => child.type !== 'comment');
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** The exception types an `except` clause names (each of a tuple); `undefined` for a bare `except:`, which catches everything. */
export function caughtTypes(clause: SyntaxNode): SyntaxNode[] | undefined {
  const value = field(clause, 'value');
  if (!value) return undefined;
  const caught = unparenthesize(value.type === 'as_pattern' ? (namedChildren(value)[0] ?? value) : value);
  return caught.type === 'tuple' ? namedChildren(caught).filter((child) => child.type !== 'comment') : [caught];
}

/** The parent, skipping parentheses around the node. */
export function logicalParent(node: SyntaxNode): SyntaxNode | null {
  let parent = node.parent;
  while (parent && parent.type === 'parenthesized_expression') parent = parent.parent;
  return parent;
}

export function isAsyncFunction(node: SyntaxNode): boolean {
  return node.type === 'function_definition' && node.children.some((child) => child?.type === 'async');
}

export function isAsyncWith(node: SyntaxNode): boolean {
  return node.type === 'with_statement' && node.children.some((child) => child?.type === 'async');
}

export function isAsyncFor(node: SyntaxNode): boolean {
  return node.type === 'for_statement' && node.children.some((child) => child?.type === 'async');
}

/** `a.b.c` as written, or undefined when the expression is not a dotted name. */
export function dottedText(node: SyntaxNode): string | undefined {
  const parts: string[] = [];
  let target = unparenthesize(node);
  while (target.type === 'attribute') {
    const object = field(target, 'object');
    const attribute = field(target, 'attribute');
    if (!object || !attribute) return undefined;
    parts.push(nameOf(attribute));
    target = unparenthesize(object);
  }
  if (target.type !== 'identifier') return undefined;
  parts.push(nameOf(target));
  return parts.reverse().join('.');
}

export interface CallArguments {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  /** `*args` or `**kwargs` present: positions and keywords are not certain. */
  hasSplat: boolean;
}

export function callArguments(call: SyntaxNode): CallArguments {
  const result: CallArguments = { positional: [], keywords: new Map(), hasSplat: false };
  const list = field(call, 'arguments');
  if (!list) return result;
  if (list.type === 'generator_expression') {
    result.positional.push(list);
    return result;
  }
  for (const argument of namedChildren(list)) {
    if (argument.type === 'comment') continue;
    if (argument.type === 'keyword_argument') {
      const name = field(argument, 'name');
      const value = field(argument, 'value');
      if (name && value) result.keywords.set(name.text, value);
    } else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
      result.hasSplat = true;
    } else {
      result.positional.push(argument);
    }
  }
  return result;
}

/** Argument by position or keyword, e.g. `argument(args, 1, 'timeout')`. */
export function argument(args: CallArguments, position: number, keyword?: string): SyntaxNode | undefined {
  return (keyword ? args.keywords.get(keyword) : undefined) ?? args.positional[position];
}

/** Statements of a block, skipping comments. */
export function statements(block: SyntaxNode | null): SyntaxNode[] {
  return block ? namedChildren(block).filter((child) => child.type !== 'comment') : [];
}

/** Pushes `items` last to first, so that popping visits them in order (no spread: a tuple may be long). */
export function pushReversed<T>(stack: T[], items: readonly T[]): void {
  for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
}

/**
 * How deep the engine's recursive walks of nested code go (blocks in blocks, literals in literals):
 * real code stays far below; past it a walk answers "unknown", so hostile nesting can neither
 * overflow the stack nor produce a finding.
 */
export const MAX_NESTING = 100;
