import { Edit, type Tree } from 'web-tree-sitter';
import type { Analyzer, LintRequest, LintResult } from './analyzer';
import { positionAt } from './fixes/apply';
import type { WorkspaceFiles } from './options';
import type { Finding, Range } from './types';
import { bodyAround, comparePoints, fillsOf, mentionsOf, type ModuleUnits, type Unit, unitsOf, unitsReachedFromModuleCode, unitsToReanalyse } from './units';

/**
 * Analyses whose models the kept findings may hold at once, for their lazy fixes; past that, their
 * fixes are built and the models let go (see `letModelsGo`).
 */
const MAX_MODELS = 16;
/**
 * Analyses the kept findings may come from at once: even with its fixes built, a finding's strings
 * (message, fixes) may hold on to its analysis's text. Past that, the whole text is analysed again.
 */
const MAX_ORIGINS = 64;
/** A file-level `# noqa` anywhere silences everything: such files are always analysed whole. */
const FILE_NOQA = /(?:flake8|ruff)\s*:\s*noqa/i;
const LONE_CARRIAGE_RETURN = /\r(?!\n)/;
/** Text of whole lines holding only blanks and comments. */
const TRIVIA_LINES = /^(?:[ \t]*(?:#[^\n]*)?(?:\n|$))*$/;
/** Module-level code that may bind names no word of it shows: an edit of it is analysed whole. */
const OUT_OF_SIGHT = /\b(?:import|global|nonlocal|globals|locals|vars|exec|eval|setattr|delattr|__dict__|__all__|__getattr__|__builtins__|builtins|modules)\b/;

interface Analysed {
  text: string;
  /** The last parsed tree, with the edits since (`tree.edit`) when updates did not need to parse. */
  tree: Tree;
  result: Omit<LintResult, 'tree' | 'model'>;
  /** Undefined when the next edit must re-analyse the whole text. */
  units?: ModuleUnits;
  fingerprint: string;
  workspace?: WorkspaceFiles;
}

/** Rows after `afterRow` move by `delta` (an edit that added or removed lines). */
interface Shift {
  afterRow: number;
  delta: number;
}

/** Where a kept finding comes from: the analysis that made it, and the edits since. */
interface Provenance {
  base: Finding;
  /** Its fixes are built: it no longer holds its analysis's model. */
  built?: boolean;
  origin: number;
  shifts: readonly Shift[];
}

const provenance = new WeakMap<Finding, Provenance>();

export function bySourceOrder(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/**
 * One open document: keeps the last tree and findings. After an edit inside a top-level `def` or
 * `class` it re-analyses only the top-level `def`s and `class`es that edit can reach (see
 * `unitsToReanalyse`), from the text with every other unit's lines emptied, and keeps the other units'
 * findings, moved by the lines the edit added or removed; after an edit of a module-level statement
 * below the first definition, the same with the units that statement can reach
 * (`unitsReachedFromModuleCode`). Any other edit is analysed whole, with an incremental parse. The findings are always
 * those of a fresh `Analyzer.lint` of the same text (test/unit/session.test.ts checks this edit by edit).
 */
export class DocumentSession {
  private last: Analysed | undefined;
  private stale = false;
  private nextOrigin = 1;
  /** How the last update went: the whole text analysed, or only the units an edit reaches. */
  lastUpdate: 'full' | 'partial' | undefined;

  constructor(private readonly analyzer: Analyzer) {}

  /** Something besides the text changed (an imported module, the settings): the next update analyses the whole text. */
  invalidate(): void {
    this.stale = true;
  }

  /** The findings of `text`. The result's `tree`, when there is one, stays the session's: do not delete it. */
  update(text: string, request: Omit<LintRequest, 'previousTree'> = {}): LintResult {
    const last = this.last;
    const fingerprint = fingerprintOf(this.analyzer, request);
    const workspace = this.analyzer.currentOptions.workspace;
    const edit = last ? computeEdit(last.text, text) : undefined;
    if (last && edit) last.tree.edit(edit);
    const sameInputs = !this.stale && fingerprint === last?.fingerprint && workspace === last?.workspace;
    if (last && edit && last.units && sameInputs && reusable(last.result, text) && !(text.includes('\r') && LONE_CARRIAGE_RETURN.test(text))) {
      const partial =
        this.shiftAfterTrivia(last, last.units, text, edit) ?? this.reanalyseEdit(last, last.units, text, edit, request) ?? this.reanalyseModuleCode(last, last.units, text, edit, request);
      if (partial) {
        this.last = { ...last, text, result: partial.result, units: partial.units };
        this.lastUpdate = 'partial';
        return partial.result;
      }
    }
    const { model, ...result } = this.analyzer.lint(text, { ...request, previousTree: last?.tree });
    last?.tree.delete();
    this.stale = false;
    this.lastUpdate = 'full';
    const origin = this.nextOrigin++;
    for (const finding of result.findings) provenance.set(finding, { base: finding, origin, shifts: [] });
    const { tree, ...kept } = result;
    const units = model && !result.skipped && !result.hasSyntaxErrors ? unitsOf(model.syntax) : undefined;
    this.last = tree ? { text, tree, result: kept, units, fingerprint, workspace } : undefined;
    return result;
  }

  dispose(): void {
    this.last?.tree.delete();
    this.last = undefined;
  }

  /**
   * The findings after an edit that only adds, removes or changes blank and comment lines between
   * top-level statements, past the first `def`/`class` (where fixes place imports): the syntax is the
   * same, so the findings are the last ones, moved by the lines added or removed.
   */
  private shiftAfterTrivia(last: Analysed, module: ModuleUnits, text: string, edit: Edit) {
    const { result } = last;
    if (text.includes('\r')) return undefined;
    const first = module.units[0];
    if (!first || edit.startPosition.row <= first.startRow) return undefined;
    if (!TRIVIA_LINES.test(last.text.slice(edit.startIndex, edit.oldEndIndex)) || !TRIVIA_LINES.test(text.slice(edit.startIndex, edit.newEndIndex))) return undefined;
    // The tree has the edit applied: a statement that held the edited lines now spans the new ones.
    for (const statement of last.tree.rootNode.children) {
      if (statement && statement.type !== 'comment' && statement.startIndex < edit.newEndIndex && statement.endIndex > edit.startIndex) return undefined;
    }
    const delta = edit.newEndPosition.row - edit.oldEndPosition.row;
    if (delta === 0) return { result, units: module };
    const shift: Shift = { afterRow: edit.oldEndPosition.row, delta };
    const findings = result.findings.map((finding) => {
      const from = provenance.get(finding)!;
      return finding.range.start.line <= shift.afterRow && finding.range.end.line <= shift.afterRow ? finding : shifted(finding, from, shift);
    });
    if (!keepable(findings, 0)) return undefined;
    const units = module.units.map((unit) => (unit.startRow > shift.afterRow ? { ...unit, startRow: unit.startRow + delta, endRow: unit.endRow + delta } : unit));
    return { result: { ...result, findings }, units: { units, moduleMentions: module.moduleMentions, collections: module.collections } };
  }

  /**
   * The findings after an edit inside one top-level `def` or `class` (its body or its header), or
   * undefined when the edit is not of that kind. The units it may reach are analysed from the text
   * with every other unit's lines emptied (the rest keeps its rows and columns); a unit that ends
   * where it did, with the same names and no syntax error, leaves the rest of the module's syntax
   * as it was.
   */
  private reanalyseEdit(last: Analysed, module: ModuleUnits, text: string, edit: Edit, request: Omit<LintRequest, 'previousTree'>) {
    const start = edit.startPosition;
    const delta = edit.newEndPosition.row - edit.oldEndPosition.row;
    const edited = module.units.findIndex((unit) => unit.startRow <= start.row && edit.oldEndPosition.row <= unit.endRow);
    const before = module.units[edited];
    if (!before || before.declaresGlobal) return undefined;
    // An edit of a header (decorators, signature, bases) may change what other units see of this one:
    // they name it, so `unitsToReanalyse` picks them, as for a body edit.
    const body = bodyAround(before, start, edit.oldEndPosition);

    const lineStarts = lineStartsOf(text);
    const lineEnd = (row: number) => (row + 1 < lineStarts.length ? lineStarts[row + 1] - 1 : text.length);
    const endRow = before.endRow + delta;
    if (endRow >= lineStarts.length) return undefined;
    const unitText = text.slice(lineStarts[before.startRow], lineEnd(endRow));
    if (/\bglobal\b/.test(unitText)) return undefined;
    const units = module.units.map((unit, index) =>
      index < edited
        ? unit
        : index === edited
          ? { ...before, endRow, mentions: mentionsOf(unitText, before.defs), fills: fillsOf(unitText, module.collections) }
          : { ...unit, startRow: unit.startRow + delta, endRow: unit.endRow + delta },
    );
    const chosen = unitsToReanalyse({ units, moduleMentions: module.moduleMentions, collections: module.collections }, edited, before.mentions, before.fills);
    return this.analyseUnits(last, text, lineStarts, edit, units, chosen, request, (analysed) => {
      const after = analysed.units.find((unit) => unit.startRow === before.startRow);
      if (!after || after.endRow !== endRow || after.defs.join() !== before.defs.join()) return undefined;
      if (body) {
        const bodyAfter = after.bodies.find((candidate) => comparePoints(candidate.start, body.start) === 0);
        if (!bodyAfter || comparePoints(edit.newEndPosition, bodyAfter.end) > 0) return undefined;
      }
      return { units: units.map((unit, index) => (index === edited ? after : unit)), moduleMentions: module.moduleMentions, collections: module.collections };
    });
  }

  /**
   * The findings after an edit of module-level code below the first unit (a constant, a call, the
   * `if __name__ == "__main__":` block), when neither the lines before nor after the edit import or
   * rebind names out of sight (`global`, `globals()`, `setattr`, `exec`…): the module-level code is
   * analysed again with the units `unitsReachedFromModuleCode` picks; a fresh parse must then find
   * every unit where it was (an edit that opened or closed a `def` is analysed whole).
   */
  private reanalyseModuleCode(last: Analysed, module: ModuleUnits, text: string, edit: Edit, request: Omit<LintRequest, 'previousTree'>) {
    const firstRow = edit.startPosition.row;
    const oldEndRow = edit.oldEndPosition.row;
    const first = module.units[0];
    if (!first || firstRow <= first.startRow) return undefined;
    if (module.units.some((unit) => unit.startRow <= oldEndRow && firstRow <= unit.endRow)) return undefined;
    const linesBefore = wholeLinesOf(last.text, edit.startIndex, edit.oldEndIndex);
    const linesAfter = wholeLinesOf(text, edit.startIndex, edit.newEndIndex);
    if (OUT_OF_SIGHT.test(linesBefore) || OUT_OF_SIGHT.test(linesAfter)) return undefined;
    const delta = edit.newEndPosition.row - oldEndRow;
    const units = module.units.map((unit) => (unit.startRow > oldEndRow ? { ...unit, startRow: unit.startRow + delta, endRow: unit.endRow + delta } : unit));
    const words = new Set([...mentionsOf(linesBefore, []), ...mentionsOf(linesAfter, [])]);
    const below = units.findIndex((unit) => unit.startRow > oldEndRow + delta);
    const neighbours = [below === -1 ? units.length - 1 : below - 1, below].filter((index) => index >= 0);
    const chosen = unitsReachedFromModuleCode({ units, moduleMentions: module.moduleMentions, collections: module.collections }, neighbours, words);
    return this.analyseUnits(last, text, lineStartsOf(text), edit, units, chosen, request, (analysed) => {
      const expected = units.filter((_, index) => chosen.has(index));
      const same = (a: Unit, b: Unit) => a.startRow === b.startRow && a.endRow === b.endRow && a.defs.join() === b.defs.join();
      if (analysed.units.length !== expected.length || !analysed.units.every((unit, index) => same(unit, expected[index]))) return undefined;
      // A collection bound or unbound at module level changes what the units fill: the text is analysed whole.
      if (!sameWords(analysed.collections, module.collections)) return undefined;
      return { units, moduleMentions: analysed.moduleMentions, collections: analysed.collections };
    });
  }

  /**
   * Analyses `text` with the lines of every unit not `chosen` emptied (the rest keeps its rows and
   * columns), and keeps those units' findings, moved by the lines the edit added or removed.
   * `accept` checks the units that analysis found and gives the module's units for the next edit, or
   * undefined to refuse (the text is then analysed whole).
   */
  private analyseUnits(
    last: Analysed,
    text: string,
    lineStarts: readonly number[],
    edit: Edit,
    units: readonly Unit[],
    chosen: ReadonlySet<number>,
    request: Omit<LintRequest, 'previousTree'>,
    accept: (analysed: ModuleUnits) => ModuleUnits | undefined,
  ) {
    const delta = edit.newEndPosition.row - edit.oldEndPosition.row;
    const lineEnd = (row: number) => (row + 1 < lineStarts.length ? lineStarts[row + 1] - 1 : text.length);
    const keptRows = new Uint8Array(lineStarts.length - delta + 1);
    const pieces: string[] = [];
    let cursor = 0;
    units.forEach((unit, index) => {
      if (chosen.has(index)) return;
      pieces.push(text.slice(cursor, lineStarts[unit.startRow]), '\n'.repeat(unit.endRow - unit.startRow));
      cursor = lineEnd(unit.endRow);
      const oldStart = unit.startRow > edit.oldEndPosition.row + delta ? unit.startRow - delta : unit.startRow;
      keptRows.fill(1, oldStart, oldStart + unit.endRow - unit.startRow + 1);
    });
    pieces.push(text.slice(cursor));

    const shift: Shift = { afterRow: edit.oldEndPosition.row, delta };
    const kept: Finding[] = [];
    for (const finding of last.result.findings) {
      if (keptRows[finding.range.start.line] !== 1) continue;
      const from = provenance.get(finding)!;
      kept.push(delta === 0 || finding.range.start.line <= shift.afterRow ? finding : shifted(finding, from, shift));
    }
    if (!keepable(kept, 1)) return undefined;
    const { model, tree, ...partial } = this.analyzer.lint(pieces.join(''), request);
    tree?.delete();
    if (!model || partial.skipped || partial.ruleErrors.length > 0 || partial.hasSyntaxErrors) return undefined;
    const next = accept(unitsOf(model.syntax));
    if (!next) return undefined;
    const origin = this.nextOrigin++;
    for (const finding of partial.findings) provenance.set(finding, { base: finding, origin, shifts: [] });
    const findings = [...kept, ...partial.findings].sort(bySourceOrder);
    return { result: { findings, ruleErrors: [], hasSyntaxErrors: false }, units: next };
  }
}

/**
 * Builds the fixes of `findings` now, so that they no longer hold the models of the analyses that made
 * them (a lazy fix drops its builder once built): cheaper than analysing the whole text again.
 */
function letModelsGo(findings: readonly Finding[]): void {
  for (const finding of findings) {
    void finding.fixes;
    provenance.set(finding, { ...provenance.get(finding)!, built: true });
  }
}

/**
 * Whether `findings` may be kept beside `added` new analyses: false when they come from too many
 * analyses (the text is then analysed whole); their models are let go when too many are held.
 */
function keepable(findings: readonly Finding[], added: number): boolean {
  const origins = new Set<number>();
  const models = new Set<number>();
  for (const finding of findings) {
    const from = provenance.get(finding)!;
    origins.add(from.origin);
    if (!from.built) models.add(from.origin);
  }
  if (origins.size + added > MAX_ORIGINS) return false;
  if (models.size + added > MAX_MODELS) letModelsGo(findings);
  return true;
}

/** The lines holding `start…end` of `text`, whole. */
function wholeLinesOf(text: string, start: number, end: number): string {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const next = text.indexOf('\n', end);
  return text.slice(from, next === -1 ? text.length : next);
}

/** Findings of a clean analysis, of a text without a file-level `# noqa`, may be kept across an edit. */
function reusable(result: Analysed['result'], text: string): boolean {
  return !result.skipped && result.ruleErrors.length === 0 && !result.hasSyntaxErrors && !FILE_NOQA.test(text);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

function fingerprintOf(analyzer: Analyzer, request: Omit<LintRequest, 'previousTree'>): string {
  const { workspace: _workspace, ...options } = analyzer.currentOptions;
  return JSON.stringify([options, request.file ?? null, request.inRunningLoop ?? false]);
}

/** The finding moved by an edit that added or removed lines above it; its fixes are moved when read. */
function shifted(finding: Finding, from: Provenance, shift: Shift): Finding {
  const shifts = [...from.shifts, shift];
  const moved = {
    code: finding.code,
    message: finding.message,
    range: shiftRange(finding.range, [shift]),
    severity: finding.severity,
    guideSection: finding.guideSection,
    related: finding.related.map((related) => (related.file === undefined ? { ...related, range: shiftRange(related.range, [shift]) } : related)),
  } as Finding;
  let fixes: Finding['fixes'] | undefined;
  Object.defineProperty(moved, 'fixes', {
    get: () => (fixes ??= from.base.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, range: shiftRange(edit.range, shifts) })) }))),
    enumerable: true,
    configurable: true,
  });
  provenance.set(moved, { base: from.base, origin: from.origin, built: from.built, shifts });
  return moved;
}

