import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { argument, callArguments, field, unparenthesize } from '../../syntax';
import { decoratorName, decoratorsOf } from './functions';

/**
 * NiceGUI runs on its server's asyncio loop and calls a sync event handler there directly (`events.handle_event`:
 * `result = handler(arguments)`, awaited only when it is awaitable), as it does a timer's callback, an app
 * lifecycle handler and a sync page function.
 */
const ELEMENTS = /^nicegui\.ui\./;
/** Calls that take the function NiceGUI calls as an argument other than an `on_…=` keyword. */
const CALLBACK_ARGUMENTS: Readonly<Record<string, { position: number; keyword: string }>> = {
  'nicegui.ui.timer': { position: 1, keyword: 'callback' },
  'nicegui.app.on_startup': { position: 0, keyword: 'handler' },
  'nicegui.app.on_shutdown': { position: 0, keyword: 'handler' },
  'nicegui.app.on_connect': { position: 0, keyword: 'handler' },
  'nicegui.app.on_disconnect': { position: 0, keyword: 'handler' },
};
/** An element's own registrations: `button.on('click', f)`, `button.on_click(f)`, `slider.on_value_change(f)`. */
const ELEMENT_METHODS = /^on(_\w+)?$/;
const PAGE_DECORATORS = new Set(['nicegui.ui.page']);
/** Methods of an element that return the element (`ui.button('Go').props('flat').on('click', f)`). */
const CHAINED = new Set(['props', 'classes', 'style', 'tooltip', 'mark', 'bind_value', 'bind_visibility_from', 'bind_text_from']);

/** How NiceGUI is given this def (or lambda) to call on its loop, as written, or undefined. */
export function niceguiCall(model: SemanticModel, definition: SyntaxNode, named: (reference: SyntaxNode) => SyntaxNode | undefined): string | undefined {
  if (!model.importsModule('nicegui')) return undefined;
  if (definition.type === 'function_definition') {
    const page = decoratorsOf(definition).find((decorator) => PAGE_DECORATORS.has(decoratorName(model, decorator) ?? ''));
    if (page) return '@ui.page(…)';
  }
  return handlersOf(model, named).get(definition.id);
}

const handlers = new WeakMap<SemanticModel, Map<number, string>>();

function handlersOf(model: SemanticModel, named: (reference: SyntaxNode) => SyntaxNode | undefined): Map<number, string> {
  let found = handlers.get(model);
  if (found) return found;
  found = new Map();
  handlers.set(model, found);
  const add = (given: SyntaxNode | undefined, how: string) => {
    const value = given && unparenthesize(given);
    const definition = value?.type === 'lambda' ? value : value && named(value);
    if (definition && !found!.has(definition.id)) found!.set(definition.id, how);
  };
  for (const call of model.nodes('call')) {
    const callee = field(call, 'function');
    if (!callee) continue;
    const name = model.qualifiedName(callee) ?? '';
    const slot = CALLBACK_ARGUMENTS[name];
    if (slot) add(argument(callArguments(call), slot.position, slot.keyword), `${callee.text}(…)`);
    if (ELEMENTS.test(name)) {
      for (const [key, value] of callArguments(call).keywords) {
        if (key.startsWith('on_')) add(value, `${callee.text}(…, ${key}=…)`);
      }
      continue;
    }
    const method = callee.type === 'attribute' ? field(callee, 'attribute')?.text ?? '' : '';
    if (ELEMENT_METHODS.test(method) && isElement(model, field(callee, 'object')!, 0)) {
      add(argument(callArguments(call), method === 'on' ? 1 : 0, 'handler'), `.${method}(…)`);
    }
  }
  return found;
}

/** `ui.button(...)`, a chain of its styling methods, or a name bound once to one. */
function isElement(model: SemanticModel, expression: SyntaxNode, depth: number): boolean {
  const node = unparenthesize(expression);
  if (depth > 8) return false;
  if (node.type === 'call') {
    const callee = field(node, 'function');
    if (!callee) return false;
    if (ELEMENTS.test(model.qualifiedName(callee) ?? '')) return true;
    return callee.type === 'attribute' && CHAINED.has(field(callee, 'attribute')?.text ?? '') && isElement(model, field(callee, 'object')!, depth + 1);
  }
  if (node.type !== 'identifier') return false;
  const binding = model.lookup(node.text, node);
  return binding?.kind === 'assignment' && binding.value !== undefined && isElement(model, binding.value, depth + 1);
}
