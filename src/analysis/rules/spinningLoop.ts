import { endOf, startOf } from '../fixes/edits';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { asyncLibrary } from '../semantic/asyncLibrary';
import type { SemanticModel } from '../semantic/model';
import { codeLabel, field, isAsyncFunction, namedChildren, statements, unparenthesize } from '../syntax';
import { isClockComparison } from './busyWait';
import { neverGivesBack, yieldEachTurnFix } from './loopWithoutAwait';
import { isIndefiniteLoop } from './helpers/endlessLoop';
import { blockingReport } from './helpers/soleCoroutine';
import { walkFrame } from './helpers/suspension';
import type { Rule } from './rule';

/** Calls that take something each time (`if not items.pop(): continue`): the turn makes progress. */
const CONSUMING_METHODS = new Set(['next', 'pop', 'popleft', 'popitem', 'get_nowait', 'read', 'readline', 'recv', 'send']);
/** What a test may not contain for a turn through it to change nothing: an `await`, a walrus, a `yield`, or a lambda (whose body the walk does not read). */
const ACTIVE_NODES = new Set(['await', 'named_expression', 'yield', 'lambda']);

/**
 * A `while` loop in a coroutine with a turn that neither awaits nor changes anything — from the top of its body to
 * `continue` (or round the end) only `if` tests, `pass` and `...`: `while self.running: if self.client is None:
 * continue` or `while not self.ready: pass`. On that turn the loop tests the same state again at once, forever: no
 * other task runs to change it, so the program hangs with a core at 100 %. AIO119; ASYNC913 for a `while True:`
 * with no `break`, a case of flake8-async's ASYNC913 (an indefinite loop with no checkpoint on some
 * path). Those that never await at all are loopWithoutAwait's, reported once, there.
 */
export const spinningLoop: Rule = {
  codes: [{ code: 'AIO119', title: 'Loop turn that neither awaits nor changes anything', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('AIO119') && !context.isEnabled('ASYNC913')) return;
    const { model } = context;
    for (const loop of model.nodes('while_statement')) {
      const body = field(loop, 'body');
      const condition = field(loop, 'condition');
      const code = isIndefiniteLoop(loop) ? 'ASYNC913' : 'AIO119';
      if (!body || !condition || !context.isEnabled(code) || !isInert(condition)) continue;
      const owner = model.enclosingFunction(loop);
      if (!owner || !isAsyncFunction(owner) || neverGivesBack(loop, model)) continue;
      const tests = idleTurn(statements(body), 0, () => []);
      if (!tests) continue;
      const message = messageOf(model, condition, tests);
      context.report({
        code,
        range: { start: startOf(loop), end: endOf(condition) },
        ...blockingReport(context, loop, message),
        fixes: () => yieldEachTurnFix(model, loop, body),
      });
    }
  },
};

function messageOf(model: SemanticModel, condition: SyntaxNode, tests: readonly Test[]): string {
  const library = asyncLibrary(model);
  const when = tests.map(described).join(t(' and '));
  if ([condition, ...tests.map((test) => test.node)].some((test) => isClockComparison(unparenthesize(test), model))) {
    return t(
      'This loop can go round without awaiting: {0}, each turn only reads the clock again, at once, holding the event loop (and a core at 100 %) until the time comes; no other task runs meanwhile. `await {1}.sleep(...)` for the time left instead.',
      tests.length > 0 ? t('when {0}', when) : t('while `{0}`', codeLabel(condition)),
      library,
    );
  }
  if (tests.length === 0) {
    return t(
      'This loop only tests `{0}` again and again without awaiting: no other task runs to change it, so the program hangs with a core at 100 %. Await what the loop waits for (a `{1}.Event` that the code changing the state sets), or `await {1}.sleep(...)` in the loop.',
      codeLabel(condition),
      library,
    );
  }
  return t(
    'This loop can go round without awaiting or changing anything: when {0}, each turn only tests the same state again, at once. No other task runs to change it, so the program hangs with a core at 100 %. Await what the loop waits for (a `{1}.Event` that the code changing the state sets), or `await {1}.sleep(...)` before it goes round again.',
    when,
    library,
  );
}

/** A test on the way round, and whether it holds there. */
interface Test {
  node: SyntaxNode;
  holds: boolean;
}

/**
 * The tests that lead, from `list[index]` on, through nothing but tests, `pass` and `...` to `continue` or, past the
 * end of `list`, to what `atEnd` finds (`[]` when no test is on the way), as written for the message; undefined
 * when every way round runs a statement, which may await or change what the tests read.
 */
function idleTurn(list: readonly SyntaxNode[], index: number, atEnd: () => Test[] | undefined): Test[] | undefined {
  const statement = list[index];
  if (!statement) return atEnd();
  if (statement.type === 'continue_statement') return [];
  if (statement.type === 'pass_statement' || isConstantStatement(statement)) return idleTurn(list, index + 1, atEnd);
  if (statement.type !== 'if_statement') return undefined;
  let restFound: { tests: Test[] | undefined } | undefined;
  const rest = () => (restFound ??= { tests: idleTurn(list, index + 1, atEnd) }).tests;
  const tried: Test[] = [];
  const clauses = [
    { condition: field(statement, 'condition'), body: field(statement, 'consequence') },
    ...namedChildren(statement)
      .filter((clause) => clause.type === 'elif_clause' || clause.type === 'else_clause')
      .map((clause) => ({ condition: clause.type === 'elif_clause' ? field(clause, 'condition') : null, body: field(clause, clause.type === 'elif_clause' ? 'consequence' : 'body') })),
  ];
  for (const { condition, body } of clauses) {
    // Reaching a later clause evaluates this test: one that may change something ends every idle way on.
    if (condition && !isInert(condition)) return undefined;
    const found = idleTurn(statements(body), 0, rest);
    if (found) return [...tried, ...(condition ? [{ node: condition, holds: true }] : []), ...found];
    if (condition) tried.push({ node: condition, holds: false });
  }
  if (clauses.at(-1)?.condition === null) return undefined;
  const after = rest();
  return after && [...tried, ...after];
}

function isConstantStatement(statement: SyntaxNode): boolean {
  if (statement.type !== 'expression_statement') return false;
  const expression = namedChildren(statement);
  return expression.length === 1 && (expression[0].type === 'ellipsis' || expression[0].type === 'string');
}

/** A test that may not change what it reads: no `await`, walrus, `yield` nor call that takes an item. */
function isInert(test: SyntaxNode): boolean {
  let inert = !ACTIVE_NODES.has(test.type);
  walkFrame(test, (node) => {
    if (!inert) return false;
    if (ACTIVE_NODES.has(node.type)) inert = false;
    else if (node.type === 'call') {
      const callee = unparenthesize(field(node, 'function') ?? node);
      const name = callee.type === 'attribute' ? field(callee, 'attribute')?.text : callee.text;
      if (name !== undefined && CONSUMING_METHODS.has(name)) inert = false;
    }
    return inert;
  });
  return inert;
}

/** `x is None` when it holds, `not x` (or `x` for `not x`) when it does not. */
function described({ node: test, holds }: Test): string {
  const node = unparenthesize(test);
  if (holds) return `\`${codeLabel(node)}\``;
  if (node.type === 'not_operator') {
    const operand = field(node, 'argument');
    if (operand) return `\`${codeLabel(unparenthesize(operand))}\``;
  }
  const simple = ['identifier', 'attribute', 'call', 'subscript'].includes(node.type);
  return simple ? `\`not ${codeLabel(node)}\`` : `\`not (${codeLabel(node)})\``;
}
