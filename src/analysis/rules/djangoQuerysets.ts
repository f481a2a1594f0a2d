import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { callArguments, calleeLabel, codeLabel, comparisonOperator, field, isCondition, namedChildren, outermostParenthesized, unparenthesize } from '../syntax';
import type { SemanticModel } from '../semantic/model';
import { callsNamed } from '../semantic/callIndex';
import { DJANGO_QUERYSET_METHODS } from '../semantic/typeTables';
import type { RuleContext } from './rule';

const QUERYSET = 'django.db.models.QuerySet';

/** Builtins that read every row of an iterable they are given (or, for `len` and `bool`, count it). */
const EVALUATING_BUILTINS = new Set(['list', 'tuple', 'set', 'frozenset', 'sorted', 'dict', 'len', 'bool', 'any', 'all', 'sum', 'min', 'max'].map((name) => `builtins.${name}`));

const LOOP_MESSAGE =
  'Iterating the Django queryset `{0}` with `for` runs its query on the event loop: Django raises SynchronousOnlyOperation here. Use `async for` over it (Django 4.1+), or `sync_to_async`.';
const EVALUATION_MESSAGE =
  '`{1}` evaluates the Django queryset `{0}`: its query runs on the event loop, and Django raises SynchronousOnlyOperation here. Use the async API (Django 4.1+: `async for`, `acount()`, `aexists()`, `aget()`, `afirst()`), or `sync_to_async`.';
const CONDITION_MESSAGE =
  'Testing the Django queryset `{0}` for truth runs its query on the event loop: Django raises SynchronousOnlyOperation here. Use `await {0}.aexists()` (Django 4.1+), or `sync_to_async`.';

export interface QuerysetEvaluation {
  message: string;
  /** The code that evaluates it, when not a loop or a truth test: `len(qs)`, `qs[0]`, `x in qs`. */
  by?: SyntaxNode;
}

/**
 * Whether the queryset `node` stands for runs its query where it stands: a plain `for` or comprehension
 * over it, a builtin that reads it (`list(qs)`, `len(qs)`), an index (`qs[0]`; a slice stays lazy),
 * `x in qs`, a truth test (`if qs:`, `not qs`, `qs or default`). Building and filtering run nothing.
 */
export function querysetEvaluation(node: SyntaxNode, model: SemanticModel): QuerysetEvaluation | undefined {
  const operand = outermostParenthesized(node);
  const parent = operand.parent;
  if (!parent) return undefined;
  const is = (other: SyntaxNode | null | undefined) => other?.id === operand.id;
  switch (parent.type) {
    case 'for_statement':
    case 'for_in_clause':
      return is(field(parent, 'right')) && !parent.children.some((child) => child?.type === 'async') ? { message: LOOP_MESSAGE } : undefined;
    case 'argument_list': {
      const call = parent.parent;
      const callee = call && field(call, 'function');
      return callee && is(callArguments(call).positional[0]) && EVALUATING_BUILTINS.has(model.qualifiedName(callee) ?? '') ? { message: EVALUATION_MESSAGE, by: call } : undefined;
    }
    case 'subscript': {
      const index = namedChildren(parent).slice(1);
      return is(field(parent, 'value')) && index.length === 1 && index[0].type !== 'slice' ? { message: EVALUATION_MESSAGE, by: parent } : undefined;
    }
    case 'comparison_operator':
      return is(namedChildren(parent)[1]) && ['in', 'not in'].includes(comparisonOperator(parent)) ? { message: EVALUATION_MESSAGE, by: parent } : undefined;
    default:
      // `qs or []` tests `qs` wherever it stands; `ready and qs` hands `qs` on untested unless the whole is a condition.
      if ((parent.type === 'boolean_operator' && is(field(parent, 'left'))) || parent.type === 'not_operator' || isCondition(operand)) return { message: CONDITION_MESSAGE };
      return undefined;
  }
}

