import type { SyntaxNode } from '../parser';
import { constantTruth, field, integerLiteral, isAsyncFor, MAX_NESTING, namedChildren, statements, stringLiteralLength, unparenthesize } from '../syntax';
import { catchesCancellation, holdsForCancellation } from './exceptionClasses';
import { keptAndRaisedLater, passesOn } from './handOffs';
import type { SemanticModel } from './model';
import { calledHelper, type HelperCall } from '../rules/helpers/calledHelper';
import { neverReturns } from '../rules/helpers/noReturn';
import { returnsCaughtToRaisingCallers } from '../rules/helpers/returnedException';
import { suspends } from '../rules/helpers/suspension';
import { walkOwnFrame } from './references';

export { catchesCancellation } from './exceptionClasses';

/** An `except` clause that catches a cancellation. */
export interface CriticalHandler {
  clause: SyntaxNode;
  /** Where to point: the `except` keyword of a bare except, else the exception expression (the element, in a tuple). */
  marker: SyntaxNode;
  /** `asyncio.CancelledError` itself, or a catch-all (bare except, `BaseException`). */
  kind: 'cancelled' | 'catch-all';
  /** The name bound with `as`, which `raise name` may re-raise. */
  caughtName?: string;
  isGroup: boolean;
}

/**
 * Trio code (trio imported, asyncio not): its cancellation is `trio.Cancelled`, which the asyncio
 * messages and fixes of the cancellation rules would get wrong.
 */
export function isTrioCode(model: SemanticModel): boolean {
  const modules = [...model.importedNames().values()].map((name) => name.split('.')[0]);
  return modules.includes('trio') && !modules.includes('asyncio');
}

function describeClause(model: SemanticModel, clause: SyntaxNode): CriticalHandler | undefined {
  const isGroup = clause.children.some((child) => child?.type === '*');
  const value = field(clause, 'value');
  if (!value) {
    const keyword = clause.children.find((child) => child?.type === 'except');
    return keyword ? { clause, marker: keyword, kind: 'catch-all', isGroup } : undefined;
  }
  const caught = value.type === 'as_pattern' ? namedChildren(value)[0] : value;
  const alias = value.type === 'as_pattern' ? field(value, 'alias') : null;
  const caughtName = alias ? namedChildren(alias)[0]?.text : undefined;
  if (!caught) return undefined;
  const types = unparenthesize(caught);
  const candidates = types.type === 'tuple' ? namedChildren(types).filter((child) => child.type !== 'comment') : [types];
  for (const candidate of candidates) {
    const kind = catchesCancellation(model, candidate);
    if (kind) return { clause, marker: candidate, kind, caughtName, isGroup };
  }
  return undefined;
}

/**
 * The handler of a `try` statement that must re-raise a cancellation: the first clause that catches
 * one (later clauses naming `CancelledError` or a catch-all never see it; that handler decides).
 * A task's own cancellation arrives at its await points, so a `try` whose body never suspends
 * has none: its handlers only see a CancelledError raised by that code (`future.result()`).
 */
export function cancellationHandlers(model: SemanticModel, tryStatement: SyntaxNode): CriticalHandler[] {
  const result: CriticalHandler[] = [];
  let handled = false;
  for (const clause of namedChildren(tryStatement)) {
    if (clause.type !== 'except_clause') continue;
    const handler = describeClause(model, clause);
    // Only the first clause that catches a cancellation ever sees one.
    if (!handler || handled) continue;
    handled = true;
    result.push(handler);
  }
  if (result.length === 0) return result;
  const body = field(tryStatement, 'body');
  return body && suspends(body) ? result : [];
}

/** What leaving a cancellation handler looks like on its paths. */
export interface HandlerPaths {
  /** True when some path reaches the end of the handler without re-raising (ASYNC103). */
  fallsThrough: boolean;
  /** `return`, `break`, `continue`, `yield`, or a raise of another exception, met before a re-raise (ASYNC104). */
  improperExits: SyntaxNode[];
  /**
   * When the paths that fall through each call a workspace helper that raises `CancelledError` on
   * some of its own paths: that helper (the cancellation may still be passed on).
   */
  unlessRaisedBy?: string;
  /** Some path re-raises the cancellation or raises another exception: something leaves the handler raised. */
  reraises: boolean;
}

