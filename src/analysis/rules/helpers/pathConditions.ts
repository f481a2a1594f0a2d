import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { callArguments, comparisonOperator, dottedText, field, isAsyncFunction, MAX_NESTING, namedChildren, statements, unparenthesize } from '../../syntax';
import { forEachTargetName } from '../../semantic/scopes';
import { resolveDefinition } from './calledHelper';
import { soleReturnValue } from './functions';
import { type ArgumentValue, isInstanceOf, type Literal, literalValue, type PassedText, type Value } from './argumentValues';
import { lazyLoadedAttribute } from './instanceCaches';
import { cachedWithoutArguments, memoGuard } from './moduleGlobals';
import { literalKeyGetArguments } from './optionObjects';

/**
 * Whether `options.flag` (or a module switch `DEBUG`) reads a run-time option whose value the code
 * does not tell (see optionObjects): `true`; `'unset'` for a setting that is absent unless someone set
 * it (`config.get("token_file")`): a path that needs it set may not run, the one that needs it unset does.
 */
export type OptionTest = (expression: SyntaxNode) => boolean | 'unset';

/** The condition an option test stands for, shown as `text`. */
function optionCondition(option: boolean | 'unset' | undefined, text: string): Condition | undefined {
  return option === 'unset' ? { kind: 'likely', value: false, text } : option ? { kind: 'undecided', text } : undefined;
}

/** A test on one parameter of a helper, which the argument a call site passes may decide. */
export type ParameterTest =
  | { kind: 'isinstance'; types: string[] }
  | { kind: 'isNone' }
  | { kind: 'truthy' }
  | { kind: 'equals'; values: Literal[] }
  | { kind: 'compare'; operator: '<' | '<=' | '>' | '>='; value: number }
  | { kind: 'endswith' | 'startswith'; values: string[] }
  | { kind: 'hasattr'; attribute: string }
  /** `for x in p`: p yields items (an argument of unknown size that the call passes is taken to). */
  | { kind: 'hasItems' };

/** `p = value` in a helper's body before a test on `p`: when `guard` holds, the test reads `value`. */
export interface Rebinding {
  guard: Condition;
  value: ArgumentValue;
}

/** The rebindings of a parameter that come before a position in the helper's body. */
export type RebindingsBefore = (parameter: string, position: number) => readonly Rebinding[];

/**
 * When a call inside a helper runs, as a condition on the helper's parameters. `free` is a condition
 * on anything else (object state, globals): it may hold either way, so it never hides a finding.
 * `undecided` names a parameter condition that no call site can decide any more.
 *
 * A `soft` test is on an object's mode (`self.asynchronous`, or a parameter defaulting to it), tied
 * to a constructor argument only by its name: until an argument decides it, it is free; once decided
 * it becomes a `likely` value, which never hides a path (a path it says is not taken is information).
 */
export type Condition =
  | { kind: 'true' | 'false' | 'free' }
  /** `rebound`: the parameter is assigned again in its helper (see `bindCondition`). */
  /** `via`: the helper's own parameter that stands for the attribute of a soft test (`if mode is None: mode = self.mode`). */
  /** `subject`: the name `text` gives the parameter, when the test was carried to a caller's parameter of another name. */
  | { kind: 'test'; parameter: string; test: ParameterTest; text: string; soft?: true; via?: string; rebinds?: readonly Rebinding[]; rebound?: boolean; subject?: string }
  /** `firstCall`: the path runs until a cache (`text`: a module global, a cache decorator) holds the result. */
  | { kind: 'undecided'; text: string; firstCall?: true }
  | { kind: 'likely'; value: boolean; text: string }
  | { kind: 'not'; operand: Condition }
  | { kind: 'and' | 'or'; operands: Condition[] };

export const TRUE: Condition = { kind: 'true' };
export const FALSE: Condition = { kind: 'false' };
export const FREE: Condition = { kind: 'free' };

/** Conditions larger than this are not tracked: the call counts as unconditional. */
const MAX_CONDITION_SIZE = 16;

export function not(operand: Condition): Condition {
  switch (operand.kind) {
    case 'true':
      return FALSE;
    case 'false':
      return TRUE;
    case 'free':
      return FREE;
    case 'not':
      return operand.operand;
    case 'likely':
      return { kind: 'likely', value: !operand.value, text: negated(operand.text) };
    default:
      return { kind: 'not', operand };
  }
}

function negated(text: string): string {
  const inner = /^not ([\w.]+)$/.exec(text)?.[1] ?? (/^not \(.*\)$/.test(text) && enclosesAll(text.slice(4)) ? text.slice(5, -1) : undefined);
  if (inner !== undefined) return inner;
  return /^[\w.]+$/.test(text) ? `not ${text}` : `not (${text})`;
}

/** `(a and b)`, not `(a) and (b)`: the first parenthesis closes at the end. */
function enclosesAll(text: string): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '(') depth++;
    else if (text[index] === ')' && --depth === 0) return index === text.length - 1;
  }
  return false;
}

export function and(...operands: Condition[]): Condition {
  return combine('and', operands);
}

export function or(...operands: Condition[]): Condition {
  return combine('or', operands);
}