function shiftRange(range: Range, shifts: readonly Shift[]): Range {
  let start = range.start.line;
  let end = range.end.line;
  for (const { afterRow, delta } of shifts) {
    if (start > afterRow) start += delta;
    if (end > afterRow) end += delta;
  }
  return { start: { line: start, character: range.start.character }, end: { line: end, character: range.end.character } };
}

const CHUNK = 1024;

/** The single replaced span between two texts (common prefix and suffix), as a tree-sitter edit. */
export function computeEdit(before: string, after: string): Edit | undefined {
  if (before === after) return undefined;
  const shortest = Math.min(before.length, after.length);
  // Whole chunks first: comparing two slices runs in native code, many times faster than a loop over
  // characters, and a one-line edit leaves nearly all of a long text the same.
  let start = 0;
  while (start + CHUNK <= shortest && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore - CHUNK >= start && endAfter - CHUNK >= start && before.slice(endBefore - CHUNK, endBefore) === after.slice(endAfter - CHUNK, endAfter)) {
    endBefore -= CHUNK;
    endAfter -= CHUNK;
  }
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  ({ start, endBefore, endAfter } = wholeLines(before, start, endBefore, endAfter));
  const startPosition = pointAt(before, start);
  return new Edit({
    startIndex: start,
    oldEndIndex: endBefore,
    newEndIndex: endAfter,
    startPosition,
    oldEndPosition: pointAt(before, endBefore, start, startPosition),
    newEndPosition: pointAt(after, endAfter, start, startPosition),
  });
}

