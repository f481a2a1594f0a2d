import { t } from '../l10n';
import type { SyntaxNode } from '../parser';
import { callsNamed } from '../semantic/callIndex';
import { classAttributeBinding, type Definition, type SemanticModel } from '../semantic/model';
import { canonicalType, DJANGO_MANAGER, DJANGO_MODEL } from '../semantic/typeTables';
import { field, isAsyncFor, unparenthesize } from '../syntax';
import type { RuleContext } from './rule';

/** The async fetches of Django 4.1+ that give one model instance. */
const INSTANCE_FETCHES = new Set(['aget', 'afirst', 'alast', 'aearliest', 'alatest']);
/** Queryset methods whose queryset gives model instances (not `values()` dicts or `values_list()` tuples). */
const INSTANCE_QUERYSETS = new Set(['all', 'filter', 'exclude', 'order_by', 'distinct', 'reverse', 'annotate', 'alias', 'only', 'defer', 'using']);
/** Queryset methods that load related objects with the instance: after them a relation is read from memory. */
const RELATED_LOADERS = new Set(['select_related', 'prefetch_related']);
/** The model fields whose descriptor runs a query on first read. */
const FORWARD_RELATIONS = new Set(['django.db.models.ForeignKey', 'django.db.models.OneToOneField']);

const MESSAGE =
  'Reading `{0}` loads the related object with a query on the event loop: Django raises SynchronousOnlyOperation here. Load it with the instance (`{1}.select_related("{2}")`), or read `{0}_id` when its key is all you need.';

/**
 * AIO201: a coroutine fetches model instances with Django's async API (`order = await Order.objects.aget(pk=pk)`,
 * `async for order in Order.objects.filter(...)`) and then reads one of their forward relations (`order.customer`, a
 * `ForeignKey` or `OneToOneField` the workspace model declares): the descriptor runs a sync query, which Django
 * refuses on the loop. Only instances fetched in the same function through Django's own manager without
 * `select_related`/`prefetch_related`, and the first read of each relation, are reported.
 */
export function checkRelatedObjectReads(context: RuleContext): void {
  const { model } = context;
  if (!context.isEnabled('AIO201')) return;
  const fetches = [...callsNamed(model, INSTANCE_FETCHES).map((call) => fetchedByAwait(model, call)), ...model.nodes('for_statement').map((loop) => fetchedByLoop(model, loop))];
  for (const fetched of fetches) {
    if (!fetched || !model.isOnEventLoop(fetched.binder)) continue;
    const reported = new Set<string>();
    for (const read of relationReads(model, fetched)) {
      if (reported.has(read.relation)) continue;
      reported.add(read.relation);
      context.report({ code: 'AIO201', node: read.node, message: t(MESSAGE, read.node.text, fetched.manager.text, read.relation) });
    }
  }
}

interface FetchedInstance {
  /** The name the instances are bound to, where (the assignment, or the loop), and where it may be read. */
  name: SyntaxNode;
  binder: SyntaxNode;
  reads: { from: number; to: number };
  /** The model class, and the manager the chain starts from (`Order.objects`). */
  modelClass: Definition;
  manager: SyntaxNode;
}

/** `order = await Order.objects.filter(...).aget(...)`: read after it, in the same function. */
function fetchedByAwait(model: SemanticModel, fetch: SyntaxNode): FetchedInstance | undefined {
  const awaited = fetch.parent;
  const assignment = awaited?.type === 'await' ? awaited.parent : undefined;
  const target = assignment?.type === 'assignment' && field(assignment, 'right')?.id === awaited!.id ? field(assignment, 'left') : null;
  const owner = assignment && model.enclosingFunction(assignment);
  if (target?.type !== 'identifier' || !owner) return undefined;
  const source = managerOf(model, field(fetch, 'function'));
  return source && { name: target, binder: assignment!, reads: { from: assignment!.endIndex, to: owner.endIndex }, ...source };
}