function combine(kind: 'and' | 'or', operands: Condition[]): Condition {
  const absorbing = kind === 'and' ? 'false' : 'true';
  const neutral = kind === 'and' ? 'true' : 'false';
  const kept: Condition[] = [];
  let free = false;
  let likely: Condition | undefined;
  for (const operand of operands.flatMap((item) => (item.kind === kind ? item.operands : [item]))) {
    if (operand.kind === absorbing) return operand;
    if (operand.kind === neutral) continue;
    // A likely-true value is neutral in `and`, and decides an `or` like `true` does.
    if (operand.kind === 'likely' && operand.value) {
      if (kind === 'or') likely ??= operand;
    } else if (operand.kind === 'free') free = true;
    else kept.push(operand);
  }
  if (kind === 'or' && likely) return likely;
  // `free or x` may hold whatever x is; `free and x` holds at most when x does. A soft test is kept
  // beside `free`: once decided, `likely or free` is `likely`.
  if (kind === 'or' && free) return kept.some(hasSoftTest) && size({ kind, operands: kept }) < MAX_CONDITION_SIZE ? { kind, operands: [...kept, FREE] } : FREE;
  if (kept.length === 0) return free ? FREE : kind === 'and' ? TRUE : FALSE;
  const result: Condition = kept.length === 1 ? kept[0] : { kind, operands: kept };
  return size(result) > MAX_CONDITION_SIZE ? FREE : result;
}

function size(condition: Condition): number {
  if (condition.kind === 'not') return 1 + size(condition.operand);
  if (condition.kind === 'and' || condition.kind === 'or') return condition.operands.reduce((sum, item) => sum + size(item), 1);
  return 1;
}

/** True when the call may run regardless of the parameters (no parameter condition left). */
export function isUnconditional(condition: Condition): boolean {
  const settled = settle(condition);
  return settled.kind === 'true' || settled.kind === 'free' || (settled.kind === 'likely' && settled.value);
}

/** The condition with its undecided soft tests taken as free. */
function settle(condition: Condition): Condition {
  switch (condition.kind) {
    case 'test':
      return condition.soft ? FREE : condition;
    case 'not':
      return not(settle(condition.operand));
    case 'and':
    case 'or':
      return combine(condition.kind, condition.operands.map(settle));
    default:
      return condition;
  }
}

/** A soft test no argument has decided yet: the path may still turn out to be the other mode's. */
export function hasSoftTest(condition: Condition): boolean {
  if (condition.kind === 'test') return condition.soft === true;
  if (condition.kind === 'not') return hasSoftTest(condition.operand);
  return (condition.kind === 'and' || condition.kind === 'or') && condition.operands.some(hasSoftTest);
}

/** `isinstance(source, str)`, `not (path is None)`, `a and b`: the condition as Python. */
export function renderCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'test':
    case 'undecided':
    case 'likely':
      return condition.text;
    case 'not':
      return negated(renderCondition(condition.operand));
    case 'and':
    case 'or':
      return [...new Set(condition.operands.map((item) => (item.kind === 'and' || item.kind === 'or' ? `(${renderCondition(item)})` : renderCondition(item))))].join(` ${condition.kind} `);
    default:
      return condition.kind;
  }
}

/**
 * The condition under which `node` runs when `definition` is called: enclosing `if`/`elif`/`else`
 * branches, `x if c else y`, `c and x`, earlier `if c: return/raise` guards in each block, and the
 * loops it is in (`for x in p:`, `[f(x) for x in p]` run only when `p` has items).
 * `parameters` are the helper's parameters that its body never rebinds or whose rebindings
 * `rebindsBefore` lists.
 */
export function guardOf(
  node: SyntaxNode,
  definition: SyntaxNode,
  parameters: ReadonlySet<string>,
  model: SemanticModel,
  rebindsBefore?: RebindingsBefore,
  modes?: ReadonlyMap<string, string>,
  isOption?: OptionTest,
): Condition {
  const body = field(definition, 'body');
  if (!body) return TRUE;
  const test = (expression: SyntaxNode | null) =>
    expression ? withRebinds(conditionOf(expression, parameters, model, 0, modes, isOption), expression.startIndex, rebindsBefore) : FREE;
  // `not (a or b)` as `not a and not b`: `a or <anything else>` is free as a whole, which would lose `not a`.
  const negated = (expression: SyntaxNode | null, depth = 0): Condition => {
    const node = expression ? unparenthesize(expression) : undefined;
    const left = node?.type === 'boolean_operator' && field(node, 'operator')?.type === 'or' ? field(node, 'left') : null;
    const right = left ? field(node!, 'right') : null;
    return left && right && depth < MAX_NESTING ? and(negated(left, depth + 1), negated(right, depth + 1)) : not(test(expression));
  };
  const cache = cachedWithoutArguments(definition, model) ?? lazyLoadedAttribute(node, definition, model);
  const parts: Condition[] = cache ? [{ kind: 'undecided', text: cache, firstCall: true }] : [];
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'if_statement': {
        const clauses = namedChildren(parent).filter((item) => item.type === 'elif_clause' || item.type === 'else_clause');
        const condition = field(parent, 'condition');
        if (field(parent, 'consequence')?.id === child.id) parts.push(test(condition));
        else if (child.type === 'elif_clause' || child.type === 'else_clause') {
          parts.push(negated(condition));
          for (const clause of clauses) {
            if (clause.id === child.id) break;
            parts.push(negated(field(clause, 'condition')));
          }
        }
        break;
      }
      case 'elif_clause':
        if (field(parent, 'consequence')?.id === child.id) parts.push(test(field(parent, 'condition')));
        break;
      case 'conditional_expression': {
        const [consequence, condition, alternative] = namedChildren(parent).filter((item) => item.type !== 'comment');
        if (consequence?.id === child.id) parts.push(test(condition));
        else if (alternative?.id === child.id) parts.push(negated(condition));
        break;
      }
      case 'for_statement':
        if (field(parent, 'body')?.id === child.id) parts.push(iterates(field(parent, 'right'), test, model));
        break;
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        // Only the first iterable is read in the helper's scope; later ones may name the comprehension's variables.
        if (field(parent, 'body')?.id === child.id) {
          const first = namedChildren(parent).find((item) => item.type === 'for_in_clause');
          if (first) parts.push(iterates(field(first, 'right'), test, model));
        }
        break;
      case 'boolean_operator': {
        const left = field(parent, 'left');
        if (field(parent, 'right')?.id === child.id && left) {
          const operator = field(parent, 'operator')?.type;
          parts.push(operator === 'or' ? negated(left) : test(left));
        }
        break;
      }
      case 'block':
        for (const guard of earlyExitGuards(parent, model)) {
          if (guard.startIndex >= child.startIndex) break;
          const cached = parent.id === body.id && guard.parent ? memoGuard(guard.parent, definition, model) : undefined;
          parts.push(cached ? { kind: 'undecided', text: cached, firstCall: true } : negated(guard));
        }
        break;
    }
    if (parent.id === body.id) break;
  }
  return and(...parts);
}

