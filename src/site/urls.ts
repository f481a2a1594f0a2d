import { repository } from '../../package.json';
import type { GuideLanguage } from '../guide/types';

/**
 * Where the rule pages live on the web: the static site `npm run docs` writes into `docs/`, served by
 * GitHub Pages of the repository in package.json (`https://OWNER.github.io/REPO/`).
 */
export const SITE_URL = pagesUrl(repository.url);

function pagesUrl(repositoryUrl: string): string {
  const match = /github\.com[/:]([^/]+)\/([^/.]+?)(?:\.git)?\/?$/.exec(repositoryUrl);
  if (!match) throw new Error(`package.json: repository.url ${repositoryUrl} is not a GitHub repository`);
  return `https://${match[1].toLowerCase()}.github.io/${match[2]}/`;
}

/** A guide section's page, relative to the site's root: `rules/ASYNC251.html`, `zh-cn/rules/ASYNC251.html`. */
export function sitePagePath(sectionId: string, language: GuideLanguage): string {
  return `${language === 'en' ? '' : `${language}/`}${sectionId}.html`;
}

/** The https URL of a code's rule page. */
export function ruleUrl(code: string, language: GuideLanguage = 'en'): string {
  return SITE_URL + sitePagePath(`rules/${code}`, language);
}
