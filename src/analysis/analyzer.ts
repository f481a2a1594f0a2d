import type { Parser, Tree } from 'web-tree-sitter';
import { CODES, lighter, NOQA_ALIASES, severityOf } from './codes';
import { guideSectionOf } from './guideSection';
import { normalizeLocale, withLocale, type Locale } from './l10n';
import { noqaFix } from './fixes/suppress';
import { isSuppressed, readSuppressions } from './noqa';
import type { AnalyzerOptions } from './options';
import { Deadline, isStackOverflow, TimeBudgetExceeded, timeBudgetOf, withDeadline } from './budget';
import { createPythonParser, parseUnlessCancelled, type PythonWasm } from './parser';
import { RULES } from './rules';
import type { Report, RuleContext } from './rules/rule';
import { asyncLibrary, inAsyncLibrary } from './semantic/asyncLibrary';
import { SemanticModel } from './semantic/model';
import { ModuleLoader, type ReadAhead } from './workspace';
import { bySourceOrder } from './session';
import { rangeOf } from './syntax';
import type { Finding, Fix } from './types';

/** Files larger than this are skipped: they are generated or data, and would stall the editor. */
export const MAX_FILE_CHARS = 2_000_000;

/**
 * Why a text has no findings although it was not checked: `binary` and `too-large` are decided
 * before parsing; `time-budget` when parsing or the rules ran past the time budget (`budgetMs`);
 * `too-deep` when the code nests deeper than the engine can follow.
 */
export type SkipReason = 'binary' | 'too-large' | 'time-budget' | 'too-deep';

export interface LintResult {
  findings: Finding[];
  /** Set when the text was not analysed (no findings at all, not a partial list). */
  skipped?: SkipReason;
  /** The time budget that was spent, when `skipped` is `time-budget`. */
  budgetMs?: number;
  /** Internal errors of single rules; the other rules still ran. */
  ruleErrors: Error[];
  hasSyntaxErrors: boolean;
  tree?: Tree;
  /** The model the findings were read from (for a `DocumentSession`'s next edit). */
  model?: SemanticModel;
}

export interface LintRequest {
  file?: string;
  /** The previous tree of the same document, already edited (`tree.edit`), for incremental parsing. */
  previousTree?: Tree;
  /** The top level runs inside a running event loop, as the cells of a Jupyter notebook do. */
  inRunningLoop?: boolean;
  /**
   * `file` is also a module other files import (a CLI run over a project): its model is taken from
   * the module cache when it was parsed as an import, and kept there for its importers. The result
   * then has no `tree`.
   */
  shareModel?: boolean;
}

export function skipReason(text: string): SkipReason | undefined {
  if (text.length > MAX_FILE_CHARS) return 'too-large';
  if (text.includes('\u0000')) return 'binary';
  return undefined;
}

export class Analyzer {
  private options: AnalyzerOptions = {};
  private modules: ModuleLoader | undefined;
  private locale: Locale = 'en';
  private readAhead: ReadAhead | undefined;

  constructor(
    private readonly parser: Parser,
    options: AnalyzerOptions = {},
  ) {
    this.configure(options);
  }

  configure(options: AnalyzerOptions): void {
    if (options.workspace !== this.options.workspace) {
      this.modules?.dispose();
      this.modules = options.workspace ? new ModuleLoader(this.parser, options.workspace) : undefined;
      if (this.modules) this.modules.readAhead = this.readAhead;
    }
    this.options = options;
    this.locale = normalizeLocale(options.locale);
  }

  /**
   * Trees another thread reads ahead, for files linted with `shareModel` and the modules they import:
   * the same arrays this thread's own parse and walk would make, so the findings are the same.
   */
  useReadAhead(readAhead: ReadAhead | undefined): void {
    this.readAhead = readAhead;
    if (this.modules) this.modules.readAhead = readAhead;
  }

  get currentOptions(): AnalyzerOptions {
    return this.options;
  }