/** Calls that yield no more items than their first input (`zip` stops at the shortest). */
const FIRST_INPUT_BOUNDS = new Set(['builtins.zip', 'builtins.enumerate', 'builtins.sorted', 'builtins.reversed', 'builtins.list', 'builtins.tuple', 'builtins.set', 'builtins.iter']);

/** A mapping's views: as many items as the mapping. */
const MAPPING_VIEWS = new Set(['keys', 'values', 'items']);

/** When a loop over `iterable` runs its body: a parameter (or the first input of `zip(p, …)`, or `p.values()`) has items. */
function iterates(iterable: SyntaxNode | null, test: (expression: SyntaxNode) => Condition, model: SemanticModel): Condition {
  let node = iterable ? unparenthesize(iterable) : undefined;
  for (let depth = 0; node?.type === 'call' && depth < MAX_NESTING; depth++) {
    const callee = field(node, 'function');
    const view = callee?.type === 'attribute' && MAPPING_VIEWS.has(field(callee, 'attribute')?.text ?? '') && callArguments(node).positional.length === 0 ? field(callee, 'object') : null;
    if (view) {
      node = unparenthesize(view);
      continue;
    }
    const first = callArguments(node).positional[0];
    if (!callee || !first || !FIRST_INPUT_BOUNDS.has(model.qualifiedName(callee) ?? '')) return FREE;
    node = unparenthesize(first);
  }
  if (node?.type !== 'identifier') return FREE;
  const condition = test(node);
  return condition.kind === 'test' ? { ...condition, test: { kind: 'hasItems' } } : FREE;
}

/** The condition with each test on a rebound parameter given the rebindings before `position`. */
function withRebinds(condition: Condition, position: number, rebindsBefore: RebindingsBefore | undefined): Condition {
  if (!rebindsBefore) return condition;
  switch (condition.kind) {
    case 'test': {
      if (rebindsBefore(condition.parameter, Infinity).length === 0) return condition;
      const rebinds = rebindsBefore(condition.parameter, position);
      return { ...condition, rebound: true, rebinds: rebinds.length > 0 ? rebinds : undefined };
    }
    case 'not':
      return not(withRebinds(condition.operand, position, rebindsBefore));
    case 'and':
    case 'or':
      return combine(condition.kind, condition.operands.map((item) => withRebinds(item, position, rebindsBefore)));
    default:
      return condition;
  }
}

const exitGuards = new WeakMap<SemanticModel, Map<number, SyntaxNode[]>>();

/** The conditions of a block's early-exit `if`s, in order (found once per block). */
function earlyExitGuards(block: SyntaxNode, model: SemanticModel): SyntaxNode[] {
  let byBlock = exitGuards.get(model);
  if (!byBlock) exitGuards.set(model, (byBlock = new Map()));
  let guards = byBlock.get(block.id);
  if (!guards) {
    guards = statements(block).flatMap((statement) => {
      if (statement.type === 'with_statement') return withExitGuards(statement, 0);
      const guard = earlyExitGuard(statement);
      return guard ? [guard] : [];
    });
    byBlock.set(block.id, guards);
  }
  return guards;
}

const ANY_NAME = { has: () => true } as unknown as ReadonlySet<string>;
const FRAME_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);

/**
 * The guards around `node` in its function, innermost first, with whether each held there: the condition of
 * each `if`/`elif` whose branch holds the node (`held`), of each early exit before it in an enclosing block
 * (not held), and of the `if` and each `elif` before an `else` that holds it (not held, `viaElse`).
 */
function forEachGuard(node: SyntaxNode, model: SemanticModel, visit: (condition: SyntaxNode, held: boolean, viaElse: boolean) => void): void {
  let child = node;
  for (let parent = node.parent; parent && !FRAME_TYPES.has(parent.type); child = parent, parent = parent.parent) {
    const condition = field(parent, 'condition');
    if ((parent.type === 'if_statement' || parent.type === 'elif_clause') && condition && field(parent, 'consequence')?.id === child.id) {
      visit(condition, true, false);
    } else if (parent.type === 'else_clause' && parent.parent?.type === 'if_statement' && field(parent, 'body')?.id === child.id) {
      for (const branch of [parent.parent, ...namedChildren(parent.parent).filter((item) => item.type === 'elif_clause')]) {
        const tested = field(branch, 'condition');
        if (tested) visit(tested, false, true);
      }
    } else if (parent.type === 'block') {
      for (const guard of earlyExitGuards(parent, model)) {
        if (guard.startIndex >= child.startIndex) break;
        visit(guard, false, false);
      }
    }
  }
}

/**
 * Tests known to hold for plain names where `node` runs, from the enclosing `if`s and earlier
 * early-exit guards of its function: inside `if uri.startswith("data:"):`, a helper's own
 * `uri.startswith("data:")` guard is decided even though `uri` is not a parameter.
 */
export function factsAt(node: SyntaxNode, model: SemanticModel): Map<string, ParameterTest[]> {
  const facts = new Map<string, ParameterTest[]>();
  forEachGuard(node, model, (condition, held, viaElse) => {
    if (viaElse) return;
    const known = held ? conditionOf(condition, ANY_NAME, model) : not(conditionOf(condition, ANY_NAME, model));
    for (const atom of known.kind === 'and' ? known.operands : [known]) {
      if (atom.kind === 'test') facts.set(atom.parameter, [...(facts.get(atom.parameter) ?? []), atom.test]);
    }
  });
  return facts;
}