/**
 * Widens an edit to the whole lines it touches. Tree-sitter reuses the old node that starts where
 * an edit ends; after text pasted right before it on the same line (`[…]input(…)`), its error
 * recovery then read two statements with no error where a fresh parse finds one (fuzz seed 14,
 * case 54009). Every token of an edited line is lexed afresh instead.
 */
function wholeLines(before: string, start: number, endBefore: number, endAfter: number): { start: number; endBefore: number; endAfter: number } {
  while (start > 0 && before[start - 1] !== '\n' && before[start - 1] !== '\r') start--;
  let extra = 0;
  while (endBefore + extra < before.length && before[endBefore + extra] !== '\n' && before[endBefore + extra] !== '\r') extra++;
  return { start, endBefore: endBefore + extra, endAfter: endAfter + extra };
}

/** Row and column of `index`, counting on from a known point before it. */
function pointAt(text: string, index: number, from = 0, fromPoint = { row: 0, column: 0 }): { row: number; column: number } {
  if (text.includes('\r')) {
    const { line, character } = positionAt(text, index);
    return { row: line, column: character };
  }
  let row = fromPoint.row;
  let lineStart = from - fromPoint.column;
  for (let found = text.indexOf('\n', from); found !== -1 && found < index; found = text.indexOf('\n', found + 1)) {
    row++;
    lineStart = found + 1;
  }
  return { row, column: index - lineStart };
}

function sameWords(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((word) => b.has(word));
}
