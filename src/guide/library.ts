import * as path from 'node:path';
import { ApiIndex } from './apiIndex';
import { loadGuide } from './content';
import { DiagramStore } from './diagrams';
import { loadLoopTraces, traceFor, type LoopTraces } from './loopTrace';
import { loadRecordedOutputs, recordingFor } from './recordedOutputs';
import { renderSection, type CodeBlock, type RenderedSection } from './render';
import { buildSearchIndex, type SearchIndex } from './search';
import { renderLabels } from './strings';
import { sectionsInOrder, type Guide, type GuideLanguage } from './types';

/** The guide of one language, rendered once and kept: sections, search index, API index. */
export interface LoadedGuide {
  guide: Guide;
  rendered: ReadonlyMap<string, RenderedSection>;
  search: SearchIndex;
  apis: ApiIndex;
  firstSection: string | undefined;
}

/**
 * The guide's content under `media/`: Markdown in `media/guide`, diagrams in
 * `media/guide/diagrams`. Loaded lazily, once per language.
 */
export class GuideLibrary {
  private readonly loaded = new Map<GuideLanguage, LoadedGuide>();
  private diagrams: DiagramStore | undefined;
  private traces: LoopTraces | undefined;

  constructor(
    private readonly guideDir: string,
    private readonly diagramDir = path.join(guideDir, 'diagrams'),
  ) {}

  static forMedia(mediaDir: string): GuideLibrary {
    return new GuideLibrary(path.join(mediaDir, 'guide'));
  }

  get(language: GuideLanguage): LoadedGuide {
    let entry = this.loaded.get(language);
    if (!entry) {
      entry = this.load(language);
      this.loaded.set(language, entry);
    }
    return entry;
  }

  private load(language: GuideLanguage): LoadedGuide {
    this.diagrams ??= DiagramStore.load(this.diagramDir);
    const guide = loadGuide(this.guideDir, language);
    const outputs = loadRecordedOutputs(this.guideDir, language);
    const traces = (this.traces ??= loadLoopTraces(this.guideDir));
    const context = {
      language,
      recordedOutput: (section: string, block: number, code: string) => recordingFor(outputs, section, block, code),
      loopTrace: (section: string, code: string) => traceFor(traces, section, code),
      diagrams: this.diagrams,
      sectionExists: (id: string) => guide.sections.has(id),
      labels: renderLabels(language),
    };
    const rendered = new Map(sectionsInOrder(guide).map((section) => [section.id, renderSection(section, context)] as const));
    return { guide, rendered, search: buildSearchIndex(guide), apis: new ApiIndex(guide), firstSection: sectionsInOrder(guide)[0]?.id };
  }
}

/** A code block of a loaded guide, if the section and the index exist. */
export function codeBlockOf(loaded: LoadedGuide, section: string, block: number): CodeBlock | undefined {
  return loaded.rendered.get(section)?.codeBlocks[block];
}
