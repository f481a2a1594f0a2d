import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { field, MAX_NESTING, namedChildren } from '../../syntax';
import type { ModuleLoader } from '../../workspace';
import { decoratorName, decoratorsOf } from './functions';
import { isTestModule } from './projectReferences';

/** A workspace class, with the file of its module when known. */
export interface ClassRef {
  node: SyntaxNode;
  model: SemanticModel;
  file?: string;
}

/**
 * A method no instance runs as written: `@abstractmethod`, or a body (its docstring aside) that only raises
 * `NotImplementedError`. A call of it on an object typed with its class runs a subclass's method.
 */
export function isAbstractMethod(model: SemanticModel, definition: SyntaxNode): boolean {
  if (decoratorsOf(definition).some((decorator) => /(^|\.)abstractmethod$/.test(decoratorName(model, decorator) ?? ''))) return true;
  const statements = namedChildren(field(definition, 'body') ?? definition).filter((statement) => statement.type !== 'comment');
  const body = statements[0]?.type === 'expression_statement' && namedChildren(statements[0])[0]?.type === 'string' ? statements.slice(1) : statements;
  return body.length === 1 && body[0].type === 'raise_statement' && /^raise\s+NotImplementedError\b/.test(body[0].text);
}

/**
 * The one workspace class deriving from `base` that defines `method` itself, not abstract: in `base`'s module and the
 * other modules of its project that name `base` (test modules aside, whose fakes stand in for it there). Undefined
 * when there is none, more than one, or the project's modules are not all known (too many name it).
 */
export function soleImplementation(base: ClassRef, method: string, modules: ModuleLoader | undefined, basesOf: (cls: ClassRef) => ClassRef[]): ClassRef | undefined {
  const name = field(base.node, 'name')?.text;
  if (!name) return undefined;
  const others = base.file && modules ? modules.modulesMentioning(base.file, name) : [];
  if (!others) return undefined;
  const candidates: ClassRef[] = [];
  for (const module of [{ model: base.model, file: base.file }, ...others]) {
    if (module.file && base.file && module.file !== base.file && isTestModule(module.file, base.file)) continue;
    for (const cls of module.model.nodes('class_definition')) {
      const ref = { node: cls, model: module.model, file: module.file };
      if (!isSameClass(ref, base) && definesConcrete(ref, method) && derivesFrom(ref, base, basesOf, 0)) candidates.push(ref);
      if (candidates.length > 1) return undefined;
    }
  }
  return candidates[0];
}

function definesConcrete(cls: ClassRef, method: string): boolean {
  const bindings = cls.model.scopes.scopeOf(cls.node)?.bindings.get(method);
  return bindings?.length === 1 && bindings[0].kind === 'function' && !isAbstractMethod(cls.model, bindings[0].node);
}

function derivesFrom(cls: ClassRef, base: ClassRef, basesOf: (cls: ClassRef) => ClassRef[], depth: number): boolean {
  if (depth > MAX_NESTING) return false;
  return basesOf(cls).some((parent) => isSameClass(parent, base) || derivesFrom(parent, base, basesOf, depth + 1));
}

/** The same class, seen through the model of its module that another module loaded, or through the same model. */
function isSameClass(a: ClassRef, b: ClassRef): boolean {
  if (a.model === b.model) return a.node.id === b.node.id;
  return a.file !== undefined && a.file === b.file && a.node.startIndex === b.node.startIndex;
}