  /** Parses `text` reusing `previous` (already edited with `tree.edit`); undefined past the time budget. */
  reparse(text: string, previous: Tree): Tree | undefined {
    const deadline = new Deadline(timeBudgetOf(this.options.timeBudgetMs));
    return parseUnlessCancelled(this.parser, withoutLoneCarriageReturns(text), previous, () => deadline.expired);
  }

  /** Findings in this analyzer's language (its `locale` option), whatever other analyzers speak. */
  lint(text: string, request: LintRequest = {}): LintResult {
    return withLocale(this.locale, () => this.lintText(text, request));
  }

  private lintText(text: string, request: LintRequest): LintResult {
    const skipped = skipReason(text);
    if (skipped) return { findings: [], skipped, ruleErrors: [], hasSyntaxErrors: false };
    const deadline = new Deadline(timeBudgetOf(this.options.timeBudgetMs));
    const outOfTime: LintResult = { findings: [], skipped: 'time-budget', budgetMs: deadline.budgetMs, ruleErrors: [], hasSyntaxErrors: false };
    this.modules?.startAnalysis();
    const source = withoutLoneCarriageReturns(text);
    const shared = request.shareModel && request.file !== undefined && source === text ? this.modules : undefined;
    const cached = shared?.cachedModel(request.file!, text);
    if (cached) {
      // Its answers about other modules may be older than theirs (the server loads modules between rounds).
      cached.forgetWorkspaceAnswers();
      return this.analyze(() => cached, source, request, deadline, outOfTime);
    }
    const arrays = shared && this.readAhead?.(request.file!, text);
    if (shared && arrays) {
      const result = this.analyze(() => new SemanticModel({ arrays, language: this.parser.language! }, source), source, request, deadline, outOfTime);
      if (result.model) shared.remember(request.file!, text, result.model);
      return result;
    }
    const tree = parseUnlessCancelled(this.parser, source, request.previousTree, () => deadline.expired);
    if (!tree) return outOfTime;
    let result: LintResult;
    try {
      result = this.analyze(() => new SemanticModel(tree, source), source, request, deadline, outOfTime);
    } catch (error) {
      tree.delete();
      throw error;
    }
    if (result === outOfTime || result.skipped) {
      tree.delete();
      return result;
    }
    if (!shared) return { ...result, tree };
    tree.delete();
    if (result.model) shared.remember(request.file!, text, result.model);
    return result;
  }

  private analyze(model: () => SemanticModel, text: string, request: LintRequest, deadline: Deadline, outOfTime: LintResult): LintResult {
    try {
      return withDeadline(deadline, () => this.runRules(model(), text, request, deadline));
    } catch (error) {
      if (error instanceof TimeBudgetExceeded) return outOfTime;
      if (isStackOverflow(error)) return { findings: [], skipped: 'too-deep', ruleErrors: [], hasSyntaxErrors: false };
      throw error;
    }
  }

