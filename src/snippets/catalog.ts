/**
 * The pattern snippets as data, for the guide: which snippets belong to a section, their titles
 * and descriptions in both languages, and the body to insert (VS Code snippet syntax, tab-indented).
 * Reads snippets/catalog.json, generated at build time from snippets/source/*.snippet.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type SnippetLanguage = 'en' | 'zh-cn';

export const SNIPPET_LANGUAGES: readonly SnippetLanguage[] = ['en', 'zh-cn'];

export interface PatternSnippet {
  /** File name of the source, e.g. `semaphore`. */
  id: string;
  /** What the user types, e.g. `aio-sem`. */
  prefix: string;
  /** Guide section id, e.g. `patterns/concurrency-limits`. */
  section: string;
  /** Minimum Python version, e.g. `3.11`. */
  python: string;
  /** Third-party packages the code imports. */
  requires: string[];
  /** `module`: top-level code (imports, functions); `statements`: goes inside an `async def`. */
  kind: 'module' | 'statements';
  title: Record<SnippetLanguage, string>;
  description: Record<SnippetLanguage, string>;
  body: string;
}

export const CATALOG_PATH = path.join('snippets', 'catalog.json');

export function loadSnippetCatalog(extensionRoot: string): PatternSnippet[] {
  const file = path.join(extensionRoot, CATALOG_PATH);
  const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const list = (data as { snippets?: unknown }).snippets;
  if (!Array.isArray(list)) throw new Error(`${file}: no "snippets" array`);
  return list.map((entry, i) => validate(entry, `${file}: snippets[${i}]`));
}

function validate(entry: unknown, where: string): PatternSnippet {
  const value = entry as Partial<PatternSnippet> | null;
  const isText = (x: unknown): x is string => typeof x === 'string' && x.length > 0;
  const isLocalized = (x: unknown): x is Record<SnippetLanguage, string> =>
    typeof x === 'object' && x !== null && SNIPPET_LANGUAGES.every((lang) => isText((x as Record<string, unknown>)[lang]));
  if (
    !value ||
    !isText(value.id) ||
    !isText(value.prefix) ||
    !isText(value.section) ||
    !isText(value.python) ||
    !isText(value.body) ||
    !Array.isArray(value.requires) ||
    !value.requires.every(isText) ||
    (value.kind !== 'module' && value.kind !== 'statements') ||
    !isLocalized(value.title) ||
    !isLocalized(value.description)
  ) {
    throw new Error(`${where}: malformed snippet entry`);
  }
  return value as PatternSnippet;
}