/**
 * Follows the paths through a cancellation handler: a bare `raise` (or `raise name` of the caught
 * exception) re-raises; `if`/`match` re-raise when every branch does; a loop's body counts only
 * when it certainly runs (an infinite `while`, or `for` over a non-empty literal) and does not
 * `continue` first; a `break` at a point that has not re-raised un-does the loop's re-raise; in a
 * nested `try` only `finally` is certain. Nested handlers that catch cancellation themselves are
 * analysed on their own.
 */
export function followHandler(model: SemanticModel, handler: CriticalHandler): HandlerPaths {
  const flow = new HandlerFlow(model, handler.caughtName);
  flow.statements(blockOf(handler.clause));
  if (keptAndRaisedLater(handler.clause, handler.caughtName, flow.improper)) return { fallsThrough: false, improperExits: [], reraises: true };
  const fallsThrough = flow.unraised && !outerHandlerReraises(model, handler.clause);
  const reraises = flow.reraised || !fallsThrough || flow.improper.some((exit) => exit.type === 'raise_statement');
  if (!fallsThrough || flow.partialHelpers.length === 0) return { fallsThrough, improperExits: flow.improper, reraises };
  // Again, taking those helpers to raise: if no path falls through then, each one that did met one of them.
  const trusting = new HandlerFlow(model, handler.caughtName, 0, true);
  trusting.statements(blockOf(handler.clause));
  return { fallsThrough, improperExits: flow.improper, unlessRaisedBy: trusting.unraised ? undefined : flow.partialHelpers[0], reraises };
}

/** How many helper calls deep the raise of a cancellation is looked for. */
const MAX_HELPER_DEPTH = 3;
type HelperOutcome = 'always' | 'sometimes' | 'never';
const helperOutcomes = new WeakMap<SemanticModel, Map<string, HelperOutcome>>();

/**
 * Whether a helper called in a cancellation handler passes the cancellation on: on every path
 * (`raise asyncio.CancelledError()`, a bare `raise`, `raise exc` of the parameter that received the
 * caught exception, and the rest the handler's own paths accept), on some paths only, or never — a
 * helper that raises another exception replaces the cancellation, as a handler's own `raise` would.
 */
function helperOutcome(helper: HelperCall, depth: number): HelperOutcome {
  const { model, node } = helper.definition;
  const key = `${node.id}:${helper.parameter ?? ''}`;
  let cache = helperOutcomes.get(model);
  const cached = depth === 0 ? cache?.get(key) : undefined;
  if (cached) return cached;
  const flow = new HandlerFlow(model, helper.parameter, depth + 1);
  flow.statements(field(node, 'body'));
  const outcome = !flow.unraised && flow.improper.length === 0 ? 'always' : flow.reraised ? 'sometimes' : 'never';
  if (depth === 0) {
    if (!cache) helperOutcomes.set(model, (cache = new Map()));
    cache.set(key, outcome);
  }
  return outcome;
}

/**
 * A handler nested in the handler of an enclosing `except CancelledError`, whose end leads, through
 * the statements after its `try` (in that block and the blocks of `if`/`with` around it), to a
 * re-raise of the outer handler: the cancellation being handled there propagates.
 */
function outerHandlerReraises(model: SemanticModel, clause: SyntaxNode): boolean {
  // The statements whose following siblings lead out, innermost first: the `try`, then each `if`/`with` around it.
  const path: SyntaxNode[] = [];
  let node = clause.parent;
  let outer: CriticalHandler | undefined;
  while (node) {
    const owner = node.parent?.type === 'block' ? node.parent.parent : null;
    if (!owner) return false;
    path.push(node);
    if (owner.type === 'except_clause') {
      outer = describeClause(model, owner);
      break;
    } else if (owner.type === 'if_statement' || owner.type === 'with_statement') node = owner;
    else if ((owner.type === 'elif_clause' || owner.type === 'else_clause') && owner.parent?.type === 'if_statement') node = owner.parent;
    else return false;
  }
  if (outer?.kind !== 'cancelled') return false;
  const flow = new HandlerFlow(model, outer.caughtName);
  for (const statement of path) {
    for (let next = statement.nextNamedSibling; next && flow.unraised; next = next.nextNamedSibling) flow.statement(next);
    if (!flow.unraised) return flow.improper.length === 0;
  }
  return false;
}

