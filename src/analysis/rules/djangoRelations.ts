import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { callsNamed } from '../semantic/callIndex';
import type { Definition, SemanticModel } from '../semantic/model';
import { canonicalType } from '../semantic/typeTables';
import { field, unparenthesize } from '../syntax';
import type { RuleContext } from './rule';

/** The async fetches of Django 4.1+ that give one model instance. */
const INSTANCE_FETCHES = new Set(['aget', 'afirst', 'alast', 'aearliest', 'alatest']);
/** Queryset methods that load related objects with the instance: after them a relation is read from memory. */
const RELATED_LOADERS = new Set(['select_related', 'prefetch_related']);
/** The model fields whose descriptor runs a query on first read. */
const FORWARD_RELATIONS = new Set(['django.db.models.ForeignKey', 'django.db.models.OneToOneField']);
const DJANGO_MODEL = 'django.db.models.Model';
const DJANGO_MANAGER = 'django.db.models.Manager';

const MESSAGE =
  'Reading `{0}` loads the related object with a query on the event loop: Django raises SynchronousOnlyOperation here. Load it with the instance (`{1}.select_related("{2}")`), or read `{0}_id` when its key is all you need.';

/**
 * AIO201: a coroutine fetches a model instance with Django's async API (`order = await Order.objects.aget(pk=pk)`)
 * and then reads one of its forward relations (`order.customer`, a `ForeignKey` or `OneToOneField` the workspace
 * model declares): the descriptor runs a sync query, which Django refuses on the loop. Only instances fetched in the
 * same function without `select_related`/`prefetch_related`, and the first read of each relation, are reported.
 */
export function checkRelatedObjectReads(context: RuleContext): void {
  const { model } = context;
  if (!context.isEnabled('AIO201')) return;
  for (const fetch of callsNamed(model, INSTANCE_FETCHES)) {
    const fetched = fetchedInstance(model, fetch);
    if (!fetched || !model.isOnEventLoop(fetch)) continue;
    const reported = new Set<string>();
    for (const read of relationReads(model, fetched)) {
      if (reported.has(read.relation)) continue;
      reported.add(read.relation);
      context.report({ code: 'AIO201', node: read.node, message: t(MESSAGE, read.node.text, fetched.manager.text, read.relation) });
    }
  }
}

interface FetchedInstance {
  /** The name the instance is bound to, and the binding's statement. */
  name: string;
  assignment: SyntaxNode;
  /** The model class, and the manager the chain starts from (`Order.objects`). */
  modelClass: Definition;
  manager: SyntaxNode;
}

/** `order = await Order.objects.filter(...).aget(...)`, the chain without a related loader, on a workspace model. */
function fetchedInstance(model: SemanticModel, fetch: SyntaxNode): FetchedInstance | undefined {
  const awaited = fetch.parent;
  const assignment = awaited?.type === 'await' ? awaited.parent : undefined;
  const target = assignment?.type === 'assignment' && field(assignment, 'right')?.id === awaited!.id ? field(assignment, 'left') : null;
  if (target?.type !== 'identifier') return undefined;
  let receiver = field(fetch, 'function');
  let manager: SyntaxNode | undefined;
  // Down the chain: `.filter(...).aget` → `Order.objects`.
  for (let steps = 0; receiver?.type === 'attribute' && steps < 16; steps++) {
    const object = unparenthesize(field(receiver, 'object')!);
    if (object.type === 'call') {
      const callee = field(object, 'function');
      if (callee?.type !== 'attribute' || RELATED_LOADERS.has(field(callee, 'attribute')?.text ?? '')) return undefined;
      receiver = callee;
      continue;
    }
    manager = object;
    break;
  }
  if (manager?.type !== 'attribute' || model.typeOf(manager) !== DJANGO_MANAGER) return undefined;
  const modelClass = model.definitionOf(field(manager, 'object'));
  if (modelClass?.node.type !== 'class_definition' || !modelClass.model.libraryBasesDefining(modelClass.node, '', 0).includes(DJANGO_MODEL)) return undefined;
  if (!plainManager(modelClass, field(manager, 'attribute')?.text ?? '')) return undefined;
  return { name: target.text, assignment: assignment!, modelClass, manager };
}

/**
 * Whether the manager is Django's own: the implicit `objects`, or one the model (or a workspace base) declares as
 * `models.Manager()`. A manager of the workspace may load relations in its `get_queryset` (`select_related`).
 */
function plainManager(modelClass: Definition, name: string, depth = 0): boolean {
  const bindings = modelClass.model.scopes.scopeOf(modelClass.node)?.bindings.get(name);
  if (bindings) {
    const value = bindings.length === 1 && bindings[0].kind === 'assignment' ? bindings[0].value : undefined;
    const call = value && unparenthesize(value);
    const callee = call?.type === 'call' ? field(call, 'function') : null;
    return !!callee && canonicalType(modelClass.model.qualifiedName(callee) ?? '') === DJANGO_MANAGER;
  }
  if (depth >= 4) return name === 'objects';
  const bases = modelClass.model.basesOf(modelClass.node);
  return bases.length === 0 ? name === 'objects' : bases.every((base) => plainManager(base, name, depth + 1));
}

/** Reads of `name.relation` after the assignment in the same function, where `relation` is a forward relation of the model. */
function relationReads(model: SemanticModel, fetched: FetchedInstance): Array<{ node: SyntaxNode; relation: string }> {
  const owner = model.enclosingFunction(fetched.assignment);
  if (!owner) return [];
  const binding = model.lookup(fetched.name, field(fetched.assignment, 'left')!);
  const assigned = new Set<string>();
  const reads: Array<{ node: SyntaxNode; relation: string }> = [];
  for (const attribute of model.nodesWithin('attribute', fetched.assignment.endIndex, owner.endIndex)) {
    const object = field(attribute, 'object');
    const relation = field(attribute, 'attribute')?.text;
    if (object?.type !== 'identifier' || object.text !== fetched.name || !relation || model.enclosingFunction(attribute)?.id !== owner.id) continue;
    // Rebound since (`order = other`), or the relation set by hand (`order.customer = c`): nothing to load.
    if (model.lookup(fetched.name, object) !== binding) continue;
    if (isAssignmentTarget(attribute)) {
      assigned.add(relation);
      continue;
    }
    if (assigned.has(relation) || !isForwardRelation(fetched.modelClass, relation)) continue;
    reads.push({ node: attribute, relation });
  }
  return reads;
}

function isAssignmentTarget(node: SyntaxNode): boolean {
  const parent = node.parent;
  return (parent?.type === 'assignment' || parent?.type === 'augmented_assignment') && field(parent, 'left')?.id === node.id;
}

/** `customer = models.ForeignKey(Customer, ...)` in the model class or a workspace base of it. */
function isForwardRelation(modelClass: Definition, name: string, depth = 0): boolean {
  const bindings = modelClass.model.scopes.scopeOf(modelClass.node)?.bindings.get(name);
  if (bindings) {
    const value = bindings.length === 1 && bindings[0].kind === 'assignment' ? bindings[0].value : undefined;
    const call = value && unparenthesize(value);
    const callee = call?.type === 'call' ? field(call, 'function') : null;
    return !!callee && FORWARD_RELATIONS.has(canonicalType(modelClass.model.qualifiedName(callee) ?? ''));
  }
  if (depth >= 4) return false;
  return modelClass.model.basesOf(modelClass.node).some((base) => isForwardRelation(base, name, depth + 1));
}

export const DJANGO_RELATION_STRINGS = [MESSAGE];
