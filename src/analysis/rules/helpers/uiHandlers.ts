import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { argument, callArguments, field, unparenthesize } from '../../syntax';
import { decoratorName, decoratorsOf, derivesFrom, givenDefinition, ownerClass } from './functions';

/**
 * User-interface libraries that run on an asyncio loop and call a sync handler there directly, awaiting only
 * what it returns: NiceGUI on its server's loop (`events.handle_event`), Toga on the loop of the app's main
 * thread (`toga.handlers.wrapped_handler`), Kivy when the program runs it with `async_run` (its clock's callbacks and
 * event handlers then run inside the coroutine that drives the window), Qt when the program runs it on asyncio with
 * qasync or QtAsyncio (its event loop is then asyncio's).
 */
interface Framework {
  name: 'NiceGUI' | 'Toga' | 'Kivy' | 'Qt';
  /** The packages a module imports when it uses the library. */
  modules: readonly string[];
  /** When the library runs on asyncio only in some programs: whether this one does. */
  onAsyncio?: (model: SemanticModel) => boolean;
  /** Calls whose `on_…=` keywords are handlers: the library's elements and widgets. */
  elements?: RegExp;
  /** Calls that take a handler as another argument. */
  callbacks: Readonly<Record<string, { position: number; keyword: string }>>;
  /** An element's own registrations (`button.on('click', f)`, `upload.on_upload(f)`): the handler's position. */
  elementMethods?: RegExp;
  /** Decorators of a sync function the library calls (`@ui.page`). */
  decorators?: ReadonlySet<string>;
  /** Methods of a subclass of these classes that the library calls (`startup` of a `toga.App`). */
  classMethods?: { bases: RegExp; names: RegExp };
  /** `widget.on_press = handler`: an attribute assignment registers the handler. */
  assignedHandlers?: boolean;
  /**
   * The library awaits what a handler returns, so an `async def` may take a sync handler's place; not for
   * `classMethods` and `syncCallbacks`, whose result it uses at once.
   */
  awaitsHandlers?: boolean;
  /** Callbacks (of `callbacks`) and methods (of `classMethods`) whose result the library uses at once: they cannot be coroutines. */
  syncCallbacks?: ReadonlySet<string>;
  syncMethods?: RegExp;
  /**
   * A decorator that turns a coroutine function into a callable the library may call as a handler, which starts a
   * task (qasync's `asyncSlot`), and whether this program has it.
   */
  asyncWrapper?: { module: string; name: string; available: (model: SemanticModel) => boolean };
  /** `widget.bind(on_press=f, text=g)`: every keyword of `bind` names an event or property, its value the handler. */
  bindsKeywords?: boolean;
  /** `button.clicked.connect(f)`: a signal's `connect` registers the function it is given. */
  connectsSignals?: boolean;
}

const QT_BINDINGS = ['PyQt5', 'PyQt6', 'PySide2', 'PySide6'];

const FRAMEWORKS: readonly Framework[] = [
  {
    name: 'NiceGUI',
    modules: ['nicegui'],
    elements: /^nicegui\.ui\./,
    callbacks: {
      'nicegui.ui.timer': { position: 1, keyword: 'callback' },
      'nicegui.app.on_startup': { position: 0, keyword: 'handler' },
      'nicegui.app.on_shutdown': { position: 0, keyword: 'handler' },
      'nicegui.app.on_connect': { position: 0, keyword: 'handler' },
      'nicegui.app.on_disconnect': { position: 0, keyword: 'handler' },
    },
    elementMethods: /^on(_\w+)?$/,
    decorators: new Set(['nicegui.ui.page']),
    awaitsHandlers: true,
  },
  {
    name: 'Toga',
    modules: ['toga'],
    elements: /^toga\./,
    callbacks: { 'toga.Command': { position: 0, keyword: 'action' }, 'toga.App': { position: -1, keyword: 'startup' } },
    classMethods: { bases: /^toga\.(app\.)?(App|MainWindow|Window)$/, names: /^(startup|on_exit)$/ },
    assignedHandlers: true,
    awaitsHandlers: true,
    // `startup` must have set the main window when it returns (`App._startup` checks it at once).
    syncCallbacks: new Set(['toga.App']),
    syncMethods: /^startup$/,
  },
  {
    // Kivy's own clock loop runs as a coroutine under `async_run` (`async_runTouchApp`): every callback is on asyncio's loop.
    name: 'Kivy',
    modules: ['kivy', 'kivymd'],
    onAsyncio: (model) => model.spelledInProject('async_run') || model.spelledInProject('async_runTouchApp'),
    elements: /^(kivy|kivymd)\./,
    callbacks: Object.fromEntries(['schedule_interval', 'schedule_once', 'create_trigger'].map((name) => [`kivy.clock.Clock.${name}`, { position: 0, keyword: 'callback' }])),
    classMethods: { bases: /^(kivy|kivymd)\./, names: /^(on_\w+|build)$/ },
    bindsKeywords: true,
  },
  {
    // With qasync (or Qt's own QtAsyncio) the Qt event loop is the asyncio loop: every slot and event handler runs on it.
    name: 'Qt',
    modules: QT_BINDINGS,
    onAsyncio: (model) => ['qasync', 'QtAsyncio', 'asyncqt', 'quamash'].some((word) => model.spelledInProject(word)),
    callbacks: Object.fromEntries(QT_BINDINGS.map((binding) => [`${binding}.QtCore.QTimer.singleShot`, { position: 1, keyword: 'functor' }])),
    classMethods: { bases: /^(PyQt[56]|PySide[26])\./, names: /^(\w+Event|event|eventFilter)$/ },
    connectsSignals: true,
    asyncWrapper: { module: 'qasync', name: 'asyncSlot', available: (model) => model.spelledInProject('qasync') },
  },
];