/** `async for order in Order.objects.filter(...)`: read in the loop's body. */
function fetchedByLoop(model: SemanticModel, loop: SyntaxNode): FetchedInstance | undefined {
  const target = field(loop, 'left');
  const iterable = field(loop, 'right');
  const body = field(loop, 'body');
  if (target?.type !== 'identifier' || !iterable || !body || !isAsyncFor(loop)) return undefined;
  const chain = unparenthesize(iterable);
  const callee = chain.type === 'call' ? field(chain, 'function') : null;
  // A queryset of model instances (not `values()` dicts or `values_list()` tuples).
  const source = callee?.type === 'attribute' && INSTANCE_QUERYSETS.has(field(callee, 'attribute')?.text ?? '') ? managerOf(model, callee) : undefined;
  return source && { name: target, binder: loop, reads: { from: body.startIndex, to: body.endIndex }, ...source };
}

/**
 * Down a call chain to the manager it starts from (`.filter(...).aget` → `Order.objects`), when that is Django's
 * own manager of a workspace model and no call in the chain loads related objects.
 */
function managerOf(model: SemanticModel, receiver: SyntaxNode | null): { modelClass: Definition; manager: SyntaxNode } | undefined {
  let manager: SyntaxNode | undefined;
  for (let steps = 0; receiver?.type === 'attribute' && steps < 16; steps++) {
    const object = unparenthesize(field(receiver, 'object')!);
    if (object.type !== 'call') {
      manager = object;
      break;
    }
    const callee = field(object, 'function');
    if (callee?.type !== 'attribute' || RELATED_LOADERS.has(field(callee, 'attribute')?.text ?? '')) return undefined;
    receiver = callee;
  }
  if (manager?.type !== 'attribute' || model.typeOf(manager) !== DJANGO_MANAGER) return undefined;
  const modelClass = model.definitionOf(field(manager, 'object'));
  if (modelClass?.node.type !== 'class_definition' || !modelClass.model.libraryBasesDefining(modelClass.node, '', 0).includes(DJANGO_MODEL)) return undefined;
  return plainManager(modelClass, field(manager, 'attribute')?.text ?? '') ? { modelClass, manager } : undefined;
}

/**
 * Whether the manager is Django's own: the implicit `objects`, or one the model (or a workspace base) declares as
 * `models.Manager()`. A manager of the workspace may load relations in its `get_queryset` (`select_related`).
 */
function plainManager(modelClass: Definition, name: string): boolean {
  const declared = declaredCall(modelClass, name);
  return declared === undefined ? name === 'objects' : declared === DJANGO_MANAGER;
}

/** Reads of `name.relation` where the instance may be read, in the same function, where `relation` is a forward relation of the model. */
function relationReads(model: SemanticModel, fetched: FetchedInstance): Array<{ node: SyntaxNode; relation: string }> {
  const owner = model.enclosingFunction(fetched.binder);
  const binding = model.lookup(fetched.name.text, fetched.name);
  const assigned = new Set<string>();
  const reads: Array<{ node: SyntaxNode; relation: string }> = [];
  for (const attribute of model.nodesWithin('attribute', fetched.reads.from, fetched.reads.to)) {
    const object = field(attribute, 'object');
    const relation = field(attribute, 'attribute')?.text;
    if (object?.type !== 'identifier' || object.text !== fetched.name.text || !relation || model.enclosingFunction(attribute)?.id !== owner?.id) continue;
    // Rebound since (`order = other`), or the relation set by hand (`order.customer = c`): nothing to load.
    if (model.lookup(fetched.name.text, object) !== binding) continue;
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
function isForwardRelation(modelClass: Definition, name: string): boolean {
  return FORWARD_RELATIONS.has(declaredCall(modelClass, name) ?? '');
}

/**
 * What the model class (or the first workspace base that binds the name) assigns to a class attribute: the canonical
 * name of the callee when it is one call (`models.ForeignKey(...)` → `django.db.models.ForeignKey`), '' for any other
 * binding; undefined when no class binds it.
 */
function declaredCall(modelClass: Definition, name: string): string | undefined {
  const binding = classAttributeBinding(modelClass, name);
  if (!binding) return binding === null ? '' : undefined;
  const call = unparenthesize(binding.node);
  const callee = call.type === 'call' ? field(call, 'function') : null;
  return callee ? canonicalType(binding.model.qualifiedName(callee) ?? '') : '';
}

export const DJANGO_RELATION_STRINGS = [MESSAGE];
