import type { SyntaxNode } from '../../parser';
import type { Definition, SemanticModel } from '../../semantic/model';
import { callArguments, dottedText, field, MAX_NESTING, namedChildren, unparenthesize } from '../../syntax';
import type { Rebinding } from './pathConditions';

export type Literal = null | boolean | number | string;

/** What a call site passes, as far as the code tells: a literal, or an object of a known class. */
export type Value =
  | { kind: 'literal'; value: Literal }
  /**
   * `type` is a class name's last part (`dict`, `BytesIO`); `truthy` when it is known. `workspace`:
   * a class of the workspace whose every base is one too (or `object`), with those classes' names.
   */
  | { kind: 'instance'; type: string; truthy?: boolean; exact: boolean; workspace?: WorkspaceClass };

/** A workspace class built at the call site: its own and its bases' names, and whether any defines `__eq__`. */
export interface WorkspaceClass {
  classes: string[];
  customEquality: boolean;
}

/** A call site's argument as a condition shows it: one line, cut when long; `atom` when it needs no parentheses anywhere. */
export interface PassedText {
  text: string;
  atom: boolean;
}

/** `passed`: the call site's argument as a condition shows it (`passedText`), when the call passes one. */
export type ArgumentValue =
  | { kind: 'value'; value: Value; passed?: PassedText }
  /** `rebinds`: assignments to the parameter that may run before the value is used. */
  | { kind: 'parameter'; name: string; rebinds?: readonly Rebinding[] }
  /**
   * `known`: tests the call site's own guards establish for it (see `factsAt`); `refuted`: tests they rule out
   * (`refutedAt`: the `else` of `if x or y:`, code after `if x: return`). `configured`: read
   * from configuration or the environment, which the code does not show (`dask.config.get(...)`).
   * `free`: assigned in a helper from what no call site passes (object state, a call's result), so
   * a test on it may go either way, like a `free` condition.
   */
  | { kind: 'unknown'; known?: ReadonlyArray<{ kind: string }>; refuted?: ReadonlyArray<{ kind: string }>; configured?: boolean; free?: boolean; passed?: PassedText };

export const UNKNOWN: ArgumentValue = { kind: 'unknown' };

/** `None`, `True`, `3`, `-1.5`, `"json"` (no f-string): the Python value. */
export function literalValue(node: SyntaxNode, depth = 0): Literal | undefined {
  if (depth > MAX_NESTING) return undefined;
  const target = unparenthesize(node);
  switch (target.type) {
    case 'none':
      return null;
    case 'true':
      return true;
    case 'false':
      return false;
    case 'integer':
    case 'float': {
      const value = Number(target.text.replace(/_/g, ''));
      return Number.isFinite(value) ? value : undefined;
    }
    case 'unary_operator': {
      const operand = field(target, 'argument');
      const value = operand ? literalValue(operand, depth + 1) : undefined;
      return typeof value === 'number' && target.text.trimStart().startsWith('-') ? -value : undefined;
    }
    case 'string':
      return stringContent(target);
  }
  return undefined;
}