/**
 * The names (`x`, `self.x`) the guards around `node` show to be falsy there: each operand of an `or` tested by
 * an `if`/`elif` whose `else` holds the node (`if verify or proxies: … else: f(proxies)`), and of an early exit
 * before it (`if proxies: return`). Keyed as `factsAt`; the test ruled out is truthiness.
 */
export function refutedAt(node: SyntaxNode, model: SemanticModel): Map<string, ParameterTest[]> {
  const refuted = new Map<string, ParameterTest[]>();
  forEachGuard(node, model, (condition, held) => {
    if (held) return;
    // A name assigned again between the test and the node (`if cache: return cache`, `cache = load()`) holds a new value.
    const assigned = new Set(['assignment', 'augmented_assignment'].flatMap((type) => model.nodesWithin(type, condition.endIndex, node.startIndex)).flatMap((assignment) => assignedKeys(assignment)));
    for (const name of falsyWhenFalse(condition, 0)) if (!assigned.has(name)) refuted.set(name, [{ kind: 'truthy' }]);
  });
  return refuted;
}

/** The names an assignment binds, keyed as `factKey` (`x`, `self.x`), also each name of an unpacking. */
function assignedKeys(assignment: SyntaxNode): string[] {
  const left = field(assignment, 'left');
  const key = left ? factKey(left) : undefined;
  if (key) return [key];
  const names: string[] = [];
  forEachTargetName(left, (identifier) => names.push(identifier.text));
  return names;
}

/** How `refutedAt` names a value: `x`, `self.x` as `selfAttribute` spells it (soft tests read it so), `a.b`. */
export function factKey(node: SyntaxNode): string | undefined {
  return node.type === 'attribute' ? (selfAttribute(node) ?? dottedText(node)) : node.type === 'identifier' ? node.text : undefined;
}

/** The names a condition tests for truth through `or` only: all are falsy when it is false. */
function falsyWhenFalse(condition: SyntaxNode, depth: number): string[] {
  const node = unparenthesize(condition);
  if (node.type === 'identifier') return [node.text];
  if (node.type === 'attribute') return [factKey(node) ?? ''].filter(Boolean);
  if (node.type !== 'boolean_operator' || field(node, 'operator')?.type !== 'or' || depth > MAX_NESTING) return [];
  return [field(node, 'left'), field(node, 'right')].flatMap((side) => (side ? falsyWhenFalse(side, depth + 1) : []));
}

/**
 * The early-exit guards of a `with` block's body (and of `with` blocks nested directly in it) that leave
 * by `return`, `break` or `continue`: the code after the `with` runs only when none fired. Not a `raise`,
 * which the context manager may suppress (`with suppress(...)`), going on after the block.
 */
function withExitGuards(statement: SyntaxNode, depth: number): SyntaxNode[] {
  if (depth > MAX_NESTING) return [];
  return statements(field(statement, 'body')).flatMap((inner) => {
    if (inner.type === 'with_statement') return withExitGuards(inner, depth + 1);
    const guard = earlyExitGuard(inner);
    return guard && statements(field(inner, 'consequence')).at(-1)?.type !== 'raise_statement' ? [guard] : [];
  });
}

/** `if cond: … return/raise` with no `elif`/`else`: what follows runs only when `cond` is false. */
export function earlyExitGuard(statement: SyntaxNode): SyntaxNode | undefined {
  if (statement.type !== 'if_statement') return undefined;
  if (namedChildren(statement).some((item) => item.type === 'elif_clause' || item.type === 'else_clause')) return undefined;
  const last = statements(field(statement, 'consequence')).at(-1);
  if (!last || !['return_statement', 'raise_statement', 'continue_statement', 'break_statement'].includes(last.type)) return undefined;
  return field(statement, 'condition') ?? undefined;
}

/**
 * A guard expression as a condition on the parameters. `self.x` (or `self._x`) and the names in
 * `modes` (parameters that default to such an attribute) are soft tests on the pseudo-parameter `self.x`;
 * an attribute `isOption` recognises (`arguments.debug`) is undecided: no call site can tell it.
 */
export function conditionOf(
  expression: SyntaxNode,
  parameters: ReadonlySet<string>,
  model: SemanticModel,
  depth = 0,
  modes?: ReadonlyMap<string, string>,
  isOption?: OptionTest,
): Condition {
  if (depth > MAX_NESTING) return FREE;
  const node = unparenthesize(expression);
  // Only tests keep their text: a chain of `and`s would otherwise copy itself at every level.
  const text = node.type === 'not_operator' || node.type === 'boolean_operator' ? '' : node.text.replace(/\s+/g, ' ');
  const parameter = (candidate: SyntaxNode | null | undefined) => {
    const target = candidate ? unparenthesize(candidate) : undefined;
    return target?.type === 'identifier' && parameters.has(target.text) ? target.text : undefined;
  };
  const atom = (name: string | undefined, test: ParameterTest | undefined): Condition | undefined =>
    name && test ? { kind: 'test', parameter: name, test, text } : undefined;
  let result: Condition | undefined;
  switch (node.type) {
    case 'identifier':
      result = atom(parameter(node), { kind: 'truthy' }) ?? softTest(modes?.get(node.text), text, node.text) ?? optionCondition(isOption?.(node), text);
      break;
    case 'attribute':
      result = softTest(selfAttribute(node), text) ?? optionCondition(isOption?.(node), text);
      break;
    case 'not_operator': {
      const operand = field(node, 'argument');
      if (operand) return not(conditionOf(operand, parameters, model, depth + 1, modes, isOption));
      break;
    }
    case 'boolean_operator': {
      const left = field(node, 'left');
      const right = field(node, 'right');
      if (!left || !right) break;
      const operands = [conditionOf(left, parameters, model, depth + 1, modes, isOption), conditionOf(right, parameters, model, depth + 1, modes, isOption)];
      return field(node, 'operator')?.type === 'or' ? or(...operands) : and(...operands);
    }
    case 'call':
      result = callTest(node, parameter, model, text) ?? optionCondition(isOption?.(node), text) ?? settingPredicate(node, model, text, depth);
      break;
    case 'comparison_operator':
      result = comparisonTest(node, parameter, text) ?? optionNoneTest(node, isOption) ?? forkTest(node, model, text) ?? modeTest(node, model);
      break;
  }
  // Anything else (`os.path.isfile(path)`, `self.debug`) depends on more than the argument: it
  // may hold either way, and the call counts as reachable.
  return result ?? FREE;
}