export function blockOf(clause: SyntaxNode): SyntaxNode | null {
  return field(clause, 'body') ?? namedChildren(clause).find((child) => child.type === 'block') ?? null;
}

class HandlerFlow {
  unraised = true;
  readonly improper: SyntaxNode[] = [];
  /** Some path re-raises the cancellation (or raises a new one). */
  reraised = false;
  /** Helpers met that raise the cancellation on some of their paths only. */
  readonly partialHelpers: string[] = [];
  private unraisedBreak = false;
  private unraisedContinue = false;
  private loopDepth = 0;
  private nesting = 0;

  constructor(
    private readonly model: SemanticModel,
    private readonly caughtName: string | undefined,
    /** How many helper calls deep this flow is. */
    private readonly helperDepth = 0,
    /** Take a helper that raises the cancellation on some paths to raise it. */
    private readonly trustPartialHelpers = false,
  ) {}

  statements(block: SyntaxNode | null): void {
    for (const statement of statements(block)) this.statement(statement);
  }

  statement(node: SyntaxNode): void {
    if (!this.unraised) return;
    if (this.nesting >= MAX_NESTING) {
      // Too deep to follow: count it as re-raising, so that no finding rests on a guess.
      this.unraised = false;
      return;
    }
    this.nesting++;
    try {
      this.statementOfKind(node);
    } finally {
      this.nesting--;
    }
  }

  private statementOfKind(node: SyntaxNode): void {
    switch (node.type) {
      case 'raise_statement':
        this.raise(node);
        return;
      case 'return_statement':
        this.yields(node);
        // `return e`, which every caller in the module raises when it is an exception: a re-raise one frame up.
        if (returnsCaughtToRaisingCallers(this.model, node, this.caughtName)) {
          this.reraised = true;
          this.unraised = false;
        } else this.improper.push(node);
        return;
      case 'break_statement':
        if (this.loopDepth === 0) this.improper.push(node);
        this.unraisedBreak = true;
        return;
      case 'continue_statement':
        if (this.loopDepth === 0) this.improper.push(node);
        this.unraisedContinue = true;
        return;
      case 'if_statement':
        this.ifStatement(node);
        return;
      case 'match_statement':
        this.matchStatement(node);
        return;
      case 'for_statement':
      case 'while_statement':
        this.loop(node);
        return;
      case 'try_statement':
        this.tryStatement(node);
        return;
      case 'with_statement':
        this.yields(namedChildren(node).find((child) => child.type === 'with_clause') ?? null);
        this.statements(field(node, 'body'));
        return;
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        return;
      default:
        this.yields(node);
        // Handing the exception to its owner passes it on as a re-raise would; a call that never returns ends the path.
        if (passesOn(this.model, node, this.caughtName) || neverReturns(this.model, node)) this.unraised = false;
        else this.helper(node);
    }
  }

  /** A statement that runs a workspace helper, which may raise the cancellation itself. */
  private helper(node: SyntaxNode): void {
    const helper = this.helperDepth < MAX_HELPER_DEPTH ? calledHelper(this.model, node, this.caughtName) : undefined;
    const outcome = helper ? helperOutcome(helper, this.helperDepth) : 'never';
    if (outcome === 'never') return;
    this.reraised = true;
    if (outcome === 'sometimes') this.partialHelpers.push(helper!.label);
    if (outcome === 'always' || this.trustPartialHelpers) this.unraised = false;
  }

  private raise(node: SyntaxNode): void {
    const cause = field(node, 'cause');
    const raised = namedChildren(node).find((child) => child.type !== 'comment' && child.id !== cause?.id);
    const target = raised ? unparenthesize(raised) : undefined;
    if (target && !(target.type === 'identifier' && target.text === this.caughtName) && !this.raisesCancellation(target)) this.improper.push(node);
    else this.reraised = true;
    this.unraised = false;
  }

