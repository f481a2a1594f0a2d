import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { walkOwnFrame } from '../semantic/references';
import { comparisonOperator, dottedText, field, namedChildren, statements, unparenthesize } from '../syntax';

const FRAMES = new Set(['function_definition', 'lambda', 'class_definition']);

/**
 * `proc.wait()` where the process is known to have exited: after `while proc.poll() is None: await
 * asyncio.sleep(…)` (a loop with no `break`), or under `if proc.poll() is not None:` (or the `else`
 * of `is None`). It only reaps the process and returns at once. The poll may go through a method of
 * the same class whose body calls `self.proc.poll()`.
 */
export function reapsExitedProcess(call: SyntaxNode, model: SemanticModel): boolean {
  const callee = field(call, 'function');
  const receiver = callee?.type === 'attribute' ? field(callee, 'object') : null;
  const process = receiver ? dottedText(receiver) : undefined;
  if (!process) return false;
  const test = (condition: SyntaxNode | null, exited: boolean) => !!condition && pollComparison(condition, process, model) === exited;
  let child = call;
  for (let parent = call.parent; parent && !FRAMES.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type === 'if_statement') {
      const hasElif = namedChildren(parent).some((item) => item.type === 'elif_clause');
      if (field(parent, 'consequence')?.id === child.id && test(field(parent, 'condition'), true)) return true;
      if (child.type === 'else_clause' && !hasElif && test(field(parent, 'condition'), false)) return true;
    } else if (parent.type === 'block') {
      for (const statement of statements(parent)) {
        if (statement.startIndex >= child.startIndex) break;
        if (statement.type === 'while_statement' && test(field(statement, 'condition'), false) && !leavesEarly(statement)) return true;
      }
    }
  }
  return false;
}

/** `P is not None` → true (exited), `P is None` → false (running), where P polls the process; else undefined. */
function pollComparison(condition: SyntaxNode, process: string, model: SemanticModel): boolean | undefined {
  const node = unparenthesize(condition);
  if (node.type !== 'comparison_operator') return undefined;
  const [left, right] = namedChildren(node).filter((item) => item.type !== 'comment');
  if (!left || !right || unparenthesize(right).type !== 'none') return undefined;
  const operator = comparisonOperator(node);
  if (operator !== 'is' && operator !== 'is not') return undefined;
  return pollsProcess(left, process, model) ? operator === 'is not' : undefined;
}

/** `proc.poll()`, or `[await] self.poll()` whose method body calls `proc.poll()`. */
function pollsProcess(expression: SyntaxNode, process: string, model: SemanticModel): boolean {
  let node = unparenthesize(expression);
  if (node.type === 'await') node = unparenthesize(namedChildren(node)[0] ?? node);
  if (node.type !== 'call') return false;
  const callee = field(node, 'function');
  if (callee?.type !== 'attribute') return false;
  const object = dottedText(field(callee, 'object') ?? callee);
  const method = field(callee, 'attribute')?.text;
  if (object === process && method === 'poll') return true;
  if (object !== 'self' || !method || !process.startsWith('self.')) return false;
  let owner: SyntaxNode | null = node.parent;
  while (owner && owner.type !== 'class_definition') owner = owner.parent;
  const methods = owner ? model.methodDefinitions(owner, method) : undefined;
  return methods?.length === 1 && callsPoll(methods[0].node, process);
}

function callsPoll(definition: SyntaxNode, process: string): boolean {
  let found = false;
  walkOwnFrame(field(definition, 'body') ?? definition, (node) => {
    if (node.type === 'call' && namedChildren(field(node, 'arguments') ?? node).length === 0) {
      const callee = field(node, 'function');
      found = callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'poll' && dottedText(field(callee, 'object') ?? callee) === process;
    }
    return !found;
  });
  return found;
}

/** A `break` of this loop (not of a nested one): the loop may end while the process runs. */
function leavesEarly(loop: SyntaxNode): boolean {
  let found = false;
  walkOwnFrame(field(loop, 'body') ?? loop, (node) => {
    if (node.type === 'break_statement') found = true;
    return !found && node.type !== 'while_statement' && node.type !== 'for_statement';
  });
  return found;
}
