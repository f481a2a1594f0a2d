/**
 * What the extension and the language server say to each other beyond standard LSP. Every other
 * editor gets the standard parts only (diagnostics, code actions, the fix-all command).
 */
import type { Position, Range, TextDocumentIdentifier, TextEdit } from 'vscode-languageserver-types';

// Requests are named by their method only: the client and the server bundle different
// vscode-jsonrpc versions, whose RequestType classes do not type-check against each other.

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'python-async-guide';

/** Source action kind of fix-all, for `"editor.codeActionsOnSave"`. */
export const FIX_ALL_KIND = 'source.fixAll.pythonAsyncGuide';

/**
 * Server command (`workspace/executeCommand`): applies every preferred fix to a document through
 * `workspace/applyEdit`. Arguments: `[uri]`. Result: `FixAllSummary`, or null when the edit was refused.
 */
export const APPLY_FIX_ALL_COMMAND = 'pythonAsyncGuide.server.applyFixAll';

export interface FixAllSummary {
  applied: number;
  remaining: number;
  /** Nothing was fixed because the text has syntax errors. */
  syntaxErrors?: boolean;
}

export interface InitializationOptions {
  /**
   * `command`: each diagnostic's code links to `command:pythonAsyncGuide.openGuide?[section]`
   * (the VS Code extension's guide); otherwise codes carry no link.
   */
  guideLinks?: 'command';
  /** Send `DOCUMENT_STATUS_NOTIFICATION` after each lint of an open document (the VS Code status item). */
  documentStatus?: boolean;
}

/** The dotted names of the API under a position (most specific first), for the guide to follow the cursor. */
export interface NamesAtParams {
  textDocument: TextDocumentIdentifier;
  position: Position;
}
/** Request `NamesAtParams` → `string[]`. */
export const NAMES_AT_METHOD = 'pythonAsyncGuide/namesAt';

/** The findings the server holds for an open document, brought up to date first. */
export interface DocumentFinding {
  code: string;
  range: Range;
  severity: string;
}
/** Request `TextDocumentIdentifier` → `DocumentFinding[]`. */
export const FINDINGS_METHOD = 'pythonAsyncGuide/findings';

/** The server process, for diagnostics of the client, the crash test and the benchmark. */
export interface ServerInfo {
  pid: number;
  /** Memory in use (after a full garbage collection when the process runs with `--expose-gc`). */
  heapUsedBytes?: number;
  rssBytes?: number;
  /** Workspace modules whose text the server holds. */
  indexedModules: number;
}
/** Request (no params) → `ServerInfo`. */
export const SERVER_INFO_METHOD = 'pythonAsyncGuide/serverInfo';

/** Where an open document stands, after each lint: what the editor's language status shows. */
export interface DocumentStatus {
  uri: string;
  /** `disabled`: `pythonAsyncGuide.enable` is off; `excluded`: by `reason`; `skipped`: not analysed, see `reason`. */
  state: 'linted' | 'disabled' | 'excluded' | 'skipped';
  /** `setting` (pythonAsyncGuide.exclude) or `config` (the project config's `exclude`); a skip reason (`binary`, `too-large`, `time-budget`, `too-deep`). */
  reason?: 'setting' | 'config' | 'binary' | 'too-large' | 'time-budget' | 'too-deep';
  findings: number;
  /** Time the analysis took, in milliseconds. */
  durationMs: number;
  /** When the lint ended (milliseconds since the epoch). */
  lintedAt: number;
  /** The project configuration files that apply to the document (absolute paths): ours, Ruff's, flake8-async's. */
  configFiles?: string[];
}
/** Notification server → client, `DocumentStatus`. */
export const DOCUMENT_STATUS_NOTIFICATION = 'pythonAsyncGuide/documentStatus';

/** A lint slower than this is logged at warning level with its file and time (setting `pythonAsyncGuide.slowLintWarningMs`). */
export const SLOW_LINT_MS = 2000;

/**
 * Lints every Python file of the workspace folders that is not excluded (`files.exclude`,
 * `.gitignore`, the settings' and the project config's `exclude`) and publishes the diagnostics of
 * those not open in an editor; afterwards their file events keep them current. Cancellable; with a
 * `workDoneToken` the server reports progress on it.
 */
export interface CheckWorkspaceParams {
  workDoneToken?: number | string;
}
export interface CheckWorkspaceResult {
  /** Files linted (open ones included), and their lines. */
  files: number;
  lines: number;
  findings: number;
  filesWithFindings: number;
  /** Files found by the walk but not linted: excluded by a setting or the project config, unreadable or skipped. */
  notLinted: number;
  /** Files the walk found in all. */
  total: number;
  durationMs: number;
  cancelled: boolean;
}
/** Request `CheckWorkspaceParams` → `CheckWorkspaceResult`. */
export const CHECK_WORKSPACE_METHOD = 'pythonAsyncGuide/checkWorkspace';

/**
 * The edit that declares `AIO` as another tool's codes in the Ruff configuration of a file (or a
 * folder), when that configuration enables RUF100 (unused `noqa`), which would strip `AIO…` from
 * `# noqa` comments.
 */
export interface RuffExternalFix {
  /** The Ruff configuration file (pyproject.toml, ruff.toml or .ruff.toml). */
  configUri: string;
  edit: TextEdit;
}
/** Request `{ uri, isFolder? }` → `RuffExternalFix | null`. */
export const RUFF_EXTERNAL_METHOD = 'pythonAsyncGuide/ruffExternal';
/** Notification `RuffExternalFix`, once per configuration file: a linted file has `# noqa: AIO…` that RUF100 would strip. */
export const RUFF_STRIPS_NOQA_NOTIFICATION = 'pythonAsyncGuide/ruffStripsNoqa';

/**
 * Notification `{ uris }` from the VS Code client: the `file:` documents shown in a tab or an editor.
 * VS Code pulls diagnostics only for those and drops them when the tab closes, while the document can
 * stay open in the server for minutes: from then on the workspace check publishes the file's findings.
 * A client that never sends it gets the plain rule (an open document owns its diagnostics).
 */
export const SHOWN_FILES_NOTIFICATION = 'pythonAsyncGuide/shownFiles';
export interface ShownFilesParams {
  uris: string[];
}
