import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { REPO_ROOT } from './engine';

export const GUIDE_DIR = path.join(REPO_ROOT, 'media', 'guide');
export const GUIDE_LANGUAGES = ['en', 'zh-cn'] as const;
export type GuideLanguage = (typeof GUIDE_LANGUAGES)[number];

export interface LocalizedTitle {
  en: string;
  'zh-cn': string;
}

export interface TocSection {
  id: string;
  title: LocalizedTitle;
  apis: string[];
}

export interface TocChapter {
  id: string;
  title: LocalizedTitle;
  sections: TocSection[];
}

export interface Toc {
  chapters: TocChapter[];
}

export function readToc(): Toc {
  return JSON.parse(fs.readFileSync(path.join(GUIDE_DIR, 'toc.json'), 'utf8')) as Toc;
}

export function tocSectionIds(toc: Toc): string[] {
  return toc.chapters.flatMap((chapter) => chapter.sections.map((section) => section.id));
}

/** Section ids (`chapter/section`) of the Markdown files of one language, rule sections excluded. */
export function listSectionFiles(language: GuideLanguage): string[] {
  const root = path.join(GUIDE_DIR, language);
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.md') && !file.startsWith('rules/'))
    .map((file) => file.slice(0, -'.md'.length))
    .sort();
}

export function sectionPath(language: GuideLanguage, id: string): string {
  return path.join(GUIDE_DIR, language, ...id.split('/')) + '.md';
}

export type SampleFlag = 'run' | 'bad' | 'fragment' | 'trace';
export const SAMPLE_FLAGS: readonly SampleFlag[] = ['run', 'bad', 'fragment', 'trace'];

export interface CodeFence {
  language: string;
  flags: string[];
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** Text of the HTML block right before the fence, if any (where a fragment gives its reason). */
  htmlBefore?: string;
}

export interface SectionDocument {
  id: string;
  language: GuideLanguage;
  text: string;
  /** Heading levels in order (1 for `#`, 2 for `##`…). */
  headingLevels: number[];
  links: string[];
  images: string[];
  fences: CodeFence[];
}

const markdown = new MarkdownIt({ html: true });

export function readSection(language: GuideLanguage, id: string): SectionDocument {
  const text = fs.readFileSync(sectionPath(language, id), 'utf8');
  const tokens = markdown.parse(text, {});
  const document: SectionDocument = { id, language, text, headingLevels: [], links: [], images: [], fences: [] };
  tokens.forEach((token, index) => {
    if (token.type === 'heading_open') document.headingLevels.push(Number(token.tag.slice(1)));
    if (token.type === 'fence') document.fences.push(toFence(token, tokens[index - 1]));
    for (const child of token.children ?? []) {
      if (child.type === 'link_open') document.links.push(String(child.attrGet('href') ?? ''));
      if (child.type === 'image') document.images.push(String(child.attrGet('src') ?? ''));
    }
  });
  return document;
}

function toFence(token: MarkdownIt.Token, previous: MarkdownIt.Token | undefined): CodeFence {
  const [language = '', ...flags] = token.info.trim().split(/\s+/);
  return {
    language,
    flags,
    code: token.content,
    line: (token.map?.[0] ?? 0) + 1,
    htmlBefore: previous?.type === 'html_block' ? previous.content : undefined,
  };
}

export function pythonFences(document: SectionDocument): CodeFence[] {
  return document.fences.filter((fence) => fence.language === 'python');
}
