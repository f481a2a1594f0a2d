import type { SyntaxNode } from '../parser';
import type { SemanticModel } from '../semantic/model';
import type { AnalyzerOptions } from '../options';
import type { ModuleLoader } from '../workspace';
import type { CodeInfo, Fix, Range, RelatedLocation, Severity, SeveritySetting } from '../types';

export interface Report {
  code: string;
  /** Where the squiggle goes: a node or an explicit range. */
  node?: SyntaxNode;
  range?: Range;
  message: string;
  /**
   * The fixes, or a function that builds them: it runs only when someone asks for the finding's
   * fixes (a code action, fix-all, `--fix`), so the common case (just showing the finding) skips it.
   */
  fixes?: Fix[] | (() => Fix[]);
  related?: RelatedLocation[];
  /** Overrides the configured severity one level down (see BlockingApi.light). */
  lighter?: boolean;
  /** Default severity for this report when it differs from the code's (e.g. AIO106's TypeError case). */
  severity?: Severity;
}

export interface RuleContext {
  readonly model: SemanticModel;
  readonly options: AnalyzerOptions;
  /** Absolute path of the file, when known (for rules that read neighbouring files). */
  readonly file?: string;
  /** The module's top level runs inside a running event loop (a Jupyter notebook): top-level `await` is legal. */
  readonly inRunningLoop: boolean;
  report(report: Report): void;
  /** True when the code is switched on; rules skip work for codes that are off. */
  isEnabled(code: string): boolean;
  /** The code's severity as configured (or its default). */
  severityOf(code: string): SeveritySetting;
  /** Other modules of the workspace, when the host gave access to them (`options.workspace`). */
  readonly modules?: ModuleLoader;
}

/** One rule module: the codes it declares and a check over the semantic model. */
export interface Rule {
  readonly codes: CodeInfo[];
  check(context: RuleContext): void;
}
