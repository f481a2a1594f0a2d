import { applyEdits } from '../analysis/fixes/apply';
import type { TextEdit } from '../analysis/types';
import { isTable, parseToml, type TomlTable } from './toml';

const EXTERNAL_LINE = 'external = ["AIO"]';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').map((item) => item.trim().toUpperCase()) : [];
}

/** Whether a Ruff selector (`ALL`, `RUF`, `RUF1`, `RUF100`) takes in RUF100. */
const selectsRuf100 = (selector: string) => selector === 'ALL' || (selector.startsWith('RUF') && 'RUF100'.startsWith(selector));

/**
 * Ruff's settings (`[tool.ruff]` of a pyproject.toml, or a ruff.toml) enable RUF100, unused `noqa`,
 * without declaring `AIO` as another tool's codes: its fix would delete `AIO…` from our `# noqa`
 * comments. The most specific of select and ignore wins, as in Ruff.
 */
export function ruffStripsAioNoqa(ruff: TomlTable): boolean {
  const lint = isTable(ruff.lint) ? ruff.lint : {};
  const pick = (key: string) => [...strings(ruff[key]), ...strings(lint[key])];
  const selected = [...pick('select'), ...pick('extend-select')].filter(selectsRuf100).sort((a, b) => b.length - a.length)[0];
  const ignored = [...pick('ignore'), ...pick('extend-ignore')].filter(selectsRuf100).sort((a, b) => b.length - a.length)[0];
  if (selected === undefined || (ignored !== undefined && ignored.length >= selected.length)) return false;
  return !pick('external').some((code) => code.length > 0 && 'AIO'.startsWith(code));
}

/** The Ruff table of a config file: `[tool.ruff]` of a pyproject.toml, the whole of a ruff.toml. */
export function ruffTableOf(table: TomlTable, isPyproject: boolean): TomlTable | undefined {
  if (!isPyproject) return table;
  const tool = table.tool;
  return isTable(tool) && isTable(tool.ruff) ? tool.ruff : undefined;
}

const HEADER = /^\s*\[\s*([^\][]+?)\s*\]\s*(?:#.*)?$/;
const ANY_HEADER = /^\s*\[/;

function headerName(line: string): string | undefined {
  const match = HEADER.exec(line);
  return match?.[1].replace(/\s*\.\s*/g, '.').replace(/["']/g, '');
}

/**
 * The edit that declares `AIO` external in a Ruff config file, as one inserted line or a string
 * added to an existing `external` list, so that comments and formatting stay as they are:
 * - an `external = [...]` key of the lint table (or the older top-level one) gets `"AIO"` first;
 * - else a `[tool.ruff.lint]` (`[lint]` in ruff.toml) table gets `external = ["AIO"]` after its last key;
 * - else `[tool.ruff]` (the top of a ruff.toml) gets `lint.external = ["AIO"]`.
 * The edited text is parsed again and must say what was meant; otherwise (an inline table,
 * an unusual layout) there is no edit, never a broken file.
 */
export function ruffExternalEdit(text: string, isPyproject: boolean): TextEdit | undefined {
  const prefix = isPyproject ? 'tool.ruff' : '';
  const lintTable = isPyproject ? 'tool.ruff.lint' : 'lint';
  const lines = text.split(/\r?\n/);
  const ending = /\r\n/.test(text) ? '\r\n' : '\n';
  const tables: Array<{ name: string; line: number }> = [{ name: '', line: -1 }];
  lines.forEach((line, index) => {
    if (ANY_HEADER.test(line)) tables.push({ name: headerName(line) ?? '\u0000', line: index });
  });
  const endOf = (start: number) => tables.find((table) => table.line > start)?.line ?? lines.length;
  const findTable = (name: string) => tables.find((table) => table.name === name);
  // A new line before `line`, or after the last line of a file without a final line break.
  const lineInsert = (line: number, content: string): TextEdit => {
    if (line < lines.length) return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${content}${ending}` };
    const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
    return { range: { start: end, end }, newText: `${ending}${content}` };
  };

  const candidates: TextEdit[] = [];
  // An existing `external` list: in the lint table, then the Ruff table (older layout).
  for (const [table, key] of [[lintTable, 'external'], [prefix, 'lint.external'], [prefix, 'external']] as const) {
    const found = findTable(table);
    if (!found) continue;
    for (let index = found.line + 1; index < endOf(found.line); index++) {
      const match = new RegExp(`^(\\s*${key.replace('.', '\\s*\\.\\s*')}\\s*=\\s*\\[)(\\s*)(\\]?)`).exec(lines[index]);
      if (!match) continue;
      const character = match[1].length;
      // `[]` gets "AIO"; `["V"]` gets "AIO", before; a list whose items start on the next lines gets "AIO",
      const rest = lines[index].slice(character);
      const newText = match[3] ? '"AIO"' : /^\s*(#.*)?$/.test(rest) ? '"AIO",' : '"AIO", ';
      candidates.push({ range: { start: { line: index, character }, end: { line: index, character } }, newText });
    }
  }
  const lint = findTable(lintTable);
  if (lint) {
    let last = endOf(lint.line) - 1;
    while (last > lint.line && /^\s*(#.*)?$/.test(lines[last])) last--;
    candidates.push(lineInsert(last + 1, EXTERNAL_LINE));
  }
  const ruff = findTable(prefix);
  if (ruff) {
    candidates.push(lineInsert(isPyproject ? ruff.line + 1 : 0, `lint.${EXTERNAL_LINE}`));
  }
  return candidates.find((edit) => declaresAio(applyEdits(text, [edit]), isPyproject));
}

function declaresAio(text: string, isPyproject: boolean): boolean {
  const parsed = parseToml('', text).table;
  const ruff = parsed && ruffTableOf(parsed, isPyproject);
  if (!ruff) return false;
  const lint = isTable(ruff.lint) ? ruff.lint : {};
  return strings(lint.external).includes('AIO') || (lint.external === undefined && strings(ruff.external).includes('AIO'));
}
