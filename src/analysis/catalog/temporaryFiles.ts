import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { isNameRead, ownScopeUses } from '../semantic/references';
import { field, outermostParenthesized } from '../syntax';

/** What code may take of a temporary file without reading or writing it. */
const NAME_ONLY_ATTRIBUTES = new Set(['name', 'close']);

/**
 * `tmp = tempfile.NamedTemporaryFile(suffix=".ogg", delete=False)` (or `with … as tmp:`) whose every use in the
 * function is `tmp.name` or `tmp.close()`: the file is only created, empty, for its name, which another tool
 * then writes to. One system call, not a file's reads and writes.
 */
export function onlyItsNameUsed(call: SyntaxNode, model: SemanticModel): boolean {
  const target = boundName(call);
  if (!target || model.scopes.enclosingScope(call).kind !== 'function') return false;
  const uses = ownScopeUses(model, target)?.filter(isNameRead) ?? [];
  return (
    uses.length > 0 &&
    uses.every((use) => {
      const attribute = use.parent;
      return attribute?.type === 'attribute' && field(attribute, 'object')?.id === use.id && NAME_ONLY_ATTRIBUTES.has(field(attribute, 'attribute')?.text ?? '');
    })
  );
}

/** The name the call's file is bound to: `tmp = …` or `with … as tmp:`. */
function boundName(call: SyntaxNode): SyntaxNode | undefined {
  const value = outermostParenthesized(call);
  const parent = value.parent;
  if (parent?.type === 'assignment' && field(parent, 'right')?.id === value.id) {
    const left = field(parent, 'left');
    return left?.type === 'identifier' ? left : undefined;
  }
  if (parent?.type === 'as_pattern' && parent.namedChildren[0]?.id === value.id) {
    const alias = field(parent, 'alias');
    const name = alias?.type === 'as_pattern_target' ? alias.namedChildren[0] : alias;
    return name?.type === 'identifier' ? name : undefined;
  }
  return undefined;
}
