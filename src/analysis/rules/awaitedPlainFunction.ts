import { findBlockingApi, mayBeBlockingCall } from '../catalog/blockingApis';
import { blockingCallFixes, blockingFixKind } from '../fixes/blocking';
import { replaceNode } from '../fixes/edits';
import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { alternativeIn, asyncLibrary } from '../semantic/asyncLibrary';
import { canonicalType } from '../semantic/typeTables';
import type { SemanticModel } from '../semantic/model';
import { isGeneratorFunction, walkOwnFrame } from '../semantic/references';
import { attributeRoot, calleeLabel, field, isAsyncFunction, namedChildren, unparenthesize } from '../syntax';
import type { Fix } from '../types';
import { resolveDefinition } from './helpers/calledHelper';
import { decoratorsOf, isStubBody, ownerClass } from './helpers/functions';
import type { Rule } from './rule';

/**
 * AIO118: `await time.sleep(1)` on a catalogued blocking function (see awaitedCatalogCall), and
 * `await self.client.leave_channel()` where `leave_channel` is a plain `def` of the workspace that returns
 * nothing: `await None` raises `TypeError: object NoneType can't be used in 'await' expression` once it has run.
 * Only a def that surely returns `None` (no `return` with a value), does real work (not a stub of `pass`, `...` or
 * `raise`), carries no decorator (one may make it awaitable) and that no class of its module redefines as a
 * coroutine (an override the receiver may really be).
 */
export const awaitedPlainFunction: Rule = {
  codes: [{ code: 'AIO118', title: 'Awaiting the result of a sync function', defaultSeverity: 'error' }],
  check(context) {
    if (!context.isEnabled('AIO118')) return;
    const { model } = context;
    for (const awaited of model.nodes('await')) {
      const call = namedChildren(awaited).map(unparenthesize)[0];
      const callee = call?.type === 'call' ? field(call, 'function') : null;
      if (!callee) continue;
      const target = resolveDefinition(model, unparenthesize(callee));
      if (!target) {
        const sync = awaitedCatalogCall(model, call!);
        if (sync) {
          context.report({
            code: 'AIO118',
            node: awaited,
            message: t(
              '`{0}` is a sync function: `await` on its call blocks the event loop until it returns, then raises `TypeError` (its result cannot be awaited). Use {1} instead.',
              calleeLabel(call!),
              t(alternativeIn(sync.api.instead, asyncLibrary(model))),
            ),
            fixes: () => blockingCallFixes(model, call!, { kind: blockingFixKind(model, call!, sync.api.fix), matchedName: sync.name, label: calleeLabel(call!) }),
          });
        }
        continue;
      }
      const definition = target.definition.node;
      if (definition.type !== 'function_definition' || !returnsNone(definition)) continue;
      if (redefinedAsCoroutine(target.definition.model, definition)) continue;
      const name = callee.text.replace(/\s+/g, '');
      context.report({
        code: 'AIO118',
        node: awaited,
        message: t(
          '`{0}` is a plain function (`def`) that returns `None`: awaiting its result raises `TypeError: object NoneType can\'t be used in \'await\' expression` after it has run. Call it without `await`, or make it an `async def`.',
          name,
        ),
        fixes: () => removeAwaitFix(awaited, call!),
      });
    }
  },
};

/**
 * `await time.sleep(1)`, `await requests.get(url)`: a catalogued blocking function named through an import (or a
 * builtin such as `open`), never a method matched by the inferred type of its receiver — there, `await` is the
 * better evidence that the receiver is some async client.
 */
function awaitedCatalogCall(model: SemanticModel, call: SyntaxNode): ReturnType<typeof findBlockingApi> {
  const callee = unparenthesize(field(call, 'function') ?? call);
  if (!mayBeBlockingCall(call, model)) return undefined;
  const made = methodOfLocalObject(model, callee);
  if (made) return findBlockingApi([made], call, model);
  const root = attributeRoot(callee);
  if (root.type !== 'identifier') return undefined;
  const binding = model.lookup(root.text, root);
  const qualified = model.qualifiedName(callee);
  if (!qualified || (binding ? binding.kind !== 'import' : !qualified.startsWith('builtins.'))) return undefined;
  return findBlockingApi([canonicalType(qualified)], call, model);
}

/**
 * `session = requests.Session()` then `await session.get(url)` in the same function, the name bound only there: the
 * object's class is certain, unlike a type inferred from an attribute or from what callers pass. `Type.method`.
 */
function methodOfLocalObject(model: SemanticModel, callee: SyntaxNode): string | undefined {
  const receiver = callee.type === 'attribute' ? unparenthesize(field(callee, 'object') ?? callee) : undefined;
  const method = callee.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
  if (receiver?.type !== 'identifier' || !method) return undefined;
  const binding = model.lookup(receiver.text, receiver);
  const scope = binding ? model.scopes.enclosingScope(binding.node) : undefined;
  const value = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
  if (!scope || scope.kind !== 'function' || value?.type !== 'call' || scope.bindings.get(receiver.text)?.length !== 1) return undefined;
  if (model.scopes.enclosingScope(receiver) !== scope) return undefined;
  const type = model.typeOf(value);
  return type ? `${type}.${method}` : undefined;
}

/** A plain, undecorated def with real work that never returns a value. */
function returnsNone(definition: SyntaxNode): boolean {
  if (isAsyncFunction(definition) || isGeneratorFunction(definition) || decoratorsOf(definition).length > 0) return false;
  const body = field(definition, 'body');
  if (isStubBody(body)) return false;
  let valued = false;
  walkOwnFrame(body!, (node) => {
    if (node.type === 'return_statement') {
      const value = namedChildren(node).find((child) => child.type !== 'comment');
      valued ||= value !== undefined && value.type !== 'none';
    }
    return !valued;
  });
  return !valued;
}

/** A method some class of its module defines again as `async def`: a subclass's instance may be the receiver. */
function redefinedAsCoroutine(model: SemanticModel, definition: SyntaxNode): boolean {
  const name = field(definition, 'name')?.text;
  if (!ownerClass(definition) || !name) return false;
  return model.nodes('function_definition').some((other) => other.id !== definition.id && isAsyncFunction(other) && field(other, 'name')?.text === name && ownerClass(other) !== undefined);
}

function removeAwaitFix(awaited: SyntaxNode, call: SyntaxNode): Fix[] {
  return [{ title: t('Remove `await`'), edits: [replaceNode(awaited, call.text)] }];
}
