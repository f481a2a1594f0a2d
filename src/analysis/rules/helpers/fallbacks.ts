import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { walkOwnFrame } from '../../semantic/references';
import { caughtTypes, field } from '../../syntax';
import type { Condition } from './pathConditions';

const FRAMES = new Set(['function_definition', 'lambda', 'class_definition']);
const BROAD = /^(builtins\.)?(Exception|BaseException)$/;

/**
 * `try: seed = os.urandom(16)` / `except Exception: seed = open("/dev/urandom").read(16)`: a call in
 * a broad handler (`except:`, `Exception`, `BaseException`) of a `try` whose body makes a call and
 * no blocking one runs only when that call fails — the fallback of a job done without blocking. The
 * condition under which it runs, or undefined when the call is not in such a handler. A handler of
 * a narrower exception (`except KeyError:` after a cache lookup) is the expected other path.
 */
export function fallbackCondition(call: SyntaxNode, model: SemanticModel, blocks: (call: SyntaxNode) => boolean): Condition | undefined {
  let child = call;
  for (let parent = call.parent; parent && !FRAMES.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'except_clause' || child.type !== 'block') continue;
    const body = parent.parent?.type === 'try_statement' ? field(parent.parent, 'body') : null;
    const types = caughtTypes(parent);
    if (!body || (types && !types.every((type) => BROAD.test(model.qualifiedName(type) ?? type.text)))) continue;
    const calls: SyntaxNode[] = [];
    walkOwnFrame(body, (node) => {
      if (node.type === 'call') calls.push(node);
    });
    if (calls.length > 0 && !calls.some(blocks)) return { kind: 'undecided', text: `${calls[0].text.replace(/\s+/g, ' ')} fails` };
  }
  return undefined;
}