/** Methods of an element that return the element (`ui.button('Go').props('flat').on('click', f)`). */
const CHAINED = new Set(['props', 'classes', 'style', 'tooltip', 'mark', 'bind_value', 'bind_visibility_from', 'bind_text_from']);

export interface UiCall {
  framework: Framework['name'];
  /** The registration as written: `ui.button(…, on_click=…)`, `@ui.page(…)`, `self.button.on_press = …`. */
  by: string;
  /** The library would await it as an `async def` too. */
  mayBeAsync: boolean;
  /** The library uses what it returns at once: it cannot be a coroutine. */
  mustStaySync?: boolean;
  /** As an `async def`, it needs this decorator (`qasync.asyncSlot`). */
  asyncWrapper?: { module: string; name: string };
}

/** How a user-interface library on asyncio is given this def (or lambda) to call on its loop, or undefined. */
export function uiCall(model: SemanticModel, definition: SyntaxNode): UiCall | undefined {
  for (const framework of FRAMEWORKS) {
    if (!framework.modules.some((module) => model.importsModule(module)) || (framework.onAsyncio && !framework.onAsyncio(model))) continue;
    if (definition.type === 'function_definition') {
      const decorator = framework.decorators && decoratorsOf(definition).find((node) => framework.decorators!.has(decoratorName(model, node) ?? ''));
      if (decorator) return { framework: framework.name, by: `@${decoratorName(model, decorator)!.split('.').slice(-2).join('.')}(…)`, mayBeAsync: framework.awaitsHandlers === true };
      const owner = framework.classMethods && ownerClass(definition);
      const name = field(definition, 'name')?.text ?? '';
      if (owner && framework.classMethods!.names.test(name) && derivesFrom(model, owner, (base) => framework.classMethods!.bases.test(base))) {
        return { framework: framework.name, by: `${field(owner, 'name')?.text ?? ''}.${name}`, mayBeAsync: false, mustStaySync: framework.syncMethods?.test(name) };
      }
    }
    const handler = handlersOf(model, framework).get(definition.id);
    if (handler) return { framework: framework.name, ...handler };
  }
  return undefined;
}

const HANDLERS = {};

type Handler = Omit<UiCall, 'framework'>;

function handlersOf(model: SemanticModel, framework: Framework): Map<number, Handler> {
  const byFramework = model.workspaceAnswer(HANDLERS, () => new Map<Framework, Map<number, Handler>>());
  let found = byFramework.get(framework);
  if (found) return found;
  found = new Map();
  byFramework.set(framework, found);
  const wrapper = framework.asyncWrapper?.available(model) ? { module: framework.asyncWrapper.module, name: framework.asyncWrapper.name } : undefined;
  const add = (given: SyntaxNode | undefined, how: string, mustStaySync = false) => {
    const definition = givenDefinition(model, given);
    if (!definition || found!.has(definition.id)) return;
    const mayBeAsync = (framework.awaitsHandlers === true || wrapper !== undefined) && !mustStaySync;
    found!.set(definition.id, { by: how.replace(/\s+/g, ' '), mayBeAsync, mustStaySync, ...(mayBeAsync && wrapper ? { asyncWrapper: wrapper } : {}) });
  };
  for (const call of model.nodes('call')) {
    const callee = field(call, 'function');
    if (!callee) continue;
    const name = model.qualifiedName(callee) ?? '';
    const slot = framework.callbacks[name];
    if (slot) add(argument(callArguments(call), slot.position, slot.keyword), `${callee.text}(…)`, framework.syncCallbacks?.has(name));
    if (framework.elements?.test(name)) {
      for (const [key, value] of callArguments(call).keywords) {
        if (key.startsWith('on_')) add(value, `${callee.text}(…, ${key}=…)`);
      }
      continue;
    }
    const method = callee.type === 'attribute' ? (field(callee, 'attribute')?.text ?? '') : '';
    if (framework.connectsSignals && method === 'connect') {
      add(callArguments(call).positional[0], `${callee.text}(…)`);
      continue;
    }
    if (framework.bindsKeywords && method === 'bind') {
      for (const [key, value] of callArguments(call).keywords) add(value, `.bind(${key}=…)`);
      continue;
    }
    if (framework.elementMethods?.test(method) && isElement(model, framework, field(callee, 'object')!, 0)) {
      add(argument(callArguments(call), method === 'on' ? 1 : 0, 'handler'), `.${method}(…)`);
    }
  }
  if (framework.assignedHandlers) {
    for (const assignment of model.nodes('assignment')) {
      const target = field(assignment, 'left');
      const attribute = target?.type === 'attribute' ? field(target, 'attribute')?.text : undefined;
      if (attribute?.startsWith('on_')) add(field(assignment, 'right') ?? undefined, `${target!.text} = …`);
    }
  }
  return found;
}

/** `ui.button(...)`, a chain of its styling methods, or a name bound once to one. */
function isElement(model: SemanticModel, framework: Framework, expression: SyntaxNode, depth: number): boolean {
  const node = unparenthesize(expression);
  if (depth > 8) return false;
  if (node.type === 'call') {
    const callee = field(node, 'function');
    if (!callee) return false;
    if (framework.elements?.test(model.qualifiedName(callee) ?? '')) return true;
    return callee.type === 'attribute' && CHAINED.has(field(callee, 'attribute')?.text ?? '') && isElement(model, framework, field(callee, 'object')!, depth + 1);
  }
  if (node.type !== 'identifier') return false;
  const binding = model.lookup(node.text, node);
  return binding?.kind === 'assignment' && binding.value !== undefined && isElement(model, framework, binding.value, depth + 1);
}