  private runRules(model: SemanticModel, text: string, request: LintRequest, deadline: Deadline): Omit<LintResult, 'tree'> {
    const { modules } = this;
    const file = request.file;
    if (modules && file) {
      model.resolveImport = (name) => modules.definitionFor(name, file);
      model.resolveModuleValue = (name) => modules.resolveModuleValue(name, file);
      model.resolveStarImport = (module, name) => modules.starImportedName(module, name, file);
      model.projectSpells = (word) => modules.projectSpells(file, word);
    }
    const suppressions = readSuppressions(model);
    const findings: Finding[] = [];
    const ruleErrors: Error[] = [];
    if (suppressions.file) return { findings, ruleErrors, hasSyntaxErrors: model.hasSyntaxErrors, model };

    const overrides = this.options.severity;
    const context: RuleContext = {
      model,
      options: this.options,
      file: request.file,
      inRunningLoop: request.inRunningLoop ?? false,
      modules: this.modules,
      isEnabled: (code) => severityOf(code, overrides) !== 'off',
      severityOf: (code) => severityOf(code, overrides),
      report: (report: Report) => {
        deadline.check();
        const finding = this.toFinding(report, overrides, model, ruleErrors);
        if (!finding || model.deadCode.containsPosition(finding.range.start.line, finding.range.start.character)) return;
        if (isSuppressed(suppressions, finding.range.start.line, finding.code, NOQA_ALIASES.get(finding.code))) return;
        findings.push(finding);
      },
    };
    for (const rule of RULES) {
      deadline.check();
      try {
        rule.check(context);
      } catch (error) {
        // Out of time or stack: the whole file is skipped, never a partial list that looks complete.
        if (error instanceof TimeBudgetExceeded || isStackOverflow(error)) throw error;
        ruleErrors.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    findings.sort(bySourceOrder);
    return { findings, ruleErrors, hasSyntaxErrors: model.hasSyntaxErrors, model };
  }

  private toFinding(report: Report, overrides: AnalyzerOptions['severity'], model: SemanticModel, ruleErrors: Error[]): Finding | undefined {
    if (!CODES.has(report.code)) throw new Error(`Rule reported undeclared code ${report.code}`);
    const configured = severityOf(report.code, overrides);
    if (configured === 'off') return undefined;
    const isDefault = overrides?.[report.code] === undefined;
    let severity = isDefault && report.severity ? report.severity : configured;
    if (report.lighter && isDefault) severity = lighter(severity);
    const range = report.range ?? (report.node ? rangeOf(report.node) : undefined);
    if (!range) throw new Error(`Report of ${report.code} has no location`);
    const finding = {
      code: report.code,
      message: inAsyncLibrary(report.message, asyncLibrary(model)),
      range,
      severity,
      guideSection: guideSectionOf(report.code),
      related: report.related ?? [],
    } as Finding;
    // Built later, when read: in this analyzer's language, not whatever is current then.
    const locale = this.locale;
    return withLazyFixes(finding, () => withLocale(locale, () => [...buildFixes(report.fixes, ruleErrors), noqaFix(model, report.code, range.start.line)]));
  }
}

/**
 * Fixes that fail to build are left out (the finding keeps its `# noqa` fix) and the error joins
 * the analysis' `ruleErrors`, as a failing rule's would.
 */
function buildFixes(fixes: Report['fixes'], ruleErrors: Error[]): Fix[] {
  if (typeof fixes !== 'function') return fixes ?? [];
  try {
    return fixes();
  } catch (error) {
    ruleErrors.push(error instanceof Error ? error : new Error(String(error)));
    return [];
  }
}

/**
 * Defines `finding.fixes` as a property computed on first read, then kept; the builder (and the
 * analysis it holds) is let go once it has run.
 */
function withLazyFixes(finding: Finding, build: (() => Fix[]) | undefined): Finding {
  let fixes: Fix[] = [];
  return Object.defineProperty(finding, 'fixes', {
    get: () => {
      if (build) {
        fixes = build();
        build = undefined;
      }
      return fixes;
    },
    enumerable: true,
    configurable: true,
  });
}

/**
 * Python ends a line at `\n`, `\r\n` or a lone `\r`; tree-sitter counts rows at `\n` only. A lone
 * `\r` becomes `\n` (same length, so every offset and fix stays valid on the original text).
 */
export function withoutLoneCarriageReturns(text: string): string {
  if (!text.includes('\r') || !/\r(?!\n)/.test(text)) return text;
  return text.replace(/\r(?!\n)/g, '\n');
}

/** `wasm`: the folder of the .wasm files, or the modules another thread compiled (see compilePythonWasm). */
export async function createEngine(options: AnalyzerOptions = {}, wasm?: string | PythonWasm): Promise<Analyzer> {
  return new Analyzer(await createPythonParser(wasm), options);
}

export { computeEdit, DocumentSession } from './session';
