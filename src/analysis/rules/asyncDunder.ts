import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { classAttributeBinding } from '../semantic/model';
import { children, field, namedChildren } from '../syntax';
import { replaceNode, startOf } from '../fixes/edits';
import type { Fix, TextEdit } from '../types';
import { ownerClass } from './helpers/functions';
import { containsYield, suspends } from './helpers/suspension';
import type { Rule } from './rule';

/** Methods of the sync protocols, which Python calls without awaiting, and their async counterparts. */
const SYNC_PROTOCOL: Record<string, { twin: string; statement: string }> = {
  __enter__: { twin: '__aenter__', statement: 'with' },
  __exit__: { twin: '__aexit__', statement: 'with' },
  __iter__: { twin: '__aiter__', statement: 'for' },
  __next__: { twin: '__anext__', statement: 'for' },
};

const DUNDERS = new Set(['__init__', '__aiter__', ...Object.keys(SYNC_PROTOCOL)]);

/** A class statement with decorators (`@asyncinit`) or a metaclass: instances may not be made by `type.__call__`. */
function customConstruction(cls: SyntaxNode): boolean {
  const superclasses = field(cls, 'superclasses');
  const keywords = superclasses ? namedChildren(superclasses).filter((argument) => argument.type === 'keyword_argument') : [];
  return cls.parent?.type === 'decorated_definition' || keywords.some((keyword) => field(keyword, 'name')?.text === 'metaclass');
}

/**
 * AIO115: dunder methods that Python calls without awaiting, written `async def`: `__init__` (calling
 * the class raises TypeError, unless the class or a workspace base defines `__new__`, as the
 * `await Class()` recipe does, or a decorator or metaclass builds instances), a coroutine `__aiter__`
 * (`async for` raises TypeError; an async generator is fine), and `__enter__`/`__exit__`/`__iter__`/`__next__`
 * (when the class lacks their async twin, which is what was meant).
 */
export const asyncDunder: Rule = {
  codes: [{ code: 'AIO115', title: 'Dunder method Python calls without awaiting, written `async def`', defaultSeverity: 'error' }],
  check(context) {
    if (!context.isEnabled('AIO115')) return;
    const { model } = context;
    for (const method of model.nodes('function_definition')) {
      const name = field(method, 'name');
      if (!name || !DUNDERS.has(name.text)) continue;
      const body = field(method, 'body');
      const cls = ownerClass(method);
      const asyncKeyword = children(method).find((child) => child.type === 'async');
      if (!body || !cls || !asyncKeyword) continue;
      const className = field(cls, 'name')?.text ?? '';
      const def = children(method).find((child) => child.type === 'def');
      // `async def` → `def`, for a body that never awaits.
      const withoutAsync: TextEdit | undefined = def && !suspends(body) ? { range: { start: startOf(asyncKeyword), end: startOf(def) }, newText: '' } : undefined;
      if (name.text === '__init__') {
        if (customConstruction(cls) || classAttributeBinding({ model, node: cls }, '__new__') !== undefined) continue;
        context.report({
          code: 'AIO115',
          node: name,
          message: t(
            '`async def __init__` makes `{0}(...)` raise `TypeError` (`__init__` must return `None`, not a coroutine), and its body never runs. Do the asynchronous set-up in an async factory (`@classmethod` `async def create(cls, ...)`), an `async def start(self)`, or `__aenter__`.',
            className,
          ),
        });
      } else if (name.text === '__aiter__') {
        if (containsYield(body)) continue;
        const fixes: Fix[] = withoutAsync ? [{ title: t('Make `__aiter__` a plain `def`'), edits: [withoutAsync], isPreferred: true }] : [];
        context.report({
          code: 'AIO115',
          node: name,
          message: t('`__aiter__` must return the async iterator itself, not a coroutine: `async for` over a `{0}` raises `TypeError`. Make it a plain `def __aiter__(self): return self`.', className),
          fixes,
        });
      } else if (name.text in SYNC_PROTOCOL) {
        const { twin, statement } = SYNC_PROTOCOL[name.text];
        if (classAttributeBinding({ model, node: cls }, twin) !== undefined) continue;
        context.report({
          code: 'AIO115',
          node: name,
          message: t(
            '`{0}` is called without `await` by `{1}`, so as an `async def` it only returns a coroutine that never runs. Name it `{2}` and use `async {1}`.',
            name.text,
            statement,
            twin,
          ),
          // `__aiter__` returns the iterator at once: a plain `def`, so only a body that never awaits can move.
          fixes: twin !== '__aiter__' ? [{ title: t('Rename it to `{0}`', twin), edits: [replaceNode(name, twin)] }] : withoutAsync ? [{ title: t('Rename it to `{0}`', twin), edits: [withoutAsync, replaceNode(name, twin)] }] : [],
        });
      }
    }
  },
};
