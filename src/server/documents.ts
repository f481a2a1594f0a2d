import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { DocumentSession, type Analyzer, type LintResult } from '../analysis/analyzer';
import type { Finding } from '../analysis/types';
import type { DocumentStatus } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import type { ProjectConfigService } from './projectConfig';
import type { ModuleIndex } from './moduleIndex';
import type { SettingsResolver } from './settings';

/** Rounds of "analyse, load what the engine asked for, analyse again" after the import prefetch. */
const MAX_LOAD_ROUNDS = 3;

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
}

export interface LinterEvents {
  ruleError(uri: string, error: Error): void;
  skipped(uri: string, result: LintResult): void;
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

  open(document: TextDocument): void {
    const uri = URI.parse(document.uri);
    const file = uri.scheme === 'file' ? uri.fsPath : undefined;
    this.states.get(document.uri)?.session.dispose();
    this.states.set(document.uri, {
      uri: document.uri,
      file,
      findings: [],
      resultId: '',
      version: -1,
      settings: {},
      session: new DocumentSession(this.analyzer),
      dependencies: new Set(),
      inputs: 1,
      linted: 0,
    });
    if (file) this.index.setOpen(file, document.getText());
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

  close(uri: string): void {
    const state = this.states.get(uri);
    if (!state) return;
    state.session.dispose();
    this.states.delete(uri);
    if (state.file) {
      this.index.setOpen(state.file, undefined);
      this.moduleChanged(state.file, uri);
    }
  }

  /** A module changed (on disk, or as an open document): marks the documents that import it stale. */
  moduleChanged(file: string, except?: string): string[] {
    const stale: string[] = [];
    for (const state of this.states.values()) {
      if (state.uri === except || !state.dependencies.has(file)) continue;
      state.inputs++;
      state.session.invalidate();
      stale.push(state.uri);
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
        stale.push(state.uri);
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
    return this.openUris;
  }

  /** Analysed before, and stale now: typing, most likely. */
  isEdited(uri: string): boolean {
    const state = this.states.get(uri);
    return state !== undefined && state.linted > 0 && state.linted !== state.inputs;
  }

  /** The document's findings for its current text, dependencies and settings (analysing it if needed). */
  async current(uri: string): Promise<LintedDocument | undefined> {
    for (;;) {
      const state = this.states.get(uri);
      if (!state) return undefined;
      if (state.linted === state.inputs) return state;
      if (state.running) {
        await state.running;
        continue;
      }
      state.running = this.lint(state).finally(() => (state.running = undefined));
      await state.running;
    }
  }

  /** Configures the shared engine for a document (analysis and fix-all run one at a time, synchronously). */
  configureFor(document: Configured): void {
    this.analyzer.configure({ ...this.optionsFor(document).options, workspace: this.index });
  }

  /** The document's settings with its project's configuration files (the settings win, see the README). */
  private optionsFor(document: Configured) {
    const { ruffOverlap, ruffExtensionActive } = document.settings;
    return this.projectConfig.optionsFor(document.file, document.settings, this.hostLocale, { ruffOverlap, ruffExtensionActive });
  }

  private async lint(state: DocumentState): Promise<void> {
    const inputs = state.inputs;
    const settings = await this.settings.forDocument(state.uri);
    const document = this.text(state.uri);
    if (!document || this.states.get(state.uri) !== state) return;
    state.settings = settings;
    const off = this.notLinted(state.uri, state);
    if (off) {
      this.store(state, inputs, document.version, [], new Set());
      this.events.linted?.(off);
      return;
    }
    const dependencies = await this.index.prefetch(state.file, document.getText());
    for (let round = 0; ; round++) {
      if (this.states.get(state.uri) !== state) return;
      const current = this.text(state.uri);
      if (!current) return;
      this.configureFor(state);
      this.index.takeMissing();
      const started = performance.now();
      const result = state.session.update(current.getText(), { file: state.file });
      const durationMs = performance.now() - started;
      const missing = this.index.takeMissing();
      if (missing.length > 0 && round < MAX_LOAD_ROUNDS) {
        await this.index.load(missing);
        for (const file of missing) dependencies.add(file);
        continue;
      }
      for (const error of result.ruleErrors) this.events.ruleError(state.uri, error);
      if (result.skipped && !state.warnedSkip) {
        state.warnedSkip = true;
        this.events.skipped(state.uri, result);
      }
      this.store(state, inputs, current.version, result.findings, dependencies);
      this.events.linted?.(lintStatus(state.uri, result, durationMs));
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
      const started = performance.now();
      const result = this.analyzer.lint(text, { file });
      const durationMs = performance.now() - started;
      result.tree?.delete();
      const missing = this.index.takeMissing();
      if (missing.length > 0 && round < MAX_LOAD_ROUNDS) {
        await this.index.load(missing);
        for (const path of missing) dependencies.add(path);
        continue;
      }
      for (const error of result.ruleErrors) this.events.ruleError(uri, error);
      return { findings: result.findings, dependencies, status: lintStatus(uri, result, durationMs) };
    }
  }

  private store(state: DocumentState, inputs: number, version: number, findings: Finding[], dependencies: Set<string>): void {
    state.findings = findings;
    state.dependencies = dependencies;
    state.version = version;
    state.resultId = String(this.nextResultId++);
    // Inputs that changed while this analysis waited for files keep the document stale.
    state.linted = Math.max(state.linted, inputs);
  }

  dispose(): void {
    for (const state of this.states.values()) state.session.dispose();
    this.states.clear();
  }
}

function lintStatus(uri: string, result: LintResult, durationMs: number): DocumentStatus {
  return {
    uri,
    state: result.skipped ? 'skipped' : 'linted',
    reason: result.skipped,
    findings: result.findings.length,
    durationMs: Math.round(durationMs),
    lintedAt: Date.now(),
  };
}
