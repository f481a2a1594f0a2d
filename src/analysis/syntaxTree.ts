import type { Language, Node, Tree, TreeCursor } from 'web-tree-sitter';
import { checkBudget } from './budget';

/**
 * A compact copy of a tree-sitter tree in typed arrays, built by one cursor walk. Reading a
 * web-tree-sitter node crosses into WASM and allocates a fresh object on every access; here the
 * rules read plain arrays, and a `SyntaxNode` object is made only for a node a rule touches (then
 * reused, so nodes can be compared with `===` and `id` is the node's index in pre-order).
 * The copy does not need the tree-sitter tree afterwards: the caller may delete it.
 */
export class SyntaxTree {
  /** Node count; nodes are numbered 0…size-1 in pre-order, the root is 0. */
  readonly size: number;
  readonly typeIds: Uint16Array;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly parents: Int32Array;
  /** The index after a node's last descendant: its next sibling, if it has one. */
  readonly subtreeEnds: Uint32Array;
  readonly fieldIds: Uint16Array;
  private readonly flags: Uint8Array;
  private readonly nodes: (SyntaxNode | undefined)[];
  private lineStarts: number[] | undefined;
  readonly typeNames: readonly string[];
  private readonly fieldIdsByName: ReadonlyMap<string, number>;
  private readonly typeIdsByName: ReadonlyMap<string, number>;

  /** From the tree itself, or from the arrays `readTree` made of it (in another thread, say). */
  constructor(tree: Tree | ReadTree, readonly source: string) {
    const tables = languageTables(tree.language);
    this.typeNames = tables.typeNames;
    this.fieldIdsByName = tables.fieldIds;
    const arrays = 'arrays' in tree ? tree.arrays : walk(tree, tables);
    this.typeIdsByName = tables.typeIdsByName;
    this.size = arrays.size;
    this.typeIds = arrays.typeIds;
    this.starts = arrays.starts;
    this.ends = arrays.ends;
    this.parents = arrays.parents;
    this.subtreeEnds = arrays.subtreeEnds;
    this.fieldIds = arrays.fieldIds;
    this.flags = arrays.flags;
    this.nodes = new Array(this.size);
  }

  get rootNode(): SyntaxNode {
    return this.node(0);
  }

  node(index: number): SyntaxNode {
    return (this.nodes[index] ??= new SyntaxNode(this, index));
  }

  typeOf(index: number): string {
    return this.typeNames[this.typeIds[index]] ?? 'ERROR';
  }

  /** The type id of a type name (the first symbol of that name), or -1 when the grammar has none. */
  typeId(type: string): number {
    return this.typeIdsByName.get(type) ?? -1;
  }

  fieldId(name: string): number {
    return this.fieldIdsByName.get(name) ?? -1;
  }

  hasFlag(index: number, flag: number): boolean {
    return (this.flags[index] & flag) !== 0;
  }

  /** Every named node of a type, in pre-order (source order), as a query `(type)` finds them. */
  nodesOfType(type: string, from = 0, to = this.size): SyntaxNode[] {
    const typeId = this.typeId(type);
    const found: SyntaxNode[] = [];
    if (typeId < 0) return found;
    const typeIds = this.typeIds;
    for (let index = from; index < to; index++) {
      if (typeIds[index] === typeId && this.flags[index] & NAMED) found.push(this.node(index));
    }
    return found;
  }

