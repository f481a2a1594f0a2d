import { escapeHtml } from './highlight';
import { renderInline, plainTitle, type RenderedSection } from './render';
import type { ViewStrings } from './strings';
import { sectionsInOrder, type Guide, type GuideLanguage, type GuideSection } from './types';

export type LanguageSetting = 'auto' | GuideLanguage;

export interface PageInput {
  guide: Guide;
  rendered: ReadonlyMap<string, RenderedSection>;
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  initialSection: string;
  languageSetting: LanguageSetting;
  followCursor: boolean;
  strings: ViewStrings;
}

/** What the page script reads at start-up (from a JSON data block, not from inline script). */
export interface PageData {
  strings: ViewStrings;
  initialSection: string;
  language: GuideLanguage;
  followCursor: boolean;
  sections: Array<{ id: string; title: string; chapter: string }>;
}

const HTML_LANG: Record<GuideLanguage, string> = { en: 'en', 'zh-cn': 'zh-CN' };
const LANGUAGE_NAMES: Record<GuideLanguage, string> = { en: 'English', 'zh-cn': '简体中文' };

/** The Content-Security-Policy of the guide: local styles and images, scripts only with the nonce. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** JSON that cannot end the <script> element it sits in. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function renderPage(input: PageInput): string {
  const { guide, strings, nonce } = input;
  const language = guide.language;
  const sections = sectionsInOrder(guide);
  const chapterOf = new Map(guide.chapters.flatMap((chapter) => chapter.sections.map((section) => [section.id, chapter.title] as const)));
  const data: PageData = {
    strings,
    initialSection: input.initialSection,
    language,
    followCursor: input.followCursor,
    sections: sections.map((section) => ({ id: section.id, title: plainTitle(section.title), chapter: plainTitle(chapterOf.get(section.id) ?? '') })),
  };
  return `<!DOCTYPE html>
<html lang="${HTML_LANG[language]}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(input.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
<title>${escapeHtml(strings.title)}</title>
</head>
<body>
<a class="skip-link" href="#content">${escapeHtml(strings.skipToContent)}</a>
<div class="layout">
<aside class="sidebar" id="sidebar">
<div id="search-status" class="search-status" aria-live="polite"></div>
<ul id="search-results" class="search-results" role="listbox" aria-label="${escapeHtml(strings.searchLabel)}" hidden></ul>
<nav id="toc" class="toc" aria-label="${escapeHtml(strings.tableOfContents)}">
${renderToc(guide)}
</nav>
<div class="sidebar-footer">
<label class="setting" for="language">${escapeHtml(strings.language)}</label>
<select id="language">
${renderLanguageOptions(input.languageSetting, strings)}
</select>
<label class="setting checkbox" title="${escapeHtml(strings.followCursorTitle)}"><input type="checkbox" id="follow-cursor"${input.followCursor ? ' checked' : ''}> ${escapeHtml(strings.followCursor)}</label>
</div>
</aside>
<main id="content" class="content" tabindex="-1">
<div class="toolbar">
<button type="button" id="toggle-contents" class="icon-button" aria-controls="sidebar" aria-expanded="true" title="${escapeHtml(strings.toggleContents)}" aria-label="${escapeHtml(strings.toggleContents)}">☰</button>
<button type="button" id="back" class="icon-button" title="${escapeHtml(strings.back)}" aria-label="${escapeHtml(strings.back)}" disabled>←</button>
<button type="button" id="forward" class="icon-button" title="${escapeHtml(strings.forward)}" aria-label="${escapeHtml(strings.forward)}" disabled>→</button>
<div class="search-box" role="search">
<input type="search" id="search" placeholder="${escapeHtml(strings.search)}" aria-label="${escapeHtml(strings.searchLabel)}" aria-controls="search-results" aria-autocomplete="list" autocomplete="off" spellcheck="false">
</div>
</div>
<div id="breadcrumb" class="breadcrumb"></div>
<div id="notice" class="notice" role="status" hidden></div>
${sections.map((section, index) => renderSectionElement(section, input.rendered.get(section.id), sections[index - 1], sections[index + 1], input)).join('\n')}
<div id="toast" class="toast" role="status" aria-live="polite"></div>
</main>
</div>
<script type="application/json" id="guide-data" nonce="${nonce}">${scriptJson(data)}</script>
<script nonce="${nonce}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>
`;
}

function renderToc(guide: Guide): string {
  const chapters = guide.chapters.map((chapter) => {
    const items = chapter.sections
      .map((section) => `<li role="treeitem" class="toc-section" data-section="${escapeHtml(section.id)}" tabindex="-1" aria-selected="false"><span class="toc-label">${renderInline(section.title)}</span></li>`)
      .join('\n');
    return (
      `<li role="treeitem" class="toc-chapter" data-chapter="${escapeHtml(chapter.id)}" tabindex="-1" aria-expanded="true">` +
      `<span class="toc-label toc-chapter-title">${renderInline(chapter.title)}</span>\n<ul role="group">\n${items}\n</ul></li>`
    );
  });
  return `<ul role="tree" class="toc-tree">\n${chapters.join('\n')}\n</ul>`;
}

function renderLanguageOptions(setting: LanguageSetting, strings: ViewStrings): string {
  const options: Array<[LanguageSetting, string]> = [['auto', strings.languageAuto], ['en', LANGUAGE_NAMES.en], ['zh-cn', LANGUAGE_NAMES['zh-cn']]];
  return options.map(([value, label]) => `<option value="${value}"${value === setting ? ' selected' : ''}>${escapeHtml(label)}</option>`).join('\n');
}

function renderSectionElement(
  section: GuideSection,
  rendered: RenderedSection | undefined,
  previous: GuideSection | undefined,
  next: GuideSection | undefined,
  input: PageInput,
): string {
  const { strings, guide } = input;
  const notice =
    section.textLanguage === guide.language
      ? ''
      : `<p class="notice untranslated" lang="${HTML_LANG[guide.language]}">${escapeHtml(section.textLanguage === 'en' ? strings.untranslatedFromEnglish : strings.untranslatedFromChinese)}</p>\n`;
  const pager = [
    previous ? `<a href="#${escapeHtml(previous.id)}" class="pager-previous" data-section="${escapeHtml(previous.id)}"><span class="pager-label">← ${escapeHtml(strings.previous)}</span><span class="pager-title">${renderInline(previous.title)}</span></a>` : '<span></span>',
    next ? `<a href="#${escapeHtml(next.id)}" class="pager-next" data-section="${escapeHtml(next.id)}"><span class="pager-label">${escapeHtml(strings.next)} →</span><span class="pager-title">${renderInline(next.title)}</span></a>` : '<span></span>',
  ].join('');
  return (
    `<section class="guide-section" data-section="${escapeHtml(section.id)}" lang="${HTML_LANG[section.textLanguage]}" hidden>\n` +
    notice +
    (rendered?.html ?? '') +
    `<nav class="pager">${pager}</nav>\n</section>`
  );
}
