import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  LSPErrorCodes,
  NotebookCellKind,
  NotebookDocuments,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
  type Connection,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
  type TextDocumentIdentifier,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { createEngine } from '../analysis/analyzer';
import { skipMessage } from '../analysis/skip';
import { createPythonParser } from '../analysis/parser';
import {
  APPLY_FIX_ALL_COMMAND,
  CHECK_WORKSPACE_METHOD,
  DOCUMENT_STATUS_NOTIFICATION,
  FINDINGS_METHOD,
  FIX_ALL_KIND,
  NAMES_AT_METHOD,
  RUFF_EXTERNAL_METHOD,
  RUFF_STRIPS_NOQA_NOTIFICATION,
  SERVER_INFO_METHOD,
  SHOWN_FILES_NOTIFICATION,
  SLOW_LINT_MS,
  type CheckWorkspaceParams,
  type CheckWorkspaceResult,
  type DocumentFinding,
  type DocumentStatus,
  type FixAllSummary,
  type InitializationOptions,
  type NamesAtParams,
  type RuffExternalFix,
  type ServerInfo,
  type ShownFilesParams,
} from '../shared/protocol';
import { codeActions, computeFixAll } from './codeActions';
import { codeLink, toDiagnostic, toLspEdits } from './convert';
import { DocumentLinter, type LintedDocument, type NotebookSource } from './documents';
import type { ServerHost } from './host';
import { ModuleIndex } from './moduleIndex';
import { ProjectConfigService } from './projectConfig';
import type { ConfigFiles } from '../projectConfig';
import type { TextEdit } from '../analysis/types';
import { CursorResolver } from './namesAt';
import { SettingsResolver } from './settings';
import { ShownDocuments } from './shownDocuments';
import { WorkspaceChecker } from './workspaceCheck';
import { enabledGlobs } from './workspaceFiles';

/** Push mode: delay after the last keystroke before re-linting (pull clients decide themselves). */
export const DEBOUNCE_MS = 150;
/** A `# noqa` comment that names one of our AIO codes. */
const AIO_NOQA = /#\s*noqa\s*:[^#\n]*\bAIO\d/i;
/** Delay before the documents that import an edited module are re-checked. */
const DEPENDENTS_DELAY_MS = 600;

export interface ServerOptions {
  host: ServerHost;
  /** Folder of the two .wasm files (default: next to the bundle). */
  wasmDir?: string;
  /** The process's id and memory, where the host can tell. */
  processInfo?: () => Omit<ServerInfo, 'indexedModules'>;
  /** Reads project configuration files (pyproject.toml…); without it only the client's settings apply. */
  configFiles?: ConfigFiles;
}

/**
 * The language server: documents, diagnostics (pulled by clients that support LSP 3.17 pull
 * diagnostics, pushed otherwise), code actions, fix-all and the guide's lookups, over any
 * connection (node IPC for the VS Code extension, stdio for other editors).
 */
