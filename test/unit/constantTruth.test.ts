import * as assert from 'node:assert/strict';
import { createPythonParser } from '../../src/analysis/parser';
import { constantTruth, field, integerLiteral, stringLiteralLength } from '../../src/analysis/syntax';
import { type SyntaxNode, SyntaxTree } from '../../src/analysis/syntaxTree';
import { engine, WASM_DIR } from '../support/engine';

/** The module's syntax tree as the engine reads it. */
async function parsed(source: string): Promise<SyntaxNode> {
  const parser = await createPythonParser(WASM_DIR);
  const tree = parser.parse(source)!;
  try {
    return new SyntaxTree(tree, source).rootNode;
  } finally {
    tree.delete();
  }
}

/** Each expression with the truth Python gives it (`bool(expr)`), or undefined when the code does not fix it. */
const CASES: Array<[string, boolean | undefined]> = [
  ['True', true],
  ['False', false],
  ['None', false],
  ['...', true],
  ['0', false],
  ['00', false],
  ['7', true],
  ['1_000', true],
  ['0_0', false],
  ['0x0', false],
  ['0x_1F', true],
  ['0X00', false],
  ['0o0', false],
  ['0o17', true],
  ['0b0', false],
  ['0b1_0', true],
  ['10L', undefined],
  ['0.0', false],
  ['0.', false],
  ['.5', true],
  ['0e10', false],
  ['1e-3', true],
  ['1_0.0_1', true],
  ['0j', false],
  ['2.5J', true],
  ['-0.0', false],
  ['-1', true],
  ['+0', false],
  ['--1', true],
  ['-True', true],
  ['~0', true],
  ['~-1', false],
  ['~0.5', undefined],
  ['-"x"', undefined],
  ['""', false],
  ["''''''", false],
  ['"x"', true],
  ['"\\n"', true],
  ['"\\\n"', false],
  ['r"\\\n"', true],
  ['u""', false],
  ['"" ""', false],
  ['"" "x"', true],
  ['b""', false],
  ['b"\\x00"', true],
  ['rb""', false],
  ['f""', false],
  ['f"x"', true],
  ['f"{{"', true],
  ['f"{name}"', undefined],
  ['"x" f"{name}"', undefined],
  ['t""', undefined],
  ['()', false],
  ['(0,)', true],
  ['[]', false],
  ['[None]', true],
  ['{}', false],
  ['{"a": 0}', true],
  ['{0}', true],
  ['[name]', undefined],
  ['[*name]', undefined],
  ['{**name}', undefined],
  ['{name: 1}', undefined],
  ['not 0', true],
  ['not not ""', false],
  ['not ()', true],
  ['not name', undefined],
  ['(((False)))', false],
  ['(not (1,))', false],
  ['name', undefined],
  ['TYPE_CHECKING', undefined],
  ['__debug__', undefined],
  ['sys.version_info >= (3, 11)', undefined],
  ['sys.platform == "win32"', undefined],
  ['0 or 1', undefined],
  ['x := 1', undefined],
];

describe('constantTruth (syntax.ts): the truth of a test the code fixes, as Python gives it', () => {
  it('reads every kind of constant, and nothing else', async () => {
    const root = await parsed(CASES.map(([expression]) => `if (${expression}):\n    pass\n`).join(''));
    const tests = root.namedChildren.filter((node) => node.type === 'if_statement');
    assert.equal(tests.length, CASES.length);
    const actual = tests.map((node, index) => [CASES[index][0], constantTruth(field(node, 'condition'))]);
    assert.deepEqual(actual, CASES);
  });

  it('integerLiteral and stringLiteralLength answer undefined where the value is not fixed, and never throw', async () => {
    const root = await parsed('x = (10L, 017, 1j, 0x1f, -~0, f"{y}", "ab")\n');
    const tuple = field(root.namedChildren[0].namedChildren[0], 'right')!;
    const [long, octal, complex, hex, unary, fString, plain] = tuple.namedChildren;
    assert.deepEqual([long, octal, complex, hex, unary].map((node) => integerLiteral(node)), [undefined, undefined, undefined, 31n, 1n]);
    assert.deepEqual([fString, plain].map((node) => stringLiteralLength(node)), [undefined, 2]);
  });

  it("Python 2's `range(10L)` in a handler is no internal error", async () => {
    const analyzer = await engine();
    const source = 'import asyncio\nasync def f():\n    try:\n        await asyncio.sleep(1)\n    except asyncio.CancelledError:\n        for i in range(10L):\n            raise\n';
    const result = analyzer.lint(source);
    result.tree?.delete();
    assert.deepEqual(result.ruleErrors, []);
  });
});
