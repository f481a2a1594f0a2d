import * as fs from 'node:fs';
import * as path from 'node:path';
import { sanitizeSvg } from './svg';
import type { GuideLanguage } from './types';

/** `diagrams/<name>.svg`, the only image form the guide's Markdown uses. */
const DIAGRAM_SOURCE = /^diagrams\/([a-z0-9][a-z0-9-]*)\.svg$/;

export function diagramName(source: string): string | undefined {
  return DIAGRAM_SOURCE.exec(source)?.[1];
}

/**
 * The guide's diagrams, inlined into the page so that their classes pick up the theme's colours
 * (an SVG loaded through <img> cannot see the page's CSS variables). Labels are drawn in English;
 * `labels.<lang>.json` maps each diagram's English texts to that language.
 */
export class DiagramStore {
  private readonly inlined = new Map<string, string>();

  constructor(
    private readonly sources: ReadonlyMap<string, string>,
    private readonly labels: Partial<Record<GuideLanguage, Record<string, Record<string, string>>>> = {},
  ) {}

  static load(diagramDir: string): DiagramStore {
    const sources = new Map<string, string>();
    const labels: Partial<Record<GuideLanguage, Record<string, Record<string, string>>>> = {};
    if (!fs.existsSync(diagramDir)) return new DiagramStore(sources);
    for (const file of fs.readdirSync(diagramDir)) {
      const svg = /^([a-z0-9][a-z0-9-]*)\.svg$/.exec(file);
      if (svg) sources.set(svg[1], fs.readFileSync(path.join(diagramDir, file), 'utf8'));
      const table = /^labels\.(zh-cn)\.json$/.exec(file);
      if (table) labels[table[1] as GuideLanguage] = JSON.parse(fs.readFileSync(path.join(diagramDir, file), 'utf8'));
    }
    return new DiagramStore(sources, labels);
  }

  has(name: string): boolean {
    return this.sources.has(name);
  }

  names(): string[] {
    return [...this.sources.keys()].sort();
  }

  /** The English → translation table of one diagram, if the language has one. */
  labelsFor(name: string, language: GuideLanguage): Readonly<Record<string, string>> | undefined {
    return this.labels[language]?.[name];
  }

  /** Sanitised SVG markup ready to inline, with labels in the given language; undefined for an unknown diagram. */
  inline(name: string, language: GuideLanguage): string | undefined {
    const key = `${language}:${name}`;
    const cached = this.inlined.get(key);
    if (cached !== undefined) return cached;
    const source = this.sources.get(name);
    if (source === undefined) return undefined;
    const markup = sanitizeSvg(source, { idPrefix: `diagram-${name}`, labels: this.labelsFor(name, language), rootClass: 'diagram-svg' });
    this.inlined.set(key, markup);
    return markup;
  }
}
