import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { field, namedChildren, shortened, unparenthesize } from '../syntax';
import type { Fix } from '../types';
import { insertAt, endOf } from '../fixes/edits';
import { groupHandlers, walkHandlerBody } from './helpers/exceptionGroups';
import type { Rule } from './rule';

/** The names a handler binds to exception groups, to their `exceptions` tuples, and to the exceptions in them. */
interface GroupNames {
  groups: Set<string>;
  lists: Set<string>;
  members: Set<string>;
}

function isGroup(node: SyntaxNode, names: GroupNames): boolean {
  const expression = unparenthesize(node);
  if (expression.type === 'identifier') return names.groups.has(expression.text) || names.members.has(expression.text);
  if (expression.type === 'call') {
    const callee = field(expression, 'function');
    const method = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
    return (method === 'subgroup' || method === 'split') && isGroup(field(callee!, 'object')!, names);
  }
  return isMember(expression, names);
}

function isList(node: SyntaxNode, names: GroupNames): boolean {
  const expression = unparenthesize(node);
  if (expression.type === 'identifier') return names.lists.has(expression.text);
  return expression.type === 'attribute' && field(expression, 'attribute')?.text === 'exceptions' && isGroup(field(expression, 'object')!, names);
}

function isMember(node: SyntaxNode, names: GroupNames): boolean {
  const expression = unparenthesize(node);
  if (expression.type === 'identifier') return names.members.has(expression.text);
  return expression.type === 'subscript' && isList(field(expression, 'value')!, names);
}

/** Follows `x = group.exceptions`, `x = excs[0]`, `a, b = group.split(...)`, `y = x` in source order; any other assignment forgets the name. */
function bindAssignment(assignment: SyntaxNode, names: GroupNames): void {
  const left = field(assignment, 'left');
  const right = field(assignment, 'right');
  if (!left || !right) return;
  if (left.type === 'identifier') {
    const name = left.text;
    for (const set of [names.groups, names.lists, names.members]) set.delete(name);
    if (isMember(right, names)) names.members.add(name);
    else if (isList(right, names)) names.lists.add(name);
    else if (isGroup(right, names)) names.groups.add(name);
  } else if ((left.type === 'pattern_list' || left.type === 'tuple_pattern') && isGroup(right, names)) {
    for (const target of namedChildren(left)) if (target.type === 'identifier') names.groups.add(target.text);
  }
}

/**
 * ASYNC123: `raise group.exceptions[0]` in a handler of an exception group (`except* E as group`, or
 * `except ExceptionGroup as group`), also through names bound to the group, its `exceptions`, its
 * `subgroup`/`split` results and a `for` over its exceptions. `raise … from None` leaves the group
 * out of the report, as meant, and is not reported.
 */
export const exceptionGroupFlattening: Rule = {
  codes: [{ code: 'ASYNC123', title: 'Exception raised out of an exception group', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('ASYNC123')) return;
    const reported = new Set<number>();
    for (const { name: handlerName, body } of groupHandlers(context.model)) {
      const names: GroupNames = { groups: new Set([handlerName.text]), lists: new Set(), members: new Set() };
      walkHandlerBody(body, (node) => {
        if (node.type === 'assignment') bindAssignment(node, names);
        if (node.type === 'for_statement') {
          const target = field(node, 'left');
          if (target?.type === 'identifier' && isList(field(node, 'right')!, names)) names.members.add(target.text);
        }
        if (node.type === 'raise_statement' && !reported.has(node.id)) {
          const cause = field(node, 'cause');
          const raised = namedChildren(node).find((child) => child.id !== cause?.id);
          if (raised && cause?.type !== 'none' && isMember(raised, names)) {
            reported.add(node.id);
            const fixes: Fix[] = cause ? [] : [{ title: t('Raise it `from None` (leave the group out of the report)'), edits: [insertAt(endOf(raised), ' from None')] }];
            context.report({
              code: 'ASYNC123',
              node,
              message: t(
                'Raising `{0}`, an exception taken out of the exception group `{1}`, changes it in place: its traceback gains the frames that raise it again and its `__context__` becomes the group, so the report shows it twice and out of order. Raise a new exception `from {1}` or a copy (`copy.copy(...)`), or add `from None` to leave the group out of the report. (In `except*`, whatever is raised is wrapped in a new group: to hand on one exception, catch the group with `except ExceptionGroup`.)',
                shortened(raised.text),
                handlerName.text,
              ),
              fixes,
            });
          }
        }
        return true;
      });
    }
  },
};