  /** `raise asyncio.CancelledError(...)`: a new cancellation, which still propagates as one. */
  private raisesCancellation(target: SyntaxNode): boolean {
    const raised = target.type === 'call' ? field(target, 'function') : target;
    return raised !== null && raised.type !== 'call' && catchesCancellation(this.model, raised) === 'cancelled';
  }

  /** `yield` hands control away from the handler (not `yield from`, as upstream). */
  private yields(node: SyntaxNode | null): void {
    if (!node) return;
    const visit = (child: SyntaxNode): void => {
      if (child.type === 'yield' && !child.children.some((token) => token?.type === 'from')) this.improper.push(child);
    };
    if (node.type === 'yield') visit(node);
    walkOwnFrame(node, (child) => {
      visit(child);
    });
  }

  /**
   * Follows `if`/`elif`/`else` as a cancellation would: a condition known to hold for it
   * (`isinstance(error, CancelledError)`, `not isinstance(error, Exception)`, and, Python 3.11+,
   * `task.cancelling()`: true while this task is being cancelled) takes its branch and no later
   * one; one known not to hold skips its branch. Re-raises when every branch it may take does.
   */
  private ifStatement(node: SyntaxNode): void {
    const branches: Array<{ condition: SyntaxNode | null; body: SyntaxNode | null }> = [
      { condition: field(node, 'condition'), body: field(node, 'consequence') },
    ];
    for (const alternative of node.childrenForFieldName('alternative')) {
      if (!alternative) continue;
      const isElse = alternative.type === 'else_clause';
      branches.push({ condition: isElse ? null : field(alternative, 'condition'), body: field(alternative, isElse ? 'body' : 'consequence') });
    }
    let someBranchUnraised = false;
    for (const { condition, body } of branches) {
      const holds = condition ? this.holds(condition) : true;
      if (holds === false) continue;
      this.unraised = true;
      this.statements(body);
      someBranchUnraised ||= this.unraised;
      if (holds === true) {
        this.unraised = someBranchUnraised;
        return;
      }
    }
    this.unraised = true;
  }

  private holds(condition: SyntaxNode): boolean | undefined {
    this.yields(condition);
    const cancelling = cancellingTest(condition);
    return cancelling ? cancelling === 'cancelling' : holdsForCancellation(this.model, condition, this.caughtName);
  }

  private matchStatement(node: SyntaxNode): void {
    let everyCaseRaises = true;
    let hasFallback = false;
    for (const clause of namedChildren(field(node, 'body') ?? node)) {
      if (clause.type !== 'case_clause') continue;
      hasFallback ||= isIrrefutableCase(clause);
      this.unraised = true;
      this.statements(field(clause, 'consequence'));
      everyCaseRaises &&= !this.unraised;
    }
    this.unraised = !(everyCaseRaises && hasFallback);
  }

  private loop(node: SyntaxNode): void {
    let infinite = false;
    let runsOnce = false;
    if (node.type === 'while_statement') {
      const condition = field(node, 'condition');
      infinite = runsOnce = condition !== null && constantTruth(condition) === true;
    } else {
      // `async for` draws from an iterator of unknown length.
      const iterable = field(node, 'right');
      runsOnce = !isAsyncFor(node) && iterable !== null && iteratesAtLeastOnce(this.model, iterable);
    }
    const outerBreak = this.unraisedBreak;
    const outerContinue = this.unraisedContinue;
    this.unraisedBreak = false;
    this.unraisedContinue = false;
    this.loopDepth++;
    this.statements(field(node, 'body'));
    this.loopDepth--;
    if (!(infinite || (runsOnce && !this.unraisedContinue))) this.unraised = true;
    const orElse = field(node, 'alternative');
    if (orElse) this.statements(field(orElse, 'body'));
    this.unraised ||= this.unraisedBreak;
    this.unraisedBreak = outerBreak;
    this.unraisedContinue = outerContinue;
  }