/**
 * `_is_project_trusted(root)`: a sync workspace function whose body is one `return` of a setting test
 * (`os.environ.get("TRUST", "0") == "1"`, on nothing the caller passes) is that setting, shown as the call.
 */
function settingPredicate(call: SyntaxNode, model: SemanticModel, text: string, depth: number): Condition | undefined {
  const callee = field(call, 'function');
  const definition = callee ? resolveDefinition(model, unparenthesize(callee))?.definition : undefined;
  if (definition?.node.type !== 'function_definition' || isAsyncFunction(definition.node)) return undefined;
  const returned = soleReturnValue(definition.node);
  if (!returned) return undefined;
  const setting = conditionOf(returned, new Set(), definition.model, depth + 1);
  if (!onlySettings(setting)) return undefined;
  return setting.kind === 'likely' ? { ...setting, text } : { kind: 'undecided', text };
}

/** Made only of settings the code does not tell (no free part, no parameter test). */
function onlySettings(condition: Condition): boolean {
  switch (condition.kind) {
    case 'undecided':
    case 'likely':
      return true;
    case 'not':
      return onlySettings(condition.operand);
    case 'and':
    case 'or':
      return condition.operands.every(onlySettings);
    default:
      return false;
  }
}

/**
 * `self.pid != os.getpid()`: true only in a child process forked after the pid was recorded (the
 * fork-safety check of connection pools). Undecided, shown as written; `==` is its negation.
 */
function forkTest(node: SyntaxNode, model: SemanticModel, text: string): Condition | undefined {
  const operands = namedChildren(node).filter((item) => item.type !== 'comment');
  const operator = comparisonOperator(node);
  if (operands.length !== 2 || (operator !== '!=' && operator !== '==')) return undefined;
  const isGetpid = (operand: SyntaxNode) => {
    const call = unparenthesize(operand);
    const callee = call.type === 'call' ? field(call, 'function') : null;
    return !!callee && model.qualifiedName(callee) === 'os.getpid' && callArguments(call).positional.length === 0;
  };
  if (operands.filter(isGetpid).length !== 1) return undefined;
  const forked: Condition = { kind: 'undecided', text: operator === '!=' ? text : text.replace('==', '!=') };
  return operator === '!=' ? forked : not(forked);
}

/** The platform tests a helper makes: left free, as before (the platform is the user's own). */
const PLATFORM_NAMES = new Set(['sys.platform', 'os.name', 'platform.system', 'sys.implementation.name']);

/**
 * `self.fmt.get("format_name") == "pandoc"`, `config["backend"] in ("redis", "memcached")`: a
 * setting looked up by a literal key and compared with string literals picks one mode of several
 * (a format, a backend, a command), which the code does not tell: undecided, shown as written
 * (`!=`/`not in` as the negation of `==`/`in`). A state (`self.state == "running"`) or a platform
 * test stays free.
 */
function modeTest(node: SyntaxNode, model: SemanticModel): Condition | undefined {
  const operands = namedChildren(node).filter((item) => item.type !== 'comment');
  const operator = comparisonOperator(node);
  if (operands.length !== 2 || !['==', '!=', 'in', 'not in'].includes(operator)) return undefined;
  let [subject, values] = operands.map((item) => unparenthesize(item));
  if (operator === '==' || operator === '!=') {
    if (typeof literalValue(subject) === 'string') [subject, values] = [values, subject];
    if (typeof literalValue(values) !== 'string') return undefined;
  } else if (!literalList(values)?.every((value) => typeof value === 'string')) return undefined;
  if (!isLiteralKeyLookup(subject) || isPlatformName(subject, model)) return undefined;
  const positive = { '!=': '==', 'not in': 'in' }[operator] ?? operator;
  const mode: Condition = { kind: 'undecided', text: `${subject.text} ${positive} ${values.text}`.replace(/\s+/g, ' ') };
  return positive === operator ? mode : not(mode);
}

/** `fmt.get("format_name")`, `config["backend"]`: a setting looked up by name (not a state such as `self.state`). */
function isLiteralKeyLookup(node: SyntaxNode): boolean {
  if (node.type === 'subscript') return typeof literalValue(field(node, 'subscript') ?? node) === 'string';
  return literalKeyGetArguments(node) !== undefined;
}

function isPlatformName(node: SyntaxNode, model: SemanticModel): boolean {
  const named = node.type === 'call' ? field(node, 'function') : node;
  return !!named && PLATFORM_NAMES.has(model.qualifiedName(named) ?? '');
}

/** `SWITCH is not None` / `SWITCH is None` on an option or switch: undecided, shown as `SWITCH` / `not SWITCH`. */
function optionNoneTest(node: SyntaxNode, isOption: OptionTest | undefined): Condition | undefined {
  const [left, right] = namedChildren(node).filter((item) => item.type !== 'comment');
  const operator = comparisonOperator(node);
  if (!left || right?.type !== 'none' || (operator !== 'is' && operator !== 'is not')) return undefined;
  const set = optionCondition(isOption?.(left), left.text.replace(/\s+/g, ' '));
  if (!set) return undefined;
  return operator === 'is not' ? set : not(set);
}

