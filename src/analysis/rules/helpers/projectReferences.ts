import type { SyntaxNode } from '../../parser';
import type { Definition, SemanticModel } from '../../semantic/model';
import type { LoadedModule, ModuleLoader } from '../../workspace';
import { dirname, isInsideAny } from '../../moduleResolution';
import { field } from '../../syntax';
import { isMethod } from './functions';
import { referencesTo } from './nameReferences';

/**
 * The references other modules of the project make to a top-level function, or a method, of `file`:
 * each with its module. Undefined when the project's modules are not known, or a mention of the name
 * cannot be told apart (a method called on an object of unknown class, a function imported under
 * another name).
 */
export function referencesElsewhere(modules: ModuleLoader, file: string, model: SemanticModel, definition: SyntaxNode): Array<{ module: LoadedModule; node: SyntaxNode }> | undefined {
  const name = field(definition, 'name')?.text;
  if (!name) return undefined;
  const method = isMethod(definition);
  // A function is reached through an import that names its module or a package above it; a method, through any object.
  const mentioning = modules.modulesMentioning(file, name, method ? undefined : modulePathWords(file));
  if (!mentioning) return undefined;
  const found: Array<{ module: LoadedModule; node: SyntaxNode }> = [];
  const searched = new Set<string>();
  // A package's `__init__.py` that imports it offers it to the package's modules, whose `from . import run` spells neither.
  const offeredIn: string[] = [];
  const search = (module: LoadedModule): boolean => {
    searched.add(module.file);
    for (const reference of referencesTo(module.model, name)) {
      const target = method
        ? methodTarget(module.model, reference.node, model, definition)
        : functionTarget(module.model, reference.node, model, definition, (moduleName) => modules.resolve(moduleName, module.file) !== undefined);
      if (target === 'unknown') return false;
      if (target === 'ours') found.push({ module, node: reference.node });
      if (target === 'imported' && baseName(module.file) === '__init__.py') offeredIn.push(dirname(module.file));
    }
    return true;
  };
  if (!mentioning.every(search)) return undefined;
  // `from .wiring import *` in the package's own `__init__.py` offers it too, without spelling its name.
  const init = method ? undefined : modules.resolve('.', file);
  if (init && init.file !== file && init.model.starImportSources().some((source) => modules.resolve(source, init.file)?.file === file)) offeredIn.push(dirname(init.file));
  if (offeredIn.length === 0) return found;
  const inPackages = modules.modulesMentioning(file, name);
  if (!inPackages) return undefined;
  return inPackages.every((module) => searched.has(module.file) || !isInsideAny(module.file, offeredIn) || search(module)) ? found : undefined;
}

/**
 * `test_x.py`, `x_test.py`, `conftest.py`, or a module in a `test` or `tests` folder below the folder it shares
 * with `from` (the folders above the project do not count).
 */
export function isTestModule(file: string, from: string): boolean {
  const parts = file.split(/[\\/]/);
  const fromParts = from.split(/[\\/]/);
  let shared = 0;
  while (shared < parts.length - 1 && parts[shared] === fromParts[shared]) shared++;
  return /^((.*\/)?tests?\/.*|(.*\/)?(test_[^/]*|[^/]*_test|conftest))\.py$/.test(parts.slice(shared).join('/'));
}

/** The module's name and the packages above it, as an import of it spells them: `bridge.app.wiring`. */
export function modulePathWords(file: string): string[] {
  const parts = file.split(/[\\/]/);
  const stem = parts.pop()!.replace(/\.py$/, '');
  return [...(stem === '__init__' ? [] : [stem]), ...parts.slice(-4)].filter((part) => /^\w+$/.test(part));
}

