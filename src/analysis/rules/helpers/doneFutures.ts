import type { SyntaxNode } from '../../parser';
import { field, namedChildren, unparenthesize } from '../../syntax';
import { walkFrame } from './suspension';

const FRAMES = new Set(['function_definition', 'lambda', 'class_definition', 'module']);

/**
 * A future known to be done where it is awaited: `fut` of `for fut in done`, `done.pop()` (or a name
 * bound to it) where `done, pending = await asyncio.wait(…)`, or `fut` under `if fut.done():`.
 * Awaiting it gives its outcome at once without suspending, so no cancellation from outside can
 * arrive there: a CancelledError raised is the future's own.
 */
export function isDoneFuture(awaited: SyntaxNode): boolean {
  if (popsDoneSet(awaited)) return true;
  if (awaited.type !== 'identifier') return false;
  const bound = lastBinding(awaited.text, awaited);
  if (bound && bound.position === undefined && popsDoneSet(bound.value)) return true;
  let loop: SyntaxNode | null = awaited.parent;
  while (loop && !FRAMES.has(loop.type) && !(loop.type === 'for_statement' && field(loop, 'left')?.text === awaited.text)) loop = loop.parent;
  // A test inside `for fut in ...` speaks of the loop's `fut`; one outside it, of another binding.
  if (underDoneTest(awaited, awaited.text, loop)) return true;
  const collection = loop?.type === 'for_statement' ? field(loop, 'right') : null;
  return collection !== null && isDoneSet(unparenthesize(collection), loop!);
}

/**
 * `node` runs in the body of `if fut.done():` (alone or among `and` operands) in its frame, below
 * `stop` when given; `future` is the text of `fut`.
 */
export function underDoneTest(node: SyntaxNode, future: string, stop?: SyntaxNode | null): boolean {
  let child = node;
  for (let parent = node.parent; parent && parent.id !== stop?.id && !FRAMES.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type === 'if_statement' && field(parent, 'consequence')?.id === child.id && testsDone(field(parent, 'condition'), future)) return true;
  }
  return false;
}

/** `asyncio.wait(…)`, `wait(…)`: the call whose result is the pair of sets `(done, pending)`. */
export function isWaitCall(node: SyntaxNode | null | undefined): node is SyntaxNode {
  const callee = node?.type === 'call' ? field(node, 'function') : null;
  return callee !== null && /(^|\.)wait$/.test(callee.text);
}

/** `done` bound last, before `at`, as the first item of `await asyncio.wait(…)`. */
function isDoneSet(collection: SyntaxNode, at: SyntaxNode): boolean {
  if (collection.type !== 'identifier') return false;
  const bound = lastBinding(collection.text, at);
  return bound?.position === 0 && bound.value.type === 'await' && isWaitCall(unparenthesize(namedChildren(bound.value)[0] ?? bound.value));
}

function popsDoneSet(node: SyntaxNode): boolean {
  const callee = node.type === 'call' ? field(node, 'function') : null;
  const object = callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'pop' ? field(callee, 'object') : null;
  return object !== null && isDoneSet(object, node);
}

/** `fut.done()`, alone or as one operand of an `and`. */
function testsDone(condition: SyntaxNode | null, name: string): boolean {
  const test = condition ? unparenthesize(condition) : null;
  if (test?.type === 'boolean_operator') {
    return field(test, 'operator')?.text === 'and' && [field(test, 'left'), field(test, 'right')].some((part) => testsDone(part, name));
  }
  const callee = test?.type === 'call' ? field(test, 'function') : null;
  return callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'done' && field(callee, 'object')?.text.replace(/\s+/g, '') === name;
}

interface Binding {
  value: SyntaxNode;
  /** The place of the name in an unpacking target (`a, b = …`), undefined for a plain `name = …`. */
  position?: number;
}

/** The last assignment to `name` in the frame of `at` before `at`; undefined when a loop or `+=` rebinds it after. */
function lastBinding(name: string, at: SyntaxNode): Binding | undefined {
  let frame = at.parent;
  while (frame && !FRAMES.has(frame.type)) frame = frame.parent;
  let last: Binding | undefined;
  walkFrame(frame ?? at, (node) => {
    if (node.startIndex >= at.startIndex) return false;
    const left = field(node, 'left');
    if (!left) return;
    if ((node.type === 'for_statement' || node.type === 'augmented_assignment') && left.text === name) last = undefined;
    const value = node.type === 'assignment' ? field(node, 'right') : null;
    if (!value) return;
    if (left.type === 'identifier' && left.text === name) last = { value };
    else if (left.type === 'pattern_list' || left.type === 'tuple_pattern') {
      const position = namedChildren(left).findIndex((target) => target.text === name);
      if (position >= 0) last = { value, position };
    }
  });
  return last;
}