/** The cache a path waits for, when it runs on a first call only (`firstCall` in every branch). */
export function firstCallCache(condition: Condition): string | undefined {
  if (condition.kind === 'undecided') return condition.firstCall ? condition.text : undefined;
  if (condition.kind === 'and') return condition.operands.map(firstCallCache).find((found) => found !== undefined);
  if (condition.kind !== 'or') return undefined;
  const caches = condition.operands.map(firstCallCache);
  return caches.every((found) => found !== undefined) ? caches[0] : undefined;
}

/** `self.x` or `self._x` as the pseudo-parameter `self.x`. */
export function selfAttribute(node: SyntaxNode): string | undefined {
  const object = field(node, 'object');
  const attribute = field(node, 'attribute')?.text;
  return object?.type === 'identifier' && object.text === 'self' && attribute ? `self.${attribute.replace(/^_+/, '')}` : undefined;
}

function softTest(parameter: string | undefined, text: string, via?: string): Condition | undefined {
  return parameter ? { kind: 'test', parameter, test: { kind: 'truthy' }, text, soft: true, via } : undefined;
}

function callTest(call: SyntaxNode, parameter: (node: SyntaxNode | undefined) => string | undefined, model: SemanticModel, text: string): Condition | undefined {
  const callee = field(call, 'function');
  const args = namedChildren(field(call, 'arguments') ?? call).filter((item) => item.type !== 'comment');
  if (!callee) return undefined;
  if (callee.type === 'identifier' && callee.text === 'isinstance' && args.length === 2) {
    const name = parameter(args[0]);
    const types = typeNames(args[1], model);
    return name && types ? { kind: 'test', parameter: name, test: { kind: 'isinstance', types }, text } : undefined;
  }
  if (callee.type === 'identifier' && callee.text === 'hasattr' && args.length === 2) {
    const name = parameter(args[0]);
    const attribute = literalValue(args[1]);
    return name && typeof attribute === 'string' ? { kind: 'test', parameter: name, test: { kind: 'hasattr', attribute }, text } : undefined;
  }
  if (callee.type === 'attribute') {
    const method = field(callee, 'attribute')?.text;
    const name = parameter(field(callee, 'object') ?? undefined);
    if (!name || (method !== 'endswith' && method !== 'startswith') || args.length !== 1) return undefined;
    const values = literalList(args[0])?.filter((value): value is string => typeof value === 'string');
    return values && values.length > 0 ? { kind: 'test', parameter: name, test: { kind: method, values }, text } : undefined;
  }
  return undefined;
}

function comparisonTest(node: SyntaxNode, parameter: (node: SyntaxNode | undefined) => string | undefined, text: string): Condition | undefined {
  const operands = namedChildren(node).filter((item) => item.type !== 'comment');
  if (operands.length !== 2) return undefined;
  const operator = comparisonOperator(node);
  let [left, right] = operands;
  let name = parameter(left);
  let flipped = false;
  if (!name) {
    name = parameter(right);
    [left, right] = [right, left];
    flipped = true;
  }
  if (!name) return undefined;
  const positive = { 'is not': 'is', '!=': '==', 'not in': 'in' }[operator] ?? operator;
  const make = (test: ParameterTest, negated = false): Condition => {
    if (!negated) return { kind: 'test', parameter: name, test, text };
    const shown = `${unparenthesize(left).text} ${positive} ${unparenthesize(right).text.replace(/\s+/g, ' ')}`;
    return not({ kind: 'test', parameter: name, test, text: shown });
  };
  const literal = literalValue(right);
  switch (operator) {
    case 'is':
    case 'is not':
      if (unparenthesize(right).type === 'none') return make({ kind: 'isNone' }, operator === 'is not');
      if (typeof literal === 'boolean') return make({ kind: 'equals', values: [literal] }, operator === 'is not');
      return undefined;
    case '==':
    case '!=':
      return literal === undefined ? undefined : make({ kind: 'equals', values: [literal] }, operator === '!=');
    case 'in':
    case 'not in': {
      if (flipped) return undefined;
      const values = literalList(right);
      return values ? make({ kind: 'equals', values }, operator === 'not in') : undefined;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (typeof literal !== 'number') return undefined;
      const mirrored = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;
      return make({ kind: 'compare', operator: flipped ? mirrored[operator] : operator, value: literal });
    }
  }
  return undefined;
}

/** `str`, `(str, bytes)`, `str | os.PathLike`: the class names, last dotted part (`Path`, `PathLike`). */
function typeNames(node: SyntaxNode, model: SemanticModel, depth = 0): string[] | undefined {
  if (depth > MAX_NESTING) return undefined;
  const target = unparenthesize(node);
  if (target.type === 'tuple') {
    const parts = namedChildren(target).map((item) => typeNames(item, model, depth + 1));
    return parts.every((part) => part !== undefined) ? parts.flat() as string[] : undefined;
  }
  if (target.type === 'binary_operator' && field(target, 'operator')?.type === '|') {
    const left = field(target, 'left');
    const right = field(target, 'right');
    const parts = [left, right].map((item) => (item ? typeNames(item, model, depth + 1) : undefined));
    return parts.every((part) => part !== undefined) ? parts.flat() as string[] : undefined;
  }
  if (target.type === 'none') return ['NoneType'];
  if (target.type === 'identifier' || target.type === 'attribute') {
    const name = model.qualifiedName(target) ?? target.text;
    return [name.slice(name.lastIndexOf('.') + 1)];
  }
  return undefined;
}