export function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** `imported`: an import statement that binds the function by its own name (its module's uses are references too). */
export type Target = 'ours' | 'imported' | 'unrelated' | 'unknown';

/** Whether a definition another module resolved a name to is `definition` (its module as parsed there, or as analysed). */
function sameDefinition(found: Definition, model: SemanticModel, definition: SyntaxNode): boolean {
  return (found.model === model || found.model.source === model.source) && found.node.startIndex === definition.startIndex;
}

/** What a name (`run`, `wiring.run`, `from .wiring import run`) in another module stands for, seen from there. */
export function functionTarget(other: SemanticModel, reference: SyntaxNode, model: SemanticModel, definition: SyntaxNode, workspaceModule: (name: string) => boolean): Target {
  const statement = importStatementOf(reference);
  if (statement) {
    // The import binds the name for the module's uses, found as references too; under an alias, they go unseen.
    const alias = reference.parent?.type === 'dotted_name' && reference.parent.parent?.type === 'aliased_import' ? field(reference.parent.parent, 'alias') : null;
    const found = other.definitionOf(alias ?? reference);
    if (!found || !sameDefinition(found, model, definition)) return 'unrelated';
    return alias ? 'unknown' : 'imported';
  }
  const found = other.definitionOf(reference);
  if (found) return sameDefinition(found, model, definition) ? 'ours' : 'unrelated';
  if (reference.type === 'attribute') return 'unrelated';
  const binding = other.lookup(reference.text, reference);
  // Imported from a module of the workspace that does not bind it visibly (a star import further on): it may be this one.
  const imported = binding?.kind === 'import' ? binding.importedName : undefined;
  if (imported?.includes('.') && workspaceModule(imported.slice(0, imported.lastIndexOf('.')) || '.')) return 'unknown';
  // A local of that name: not the module's function.
  return binding ? 'unrelated' : 'unknown';
}

/** What `x.name` in another module stands for: the method of x's class, when that is known. */
export function methodTarget(other: SemanticModel, reference: SyntaxNode, model: SemanticModel, definition: SyntaxNode): Target {
  if (reference.type !== 'attribute') return 'unrelated';
  const called = calledMethod(other, reference, model, definition);
  return called === 'same' ? 'ours' : called;
}

/**
 * Whether `x.name`, seen from `seenFrom` (the module itself or another), calls the method `definition` of
 * `model`: `same` when x's class (known from `seenFrom`) has it as its `name`; `unrelated` when x is a module
 * (`import asyncio`) or of a class whose `name` is another def; `unknown` when x's class is not known, or is a
 * base of `definition`'s class (x may be of the subclass).
 */
export function calledMethod(seenFrom: SemanticModel, reference: SyntaxNode, model: SemanticModel, definition: SyntaxNode): 'same' | 'unrelated' | 'unknown' {
  const object = field(reference, 'object');
  const name = field(reference, 'attribute')?.text;
  if (!object || !name) return 'unknown';
  if (isImportedModule(seenFrom, object)) return 'unrelated';
  const owner = seenFrom.classOfValue(object);
  const methods = owner ? owner.model.methodDefinitions(owner.node, name) : undefined;
  if (!methods) return 'unknown';
  if (sameDefinition(methods[methods.length - 1], model, definition)) return 'same';
  // An annotation names a base: the object may be of the method's class, a subclass of it.
  const own = enclosingClass(definition);
  return own && derivesFrom(model, own, owner!) ? 'unknown' : 'unrelated';
}

function importStatementOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let parent = node.parent, depth = 0; parent && depth < 4; parent = parent.parent, depth++) {
    if (parent.type === 'import_from_statement' || parent.type === 'import_statement') return parent;
  }
  return undefined;
}

/** `cls` is `base` or derives from it through workspace classes (a few levels of bases followed). */
export function derivesFrom(model: SemanticModel, cls: SyntaxNode, base: Definition, depth = 0): boolean {
  if (model === base.model && cls.id === base.node.id) return true;
  if (depth >= 6) return false;
  return model.basesOf(cls).some((found) => derivesFrom(found.model, found.node, base, depth + 1));
}

/** A name bound by `import x` or `import x.y as x` (a module, never an instance). */
export function isImportedModule(model: SemanticModel, node: SyntaxNode): boolean {
  if (node.type !== 'identifier') return false;
  const binding = model.lookup(node.text, node);
  if (binding?.kind !== 'import') return false;
  let statement: SyntaxNode | null = binding.node.parent;
  while (statement && (statement.type === 'dotted_name' || statement.type === 'aliased_import')) statement = statement.parent;
  return statement?.type === 'import_statement';
}

export function enclosingClass(node: SyntaxNode): SyntaxNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.type === 'class_definition') return parent;
  return undefined;
}
