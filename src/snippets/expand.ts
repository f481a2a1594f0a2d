/**
 * Expands a VS Code snippet body to the text the editor inserts when the user accepts every
 * default: `$1`, `${1:default}` (nested), `${1|a,b|}` (first choice), variables (`$TM_FILENAME`,
 * `${TM_SELECTED_TEXT:default}`) and the escapes `\$ \} \\`. Same semantics as VS Code's snippet
 * parser: the first placeholder of an index that has a default gives the text of every
 * placeholder with that index; an unterminated `${1:` is plain text; an unknown variable without
 * a default is inserted as its name (VS Code turns it into a placeholder and calls the snippet
 * "bogus" — usually an unescaped `$`). Transforms (`${1/re/fmt/}`) are not supported: they throw.
 */

export type SnippetNode = TextNode | TabStopNode | VariableNode;

export interface TextNode {
  kind: 'text';
  value: string;
}

export interface TabStopNode {
  kind: 'tabstop';
  index: number;
  /** Default content; empty for `$1` and `${1}`. */
  children: SnippetNode[];
  choices?: string[];
}

export interface VariableNode {
  kind: 'variable';
  name: string;
  children: SnippetNode[];
}

/** Variables VS Code resolves itself (snippetVariables.ts); any other name is "unknown". */
export const KNOWN_VARIABLES: ReadonlySet<string> = new Set([
  'CURRENT_YEAR', 'CURRENT_YEAR_SHORT', 'CURRENT_MONTH', 'CURRENT_DATE', 'CURRENT_HOUR', 'CURRENT_MINUTE',
  'CURRENT_SECOND', 'CURRENT_MILLISECOND', 'CURRENT_DAY_NAME', 'CURRENT_DAY_NAME_SHORT', 'CURRENT_MONTH_NAME',
  'CURRENT_MONTH_NAME_SHORT', 'CURRENT_SECONDS_UNIX', 'CURRENT_MILLISECONDS_UNIX', 'CURRENT_TIMEZONE_OFFSET',
  'CURRENT_TIMEZONE_NAME', 'SELECTION', 'CLIPBOARD', 'TM_SELECTED_TEXT', 'TM_CURRENT_LINE', 'TM_CURRENT_WORD',
  'TM_LINE_INDEX', 'TM_LINE_NUMBER', 'TM_FILENAME', 'TM_FILENAME_BASE', 'TM_DIRECTORY', 'TM_DIRECTORY_BASE',
  'TM_FILEPATH', 'CURSOR_INDEX', 'CURSOR_NUMBER', 'RELATIVE_FILEPATH', 'REVERSE_RELATIVE_FILEPATH',
  'BLOCK_COMMENT_START', 'BLOCK_COMMENT_END', 'LINE_COMMENT', 'WORKSPACE_NAME', 'WORKSPACE_FOLDER', 'RANDOM',
  'RANDOM_HEX', 'UUID',
]);

export interface ExpandOptions {
  /**
   * Values of variables; a missing or empty value counts as unresolved (as VS Code does for an
   * empty selection), so the variable's default is used. Default: a Python file `example.py`,
   * nothing selected.
   */
  variables?: Record<string, string | undefined>;
  /** Text typed into tab stops, by index, replacing their defaults (and their mirrors). */
  values?: Record<number, string>;
  /** What one leading tab of a line becomes (VS Code uses the editor's indentation). Default four spaces. */
  indentUnit?: string;
  /** Prefixed to every line after the first, like the indentation of the line the snippet is inserted on. */
  baseIndent?: string;
}

export interface Expansion {
  text: string;
  /** Tab stop indexes in the body, ascending (0, the final cursor position, included if present). */
  tabStops: number[];
  /** Choices offered per tab stop index. */
  choices: Record<number, string[]>;
  /** Unknown variables used without a default: VS Code inserts their name as a placeholder. */
  unknownVariables: string[];
  usesSelection: boolean;
}

export const DEFAULT_VARIABLES: Readonly<Record<string, string>> = {
  TM_FILENAME: 'example.py',
  TM_FILENAME_BASE: 'example',
  TM_DIRECTORY: '/workspace',
  TM_DIRECTORY_BASE: 'workspace',
  TM_FILEPATH: '/workspace/example.py',
  RELATIVE_FILEPATH: 'example.py',
  LINE_COMMENT: '#',
  TM_LINE_INDEX: '0',
  TM_LINE_NUMBER: '1',
  CURSOR_INDEX: '0',
  CURSOR_NUMBER: '1',
};

