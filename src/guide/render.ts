import MarkdownIt from 'markdown-it';
import type { DiagramStore } from './diagrams';
import { diagramName } from './diagrams';
import { escapeHtml, highlightPython } from './highlight';
import type { LoopTrace } from './loopTrace';
import { renderLoopTrace } from './loopTraceView';
import { apiSince, requiredPython } from './versions';
import type { GuideLanguage, GuideSection } from './types';

type Token = MarkdownIt.Token;

/** A code block of a section, as the guide's Markdown wrote it. */
export interface CodeBlock {
  language: string;
  /** Words after the language: `run`, `bad`, `fragment`. */
  flags: string[];
  code: string;
}

export interface RenderedSection {
  id: string;
  html: string;
  codeBlocks: CodeBlock[];
  /** Section ids the text links to that exist. */
  links: string[];
  /** `#…` link targets that are not sections of the guide. */
  brokenLinks: string[];
  /** Diagrams referenced but not found. */
  missingDiagrams: string[];
}

/** Labels the rendered Markdown shows around code blocks and diagrams, in the guide's language. */
export interface RenderLabels {
  insert: string;
  insertTitle: string;
  copy: string;
  copyTitle: string;
  badSample: string;
  runnableSample: string;
  fragmentSample: string;
  missingDiagram: string;
  brokenLink: string;
  /** `Python {0}+`: the badge of a sample or API that needs a newer Python than the guide's oldest. */
  pythonSince: string;
  pythonSinceTitle: string;
  run: string;
  runTitle: string;
  /** `Expected output (Python {0})`: the recorded run shown beside a runnable sample. */
  expectedOutput: string;
}

export interface RenderContext {
  language: GuideLanguage;
  /** What a runnable sample printed when it was recorded, if the recording matches its code. */
  recordedOutput?(section: string, block: number, code: string): { python: string; output: string } | undefined;
  /** The recorded event-loop trace of a `python trace` block, if the recording matches its code. */
  loopTrace?(section: string, code: string): LoopTrace | undefined;
  diagrams: DiagramStore;
  sectionExists(id: string): boolean;
  labels: RenderLabels;
}

interface RenderEnv extends MarkdownIt.Env {
  context: RenderContext;
  sectionId: string;
  codeBlocks: CodeBlock[];
  links: Set<string>;
  brokenLinks: Set<string>;
  missingDiagrams: Set<string>;
}

/** A comment at the start of the text, with the rest of the line it closes on. */
const LEADING_COMMENT = /^<!--([\s\S]*?)-->[^\n]*(?:\n|$)/;
const EXTERNAL_LINK = /^(https?:|mailto:)/i;

/** Languages whose blocks get "Insert at cursor": the guide inserts into Python editors only. */
const INSERTABLE_LANGUAGES = new Set(['python']);

function createMarkdown(): MarkdownIt.MarkdownIt {
  const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
  markdown.core.ruler.after('block', 'guide_comments', dropAuthorComments);
  const rules = markdown.renderer.rules;
  // Every render passes a RenderEnv (see renderSection).
  rules.fence = (tokens, index, _options, env) => renderCodeBlock(tokens[index], env as RenderEnv);
  rules.code_block = (tokens, index, _options, env) => renderCodeBlock(tokens[index], env as RenderEnv);
  rules.code_inline = (tokens, index, _options, env) => renderInlineCode(tokens[index], env as Partial<RenderEnv>);
  rules.image = (tokens, index, _options, env) => renderImage(tokens[index], env as RenderEnv);
  rules.link_open = (tokens, index, _options, env) => renderLinkOpen(tokens[index], env as RenderEnv);
  rules.link_close = () => '</a>';
  return markdown;
}

/**
 * With `html: false` an HTML comment (an authors' note, e.g. why a sample is a fragment) would show
 * as text. Like an HTML block, a comment that starts a line is dropped up to the end of the line it
 * closes on; a paragraph left empty goes, and its note goes to the code block that follows.
 */
