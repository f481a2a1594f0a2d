import type { Analyzer, SkipReason } from './analyzer';
import { engineLinter, fixAll, selectPreferredFixes } from './fixes/apply';
import { diffEdits } from './fixes/diff';
import type { Finding, Fix, Position, Range, RelatedLocation, TextEdit } from './types';

/** One cell of a Jupyter notebook, as an editor or the `.ipynb` JSON holds it. */
export interface NotebookCell {
  kind: 'code' | 'markup';
  /** Cell language; code cells without one are Python (the notebook's kernel language). */
  languageId?: string;
  text: string;
}

export interface CellTextEdit extends TextEdit {
  /** Index of the cell, among all cells of the notebook. */
  cell: number;
}

export interface CellFix extends Omit<Fix, 'edits'> {
  edits: CellTextEdit[];
}

/** A finding in one cell, with positions relative to that cell. */
export interface CellFinding extends Omit<Finding, 'fixes' | 'related'> {
  cell: number;
  fixes: CellFix[];
  related: Array<RelatedLocation & { cell?: number }>;
}

export interface NotebookLintResult {
  findings: CellFinding[];
  ruleErrors: Error[];
  /** Set when the notebook's program was not analysed (as for a file: binary, too large, over the time budget…). */
  skipped?: SkipReason;
  budgetMs?: number;
}

/** Cell magics whose body is still Python (`%%time` measures the Python below it). */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'python', 'python3']);

/**
 * IPython syntax that is not Python, made neutral line by line so that positions stay put:
 * `%magic`, `!shell` and `obj?` lines become `pass`, `x = !cmd` becomes `x = None`, and a cell
 * whose `%%magic` runs another language is blanked whole.
 */
export function pythonOfCell(text: string): string {
  const lines = text.split('\n');
  const cellMagic = /^%%(\w+)/.exec(lines[0] ?? '');
  if (cellMagic && !PYTHON_CELL_MAGICS.has(cellMagic[1])) return lines.map(() => '').join('\n');
  return lines
    .map((line, index) => {
      if (index === 0 && cellMagic) return '';
      const indent = /^\s*/.exec(line)![0];
      const body = line.slice(indent.length);
      if (/^[%!]/.test(body) || /^[\w.]+\?{1,2}\s*$/.test(body)) return `${indent}pass`;
      return line.replace(/^(\s*[\w.]+\s*=\s*)[!%].*$/, '$1None');
    })
    .join('\n');
}

function isPythonCell(cell: NotebookCell): boolean {
  return cell.kind === 'code' && (cell.languageId === undefined || cell.languageId === 'python');
}

interface Placement {
  cell: number;
  /** First line of the cell in the joined program. */
  firstLine: number;
  lineCount: number;
}

/**
 * The Python cells of a notebook as one program: cell after cell, so that an import in the first
 * cell resolves in the fifth, with a map back from program lines to cells.
 */
export function joinCells(cells: readonly NotebookCell[]): { text: string; placements: Placement[] } {
  const parts: string[] = [];
  const placements: Placement[] = [];
  let line = 0;
  cells.forEach((cell, index) => {
    if (!isPythonCell(cell)) return;
    const text = pythonOfCell(cell.text.replace(/\r\n?/g, '\n'));
    const lineCount = text.split('\n').length;
    placements.push({ cell: index, firstLine: line, lineCount });
    parts.push(text);
    line += lineCount;
  });
  return { text: parts.join('\n'), placements };
}

function placementOf(placements: readonly Placement[], line: number): Placement | undefined {
  return placements.find((placement) => line >= placement.firstLine && line < placement.firstLine + placement.lineCount);
}

function toCell(placement: Placement, position: Position): Position {
  return { line: position.line - placement.firstLine, character: position.character };
}

/** A program range as a cell range; undefined when it spans cells. */
function cellRange(placements: readonly Placement[], range: Range): { cell: number; range: Range } | undefined {
  const start = placementOf(placements, range.start.line);
  if (!start || placementOf(placements, range.end.line) !== start) return undefined;
  return { cell: start.cell, range: { start: toCell(start, range.start), end: toCell(start, range.end) } };
}

