import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser, Tree } from 'web-tree-sitter';
import { createPythonParser } from '../../src/analysis/parser';
import { SyntaxTree } from '../../src/analysis/syntaxTree';
import { REPO_ROOT, WASM_DIR } from '../support/engine';

/** What tree-sitter itself says of every node, in pre-order, read with a plain depth-first cursor walk. */
function reference(tree: Tree): string[] {
  const lines: string[] = [];
  const cursor = tree.walk();
  const parents: number[] = [];
  let index = 0;
  for (;;) {
    const node = cursor.currentNode;
    const parent = parents.length > 0 ? parents[parents.length - 1] : -1;
    lines.push(nodeLine(index, node.type, node.startIndex, node.endIndex, parent, cursor.currentFieldName ?? '', node.isNamed, node.isMissing, node.hasError));
    if (cursor.gotoFirstChild()) {
      parents.push(index++);
      continue;
    }
    index++;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return lines;
      }
      parents.pop();
    }
  }
}

function mirrored(syntax: SyntaxTree, fields: readonly (string | null)[]): string[] {
  const lines: string[] = [];
  for (let index = 0; index < syntax.size; index++) {
    const node = syntax.node(index);
    const fieldName = fields[syntax.fieldIds[index]] ?? '';
    lines.push(nodeLine(index, node.type, node.startIndex, node.endIndex, node.parent?.id ?? -1, fieldName, node.isNamed, node.isMissing, node.hasError));
    const children = node.children.map((child) => child.id);
    let expected = index + 1;
    for (const child of children) {
      assert.equal(child, expected, `children of node ${index} follow each other in pre-order`);
      expected = syntax.subtreeEnds[child];
    }
    assert.equal(expected, syntax.subtreeEnds[index], `node ${index}'s subtree ends after its last child's`);
  }
  return lines;
}

function nodeLine(index: number, type: string, start: number, end: number, parent: number, field: string, named: boolean, missing: boolean, hasError: boolean): string {
  return `${index} ${type} ${start}-${end} parent=${parent} field=${field} ${named ? 'named' : 'anonymous'}${missing ? ' missing' : ''}${hasError ? ' has-error' : ''}`;
}

function check(parser: Parser, source: string, label: string): void {
  const tree = parser.parse(source)!;
  try {
    const expected = reference(tree);
    const actual = mirrored(new SyntaxTree(tree, source), tree.language.fields);
    assert.deepEqual(actual, expected, label);
  } finally {
    tree.delete();
  }
}

/** Half-typed code, empty bodies and missing tokens: zero-width nodes at the end of their parent or after it. */
const TRICKY = [
  '',
  'x',
  'def f(:\n',
  'def f():\n',
  'class A:\n    def m(self):\n',
  'async def f():\n    await\n',
  'if x:\nelif y:\nelse:\n',
  'print("a\n',
  'f(a, b\n',
  'x = [1, 2\ny = {',
  'try:\n    pass\nexcept (A, B\n',
  'with open(p) as f:\n    for line in f:\n        yield',
  'lambda: (yield)\n',
  'x = f"{a!r:>{w}}" + b"\\x00"\n',
  '@dec\n@dec2(x)\nasync def g(*, a: int = 1, **k) -> "T":\n    return [i async for i in aiter() if i]\n',
  'match p:\n    case [1, *rest] if rest:\n        pass\n    case {"k": v}:\n',
  '\ufeffé = "ü" # ✓\n\t\tx\n',
  'def f():\n' + '    x = (' .repeat(1) + '(' .repeat(300) + ')'.repeat(300) + ')\n',
];

describe('the syntax tree mirror', () => {
  let parser: Parser;
  before(async () => {
    parser = await createPythonParser(WASM_DIR);
  });

  it('holds what tree-sitter says of every node of half-typed code', () => {
    TRICKY.forEach((source, number) => check(parser, source, `case ${number}: ${JSON.stringify(source).slice(0, 60)}`));
  });

  it('holds what tree-sitter says of every node of every rule fixture', () => {
    const folder = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');
    const files = fs.readdirSync(folder, { recursive: true }).map(String).filter((file) => file.endsWith('.py'));
    assert.ok(files.length > 50, 'the rule fixtures are found');
    for (const file of files) check(parser, fs.readFileSync(path.join(folder, file), 'utf8'), file);
  });

  it('holds the same nodes for each prefix of a module being typed', () => {
    const source = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'rules', fs.readdirSync(path.join(REPO_ROOT, 'test', 'fixtures', 'rules')).find((file) => file.endsWith('.py'))!), 'utf8');
    for (let end = 0; end <= Math.min(source.length, 1500); end += 7) check(parser, source.slice(0, end), `prefix of ${end} characters`);
  });
});
