import type { SeveritySetting } from './types';

export interface ExtraBlockingCall {
  /** fnmatch-style pattern on the resolved dotted name, e.g. `mylib.slow_*`. */
  pattern: string;
  suggestion: string;
}

/** Reads other Python files of the workspace, for rules that follow imports (AIO200). */
export interface WorkspaceFiles {
  /** Absolute path of the module a (possibly relative) import names, seen from `fromFile`. */
  resolveModule(moduleName: string, fromFile: string): string | undefined;
  readFile(file: string): string | undefined;
  /**
   * The Python modules of the project `file` belongs to (see projectFiles.ts), for the uses other modules
   * make of its functions; undefined when not known (or too many).
   */
  projectModules?(file: string): readonly string[] | undefined;
  /** True when no file changes while this object lives (a CLI run without --fix): answers about them may be kept. */
  readonly unchanging?: boolean;
}

export interface AnalyzerOptions {
  /** Per-code severity, overriding the defaults; `off` disables a code. */
  severity?: Record<string, SeveritySetting>;
  /** ASYNC200: extra blocking calls, as objects or `pattern -> suggestion` strings. */
  extraBlockingCalls?: Array<ExtraBlockingCall | string>;
  /**
   * AIO200: decorators (resolved dotted names or fnmatch patterns, e.g. `myapp.utils.in_thread`,
   * `*.run_in_worker`) that make a sync function run in a worker thread, so calling it does not block.
   */
  threadOffloadDecorators?: string[];
  /**
   * AIO200: decorators whose function does not run when called — it builds a task or a graph node
   * (`dask.delayed`, `joblib.delayed` are known) — so calling it does not block.
   */
  deferringDecorators?: string[];
  /** Oldest Python the project supports, as `py311`: checks about APIs of newer versions stay quiet. */
  targetVersion?: string;
  /** Message language (`en`, `zh-cn`); default English. */
  locale?: string;
  workspace?: WorkspaceFiles;
  /** Milliseconds one file may take (parse and rules) before it is skipped; default 10,000. */
  timeBudgetMs?: number;
}

/** `"mylib.fetch -> mylib.fetch_async"` → { pattern, suggestion }. */
export function parseExtraBlockingCalls(entries: Array<ExtraBlockingCall | string> | undefined): ExtraBlockingCall[] {
  const result: ExtraBlockingCall[] = [];
  for (const entry of entries ?? []) {
    if (typeof entry !== 'string') {
      if (entry && typeof entry.pattern === 'string' && entry.pattern.trim()) {
        result.push({ pattern: entry.pattern.trim(), suggestion: String(entry.suggestion ?? '').trim() });
      }
      continue;
    }
    const [pattern, suggestion = ''] = entry.split('->', 2).map((part) => part.trim());
    if (pattern) result.push({ pattern, suggestion });
  }
  return result;
}
