import { closedByItsDriver } from '../catalog/closedGenerators';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { field, isAsyncFunction, namedChildren, shortened, unparenthesize } from '../syntax';
import { closingConsumers } from './helpers/closingConsumers';
import { isDependencyProvider, isOfferedProvider, isProvidedElsewhere } from './helpers/dependencyProviders';
import { hasDecorator } from './helpers/functions';
import { quietContext, type QuietKind } from './helpers/quietContexts';
import type { Rule } from './rule';

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** Decorators that drive the generator to completion themselves, so its `with` blocks always exit. */
const SAFE_DECORATORS = new Set([
  'contextlib.asynccontextmanager',
  'pytest.fixture',
  'pytest_asyncio.fixture',
  'trio.as_safe_channel',
  // dishka's providers: the container resumes each generator it recorded when the scope closes (`asend`).
  'dishka.provide',
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
    const consumers = new Map<number, ReturnType<typeof closingConsumers>>();
    for (const yieldNode of model.nodes('yield')) {
      let insideWith = false;
      let holdsResource = false;
      // The innermost `with` that holds no resource but more than a buffer: it names the message.
      let quiet: { kind: QuietKind; item: string } | undefined;
      let child = yieldNode;
      let parent = yieldNode.parent;
      for (; parent && !SCOPE_TYPES.has(parent.type); child = parent, parent = parent.parent) {
        if (parent.type !== 'with_statement' || field(parent, 'body')?.id !== child.id) continue;
        insideWith = true;
        const kind = lightContext(parent, model);
        if (kind === undefined) holdsResource = true;
        else if (kind !== 'buffer' && !quiet) quiet = { kind, item: withItemsText(parent) };
      }
      if (!insideWith || !parent || !isAsyncFunction(parent) || field(parent, 'body')?.id !== child.id) continue;
      if (hasDecorator(model, parent, SAFE_DECORATORS) || closedByItsDriver(parent, model) || isDependencyProvider(model, parent)) continue;
      if (!consumers.has(parent.id)) consumers.set(parent.id, closingConsumers(model, parent));
      const closing = consumers.get(parent.id);
      // A private generator whose every consumer in the module closes it: its blocks exit when they stop.
      if (closing === 'closed') continue;
      if (holdsResource && isOfferedProvider(model, parent, yieldNode)) {
        // Another module hands it to `Depends(...)`: closed after each request.
        if (context.modules && context.file && isProvidedElsewhere(context.modules, context.file, model, parent)) continue;
        context.report({
          code: 'ASYNC119',
          node: yieldNode.child(0) ?? yieldNode,
          severity: 'information',
          message: t(
            '`yield` inside a `with` block of an async generator that yields once and that this module never uses: if another module hands it to a dependency injector (`Depends(...)`, `Provide(...)`), the framework closes it after each request and the block exits; a consumer that iterates it and stops early leaves the block open until the generator is finalized.',
          ),
        });
        continue;
      }
      if (closing === 'exposed' && holdsResource) {
        context.report({
          code: 'ASYNC119',
          node: yieldNode.child(0) ?? yieldNode,
          severity: 'information',
          message: t(
            '`yield` inside a `with` block of an async generator that this module always closes (`aclosing(...)` or `aclose()`), but that a public function also returns: a caller elsewhere that stops early without closing it leaves the block open until the generator is finalized.',
          ),
        });
        continue;
      }
      context.report({
        code: 'ASYNC119',
        node: yieldNode.child(0) ?? yieldNode,
        // A late exit of `with memoryview(...)`, of a bookkeeping context manager or of a retry attempt holds no resource: information.
        severity: holdsResource ? undefined : 'information',
        message: holdsResource
          ? t(
              '`yield` inside a `with` block of an async generator: if the consumer stops early, the block is not exited until the generator is finalized. Iterate it with `async with contextlib.aclosing(...)`, or make it an `@asynccontextmanager`.',
            )
          : quiet?.kind === 'bookkeeping'
            ? t('`yield` inside `with {0}` of an async generator: that context manager only logs, counts or reads clocks around its `yield`, so if the consumer stops early, only that bookkeeping waits until the generator is finalized.', quiet.item)
            : quiet?.kind === 'attempt'
              ? t('`yield` inside `with {0}` of an async generator: a tenacity retry attempt only records how the attempt ended, so if the consumer stops early, only that record waits until the generator is finalized.', quiet.item)
              : t('`yield` inside `with memoryview(...)` of an async generator: if the consumer stops early, the buffer stays exported (a `bytearray` behind it cannot be resized) until the generator is finalized.'),
      });
    }
  },
};

type LightKind = 'buffer' | QuietKind;

/** What every item of the `with` holds, when none holds a resource: a buffer, bookkeeping, a retry attempt (the first such). */
function lightContext(statement: SyntaxNode, model: SemanticModel): LightKind | undefined {
  const items = withItems(statement);
  let kind: LightKind | undefined;
  for (const item of items) {
    let value = field(item, 'value');
    if (value?.type === 'as_pattern') value = namedChildren(value)[0] ?? null;
    const target = value ? unparenthesize(value) : null;
    if (!target) return undefined;
    const itemKind: LightKind | undefined = target.type === 'call' && model.callTargets(target).some((name) => IN_MEMORY.has(name)) ? 'buffer' : quietContext(model, target);
    if (!itemKind) return undefined;
    if (!kind || kind === 'buffer') kind = itemKind;
  }
  return kind;
}

function withItems(statement: SyntaxNode): SyntaxNode[] {
  const clause = namedChildren(statement).find((child) => child.type === 'with_clause');
  return clause ? namedChildren(clause).filter((item) => item.type === 'with_item') : [];
}

function withItemsText(statement: SyntaxNode): string {
  return shortened(withItems(statement).map((item) => item.text.replace(/\s+/g, ' ')).join(', '));
}
