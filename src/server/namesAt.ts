import type { Parser } from 'web-tree-sitter';
import type { SyntaxNode, Tree } from '../analysis/parser';
import { SemanticModel } from '../analysis/semantic/model';
import { field, unparenthesize } from '../analysis/syntax';

/** What some asyncio calls return, beyond the engine's own type tables (which serve the rules). */
const RETURN_TYPES: Record<string, string> = {
  'asyncio.get_running_loop': 'asyncio.AbstractEventLoop',
  'asyncio.get_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.new_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.create_task': 'asyncio.Task',
  'asyncio.ensure_future': 'asyncio.Task',
  'asyncio.TaskGroup.create_task': 'asyncio.Task',
  'asyncio.AbstractEventLoop.create_task': 'asyncio.Task',
  'asyncio.AbstractEventLoop.create_future': 'asyncio.Future',
};

/**
 * The dotted names the code under a position stands for, most specific first, resolved through
 * imports and light type inference: in `from asyncio import gather as g; g(...)`, `g` is
 * `asyncio.gather`; in `loop = asyncio.get_running_loop(); loop.run_in_executor(...)`,
 * `run_in_executor` is `asyncio.AbstractEventLoop.run_in_executor`.
 */
export function namesAt(model: SemanticModel, line: number, character: number): string[] {
  const node = nameNodeAt(model.root, line, character);
  if (!node) return [];
  if (node.parent?.type === 'dotted_name' || node.parent?.type === 'aliased_import') return importedNames(node);
  const names: string[] = [];
  let chain = node;
  // On `asyncio` of `asyncio.gather`, or on `gather`: the whole attribute chain names the API.
  while (chain.parent?.type === 'attribute') chain = chain.parent;
  // `gather` alone means nothing in `asyncio.gather`; `asyncio` alone does.
  const isAttributeName = node.parent?.type === 'attribute' && field(node.parent, 'attribute')?.id === node.id;
  for (const current of chain === node || isAttributeName ? [chain] : [chain, node]) {
    const name = model.qualifiedName(current);
    if (name) names.push(name);
    if (current.type === 'attribute') {
      const object = field(current, 'object');
      const attribute = field(current, 'attribute');
      const type = object ? typeOf(model, object) : undefined;
      if (type && attribute) names.push(`${type}.${attribute.text}`);
    } else {
      const type = typeOf(model, current);
      if (type) names.push(type);
    }
  }
  return [...new Set(names)];
}

function typeOf(model: SemanticModel, expression: SyntaxNode, depth = 0): string | undefined {
  const known = model.typeOf(expression);
  if (known || depth > 3) return known;
  const node = unparenthesize(expression);
  if (node.type === 'call') {
    const callee = field(node, 'function');
    if (!callee) return undefined;
    const target = unparenthesize(callee);
    const names = [model.qualifiedName(callee)];
    if (target.type === 'attribute') {
      const object = field(target, 'object');
      const attribute = field(target, 'attribute');
      const ownerType = object ? typeOf(model, object, depth + 1) : undefined;
      if (ownerType && attribute) names.push(`${ownerType}.${attribute.text}`);
    }
    return names.map((name) => (name ? RETURN_TYPES[name] : undefined)).find(Boolean);
  }
  if (node.type === 'identifier') {
    const binding = model.lookup(node.text, node);
    if (binding?.value && (binding.kind === 'assignment' || binding.kind === 'with' || binding.kind === 'walrus')) {
      return typeOf(model, binding.value, depth + 1);
    }
  }
  return undefined;
}

/** The identifier (or import name) at a position, also when the cursor sits just after it. */
function nameNodeAt(root: SyntaxNode, line: number, character: number): SyntaxNode | undefined {
  for (const column of [character, character - 1]) {
    if (column < 0) continue;
    const node = root.descendantForPosition({ row: line, column });
    if (node && node.type === 'identifier') return node;
  }
  return undefined;
}

/** In `import asyncio.subprocess` or `from asyncio import gather as g`: the module or the imported name. */
function importedNames(identifier: SyntaxNode): string[] {
  const parent = identifier.parent;
  if (!parent) return [];
  const holder = parent.type === 'aliased_import' ? parent : parent.parent?.type === 'aliased_import' ? parent.parent : parent;
  const dotted = holder.type === 'aliased_import' ? field(holder, 'name') : holder;
  const statement = holder.parent;
  if (!dotted || !statement) return [];
  const dottedName = dotted.text.replace(/\s+/g, '');
  if (statement.type === 'import_statement') return [dottedName];
  if (statement.type !== 'import_from_statement') return [];
  const moduleNode = field(statement, 'module_name');
  const moduleName = moduleNode?.text.replace(/\s+/g, '') ?? '';
  if (moduleNode?.id === dotted.id) return [moduleName];
  if (!moduleName || moduleName.startsWith('.')) return [];
  return [`${moduleName}.${dottedName}`];
}

/**
 * Parses documents for `namesAt`, keeping the last tree so that moving the cursor in an unchanged
 * document does not parse it again.
 */
export class CursorResolver {
  private cached: { key: string; tree: Tree; model: SemanticModel } | undefined;

  constructor(private readonly parser: Parser) {}

  /** `key` identifies the text's version (e.g. uri + document version). */
  namesAt(key: string, text: () => string, line: number, character: number): string[] {
    if (this.cached?.key !== key) {
      this.dispose();
      const source = text();
      const tree = this.parser.parse(source);
      if (!tree) return [];
      this.cached = { key, tree, model: new SemanticModel(tree, source) };
    }
    return namesAt(this.cached.model, line, character);
  }

  dispose(): void {
    this.cached?.tree.delete();
    this.cached = undefined;
  }
}
