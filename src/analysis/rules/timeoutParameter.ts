import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { asyncLibrary } from '../semantic/asyncLibrary';
import { field, isAsyncFunction, namedChildren } from '../syntax';
import { decoratorsOf } from './helpers/functions';
import type { Rule } from './rule';

/** The name of a plain, defaulted or annotated parameter; `*args` and `**kwargs` have none here. */
function parameterName(parameter: SyntaxNode): SyntaxNode | undefined {
  switch (parameter.type) {
    case 'identifier':
      return parameter;
    case 'default_parameter':
    case 'typed_default_parameter':
      return field(parameter, 'name') ?? undefined;
    case 'typed_parameter': {
      const first = namedChildren(parameter)[0];
      return first?.type === 'identifier' ? first : undefined;
    }
    default:
      return undefined;
  }
}

/** `py39` → 9; no target version counts as the newest. */
function pythonMinor(targetVersion: string | undefined): number {
  const match = /^py3(\d+)$/.exec(targetVersion ?? '');
  return match ? Number(match[1]) : Infinity;
}

/**
 * ASYNC109: an `async def` with a `timeout` parameter re-implements what callers get from
 * `asyncio.timeout`. Off by default. Decorated functions are skipped (as flake8-async does): a
 * decorator may consume the parameter, and `@override` methods cannot choose their signature.
 */
export const timeoutParameter: Rule = {
  codes: [{ code: 'ASYNC109', title: 'Async function with a timeout parameter', defaultSeverity: 'off', aliases: ['S7483'] }],
  check(context) {
    if (!context.isEnabled('ASYNC109')) return;
    const { model } = context;
    // The scope a trio or anyio file would use instead; asyncio's otherwise.
    const library = asyncLibrary(model);
    const scope = library === 'asyncio' ? 'async with asyncio.timeout(...)' : `with ${library}.fail_after(...)`;
    // `asyncio.timeout` exists from Python 3.11: before that the parameter is the usual way (as Ruff judges it).
    if (library === 'asyncio' && pythonMinor(context.options.targetVersion) < 11) return;
    for (const definition of model.nodes('function_definition')) {
      if (!isAsyncFunction(definition) || decoratorsOf(definition).length > 0) continue;
      const parameters = field(definition, 'parameters');
      for (const parameter of parameters ? namedChildren(parameters) : []) {
        const name = parameterName(parameter);
        if (name?.text !== 'timeout') continue;
        context.report({
          code: 'ASYNC109',
          node: name,
          message: t('Async function takes a `timeout` parameter: drop it and let callers bound the call with `{0}`.', scope),
        });
      }
    }
  },
};
