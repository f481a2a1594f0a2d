/** The languages the guide is written in. */
export const GUIDE_LANGUAGES = ['en', 'zh-cn'] as const;
export type GuideLanguage = (typeof GUIDE_LANGUAGES)[number];

export function isGuideLanguage(value: unknown): value is GuideLanguage {
  return typeof value === 'string' && (GUIDE_LANGUAGES as readonly string[]).includes(value);
}

export type LocalizedText = Record<GuideLanguage, string>;

/** `chapter/section`: lower-case chapter, then a slug or a rule code (`rules/ASYNC251`). */
const SECTION_ID = /^[a-z0-9][a-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function isSectionId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 100 && SECTION_ID.test(value);
}

export const RULES_CHAPTER_ID = 'rules';

export interface GuideSection {
  /** `chapter/section`, e.g. `event-loop/mechanism` or `rules/ASYNC251`. */
  id: string;
  chapterId: string;
  /** Title in the guide's language; may hold inline Markdown (`time.sleep` in backticks). */
  title: string;
  /** Dotted asyncio names this section explains (the editor follows the cursor to it). */
  apis: readonly string[];
  markdown: string;
  /** Language the text is actually in: differs from the guide's when a translation is missing. */
  textLanguage: GuideLanguage;
}

export interface GuideChapter {
  id: string;
  title: string;
  sections: readonly GuideSection[];
}

/** The whole guide in one language, in reading order. */
export interface Guide {
  language: GuideLanguage;
  chapters: readonly GuideChapter[];
  sections: ReadonlyMap<string, GuideSection>;
}

/** Sections in reading order. */
export function sectionsInOrder(guide: Guide): GuideSection[] {
  return guide.chapters.flatMap((chapter) => chapter.sections);
}
