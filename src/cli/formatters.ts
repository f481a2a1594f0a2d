import * as path from 'node:path';
import type { PublicFinding } from '../analysis/index';
import { listCodes } from '../analysis/index';
import { t } from '../analysis/l10n';
import type { GuideLanguage } from '../guide/types';
import { SITE_URL, ruleUrl } from '../site/urls';
import { readRuleHelp } from './ruleHelp';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

function relative(file: string | undefined, cwd: string): string {
  return (path.relative(cwd, file ?? '') || file || '').split(path.sep).join('/');
}

/** In a notebook, positions are relative to the cell. */
function cellPrefix(f: PublicFinding): string {
  return f.cell === undefined ? '' : `cell ${f.cell}:`;
}

/** One line per finding, then the page of each code that was reported. */
export function formatText(findings: PublicFinding[], cwd: string, language: GuideLanguage = 'en'): string {
  if (findings.length === 0) return '';
  const lines = findings.map((f) => `${relative(f.file, cwd)}:${cellPrefix(f)}${f.line}:${f.column}: ${f.code} [${f.severity}] ${f.message}`);
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  return [...lines, '', t('Rule pages:'), ...codes.map((code) => `  ${code}  ${ruleUrl(code, language)}`)].join('\n');
}

export function formatJson(findings: Array<PublicFinding & { fixable?: boolean }>, language: GuideLanguage = 'en'): string {
  return JSON.stringify(
    findings.map(({ file, cell, line, column, endLine, endColumn, code, severity, message, fixable }) => ({
      file,
      ...(cell === undefined ? {} : { cell }),
      line,
      column,
      endLine,
      endColumn,
      code,
      severity,
      message,
      url: ruleUrl(code, language),
      ...(fixable === undefined ? {} : { fixable }),
    })),
    null,
    2,
  );
}

const GITHUB_COMMAND: Record<string, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** GitHub Actions workflow commands: `::warning file=…,line=…::message`, shown as annotations on the diff. */
export function formatGithub(findings: PublicFinding[], cwd: string, language: GuideLanguage = 'en'): string {
  return findings
    .map((f) => {
      const properties = [
        `file=${relative(f.file, cwd)}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `endLine=${f.endLine}`,
        `endColumn=${f.endColumn}`,
        `title=${f.code}`,
      ].map((property) => {
        const [key, ...value] = property.split('=');
        return `${key}=${escapeProperty(value.join('='))}`;
      });
      const where = f.cell === undefined ? '' : `cell ${f.cell}: `;
      return `::${GITHUB_COMMAND[f.severity]} ${properties.join(',')}::${escapeData(`${where}${f.message} ${ruleUrl(f.code, language)}`)}`;
    })
    .join('\n');
}

// As in @actions/core's command.ts: data escapes %, CR, LF; property values also : and ,.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Counts per code, most frequent first, like Ruff's `--statistics`. */
export function countByCode(findings: PublicFinding[]): Array<{ code: string; count: number; title: string; url: string }> {
  const titles = new Map(listCodes().map((info) => [info.code, t(info.title)]));
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.code, (counts.get(finding.code) ?? 0) + 1);
  return [...counts]
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .map(([code, count]) => ({ code, count, title: titles.get(code) ?? code, url: ruleUrl(code) }));
}

export function formatStatistics(findings: PublicFinding[], format: 'text' | 'json', language: GuideLanguage = 'en'): string {
  const rows = countByCode(findings).map((row) => ({ ...row, url: ruleUrl(row.code, language) }));
  if (format === 'json') return JSON.stringify(rows, null, 2);
  const width = Math.max(0, ...rows.map((row) => String(row.count).length));
  const codeWidth = Math.max(0, ...rows.map((row) => row.code.length));
  return rows.map((row) => `${String(row.count).padStart(width)}\t${row.code.padEnd(codeWidth)}\t${row.title}`).join('\n');
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function tagsOf(code: string): string[] {
  return ['asyncio', /^(ASYNC|AIO)2\d\d$/.test(code) ? 'blocking-call' : 'pitfall'];
}

/** SARIF 2.1.0, as GitHub code scanning and other CI viewers read it. */
export function formatSarif(findings: PublicFinding[], cwd: string, version: string, language: GuideLanguage = 'en'): string {
  const rules = listCodes().map((info) => {
    const url = ruleUrl(info.code, language);
    const title = t(info.title);
    const help = readRuleHelp(info.code, language);
    const more = `[${t('Full explanation')}](${url})`;
    return {
      id: info.code,
      name: info.code,
      shortDescription: { text: title },
      fullDescription: { text: help?.summary ?? title },
      helpUri: url,
      help: { text: `${help?.summary ?? title} ${url}`, markdown: `${help?.markdown ?? title}\n\n${more}` },
      defaultConfiguration: { enabled: info.defaultSeverity !== 'off', level: info.defaultSeverity === 'off' ? 'none' : SARIF_LEVEL[info.defaultSeverity] },
      properties: { tags: tagsOf(info.code) },
    };
  });
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = findings.map((f) => ({
    ruleId: f.code,
    ...(ruleIndex.has(f.code) ? { ruleIndex: ruleIndex.get(f.code) } : {}),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    ...(f.cell === undefined ? {} : { properties: { cell: f.cell } }),
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: relative(f.file, cwd) },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
        // In a notebook the region is relative to the cell named here.
        ...(f.cell === undefined ? {} : { logicalLocations: [{ name: `cell ${f.cell}`, kind: 'member' }] }),
      },
    ],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'python-async-guide', version, informationUri: SITE_URL, rules } }, results }],
  };
  return JSON.stringify(log, null, 2);
}
