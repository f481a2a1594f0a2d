import type { SyntaxNode } from '../parser';
import { constantTruth, field } from '../syntax';

interface Span {
  start: number;
  end: number;
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
}

/**
 * The code under a constant test, which never runs: the `else:` of `if True:` (a code generator's
 * template: psycopg writes its asyncio modules with `if True:  # ASYNC` / `else:` for the synchronous
 * copy it generates), the body of `if False:` or `if 0:`, every branch after one that is always
 * taken, the body of `while False:`, the `else:` of `while True:`. Only constants the code fixes count
 * (`constantTruth`): `TYPE_CHECKING`, `__debug__`, `sys.version_info` and `sys.platform` tests hold on
 * some interpreter or in some tool, so both of their branches are live.
 */
export class DeadCode {
  /** In source order, none inside another. */
  private readonly spans: Span[] = [];

  /** Adds the dead parts of an `if` or `while` statement met in pre-order (nothing when it is dead itself). */
  addStatement(statement: SyntaxNode): void {
    if (this.contains(statement.startIndex)) return;
    for (const part of deadParts(statement)) {
      const { startPosition: from, endPosition: to } = part;
      const span = { start: part.startIndex, end: part.endIndex, startRow: from.row, startColumn: from.column, endRow: to.row, endColumn: to.column };
      // Spans in a live branch before a dead `else:` come after it in pre-order.
      this.spans.splice(this.countStartingBy((other) => other.start <= span.start), 0, span);
    }
  }

  /** True when the source index lies in dead code. */
  contains(index: number): boolean {
    const span = this.spans[this.countStartingBy((span) => span.start <= index) - 1];
    return span !== undefined && index < span.end;
  }

  /** True when the position (a finding's start) lies in dead code. */
  containsPosition(row: number, column: number): boolean {
    const span = this.spans[this.countStartingBy((span) => span.startRow < row || (span.startRow === row && span.startColumn <= column)) - 1];
    return span !== undefined && (row < span.endRow || (row === span.endRow && column < span.endColumn));
  }

  /** How many spans, from the first, pass `startsBy` (true for a prefix of the spans), by binary search. */
  private countStartingBy(startsBy: (span: Span) => boolean): number {
    let low = 0;
    let high = this.spans.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (startsBy(this.spans[middle])) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function deadParts(statement: SyntaxNode): SyntaxNode[] {
  const dead: SyntaxNode[] = [];
  if (statement.type === 'while_statement') {
    const truth = constantTruth(field(statement, 'condition'));
    const body = field(statement, 'body');
    const orElse = field(statement, 'alternative');
    if (truth === false && body) dead.push(body);
    if (truth === true && orElse) dead.push(orElse);
    return dead;
  }
  let taken = false;
  const branch = (condition: SyntaxNode | null, body: SyntaxNode | null) => {
    const truth = constantTruth(condition);
    if (truth === false && body) dead.push(body);
    taken = truth === true;
  };
  branch(field(statement, 'condition'), field(statement, 'consequence'));
  for (const clause of statement.childrenForFieldName('alternative')) {
    if (!clause) continue;
    if (taken) dead.push(clause);
    else if (clause.type === 'elif_clause') branch(field(clause, 'condition'), field(clause, 'consequence'));
  }
  return dead;
}