/** `(".json", ".yaml")`, `["a", "b"]`, `{1, 2}` or a single literal. */
function literalList(node: SyntaxNode): Literal[] | undefined {
  const target = unparenthesize(node);
  if (target.type === 'tuple' || target.type === 'list' || target.type === 'set') {
    const values = namedChildren(target).map((item) => literalValue(item));
    return values.every((value) => value !== undefined) ? (values as Literal[]) : undefined;
  }
  const single = literalValue(target);
  return single === undefined ? undefined : [single];
}

/**
 * The condition seen from a call site: each test on a parameter is decided by the argument passed
 * (true/false), carried over to the caller's own parameter, or left undecided.
 */
export function bindCondition(condition: Condition, argumentOf: (parameter: string) => ArgumentValue, unknownSoft: Condition = FREE): Condition {
  switch (condition.kind) {
    case 'test': {
      const argument = argumentOf(condition.parameter);
      if (condition.soft) {
        // A value other than None passed for the parameter that stands for the attribute decides the test itself.
        const passed = condition.via ? argumentOf(condition.via) : undefined;
        if (passed?.kind === 'value' && !(passed.value.kind === 'literal' && passed.value.value === null)) {
          const answer = decide(condition.test, passed.value);
          return answer === undefined ? FREE : answer ? TRUE : FALSE;
        }
        if (argument.kind === 'parameter') return { ...condition, parameter: argument.name, via: undefined };
        if (argument.kind === 'unknown' && argument.refuted && decideArgument(condition.test, argument) === false) return FALSE;
        const decided = argument.kind === 'value' ? decide(condition.test, argument.value) : undefined;
        if (decided === undefined) return unknownSoft.kind === 'undecided' ? { kind: 'undecided', text: condition.text } : unknownSoft;
        return { kind: 'likely', value: decided, text: condition.text };
      }
      // An argument passed to loop over is taken to have items: for the helper's own `if not p: p = …` too.
      const assumed: ArgumentValue | undefined =
        condition.test.kind === 'hasItems' && argument.kind === 'unknown' && !argument.configured && !argument.free ? { ...argument, known: [...(argument.known ?? []), { kind: 'truthy' }] } : undefined;
      const guardArguments = assumed ? (name: string) => (name === condition.parameter ? assumed : argumentOf(name)) : argumentOf;
      const rebinds = (condition.rebinds ?? [])
        .map((rebinding) => ({ guard: boundGuard(rebinding, guardArguments), value: rebinding.value }))
        .filter((rebinding) => rebinding.guard.kind !== 'false');
      if (argument.kind === 'parameter') {
        const carried = [...(argument.rebinds ?? []), ...rebinds];
        const subject = condition.subject ?? condition.parameter;
        return { ...condition, parameter: argument.name, rebinds: carried.length > 0 ? carried : undefined, rebound: condition.rebound || carried.length > 0, subject };
      }
      // The values the test may read: the argument, or what a rebinding that may run assigned.
      // Which one depends on object state when a rebinding's own guard does (`free`).
      let values: ArgumentValue[] = [argument];
      let free = false;
      for (const rebinding of rebinds) {
        values = rebinding.guard.kind === 'true' ? [rebinding.value] : [...values, rebinding.value];
        free = rebinding.guard.kind === 'true' ? false : free || rebinding.guard.kind === 'free';
      }
      const answers = values.map((value) => decideArgument(condition.test, value));
      if (answers.includes('free')) return FREE;
      if (answers.every((answer) => answer === true)) return TRUE;
      if (answers.every((answer) => answer === false)) return FALSE;
      // A parameter assigned again was not decided at all before it was followed: only a value read
      // from configuration leaves its test undecided; otherwise it still may run, as it did.
      const configured = values.some((value) => value.kind === 'unknown' && value.configured);
      if (free || (condition.rebound && !configured)) return FREE;
      // Shown at the call site: the test on what it passes (`isinstance(user_path, str)`), unless the helper assigns the parameter again.
      const passed = values.length === 1 && !condition.rebound ? argument.passed : undefined;
      return { kind: 'undecided', text: passed ? withSubject(condition.text, condition.subject ?? condition.parameter, passed) : condition.text };
    }
    case 'not':
      return not(bindCondition(condition.operand, argumentOf, unknownSoft));
    case 'and':
      return and(...condition.operands.map((item) => bindCondition(item, argumentOf, unknownSoft)));
    case 'or':
      return or(...condition.operands.map((item) => bindCondition(item, argumentOf, unknownSoft)));
    default:
      return condition;
  }
}

