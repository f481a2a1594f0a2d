import { pythonName } from './syntax';
import { HAS_ERROR, type SyntaxTree } from './syntaxTree';

export interface Point {
  row: number;
  column: number;
}

/** The body (block) of a function: the unit's own, or one of its class's methods'. */
export interface Body {
  start: Point;
  end: Point;
}

/**
 * A top-level `def` or `class` (decorators included) on lines of its own: what an edit inside a
 * function body re-analyses, with the units it may depend on or that may depend on it.
 */
export interface Unit {
  startRow: number;
  endRow: number;
  /** Names it gives the rest of the module: its own and, for a class, its methods'. */
  defs: readonly string[];
  /** Every identifier-like word of its text (strings and comments too), its own header names left out. */
  mentions: ReadonlySet<string>;
  /** Module-level collections it fills (`monitors.append(...)`): the type of their items, which loops read, comes from it too. */
  fills: readonly string[];
  /** Has a `global` statement: an edit of it may rebind module-level names. */
  declaresGlobal: boolean;
  /** Its function's body, or its methods' bodies: edits inside one of them keep the unit's names. */
  bodies: Body[];
  hasError: boolean;
}

export interface ModuleUnits {
  /** In source order. */
  units: Unit[];
  /** Words of the module-level code outside the units: the units they name are always re-analysed. */
  moduleMentions: ReadonlySet<string>;
  /** Names the module-level code binds to a list, tuple, set or dict display (`monitors = []`). */
  collections: ReadonlySet<string>;
}