  /** In a nested `try`, each statement of the body, each handler and `else` may be cut short: only `finally` is certain. */
  private tryStatement(node: SyntaxNode): void {
    const ownHandlers = new Set(cancellationHandlers(this.model, node).map((handler) => handler.clause.id));
    for (const part of namedChildren(node)) {
      if (part.type === 'block') {
        for (const statement of statements(part)) {
          this.statement(statement);
          this.unraised = true;
        }
      } else if (part.type === 'except_clause' || part.type === 'except_group_clause') {
        // A handler that catches cancellation itself is checked on its own, with its own name; any
    // other handler (including one around code that never suspends) is a path of this one.
        if (!ownHandlers.has(part.id)) this.statements(blockOf(part));
        this.unraised = true;
      } else if (part.type === 'else_clause') {
        for (const statement of statements(field(part, 'body'))) {
          this.statement(statement);
          this.unraised = true;
        }
      }
    }
    const final = namedChildren(node).find((part) => part.type === 'finally_clause');
    if (final) this.statements(blockOf(final));
  }
}

/** Whether a condition asks `….cancelling()` (true while this task is being cancelled), directly or negated with `not`. */
function cancellingTest(condition: SyntaxNode): 'cancelling' | 'not-cancelling' | undefined {
  const node = unparenthesize(condition);
  if (node.type === 'not_operator') {
    const argument = field(node, 'argument');
    return argument && callsCancelling(argument) ? 'not-cancelling' : undefined;
  }
  return callsCancelling(node) ? 'cancelling' : undefined;
}

function callsCancelling(expression: SyntaxNode): boolean {
  let found = false;
  const check = (node: SyntaxNode): void => {
    const callee = node.type === 'call' ? field(node, 'function') : null;
    if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'cancelling') found = true;
  };
  check(expression);
  walkOwnFrame(expression, (node) => {
    check(node);
    return !found;
  });
  return found;
}

/** `case _:` or `case name:` without a guard. */
function isIrrefutableCase(clause: SyntaxNode): boolean {
  if (field(clause, 'guard')) return false;
  const patterns = namedChildren(clause).filter((child) => child.type === 'case_pattern');
  if (patterns.length !== 1) return false;
  const parts = patterns[0].children.filter((child): child is SyntaxNode => child !== null);
  if (parts.length !== 1) return false;
  const only = parts[0];
  return only.type === '_' || (only.type === 'dotted_name' && namedChildren(only).length === 1);
}

/** True when a `for` over the iterable certainly runs its body: a non-empty literal or `range()` of literals. */
export function iteratesAtLeastOnce(model: SemanticModel, iterable: SyntaxNode, depth = 0): boolean {
  if (depth > MAX_NESTING) return false;
  const node = unparenthesize(iterable);
  switch (node.type) {
    case 'list':
    case 'tuple':
    case 'set':
    case 'dictionary':
      return namedChildren(node).some((element) => {
        if (element.type === 'comment') return false;
        if (element.type === 'list_splat' || element.type === 'dictionary_splat') {
          const inner = namedChildren(element)[0];
          return inner !== undefined && iteratesAtLeastOnce(model, inner, depth + 1);
        }
        return true;
      });
    case 'string':
    case 'concatenated_string':
      return (stringLiteralLength(node) ?? 0) > 0;
    case 'call':
      return rangeIsNonEmpty(model, node);
    default:
      return false;
  }
}

function rangeIsNonEmpty(model: SemanticModel, call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  if (!callee || model.qualifiedName(callee) !== 'builtins.range') return false;
  const values: bigint[] = [];
  for (const argument of namedChildren(field(call, 'arguments') ?? call)) {
    if (argument.type === 'comment') continue;
    const value = integerLiteral(argument);
    if (value === undefined) return false;
    values.push(value);
  }
  if (values.length < 1 || values.length > 3) return false;
  const [start, stop, step] = values.length === 1 ? [0n, values[0], 1n] : [values[0], values[1], values[2] ?? 1n];
  if (step === 0n) return false;
  return step > 0n ? start < stop : start > stop;
}