/** Longest argument text shown in a condition; a longer one is cut (`load_config(…)`). */
const MAX_PASSED_LENGTH = 40;
/** Expressions that need no parentheses wherever a name stands. */
const ATOMS = new Set(['identifier', 'attribute', 'call', 'subscript', 'string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none', 'ellipsis', 'list', 'tuple', 'set', 'dictionary', 'parenthesized_expression', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * A call site's argument as a condition shows it: one line, a long one cut (`self.load_settings(…)`);
 * `atom` when it needs no parentheses wherever a name stands.
 */
export function passedText(expression: SyntaxNode): PassedText {
  const text = expression.text.replace(/\s+/g, ' ');
  const atom = ATOMS.has(expression.type);
  if (text.length <= MAX_PASSED_LENGTH) return { text, atom };
  // A dotted name is kept whole up to half as long again: cut, it would no longer name anything.
  const dotted = /^[\p{L}\p{N}_.]+$/u;
  if (expression.type === 'attribute' && text.length <= MAX_PASSED_LENGTH * 1.5 && dotted.test(text)) return { text, atom };
  if (expression.type === 'call' || expression.type === 'subscript') {
    const head = field(expression, expression.type === 'call' ? 'function' : 'value');
    const [open, close] = expression.type === 'call' ? ['(', ')'] : ['[', ']'];
    if (head && head.text.length <= MAX_PASSED_LENGTH * 1.5 && dotted.test(head.text)) return { text: `${head.text}${open}…${close}`, atom: true };
  }
  return { text: `${text.slice(0, MAX_PASSED_LENGTH - 1).trimEnd()}…`, atom };
}

/**
 * `text` with each use of the name `subject` replaced by `passed`: an identifier that is no attribute
 * (`x.subject`), no keyword (`f(subject=1)`) and not in a string literal. A non-atom is put in
 * parentheses unless it stands alone: the whole text, an argument or an element (`isinstance(a + b, str)`).
 */
export function withSubject(text: string, subject: string, passed: PassedText): string {
  let result = '';
  let index = 0;
  const identifier = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
  while (index < text.length) {
    const char = text[index];
    if (char === '"' || char === "'") {
      const quote = text.startsWith(char.repeat(3), index) ? char.repeat(3) : char;
      let end = index + quote.length;
      while (end < text.length && !text.startsWith(quote, end)) end += text[end] === '\\' ? 2 : 1;
      end = Math.min(text.length, end + quote.length);
      result += text.slice(index, end);
      index = end;
      continue;
    }
    identifier.lastIndex = index;
    const match = identifier.exec(text);
    if (!match) {
      result += char;
      index++;
      continue;
    }
    const name = match[0];
    const after = text.slice(index + name.length);
    const isAttribute = /\.\s*$/.test(result);
    const isKeyword = /^\s*=(?!=)/.test(after);
    // A string prefix (`f"…"`, `rb'…'`) is no name.
    const isPrefix = /^["']/.test(after) && /^[rbfut]{1,2}$/i.test(name);
    if (name === subject && !isAttribute && !isKeyword && !isPrefix) {
      const alone = /(^|[(,[{]|(^|[^=!<>])=)\s*$/.test(result) && /^\s*([,)\]}]|$)/.test(after);
      result += passed.atom || alone ? passed.text : `(${passed.text})`;
    } else {
      result += name;
    }
    index += name.length;
  }
  return result;
}

const boundGuards = new WeakMap<(parameter: string) => ArgumentValue, WeakMap<Rebinding, Condition>>();

/** A rebinding's guard seen from a call site, once per call site: guards nest the rebindings before them. */
function boundGuard(rebinding: Rebinding, argumentOf: (parameter: string) => ArgumentValue): Condition {
  let byRebinding = boundGuards.get(argumentOf);
  if (!byRebinding) boundGuards.set(argumentOf, (byRebinding = new WeakMap()));
  let guard = byRebinding.get(rebinding);
  if (!guard) byRebinding.set(rebinding, (guard = bindCondition(rebinding.guard, argumentOf)));
  return guard;
}

function decideArgument(test: ParameterTest, argument: ArgumentValue): boolean | 'free' | undefined {
  if (argument.kind === 'value') return decide(test, argument.value);
  if (argument.kind === 'parameter') return undefined;
  if (argument.free) return 'free';
  if (argument.known?.some((known) => JSON.stringify(known) === JSON.stringify(test))) return true;
  // Falsy: an empty collection has no items to loop over.
  if (argument.refuted?.some((refuted) => JSON.stringify(refuted) === JSON.stringify(test) || (test.kind === 'hasItems' && refuted.kind === 'truthy'))) return false;
  // A caller that passes something to loop over means it to have items; configuration may be empty.
  return test.kind === 'hasItems' && !argument.configured ? true : undefined;
}

/** What a test gives for a known value; undefined when the value does not tell. */
function decide(test: ParameterTest, value: Value): boolean | undefined {
  const literal = value.kind === 'literal' ? value.value : undefined;
  switch (test.kind) {
    case 'isNone':
      return value.kind === 'literal' ? literal === null : false;
    case 'truthy':
      if (value.kind === 'literal') return literal === null ? false : typeof literal === 'string' ? literal.length > 0 : Boolean(literal);
      return value.truthy;
    case 'isinstance': {
      const answers = test.types.map((type) => isInstanceOf(value, type));
      if (answers.includes(true)) return true;
      return answers.every((answer) => answer === false) ? false : undefined;
    }
    case 'equals':
      if (value.kind === 'literal') return test.values.includes(literal as Literal);
      if (value.workspace?.customEquality) return undefined;
      // A str equals no `None` or number, and a non-empty one not `""`; another string may be it.
      return value.type === 'str' && test.values.some((candidate) => typeof candidate === 'string' && (candidate !== '' || value.truthy !== true)) ? undefined : false;
    case 'compare':
      if (typeof literal !== 'number') return undefined;
      return { '<': literal < test.value, '<=': literal <= test.value, '>': literal > test.value, '>=': literal >= test.value }[test.operator];
    case 'hasattr':
      return hasFileMethod(value, test.attribute);
    case 'hasItems':
      if (value.kind === 'literal') return typeof literal === 'string' && literal.length > 0;
      return value.truthy ?? true;
    case 'endswith':
    case 'startswith':
      if (typeof literal !== 'string') return undefined;
      return test.values.some((suffix) => (test.kind === 'endswith' ? literal.endsWith(suffix) : literal.startsWith(suffix)));
  }
}

const FILE_METHODS = new Set(['read', 'write', 'readline', 'readlines', 'seek', 'tell', 'flush', 'close', 'fileno']);
const FILE_OBJECTS = new Set(['BytesIO', 'StringIO']);

/** `hasattr(x, "read")`, the usual file-object check: known for literals, containers, paths and in-memory files. */
function hasFileMethod(value: Value, attribute: string): boolean | undefined {
  if (!FILE_METHODS.has(attribute)) return undefined;
  if (value.kind === 'literal') return false;
  if (FILE_OBJECTS.has(value.type)) return true;
  return value.exact && !value.workspace && !value.type.includes('.') ? false : undefined;
}
