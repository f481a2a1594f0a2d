import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import { ownerClass } from '../rules/helpers/functions';
import { baseClassNames, field, firstParameterName, isWithItemValue, passesKeywords } from '../syntax';
import type { Fix } from '../types';
import { importedReference, runnerEdits } from './blocking';

/** How deep workspace base classes are followed to find a Home Assistant base. */
const MAX_BASE_DEPTH = 4;

/**
 * `f(a)` → `await hass.async_add_executor_job(f, a)`: Home Assistant's own executor, which its developer
 * documentation asks integrations to use (it tracks the jobs at shutdown). The method takes no keyword
 * arguments, so `f(a, k=v)` becomes `async_add_executor_job(functools.partial(f, a, k=v))`.
 * Only where a Home Assistant instance is at hand: a `hass` parameter or local, or `self.hass` in a class
 * that is Home Assistant's (an entity, a coordinator, a config flow).
 */
export function executorJobFix(model: SemanticModel, call: SyntaxNode, label: string): Fix | undefined {
  const hass = homeAssistantAt(model, call);
  const args = field(call, 'arguments');
  if (!hass || !args || isWithItemValue(call)) return undefined;
  const keywords = passesKeywords(call);
  const partial = keywords ? importedReference(model, 'functools', 'partial', call) : undefined;
  if (keywords && !partial) return undefined;
  const edits = runnerEdits(call, `${hass}.async_add_executor_job`, partial?.text);
  if (!edits) return undefined;
  return {
    title: t("Run `{0}` in Home Assistant's executor with `await {1}.async_add_executor_job(...)`", label, hass),
    edits: [...(partial?.edits ?? []), ...edits],
    isPreferred: false,
  };
}

/** `hass` or `self.hass` as the call's function can write it, in a module of a Home Assistant integration. */
function homeAssistantAt(model: SemanticModel, call: SyntaxNode): string | undefined {
  if (!model.importsModule('homeassistant')) return undefined;
  const hass = model.lookup('hass', call);
  if (hass && (hass.kind === 'parameter' || (hass.kind === 'assignment' && model.scopes.enclosingScope(hass.node).kind === 'function'))) return 'hass';
  const method = model.asyncContext(call);
  const owner = method && ownerClass(method);
  const self = method && firstParameterName(method);
  if (!owner || !self || model.lookup(self, call)?.owner?.id !== method.id) return undefined;
  return isHomeAssistantClass(model, owner, 0) ? `${self}.hass` : undefined;
}

/** A class that derives from one of Home Assistant's, or whose methods use `self.hass`. */
function isHomeAssistantClass(model: SemanticModel, classNode: SyntaxNode, depth: number): boolean {
  if (/\bself\.hass\b/.test(classNode.text)) return true;
  if (baseClassNames(classNode).some((base) => model.qualifiedName(base)?.startsWith('homeassistant.'))) return true;
  return depth < MAX_BASE_DEPTH && model.basesOf(classNode).some((base) => isHomeAssistantClass(base.model, base.node, depth + 1));
}
