import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { field, namedChildren, unparenthesize } from '../../syntax';

/** Context managers that pass only when their body raises: a test that expects the call to fail. */
const RAISES_CONTEXTS = new Set(['pytest.raises']);
const UNITTEST_RAISES = new Set(['assertRaises', 'assertRaisesRegex', 'assertRaisesRegexp']);

/**
 * The node runs in the body of `with pytest.raises(...)` (under any alias) or
 * `with self.assertRaises(...)`, in its own function: the test's point is that the call raises,
 * so what it would block on never comes to pass.
 */
export function isExpectedToRaise(model: SemanticModel, node: SyntaxNode): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'function_definition' || parent.type === 'lambda' || parent.type === 'class_definition') return false;
    if (parent.type === 'with_statement' && field(parent, 'body')?.id === child.id && withItems(parent).some((item) => isRaisesContext(model, item))) return true;
  }
  return false;
}

function withItems(statement: SyntaxNode): SyntaxNode[] {
  const clause = namedChildren(statement).find((child) => child.type === 'with_clause');
  return (clause ? namedChildren(clause) : []).flatMap((item) => {
    let value = field(item, 'value');
    if (value?.type === 'as_pattern') value = namedChildren(value)[0] ?? null;
    return value ? [unparenthesize(value)] : [];
  });
}

function isRaisesContext(model: SemanticModel, value: SyntaxNode): boolean {
  const callee = value.type === 'call' ? field(value, 'function') : null;
  if (!callee) return false;
  if (RAISES_CONTEXTS.has(model.qualifiedName(callee) ?? '')) return true;
  const receiver = callee.type === 'attribute' ? field(callee, 'object') : null;
  return receiver?.type === 'identifier' && receiver.text === 'self' && UNITTEST_RAISES.has(field(callee, 'attribute')?.text ?? '');
}
