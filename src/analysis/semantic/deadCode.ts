import type { SyntaxNode } from '../parser';
import type { ScopeTree } from './scopes';
import { constantTruth, field, type NameTruth } from '../syntax';

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
 * some interpreter or in some tool, so both of their branches are live. Also the statements after a
 * `return`, `raise`, `break` or `continue` in the same block.
 */
export class DeadCode {
  /** In source order, none inside another. */
  private readonly spans: Span[] = [];

  /**
   * Adds the dead parts of an `if` or `while` statement (nothing when it is dead itself), in any order:
   * a part replaces the spans it holds; true when it added any. `names` tells the module's constants
   * (see `moduleConstants`).
   */
  addStatement(statement: SyntaxNode, names?: NameTruth): boolean {
    if (this.contains(statement.startIndex)) return false;
    // A part already dead (met before without `names`) adds nothing.
    const parts = deadParts(statement, names).filter((part) => !this.contains(part.startIndex));
    for (const part of parts) {
      const { startPosition: from, endPosition: to } = part;
      this.addSpan({ start: part.startIndex, end: part.endIndex, startRow: from.row, startColumn: from.column, endRow: to.row, endColumn: to.column });
    }
    return parts.length > 0;
  }

  /**
   * Adds the statements after a `return`, `raise`, `break` or `continue` in its own block, which never run
   * (`raise NotImplementedError` left above a draft body).
   */
  addAfterExit(exit: SyntaxNode): void {
    let next = exit.nextNamedSibling;
    while (next?.type === 'comment') next = next.nextNamedSibling;
    const block = exit.parent;
    if (!next || block?.type !== 'block' || this.contains(next.startIndex)) return;
    const { startPosition: from } = next;
    const { endPosition: to } = block;
    this.addSpan({ start: next.startIndex, end: block.endIndex, startRow: from.row, startColumn: from.column, endRow: to.row, endColumn: to.column });
  }

  private addSpan(span: Span): void {
    // Spans in a live branch before a dead `else:` come after it in pre-order.
    const at = this.countStartingBy((other) => other.start < span.start);
    let held = 0;
    while (at + held < this.spans.length && this.spans[at + held].end <= span.end) held++;
    this.spans.splice(at, held, span);
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

function deadParts(statement: SyntaxNode, names: NameTruth | undefined): SyntaxNode[] {
  const dead: SyntaxNode[] = [];
  if (statement.type === 'while_statement') {
    const truth = constantTruth(field(statement, 'condition'), 0, names);
    const body = field(statement, 'body');
    const orElse = field(statement, 'alternative');
    if (truth === false && body) dead.push(body);
    if (truth === true && orElse) dead.push(orElse);
    return dead;
  }
  let taken = false;
  const branch = (condition: SyntaxNode | null, body: SyntaxNode | null) => {
    const truth = constantTruth(condition, 0, names);
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

/**
 * The module's private constants: a name starting with `_` (not a dunder) bound once, at module level,
 * to a constant (`_IS_SYNC = False`, which pymongo's code generator flips in the sync copy of each
 * module), and declared `global` in no function. Another module does not set a private name.
 */
export function moduleConstants(scopes: ScopeTree): Map<string, boolean> {
  const constants = new Map<string, boolean>();
  for (const [name, bindings] of scopes.module.bindings) {
    if (!name.startsWith('_') || name.startsWith('__') || bindings.length !== 1) continue;
    const [binding] = bindings;
    const statement = binding.node.parent?.parent;
    if (binding.kind !== 'assignment' || !binding.value || binding.node.parent?.type !== 'assignment' || statement?.parent?.type !== 'module') continue;
    const truth = constantTruth(binding.value);
    if (truth !== undefined) constants.set(name, truth);
  }
  if (constants.size === 0) return constants;
  for (const scope of scopes.all()) for (const name of scope.globals) constants.delete(name);
  return constants;
}
