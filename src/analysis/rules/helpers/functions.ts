import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { baseClassNames, dottedText, field, isStringStatement, namedChildren, statements, unparenthesize } from '../../syntax';

/** What a def returns when its body is one `return` of a value, a docstring aside. */
export function soleReturnValue(definition: SyntaxNode): SyntaxNode | undefined {
  const body = statements(field(definition, 'body'));
  const [only, ...rest] = body[0] && isStringStatement(body[0]) ? body.slice(1) : body;
  return only?.type === 'return_statement' && rest.length === 0 ? namedChildren(only).find((item) => item.type !== 'comment') : undefined;
}

/** The decorators of a def or class, outermost first. */
export function decoratorsOf(definition: SyntaxNode): SyntaxNode[] {
  const parent = definition.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return namedChildren(parent).filter((child) => child.type === 'decorator');
}

/** A decorator's expression without parentheses (`@mcp.tool()` → `mcp.tool()`), and what it calls or names (`mcp.tool`). */
export function decoratorParts(decorator: SyntaxNode): { expression: SyntaxNode; callee: SyntaxNode | null } | undefined {
  const written = namedChildren(decorator).find((child) => child.type !== 'comment');
  if (!written) return undefined;
  const expression = unparenthesize(written);
  return { expression, callee: expression.type === 'call' ? field(expression, 'function') : expression };
}

/**
 * What a decorator names, resolved through imports when possible: `@contextlib.asynccontextmanager`,
 * `@asynccontextmanager` and `@pytest.fixture(scope="module")` give `contextlib.asynccontextmanager`
 * and `pytest.fixture`; an unresolved name gives its text.
 */
export function decoratorName(model: SemanticModel, decorator: SyntaxNode): string | undefined {
  const parts = decoratorParts(decorator);
  if (!parts) return undefined;
  const named = parts.callee ?? parts.expression;
  return model.qualifiedName(named) ?? dottedText(named);
}

/** Whether a decorator is one of `names`, also through the other branch of an import fallback. */
export function hasDecorator(model: SemanticModel, definition: SyntaxNode, names: ReadonlySet<string>): boolean {
  return decoratorsOf(definition).some((decorator) => {
    const name = decoratorName(model, decorator);
    if (name !== undefined && names.has(name)) return true;
    const expression = namedChildren(decorator).find((child) => child.type !== 'comment');
    const callee = expression && unparenthesize(expression).type === 'call' ? field(unparenthesize(expression), 'function') : expression;
    return callee !== null && callee !== undefined && model.alternativeNames(callee).some((alternative) => names.has(alternative));
  });
}

/** The class whose body holds the def directly (its decorators aside). */
export function ownerClass(definition: SyntaxNode): SyntaxNode | undefined {
  const statement = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  const owner = statement.parent?.parent;
  return owner?.type === 'class_definition' ? owner : undefined;
}

/** A def written directly in a class body. */
export function isMethod(definition: SyntaxNode): boolean {
  const statement = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  return statement.parent?.type === 'block' && statement.parent.parent?.type === 'class_definition';
}

/**
 * A body that only declares the function: docstring, `...`, `pass`, or a `raise` (abstract methods,
 * fallbacks such as `raise ImportError("install X")` that must keep the real function's signature).
 */
export function isStubBody(body: SyntaxNode | null): boolean {
  return statements(body).every((statement) => {
    if (statement.type === 'pass_statement') return true;
    if (statement.type === 'expression_statement') {
      const expression = namedChildren(statement);
      return expression.length === 1 && (expression[0].type === 'ellipsis' || expression[0].type === 'string');
    }
    return statement.type === 'raise_statement';
  });
}

/** The `def` a call's callee names, when it is defined in this file: `fetch(...)`, `self.fetch(...)`. */
export function calledDefinition(model: SemanticModel, call: SyntaxNode): SyntaxNode | undefined {
  const callee = field(call, 'function');
  if (!callee) return undefined;
  const target = unparenthesize(callee);
  if (target.type === 'identifier') {
    const binding = model.lookup(target.text, target);
    return binding?.kind === 'function' ? binding.node : undefined;
  }
  if (target.type !== 'attribute') return undefined;
  const object = field(target, 'object');
  const attribute = field(target, 'attribute');
  if (object?.type !== 'identifier' || !attribute || (object.text !== 'self' && object.text !== 'cls')) return undefined;
  const classBody = enclosingClassBody(call);
  if (!classBody) return undefined;
  for (const statement of namedChildren(classBody)) {
    const definition = statement.type === 'decorated_definition' ? field(statement, 'definition') : statement;
    if (definition?.type === 'function_definition' && field(definition, 'name')?.text === attribute.text) return definition;
  }
  return undefined;
}

function enclosingClassBody(node: SyntaxNode): SyntaxNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'class_definition') return field(parent, 'body') ?? undefined;
  }
  return undefined;
}

/** How deep workspace base classes are followed to find a library's class among them. */
const MAX_BASE_DEPTH = 4;

/** The class, or one of its workspace bases (and theirs), names a base whose qualified name `matches` (a library's class). */
export function derivesFrom(model: SemanticModel, classNode: SyntaxNode, matches: (qualifiedName: string) => boolean, depth = 0): boolean {
  if (baseClassNames(classNode).some((base) => matches(model.qualifiedName(base) ?? ''))) return true;
  return depth < MAX_BASE_DEPTH && model.basesOf(classNode).some((base) => derivesFrom(base.model, base.node, matches, depth + 1));
}

/** The def `reference` names in this module: `flush` bound by a `def`, or `self._tick` of the enclosing class. */
export function namedDefinition(model: SemanticModel, reference: SyntaxNode): SyntaxNode | undefined {
  if (reference.type === 'identifier') {
    const binding = model.lookup(reference.text, reference);
    return binding?.kind === 'function' && binding.node.type === 'function_definition' ? binding.node : undefined;
  }
  const receiver = reference.type === 'attribute' ? field(reference, 'object') : null;
  const name = reference.type === 'attribute' ? field(reference, 'attribute')?.text : undefined;
  const method = model.enclosingFunction(reference);
  const owner = method && ownerClass(method);
  if (receiver?.type !== 'identifier' || receiver.text !== 'self' || !name || !owner) return undefined;
  const body = field(owner, 'body');
  for (const statement of body ? namedChildren(body) : []) {
    const definition = statement?.type === 'decorated_definition' ? field(statement, 'definition') : statement;
    if (definition?.type === 'function_definition' && field(definition, 'name')?.text === name) return definition;
  }
  return undefined;
}

/** The function a registration is given: a lambda written there, or a def `namedDefinition` finds. */
export function givenDefinition(model: SemanticModel, given: SyntaxNode | undefined): SyntaxNode | undefined {
  const value = given && unparenthesize(given);
  return value?.type === 'lambda' ? value : value && namedDefinition(model, value);
}
