import { plainText, plainTitle } from './render';
import { sectionsInOrder, type Guide } from './types';

/**
 * Full-text search over the guide in one language: titles, prose and code. Matching is by
 * substring on normalised text, which works for Chinese (no word boundaries) as well as English.
 */

interface IndexedSection {
  id: string;
  order: number;
  chapter: string;
  title: string;
  prose: string;
  code: string;
  normalized: { id: string; title: string; prose: string; code: string };
}

export interface SearchIndex {
  language: string;
  sections: readonly IndexedSection[];
}

export interface SearchResult {
  id: string;
  title: string;
  chapter: string;
  /** Plain text around the first match. */
  snippet: string;
  /** [start, end) character ranges of matched terms in the snippet. */
  highlights: Array<[number, number]>;
}

const SNIPPET_RADIUS = 60;
export const MAX_RESULTS = 30;

/** Lower case, full-width letters folded (Ｔａｓｋ → task), runs of white space collapsed. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
}

export function buildSearchIndex(guide: Guide): SearchIndex {
  const chapters = new Map(guide.chapters.flatMap((chapter) => chapter.sections.map((section) => [section.id, chapter.title] as const)));
  const sections = sectionsInOrder(guide).map((section, order): IndexedSection => {
    const text = plainText(section.markdown);
    const title = plainTitle(section.title);
    const prose = text.prose.replace(/\s+/g, ' ').trim();
    const code = text.code;
    return {
      id: section.id,
      order,
      chapter: plainTitle(chapters.get(section.id) ?? ''),
      title,
      prose,
      code,
      normalized: { id: normalize(section.id), title: normalize(`${title} ${text.title}`), prose: normalize(prose), code: normalize(code) },
    };
  });
  return { language: guide.language, sections };
}

function terms(query: string): string[] {
  return [...new Set(normalize(query).split(' ').filter(Boolean))].slice(0, 8);
}

function occurrences(haystack: string, needle: string, cap: number): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1 && count < cap; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

function score(section: IndexedSection, words: string[], whole: string): number {
  const { id, title, prose, code } = section.normalized;
  let total = 0;
  for (const word of words) {
    const inId = id.endsWith(`/${word}`) ? 200 : id.includes(word) ? 20 : 0;
    const inTitle = title.includes(word) ? (title.startsWith(word) ? 40 : 30) : 0;
    const inProse = occurrences(prose, word, 10) * 3;
    const inCode = occurrences(code, word, 10);
    const wordScore = inId + inTitle + inProse + inCode;
    if (wordScore === 0) return 0;
    total += wordScore;
  }
  if (words.length > 1 && title.includes(whole)) total += 50;
  return total;
}

export function searchGuide(index: SearchIndex, query: string, limit = MAX_RESULTS): SearchResult[] {
  const words = terms(query);
  if (words.length === 0) return [];
  const whole = words.join(' ');
  return index.sections
    .map((section) => ({ section, score: score(section, words, whole) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.section.order - b.section.order)
    .slice(0, limit)
    .map(({ section }) => ({ id: section.id, title: section.title, chapter: section.chapter, ...snippet(section, words) }));
}

/** The prose (or else code) around the first matched word, with every matched word marked. */
function snippet(section: IndexedSection, words: string[]): { snippet: string; highlights: Array<[number, number]> } {
  const source = words.some((word) => section.normalized.prose.includes(word)) ? section.prose : firstMatchingLine(section.code, words) ?? section.prose;
  const normalizedSource = normalize(source);
  // NFKC may change lengths only for rare characters; fall back to the plain start if it did.
  const aligned = normalizedSource.length === source.length;
  const first = aligned ? Math.min(...words.map((word) => normalizedSource.indexOf(word)).filter((at) => at >= 0)) : 0;
  const start = Number.isFinite(first) ? Math.max(0, first - SNIPPET_RADIUS) : 0;
  const end = Math.min(source.length, (Number.isFinite(first) ? first : 0) + SNIPPET_RADIUS * 2);
  const text = (start > 0 ? '…' : '') + source.slice(start, end) + (end < source.length ? '…' : '');
  const offset = start > 0 ? 1 - start : 0;
  const highlights: Array<[number, number]> = [];
  if (aligned) {
    const window = normalizedSource.slice(start, end);
    for (const word of words) {
      for (let at = window.indexOf(word); at !== -1; at = window.indexOf(word, at + word.length)) {
        highlights.push([start + at + offset, start + at + word.length + offset]);
      }
    }
  }
  highlights.sort((a, b) => a[0] - b[0]);
  return { snippet: text, highlights: mergeRanges(highlights) };
}

function firstMatchingLine(code: string, words: string[]): string | undefined {
  return code.split('\n').find((line) => words.some((word) => normalize(line).includes(word)))?.replace(/\s+/g, ' ').trim();
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}