export function startServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  // Cells of notebooks come through the notebook sync, with their own text documents.
  const notebooks = new NotebookDocuments(TextDocument);
  const textOf = (uri: string) => documents.get(uri) ?? notebooks.cellTextDocuments.get(uri);
  const index = new ModuleIndex(options.host);
  const projectConfig = new ProjectConfigService(options.configFiles);
  let linter: DocumentLinter | undefined;
  let settings: SettingsResolver;
  let resolver: CursorResolver | undefined;
  let pull = false;
  let refreshSupported = false;
  let linkToGuide = false;
  let hostLocale: string | undefined;
  let documentChanges = false;
  let foldersChangeSupported = false;
  let canPullSettings = false;
  let sendStatus = false;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  const log = (message: string) => connection.console.info(message);
  const fail = (what: string, error: unknown) => connection.console.error(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    const capabilities = params.capabilities;
    const init = (params.initializationOptions ?? {}) as InitializationOptions & { settings?: unknown };
    pull = capabilities.textDocument?.diagnostic !== undefined;
    refreshSupported = capabilities.workspace?.diagnostics?.refreshSupport === true;
    linkToGuide = init.guideLinks === 'command';
    hostLocale = params.locale;
    sendStatus = init.documentStatus === true;
    canPullSettings = capabilities.workspace?.configuration === true;
    documentChanges = capabilities.workspace?.workspaceEdit?.documentChanges === true;
    foldersChangeSupported = capabilities.workspace?.workspaceFolders === true;
    settings = new SettingsResolver(connection, capabilities.workspace?.configuration === true);
    // Editors without `workspace/configuration` may pass the settings at start (Helix: `config`).
    settings.setPushed(init.settings ?? init);
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    setFolders(folders);

    const analyzer = await createEngine({}, options.wasmDir);
    resolver = new CursorResolver(await createPythonParser(options.wasmDir));
    linter = new DocumentLinter(analyzer, index, settings, (uri) => documents.get(uri), params.locale, {
      ruleError: (uri, error) => fail(`Rule error in ${uri}`, error),
      skipped: (uri, result) => {
        if (!result.skipped) return;
        const message = skipMessage(result.skipped, URI.parse(uri).path.split('/').pop() ?? uri, result.budgetMs);
        connection.console.warn(message);
        // A file that ran out of time or stack was meant to be linted: say so aloud; binary and huge files quietly.
        if (result.skipped === 'time-budget' || result.skipped === 'too-deep') void connection.window.showWarningMessage(message);
      },
      linted: async (status) => {
        reportLint(status, URI.parse(status.uri).fsPath, (await settings.forDocument(status.uri)).slowLintWarningMs);
        if (sendStatus) void connection.sendNotification(DOCUMENT_STATUS_NOTIFICATION, status);
      },
    }, projectConfig);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        // Any notebook type (Jupyter, the interactive window…): its Python cells, in order, as one program.
        notebookDocumentSync: { notebookSelector: [{ notebook: '*', cells: [{ language: 'python' }] }] },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
        executeCommandProvider: { commands: [APPLY_FIX_ALL_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...(pull ? { diagnosticProvider: { identifier: 'python-async-guide', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'python-async-guide' },
    };
  });

  connection.onInitialized(() => {
    const capabilities = { watch: false, configuration: false };
    void (async () => {
      // Registrations are best effort: a client may refuse them and still be served.
      try {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [
            { globPattern: '**/*.{py,pyi}' },
            { globPattern: '**/.gitignore' },
            { globPattern: ProjectConfigService.WATCH_GLOB },
            // A deleted folder is reported as the folder alone, never as the Python files in it.
            { globPattern: '**/*', kind: WatchKind.Delete },
          ], });
        capabilities.watch = true;
      } catch (error) {
        log(`No file watching (${String(error)}): modules are re-read when their modification time changes.`);
      }
      index.watching = capabilities.watch;
      try {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: 'pythonAsyncGuide' });
      } catch {
        // Clients that push settings send didChangeConfiguration anyway.
      }
    })();
    if (!foldersChangeSupported) return;
    connection.workspace.onDidChangeWorkspaceFolders(() => {
      connection.workspace.getWorkspaceFolders().then(
        (folders) => {
          setFolders((folders ?? []).map((folder) => folder.uri));
          invalidate(linter?.invalidateAll() ?? []);
        },
        (error: unknown) => fail('Reading the workspace folders failed', error),
      );
    });
  });

  /** Slow lints at warning level with their file and time; the others at debug level. */
  function reportLint(status: DocumentStatus, file: string, threshold = SLOW_LINT_MS): void {
    const what = `${file}: ${status.state}${status.reason ? ` (${status.reason})` : ''}, ${status.findings} findings, ${status.durationMs} ms`;
    if (status.durationMs >= threshold) connection.console.warn(`Slow lint (${threshold} ms or more): ${what}`);
    else connection.console.debug(`Linted ${what}`);
  }

  const checker = new WorkspaceChecker({
    host: options.host,
    linter: () => linter,
    ownsDiagnostics: (uri) => shown.owns(uri),
    openText: (uri) => documents.get(uri)?.getText(),
    folders: () => settings.folders,
    settingsFor: (uri) => settings.forDocument(uri),
    filesExclude: async (folderUri) => {
      if (!canPullSettings) return [];
      try {
        return enabledGlobs(await connection.workspace.getConfiguration({ scopeUri: folderUri, section: 'files.exclude' }));
      } catch {
        return [];
      }
    },
    publish: (uri, findings, language) => {
      const link = codeLink(linkToGuide, language, hostLocale);
      void connection.sendDiagnostics({ uri, diagnostics: findings.map((finding) => toDiagnostic(finding, uri, link)) });
    },
    linted: (status, file, threshold) => {
      reportLint(status, file, threshold);
      const reason = status.reason;
      if (status.state === 'skipped' && reason && reason !== 'setting' && reason !== 'config') connection.console.warn(skipMessage(reason, file));
    },
    log: { info: log, warn: (message) => connection.console.warn(message) },
  });

  // Pull clients keep pushed and pulled diagnostics apart: a document that owns its diagnostics drops the check's entries.
  const shown = new ShownDocuments(
    (uri) => documents.get(uri) !== undefined,
    (uri, owns) => (owns ? checker.opened(uri, pull) : checker.closed(uri)),
  );
  connection.onNotification(SHOWN_FILES_NOTIFICATION, (params: ShownFilesParams) => {
    if (Array.isArray(params?.uris)) shown.setShown(params.uris.filter((uri): uri is string => typeof uri === 'string'));
  });

  function setFolders(uris: string[]): void {
    settings.folders = uris;
    index.roots = uris.map((uri) => URI.parse(uri)).filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath);
  }

  // --- diagnostics ---

  /** Mistakes in the configuration files read so far, as diagnostics on those files (only what changed is sent). */
  function publishConfigProblems(): void {
    for (const { uri, diagnostics } of projectConfig.diagnosticsToPublish()) void connection.sendDiagnostics({ uri, diagnostics });
  }

  /** Ruff configs whose RUF100 the client was told about (once each per session). */
  const ruffExternalOffered = new Set<string>();

  function ruffExternalFix(file: string, isFolder = false): RuffExternalFix | null {
    const fix = projectConfig.ruffExternalFix(file, isFolder);
    return fix ? { configUri: URI.file(fix.file).toString(), edit: fix.edit } : null;
  }

  /** A document with `# noqa: AIO…` whose Ruff configuration's RUF100 would strip those codes: tell the client once. */
  function offerRuffExternal(linted: LintedDocument): void {
    if (!linted.file || !AIO_NOQA.test(textOf(linted.uri)?.getText() ?? '')) return;
    const fix = ruffExternalFix(linted.file);
    if (!fix || ruffExternalOffered.has(fix.configUri)) return;
    ruffExternalOffered.add(fix.configUri);
    void connection.sendNotification(RUFF_STRIPS_NOQA_NOTIFICATION, fix);
  }

  function diagnosticsOf(linted: LintedDocument, uri: string) {
    const link = codeLink(linkToGuide, linted.settings.language, hostLocale);
    return linted.findings.map((finding) => toDiagnostic(finding, uri, link));
  }

  async function publish(uri: string): Promise<void> {
    const end = checker.gate.begin();
    try {
      const linted = await linter?.current(uri);
      publishConfigProblems();
      if (linted) offerRuffExternal(linted);
      if (!linted || !textOf(uri)) return;
      await connection.sendDiagnostics({ uri, version: linted.version, diagnostics: diagnosticsOf(linted, uri) });
    } finally {
      end();
    }
  }

  function schedule(uri: string, delay: number): void {
    if (pull) return;
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        publish(uri).catch((error: unknown) => fail(`Analysis failed for ${uri}`, error));
      }, delay),
    );
  }

  /** Other documents became stale: push re-checks them soon, pull asks the client to pull again. */
  function invalidate(stale: string[]): void {
    if (stale.length === 0) return;
    if (!pull) {
      for (const uri of stale) if (!timers.has(uri)) schedule(uri, DEPENDENTS_DELAY_MS);
      return;
    }
    if (!refreshSupported) return;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void connection.languages.diagnostics.refresh().catch(() => undefined), DEPENDENTS_DELAY_MS);
  }

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const uri = params.textDocument.uri;
    if (!linter) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const end = checker.gate.begin();
    try {
      if (linter.isEdited(uri)) await pause(token);
      // A newer edit superseded this request: the client pulls again (never an empty report that would clear the squiggles).
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'superseded by a newer edit', { retriggerRequest: true });
      const linted = await linter.current(uri);
      publishConfigProblems();
      if (!linted) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      offerRuffExternal(linted);
      if (params.previousResultId === linted.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: linted.resultId };
      return { kind: DocumentDiagnosticReportKind.Full, resultId: linted.resultId, items: diagnosticsOf(linted, uri) };
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      fail(`Analysis failed for ${uri}`, error);
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    } finally {
      end();
    }
  });

  /** A short pause before analysing a changed document, so that a burst of keystrokes is analysed once. */
  function pause(token: { isCancellationRequested: boolean; onCancellationRequested: (listener: () => void) => unknown }): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, DEBOUNCE_MS);
      token.onCancellationRequested(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  // --- documents ---

  // TextDocuments fires a content change right after each open: that one is not an edit.
  const opening = new Set<string>();
  documents.onDidOpen(({ document }) => {
    opening.add(document.uri);
    if (linter) invalidate(linter.open(document));
    shown.update(document.uri);
    schedule(document.uri, 0);
  });
  documents.onDidChangeContent(({ document }) => {
    if (opening.delete(document.uri) || !linter) return;
    checker.gate.touch();
    invalidate(linter.changed(document));
    schedule(document.uri, DEBOUNCE_MS);
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    if (linter) invalidate(linter.close(document.uri));
    if (!pull) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    shown.update(document.uri);
  });

  function notebookSource(uri: string): NotebookSource {
    return () => {
      const notebook = notebooks.getNotebookDocument(uri);
      if (!notebook) return undefined;
      const cells = notebook.cells.flatMap((cell) => {
        const document = notebooks.getCellTextDocument(cell);
        if (!document) return [];
        const kind = cell.kind === NotebookCellKind.Markup ? ('markup' as const) : ('code' as const);
        return [{ uri: document.uri, kind, languageId: document.languageId, version: document.version, text: document.getText() }];
      });
      return { version: notebook.version, cells };
    };
  }

  notebooks.onDidOpen((notebook) => {
    if (!linter) return;
    linter.openNotebook(notebook.uri, notebookSource(notebook.uri));
    for (const cell of notebook.cells) schedule(cell.document, 0);
  });
  notebooks.onDidChange(({ notebookDocument }) => {
    if (!linter) return;
    const stale = linter.notebookChanged(notebookDocument.uri);
    if (pull) invalidate(stale);
    else for (const uri of stale) schedule(uri, DEBOUNCE_MS);
  });
  notebooks.onDidClose((notebook) => {
    for (const uri of linter?.closeNotebook(notebook.uri) ?? []) {
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      if (!pull) void connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (!linter) return;
    const stale = new Set<string>();
    for (const change of changes) {
      const path = URI.parse(change.uri).fsPath;
      if (projectConfig.isConfigFile(path)) {
        projectConfig.invalidate();
        for (const uri of linter.invalidateAll()) stale.add(uri);
        checker.recheckAll();
        continue;
      }
      checker.fileChanged(path, change.type === FileChangeType.Deleted);
      if (path.endsWith('.gitignore')) continue;
      const known = index.invalidate(path, change.type === FileChangeType.Changed);
      // Any other deletion (a folder, or a file of no interest) matters only if the index knew something under it.
      if (!/\.pyi?$/.test(path) && !known) continue;
      // A save of an open document: the importers already saw its text.
      if (change.type === FileChangeType.Changed && index.isOpen(path)) continue;
      const affected = change.type === FileChangeType.Changed ? linter.moduleChanged(path) : linter.invalidateAll();
      for (const uri of affected) stale.add(uri);
    }
    invalidate([...stale]);
  });

  connection.onDidChangeConfiguration(async ({ settings: pushed }) => {
    if (!linter) return;
    if (pushed !== undefined && pushed !== null) settings.setPushed(pushed);
    invalidate(await linter.settingsChanged());
    checker.recheckAll();
  });

  // --- code actions, fix-all, the guide's lookups ---

  connection.onCodeAction(async (params) => {
    const linted = await linter?.current(params.textDocument.uri);
    const document = textOf(params.textDocument.uri);
    if (!linter || !linted || !document) return [];
    const engine = linter;
    engine.configureFor(linted);
    // A notebook's fix-all on save runs once per cell: each cell gets its own share.
    const fixAllEdits = linted.notebook
      ? () => engine.fixAllNotebook(linted)?.edits.get(linted.uri)
      : () => computeFixAll(linted, document, engine.engine)?.edits;
    return codeActions(params, linted, fixAllEdits);
  });

  connection.onExecuteCommand(async ({ command, arguments: args }): Promise<FixAllSummary | null> => {
    const uri = typeof args?.[0] === 'string' ? args[0] : undefined;
    if (command !== APPLY_FIX_ALL_COMMAND || !uri || !linter) return null;
    const linted = await linter.current(uri);
    const document = textOf(uri);
    if (!linted || !document) return null;
    linter.configureFor(linted);
    let edits: Map<string, TextEdit[]>;
    let summary: FixAllSummary;
    if (linted.notebook) {
      const fixed = linter.fixAllNotebook(linted);
      if (!fixed) return null;
      ({ edits } = fixed);
      summary = { applied: fixed.applied, remaining: fixed.remaining, ...(fixed.syntaxErrors ? { syntaxErrors: true } : {}) };
    } else {
      const fixed = computeFixAll(linted, document, linter.engine);
      edits = new Map(fixed && fixed.edits.length > 0 ? [[uri, fixed.edits]] : []);
      summary = fixed?.summary ?? { applied: 0, remaining: linted.findings.length };
    }
    if (edits.size === 0) return { ...summary, applied: 0 };
    const targets = [...edits].map(([target, targetEdits]) => ({ uri: target, version: textOf(target)?.version ?? null, edits: toLspEdits(targetEdits) }));
    const result = await connection.workspace.applyEdit(
      documentChanges
        ? { documentChanges: targets.map((target) => ({ textDocument: { uri: target.uri, version: target.version }, edits: target.edits })) }
        : { changes: Object.fromEntries(targets.map((target) => [target.uri, target.edits])) },
    );
    return result.applied ? summary : null;
  });

  // Per opened document, not per URI: a document closed and opened again (`Untitled-1`) starts again at version 1.
  const openedDocuments = new WeakMap<TextDocument, number>();
  let documentsOpened = 0;
  connection.onRequest(NAMES_AT_METHOD, (params: NamesAtParams): string[] => {
    const document = textOf(params.textDocument.uri);
    if (!document || !resolver) return [];
    let opened = openedDocuments.get(document);
    if (opened === undefined) openedDocuments.set(document, (opened = ++documentsOpened));
    return resolver.namesAt(`${opened}@${document.version}`, () => document.getText(), params.position.line, params.position.character);
  });

  connection.onRequest(FINDINGS_METHOD, async (params: TextDocumentIdentifier): Promise<DocumentFinding[]> => {
    const linted = await linter?.current(params.uri);
    return (linted?.findings ?? []).map((finding) => ({ code: finding.code, range: finding.range, severity: finding.severity }));
  });

  connection.onRequest(CHECK_WORKSPACE_METHOD, async (params: CheckWorkspaceParams | undefined, token): Promise<CheckWorkspaceResult> => {
    const progress = connection.window.attachWorkDoneProgress(params?.workDoneToken);
    progress.begin('Python Async Guide', 0, '', true);
    try {
      return await checker.check(token, (done, total) => progress.report(total === 0 ? 100 : Math.floor((done * 100) / total), `${done}/${total}`));
    } finally {
      progress.done();
    }
  });

  connection.onRequest(RUFF_EXTERNAL_METHOD, (params: { uri: string; isFolder?: boolean }): RuffExternalFix | null => {
    const uri = URI.parse(params.uri);
    if (uri.scheme !== 'file') return null;
    return ruffExternalFix(uri.fsPath, params.isFolder === true);
  });

  connection.onRequest(SERVER_INFO_METHOD, (): ServerInfo => ({ pid: -1, ...options.processInfo?.(), indexedModules: index.size }));

  connection.onShutdown(() => {
    for (const timer of timers.values()) clearTimeout(timer);
    clearTimeout(refreshTimer);
    linter?.dispose();
    resolver?.dispose();
  });

  documents.listen(connection);
  notebooks.listen(connection);
  connection.listen();
}
