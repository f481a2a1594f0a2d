import * as path from 'node:path';
import type { PublicFinding } from '../analysis/index';
import { listCodes } from '../analysis/index';

export type OutputFormat = 'text' | 'json' | 'sarif';

export function formatText(findings: PublicFinding[], cwd: string): string {
  return findings
    .map((f) => `${path.relative(cwd, f.file ?? '') || f.file}:${f.cell === undefined ? '' : `cell ${f.cell}:`}${f.line}:${f.column}: ${f.code} [${f.severity}] ${f.message}`)
    .join('\n');
}

export function formatJson(findings: PublicFinding[]): string {
  return JSON.stringify(
    findings.map(({ file, cell, line, column, endLine, endColumn, code, severity, message }) => ({ file, ...(cell === undefined ? {} : { cell }), line, column, endLine, endColumn, code, severity, message })),
    null,
    2,
  );
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0, as GitHub code scanning and other CI viewers read it. */
export function formatSarif(findings: PublicFinding[], cwd: string, version: string): string {
  const rules = listCodes().map((info) => ({
    id: info.code,
    shortDescription: { text: info.title },
    defaultConfiguration: { level: info.defaultSeverity === 'off' ? 'none' : SARIF_LEVEL[info.defaultSeverity] },
  }));
  const results = findings.map((f) => ({
    ruleId: f.code,
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    ...(f.cell === undefined ? {} : { properties: { cell: f.cell } }),
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: path.relative(cwd, f.file ?? '').split(path.sep).join('/') },
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
    runs: [{ tool: { driver: { name: 'python-async-guide', version, informationUri: 'https://github.com/python-async-guide/python-async-guide', rules } }, results }],
  };
  return JSON.stringify(log, null, 2);
}
