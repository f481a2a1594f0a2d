/**
 * The reviewed-findings ledger (test/conformance/ledger.tsv): one verdict per finding the CLI
 * reports on shared/corpus/real. See the header of ledger.tsv for the format.
 */
import * as fs from 'node:fs';

export type Verdict = 'true' | 'false' | 'debatable';

const VERDICTS = new Set<Verdict>(['true', 'false', 'debatable']);

export interface LedgerEntry {
  path: string;
  line: number;
  code: string;
  verdict: Verdict;
  scope: string;
  source: string;
  reason: string;
  /** Line of ledger.tsv, for messages. */
  ledgerLine: number;
}

/** A finding as the ledger sees it. */
export interface ReviewedFinding {
  path: string;
  line: number;
  code: string;
  severity: string;
  message: string;
  scope: string;
  source: string;
}

export const LEDGER_COLUMNS = ['path', 'line', 'code', 'verdict', 'scope', 'source', 'reason'];

/** Whitespace runs collapsed, tabs included, so the text fits in a TSV cell and survives re-indenting. */
export function normalizeSource(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The chain of `class`/`def` names enclosing a line (`Connection._cancel`), read from indentation:
 * stable when lines move, unlike the line number. `<module>` at top level.
 */
export function enclosingScope(lines: string[], lineIndex: number): string {
  const names: string[] = [];
  let indent = indentOf(lines[lineIndex] ?? '');
  for (let i = lineIndex - 1; i >= 0 && indent > 0; i--) {
    const text = lines[i];
    if (!text.trim() || text.trim().startsWith('#')) continue;
    const lineIndent = indentOf(text);
    if (lineIndent >= indent) continue;
    const match = /^\s*(?:async\s+)?(?:def|class)\s+(\w+)/.exec(text);
    if (match) {
      names.unshift(match[1]);
      indent = lineIndent;
    }
  }
  return names.join('.') || '<module>';
}

function indentOf(text: string): number {
  return /^[ \t]*/.exec(text)![0].replace(/\t/g, '        ').length;
}

export interface ParsedLedger {
  entries: LedgerEntry[];
  problems: string[];
}

export function readLedger(file: string): ParsedLedger {
  const entries: LedgerEntry[] = [];
  const problems: string[] = [];
  if (!fs.existsSync(file)) return { entries, problems: [`no ledger at ${file}`] };
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((text, index) => {
    if (!text.trim() || text.startsWith('#')) return;
    const cells = text.split('\t');
    if (cells[0] === LEDGER_COLUMNS[0]) return;
    const [path, line, code, verdict, scope, source, reason] = cells;
    if (cells.length !== LEDGER_COLUMNS.length || !VERDICTS.has(verdict as Verdict) || !reason?.trim()) {
      problems.push(`ledger.tsv:${index + 1}: expected ${LEDGER_COLUMNS.length} tab-separated cells (${LEDGER_COLUMNS.join(', ')}), a verdict true/false/debatable and a reason`);
      return;
    }
    entries.push({ path, line: Number(line), code, verdict: verdict as Verdict, scope, source: normalizeSource(source), reason, ledgerLine: index + 1 });
  });
  return { entries, problems };
}

function keyOf(item: { path: string; code: string; scope: string; source: string }): string {
  return [item.path, item.code, item.scope, item.source].join('\u0000');
}

export interface LedgerMatch {
  /** Findings paired with their entry. */
  reviewed: Array<{ finding: ReviewedFinding; entry: LedgerEntry }>;
  /** Findings no entry covers. */
  unreviewed: ReviewedFinding[];
  /** Entries no finding matched any more. */
  stale: LedgerEntry[];
}

/**
 * Pairs findings with entries on path, code, enclosing scope and source text; where several share
 * that key (the same line twice in a function), they pair in line order.
 */
export function matchLedger(findings: ReviewedFinding[], entries: LedgerEntry[]): LedgerMatch {
  const byKey = new Map<string, LedgerEntry[]>();
  for (const entry of entries) {
    const list = byKey.get(keyOf(entry)) ?? [];
    list.push(entry);
    byKey.set(keyOf(entry), list);
  }
  for (const list of byKey.values()) list.sort((a, b) => a.line - b.line);
  const result: LedgerMatch = { reviewed: [], unreviewed: [], stale: [] };
  const sorted = [...findings].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  for (const finding of sorted) {
    const entry = byKey.get(keyOf(finding))?.shift();
    if (entry) result.reviewed.push({ finding, entry });
    else result.unreviewed.push(finding);
  }
  for (const list of byKey.values()) result.stale.push(...list);
  return result;
}

/** A ledger row for a finding, verdict and reason left for the reviewer to fill in. */
export function ledgerRow(finding: ReviewedFinding, verdict = '?', reason = '?'): string {
  return [finding.path, String(finding.line), finding.code, verdict, finding.scope, finding.source, reason].join('\t');
}
