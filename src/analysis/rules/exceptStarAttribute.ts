import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { forEachTargetName } from '../semantic/scopes';
import { field, namedChildren } from '../syntax';
import { groupHandlers, walkHandlerBody } from './helpers/exceptionGroups';
import type { Rule } from './rule';

/** What an exception group has: ExceptionGroup's own attributes, BaseException's, and the backport's. */
const GROUP_ATTRIBUTES = new Set(['message', 'exceptions', 'subgroup', 'split', 'derive', 'args', 'with_traceback', 'add_note', '_is_protocol']);

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
/** Whether a binding target binds `name` (`e`, `e, f`, `(e, *rest)`; not `e.x` or `e[0]`). */
function binds(target: SyntaxNode | null, name: string): boolean {
  let found = false;
  forEachTargetName(target, (identifier) => (found ||= identifier.text === name));
  return found;
}

/** Where in the text `name` stops being the group because `node` binds it again (the value is read before), or undefined. */
function rebindingAt(node: SyntaxNode, name: string): number | undefined {
  switch (node.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'named_expression':
      return binds(field(node, node.type === 'named_expression' ? 'name' : 'left'), name) ? node.endIndex : undefined;
    case 'for_statement':
      return binds(field(node, 'left'), name) ? (field(node, 'right')?.endIndex ?? node.startIndex) : undefined;
    case 'as_pattern_target':
      return binds(node, name) ? node.startIndex : undefined;
    case 'delete_statement':
      return namedChildren(node).some((target) => binds(target, name)) ? node.startIndex : undefined;
    default:
      return undefined;
  }
}

/** A comprehension whose own `for` binds `name`: inside it, the name is the loop's. */
function shadowedIn(node: SyntaxNode, name: string): boolean {
  return COMPREHENSIONS.has(node.type) && namedChildren(node).some((part) => part.type === 'for_in_clause' && binds(field(part, 'left'), name));
}

/**
 * ASYNC400: `except* E as group:` binds an exception group, never the exception itself; reading an
 * attribute that only the caught exception has (`group.status`) raises AttributeError, in the error
 * path, where tests seldom go. As flake8-async's: dunders are left alone, and the name stops counting
 * once it is bound again; functions defined in the handler are not followed.
 */
export const exceptStarAttribute: Rule = {
  codes: [{ code: 'ASYNC400', title: 'Attribute an exception group does not have, in `except*`', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('ASYNC400')) return;
    const reported = new Set<number>();
    for (const { name, body, starred } of groupHandlers(context.model)) {
      if (!starred) continue;
      let boundAgainAt = Infinity;
      walkHandlerBody(body, (node) => {
        if (node.startIndex >= boundAgainAt || shadowedIn(node, name.text)) return false;
        boundAgainAt = Math.min(boundAgainAt, rebindingAt(node, name.text) ?? Infinity);
        if (node.type === 'attribute' && !reported.has(node.id)) {
          const object = field(node, 'object');
          const attribute = field(node, 'attribute')?.text ?? '';
          const assigned = node.parent?.type === 'assignment' && field(node.parent, 'left')?.id === node.id;
          if (object?.type === 'identifier' && object.text === name.text && !assigned && !GROUP_ATTRIBUTES.has(attribute) && !/^__.*__$/.test(attribute)) {
            reported.add(node.id);
            context.report({
              code: 'ASYNC400',
              node,
              message: t(
                '`{0}` is an exception group here (`except*` always catches a group): it has no attribute `{1}`, so this line raises `AttributeError`. The exceptions it caught are in `{0}.exceptions`.',
                name.text,
                attribute,
              ),
            });
          }
        }
        return true;
      });
    }
  },
};
