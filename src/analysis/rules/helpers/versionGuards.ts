import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { comparisonOperator, field, MAX_NESTING, namedChildren, statements, unparenthesize } from '../../syntax';
import { literalValue } from './argumentValues';
import { earlyExitGuard } from './pathConditions';

type Version = readonly number[];

/** Python versions from `since` on that the test samples: every 3.x minor up to 3.30, first and late micro. */
function versionsFrom(since: Version): Version[] {
  const result: Version[] = [];
  for (let minor = since[1]; minor <= 30; minor++) result.push([3, minor, 0], [3, minor, 99]);
  return result;
}

/**
 * True when `node` runs only on Pythons older than `since` (a `(3, minor)` pair): it sits under a
 * `sys.version_info` test (an `if`/`elif`/`else` branch, `x if c else y`, or after an early
 * `if c: return`) that is false on every version from `since` on, or in the `else` of
 * `hasattr(asyncio, name)` for a name of `available` (the APIs that exist from `since`).
 */
export function runsOnlyBefore(node: SyntaxNode, since: Version, available: ReadonlySet<string>, model: SemanticModel): boolean {
  // Most modules test no version: the walk up and back through every enclosing block is then spared.
  if (!testsVersions(model)) return false;
  const guards = versionGuards(node);
  if (guards.length === 0) return false;
  return versionsFrom(since).every((version) =>
    guards.some(({ test, holds }) => evaluate(test, version, available, model, 0) === !holds),
  );
}

const VERSION_TEST = /version_info|hasattr/;
const versionTesting = new WeakMap<SemanticModel, boolean>();

function testsVersions(model: SemanticModel): boolean {
  let tests = versionTesting.get(model);
  if (tests === undefined) versionTesting.set(model, (tests = VERSION_TEST.test(model.syntax.source)));
  return tests;
}

/** The tests around `node`, each with whether it must hold for `node` to run. */
function versionGuards(node: SyntaxNode): Array<{ test: SyntaxNode; holds: boolean }> {
  const guards: Array<{ test: SyntaxNode; holds: boolean }> = [];
  const add = (test: SyntaxNode | null, holds: boolean) => {
    if (test && VERSION_TEST.test(test.text)) guards.push({ test, holds });
  };
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'if_statement' || parent.type === 'elif_clause') {
      if (field(parent, 'consequence')?.id === child.id) add(field(parent, 'condition'), true);
    }
    if (parent.type === 'if_statement' && (child.type === 'elif_clause' || child.type === 'else_clause')) {
      add(field(parent, 'condition'), false);
      for (const clause of namedChildren(parent)) {
        if (clause.id === child.id) break;
        if (clause.type === 'elif_clause') add(field(clause, 'condition'), false);
      }
    } else if (parent.type === 'conditional_expression') {
      const [consequence, condition, alternative] = namedChildren(parent).filter((item) => item.type !== 'comment');
      if (consequence?.id === child.id) add(condition, true);
      else if (alternative?.id === child.id) add(condition, false);
    } else if (parent.type === 'block') {
      for (const statement of statements(parent)) {
        if (statement.startIndex >= child.startIndex) break;
        add(earlyExitGuard(statement) ?? null, false);
      }
    }
  }
  return guards;
}

/** The value of a version test on `version`; undefined when it tests anything else. */
function evaluate(expression: SyntaxNode, version: Version, available: ReadonlySet<string>, model: SemanticModel, depth: number): boolean | undefined {
  if (depth > MAX_NESTING) return undefined;
  const node = unparenthesize(expression);
  switch (node.type) {
    case 'not_operator': {
      const operand = field(node, 'argument');
      const value = operand ? evaluate(operand, version, available, model, depth + 1) : undefined;
      return value === undefined ? undefined : !value;
    }
    case 'boolean_operator': {
      const left = field(node, 'left');
      const right = field(node, 'right');
      const values = [left, right].map((item) => (item ? evaluate(item, version, available, model, depth + 1) : undefined));
      if (field(node, 'operator')?.type === 'or') return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
      return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
    }
    case 'call':
      return hasattrTest(node, available, model);
    case 'comparison_operator':
      return compareVersion(node, version, model);
  }
  return undefined;
}

/** `hasattr(asyncio, "get_running_loop")`: true on every version the test samples. */
function hasattrTest(call: SyntaxNode, available: ReadonlySet<string>, model: SemanticModel): boolean | undefined {
  const callee = field(call, 'function');
  const args = namedChildren(field(call, 'arguments') ?? call).filter((item) => item.type !== 'comment');
  if (callee?.type !== 'identifier' || callee.text !== 'hasattr' || args.length !== 2) return undefined;
  const name = literalValue(args[1]);
  return model.qualifiedName(args[0]) === 'asyncio' && typeof name === 'string' && available.has(name) ? true : undefined;
}

function compareVersion(node: SyntaxNode, version: Version, model: SemanticModel): boolean | undefined {
  const operands = namedChildren(node).filter((item) => item.type !== 'comment');
  const operator = comparisonOperator(node);
  if (operands.length !== 2) return undefined;
  let left = versionPart(operands[0], version, model);
  let right = literalVersion(operands[1]);
  let flipped = false;
  if (!left || !right) {
    left = versionPart(operands[1], version, model);
    right = literalVersion(operands[0]);
    flipped = true;
  }
  if (!left || !right) return undefined;
  const order = compareTuples(left, right) * (flipped ? -1 : 1);
  switch (operator) {
    case '<': return order < 0;
    case '<=': return order <= 0;
    case '>': return order > 0;
    case '>=': return order >= 0;
    case '==': return order === 0;
    case '!=': return order !== 0;
  }
  return undefined;
}

/** `sys.version_info` (longer than any literal it is compared with), `[:2]`, `[0]`, `.minor`. */
function versionPart(expression: SyntaxNode, version: Version, model: SemanticModel): Version | undefined {
  const node = unparenthesize(expression);
  if (model.qualifiedName(node) === 'sys.version_info') return [...version, Infinity];
  if (node.type === 'attribute') {
    const object = field(node, 'object');
    const index = ['major', 'minor', 'micro'].indexOf(field(node, 'attribute')?.text ?? '');
    return object && index >= 0 && model.qualifiedName(object) === 'sys.version_info' ? [version[index]] : undefined;
  }
  if (node.type !== 'subscript') return undefined;
  const value = field(node, 'value');
  if (!value || model.qualifiedName(value) !== 'sys.version_info') return undefined;
  const subscript = namedChildren(node).filter((item) => item.id !== value.id && item.type !== 'comment');
  if (subscript.length !== 1) return undefined;
  const index = subscript[0];
  if (index.type === 'integer') return Number(index.text) < version.length ? [version[Number(index.text)]] : undefined;
  const match = index.type === 'slice' ? /^0?\s*:\s*([1-3])$/.exec(index.text.trim()) : null;
  return match ? version.slice(0, Number(match[1])) : undefined;
}

/** `(3, 7)`, `(3, 7, 0)`, `7`: the integers. */
function literalVersion(expression: SyntaxNode): Version | undefined {
  const node = unparenthesize(expression);
  const items = node.type === 'tuple' ? namedChildren(node).filter((item) => item.type !== 'comment') : [node];
  const values = items.map((item) => literalValue(item));
  return values.length > 0 && values.every((value) => typeof value === 'number') ? (values as number[]) : undefined;
}

function compareTuples(left: Version, right: Version): number {
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    if (left[index] !== right[index]) return left[index] < right[index] ? -1 : 1;
  }
  return Math.sign(left.length - right.length);
}
