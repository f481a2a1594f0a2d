import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { DocumentSession, type Analyzer, type LintResult } from '../analysis/analyzer';
import { fixAllNotebook, joinCells, lintNotebook, type CellFinding, type NotebookCell } from '../analysis/notebook';
import type { Finding, RelatedLocation, TextEdit } from '../analysis/types';
import type { DocumentStatus } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import type { ProjectConfigService } from './projectConfig';
import type { FileConfig } from '../projectConfig';
import type { ModuleIndex } from './moduleIndex';
import type { SettingsResolver } from './settings';

/** Rounds of "analyse, load what the engine asked for, analyse again" after the import prefetch. */
const MAX_LOAD_ROUNDS = 3;

/** An edit of a notebook's cell other than the document asked about (`uri` absent: that document). */
export interface DocumentEdit extends TextEdit {
  uri?: string;
}

/** A related location in another cell of the same notebook carries that cell's `uri`. */
export interface DocumentRelatedLocation extends RelatedLocation {
  uri?: string;
}

/** One cell of an open notebook, as the notebook sync holds it (markdown cells included). */
export interface OpenCell {
  uri: string;
  kind: 'code' | 'markup';
  languageId: string;
  version: number;
  text: string;
}

/** The current cells of an open notebook, in order; undefined once it is closed. */
export type NotebookSource = () => { version: number; cells: OpenCell[] } | undefined;

export interface LintedDocument {
  uri: string;
  /** The file's path, for documents saved on disk (untitled ones have none). */
  file?: string;
  findings: Finding[];
  /** Changes whenever the findings are recomputed (pull diagnostics' `resultId`). */
  resultId: string;
  /** The document version the findings describe. */
  version: number;
  /** The settings the findings were computed with. */
  settings: Settings;
  /** For a notebook cell: the notebook's URI (its findings come from all its Python cells). */
  notebook?: string;
}

interface DocumentState extends LintedDocument {
  session: DocumentSession;
  /** Workspace modules this document's imports reach: an edit to any of them can change its findings. */
  dependencies: Set<string>;
  /** Bumped by every change of an input (text, a dependency, the settings). */
  inputs: number;
  /** `inputs` as of the last completed analysis. */
  linted: number;
  running?: Promise<void>;
  warnedSkip?: boolean;
  /** Set for a notebook, whose findings are kept per cell. */
  cellSource?: NotebookSource;
  cells?: Map<string, { findings: Finding[]; version: number }>;
}

export interface LinterEvents {
  ruleError(uri: string, error: Error): void;
  skipped(uri: string, result: Pick<LintResult, 'skipped' | 'budgetMs'>): void;
  /** Every completed lint of an open document: what the editor's status shows. */
  linted?(status: DocumentStatus): void;
}

/** A file linted from disk (the workspace check): its findings, or why it has none. */
export interface FileLint {
  findings: Finding[];
  /** Workspace modules its imports reach. */
  dependencies: Set<string>;
  status: DocumentStatus;
}

type Configured = Pick<LintedDocument, 'file' | 'settings'>;

/**
 * The open documents and their findings. An edit marks the document stale, and the open documents
 * that import it (transitively); findings are recomputed when asked for (`current`), never for a
 * document whose inputs did not change.
 */
export class DocumentLinter {
  private readonly states = new Map<string, DocumentState>();
  /** Cell URI → its notebook's URI, as of the notebook's last analysis or change. */
  private readonly cellOwners = new Map<string, string>();
  private nextResultId = 1;

  constructor(
    private readonly analyzer: Analyzer,
    private readonly index: ModuleIndex,
    private readonly settings: SettingsResolver,
    private readonly text: (uri: string) => TextDocument | undefined,
    private readonly hostLocale: string | undefined,
    private readonly events: LinterEvents,
    private readonly projectConfig: ProjectConfigService,
  ) {}

  /** The engine, configured for a document by `configureFor`. */
  get engine(): Analyzer {
    return this.analyzer;
  }

  get openUris(): string[] {
    return [...this.states.keys()];
  }

  /**
   * Returns the other open documents whose findings may change: the editor's text may differ from
   * the file on disk their analysis read (unsaved changes restored at start-up).
   */
  open(document: TextDocument): string[] {
    const uri = URI.parse(document.uri);
    const file = uri.scheme === 'file' ? uri.fsPath : undefined;
    this.states.get(document.uri)?.session.dispose();
    this.states.set(document.uri, this.freshState(document.uri, file));
    if (!file) return [];
    return this.replaceText(file, document.getText(), document.uri);
  }