  /** Zero-based row and UTF-16 column of a source index (rows end at `\n`, as in tree-sitter). */
  pointAt(index: number): { row: number; column: number } {
    const starts = (this.lineStarts ??= lineStartsOf(this.source));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= index) low = middle;
      else high = middle - 1;
    }
    return { row: low, column: index - starts[low] };
  }

  indexAt(point: { row: number; column: number }): number {
    const starts = (this.lineStarts ??= lineStartsOf(this.source));
    if (point.row >= starts.length) return this.source.length;
    return Math.min(starts[point.row] + point.column, this.source.length);
  }

  /** The child of `parent` that is `descendant` or holds it (`descendant` must lie in `parent`'s subtree). */
  childHolding(parent: number, descendant: number): number {
    let node = descendant;
    while (this.parents[node] !== parent) node = this.parents[node];
    return node;
  }

  /** The smallest node that spans `start…end`, as tree-sitter's `descendantForIndex`. */
  descendantForRange(root: number, start: number, end: number): number {
    let node = root;
    for (;;) {
      let next = -1;
      for (let child = node + 1; child < this.subtreeEnds[node]; child = this.subtreeEnds[child]) {
        const childEnd = this.ends[child];
        const isEmpty = this.starts[child] === childEnd;
        if (childEnd < end || (isEmpty ? childEnd < start : childEnd <= start)) continue;
        if (start < this.starts[child]) break;
        next = child;
        break;
      }
      if (next < 0) return node;
      node = next;
    }
  }
}

export const NAMED = 1;
export const MISSING = 2;
export const HAS_ERROR = 4;
const ERROR_TYPE_ID = 0xffff;

/** One node of a `SyntaxTree`, with the part of web-tree-sitter's `Node` interface the engine uses. */
export class SyntaxNode {
  private childList: SyntaxNode[] | undefined;
  private namedChildList: SyntaxNode[] | undefined;
  private start: { row: number; column: number } | undefined;
  private end: { row: number; column: number } | undefined;

  constructor(
    readonly tree: SyntaxTree,
    readonly id: number,
  ) {}

  get type(): string {
    return this.tree.typeOf(this.id);
  }

  get typeId(): number {
    return this.tree.typeIds[this.id];
  }

  get text(): string {
    return this.tree.source.slice(this.tree.starts[this.id], this.tree.ends[this.id]);
  }

  get startIndex(): number {
    return this.tree.starts[this.id];
  }

  get endIndex(): number {
    return this.tree.ends[this.id];
  }

  get startPosition(): { row: number; column: number } {
    return (this.start ??= this.tree.pointAt(this.startIndex));
  }

  get endPosition(): { row: number; column: number } {
    return (this.end ??= this.tree.pointAt(this.endIndex));
  }

  get isNamed(): boolean {
    return this.tree.hasFlag(this.id, NAMED);
  }

  get isMissing(): boolean {
    return this.tree.hasFlag(this.id, MISSING);
  }

  get isError(): boolean {
    return this.tree.typeIds[this.id] === ERROR_TYPE_ID;
  }

  get hasError(): boolean {
    return this.tree.hasFlag(this.id, HAS_ERROR);
  }

  get parent(): SyntaxNode | null {
    const parent = this.tree.parents[this.id];
    return parent < 0 ? null : this.tree.node(parent);
  }

  get children(): readonly SyntaxNode[] {
    return (this.childList ??= this.childrenWhere(0));
  }

  get namedChildren(): readonly SyntaxNode[] {
    return (this.namedChildList ??= this.childrenWhere(NAMED));
  }