export function expandSnippet(body: string, options: ExpandOptions = {}): Expansion {
  const nodes = parseSnippet(body);
  const defaults = new Map<number, SnippetNode[]>();
  const tabStops = new Set<number>();
  const choices: Record<number, string[]> = {};
  const unknownVariables = new Set<string>();
  let usesSelection = false;
  walk(nodes, (node) => {
    if (node.kind === 'tabstop') {
      tabStops.add(node.index);
      if (node.choices) choices[node.index] ??= node.choices;
      if (node.index !== 0 && node.children.length > 0 && !defaults.has(node.index)) defaults.set(node.index, node.children);
    } else if (node.kind === 'variable') {
      if (node.name === 'TM_SELECTED_TEXT' || node.name === 'SELECTION') usesSelection = true;
      if (node.children.length === 0 && !KNOWN_VARIABLES.has(node.name)) unknownVariables.add(node.name);
    }
  });

  const variables = options.variables ?? DEFAULT_VARIABLES;
  const rendering = new Set<number>();
  const render = (list: SnippetNode[]): string => list.map(renderNode).join('');
  const renderNode = (node: SnippetNode): string => {
    if (node.kind === 'text') return node.value;
    if (node.kind === 'variable') {
      const value = variables[node.name];
      if (value) return value;
      if (node.children.length > 0) return render(node.children);
      return KNOWN_VARIABLES.has(node.name) ? '' : node.name;
    }
    const typed = options.values?.[node.index];
    if (typed !== undefined) return typed;
    if (node.index === 0) return render(node.children);
    const content = defaults.get(node.index);
    if (!content || rendering.has(node.index)) return '';
    rendering.add(node.index);
    try {
      return render(content);
    } finally {
      rendering.delete(node.index);
    }
  };

  const text = adjustIndentation(render(nodes), options.indentUnit ?? '    ', options.baseIndent ?? '');
  return {
    text,
    tabStops: [...tabStops].sort((a, b) => a - b),
    choices,
    unknownVariables: [...unknownVariables],
    usesSelection,
  };
}

function adjustIndentation(text: string, indentUnit: string, baseIndent: string): string {
  return text
    .split('\n')
    .map((line, i) => {
      const leading = /^[\t ]*/.exec(line)![0];
      const adjusted = leading.replace(/\t/g, indentUnit) + line.slice(leading.length);
      return i > 0 && adjusted.length > 0 ? baseIndent + adjusted : adjusted;
    })
    .join('\n');
}

function walk(nodes: SnippetNode[], visit: (node: SnippetNode) => void): void {
  for (const node of nodes) {
    visit(node);
    if (node.kind !== 'text') walk(node.children, visit);
  }
}

// ---- parsing -------------------------------------------------------------------------------

type TokenKind = '$' | ':' | ',' | '{' | '}' | '\\' | '/' | '|' | 'int' | 'name' | 'other' | 'eof';

interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

const SINGLE: Record<string, TokenKind> = { $: '$', ':': ':', ',': ',', '{': '{', '}': '}', '\\': '\\', '/': '/', '|': '|', '+': 'other', '-': 'other', '?': 'other' };
const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';
const isNameStart = (ch: string): boolean => ch === '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');

