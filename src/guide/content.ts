import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  GUIDE_LANGUAGES,
  isSectionId,
  RULES_CHAPTER_ID,
  type Guide,
  type GuideChapter,
  type GuideLanguage,
  type GuideSection,
  type LocalizedText,
} from './types';

/**
 * Loads the guide's content from `media/guide`: `toc.json` (chapters and sections), one Markdown file
 * per section and language (`<lang>/<chapter>/<section>.md`) and the rule reference
 * (`<lang>/rules/<CODE>.md`), appended as a last chapter ordered by code.
 */

export interface TocSection {
  id: string;
  title: LocalizedText;
  apis: string[];
}

export interface TocChapter {
  id: string;
  title: LocalizedText;
  sections: TocSection[];
}

export interface Toc {
  chapters: TocChapter[];
}

const RULES_CHAPTER_TITLE: LocalizedText = { en: 'Rule reference', 'zh-cn': '规则参考' };

/** `# ASYNC251 — title`, also with an en dash, a hyphen or a colon. */
const RULE_HEADING = /^#\s+([A-Z]+[0-9]+)\s*(?:[—–:-]\s*(.*))?$/;

export class GuideContentError extends Error {}

export function readToc(guideDir: string): Toc {
  const file = path.join(guideDir, 'toc.json');
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GuideContentError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  return parseToc(json);
}

/** Checks the shape of toc.json, so that a content mistake fails loudly and early. */
export function parseToc(json: unknown): Toc {
  if (!isObject(json) || !Array.isArray(json.chapters)) throw new GuideContentError('toc.json: expected { "chapters": [...] }');
  const seen = new Set<string>();
  const chapters = json.chapters.map((chapter, index): TocChapter => {
    if (!isObject(chapter) || typeof chapter.id !== 'string' || !Array.isArray(chapter.sections)) {
      throw new GuideContentError(`toc.json: chapter #${index + 1} needs an id and sections`);
    }
    const chapterId = chapter.id;
    const sections = chapter.sections.map((section, sectionIndex): TocSection => {
      if (!isObject(section) || !isSectionId(section.id) || !section.id.startsWith(`${chapterId}/`)) {
        throw new GuideContentError(`toc.json: section #${sectionIndex + 1} of ${chapterId} needs an id "${chapterId}/<name>"`);
      }
      if (seen.has(section.id)) throw new GuideContentError(`toc.json: duplicate section ${section.id}`);
      seen.add(section.id);
      const apis = section.apis ?? [];
      if (!Array.isArray(apis) || !apis.every((api) => typeof api === 'string')) {
        throw new GuideContentError(`toc.json: apis of ${section.id} must be a list of dotted names`);
      }
      return { id: section.id, title: localized(section.title, section.id), apis };
    });
    return { id: chapterId, title: localized(chapter.title, chapterId), sections };
  });
  return { chapters };
}

function localized(value: unknown, fallback: string): LocalizedText {
  const text = isObject(value) ? value : {};
  const english = typeof text.en === 'string' && text.en ? text.en : fallback;
  const chinese = typeof text['zh-cn'] === 'string' && text['zh-cn'] ? text['zh-cn'] : english;
  return { en: english, 'zh-cn': chinese };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Languages to try for a section's text: the wanted one, then the others. */
function languagesFor(language: GuideLanguage): GuideLanguage[] {
  return [language, ...GUIDE_LANGUAGES.filter((other) => other !== language)];
}

function sectionFile(guideDir: string, language: GuideLanguage, id: string): string {
  return path.join(guideDir, language, ...id.split('/')) + '.md';
}

function readSectionText(guideDir: string, language: GuideLanguage, id: string): { markdown: string; textLanguage: GuideLanguage } | undefined {
  for (const candidate of languagesFor(language)) {
    const file = sectionFile(guideDir, candidate, id);
    if (fs.existsSync(file)) return { markdown: normalizeNewlines(fs.readFileSync(file, 'utf8')), textLanguage: candidate };
  }
  return undefined;
}

function normalizeNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Rule codes with a section in any language, ordered by code (`AIO100` < `AIO101` < `ASYNC100`). */
export function listRuleCodes(guideDir: string): string[] {
  const codes = new Set<string>();
  for (const language of GUIDE_LANGUAGES) {
    const dir = path.join(guideDir, language, RULES_CHAPTER_ID);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir)) {
      const match = /^([A-Z]+[0-9]+)\.md$/.exec(file);
      if (match) codes.add(match[1]);
    }
  }
  return [...codes].sort(compareCodes);
}

export function compareCodes(a: string, b: string): number {
  const [, prefixA = a, numberA = '0'] = /^([A-Z]+)([0-9]+)$/.exec(a) ?? [];
  const [, prefixB = b, numberB = '0'] = /^([A-Z]+)([0-9]+)$/.exec(b) ?? [];
  return prefixA.localeCompare(prefixB) || Number(numberA) - Number(numberB);
}

/** The title a rule section gives itself on its first line: `ASYNC251 — title`. */
export function ruleTitle(code: string, markdown: string): string {
  const firstLine = markdown.split('\n', 1)[0].trim();
  const match = RULE_HEADING.exec(firstLine);
  return match && match[1] === code && match[2] ? `${code} — ${match[2].trim()}` : code;
}

function loadRulesChapter(guideDir: string, language: GuideLanguage): GuideChapter | undefined {
  const sections: GuideSection[] = [];
  for (const code of listRuleCodes(guideDir)) {
    const id = `${RULES_CHAPTER_ID}/${code}`;
    const text = readSectionText(guideDir, language, id);
    if (!text) continue;
    sections.push({ id, chapterId: RULES_CHAPTER_ID, title: ruleTitle(code, text.markdown), apis: [], ...text });
  }
  return sections.length > 0 ? { id: RULES_CHAPTER_ID, title: RULES_CHAPTER_TITLE[language], sections } : undefined;
}

/**
 * The guide in one language. A section missing in that language falls back to another (its
 * `textLanguage` says which); a section with no file at all is left out.
 */
export function loadGuide(guideDir: string, language: GuideLanguage): Guide {
  const toc = fs.existsSync(path.join(guideDir, 'toc.json')) ? readToc(guideDir) : { chapters: [] };
  const chapters: GuideChapter[] = [];
  for (const chapter of toc.chapters) {
    if (chapter.id === RULES_CHAPTER_ID) continue;
    const sections: GuideSection[] = [];
    for (const entry of chapter.sections) {
      const text = readSectionText(guideDir, language, entry.id);
      if (!text) continue;
      sections.push({ id: entry.id, chapterId: chapter.id, title: entry.title[language], apis: entry.apis, ...text });
    }
    if (sections.length > 0) chapters.push({ id: chapter.id, title: chapter.title[language], sections });
  }
  const rules = loadRulesChapter(guideDir, language);
  if (rules) chapters.push(rules);
  const sections = new Map(chapters.flatMap((chapter) => chapter.sections.map((section) => [section.id, section] as const)));
  return { language, chapters, sections };
}
