import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { comparisonOperator, field, namedChildren, statements, unparenthesize } from '../../syntax';
import { calledDefinition } from './functions';
import { earlyExitGuard } from './pathConditions';

/**
 * The instance form of a first-call cache: in a method, `node` runs in a branch taken only while
 * `self.x` is unset (`if not self.x:`, `if self.x is None:`, the `elif`/`else` of `if self.x:`, or
 * after `if self.x: return self.x`), and that branch assigns `self.x` — itself or through a method
 * of its class it calls. Returns `self.x`: the branch runs until the attribute holds the result.
 */
export function lazyLoadedAttribute(node: SyntaxNode, definition: SyntaxNode, model: SemanticModel): string | undefined {
  const body = field(definition, 'body');
  if (!body) return undefined;
  let child = node;
  for (let parent = node.parent; parent && child.id !== body.id; child = parent, parent = parent.parent) {
    for (const { attribute, region } of unsetBranches(parent, child, body)) {
      if (assignsAttribute(region, attribute, model)) return `self.${attribute}`;
    }
  }
  return undefined;
}

interface Branch {
  attribute: string;
  /** Where the attribute must be assigned: the branch itself, or what follows an early return. */
  region: { start: number; end: number };
}

/** The branches `child` of `parent` is in that run only while an attribute of `self` is unset. */
function unsetBranches(parent: SyntaxNode, child: SyntaxNode, body: SyntaxNode): Branch[] {
  const found: Branch[] = [];
  const add = (attribute: string | undefined, start: number, end: number) => {
    if (attribute) found.push({ attribute, region: { start, end } });
  };
  if ((parent.type === 'if_statement' || parent.type === 'elif_clause') && field(parent, 'consequence')?.id === child.id) {
    add(testedAttribute(field(parent, 'condition'), false), child.startIndex, child.endIndex);
  } else if (parent.type === 'if_statement' && (child.type === 'elif_clause' || child.type === 'else_clause')) {
    // Taken only when the `if` (or an earlier `elif`) found the attribute unset.
    for (const clause of [parent, ...namedChildren(parent).filter((item) => item.type === 'elif_clause')]) {
      if (clause.id === child.id) break;
      add(testedAttribute(field(clause, 'condition'), true), child.startIndex, child.endIndex);
    }
  } else if (parent.id === body.id) {
    for (const statement of statements(body)) {
      if (statement.startIndex >= child.startIndex) break;
      // A cache returns what it holds; `if self.x: raise` guards a state (a controller already started), not a cache.
      const guard = earlyExitGuard(statement);
      const returns = statements(field(statement, 'consequence')).at(-1)?.type === 'return_statement';
      add(guard && returns ? testedAttribute(guard, true) : undefined, statement.endIndex, body.endIndex);
    }
  }
  return found;
}

/**
 * `self.x` / `self.x is not None` (`set`: holds once the attribute is set) or `not self.x` /
 * `self.x is None` (holds while it is unset): the attribute's name.
 */
function testedAttribute(condition: SyntaxNode | null, set: boolean): string | undefined {
  let node = condition ? unparenthesize(condition) : undefined;
  let negated = false;
  if (node?.type === 'not_operator') {
    const operand = field(node, 'argument');
    node = operand ? unparenthesize(operand) : undefined;
    negated = true;
  }
  if (node?.type === 'comparison_operator') {
    const [left, right] = namedChildren(node).filter((item) => item.type !== 'comment');
    const operator = comparisonOperator(node);
    if (!left || right?.type !== 'none' || (operator !== 'is' && operator !== 'is not')) return undefined;
    node = unparenthesize(left);
    negated = negated !== (operator === 'is');
  }
  if (negated === set) return undefined;
  return node ? selfAttributeName(node) : undefined;
}

function selfAttributeName(node: SyntaxNode): string | undefined {
  const object = field(node, 'object');
  return node.type === 'attribute' && object?.type === 'identifier' && object.text === 'self' ? field(node, 'attribute')?.text : undefined;
}

/** Whether the region assigns `self.<attribute>`, or calls a method of the class (`self.load()`) that does. */
function assignsAttribute(region: { start: number; end: number }, attribute: string, model: SemanticModel): boolean {
  const assigns = (start: number, end: number) =>
    model.nodesWithin('assignment', start, end).some((assignment) => {
      const left = field(assignment, 'left');
      return !!left && selfAttributeName(unparenthesize(left)) === attribute;
    });
  if (assigns(region.start, region.end)) return true;
  return model.nodesWithin('call', region.start, region.end).some((call) => {
    const callee = field(call, 'function');
    const method = callee?.type === 'attribute' && selfAttributeName(callee) ? calledDefinition(model, call) : undefined;
    return !!method && assigns(method.startIndex, method.endIndex);
  });
}
