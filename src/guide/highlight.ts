/**
 * A small Python highlighter for the guide's samples: keywords, strings, comments, numbers,
 * decorators, builtins and defined names, as `<span class="tok-…">`. The page colours them from the
 * theme. Good enough for teaching samples; it is not a parser.
 */

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case',
]);

const ASYNC_KEYWORDS = new Set(['async', 'await']);

const BUILTINS = new Set([
  'print', 'len', 'range', 'open', 'input', 'list', 'dict', 'set', 'tuple', 'str', 'int', 'float', 'bool', 'bytes',
  'type', 'isinstance', 'enumerate', 'zip', 'map', 'filter', 'sorted', 'sum', 'min', 'max', 'any', 'all', 'iter',
  'next', 'repr', 'super', 'object', 'Exception', 'BaseException', 'ValueError', 'TypeError', 'RuntimeError',
  'TimeoutError', 'KeyError', 'OSError', 'ConnectionError', 'KeyboardInterrupt', 'StopIteration', 'ExceptionGroup',
  'BaseExceptionGroup', 'NotImplementedError', 'self', 'cls',
]);

const TOKEN = new RegExp(
  [
    String.raw`(?<comment>#[^\n]*)`,
    String.raw`(?<string>(?:[rRbBuUfF]{1,2})?(?:"""[\s\S]*?(?:"""|$(?![\s\S]))|'''[\s\S]*?(?:'''|$(?![\s\S]))|"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?))`,
    String.raw`(?<decorator>(?<=^|\n)[ \t]*@[\p{L}_][\p{L}\p{N}_.]*)`,
    String.raw`(?<number>\b(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?j?)\b)`,
    String.raw`(?<name>[\p{L}_][\p{L}\p{N}_]*)`,
  ].join('|'),
  'gu',
);

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function span(kind: string, text: string): string {
  return `<span class="tok-${kind}">${escapeHtml(text)}</span>`;
}

export function highlightPython(code: string): string {
  const output: string[] = [];
  let last = 0;
  let previousName = '';
  for (const match of code.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) output.push(escapeHtml(code.slice(last, index)));
    const groups = match.groups ?? {};
    const text = match[0];
    if (groups.comment !== undefined) output.push(span('comment', text));
    else if (groups.string !== undefined) output.push(span('string', text));
    else if (groups.decorator !== undefined) {
      const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
      output.push(escapeHtml(indent) + span('decorator', text.slice(indent.length)));
    } else if (groups.number !== undefined) output.push(span('number', text));
    else {
      if (ASYNC_KEYWORDS.has(text)) output.push(span('async', text));
      else if (KEYWORDS.has(text)) output.push(span('keyword', text));
      else if (previousName === 'def' || previousName === 'class') output.push(span('definition', text));
      else if (BUILTINS.has(text)) output.push(span('builtin', text));
      else output.push(escapeHtml(text));
      previousName = text;
    }
    last = index + text.length;
  }
  if (last < code.length) output.push(escapeHtml(code.slice(last)));
  return output.join('');
}
