import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { engine } from '../support/engine';
import {
  GUIDE_DIR,
  GUIDE_LANGUAGES,
  listSectionFiles,
  pythonFences,
  readSection,
  readToc,
  SAMPLE_FLAGS,
  tocSectionIds,
  type CodeFence,
  type GuideLanguage,
  type SectionDocument,
} from '../support/guideContent';
import { PYTHON } from '../support/python';
import { GuideLibrary } from '../../src/guide/library';
import { loadRecordedOutputs, recordingFor } from '../../src/guide/recordedOutputs';
import { compareVersions, requiredPython } from '../../src/guide/versions';
import { analyzeSamples, runSample, RUN_WARNING_PATTERNS, type SampleAnalysis } from '../support/pythonSamples';

/** The APIs the editor follows to the guide: each needs exactly one home section. */
const APIS_WITH_A_HOME = [
  'asyncio.Semaphore',
  'asyncio.wait_for',
  'asyncio.timeout',
  'asyncio.gather',
  'asyncio.create_task',
  'asyncio.TaskGroup',
  'asyncio.to_thread',
  'asyncio.run',
  'asyncio.Queue',
  'asyncio.Lock',
  'asyncio.Event',
  'asyncio.shield',
  'asyncio.AbstractEventLoop.run_in_executor',
];

/** APIs newer than the Python the samples run on (3.11): explained in the guide, not importable here. */
const NEWER_THAN_311 = new Set(['asyncio.eager_task_factory', 'asyncio.create_eager_task_factory', 'asyncio.Queue.shutdown', 'asyncio.QueueShutDown']);

/** A ceiling, not a wait: samples finish in a second or two, but debug mode on a busy machine is many times slower. */
const RUN_TIMEOUT_MS = 60_000;
/** `3.11`: the Python the samples run under (Debian's python3, or PYTHON_ASYNC_GUIDE_PYTHON). */
const SAMPLE_PYTHON_VERSION = spawnSync(PYTHON, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).stdout.trim() || '0.0';
const SECTION_ID = /^[a-z0-9-]+\/[a-z0-9-]+$/;

const toc = readToc();
const sectionIds = tocSectionIds(toc);
const documents = new Map<GuideLanguage, SectionDocument[]>(
  GUIDE_LANGUAGES.map((language) => [language, listSectionFiles(language).map((id) => readSection(language, id))]),
);

function allDocuments(): SectionDocument[] {
  return [...documents.values()].flat();
}

function where(document: SectionDocument, fence?: CodeFence): string {
  return `${document.language}/${document.id}.md${fence ? `:${fence.line}` : ''}`;
}

