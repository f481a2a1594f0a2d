import { parse, TomlError } from 'smol-toml';
import { t } from '../analysis/l10n';
import type { ConfigProblem } from './problems';

export type TomlTable = Record<string, unknown>;

export interface ParsedToml {
  table?: TomlTable;
  problem?: ConfigProblem;
}

/** Parses a TOML document; a syntax error becomes a problem at smol-toml's position instead of an exception. */
export function parseToml(file: string, text: string): ParsedToml {
  try {
    return { table: parse(text) as TomlTable };
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
      return { problem: { file, line: Math.max(0, error.line - 1), column: Math.max(0, error.column - 1), message: t('Invalid TOML: {0}', reason) } };
    }
    return { problem: { file, line: 0, column: 0, message: t('Invalid TOML: {0}', String(error)) } };
  }
}

export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;
const KEY = /^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=/;

function splitDotted(key: string): string[] {
  const parts: string[] = [];
  for (const match of key.matchAll(/"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+)/g)) parts.push(match[1] ?? match[2] ?? match[3]);
  return parts;
}

/**
 * Where each key of a TOML document is written: dotted path → 0-based line and column. smol-toml
 * gives positions only for syntax errors, so messages about a key's value find its line here. Lines
 * inside multi-line strings are skipped; a key seen twice keeps its first line.
 */
export function keyPositions(text: string): Map<string, { line: number; column: number }> {
  const positions = new Map<string, { line: number; column: number }>();
  let table: string[] = [];
  let inMultiline: string | undefined;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (inMultiline) {
      if (line.includes(inMultiline)) inMultiline = undefined;
      continue;
    }
    const header = HEADER.exec(line);
    if (header) {
      table = splitDotted(header[1]);
      const path = table.join('.');
      if (!positions.has(path)) positions.set(path, { line: index, column: line.indexOf('[') });
      continue;
    }
    const key = KEY.exec(line);
    if (key) {
      const path = [...table, ...splitDotted(key[1])].join('.');
      if (!positions.has(path)) positions.set(path, { line: index, column: line.length - line.trimStart().length });
      const rest = line.slice(key[0].length);
      const opener = /"""|'''/.exec(rest);
      if (opener && rest.split(opener[0]).length === 2) inMultiline = opener[0];
    }
  }
  return positions;
}

/** The position of the nearest written ancestor of a dotted key (the key itself, else its table…). */
export function positionOf(positions: Map<string, { line: number; column: number }>, path: string[]): { line: number; column: number } {
  for (let length = path.length; length > 0; length--) {
    const found = positions.get(path.slice(0, length).join('.'));
    if (found) return found;
  }
  return { line: 0, column: 0 };
}
