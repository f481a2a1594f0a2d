import * as fs from 'node:fs';
import * as path from 'node:path';
import { GuideLibrary, type LoadedGuide } from '../guide/library';
import { escapeHtml } from '../guide/highlight';
import { plainTitle, renderInline } from '../guide/render';
import { translate } from '../guide/strings';
import { GUIDE_LANGUAGES, sectionsInOrder, type GuideLanguage, type GuideSection } from '../guide/types';
import { SITE_URL, sitePagePath } from './urls';

/**
 * The static site under `docs/` (GitHub Pages): every section of the guide as a page in each
 * language, rendered by the guide's own renderer with the same diagrams, readable without scripts.
 * Rule pages are `rules/CODE.html` and `zh-cn/rules/CODE.html`: the URLs the CLI prints.
 */

const HTML_LANG: Record<GuideLanguage, string> = { en: 'en', 'zh-cn': 'zh-CN' };
const LANGUAGE_NAMES: Record<GuideLanguage, string> = { en: 'English', 'zh-cn': '简体中文' };

/** Site files by path relative to docs/, with their content. */
export type SiteFiles = Map<string, string>;

export function buildSite(repoRoot: string): SiteFiles {
  const library = GuideLibrary.forMedia(path.join(repoRoot, 'media'));
  const files: SiteFiles = new Map();
  files.set('.nojekyll', '');
  files.set('guide.css', fs.readFileSync(path.join(repoRoot, 'media', 'guide-view', 'guide.css'), 'utf8'));
  files.set('site.css', fs.readFileSync(path.join(repoRoot, 'src', 'site', 'site.css'), 'utf8'));
  for (const language of GUIDE_LANGUAGES) {
    const loaded = library.get(language);
    files.set(indexPath(language), renderIndex(loaded, language));
    const sections = sectionsInOrder(loaded.guide);
    sections.forEach((section, index) => {
      files.set(sitePagePath(section.id, language), renderSectionPage(loaded, section, sections[index - 1], sections[index + 1]));
    });
  }
  return files;
}

function indexPath(language: GuideLanguage): string {
  return language === 'en' ? 'index.html' : `${language}/index.html`;
}

/** From one page of the site to another, as a relative URL (the site works from any base and from disk). */
function relativeUrl(fromPage: string, toPage: string): string {
  return path.posix.relative(path.posix.dirname(fromPage), toPage) || path.posix.basename(toPage);
}

/** Links between sections point at pages instead of the webview's `#section` anchors. */
function linkSections(html: string, page: string, language: GuideLanguage): string {
  return html.replace(/<a href="#([^"]+)" class="section-link" data-section="[^"]*">/g, (_, id: string) => {
    return `<a href="${escapeHtml(relativeUrl(page, sitePagePath(id, language)))}" class="section-link">`;
  });
}

function layout(options: { language: GuideLanguage; page: string; title: string; alternate: string; body: string }): string {
  const { language, page } = options;
  const root = relativeUrl(page, 'index.html').replace(/index\.html$/, '');
  const other = GUIDE_LANGUAGES.find((candidate) => candidate !== language) ?? 'en';
  const siteTitle = translate(language, 'Python Async Guide');
  return `<!DOCTYPE html>
<html lang="${HTML_LANG[language]}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(options.title === siteTitle ? siteTitle : `${options.title} · ${siteTitle}`)}</title>
<link rel="canonical" href="${escapeHtml(SITE_URL + page)}">
<link rel="alternate" hreflang="${HTML_LANG[other]}" href="${escapeHtml(SITE_URL + options.alternate)}">
<link rel="stylesheet" href="${root}guide.css">
<link rel="stylesheet" href="${root}site.css">
</head>
<body class="site">
<header class="site-header">
<a class="site-title" href="${escapeHtml(relativeUrl(page, indexPath(language)))}">${escapeHtml(siteTitle)}</a>
<a class="site-language" hreflang="${HTML_LANG[other]}" lang="${HTML_LANG[other]}" href="${escapeHtml(relativeUrl(page, options.alternate))}">${LANGUAGE_NAMES[other]}</a>
</header>
<main id="content" class="content site-content">
${options.body}
</main>
</body>
</html>
`;
}

