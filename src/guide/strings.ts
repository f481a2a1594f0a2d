import { BUNDLES } from '../analysis/l10n';
import { TRACE_STRINGS } from './loopTraceStrings';
import type { RenderLabels } from './render';
import type { GuideLanguage } from './types';

/**
 * The guide's UI text. The English text is the key; translations come from the same l10n bundle
 * as the rest of the product (l10n/zh-cn/guide.json), but are looked up for the guide's own
 * language, which the panel may switch independently of the global locale.
 */
export function translate(language: GuideLanguage, english: string, ...args: Array<string | number>): string {
  const template = language === 'en' ? english : (BUNDLES[language]?.[english] ?? english);
  return template.replace(/\{(\d+)\}/g, (match, index: string) => (args[Number(index)] === undefined ? match : String(args[Number(index)])));
}

/** The English text of every string the webview shows (the keys of l10n/zh-cn/guide.json). */
export const VIEW_STRINGS = {
  title: 'Python Async Guide',
  contents: 'Contents',
  toggleContents: 'Show or hide the contents',
  search: 'Search the guide',
  searchLabel: 'Search',
  clearSearch: 'Clear the search',
  noResults: 'No section matches “{0}”.',
  resultCount: '{0} sections match',
  previous: 'Previous',
  next: 'Next',
  back: 'Back',
  forward: 'Forward',
  language: 'Language',
  languageAuto: 'Same as VS Code',
  followCursor: 'Follow the cursor',
  followCursorTitle: 'Show the section of the asyncio API under the cursor in the Python editor',
  untranslatedFromEnglish: 'Not translated yet: this section is shown in English.',
  untranslatedFromChinese: 'This section exists only in Chinese for now.',
  notFound: 'There is no section “{0}” in the guide; showing the first one instead.',
  copied: 'Copied to the clipboard.',
  skipToContent: 'Skip to the section',
  tableOfContents: 'Table of contents',
  stop: 'Stop',
  stopTitle: 'Stop this sample',
} as const;

export type ViewStringKey = keyof typeof VIEW_STRINGS;
export type ViewStrings = Record<ViewStringKey, string>;

export const RENDER_STRINGS: RenderLabels = {
  insert: 'Insert at cursor',
  insertTitle: 'Insert this sample into the last active Python editor, at its cursor',
  copy: 'Copy',
  copyTitle: 'Copy this sample to the clipboard',
  badSample: 'Mistake, shown on purpose',
  runnableSample: 'Runnable',
  fragmentSample: 'Fragment',
  missingDiagram: 'Diagram not found',
  brokenLink: 'This link points to a section that does not exist.',
  pythonSince: 'Python {0}+',
  pythonSinceTitle: 'Needs Python {0} or later',
  run: 'Run',
  runTitle: 'Run this sample with the Python of this workspace and show what it prints',
  expectedOutput: 'Expected output (recorded with Python {0})',
};

/** Messages the extension shows about the guide (notifications, feedback in the panel). */
export const MESSAGES = {
  inserted: 'Inserted into {0}.',
  noPythonEditor: 'Open a Python file and place the cursor where the sample should go.',
  loadFailed: 'The guide could not load its content: {0}',
  explain: 'Explain {0}',
  runStarted: 'Running with {0}…',
  runExited: 'Finished (exit code {0}).',
  runStopped: 'Stopped.',
  runTimedOut: 'Stopped after {0} s, the time limit for a sample.',
  runFailedToStart: 'Could not start Python: {0}. Select an interpreter with the Python extension, or install python3.',
  runNotRunnable: 'This sample cannot run on its own.',
  samplesChannel: 'Python Async Guide: samples',
} as const;

export function viewStrings(language: GuideLanguage): ViewStrings {
  return Object.fromEntries(Object.entries(VIEW_STRINGS).map(([key, english]) => [key, translate(language, english)])) as ViewStrings;
}

export function renderLabels(language: GuideLanguage): RenderLabels {
  return Object.fromEntries(Object.entries(RENDER_STRINGS).map(([key, english]) => [key, translate(language, english)])) as unknown as RenderLabels;
}

/** Every English key the guide translates, for checking the bundle. */
export function allGuideStrings(): string[] {
  return [...Object.values(VIEW_STRINGS), ...Object.values(RENDER_STRINGS), ...Object.values(MESSAGES), ...Object.values(TRACE_STRINGS)];
}