/** Where a coroutine makes a Django queryset run its query (AIO201): see querysetEvaluation. */
export function checkQuerysetUses(context: RuleContext): void {
  if (!context.isEnabled('AIO201')) return;
  const { model } = context;
  // The querysets are looked for where they are made (a queryset method's call) and in the names bound to one.
  const { calls: made, ids: madeIds } = querysetMakers(model);
  const annotated = model.source.includes('QuerySet');
  const names = new Set<string>();
  for (const call of made) {
    const assignment = outermostParenthesized(call).parent;
    const target = assignment?.type === 'assignment' ? field(assignment, 'left') : null;
    if (target?.type === 'identifier') names.add(target.text);
  }
  const named = names.size > 0 || annotated ? model.nodes('identifier').filter((name) => (annotated || names.has(name.text)) && mayBeQueryset(name, model)) : [];
  // A loop over what any call gives (`for item in active_items()`, a helper annotated `-> QuerySet`), as before.
  const looped = [...model.nodes('for_statement'), ...model.nodes('for_in_clause')]
    .map((loop) => field(loop, 'right'))
    .filter((iterable): iterable is SyntaxNode => iterable?.type === 'call' && !madeIds.has(iterable.id));
  for (const candidate of [...made, ...named, ...looped]) {
    const evaluation = querysetEvaluation(candidate, model);
    if (!evaluation || model.typeOf(candidate) !== QUERYSET || !model.isOnEventLoop(candidate)) continue;
    context.report({ code: 'AIO201', node: candidate, message: t(evaluation.message, querysetLabel(candidate), evaluation.by ? evaluationLabel(evaluation.by) : '') });
  }
}

/** Methods whose call may give a queryset: a manager's or queryset's own, and a manager's `get_queryset`. */
const QUERYSET_MAKERS = new Set([...DJANGO_QUERYSET_METHODS, 'get_queryset']);

/**
 * What could be a queryset, told from the syntax before any type is inferred (most conditions and loops are not):
 * `X.objects.filter(...)`, or a name bound once from such a call or annotated with a `QuerySet`.
 */
function mayBeQueryset(node: SyntaxNode, model: SemanticModel, depth = 0): boolean {
  const expression = unparenthesize(node);
  if (expression.type === 'call') {
    const callee = field(expression, 'function');
    return callee?.type === 'attribute' && QUERYSET_MAKERS.has(field(callee, 'attribute')?.text ?? '');
  }
  if (expression.type !== 'identifier' || depth > 2) return false;
  const binding = model.lookup(expression.text, expression);
  if (binding?.annotation) return /QuerySet/.test(binding.annotation.text);
  return binding?.kind === 'assignment' && !!binding.value && mayBeQueryset(binding.value, model, depth + 1);
}

interface QuerysetMakers {
  calls: SyntaxNode[];
  ids: ReadonlySet<number>;
}

const makersByModel = new WeakMap<SemanticModel, QuerysetMakers>();

/** The file's calls of a queryset method on some object (`X.objects.filter(...)`), found once through the call index. */
function querysetMakers(model: SemanticModel): QuerysetMakers {
  let known = makersByModel.get(model);
  if (!known) {
    const calls = callsNamed(model, QUERYSET_MAKERS).filter((call) => mayBeQueryset(call, model));
    known = { calls, ids: new Set(calls.map((call) => call.id)) };
    makersByModel.set(model, known);
  }
  return known;
}

/** A call that gives a queryset and runs its query where it stands (`for x in Item.objects.all()`), in a helper's chain. */
export function evaluatedQuerysetCall(call: SyntaxNode, model: SemanticModel): boolean {
  return querysetMakers(model).ids.has(call.id) && !!querysetEvaluation(call, model) && model.typeOf(call) === QUERYSET;
}

/** `Item.objects.filter(…)`, `qs`: the queryset as the message names it. */
function querysetLabel(node: SyntaxNode): string {
  const expression = unparenthesize(node);
  if (expression.type === 'call') return `${calleeLabel(expression)}(${callArguments(expression).positional.length + callArguments(expression).keywords.size > 0 ? '…' : ''})`;
  return codeLabel(expression);
}

/** `len(…)`, `…[0]`, `… in …`: the code that evaluates the queryset, its arguments elided. */
function evaluationLabel(node: SyntaxNode): string {
  if (node.type === 'call') return `${calleeLabel(field(node, 'function') ?? node)}(…)`;
  if (node.type === 'subscript') return `…[${namedChildren(node).slice(1).map((index) => index.text).join(', ')}]`;
  return `… ${comparisonOperator(node)} …`;
}

export const DJANGO_QUERYSET_STRINGS = [LOOP_MESSAGE, EVALUATION_MESSAGE, CONDITION_MESSAGE];