  /** The children with `flag` set (all of them for 0), read off the arrays without a second list. */
  private childrenWhere(flag: number): SyntaxNode[] {
    const list: SyntaxNode[] = [];
    const { subtreeEnds } = this.tree;
    for (let child = this.id + 1; child < subtreeEnds[this.id]; child = subtreeEnds[child]) {
      if (flag === 0 || this.tree.hasFlag(child, flag)) list.push(this.tree.node(child));
    }
    return list;
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(index: number): SyntaxNode | null {
    return this.children[index] ?? null;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  get firstChild(): SyntaxNode | null {
    const first = this.id + 1;
    return first < this.tree.subtreeEnds[this.id] ? this.tree.node(first) : null;
  }

  get lastChild(): SyntaxNode | null {
    const last = this.tree.subtreeEnds[this.id] - 1;
    return last > this.id ? this.tree.node(this.tree.childHolding(this.id, last)) : null;
  }

  get nextSibling(): SyntaxNode | null {
    const parent = this.tree.parents[this.id];
    const next = this.tree.subtreeEnds[this.id];
    return parent >= 0 && next < this.tree.subtreeEnds[parent] ? this.tree.node(next) : null;
  }

  get previousSibling(): SyntaxNode | null {
    const parent = this.tree.parents[this.id];
    // The node before this one in pre-order is the previous sibling or one of its descendants.
    return parent >= 0 && this.id - 1 > parent ? this.tree.node(this.tree.childHolding(parent, this.id - 1)) : null;
  }

  get nextNamedSibling(): SyntaxNode | null {
    let sibling = this.nextSibling;
    while (sibling && !sibling.isNamed) sibling = sibling.nextSibling;
    return sibling;
  }

  get previousNamedSibling(): SyntaxNode | null {
    let sibling = this.previousSibling;
    while (sibling && !sibling.isNamed) sibling = sibling.previousSibling;
    return sibling;
  }

  /** Nodes in this subtree, the node itself included (as tree-sitter counts them). */
  get descendantCount(): number {
    return this.tree.subtreeEnds[this.id] - this.id;
  }

  childForFieldName(name: string): SyntaxNode | null {
    const fieldId = this.tree.fieldId(name);
    if (fieldId < 0) return null;
    const { subtreeEnds, fieldIds } = this.tree;
    for (let child = this.id + 1; child < subtreeEnds[this.id]; child = subtreeEnds[child]) {
      if (fieldIds[child] === fieldId) return this.tree.node(child);
    }
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const fieldId = this.tree.fieldId(name);
    return fieldId < 0 ? [] : this.children.filter((child) => this.tree.fieldIds[child.id] === fieldId);
  }

  /** Descendants of a type, this node included, in source order. */
  descendantsOfType(type: string): SyntaxNode[] {
    return this.tree.nodesOfType(type, this.id, this.tree.subtreeEnds[this.id]);
  }

  descendantForIndex(start: number, end = start): SyntaxNode {
    return this.tree.node(this.tree.descendantForRange(this.id, start, end));
  }

  descendantForPosition(point: { row: number; column: number }): SyntaxNode {
    return this.descendantForIndex(this.tree.indexAt(point));
  }

  /** Indices of this node's descendants (not the node itself) are `id + 1` up to this, exclusive. */
  get descendantsEnd(): number {
    return this.tree.subtreeEnds[this.id];
  }
}

interface LanguageTables {
  typeNames: string[];
  /** Grammars give one name several symbols (aliases): each symbol → the first symbol of its name. */
  canonicalTypes: Uint16Array;
  typeIdsByName: Map<string, number>;
  namedTypes: Uint8Array;
  /** Token symbols: their nodes never have children, so the walk never takes one for a parent. */
  tokenTypes: Uint8Array;
  /** An anonymous token's length, its name being its text (`(`, `def`); -1 for every other symbol. */
  literalLengths: Int16Array;
  fieldIds: Map<string, number>;
}

const START_RULE = 'module';
const tablesByLanguage = new WeakMap<Language, LanguageTables>();

function languageTables(language: Language): LanguageTables {
  let tables = tablesByLanguage.get(language);
  if (!tables) {
    const typeNames = [...language.types];
    const namedTypes = new Uint8Array(ERROR_TYPE_ID + 1);
    for (let typeId = 0; typeId < typeNames.length; typeId++) namedTypes[typeId] = language.nodeTypeIsNamed(typeId) ? 1 : 0;
    namedTypes[ERROR_TYPE_ID] = 1;
    const canonicalTypes = new Uint16Array(ERROR_TYPE_ID + 1).map((_, typeId) => typeId);
    const typeIdsByName = new Map<string, number>([['ERROR', ERROR_TYPE_ID]]);
    typeNames.forEach((name, typeId) => {
      if (name === undefined) return;
      const first = typeIdsByName.get(name);
      if (first === undefined) typeIdsByName.set(name, typeId);
      else canonicalTypes[typeId] = first;
    });
    // Tree-sitter numbers the tokens first, then the rules starting with the start rule (`module`);
    // an alias of a rule gets a symbol of its own or that of another rule.
    const tokenTypes = new Uint8Array(ERROR_TYPE_ID + 1);
    tokenTypes.fill(1, 0, language.idForNodeType(START_RULE, true) ?? 0);
    const literalLengths = new Int16Array(ERROR_TYPE_ID + 1).fill(-1);
    typeNames.forEach((name, typeId) => {
      if (name && tokenTypes[typeId] && !namedTypes[typeId] && language.nodeTypeIsVisible(typeId)) literalLengths[typeId] = name.length;
    });
    const fieldIds = new Map<string, number>();
    language.fields.forEach((name, fieldId) => {
      if (name) fieldIds.set(name, fieldId);
    });
    tables = { typeNames, namedTypes, tokenTypes, literalLengths, canonicalTypes, typeIdsByName, fieldIds };
    tablesByLanguage.set(language, tables);
  }
  return tables;
}

function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let index = source.indexOf('\n'); index !== -1; index = source.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** What a `SyntaxTree` copies of a tree: plain arrays, which can be posted to another thread. */
export interface TreeArrays {
  size: number;
  typeIds: Uint16Array;
  starts: Uint32Array;
  ends: Uint32Array;
  parents: Int32Array;
  subtreeEnds: Uint32Array;
  fieldIds: Uint16Array;
  flags: Uint8Array;
}

function allocate(capacity: number): Omit<TreeArrays, 'size'> {
  return {
    typeIds: new Uint16Array(capacity),
    starts: new Uint32Array(capacity),
    ends: new Uint32Array(capacity),
    parents: new Int32Array(capacity),
    subtreeEnds: new Uint32Array(capacity),
    fieldIds: new Uint16Array(capacity),
    flags: new Uint8Array(capacity),
  };
}

/** A tree read into arrays, and the language that numbers its types and fields. */
export interface ReadTree {
  arrays: TreeArrays;
  language: Language;
}

/** Reads `tree` into arrays; the tree may be deleted afterwards. */
export function readTree(tree: Tree): TreeArrays {
  return walk(tree, languageTables(tree.language));
}

/** The buffers of `arrays`, to transfer (not copy) them to another thread. */
export function treeBuffers(arrays: TreeArrays): ArrayBuffer[] {
  const { size: _size, ...views } = arrays;
  return Object.values(views).map((view) => view.buffer as ArrayBuffer);
}

/**
 * Copies the tree into arrays in pre-order. An error-free tree is read by index (`walkByIndex`); a tree
 * with errors by a depth-first cursor walk, because tree-sitter's error recovery can hide long chains of
 * invisible nodes under one visible node, which `gotoDescendant` would go down again for every child.
 * Iterative: the depth of the input does not matter.
 */
function walk(tree: Tree, tables: LanguageTables): TreeArrays {
  const root = tree.rootNode;
  const size = root.descendantCount;
  const arrays = allocate(size);
  const cursor = tree.walk();
  try {
    if (root.hasError) walkDepthFirst(cursor, arrays, tables, size);
    else walkByIndex(cursor, arrays, tables, size);
  } finally {
    cursor.delete();
  }
  markErrors(tree, arrays, tables);
  return { size, ...arrays };
}

/** What the cursor says of its node at pre-order `index`, whose parent is `parent`. */
function readNode(cursor: TreeCursor, arrays: Omit<TreeArrays, 'size'>, { namedTypes, canonicalTypes }: LanguageTables, index: number, parent: number): number {
  const symbol = cursor.nodeTypeId;
  const start = cursor.startIndex;
  const end = cursor.endIndex;
  arrays.typeIds[index] = canonicalTypes[symbol];
  arrays.starts[index] = start;
  arrays.ends[index] = end;
  arrays.fieldIds[index] = index > 0 ? cursor.currentFieldId : 0;
  arrays.parents[index] = parent;
  arrays.flags[index] = namedTypes[symbol] | (start === end && cursor.nodeIsMissing ? MISSING : 0);
  return symbol;
}

/**
 * One `gotoDescendant` per node instead of the two or three moves of a depth-first walk. A node's parent
 * is the innermost open node whose range holds it; only a zero-width node at an open node's end can be
 * either its last child or a later sibling, and for that case the cursor's depth decides.
 */
function walkByIndex(cursor: TreeCursor, arrays: Omit<TreeArrays, 'size'>, { namedTypes, tokenTypes, literalLengths, canonicalTypes }: LanguageTables, size: number): void {
  // The node's facts are written here rather than through readNode: on the bench module, that call per
  // node made this walk no faster than the depth-first one (1.01× against 0.79×).
  const { typeIds, starts, ends, parents, subtreeEnds, fieldIds, flags } = arrays;
  const open: number[] = [];
  for (let index = 0; index < size; index++) {
    if ((index & 0x1fff) === 0) checkBudget();
    if (index > 0) cursor.gotoDescendant(index);
    const symbol = cursor.nodeTypeId;
    const start = cursor.startIndex;
    // A keyword or punctuation token spans its own text: one WebAssembly call fewer for a third of the nodes.
    // (An error-free tree has no missing, zero-width tokens.)
    const literal = literalLengths[symbol];
    const end = literal >= 0 ? start + literal : cursor.endIndex;
    let depth = -1;
    while (open.length > 0) {
      const top = open[open.length - 1];
      if (end < ends[top] || (end === ends[top] && (start < end || (depth < 0 ? (depth = cursor.currentDepth) : depth) === open.length))) break;
      subtreeEnds[open.pop()!] = index;
    }
    typeIds[index] = canonicalTypes[symbol];
    starts[index] = start;
    ends[index] = end;
    fieldIds[index] = index > 0 ? cursor.currentFieldId : 0;
    parents[index] = open.length > 0 ? open[open.length - 1] : -1;
    flags[index] = namedTypes[symbol] | (start === end && cursor.nodeIsMissing ? MISSING : 0);
    if (tokenTypes[symbol]) subtreeEnds[index] = index + 1;
    else open.push(index);
  }
  while (open.length > 0) subtreeEnds[open.pop()!] = size;
}

/** A depth-first walk with the cursor's moves. */
function walkDepthFirst(cursor: TreeCursor, arrays: Omit<TreeArrays, 'size'>, tables: LanguageTables, size: number): void {
  const { subtreeEnds } = arrays;
  const open: number[] = [];
  for (let index = 0; index < size; ) {
    if ((index & 0x1fff) === 0) checkBudget();
    const symbol = readNode(cursor, arrays, tables, index, open.length > 0 ? open[open.length - 1] : -1);
    index++;
    if (!tables.tokenTypes[symbol] && cursor.gotoFirstChild()) {
      open.push(index - 1);
      continue;
    }
    subtreeEnds[index - 1] = index;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return;
      subtreeEnds[open.pop()!] = index;
    }
  }
  while (open.length > 0) subtreeEnds[open.pop()!] = size;
}

/**
 * Sets HAS_ERROR as tree-sitter does, from its own answer: an error can also sit in a node the
 * cursor never shows (a missing hidden token, such as the newline between two statements).
 * Only the nodes with an error are asked about their children, and of those only the ones that
 * can hold one unseen: a token has no children, its error is being missing.
 */
function markErrors(tree: Tree, { flags, subtreeEnds, typeIds }: Omit<TreeArrays, 'size'>, { tokenTypes }: LanguageTables): void {
  const pending: Array<{ node: Node; index: number }> = [{ node: tree.rootNode, index: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (!next.node.hasError) continue;
    const { index } = next;
    flags[index] |= HAS_ERROR;
    let asked = false;
    for (let child = index + 1; child < subtreeEnds[index]; child = subtreeEnds[child]) {
      if (!tokenTypes[typeIds[child]]) asked = true;
      else if (flags[child] & MISSING) flags[child] |= HAS_ERROR;
    }
    if (!asked) continue;
    let child = index + 1;
    for (const childNode of next.node.children) {
      if (!childNode || child >= subtreeEnds[index]) break;
      if (!tokenTypes[typeIds[child]]) pending.push({ node: childNode, index: child });
      child = subtreeEnds[child];
    }
  }
}
