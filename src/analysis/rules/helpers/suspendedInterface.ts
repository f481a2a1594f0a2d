import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { callArguments, field, isAsyncWith, unparenthesize } from '../../syntax';
import { withItems } from './blocks';

/** Methods whose context suspends a terminal or app UI to hand the terminal to a program (Textual's `App.suspend()`, urwid-style `paused()`). */
const SUSPENDING_METHODS = new Set(['suspend', 'paused']);
/** prompt_toolkit's `async with in_terminal():`, which suspends the running application. */
const SUSPENDING_FUNCTIONS = new Set(['prompt_toolkit.application.in_terminal', 'prompt_toolkit.application.run_in_terminal.in_terminal']);

/**
 * The `with` item that suspends the UI around `node` in its function (`ui.paused()`, `self.app.suspend()`,
 * `in_terminal()`), as written; undefined when there is none.
 */
export function suspendingContext(model: SemanticModel, node: SyntaxNode): string | undefined {
  const owner = model.enclosingFunction(node);
  for (let child = node, parent = node.parent; parent && parent.id !== owner?.id; child = parent, parent = parent.parent) {
    if (parent.type !== 'with_statement' || field(parent, 'body')?.id !== child.id) continue;
    for (const { value } of withItems(parent)) {
      const call = unparenthesize(value);
      if (call.type === 'call' && suspends(model, call, isAsyncWith(parent))) return call.text.replace(/\s+/g, ' ');
    }
  }
  return undefined;
}

function suspends(model: SemanticModel, call: SyntaxNode, asynchronous: boolean): boolean {
  const callee = field(call, 'function');
  if (asynchronous) return model.callTargets(call).some((name) => SUSPENDING_FUNCTIONS.has(name));
  const args = callArguments(call);
  return callee?.type === 'attribute' && args.positional.length === 0 && args.keywords.size === 0 && SUSPENDING_METHODS.has(field(callee, 'attribute')?.text ?? '');
}