/** The text of a plain string literal; undefined for f-strings, bytes and escapes it cannot read. */
function stringContent(node: SyntaxNode): string | undefined {
  if (namedChildren(node).some((item) => item.type === 'interpolation')) return undefined;
  const match = /^([rRuU]?)('''|"""|'|")([\s\S]*)\2$/.exec(node.text);
  if (!match) return undefined;
  if (match[1].toLowerCase() !== 'r' && match[3].includes('\\')) return undefined;
  return match[3];
}

/** Classes each value class is an instance of (besides itself and `object`). */
const BASES: Record<string, string[]> = {
  bool: ['int', 'Integral', 'Number', 'Hashable'],
  int: ['Integral', 'Real', 'Number', 'Hashable'],
  float: ['Real', 'Number', 'Hashable'],
  str: ['Sequence', 'Collection', 'Iterable', 'Container', 'Sized', 'Hashable', 'AnyStr'],
  bytes: ['Sequence', 'Collection', 'Iterable', 'Container', 'Sized', 'Hashable', 'ByteString', 'Buffer'],
  NoneType: ['Hashable'],
  dict: ['Mapping', 'MutableMapping', 'Collection', 'Iterable', 'Container', 'Sized', 'Dict'],
  list: ['Sequence', 'MutableSequence', 'Collection', 'Iterable', 'Container', 'Sized', 'List'],
  tuple: ['Sequence', 'Collection', 'Iterable', 'Container', 'Sized', 'Hashable', 'Tuple'],
  set: ['Set', 'MutableSet', 'AbstractSet', 'Collection', 'Iterable', 'Container', 'Sized'],
  frozenset: ['Set', 'AbstractSet', 'Collection', 'Iterable', 'Container', 'Sized', 'Hashable'],
  BytesIO: ['BufferedIOBase', 'IOBase', 'IO', 'BinaryIO', 'Iterable', 'Iterator'],
  StringIO: ['TextIOBase', 'IOBase', 'IO', 'TextIO', 'Iterable', 'Iterator'],
  Path: ['PurePath', 'PathLike', 'PosixPath', 'WindowsPath', 'Hashable'],
  PurePath: ['PathLike', 'Hashable'],
};

/** Stand-alone classes (`io.BytesIO()`, `Path(...)`) that a call builds, by resolved name. */
const CONSTRUCTED: Record<string, string> = {
  'io.BytesIO': 'BytesIO',
  'io.StringIO': 'StringIO',
  'pathlib.Path': 'Path',
  'pathlib.PurePath': 'PurePath',
  'builtins.dict': 'dict',
  'builtins.list': 'list',
  'builtins.tuple': 'tuple',
  'builtins.set': 'set',
  'builtins.str': 'str',
  'builtins.int': 'int',
  'builtins.float': 'float',
  'frozenset': 'frozenset',
  'bytes': 'bytes',
};

const LITERAL_CONTAINERS: Record<string, string> = {
  dictionary: 'dict',
  list: 'list',
  tuple: 'tuple',
  set: 'set',
  dictionary_comprehension: 'dict',
  list_comprehension: 'list',
  set_comprehension: 'set',
};

function typeOfLiteral(value: Literal): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'str';
}

/** `isinstance(value, type)`: true, false, or undefined when the classes involved are not all known. */
export function isInstanceOf(value: Value, type: string): boolean | undefined {
  if (type === 'object') return true;
  if (value.kind === 'instance' && value.workspace) {
    if (value.workspace.classes.includes(type)) return true;
    // Only builtins and workspace classes in its ancestry: no builtin value class, nor one of the ABCs with no subclass hook.
    return BASES[type] !== undefined || (KNOWN_UNRELATED.has(type) && type !== 'PathLike') ? false : undefined;
  }
  const own = value.kind === 'literal' ? typeOfLiteral(value.value) : value.type;
  const bases = BASES[own];
  if (own === type || bases?.includes(type)) return true;
  const exact = value.kind === 'literal' || value.exact;
  // A value of a class this table knows is not an instance of any other class it knows.
  return exact && bases && (BASES[type] !== undefined || KNOWN_UNRELATED.has(type)) ? false : undefined;
}

/** Classes that none of the table's value classes derive from. */
const KNOWN_UNRELATED = new Set(['PathLike', 'IOBase', 'TextIOBase', 'BufferedIOBase', 'RawIOBase', 'IO', 'TextIO', 'BinaryIO', 'Mapping', 'MutableMapping', 'Sequence', 'bytearray', 'memoryview', 'int', 'float', 'Number']);

/**
 * The value an expression has at a call site. `parameters` are the caller's own parameters that
 * its body never rebinds: such an argument is passed through, and decided one call site further up.
 */
export function valueAt(expression: SyntaxNode, model: SemanticModel, parameters: ReadonlySet<string> = new Set(), depth = 0): ArgumentValue {
  const node = unparenthesize(expression);
  const literal = literalValue(node);
  if (literal !== undefined) return { kind: 'value', value: { kind: 'literal', value: literal } };
  switch (node.type) {
    case 'string':
    case 'concatenated_string':
      return { kind: 'value', value: { kind: 'instance', type: node.text.replace(/^[rRfFuU]*/, '').match(/^[bB]/) ? 'bytes' : 'str', exact: true, truthy: hasLiteralText(node) ? true : undefined } };
    case 'binary_operator': {
      // `"…%s" % x`, `"http://" + host`, `f"…" + x`: a str, never empty when the literal part writes a character.
      const operator = field(node, 'operator')?.text;
      const left = field(node, 'left');
      const right = field(node, 'right');
      const strings = [left, right].map((side) => (side ? unparenthesize(side) : undefined)).filter((side): side is SyntaxNode => side?.type === 'string' && !/^[rRuU]*[bB]/.test(side.text));
      if (operator === '%' && left && strings[0]?.id === unparenthesize(left).id) {
        return { kind: 'value', value: { kind: 'instance', type: 'str', exact: true, truthy: hasLiteralText(strings[0], true) ? true : undefined } };
      }
      if (operator === '+' && strings.length > 0) {
        return { kind: 'value', value: { kind: 'instance', type: 'str', exact: true, truthy: strings.some((side) => hasLiteralText(side)) ? true : undefined } };
      }
      return UNKNOWN;
    }
    case 'call': {
      if (isConfigurationRead(node)) return CONFIGURED;
      const name = model.qualifiedName(field(node, 'function') ?? node);
      const type = name ? CONSTRUCTED[name] : undefined;
      if (type) return { kind: 'value', value: { kind: 'instance', type, exact: true, truthy: BASES[type]?.includes('IOBase') || type === 'Path' ? true : undefined } };
      const built = workspaceInstance(model, node);
      return built ? { kind: 'value', value: built } : UNKNOWN;
    }
    case 'identifier': {
      if (parameters.has(node.text)) return { kind: 'parameter', name: node.text };
      if (depth > 3) return UNKNOWN;
      const binding = model.lookup(node.text, node);
      const list = binding ? model.scopes.enclosingScope(binding.node).bindings.get(node.text) : undefined;
      if (binding?.kind === 'assignment' && binding.value && list?.length === 1) return valueAt(binding.value, model, new Set(), depth + 1);
      return UNKNOWN;
    }
  }
  const container = LITERAL_CONTAINERS[node.type];
  if (container) {
    const empty = !node.type.endsWith('comprehension') && namedChildren(node).filter((item) => item.type !== 'comment').length === 0;
    return { kind: 'value', value: { kind: 'instance', type: container, exact: true, truthy: node.type.endsWith('comprehension') ? undefined : !empty } };
  }
  return UNKNOWN;
}

/** The string's literal parts write at least one character (beside `%` conversions when it is a format). */
function hasLiteralText(node: SyntaxNode, format = false): boolean {
  const parts = node.type === 'concatenated_string' ? namedChildren(node) : [node];
  return parts.some((part) =>
    namedChildren(part).some((child) => (child.type === 'string_content' || child.type === 'escape_sequence') && (format ? child.text.replace(PERCENT_CONVERSION, '') : child.text).length > 0),
  );
}

const PERCENT_CONVERSION = /%(\([^)]*\))?[-#0 +]*(\*|\d+)?(\.(\*|\d+))?[hlL]?[diouxXeEfFgGcrsab%]/g;

const TRUTH_METHODS = ['__bool__', '__len__'];
const MAX_ANCESTRY = 8;

/** `C(...)` with `C` a workspace class whose ancestry the workspace holds whole: an instance of it. */
function workspaceInstance(model: SemanticModel, call: SyntaxNode): Value | undefined {
  const definition = model.definitionOf(field(call, 'function'));
  if (definition?.node.type !== 'class_definition') return undefined;
  const ancestry = ancestryOf(definition.model, definition.node, 0);
  if (!ancestry) return undefined;
  const defines = (names: string[]) => ancestry.some(({ model: owner, node }) => names.some((name) => owner.scopes.scopeOf(node)?.bindings.has(name)));
  const classes = ancestry.map(({ node }) => field(node, 'name')?.text ?? '');
  return {
    kind: 'instance',
    type: classes[0],
    exact: true,
    truthy: defines(TRUTH_METHODS) ? undefined : true,
    workspace: { classes, customEquality: defines(['__eq__']) },
  };
}

/** The class and every class it derives from, when each base is a workspace class (`basesOf`) or `object`. */
function ancestryOf(model: SemanticModel, classNode: SyntaxNode, depth: number): Definition[] | undefined {
  if (depth > MAX_ANCESTRY) return undefined;
  const superclasses = field(classNode, 'superclasses');
  const written = superclasses ? namedChildren(superclasses).filter((base) => !['comment', 'keyword_argument'].includes(base.type) && !(base.type === 'identifier' && base.text === 'object')) : [];
  const bases = model.basesOf(classNode);
  if (bases.length !== written.length) return undefined;
  const ancestry: Definition[] = [{ model, node: classNode }];
  for (const base of bases) {
    const inherited = ancestryOf(base.model, base.node, depth + 1);
    if (!inherited) return undefined;
    ancestry.push(...inherited);
  }
  return ancestry;
}

const CONFIGURED: ArgumentValue = { kind: 'unknown', configured: true };
const CONFIGURATION_READ = /(^|\.)(config|conf|settings|environ)\.get\w*$|(^|\.)getenv$/i;

/** `dask.config.get("key")`, `settings.get(...)`, `os.environ.get(...)`, `os.getenv(...)`. */
function isConfigurationRead(call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  const name = callee ? dottedText(callee) : undefined;
  return !!name && CONFIGURATION_READ.test(name);
}

interface Parameter {
  name: string;
  default?: SyntaxNode;
  /** Only by keyword (after `*` or `*args`). */
  keywordOnly: boolean;
  splat: boolean;
}

export function parametersOf(definition: SyntaxNode): Parameter[] {
  const result: Parameter[] = [];
  let keywordOnly = false;
  for (const item of namedChildren(field(definition, 'parameters') ?? definition)) {
    switch (item.type) {
      case 'identifier':
        result.push({ name: item.text, keywordOnly, splat: false });
        break;
      case 'typed_parameter': {
        const name = namedChildren(item).find((child) => child.type === 'identifier');
        if (name) result.push({ name: name.text, keywordOnly, splat: false });
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = field(item, 'name');
        if (name) result.push({ name: name.text, default: field(item, 'value') ?? undefined, keywordOnly, splat: false });
        break;
      }
      case 'list_splat_pattern':
      case 'keyword_separator':
        keywordOnly = true;
        if (item.type === 'list_splat_pattern') result.push({ name: namedChildren(item)[0]?.text ?? '', keywordOnly, splat: true });
        break;
      case 'dictionary_splat_pattern':
        result.push({ name: namedChildren(item)[0]?.text ?? '', keywordOnly: true, splat: true });
        break;
    }
  }
  return result;
}

/** Parameter names of a def, for guards (`self` included: it is never a guard's subject anyway). */
export function parameterNames(definition: SyntaxNode): string[] {
  return parametersOf(definition)
    .filter((parameter) => !parameter.splat)
    .map((parameter) => parameter.name);
}

/**
 * Which argument each parameter of `definition` receives at `call` (an omitted one: its default,
 * read in the callee's module). `bound` skips the first parameter (`self`, `cls`).
 */
export function argumentsOf(
  call: SyntaxNode,
  definition: SyntaxNode,
  calleeModel: SemanticModel,
  bound: boolean,
  valueOf: (expression: SyntaxNode) => ArgumentValue,
): (parameter: string) => ArgumentValue {
  const passed = passedExpressions(call, definition, bound);
  const values = new Map<string, ArgumentValue>();
  if (passed) {
    for (const parameter of parametersOf(definition).slice(bound ? 1 : 0)) {
      if (parameter.splat) continue;
      const expression = passed.get(parameter.name);
      if (expression) values.set(parameter.name, valueOf(expression));
      else if (parameter.default) values.set(parameter.name, valueAt(parameter.default, calleeModel));
    }
  }
  return (name) => values.get(name) ?? UNKNOWN;
}

/**
 * The expression `call` passes for each parameter of `definition` it gives one (by keyword, else by
 * position); undefined when `*args`/`**kwargs` hide them. `bound` skips the first parameter.
 */
function passedExpressions(call: SyntaxNode, definition: SyntaxNode, bound: boolean): Map<string, SyntaxNode> | undefined {
  const args = callArguments(call);
  if (args.hasSplat) return undefined;
  const passed = new Map<string, SyntaxNode>();
  let position = 0;
  for (const parameter of parametersOf(definition).slice(bound ? 1 : 0)) {
    if (parameter.splat) continue;
    let expression = args.keywords.get(parameter.name);
    if (!expression && !parameter.keywordOnly && position < args.positional.length) expression = args.positional[position++];
    if (expression) passed.set(parameter.name, expression);
  }
  return passed;
}

/** The expression a call passes for `parameter` of `definition` (undefined when it passes none, or `*args`/`**kwargs` hide it). */
export function argumentExpression(call: SyntaxNode, definition: SyntaxNode, bound: boolean, parameter: string): SyntaxNode | undefined {
  return passedExpressions(call, definition, bound)?.get(parameter);
}