  /** The state of a document just opened: nothing analysed yet, one input to analyse. */
  private freshState(uri: string, file: string | undefined): DocumentState {
    return { uri, file, findings: [], resultId: '', version: -1, settings: {}, session: new DocumentSession(this.analyzer), dependencies: new Set(), inputs: 1, linted: 0 };
  }

  /** The document's text changed: returns the other open documents whose findings may change with it. */
  changed(document: TextDocument): string[] {
    const state = this.states.get(document.uri);
    if (!state) return [];
    state.inputs++;
    if (!state.file) return [];
    this.index.setOpen(state.file, document.getText());
    return this.moduleChanged(state.file, document.uri);
  }

  /** Returns the other open documents whose findings may change: the file on disk may differ from the closed text. */
  close(uri: string): string[] {
    const state = this.states.get(uri);
    if (!state) return [];
    state.session.dispose();
    this.states.delete(uri);
    return state.file ? this.replaceText(state.file, undefined, uri) : [];
  }

  /** The module's text is now the editor's (or, with `undefined`, the disk's again): importers are stale if it differs. */
  private replaceText(file: string, text: string | undefined, uri: string): string[] {
    const before = this.index.textOf(file);
    this.index.setOpen(file, text);
    const after = this.index.textOf(file);
    return before !== undefined && before === after ? [] : this.moduleChanged(file, uri);
  }

  /**
   * A notebook opened: its Python cells are analysed together, as one program that runs inside a
   * running event loop; each cell's findings are asked for by the cell's URI.
   */
  openNotebook(uri: string, source: NotebookSource): void {
    const parsed = URI.parse(uri);
    this.closeNotebook(uri);
    this.states.set(uri, { ...this.freshState(uri, parsed.scheme === 'file' ? parsed.fsPath : undefined), cellSource: source, cells: new Map() });
    this.trackCells(uri);
  }

  /** A cell of the notebook changed, or cells were added, removed or moved: every cell may change. */
  notebookChanged(uri: string): string[] {
    const state = this.states.get(uri);
    if (!state?.cellSource) return [];
    state.inputs++;
    this.trackCells(uri);
    return this.diagnosticUris(state);
  }

  /** Returns the cells whose diagnostics the notebook had. */
  closeNotebook(uri: string): string[] {
    const state = this.states.get(uri);
    if (!state?.cellSource) return [];
    const cells = this.diagnosticUris(state);
    state.session.dispose();
    this.states.delete(uri);
    for (const [cell, owner] of this.cellOwners) if (owner === uri) this.cellOwners.delete(cell);
    return cells;
  }

  /** The notebook a cell belongs to, if it is a cell of an open notebook. */
  notebookOf(cellUri: string): string | undefined {
    return this.cellOwners.get(cellUri);
  }

  private trackCells(uri: string): void {
    const cells = this.states.get(uri)?.cellSource?.()?.cells ?? [];
    for (const [cell, owner] of this.cellOwners) if (owner === uri) this.cellOwners.delete(cell);
    for (const cell of cells) this.cellOwners.set(cell.uri, uri);
  }

  /** The URIs that carry a state's diagnostics: the document's own, or a notebook's cells. */
  private diagnosticUris(state: DocumentState): string[] {
    if (!state.cellSource) return [state.uri];
    return [...this.cellOwners].filter(([, owner]) => owner === state.uri).map(([cell]) => cell);
  }

  /** A module changed (on disk, or as an open document): marks the documents that import it stale. */
  moduleChanged(file: string, except?: string): string[] {
    const stale: string[] = [];
    for (const state of this.states.values()) {
      if (state.uri === except || !state.dependencies.has(file)) continue;
      state.inputs++;
      state.session.invalidate();
      stale.push(...this.diagnosticUris(state));
    }
    return stale;
  }

  /** Settings may have changed: marks stale only the documents whose settings did change. */
  async settingsChanged(): Promise<string[]> {
    this.settings.clear();
    const stale: string[] = [];
    await Promise.all(
      [...this.states.values()].map(async (state) => {
        const settings = await this.settings.forDocument(state.uri);
        if (JSON.stringify(settings) === JSON.stringify(state.settings) && state.linted > 0) return;
        state.inputs++;
        state.session.invalidate();
        stale.push(...this.diagnosticUris(state));
      }),
    );
    return stale;
  }

  /** Marks every document stale (a file event the index cannot attribute, e.g. a folder deleted). */
  invalidateAll(): string[] {
    for (const state of this.states.values()) {
      state.inputs++;
      state.session.invalidate();
    }
    return [...this.states.values()].flatMap((state) => this.diagnosticUris(state));
  }