function dropAuthorComments(state: MarkdownIt.StateCore): void {
  const tokens = state.tokens;
  for (let index = 0; index < tokens.length - 2; index++) {
    const [open, inline, close] = [tokens[index], tokens[index + 1], tokens[index + 2]];
    if (open.type !== 'paragraph_open' || inline.type !== 'inline' || close.type !== 'paragraph_close') continue;
    const { notes, rest } = leadingComments(inline.content);
    if (notes.length === 0) continue;
    if (rest) {
      inline.content = rest;
      continue;
    }
    const next = tokens[index + 3];
    if (next?.type === 'fence') next.meta = { ...(next.meta ?? {}), note: notes.join(' ') };
    tokens.splice(index, 3);
    index--;
  }
}

function leadingComments(content: string): { notes: string[]; rest: string } {
  const notes: string[] = [];
  let rest = content;
  for (let match = LEADING_COMMENT.exec(rest); match; match = LEADING_COMMENT.exec(rest)) {
    notes.push(match[1].trim());
    rest = rest.slice(match[0].length).trimStart();
  }
  return { notes, rest };
}

function renderCodeBlock(token: Token, env: RenderEnv): string {
  const [language = '', ...flags] = token.info.trim().split(/\s+/).filter(Boolean);
  const index = env.codeBlocks.length;
  const code = token.content.replace(/\n$/, '');
  env.codeBlocks.push({ language, flags, code });
  if (language === 'python' && flags.includes('trace')) return renderLoopTrace(code, env.context.loopTrace?.(env.sectionId, code), env.context.language);
  const labels = env.context.labels;
  const kind = flags.includes('bad') ? 'bad' : flags.includes('fragment') ? 'fragment' : flags.includes('run') ? 'run' : 'plain';
  const note = typeof token.meta?.note === 'string' ? token.meta.note : undefined;
  const badges: string[] = [];
  if (kind === 'bad') badges.push(`<span class="code-badge badge-bad">${escapeHtml(labels.badSample)}</span>`);
  if (flags.includes('run')) badges.push(`<span class="code-badge badge-run">${escapeHtml(labels.runnableSample)}</span>`);
  const since = language === 'python' ? requiredPython(code) : undefined;
  if (since) badges.push(versionBadge('code-badge badge-version', since, env.context.labels));
  if (flags.includes('fragment')) {
    const title = note ? ` title="${escapeHtml(note)}"` : '';
    badges.push(`<span class="code-badge badge-fragment"${title}>${escapeHtml(labels.fragmentSample)}</span>`);
  }
  const actions: string[] = [];
  const runnable = language === 'python' && flags.includes('run');
  if (runnable) actions.push(button('run', index, labels.run, labels.runTitle));
  if (INSERTABLE_LANGUAGES.has(language)) {
    actions.push(button('insert', index, labels.insert, labels.insertTitle));
  }
  actions.push(button('copy', index, labels.copy, labels.copyTitle));
  const body = language === 'python' ? highlightPython(code) : escapeHtml(code);
  const languageClass = language ? ` class="language-${escapeHtml(language)}"` : '';
  return (
    `<div class="code-block code-${kind}" data-block="${index}">` +
    `<div class="code-toolbar">${badges.join('')}<span class="code-actions">${actions.join('')}</span></div>` +
    `<pre tabindex="0"><code${languageClass}>${body}</code></pre>` +
    (runnable ? runArea(env, index, code) : '') +
    `</div>\n`
  );
}

/** Where a run's output appears, and the recorded output to compare it with. */
function runArea(env: RenderEnv, index: number, code: string): string {
  const recorded = env.context.recordedOutput?.(env.sectionId, index, code);
  const expected = recorded
    ? `<details class="expected-output" open><summary>${escapeHtml(env.context.labels.expectedOutput.replace('{0}', recorded.python))}</summary>` +
      `<pre>${escapeHtml(recorded.output)}</pre></details>`
    : '';
  return `${expected}<div class="run-output" data-output="${index}" hidden><div class="run-status" role="status"></div><pre></pre></div>`;
}

function renderInlineCode(token: Token, env: Partial<RenderEnv>): string {
  // A title rendered on its own (the site's tables of contents) has no page environment, so no badge.
  const labels = env.context?.labels;
  const since = labels ? apiSince(token.content) : undefined;
  const code = `<code>${escapeHtml(token.content)}</code>`;
  return since && labels ? `${code}${versionBadge('api-version', since, labels)}` : code;
}

