import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { callArguments, calleeLabel, comparisonOperator, field, isCondition, namedChildren, outermostParenthesized, unparenthesize } from '../syntax';
import type { SemanticModel } from '../semantic/model';
import type { RuleContext } from './rule';

const QUERYSET = 'django.db.models.QuerySet';

/** Builtins that read every row of an iterable they are given (or, for `len` and `bool`, count it). */
const EVALUATING_BUILTINS = new Set(['list', 'tuple', 'set', 'frozenset', 'sorted', 'dict', 'len', 'bool', 'any', 'all', 'sum', 'min', 'max'].map((name) => `builtins.${name}`));

/** `len(...)`: a call that may be one of EVALUATING_BUILTINS (checked before any type is inferred). */
function callsBuiltinByName(call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  return callee?.type === 'identifier' && EVALUATING_BUILTINS.has(`builtins.${callee.text}`);
}

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
  const candidates = [
    ...[...model.nodes('for_statement'), ...model.nodes('for_in_clause')].map((loop) => field(loop, 'right')),
    ...model.nodes('call').filter(callsBuiltinByName).map((call) => callArguments(call).positional[0]),
    ...model.nodes('subscript').map((subscript) => field(subscript, 'value')),
    ...model.nodes('comparison_operator').map((comparison) => namedChildren(comparison)[1]),
    ...[...model.nodes('if_statement'), ...model.nodes('elif_clause'), ...model.nodes('while_statement')].map((test) => field(test, 'condition')),
    ...model.nodes('conditional_expression').map((choice) => namedChildren(choice)[1]),
    ...model.nodes('not_operator').map((negation) => field(negation, 'argument')),
    ...model.nodes('boolean_operator').flatMap((test) => [field(test, 'left'), field(test, 'right')]),
  ];
  const seen = new Set<number>();
  for (const candidate of candidates) {
    if (!candidate || seen.has(candidate.id) || model.typeOf(unparenthesize(candidate)) !== QUERYSET) continue;
    seen.add(candidate.id);
    const evaluation = querysetEvaluation(candidate, model);
    if (!evaluation || !model.isOnEventLoop(candidate)) continue;
    context.report({ code: 'AIO201', node: candidate, message: t(evaluation.message, querysetLabel(candidate), evaluation.by ? evaluationLabel(evaluation.by) : '') });
  }
}

/** A call that gives a queryset and runs its query where it stands (`for x in Item.objects.all()`), in a helper's chain. */
export function evaluatedQuerysetCall(call: SyntaxNode, model: SemanticModel): boolean {
  return !!querysetEvaluation(call, model) && model.typeOf(call) === QUERYSET;
}

/** `Item.objects.filter(…)`, `qs`: the queryset as the message names it. */
function querysetLabel(node: SyntaxNode): string {
  const expression = unparenthesize(node);
  if (expression.type === 'call') return `${calleeLabel(expression)}(${callArguments(expression).positional.length + callArguments(expression).keywords.size > 0 ? '…' : ''})`;
  const text = expression.text.replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `len(…)`, `…[0]`, `… in …`: the code that evaluates the queryset, its arguments elided. */
function evaluationLabel(node: SyntaxNode): string {
  if (node.type === 'call') return `${calleeLabel(field(node, 'function') ?? node)}(…)`;
  if (node.type === 'subscript') return `…[${namedChildren(node).slice(1).map((index) => index.text).join(', ')}]`;
  return `… ${comparisonOperator(node)} …`;
}

export const DJANGO_QUERYSET_STRINGS = [LOOP_MESSAGE, EVALUATION_MESSAGE, CONDITION_MESSAGE];
