import * as fs from 'node:fs';
import * as path from 'node:path';
import { plainTitle } from '../guide/render';
import { RENDER_STRINGS, translate } from '../guide/strings';
import type { GuideLanguage } from '../guide/types';
import { SITE_URL, sitePagePath } from '../site/urls';

/** What SARIF viewers show about a rule: the opening of its guide section, with links to the site. */
export interface RuleHelp {
  /** The first paragraph, as plain text. */
  summary: string;
  /** Everything before the section's first `##` heading, as Markdown. */
  markdown: string;
}

/** The guide's Markdown next to the CLI bundle: `dist/cli.js` → `media/guide` (also in the npm package). */
const GUIDE_DIR = path.join(__dirname, '..', 'media', 'guide');

/** Reads a rule's help from the guide, or undefined when the guide is not there (the CLI then falls back to the title). */
export function readRuleHelp(code: string, language: GuideLanguage, guideDir = GUIDE_DIR): RuleHelp | undefined {
  const text = readPage(code, language, guideDir);
  if (text === undefined) return undefined;
  const body = text.replace(/^#\s[^\n]*\n/, '');
  const intro = body.split(/\n##\s/, 1)[0].trim();
  if (!intro) return undefined;
  const markdown = linksToSite(intro, language);
  return { summary: plainTitle(markdown.split(/\n\s*\n/, 1)[0].replace(/\n/g, ' ')), markdown };
}

/**
 * A rule's whole guide page as plain Markdown, for a terminal or another tool: links to other sections
 * lead to the web site, and a sample of the mistake says so in its first line (the guide shows a badge).
 */
export function readRulePage(code: string, language: GuideLanguage, guideDir = GUIDE_DIR): string | undefined {
  const text = readPage(code, language, guideDir);
  if (text === undefined) return undefined;
  const mistake = `# ${translate(language, RENDER_STRINGS.badSample)}`;
  const fences = text.replace(/^```python\b([^\n]*)$/gm, (_, flags: string) => (/\bbad\b/.test(flags) ? `\`\`\`python\n${mistake}` : '```python'));
  return linksToSite(fences, language).trim();
}

function readPage(code: string, language: GuideLanguage, guideDir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(guideDir, language, 'rules', `${code}.md`), 'utf8').replace(/\r\n?/g, '\n');
  } catch {
    return undefined;
  }
}

function linksToSite(markdown: string, language: GuideLanguage): string {
  return markdown.replace(/\]\(#([a-z0-9-]+\/[A-Za-z0-9_-]+)\)/g, (_, section: string) => `](${SITE_URL}${sitePagePath(section, language)})`);
}