function versionBadge(className: string, since: string, labels: RenderLabels): string {
  const text = labels.pythonSince.replace('{0}', since);
  const title = labels.pythonSinceTitle.replace('{0}', since);
  return `<span class="${className}" title="${escapeHtml(title)}">${escapeHtml(text)}</span>`;
}

function button(action: string, block: number, label: string, title: string): string {
  return `<button type="button" class="code-action" data-action="${action}" data-block="${block}" title="${escapeHtml(title)}">${escapeHtml(label)}</button>`;
}

function renderImage(token: Token, env: RenderEnv): string {
  const source = String(token.attrGet('src') ?? '');
  const alt = token.children?.map((child) => child.content).join('') ?? token.content;
  const name = diagramName(source);
  const svg = name ? env.context.diagrams.inline(name, env.context.language) : undefined;
  if (!name || svg === undefined) {
    env.missingDiagrams.add(source);
    return `<span class="missing-diagram" title="${escapeHtml(env.context.labels.missingDiagram)}">${escapeHtml(alt || source)}</span>`;
  }
  const label = alt ? ` aria-label="${escapeHtml(alt)}"` : '';
  const caption = alt ? `<span class="diagram-caption">${escapeHtml(alt)}</span>` : '';
  return `<span class="diagram" role="figure" data-diagram="${escapeHtml(name)}"${label}>${svg}${caption}</span>`;
}

function renderLinkOpen(token: Token, env: RenderEnv): string {
  const href = String(token.attrGet('href') ?? '');
  if (href.startsWith('#')) {
    const target = href.slice(1);
    if (env.context.sectionExists(target)) {
      env.links.add(target);
      return `<a href="#${escapeHtml(target)}" class="section-link" data-section="${escapeHtml(target)}">`;
    }
    env.brokenLinks.add(target);
    return `<a class="broken-link" title="${escapeHtml(env.context.labels.brokenLink)}">`;
  }
  if (EXTERNAL_LINK.test(href)) {
    return `<a href="${escapeHtml(href)}" class="external-link" title="${escapeHtml(href)}">`;
  }
  env.brokenLinks.add(href);
  return `<a class="broken-link" title="${escapeHtml(env.context.labels.brokenLink)}">`;
}

const markdown = createMarkdown();

export function renderSection(section: GuideSection, context: RenderContext): RenderedSection {
  const env: RenderEnv = { context, sectionId: section.id, codeBlocks: [], links: new Set(), brokenLinks: new Set(), missingDiagrams: new Set() };
  let source = section.markdown;
  if (!/^#\s/.test(source)) source = `# ${section.title}\n\n${source}`;
  const html = markdown.render(source, env);
  return {
    id: section.id,
    html,
    codeBlocks: env.codeBlocks,
    links: [...env.links],
    brokenLinks: [...env.brokenLinks],
    missingDiagrams: [...env.missingDiagrams],
  };
}

/** A title with inline Markdown (code spans, emphasis) as HTML. */
export function renderInline(text: string): string {
  return markdown.renderInline(text);
}

/** The words of a section for search: prose, inline code and code blocks, without Markdown syntax. */
export function plainText(markdownText: string): { title: string; prose: string; code: string } {
  const tokens = markdown.parse(markdownText, {});
  const prose: string[] = [];
  const code: string[] = [];
  let title = '';
  tokens.forEach((token, index) => {
    if (token.type === 'fence' || token.type === 'code_block') code.push(token.content);
    if (token.type !== 'inline') return;
    const text = inlineText(token);
    if (!title && tokens[index - 1]?.type === 'heading_open' && tokens[index - 1].tag === 'h1') title = text;
    else prose.push(text);
  });
  return { title, prose: prose.join('\n'), code: code.join('\n') };
}

function inlineText(token: Token): string {
  return (token.children ?? [])
    .map((child) => (child.type === 'text' || child.type === 'code_inline' ? child.content : child.type === 'softbreak' || child.type === 'hardbreak' ? ' ' : ''))
    .join('');
}

/** A title without its Markdown: `` `time.sleep` in… `` → `time.sleep in…`. */
export function plainTitle(text: string): string {
  const token = markdown.parseInline(text, {})[0];
  return token ? inlineText(token) : text;
}