/** Splits like VS Code's scanner: single special characters, integers, names, and runs of anything else. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const start = pos;
    const ch = text[pos];
    let kind: TokenKind;
    if (ch in SINGLE) {
      kind = SINGLE[ch];
      pos++;
    } else if (isDigit(ch)) {
      kind = 'int';
      while (pos < text.length && isDigit(text[pos])) pos++;
    } else if (isNameStart(ch)) {
      kind = 'name';
      while (pos < text.length && (isNameStart(text[pos]) || isDigit(text[pos]))) pos++;
    } else {
      kind = 'other';
      pos++;
      while (pos < text.length && !(text[pos] in SINGLE) && !isDigit(text[pos]) && !isNameStart(text[pos])) pos++;
    }
    tokens.push({ kind, text: text.slice(start, pos), pos: start });
  }
  tokens.push({ kind: 'eof', text: '', pos: text.length });
  return tokens;
}

export function parseSnippet(body: string): SnippetNode[] {
  return new SnippetReader(tokenize(body)).readAll();
}

class SnippetReader {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  readAll(): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    while (this.readInto(nodes)) {
      // keep reading
    }
    return nodes;
  }

  private get token(): Token {
    return this.tokens[this.at];
  }

  private accept(kind: TokenKind): Token | undefined {
    const token = this.token;
    if (token.kind !== kind) return undefined;
    this.at++;
    return token;
  }

  /** Reads one element into `into`; false at the end of input. */
  private readInto(into: SnippetNode[]): boolean {
    return this.readEscape(into) || this.readShortForm(into) || this.readLongTabStop(into) || this.readLongVariable(into) || this.readAnyToken(into);
  }

  private readEscape(into: SnippetNode[]): boolean {
    if (!this.accept('\\')) return false;
    const escaped = this.accept('$') ?? this.accept('}') ?? this.accept('\\');
    appendText(into, escaped ? escaped.text : '\\');
    return true;
  }

  /** `$1`, `$NAME`. */
  private readShortForm(into: SnippetNode[]): boolean {
    const start = this.at;
    if (!this.accept('$')) return false;
    const int = this.accept('int');
    if (int) {
      into.push({ kind: 'tabstop', index: Number(int.text), children: [] });
      return true;
    }
    const name = this.accept('name');
    if (name) {
      into.push({ kind: 'variable', name: name.text, children: [] });
      return true;
    }
    this.at = start;
    return false;
  }

  /** `${1}`, `${1:default}`, `${1|a,b|}`. */
  private readLongTabStop(into: SnippetNode[]): boolean {
    const start = this.at;
    const int = this.accept('$') && this.accept('{') && this.accept('int');
    if (!int) {
      this.at = start;
      return false;
    }
    const index = Number(int.text);
    if (this.accept('}')) {
      into.push({ kind: 'tabstop', index, children: [] });
      return true;
    }
    if (this.accept(':')) {
      const children = this.readUntilClose();
      if (children.closed) into.push({ kind: 'tabstop', index, children: children.nodes });
      else spillUnterminated(into, `\${${int.text}:`, children.nodes);
      return true;
    }
    if (index > 0 && this.accept('|')) {
      const choices = this.readChoices();
      if (choices) {
        into.push({ kind: 'tabstop', index, children: [{ kind: 'text', value: choices[0] }], choices });
        return true;
      }
    } else if (this.accept('/')) {
      throw new Error(`snippet transforms are not supported (at offset ${int.pos})`);
    }
    this.at = start;
    return false;
  }

  /** `${NAME}`, `${NAME:default}`. */
  private readLongVariable(into: SnippetNode[]): boolean {
    const start = this.at;
    const name = this.accept('$') && this.accept('{') && this.accept('name');
    if (!name) {
      this.at = start;
      return false;
    }
    if (this.accept('}')) {
      into.push({ kind: 'variable', name: name.text, children: [] });
      return true;
    }
    if (this.accept(':')) {
      const children = this.readUntilClose();
      if (children.closed) into.push({ kind: 'variable', name: name.text, children: children.nodes });
      else spillUnterminated(into, `\${${name.text}:`, children.nodes);
      return true;
    }
    if (this.accept('/')) throw new Error(`snippet transforms are not supported (at offset ${name.pos})`);
    this.at = start;
    return false;
  }

  private readUntilClose(): { nodes: SnippetNode[]; closed: boolean } {
    const nodes: SnippetNode[] = [];
    while (true) {
      if (this.accept('}')) return { nodes, closed: true };
      if (!this.readInto(nodes)) return { nodes, closed: false };
    }
  }

  /** After `${1|`: `a,b\,c|}` → ['a', 'b,c']; undefined (and nothing consumed by the caller) when malformed. */
  private readChoices(): string[] | undefined {
    const options: string[] = [];
    while (true) {
      let option = '';
      while (this.token.kind !== ',' && this.token.kind !== '|') {
        if (this.token.kind === 'eof') return undefined;
        if (this.accept('\\')) {
          const escaped = this.accept(',') ?? this.accept('|') ?? this.accept('\\');
          option += escaped ? escaped.text : '\\';
        } else {
          option += this.token.text;
          this.at++;
        }
      }
      if (!option) return undefined;
      options.push(option);
      if (this.accept(',')) continue;
      this.accept('|');
      return this.accept('}') ? options : undefined;
    }
  }

  private readAnyToken(into: SnippetNode[]): boolean {
    if (this.token.kind === 'eof') return false;
    appendText(into, this.token.text);
    this.at++;
    return true;
  }
}

function appendText(into: SnippetNode[], value: string): void {
  const last = into[into.length - 1];
  if (last?.kind === 'text') last.value += value;
  else into.push({ kind: 'text', value });
}

/** An unterminated `${1:…` stays as text, followed by what was read inside it. */
function spillUnterminated(into: SnippetNode[], opening: string, children: SnippetNode[]): void {
  appendText(into, opening);
  for (const child of children) {
    if (child.kind === 'text') appendText(into, child.value);
    else into.push(child);
  }
}
