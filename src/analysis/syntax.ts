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

/** The operator of a comparison, its tokens joined by a space: `==`, `is not`, `not in`. */
export function comparisonOperator(node: SyntaxNode): string {
  return children(node).filter((item) => !item.isNamed).map((item) => item.type).join(' ');
}

/** `if ready:`, `while not done:`, `x if ready else y` (through `not`, `and`, `or`): where `node`'s truth decides a branch. */
export function isCondition(node: SyntaxNode): boolean {
  let current = outermostParenthesized(node);
  while (current.parent?.type === 'not_operator' || current.parent?.type === 'boolean_operator') current = outermostParenthesized(current.parent);
  const parent = current.parent;
  if (!parent || !['if_statement', 'elif_clause', 'while_statement', 'conditional_expression'].includes(parent.type)) return false;
  if (parent.type === 'conditional_expression') return namedChildren(parent)[1]?.id === current.id;
  return parent.childForFieldName('condition')?.id === current.id;
}

/** A statement that is only a string: the docstring, where it comes first in a body or module. */
export function isStringStatement(statement: SyntaxNode): boolean {
  return statement.type === 'expression_statement' && namedChildren(statement)[0]?.type === 'string';
}

/** `if __name__ == "__main__":`, the block a module runs only as a program. */
export function isMainGuard(statement: SyntaxNode): boolean {
  return statement.type === 'if_statement' && /^__name__\s*==\s*['"]__main__['"]$/.test(unparenthesize(field(statement, 'condition') ?? statement).text);
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

/** The node with the parentheses around it (`(f())` for `f()`), or the node itself. */
export function outermostParenthesized(node: SyntaxNode): SyntaxNode {
  let outer = node;
  while (outer.parent?.type === 'parenthesized_expression') outer = outer.parent;
  return outer;
}

/** The parent, skipping parentheses around the node. */
export function logicalParent(node: SyntaxNode): SyntaxNode | null {
  let parent = node.parent;
  while (parent && parent.type === 'parenthesized_expression') parent = parent.parent;
  return parent;
}

/**
 * `a, b = value` (or `(a, b) = value`): the assigned value (parentheses removed), the position of `identifier`
 * among the names it is unpacked into, and how many there are.
 */
export function unpackedTarget(identifier: SyntaxNode): { value: SyntaxNode; index: number; count: number } | undefined {
  const pattern = identifier.parent;
  const assignment = pattern?.parent;
  if ((pattern?.type !== 'pattern_list' && pattern?.type !== 'tuple_pattern') || assignment?.type !== 'assignment' || field(assignment, 'left')?.id !== pattern.id) return undefined;
  const right = field(assignment, 'right');
  if (!right) return undefined;
  const targets = namedChildren(pattern);
  return { value: unparenthesize(right), index: targets.findIndex((target) => target.id === identifier.id), count: targets.length };
}

/** The name of a def's first parameter (`self` of a method), plain or annotated. */
export function firstParameterName(definition: SyntaxNode): string | undefined {
  const first = namedChildren(field(definition, 'parameters') ?? definition).find((child) => child.type !== 'comment');
  if (!first) return undefined;
  if (first.type === 'identifier') return first.text;
  if (first.type === 'typed_parameter') return namedChildren(first).find((child) => child.type === 'identifier')?.text;
  return undefined;
}

export function isAsyncFunction(node: SyntaxNode): boolean {
  return node.type === 'function_definition' && node.children.some((child) => child?.type === 'async');
}

/** The value a `with` statement enters: `with open(p) as f:`, `with (lock):`. */
export function isWithItemValue(node: SyntaxNode): boolean {
  let current = node;
  while (current.parent && (current.parent.type === 'parenthesized_expression' || current.parent.type === 'as_pattern')) current = current.parent;
  return current.parent?.type === 'with_item';
}

export function isAsyncWith(node: SyntaxNode): boolean {
  return node.type === 'with_statement' && node.children.some((child) => child?.type === 'async');
}

export function isAsyncFor(node: SyntaxNode): boolean {
  return node.type === 'for_statement' && node.children.some((child) => child?.type === 'async');
}

/** The object an attribute chain starts from: `session` of `self.session.get`'s `self`, parentheses aside. */
export function attributeRoot(node: SyntaxNode): SyntaxNode {
  let root = unparenthesize(node);
  while (root.type === 'attribute') root = unparenthesize(field(root, 'object') ?? root);
  return root;
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

/** `f(a, k=v)`, `f(**options)`: arguments a positional-only runner cannot pass on. */
export function passesKeywords(call: SyntaxNode): boolean {
  const args = field(call, 'arguments');
  return args?.type === 'argument_list' && namedChildren(args).some((item) => item.type === 'keyword_argument' || item.type === 'dictionary_splat');
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

/** The truth of a name the module fixes (see `DeadCode.addModuleConstants`); undefined for any other name. */
export type NameTruth = (identifier: SyntaxNode) => boolean | undefined;

/**
 * The truth of a test whose value the code itself fixes, as Python computes it; undefined for anything
 * else. `True`, `False`, `None`, `...`; numbers (`0x_1f`, `0o7`, `0b0`, `1_000`, `0.0`, `1e-3`, `0j`,
 * with `-`, `+`, `~`); strings and bytes (an f-string only without `{…}`: its value is not fixed; a
 * t-string is a `Template`, not a string); tuple, list, set and dict displays of such constants (the
 * empty ones false); and `not` of any of these, all in any parentheses. A name is constant only as `names`
 * says (a private module constant, pymongo's `_IS_SYNC = False`): `TYPE_CHECKING`, `__debug__`, `sys.version_info` and `sys.platform` hold on some interpreter or in some
 * tool, so both branches of a test on them are live.
 */
export function constantTruth(expression: SyntaxNode | null, depth = 0, names?: NameTruth): boolean | undefined {
  if (!expression || depth > MAX_NESTING) return undefined;
  const node = unparenthesize(expression);
  switch (node.type) {
    case 'identifier':
      return names?.(node);
    case 'true':
    case 'ellipsis':
      return true;
    case 'false':
    case 'none':
      return false;
    case 'integer':
    case 'float':
    case 'unary_operator':
      return numberTruth(node, depth);
    case 'not_operator': {
      const operand = constantTruth(field(node, 'argument'), depth + 1, names);
      return operand === undefined ? undefined : !operand;
    }
    case 'string':
    case 'concatenated_string': {
      const length = stringLiteralLength(node);
      return length === undefined ? undefined : length > 0;
    }
    case 'tuple':
    case 'list':
    case 'set':
    case 'dictionary': {
      // `(*rest,)`, `{**other}`: their length is not in the code.
      const elements = namedChildren(node).filter((child) => child.type !== 'comment');
      const constant = elements.every((element) =>
        element.type === 'pair'
          ? constantTruth(field(element, 'key'), depth + 1) !== undefined && constantTruth(field(element, 'value'), depth + 1) !== undefined
          : constantTruth(element, depth + 1) !== undefined,
      );
      return constant ? elements.length > 0 : undefined;
    }
    default:
      return undefined;
  }
}

/** Truth of a number literal, `True`/`False`, or `-`, `+`, `~` of one (`~` of an integer only); undefined for anything else. */
function numberTruth(node: SyntaxNode, depth: number): boolean | undefined {
  if (depth > MAX_NESTING) return undefined;
  const target = unparenthesize(node);
  switch (target.type) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'integer':
    case 'float': {
      const text = target.text.replace(/_/g, '');
      if (/[lL]$/.test(text)) return undefined; // Python 2's long, no Python 3 literal
      const digits = text.replace(/[jJ]$/, '');
      if (/^0[xob]/i.test(digits)) return /^0[xob]0*$/i.test(digits) ? false : true;
      const value = Number(digits);
      return Number.isNaN(value) ? undefined : value !== 0;
    }
    case 'unary_operator': {
      const operator = field(target, 'operator')?.type;
      const argument = field(target, 'argument');
      if (!argument) return undefined;
      if (operator === '-' || operator === '+') return numberTruth(argument, depth + 1);
      if (operator === '~') {
        const value = integerLiteral(target);
        return value === undefined ? undefined : value !== 0n;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The value of an integer literal (`0x1f`, `1_000`), or `-`, `+`, `~` of one; undefined for anything else. */
export function integerLiteral(expression: SyntaxNode, depth = 0): bigint | undefined {
  if (depth > MAX_NESTING) return undefined;
  const node = unparenthesize(expression);
  if (node.type === 'integer') {
    const text = node.text.replace(/_/g, '').toLowerCase();
    // `1j` is complex; `10L`, Python 2's long, and `017`, its octal, are no Python 3 integers.
    return /^(0x[0-9a-f]+|0o[0-7]+|0b[01]+|0+|[1-9][0-9]*)$/.test(text) ? BigInt(text) : undefined;
  }
  if (node.type === 'unary_operator') {
    const operator = field(node, 'operator')?.type;
    const argument = field(node, 'argument');
    const value = argument ? integerLiteral(argument, depth + 1) : undefined;
    if (value === undefined) return undefined;
    if (operator === '-') return -value;
    if (operator === '+') return value;
    if (operator === '~') return -value - 1n;
  }
  return undefined;
}

/**
 * Length, in source characters, of what a plain string or bytes literal holds (concatenated parts
 * added): zero exactly when the value is empty. Undefined for an f-string with `{…}` and a t-string.
 */
export function stringLiteralLength(node: SyntaxNode): number | undefined {
  const parts = node.type === 'concatenated_string' ? namedChildren(node).filter((child) => child.type === 'string') : [node];
  let length = 0;
  for (const part of parts) {
    const start = part.children.find((child) => child?.type === 'string_start')?.text ?? '';
    const prefix = /^[a-z]*/i.exec(start)![0].toLowerCase();
    if (prefix.includes('t') || namedChildren(part).some((child) => child.type === 'interpolation')) return undefined;
    // From the source text, between the quotes: the grammar puts a raw string's `\` at a line's end in `string_end`.
    const content = part.text.slice(start.length, part.text.length - (start.length - prefix.length));
    // A backslash at the end of a line continues the literal on the next and stands for nothing (not in a raw string).
    length += (prefix.includes('r') ? content : content.replace(/\\\r?\n/g, '')).length;
  }
  return length;
}

/**
 * The names a class statement derives from, in order: `Base`, `pkg.Base`, and the class of a generic base
 * (`Repository` in `class Users(Repository[User])`); not keyword arguments (`metaclass=…`) nor other expressions.
 */
export function baseClassNames(classNode: SyntaxNode): SyntaxNode[] {
  const superclasses = field(classNode, 'superclasses');
  const names: SyntaxNode[] = [];
  for (const base of superclasses ? namedChildren(superclasses) : []) {
    const named = base.type === 'subscript' || base.type === 'generic_type' ? (field(base, 'value') ?? namedChildren(base)[0]) : base;
    if (named && (named.type === 'identifier' || named.type === 'attribute')) names.push(named);
  }
  return names;
}

/** Code quoted in a message: at most 60 characters, the rest cut to `...`. */
export function shortened(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** An expression as written, on one line, shortened for the message. */
export function codeLabel(node: SyntaxNode): string {
  return shortened(node.text.replace(/\s+/g, ' '));
}

/** The callee as the user wrote it, shortened for the message. */
export function calleeLabel(call: SyntaxNode): string {
  const callee = field(call, 'function');
  if (!callee) return call.text.slice(0, 40);
  return shortened(dottedText(callee) ?? callee.text.replace(/\s*\n\s*/g, '').replace(/\s+/g, ' '));
}