/**
 * Lints the Python cells of a notebook as one program that runs inside a running event loop
 * (top-level `await` is legal; starting a loop is not: AIO111). Findings, fixes and related
 * locations come back per cell; a fix that would edit across cells is dropped.
 */
export function lintNotebook(analyzer: Analyzer, cells: readonly NotebookCell[], file?: string): NotebookLintResult {
  const { text, placements } = joinCells(cells);
  const result = analyzer.lint(text, { file, inRunningLoop: true });
  result.tree?.delete();
  const findings: CellFinding[] = [];
  for (const finding of result.findings) {
    const located = cellRange(placements, finding.range);
    if (!located) continue;
    const fixes: CellFix[] = [];
    for (const fix of finding.fixes) {
      const edits = fix.edits.map((edit) => {
        const target = cellRange(placements, edit.range);
        return target && { cell: target.cell, range: target.range, newText: edit.newText };
      });
      if (edits.every((edit) => edit !== undefined)) fixes.push({ ...fix, edits: edits as CellTextEdit[] });
    }
    const related = finding.related.map((location) => {
      if (location.file !== undefined) return location;
      const target = cellRange(placements, location.range);
      return target ? { ...location, cell: target.cell, range: target.range } : location;
    });
    findings.push({ ...finding, cell: located.cell, range: located.range, fixes, related });
  }
  return { findings, ruleErrors: result.ruleErrors, skipped: result.skipped, budgetMs: result.budgetMs };
}

export interface NotebookFixAll {
  edits: CellTextEdit[];
  /** Fixes applied over all rounds. */
  applied: number;
  /** Findings left in the notebook afterwards. */
  remaining: number;
  /** Nothing was fixed because the cells' program has syntax errors (see `fixAll`), though a fix was there to apply. */
  syntaxErrors: boolean;
}

/**
 * "Fix all" over the notebook's program (rounds, as for a file), as edits of the cells. A change
 * that would span cells, or touch a line the program rewrote (an IPython magic), is left out.
 */
export function fixAllNotebook(analyzer: Analyzer, cells: readonly NotebookCell[], file?: string): NotebookFixAll {
  const { text, placements } = joinCells(cells);
  const fixed = fixAll(text, engineLinter(analyzer, { file, inRunningLoop: true }));
  const programLines = text.split('\n');
  const edits: CellTextEdit[] = [];
  for (const edit of diffEdits(text, fixed.text)) {
    const target = cellRange(placements, edit.range);
    if (!target) continue;
    const cellLines = cells[target.cell].text.replace(/\r\n?/g, '\n').split('\n');
    const firstLine = placements.find((placement) => placement.cell === target.cell)!.firstLine;
    let untouched = true;
    for (let line = target.range.start.line; line <= target.range.end.line && line < cellLines.length; line++) {
      if (cellLines[line] !== programLines[firstLine + line]) untouched = false;
    }
    if (untouched) edits.push({ cell: target.cell, range: target.range, newText: edit.newText });
  }
  const syntaxErrors = fixed.syntaxErrors > 0 && selectPreferredFixes(fixed.remaining).fixes.length > 0;
  return { edits, applied: fixed.applied, remaining: fixed.remaining.length, syntaxErrors };
}

/** The cells of an `.ipynb` file (nbformat 4); undefined when the text is not a notebook. */
export function readIpynb(json: string): NotebookCell[] | undefined {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof document !== 'object' || document === null || !Array.isArray((document as { cells?: unknown }).cells)) return undefined;
  const notebook = document as { cells: unknown[]; metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } } };
  const language = notebook.metadata?.language_info?.name ?? notebook.metadata?.kernelspec?.language;
  const languageId = typeof language === 'string' ? language.toLowerCase() : undefined;
  return notebook.cells.map((raw) => {
    const cell = (typeof raw === 'object' && raw !== null ? raw : {}) as { cell_type?: unknown; source?: unknown };
    const source = Array.isArray(cell.source) ? cell.source.filter((part) => typeof part === 'string').join('') : typeof cell.source === 'string' ? cell.source : '';
    return { kind: cell.cell_type === 'code' ? 'code' : 'markup', languageId, text: source };
  });
}