/** `monitors = []`, `ids: set[int] = {…}`, also inside a module-level `if`/`try` (the model types those too). */
const COLLECTION_BINDING = /^[ \t]*([A-Za-z_][\w]*)[ \t]*(?::[^=\n]*)?=[ \t]*[[({]/gm;
/** The methods that put items in a list or set: the model reads what they add, and the units that call them link. */
export const COLLECTION_FILLERS = ['append', 'add', 'insert', 'extend', 'update'];
const FILLING = new RegExp(String.raw`([A-Za-z_][\w]*)\s*\.\s*(?:${COLLECTION_FILLERS.join('|')})\s*\(`, 'g');

/** The module-level collections a unit's text fills (`monitors.append(...)`). */
export function fillsOf(text: string, collections: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  if (collections.size > 0) for (const match of text.matchAll(FILLING)) if (collections.has(match[1])) names.add(match[1]);
  return [...names];
}

const WORD = /[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/g;

/**
 * The words of a text minus one occurrence of each definition name (its header): a class does not
 * "mention" its own `__init__`, so two classes are not linked by both having one.
 */
export function mentionsOf(text: string, defs: readonly string[]): Set<string> {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(WORD)) {
    const word = pythonName(match[0]);
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  for (const name of defs) counts.set(name, (counts.get(name) ?? 0) - 1);
  const mentions = new Set<string>();
  for (const [word, count] of counts) if (count > 0) mentions.add(word);
  return mentions;
}

/** The module's units, from the top-level statements of its syntax tree. */
export function unitsOf(syntax: SyntaxTree): ModuleUnits {
  const { subtreeEnds, starts, ends, source } = syntax;
  const children: { index: number; startRow: number; endRow: number }[] = [];
  for (let child = 1; child < subtreeEnds[0]; child = subtreeEnds[child]) {
    children.push({ index: child, startRow: syntax.pointAt(starts[child]).row, endRow: syntax.pointAt(ends[child]).row });
  }
  const units: Unit[] = [];
  const unitTexts: string[] = [];
  const moduleText: string[] = [];
  children.forEach(({ index, startRow, endRow }, position) => {
    const ownLines = (children[position - 1]?.endRow ?? -1) < startRow && (children[position + 1]?.startRow ?? Infinity) > endRow;
    const bodies: Body[] = [];
    const defs = ownLines ? definedNames(syntax, index, bodies) : undefined;
    const text = source.slice(starts[index], ends[index]);
    if (defs) {
      const hasError = syntax.hasFlag(index, HAS_ERROR);
      units.push({ startRow, endRow, defs, mentions: mentionsOf(text, defs), fills: [], declaresGlobal: /\bglobal\b/.test(text), bodies, hasError });
      unitTexts.push(text);
    } else {
      moduleText.push(text);
    }
  });
  const code = moduleText.join('\n');
  const collections = new Set([...code.matchAll(COLLECTION_BINDING)].map((match) => match[1]));
  units.forEach((unit, position) => (unit.fills = fillsOf(unitTexts[position], collections)));
  return { units, moduleMentions: mentionsOf(code, []), collections };
}

/** A `def` or `class` statement's name and, for a class, its methods' names; undefined for other statements. */
function definedNames(syntax: SyntaxTree, index: number, bodies: Body[]): string[] | undefined {
  const definition = definitionOf(syntax, index);
  const type = definition === undefined ? '' : syntax.typeOf(definition);
  if (definition === undefined || (type !== 'function_definition' && type !== 'class_definition')) return undefined;
  const name = childByField(syntax, definition, 'name');
  const body = childByField(syntax, definition, 'body');
  if (name === undefined || body === undefined) return undefined;
  const names = [textOf(syntax, name)];
  if (type === 'function_definition') {
    bodies.push(spanOf(syntax, body));
    return names;
  }
  for (let child = body + 1; child < syntax.subtreeEnds[body]; child = syntax.subtreeEnds[child]) {
    const method = definitionOf(syntax, child);
    if (method === undefined || syntax.typeOf(method) !== 'function_definition') continue;
    const methodName = childByField(syntax, method, 'name');
    const methodBody = childByField(syntax, method, 'body');
    if (methodName !== undefined) names.push(textOf(syntax, methodName));
    if (methodBody !== undefined) bodies.push(spanOf(syntax, methodBody));
  }
  return names;
}

function spanOf(syntax: SyntaxTree, index: number): Body {
  return { start: syntax.pointAt(syntax.starts[index]), end: syntax.pointAt(syntax.ends[index]) };
}

export function comparePoints(a: Point, b: Point): number {
  return a.row - b.row || a.column - b.column;
}

/** The body that holds `start…end`, if one does. */
export function bodyAround(unit: Unit, start: Point, end: Point): Body | undefined {
  return unit.bodies.find((body) => comparePoints(body.start, start) <= 0 && comparePoints(end, body.end) <= 0);
}

function definitionOf(syntax: SyntaxTree, index: number): number | undefined {
  return syntax.typeOf(index) === 'decorated_definition' ? childByField(syntax, index, 'definition') : index;
}

function childByField(syntax: SyntaxTree, index: number, name: string): number | undefined {
  const fieldId = syntax.fieldId(name);
  for (let child = index + 1; child < syntax.subtreeEnds[index]; child = syntax.subtreeEnds[child]) {
    if (syntax.fieldIds[child] === fieldId) return child;
  }
  return undefined;
}

function textOf(syntax: SyntaxTree, index: number): string {
  return pythonName(syntax.source.slice(syntax.starts[index], syntax.ends[index]));
}

/**
 * The units an edit of `edited` must re-analyse: it, the units it names or that name it (in its text
 * before or after the edit), transitively, the units the module-level code names, and the units with
 * a `global` statement (what they assign decides module switches and caches the others read).
 */
export function unitsToReanalyse(module: ModuleUnits, edited: number, mentionsBefore: ReadonlySet<string>, fillsBefore: readonly string[] = []): Set<number> {
  return linkedUnits(module, [edited], mentionsBefore, fillsBefore);
}

/**
 * The units an edit of module-level code must re-analyse: the `neighbours` (the units right above
 * and below the edit, which an indented line may have joined), those that name a word of the edited
 * lines (before or after the edit: a name it may bind), those the module-level code or those lines
 * name, and the units linked to them as in `unitsToReanalyse`.
 */
export function unitsReachedFromModuleCode(module: ModuleUnits, neighbours: readonly number[], editedWords: ReadonlySet<string>): Set<number> {
  return linkedUnits(module, neighbours, editedWords, editedWords);
}

/**
 * The `seeds`, and every unit whose names the seeds, the module-level code or `alsoMentioned` name or
 * that mentions a name the seeds define or `alsoDefined` holds, transitively, and the units with `global`.
 */
function linkedUnits(module: ModuleUnits, seeds: readonly number[], alsoMentioned: Iterable<string>, alsoDefined: Iterable<string>): Set<number> {
  const chosen = new Set<number>(seeds);
  const mentioned = new Set<string>([...module.moduleMentions, ...alsoMentioned]);
  const defined = new Set<string>(alsoDefined);
  // A collection a unit fills counts as one it defines: the units that read it, and the others that fill it, are linked.
  for (const index of chosen) {
    for (const word of module.units[index].mentions) mentioned.add(word);
    for (const name of [...module.units[index].defs, ...module.units[index].fills]) defined.add(name);
  }
  for (let grown = true; grown; ) {
    grown = false;
    module.units.forEach((unit, index) => {
      if (chosen.has(index)) return;
      const named = unit.defs.some((name) => mentioned.has(name)) || unit.fills.some((name) => mentioned.has(name));
      if (!unit.declaresGlobal && !named && !someIn(unit.mentions, defined)) return;
      chosen.add(index);
      for (const word of unit.mentions) mentioned.add(word);
      for (const name of [...unit.defs, ...unit.fills]) defined.add(name);
      grown = true;
    });
  }
  return chosen;
}

function someIn(words: ReadonlySet<string>, names: ReadonlySet<string>): boolean {
  if (names.size < words.size) {
    for (const name of names) if (words.has(name)) return true;
    return false;
  }
  for (const word of words) if (names.has(word)) return true;
  return false;
}
