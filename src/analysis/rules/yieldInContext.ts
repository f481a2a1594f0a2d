import { closedByItsDriver } from '../catalog/closedGenerators';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { field, isAsyncFunction, namedChildren, unparenthesize } from '../syntax';
import { hasDecorator } from './helpers/functions';
import type { Rule } from './rule';

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** Decorators that drive the generator to completion themselves, so its `with` blocks always exit. */
const SAFE_DECORATORS = new Set([
  'contextlib.asynccontextmanager',
  'pytest.fixture',
  'pytest_asyncio.fixture',
  'trio.as_safe_channel',
]);

/** Context managers whose exit only releases memory: delaying it until finalization holds no resource. */
const IN_MEMORY = new Set(['builtins.memoryview']);

/**
 * ASYNC119: `yield` inside a `with`/`async with` block of an async generator. If the consumer
 * stops iterating early, the block exits only when the generator is finalized — possibly much
 * later, in another task, or never.
 */
export const yieldInContext: Rule = {
  codes: [{ code: 'ASYNC119', title: 'Yield inside a context manager in an async generator', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('ASYNC119')) return;
    const { model } = context;
    for (const yieldNode of model.nodes('yield')) {
      let insideWith = false;
      let holdsResource = false;
      let child = yieldNode;
      let parent = yieldNode.parent;
      for (; parent && !SCOPE_TYPES.has(parent.type); child = parent, parent = parent.parent) {
        if (parent.type !== 'with_statement' || field(parent, 'body')?.id !== child.id) continue;
        insideWith = true;
        if (!onlyInMemory(parent, model)) holdsResource = true;
      }
      if (!insideWith || !parent || !isAsyncFunction(parent) || field(parent, 'body')?.id !== child.id) continue;
      if (hasDecorator(model, parent, SAFE_DECORATORS) || closedByItsDriver(parent, model)) continue;
      context.report({
        code: 'ASYNC119',
        node: yieldNode.child(0) ?? yieldNode,
        // A late exit of `with memoryview(...)` only keeps a buffer exported: information.
        severity: holdsResource ? undefined : 'information',
        message: holdsResource
          ? t(
              '`yield` inside a `with` block of an async generator: if the consumer stops early, the block is not exited until the generator is finalized. Iterate it with `async with contextlib.aclosing(...)`, or make it an `@asynccontextmanager`.',
            )
          : t('`yield` inside `with memoryview(...)` of an async generator: if the consumer stops early, the buffer stays exported (a `bytearray` behind it cannot be resized) until the generator is finalized.'),
      });
    }
  },
};

/** `with memoryview(data) as view:`: every item releases only a buffer. */
function onlyInMemory(statement: SyntaxNode, model: SemanticModel): boolean {
  const clause = namedChildren(statement).find((child) => child.type === 'with_clause');
  const items = clause ? namedChildren(clause).filter((item) => item.type === 'with_item') : [];
  return (
    items.length > 0 &&
    items.every((item) => {
      let value = field(item, 'value');
      if (value?.type === 'as_pattern') value = namedChildren(value)[0] ?? null;
      const target = value ? unparenthesize(value) : null;
      return target?.type === 'call' && model.callTargets(target).some((name) => IN_MEMORY.has(name));
    })
  );
}