describe('guide content (media/guide)', () => {
  describe('table of contents and files', () => {
    it('toc.json has chapters of sections, each with both titles and its chapter as id prefix', () => {
      assert.ok(toc.chapters.length > 0);
      for (const chapter of toc.chapters) {
        assert.match(chapter.id, /^[a-z0-9-]+$/);
        assert.ok(chapter.title.en && chapter.title['zh-cn'], `chapter ${chapter.id} needs both titles`);
        assert.ok(chapter.sections.length > 0, `chapter ${chapter.id} has no sections`);
        for (const section of chapter.sections) {
          assert.match(section.id, SECTION_ID);
          assert.ok(section.id.startsWith(`${chapter.id}/`), `${section.id} is not in chapter ${chapter.id}`);
          assert.ok(section.title.en && section.title['zh-cn'], `section ${section.id} needs both titles`);
          assert.ok(Array.isArray(section.apis), `section ${section.id} needs an apis array`);
        }
      }
      assert.equal(new Set(sectionIds).size, sectionIds.length, 'duplicate section id');
      assert.ok(!toc.chapters.some((chapter) => chapter.id === 'rules'), 'rule sections are appended by the webview, not listed');
    });

    it('both languages have exactly the sections of the toc', () => {
      for (const language of GUIDE_LANGUAGES) {
        assert.deepEqual(listSectionFiles(language), [...sectionIds].sort(), `${language} files differ from toc.json`);
      }
    });

    it('every section starts with a "# Title" line', () => {
      for (const document of allDocuments()) {
        assert.match(document.text, /^# \S/, `${where(document)} must start with "# Title"`);
        assert.equal(document.headingLevels.filter((level) => level === 1).length, 1, `${where(document)} has more than one # title`);
      }
    });

    it('each API the editor follows has exactly one home section', () => {
      const homes = new Map<string, string[]>();
      for (const section of toc.chapters.flatMap((chapter) => chapter.sections)) {
        for (const api of section.apis) homes.set(api, [...(homes.get(api) ?? []), section.id]);
      }
      for (const [api, sections] of homes) assert.equal(sections.length, 1, `${api} is listed in ${sections.join(', ')}`);
      for (const api of APIS_WITH_A_HOME) assert.ok(homes.has(api), `${api} has no home section`);
    });

    it('listed APIs exist in asyncio (or are documented as newer than Python 3.11)', function () {
      const apis = toc.chapters.flatMap((chapter) => chapter.sections.flatMap((section) => section.apis));
      for (const api of apis) assert.match(api, /^asyncio(\.[A-Za-z_]+)+$/, `${api} is not a dotted asyncio name`);
      const check = spawnSync(PYTHON, ['-c', RESOLVE_NAMES], { input: JSON.stringify(apis.filter((api) => !NEWER_THAN_311.has(api))), encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
      assert.deepEqual(JSON.parse(check.stdout), [], 'names asyncio does not have');
    });
  });

  describe('links, diagrams and structure', () => {
    it('section links, rule links and diagrams point to things that exist', () => {
      const problems: string[] = [];
      for (const document of allDocuments()) {
        for (const link of document.links) {
          if (!link.startsWith('#')) {
            if (!/^https:\/\//.test(link)) problems.push(`${where(document)}: link "${link}" is neither #section nor https`);
            continue;
          }
          const target = link.slice(1);
          const exists = target.startsWith('rules/')
            ? fs.existsSync(path.join(GUIDE_DIR, document.language, `${target}.md`))
            : sectionIds.includes(target);
          if (!exists) problems.push(`${where(document)}: link to missing section ${link}`);
        }
        for (const image of document.images) {
          if (!/^diagrams\/[a-z0-9-]+\.svg$/.test(image)) problems.push(`${where(document)}: image "${image}" is not diagrams/<name>.svg`);
          else if (!fs.existsSync(path.join(GUIDE_DIR, image))) problems.push(`${where(document)}: diagram ${image} not drawn yet`);
        }
      }
      assert.deepEqual(problems, []);
    });

    it('both languages share the same structure: headings, diagrams, links and code fences', () => {
      for (const id of sectionIds) {
        const [english, chinese] = GUIDE_LANGUAGES.map((language) => documents.get(language)?.find((document) => document.id === id));
        if (!english || !chinese) continue; // reported by the file test
        assert.deepEqual(chinese.headingLevels, english.headingLevels, `${id}: heading outline differs`);
        assert.deepEqual(chinese.images, english.images, `${id}: diagrams differ`);
        const sectionLinks = (document: SectionDocument) => [...new Set(document.links.filter((link) => link.startsWith('#')))].sort();
        assert.deepEqual(sectionLinks(chinese), sectionLinks(english), `${id}: links to sections differ`);
        const kinds = (document: SectionDocument) => document.fences.map((fence) => [fence.language, ...fence.flags].join(' '));
        assert.deepEqual(kinds(chinese), kinds(english), `${id}: code fences differ`);
      }
    });

    it('Chinese paragraphs have no line break between two CJK characters (it renders as a stray space)', () => {
      const cjk = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;
      const markdown = new MarkdownIt();
      const root = path.join(GUIDE_DIR, 'zh-cn');
      const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.md'));
      const broken: string[] = [];
      for (const file of files) {
        for (const token of markdown.parse(fs.readFileSync(path.join(root, file), 'utf8'), {})) {
          const children = token.type === 'inline' ? (token.children ?? []) : [];
          children.forEach((child, index) => {
            if (child.type !== 'softbreak') return;
            const before = children[index - 1]?.content ?? '';
            const after = children[index + 1]?.content ?? '';
            if (cjk.test(before.slice(-1)) && cjk.test(after.slice(0, 1))) broken.push(`zh-cn/${file}:${(token.map?.[0] ?? 0) + 1}: …${before.slice(-8)}⏎${after.slice(0, 8)}…`);
          });
        }
      }
      assert.deepEqual(broken, [], 'join these lines: markdown turns the line break into a space between the two characters');
    });

    it('code fences name a language; Python fences use only the known flags; fragments say why', () => {
      for (const document of allDocuments()) {
        for (const fence of document.fences) {
          assert.ok(fence.language, `${where(document, fence)}: fence without a language`);
          assert.notEqual(fence.language, 'mermaid', `${where(document, fence)}: mermaid is not rendered offline, use diagrams/*.svg`);
          assert.notEqual(fence.language, 'py', `${where(document, fence)}: write python, not py`);
          if (fence.language !== 'python') continue;
          for (const flag of fence.flags) assert.ok((SAMPLE_FLAGS as readonly string[]).includes(flag), `${where(document, fence)}: unknown flag ${flag}`);
          if (fence.flags.includes('fragment')) {
            assert.match(fence.htmlBefore ?? '', /<!--[\s\S]*\S[\s\S]*-->/, `${where(document, fence)}: a fragment needs an HTML comment giving the reason`);
          }
        }
      }
    });
  });

  describe('Python samples', () => {
    const samples = allDocuments().flatMap((document) =>
      pythonFences(document)
        .filter((fence) => !fence.flags.includes('fragment'))
        .map((fence) => ({ document, fence })),
    );
    let analyses = new Map<CodeFence, SampleAnalysis>();

    before(function () {
      const results = analyzeSamples(samples.map((sample) => sample.fence.code));
      analyses = new Map(samples.map((sample, index) => [sample.fence, results[index]]));
    });

    it('every sample compiles with the system Python', () => {
      const errors = samples
        .map(({ document, fence }) => ({ at: where(document, fence), error: analyses.get(fence)?.error }))
        .filter((result) => result.error)
        .map((result) => `${result.at}: ${result.error}`);
      assert.deepEqual(errors, []);
    });

    it('both languages show the same code (only comments and strings differ)', () => {
      for (const id of sectionIds) {
        const [english, chinese] = GUIDE_LANGUAGES.map((language) => documents.get(language)?.find((document) => document.id === id));
        if (!english || !chinese) continue;
        const shapes = (document: SectionDocument) => pythonFences(document).map((fence) => analyses.get(fence)?.shape ?? fence.code);
        const [englishShapes, chineseShapes] = [shapes(english), shapes(chinese)];
        assert.equal(chineseShapes.length, englishShapes.length, `${id}: number of Python samples differs`);
        englishShapes.forEach((shape, index) => assert.equal(chineseShapes[index], shape, `${id}: Python sample #${index + 1} differs between languages`));
      }
    });

    it('samples lint clean unless marked bad', async () => {
      const analyzer = await engine({});
      const problems: string[] = [];
      for (const { document, fence } of samples) {
        if (fence.flags.includes('bad')) continue;
        const result = analyzer.lint(fence.code);
        result.tree?.delete();
        for (const error of result.ruleErrors) problems.push(`${where(document, fence)}: rule error ${error.message}`);
        for (const finding of result.findings) problems.push(`${where(document, fence)}+${finding.range.start.line + 1}: ${finding.code} ${finding.message}`);
      }
      assert.deepEqual(problems, []);
    });

    it('each exercise shows a broken program the linter flags and a fixed one it does not', async () => {
      const analyzer = await engine({});
      const exercises = allDocuments().filter((document) => document.id.endsWith('/exercises'));
      assert.ok(exercises.length >= 5, 'exercise sections');
      for (const document of exercises) {
        const broken = pythonFences(document).filter((fence) => fence.flags.includes('bad') && !fence.flags.includes('run'));
        assert.ok(broken.length > 0, `${where(document)}: no broken program to fix`);
        for (const fence of broken) {
          const result = analyzer.lint(fence.code);
          result.tree?.delete();
          assert.ok(result.findings.length > 0, `${where(document, fence)}: the linter does not flag this broken program`);
        }
      }
    });

    it('every runnable sample has its expected output recorded from its current code (npm run guide:outputs)', () => {
      const library = GuideLibrary.forMedia(path.join(GUIDE_DIR, '..'));
      const missing: string[] = [];
      for (const language of GUIDE_LANGUAGES) {
        const outputs = loadRecordedOutputs(GUIDE_DIR, language);
        for (const [id, rendered] of library.get(language).rendered) {
          rendered.codeBlocks.forEach((block, index) => {
            if (block.language !== 'python' || !block.flags.includes('run')) return;
            const since = requiredPython(block.code);
            if (since && compareVersions(SAMPLE_PYTHON_VERSION, since) < 0) return;
            if (!recordingFor(outputs, id, index, block.code)) missing.push(`${language}/${id} #${index}`);
          });
        }
      }
      assert.deepEqual(missing, [], 'run `npm run guide:outputs` to record the output of changed samples');
    });

    describe('runnable samples exit 0 within the time limit, without asyncio warnings', () => {
      for (const { document, fence } of samples.filter((sample) => sample.fence.flags.includes('run'))) {
        const since = requiredPython(fence.code);
        const tooOld = since !== undefined && compareVersions(SAMPLE_PYTHON_VERSION, since) < 0;
        const title = `${where(document, fence)}${since ? ` (Python ${since}+${tooOld ? `: skipped on ${SAMPLE_PYTHON_VERSION}` : ''})` : ''}`;
        it(title, function () {
          this.timeout(RUN_TIMEOUT_MS + 5_000);
          if (tooOld) this.skip();
          const missing = analyses.get(fence)?.missingModules ?? [];
          if (missing.length > 0) this.skip();
          const run = runSample(fence.code, RUN_TIMEOUT_MS);
          assert.ok(!run.timedOut, `timed out after ${RUN_TIMEOUT_MS} ms`);
          assert.equal(run.status, 0, run.stderr);
          if (!fence.flags.includes('bad')) {
            for (const pattern of RUN_WARNING_PATTERNS) assert.doesNotMatch(run.stderr, pattern, run.stderr);
          }
        });
      }
    });
  });
});

const RESOLVE_NAMES = String.raw`
import asyncio, json, sys
missing = []
for name in json.load(sys.stdin):
    target = asyncio
    for part in name.split(".")[1:]:
        target = getattr(target, part, None)
        if target is None:
            missing.append(name)
            break
json.dump(missing, sys.stdout)
`;