function renderSectionPage(loaded: LoadedGuide, section: GuideSection, previous: GuideSection | undefined, next: GuideSection | undefined): string {
  const language = loaded.guide.language;
  const page = sitePagePath(section.id, language);
  const other = GUIDE_LANGUAGES.find((candidate) => candidate !== language) ?? 'en';
  const notice =
    section.textLanguage === language
      ? ''
      : `<p class="notice untranslated">${escapeHtml(translate(language, section.textLanguage === 'en' ? 'Not translated yet: this section is shown in English.' : 'This section exists only in Chinese for now.'))}</p>\n`;
  const pagerLink = (target: GuideSection | undefined, kind: 'previous' | 'next') => {
    if (!target) return '<span></span>';
    const label = kind === 'previous' ? `← ${translate(language, 'Previous')}` : `${translate(language, 'Next')} →`;
    return `<a href="${escapeHtml(relativeUrl(page, sitePagePath(target.id, language)))}" class="pager-${kind}"><span class="pager-label">${escapeHtml(label)}</span><span class="pager-title">${renderInline(target.title)}</span></a>`;
  };
  const body =
    `<article class="guide-section" lang="${HTML_LANG[section.textLanguage]}">\n` +
    notice +
    linkSections(loaded.rendered.get(section.id)?.html ?? '', page, language) +
    `<nav class="pager">${pagerLink(previous, 'previous')}${pagerLink(next, 'next')}</nav>\n</article>`;
  return layout({ language, page, title: plainTitle(section.title), alternate: sitePagePath(section.id, other), body });
}

function renderIndex(loaded: LoadedGuide, language: GuideLanguage): string {
  const page = indexPath(language);
  const other = GUIDE_LANGUAGES.find((candidate) => candidate !== language) ?? 'en';
  const chapters = loaded.guide.chapters.map((chapter) => {
    const items = chapter.sections
      .map((section) => `<li><a href="${escapeHtml(relativeUrl(page, sitePagePath(section.id, language)))}">${renderInline(section.title)}</a></li>`)
      .join('\n');
    return `<h2 id="${escapeHtml(chapter.id)}">${renderInline(chapter.title)}</h2>\n<ul class="site-toc">\n${items}\n</ul>`;
  });
  const intro = translate(language, 'The asyncio guide and the rule reference of the Python Async Guide extension for VS Code: one page for every code it reports.');
  const body = `<article class="guide-section">\n<h1>${escapeHtml(translate(language, 'Contents'))}</h1>\n<p>${escapeHtml(intro)}</p>\n${chapters.join('\n')}\n</article>`;
  return layout({ language, page, title: translate(language, 'Python Async Guide'), alternate: indexPath(other), body });
}

/** Writes the site into `outDir`, removing pages that no longer have a section. */
export function writeSite(files: SiteFiles, outDir: string): { written: number; removed: number } {
  let written = 0;
  let removed = 0;
  for (const existing of listSiteFiles(outDir)) {
    if (!files.has(existing)) {
      fs.rmSync(path.join(outDir, existing));
      removed++;
    }
  }
  for (const [file, content] of files) {
    const target = path.join(outDir, file);
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === content) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    written++;
  }
  return { written, removed };
}

/** Files the generator owns under docs/: pages, styles, .nojekyll (images and other docs stay). */
export function listSiteFiles(outDir: string): string[] {
  if (!fs.existsSync(outDir)) return [];
  return fs
    .readdirSync(outDir, { recursive: true })
    .map((file) => String(file).split(path.sep).join('/'))
    .filter((file) => /\.(html|css)$/.test(file) || file === '.nojekyll')
    .sort();
}
