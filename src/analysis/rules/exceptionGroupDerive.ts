import { t } from '../l10n';
import { baseClassNames, field } from '../syntax';
import type { Rule } from './rule';

/** The builtin groups (Python 3.11+) and the `exceptiongroup` backport's. */
const GROUP_CLASS = /^(?:builtins\.|exceptiongroup\.)?(?:Base)?ExceptionGroup$/;

/**
 * ASYNC126: a subclass of ExceptionGroup or BaseExceptionGroup that does not override `derive`.
 * `split()` and `subgroup()` (what `except*` uses) build the parts with `derive`, whose default
 * returns a plain ExceptionGroup: handlers never see the subclass, nor what it adds.
 */
export const exceptionGroupDerive: Rule = {
  codes: [{ code: 'ASYNC126', title: 'ExceptionGroup subclass without `derive`', defaultSeverity: 'warning' }],
  check(context) {
    if (!context.isEnabled('ASYNC126')) return;
    const { model } = context;
    for (const definition of model.nodes('class_definition')) {
      const base = baseClassNames(definition).find((candidate) => GROUP_CLASS.test(model.qualifiedName(candidate) ?? ''));
      const name = field(definition, 'name');
      // `def derive(...)` (async or decorated too), `derive = ...`: any binding in the class body.
      if (!base || !name || model.scopes.scopeOf(definition)?.bindings.has('derive')) continue;
      context.report({
        code: 'ASYNC126',
        node: name,
        message: t(
          '`{0}` subclasses `{1}` without overriding `derive`: `split()` and `subgroup()`, which `except*` uses, build plain exception groups, so handlers never see a `{0}` nor what it adds. Define `derive(self, excs)` to return a `{0}` holding `excs`.',
          name.text,
          base.text,
        ),
      });
    }
  },
};
