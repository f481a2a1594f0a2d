/**
 * Where and how a guide sample goes into a Python editor. The result is snippet text: the editor's
 * snippet engine then prefixes every line after the first with the indentation of the line it is
 * inserted on, and converts spaces to tabs where the file uses tabs.
 */

export interface InsertionPlan {
  line: number;
  character: number;
  /** Plain text; escape it for a snippet (SnippetString.appendText does). */
  text: string;
}

/** Removes the indentation all non-blank lines share, and blank lines at both ends. */
export function dedent(code: string): string {
  const lines = code.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => (line.trim() === '' ? '' : line.slice(common))).join('\n');
}

/** Whether the code on a line opens a block (`async def f():`, `with x:   # comment`). */
function opensBlock(lineText: string): boolean {
  return /:\s*(#.*)?$/.test(lineText.replace(/(["']).*?\1/g, '""'));
}

/**
 * On a blank line the sample goes at the cursor; on a line with code it goes on a new line below,
 * at that line's indentation (one level deeper after a `:`), so that no code is split.
 */
export function planInsertion(lineText: string, line: number, character: number, code: string, indentUnit: string): InsertionPlan {
  const sample = dedent(code);
  if (lineText.trim() === '') return { line, character, text: sample };
  const extra = opensBlock(lineText) ? indentUnit : '';
  const body = sample
    .split('\n')
    .map((sampleLine) => (sampleLine === '' ? '' : extra + sampleLine))
    .join('\n');
  return { line, character: lineText.length, text: `\n${body}` };
}
