/**
 * The other ways web-tree-sitter's public API offers to read every node of a tree, each timed as
 * parse + read like the engine's cursor walk (`SyntaxTree`), to show whether one could replace it.
 * Each reads less than the walk needs (the walk also takes every node's end, field and parent).
 */
import { type Parser, Query } from 'web-tree-sitter';

export interface TreeReader {
  label: string;
  read(text: string): void;
}

export function otherTreeReaders(parser: Parser): TreeReader[] {
  const language = parser.language!;
  // `_` matches every node, named or not: one WebAssembly call returns them all, then one object each.
  const everyNode = new Query(language, '_ @node');
  const allTypes = [...new Set(language.types.filter((type): type is string => Boolean(type)))];
  const parsed = (text: string, read: (tree: NonNullable<ReturnType<Parser['parse']>>) => void) => {
    const tree = parser.parse(text);
    if (tree) read(tree);
    tree?.delete();
  };
  return [
    {
      label: 'query `_ @node` (start, type)',
      read: (text) =>
        parsed(text, (tree) => {
          for (const capture of everyNode.captures(tree.rootNode)) void capture.node.typeId;
        }),
    },
    {
      label: 'descendantsOfType(all) (start)',
      read: (text) => parsed(text, (tree) => void tree.rootNode.descendantsOfType(allTypes).length),
    },
  ];
}