  /** Analysed before, and stale now: typing, most likely. */
  isEdited(uri: string): boolean {
    const state = this.states.get(this.cellOwners.get(uri) ?? uri);
    return state !== undefined && state.linted > 0 && state.linted !== state.inputs;
  }

  /** The document's findings for its current text, dependencies and settings (analysing it if needed). */
  async current(uri: string): Promise<LintedDocument | undefined> {
    const notebook = this.cellOwners.get(uri);
    for (;;) {
      const state = this.states.get(notebook ?? uri);
      if (!state) return undefined;
      if (state.linted === state.inputs) return notebook ? this.cellView(state, uri) : state;
      if (state.running) {
        await state.running;
        continue;
      }
      state.running = this.lint(state).finally(() => (state.running = undefined));
      await state.running;
    }
  }

  /** A notebook cell's share of its notebook's findings. */
  private cellView(state: DocumentState, cellUri: string): LintedDocument {
    const cell = state.cells?.get(cellUri);
    return { uri: cellUri, file: state.file, findings: cell?.findings ?? [], resultId: state.resultId, version: cell?.version ?? -1, settings: state.settings, notebook: state.uri };
  }

  /**
   * Fix-all over a notebook (the engine configured for it first): edits of its cells, by cell URI.
   * Undefined when the document is not a cell of an open notebook.
   */
  fixAllNotebook(linted: LintedDocument): { edits: Map<string, TextEdit[]>; applied: number; remaining: number; syntaxErrors: boolean } | undefined {
    const source = linted.notebook ? this.states.get(linted.notebook)?.cellSource?.() : undefined;
    if (!source) return undefined;
    const fixed = fixAllNotebook(this.analyzer, source.cells.map(notebookCell), linted.file);
    const edits = new Map<string, TextEdit[]>();
    for (const { cell, ...edit } of fixed.edits) {
      const uri = source.cells[cell].uri;
      edits.set(uri, [...(edits.get(uri) ?? []), edit]);
    }
    return { edits, applied: fixed.applied, remaining: fixed.remaining, syntaxErrors: fixed.syntaxErrors };
  }

  /** Configures the shared engine for a document (analysis and fix-all run one at a time, synchronously); the project config applied. */
  configureFor(document: Configured): FileConfig | undefined {
    const { options, config } = this.optionsFor(document);
    this.analyzer.configure({ ...options, workspace: this.index });
    return config;
  }

  /** The document's settings with its project's configuration files (the settings win, see the README). */
  private optionsFor(document: Configured) {
    const { ruffOverlap, ruffExtensionActive } = document.settings;
    return this.projectConfig.optionsFor(document.file, document.settings, this.hostLocale, { ruffOverlap, ruffExtensionActive });
  }

  private async lint(state: DocumentState): Promise<void> {
    const inputs = state.inputs;
    const settings = await this.settings.forDocument(state.uri);
    const document = this.snapshot(state);
    if (!document || this.states.get(state.uri) !== state) return;
    state.settings = settings;
    const off = this.notLinted(state.uri, state);
    if (off) {
      this.store(state, inputs, document, [], new Set());
      this.events.linted?.({ ...off, configFiles: this.optionsFor(state).config?.sources ?? [] });
      return;
    }
    const dependencies = await this.index.prefetch(state.file, document.text);
    for (let round = 0; ; round++) {
      if (this.states.get(state.uri) !== state) return;
      const current = this.snapshot(state);
      if (!current) return;
      const config = this.configureFor(state);
      this.index.takeMissing();
      this.index.takeRead();
      const started = performance.now();
      const result = current.cells
        ? lintNotebook(this.analyzer, current.cells.map(notebookCell), state.file)
        : state.session.update(current.text, { file: state.file });
      const durationMs = performance.now() - started;
      const missing = this.index.takeMissing();
      if (missing.length > 0 && round < MAX_LOAD_ROUNDS) {
        await this.index.load(missing);
        for (const file of missing) dependencies.add(file);
        continue;
      }
      for (const file of this.index.takeRead()) if (file !== state.file) dependencies.add(file);
      for (const error of result.ruleErrors) this.events.ruleError(state.uri, error);
      if (result.skipped && !state.warnedSkip) {
        state.warnedSkip = true;
        this.events.skipped(state.uri, result);
      }
      this.store(state, inputs, current, result.findings, dependencies);
      this.events.linted?.({ ...lintStatus(state.uri, result, durationMs), configFiles: config?.sources ?? [] });
      return;
    }
  }

