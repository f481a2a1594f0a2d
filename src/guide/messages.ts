import type { SearchResult } from './search';
import { isGuideLanguage, isSectionId, type GuideLanguage } from './types';

/**
 * The messages between the guide's webview and the extension. Whatever the webview sends is
 * untrusted input: it is checked field by field, and anything unexpected is dropped.
 */

export const MAX_QUERY_LENGTH = 200;
const MAX_BLOCK_INDEX = 999;

/** State the webview keeps with `setState`, and VS Code hands back when it restores the panel. */
export interface GuideViewState {
  section: string;
  scrollTop?: number;
  query?: string;
  collapsed?: string[];
  sidebarHidden?: boolean;
}

export type WebviewMessage =
  /** The page has loaded (first time, after being hidden, or after a reload). */
  | { type: 'ready'; section?: string }
  /** The reader moved to another section. */
  | { type: 'sectionChanged'; section: string }
  | { type: 'insertCode'; section: string; block: number }
  | { type: 'copyCode'; section: string; block: number }
  /** Run a runnable sample: the page names it; the extension runs the code it holds for it. */
  | { type: 'runCode'; section: string; block: number }
  | { type: 'stopRun' }
  | { type: 'search'; query: string; requestId: number }
  | { type: 'setLanguage'; language: GuideLanguage | 'auto' }
  | { type: 'setFollowCursor'; enabled: boolean };

export type ExtensionMessage =
  | { type: 'navigate'; section: string; notFound?: string }
  | { type: 'searchResults'; requestId: number; query: string; results: SearchResult[] }
  | { type: 'feedback'; text: string; kind: 'info' | 'error' }
  | { type: 'followCursor'; enabled: boolean }
  | { type: 'runStarted'; section: string; block: number; status: string }
  | { type: 'runOutput'; section: string; block: number; text: string }
  | { type: 'runFinished'; section: string; block: number; status: string; ok: boolean };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBlockIndex(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_BLOCK_INDEX;
}

/** The message, if it is one the guide understands and every field has the right shape. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  switch (value.type) {
    case 'ready':
      if (value.section === undefined) return { type: 'ready' };
      return isSectionId(value.section) ? { type: 'ready', section: value.section } : { type: 'ready' };
    case 'sectionChanged':
      return isSectionId(value.section) ? { type: 'sectionChanged', section: value.section } : undefined;
    case 'insertCode':
    case 'copyCode':
    case 'runCode':
      return isSectionId(value.section) && isBlockIndex(value.block) ? { type: value.type, section: value.section, block: value.block } : undefined;
    case 'search':
      return typeof value.query === 'string' && value.query.length <= MAX_QUERY_LENGTH && Number.isSafeInteger(value.requestId)
        ? { type: 'search', query: value.query, requestId: value.requestId as number }
        : undefined;
    case 'setLanguage':
      return isGuideLanguage(value.language) || value.language === 'auto' ? { type: 'setLanguage', language: value.language } : undefined;
    case 'setFollowCursor':
      return typeof value.enabled === 'boolean' ? { type: 'setFollowCursor', enabled: value.enabled } : undefined;
    case 'stopRun':
      return { type: 'stopRun' };
    default:
      return undefined;
  }
}

/** The part of a saved webview state that can be trusted; undefined when there is none. */
export function parseViewState(value: unknown): GuideViewState | undefined {
  if (!isRecord(value) || !isSectionId(value.section)) return undefined;
  const state: GuideViewState = { section: value.section };
  if (typeof value.scrollTop === 'number' && Number.isFinite(value.scrollTop) && value.scrollTop >= 0) state.scrollTop = value.scrollTop;
  if (typeof value.query === 'string' && value.query.length <= MAX_QUERY_LENGTH) state.query = value.query;
  if (typeof value.sidebarHidden === 'boolean') state.sidebarHidden = value.sidebarHidden;
  if (Array.isArray(value.collapsed)) state.collapsed = value.collapsed.filter((id): id is string => typeof id === 'string' && /^[a-z0-9-]+$/.test(id)).slice(0, 50);
  return state;
}
