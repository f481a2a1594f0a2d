import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { field, namedChildren, outermostParenthesized, unparenthesize } from '../../syntax';
import type { ModuleLoader } from '../../workspace';
import { ownerClass } from './functions';
import { referencesByName } from './nameReferences';
import { referencesElsewhere } from './projectReferences';
import { walkFrame } from './suspension';

/** Dependency-injection entry points that run a one-`yield` generator to its end when the request ends. */
const DEPENDENCY_MARKERS = new Set([
  'fastapi.Depends',
  'fastapi.Security',
  'fastapi.params.Depends',
  'fastapi.params.Security',
  'litestar.di.Provide',
  'litestar.Provide',
]);
const LOOPS = new Set(['for_statement', 'while_statement']);

/**
 * An async generator shaped as a dependency provider: exactly one `yield`, outside any loop, and every
 * reference to it in its module either passes it to `fastapi.Depends(...)` / `litestar.di.Provide(...)`
 * or is a `return` of it from the function that defines it (a provider factory), at least one of them;
 * setting its attributes (`provider.__signature__ = ...`) is allowed. The frameworks resume such a
 * generator once after the request (FastAPI through `asynccontextmanager`, Litestar's cleanup), so the
 * blocks around the `yield` exit when the request ends. An `async for` over it, or any other use, rules
 * it out.
 */
export function isDependencyProvider(model: SemanticModel, definition: SyntaxNode): boolean {
  const name = field(definition, 'name')?.text;
  const body = field(definition, 'body');
  if (!name || !body || !singleYieldOutsideLoops(body)) return false;
  const statement = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  const definer = model.enclosingFunction(statement);
  let provided = false;
  for (const { node: identifier, attribute } of referencesByName(model, new Set([name])).get(name) ?? []) {
    if (attribute || model.lookup(name, identifier)?.node.id !== definition.id) continue;
    const use = useOf(model, identifier, definer);
    if (use === 'other') return false;
    if (use === 'provided') provided = true;
  }
  return provided;
}

/**
 * A module-level async generator shaped as a dependency provider — one `yield`, outside any loop, of
 * the object a `with` around it opened (`async with maker() as session: yield session`) — that its own
 * module never mentions: the module only offers it, and the use is elsewhere, most often another
 * module's `Depends(get_session)`, which closes it after each request; an `async for` that stops early
 * is possible but out of this module's sight.
 */
export function isOfferedProvider(model: SemanticModel, definition: SyntaxNode, yieldNode: SyntaxNode): boolean {
  const name = field(definition, 'name')?.text;
  const body = field(definition, 'body');
  const statement = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  const method = publicClassOf(definition) !== undefined;
  if (!name || name.startsWith('_') || !body || (statement.parent?.type !== 'module' && !method) || !singleYieldOutsideLoops(body)) return false;
  if (!yieldsWithTarget(yieldNode, body)) return false;
  const references = referencesByName(model, new Set([name])).get(name) ?? [];
  // A method (`get_session = db_helper.get_session` in another module): no mention of the name at all here.
  if (method) return references.every(({ node }) => node.id === field(definition, 'name')?.id);
  return references.every(({ node }) => model.lookup(name, node)?.node.id !== definition.id);
}

/** The public module-level class whose body holds the def. */
function publicClassOf(definition: SyntaxNode): SyntaxNode | undefined {
  const cls = ownerClass(definition);
  if (!cls || field(cls, 'name')?.text.startsWith('_')) return undefined;
  const clsStatement = cls.parent?.type === 'decorated_definition' ? cls.parent : cls;
  return clsStatement.parent?.type === 'module' ? cls : undefined;
}

/**
 * An offered provider (see isOfferedProvider) that the other modules of its project only hand to
 * `Depends(...)` / `Provide(...)`, once at least: the framework closes it after each request.
 */
export function isProvidedElsewhere(modules: ModuleLoader, file: string, model: SemanticModel, definition: SyntaxNode): boolean {
  const references = referencesElsewhere(modules, file, model, definition);
  return !!references && references.length > 0 && references.every(({ module, node }) => node.type === 'identifier' && useOf(module.model, node, undefined) === 'provided');
}

/**
 * `yield session` inside `with … as session:` (of the same function body), or an object made from it:
 * `yield await connection.channel()`, `yield session.bind` (not a slice of it, `yield view[:1]`).
 */
function yieldsWithTarget(yieldNode: SyntaxNode, body: SyntaxNode): boolean {
  const value = namedChildren(yieldNode)[0];
  const yielded = value ? rootName(value) : undefined;
  if (yielded?.type !== 'identifier') return false;
  for (let parent = yieldNode.parent; parent && parent.id !== body.id; parent = parent.parent) {
    if (parent.type !== 'with_statement') continue;
    const clause = namedChildren(parent).find((child) => child.type === 'with_clause');
    for (const item of clause ? namedChildren(clause) : []) {
      const pattern = field(item, 'value');
      const target = pattern?.type === 'as_pattern' ? namedChildren(pattern).find((child) => child.type === 'as_pattern_target') : undefined;
      if (target && unparenthesize(namedChildren(target)[0] ?? target).text === yielded.text) return true;
    }
  }
  return false;
}

/** The name an expression is made from: `connection` in `await connection.channel()`. */
function rootName(expression: SyntaxNode): SyntaxNode | undefined {
  let node: SyntaxNode | null | undefined = unparenthesize(expression);
  for (let depth = 0; node && depth < 8; depth++) {
    if (node.type === 'identifier') return node;
    if (node.type === 'await') node = namedChildren(node)[0];
    else if (node.type === 'call') node = field(node, 'function');
    else if (node.type === 'attribute') node = field(node, 'object');
    else return undefined;
    node = node ? unparenthesize(node) : node;
  }
  return undefined;
}

function singleYieldOutsideLoops(body: SyntaxNode): boolean {
  let yields = 0;
  let inLoop = false;
  walkFrame(body, (node) => {
    if (node.type !== 'yield') return;
    yields++;
    for (let parent = node.parent; parent && parent.id !== body.id; parent = parent.parent) if (LOOPS.has(parent.type)) inLoop = true;
  });
  return yields === 1 && !inLoop;
}

function useOf(model: SemanticModel, identifier: SyntaxNode, definer: SyntaxNode | undefined): 'provided' | 'neutral' | 'other' {
  const node = outermostParenthesized(identifier);
  const parent = node.parent;
  // `return provide_service` from the function that defines it.
  if (parent?.type === 'return_statement' && definer && model.enclosingFunction(parent)?.id === definer.id) return 'provided';
  // `Depends(get_db)`, `Provide(get_db)`, `Depends(dependency=get_db)`.
  const argumentList = parent?.type === 'keyword_argument' ? parent.parent : parent;
  const call = argumentList?.type === 'argument_list' ? argumentList.parent : null;
  if (call?.type === 'call' && model.callTargets(call).some((target) => DEPENDENCY_MARKERS.has(target))) return 'provided';
  // `provider.__signature__ = ...`: an attribute set on it.
  const assignment = parent?.type === 'attribute' ? parent.parent : null;
  if (assignment?.type === 'assignment' && field(assignment, 'left')?.id === parent!.id) return 'neutral';
  // Anything else (a call, `async for item in provider()`, an alias) may iterate it as a stream.
  return 'other';
}