  /** Why a file is not linted at all (switched off, excluded by a setting or the project config), as its status. */
  private notLinted(uri: string, document: Configured): DocumentStatus | undefined {
    const { settings } = document;
    const status = (state: DocumentStatus['state'], reason?: DocumentStatus['reason']): DocumentStatus => ({ uri, state, reason, findings: 0, durationMs: 0, lintedAt: Date.now() });
    if (settings.enable === false) return status('disabled');
    if (this.settings.isExcluded(uri, settings)) return status('excluded', 'setting');
    if (this.optionsFor(document).config?.excluded) return status('excluded', 'config');
    return undefined;
  }

  /**
   * Lints a file that is not open, from its text on disk, with the modules its imports reach (the
   * workspace check). The engine runs synchronously, so this never interleaves with another lint.
   */
  async lintFile(uri: string, file: string, text: string, settings: Settings): Promise<FileLint> {
    const document: Configured = { file, settings };
    const off = this.notLinted(uri, document);
    if (off) return { findings: [], dependencies: new Set(), status: off };
    const dependencies = await this.index.prefetch(file, text);
    for (let round = 0; ; round++) {
      this.configureFor(document);
      this.index.takeMissing();
      this.index.takeRead();
      const started = performance.now();
      // Closed files import each other: each is parsed once, as itself or as a module, whichever comes first.
      const result = this.analyzer.lint(text, { file, shareModel: true });
      const durationMs = performance.now() - started;
      result.tree?.delete();
      const missing = this.index.takeMissing();
      if (missing.length > 0 && round < MAX_LOAD_ROUNDS) {
        await this.index.load(missing);
        for (const path of missing) dependencies.add(path);
        continue;
      }
      for (const read of this.index.takeRead()) if (read !== file) dependencies.add(read);
      for (const error of result.ruleErrors) this.events.ruleError(uri, error);
      return { findings: result.findings, dependencies, status: lintStatus(uri, result, durationMs) };
    }
  }

  /** The text to analyse: the document's, or the notebook's cells. */
  private snapshot(state: DocumentState): { version: number; text: string; cells?: OpenCell[] } | undefined {
    if (!state.cellSource) {
      const document = this.text(state.uri);
      return document && { version: document.version, text: document.getText() };
    }
    const notebook = state.cellSource();
    return notebook && { version: notebook.version, text: joinCells(notebook.cells.map(notebookCell)).text, cells: notebook.cells };
  }

  private store(state: DocumentState, inputs: number, source: { version: number; cells?: OpenCell[] }, findings: Array<Finding | CellFinding>, dependencies: Set<string>): void {
    if (source.cells && state.cells) {
      state.cells.clear();
      for (const cell of source.cells) state.cells.set(cell.uri, { findings: [], version: cell.version });
      for (const finding of findings as CellFinding[]) state.cells.get(source.cells[finding.cell].uri)?.findings.push(inCell(finding, source.cells));
    } else {
      state.findings = findings as Finding[];
    }
    state.dependencies = dependencies;
    state.version = source.version;
    state.resultId = String(this.nextResultId++);
    // Inputs that changed while this analysis waited for files keep the document stale.
    state.linted = Math.max(state.linted, inputs);
  }

  dispose(): void {
    for (const state of this.states.values()) state.session.dispose();
    this.states.clear();
  }
}

function lintStatus(uri: string, result: Pick<LintResult, 'skipped'> & { findings: readonly unknown[] }, durationMs: number): DocumentStatus {
  return {
    uri,
    state: result.skipped ? 'skipped' : 'linted',
    reason: result.skipped,
    findings: result.findings.length,
    durationMs: Math.round(durationMs),
    lintedAt: Date.now(),
  };
}

function notebookCell(cell: OpenCell): NotebookCell {
  return { kind: cell.kind, languageId: cell.languageId, text: cell.text };
}

/** A cell's finding in the server's terms: edits and related locations in other cells name that cell. */
function inCell(finding: CellFinding, cells: readonly OpenCell[]): Finding {
  const own = cells[finding.cell].uri;
  const uriOf = (cell: number | undefined) => (cell === undefined || cells[cell].uri === own ? undefined : cells[cell].uri);
  return {
    ...finding,
    fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map(({ cell, ...edit }): DocumentEdit => ({ ...edit, uri: uriOf(cell) })) })),
    related: finding.related.map(({ cell, ...location }): DocumentRelatedLocation => ({ ...location, uri: uriOf(cell) })),
  };
}
