/**
 * The guide's rule reference (media/guide/<lang>/rules/<CODE>.md): one section per code and language,
 * and every code block in it does what its fence says.
 *
 * Fences: ```python bad  — the mistake: compiles, and the engine reports the section's code on it;
 *         ```python      — the fix: compiles and lints clean with every code switched on;
 *         ```python run  — a demonstration: runs and exits 0 under /usr/bin/python3 within RUN_LIMIT_MS;
 *         `notebook` added to `bad` or the fix — a notebook cell: top-level `await` compiles, and it is linted
 *         as notebook code (inside a running event loop).
 * The English and Chinese files of a code hold the same code blocks, in the same order, with the same
 * info strings: Python blocks are compared token by token with comments dropped and string literals
 * blanked (so comments and printed text may be translated), other blocks must be identical.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import MarkdownIt from 'markdown-it';
import { listCodes } from '../../src/analysis/index';
import type { AnalyzerOptions } from '../../src/analysis/options';
import type { SeveritySetting } from '../../src/analysis/types';
import { settingsToOptions, type Settings } from '../../src/settings';
import { engine, REPO_ROOT } from '../support/engine';
import { hasPython, PYTHON, runPython } from '../support/python';

const GUIDE_DIR = path.join(REPO_ROOT, 'media', 'guide');
const LANGUAGES = ['en', 'zh-cn'] as const;
type Language = (typeof LANGUAGES)[number];

/** The codes of the rule catalog (shared/spec/rules.md); some rules may not be in the engine yet. */
const CATALOG_CODES = [
  'ASYNC200', 'ASYNC210', 'ASYNC211', 'ASYNC212', 'ASYNC220', 'ASYNC221', 'ASYNC222', 'ASYNC230', 'ASYNC231',
  'ASYNC232', 'ASYNC240', 'ASYNC250', 'ASYNC251', 'AIO200', 'AIO201', 'AIO202', 'AIO203', 'AIO204', 'AIO205',
  'AIO100', 'ASYNC300', 'AIO101', 'AIO102', 'AIO103', 'ASYNC103', 'ASYNC104', 'AIO104', 'AIO105', 'AIO106', 'AIO107',
  'AIO108', 'ASYNC110', 'ASYNC100', 'ASYNC109', 'ASYNC124', 'ASYNC121', 'ASYNC112', 'ASYNC119', 'AIO109', 'AIO110',
];

/** Chapters of the guide a rule section may link to, as `(#id)`. */
const CHAPTER_IDS = new Set([
  'sync-vs-async/two-worlds', 'coroutines/await', 'event-loop/mechanism', 'event-loop/scheduling', 'tasks/create-task',
  'tasks/taskgroup', 'tasks/background-tasks', 'tasks/cancellation', 'patterns/concurrency-limits',
  'patterns/error-handling', 'patterns/timeouts', 'patterns/blocking-code', 'patterns/sync-primitives',
  'patterns/producer-consumer', 'patterns/context-managers-iterators', 'ecosystem/libraries', 'performance/pitfalls',
  'performance/debugging',
]);

/** The line of a section that states the default severity, per language. */
const DEFAULT_SEVERITY_LINE: Record<Language, RegExp> = {
  en: /^- Default severity: `(error|warning|information|hint|off)`/m,
  'zh-cn': /^- 默认级别：`(error|warning|information|hint|off)`/m,
};

/** The line naming other tools' codes for the same check (accepted in `# noqa`), when there are any. */
const ALIASES_LINE: Record<Language, RegExp> = {
  en: /^- Aliases: (.*)$/m,
  'zh-cn': /^- 别名：(.*)$/m,
};

function statedDefault(section: Section): string | undefined {
  return DEFAULT_SEVERITY_LINE[section.language].exec(section.text)?.[1];
}

function statedAliases(section: Section): string[] {
  const line = ALIASES_LINE[section.language].exec(section.text)?.[1] ?? '';
  return [...line.matchAll(/`([A-Z]+[0-9]+)`/g)].map((match) => match[1]).sort();
}

/**
 * A ceiling that catches a demonstration that hangs, not a speed goal: on a busy CI machine starting
 * Python alone can take seconds.
 */
const RUN_LIMIT_MS = 60_000;

interface Fence {
  info: string;
  flags: string[];
  language: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

interface Section {
  code: string;
  language: Language;
  file: string;
  text: string;
  fences: Fence[];
  links: string[];
}

const markdown = new MarkdownIt();

function readSection(code: string, language: Language): Section {
  const file = path.join(GUIDE_DIR, language, 'rules', `${code}.md`);
  const text = fs.readFileSync(file, 'utf8');
  const tokens = markdown.parse(text, {});
  const fences: Fence[] = tokens
    .filter((token) => token.type === 'fence')
    .map((token) => {
      const [fenceLanguage = '', ...flags] = token.info.trim().split(/\s+/);
      return { info: token.info.trim(), flags, language: fenceLanguage, code: token.content, line: (token.map?.[0] ?? 0) + 1 };
    });
  const links = tokens
    .flatMap((token) => token.children ?? [])
    .filter((token) => token.type === 'link_open')
    .map((token) => String(token.attrGet('href') ?? ''));
  return { code, language, file, text, fences, links };
}

function sectionFiles(language: Language): string[] {
  const dir = path.join(GUIDE_DIR, language, 'rules');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

const engineCodes = new Map(listCodes().map((info) => [info.code, info]));
const allCodes = [...new Set([...CATALOG_CODES, ...engineCodes.keys()])].sort();

/**
 * The settings a section shows in a ```jsonc block (ASYNC200 reports only the calls configured there), so the
 * examples are checked with exactly the configuration the reader is told to write.
 */
function shownSettings(section: Section): Settings {
  const settings: Record<string, unknown> = {};
  for (const fence of section.fences.filter((candidate) => candidate.language === 'jsonc' || candidate.language === 'json')) {
    const json = parseJsonc(fence.code, [], { allowTrailingComma: true }) as Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(json ?? {})) {
      if (key.startsWith('pythonAsyncGuide.')) settings[key.slice('pythonAsyncGuide.'.length)] = value;
    }
  }
  return settings as Settings;
}

/** Every code on (opt-in ones too), so a fix cannot trade one finding for another. */
function everyCodeOn(section: Section): AnalyzerOptions {
  const severity: Record<string, SeveritySetting> = {};
  for (const known of allCodes) {
    const byDefault = engineCodes.get(known)?.defaultSeverity ?? 'warning';
    severity[known] = byDefault === 'off' ? 'warning' : byDefault;
  }
  return { ...settingsToOptions(shownSettings(section), 'en'), severity };
}

function describeFence(section: Section, fence: Fence): string {
  return `${path.relative(REPO_ROOT, section.file)}:${fence.line} (\`\`\`${fence.info})`;
}

interface PythonCheck {
  error: string | null;
  tokens: string | null;
}

/**
 * Compiles each source and reduces it to its token stream without comments, with strings blanked:
 * one interpreter for every block of the guide.
 */
const CHECK_SCRIPT = `
import ast, io, json, sys, tokenize
results = []
for source, notebook in json.load(sys.stdin):
    try:
        compile(source, "<guide>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT if notebook else 0)
    except SyntaxError as error:
        results.append({"error": f"line {error.lineno}: {error.msg}", "tokens": None})
        continue
    kept = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL):
            continue
        kept.append("<str>" if token.type == tokenize.STRING else token.string if token.string.strip() else tokenize.tok_name[token.type])
    results.append({"error": None, "tokens": " ".join(kept)})
json.dump(results, sys.stdout)
`;

const isNotebook = (fence: Fence) => fence.flags.includes('notebook');

function checkPythonSources(fences: Fence[]): PythonCheck[] {
  const sources = fences.map((fence) => [fence.code, isNotebook(fence)]);
  const result = spawnSync(PYTHON, ['-c', CHECK_SCRIPT], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`python check failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as PythonCheck[];
}

const present = (code: string, language: Language) => fs.existsSync(path.join(GUIDE_DIR, language, 'rules', `${code}.md`));

describe('guide rule reference (media/guide/*/rules)', () => {
  describe('coverage', () => {
    for (const language of LANGUAGES) {
      it(`${language}: one section for every code, and nothing else`, () => {
        const expected = allCodes.map((code) => `${code}.md`);
        const actual = sectionFiles(language);
        assert.deepEqual(expected.filter((name) => !actual.includes(name)), [], 'missing sections');
        assert.deepEqual(actual.filter((name) => !expected.includes(name)), [], 'files that are no code');
      });
    }
  });

  for (const code of allCodes) {
    describe(code, () => {
      const sections = () => LANGUAGES.filter((language) => present(code, language)).map((language) => readSection(code, language));
      const info = engineCodes.get(code);

      for (const language of LANGUAGES) {
        it(`${language}: title, settings line, suppression and links`, function () {
          if (!present(code, language)) this.skip();
          const section = readSection(code, language);
          assert.match(section.text.split('\n')[0], new RegExp(`^# ${code} — \\S`), 'first line is "# CODE — title"');
          const stated = statedDefault(section);
          assert.ok(stated, `states the default severity as ${DEFAULT_SEVERITY_LINE[language]}`);
          if (info) assert.equal(stated, info.defaultSeverity, 'stated default severity matches the engine');
          if (info) assert.deepEqual(statedAliases(section), [...(info.aliases ?? [])].sort(), `aliases stated as ${ALIASES_LINE[language]} match the engine`);
          assert.ok(section.text.includes(`# noqa: ${code}`), 'shows the noqa comment');
          assert.ok(section.text.includes('pythonAsyncGuide.severity'), 'names the severity setting');
          for (const href of section.links) {
            const target = href.startsWith('#') ? href.slice(1) : undefined;
            const ok = href.startsWith('https://') || (target !== undefined && (CHAPTER_IDS.has(target) || (target.startsWith('rules/') && allCodes.includes(target.slice(6)))));
            assert.ok(ok, `link ${href} points to a known chapter or rule`);
          }
          const kinds = section.fences.filter((fence) => fence.language === 'python').map((fence) => fence.flags.filter((flag) => flag !== 'notebook').join(' '));
          assert.ok(kinds.includes('bad'), 'has a ```python bad block');
          assert.ok(kinds.includes(''), 'has a ```python block with the fix');
          for (const fence of section.fences) {
            assert.ok(fence.language !== 'python' || fence.flags.every((flag) => flag === 'bad' || flag === 'run' || flag === 'notebook'), `unknown fence flags in ${describeFence(section, fence)}`);
          }
        });
      }

      it('both languages hold the same code blocks', function () {
        if (!LANGUAGES.every((language) => present(code, language))) this.skip();
        const [english, chinese] = LANGUAGES.map((language) => readSection(code, language));
        assert.deepEqual(chinese.fences.map((fence) => fence.info), english.fences.map((fence) => fence.info), 'same blocks in the same order');
        assert.equal(statedDefault(chinese), statedDefault(english), 'same default severity');
        assert.deepEqual(statedAliases(chinese), statedAliases(english), 'same aliases');
        const linkSet = (section: Section) => [...new Set(section.links)].sort();
        assert.deepEqual(linkSet(chinese), linkSet(english), 'links to the same chapters and rules');
        const python = (section: Section) => section.fences.filter((fence) => fence.language === 'python');
        const [englishChecks, chineseChecks] = [english, chinese].map((section) => checkPythonSources(python(section)));
        python(english).forEach((fence, index) => {
          assert.equal(chineseChecks[index].tokens, englishChecks[index].tokens, `code differs beyond comments and strings: ${describeFence(english, fence)}`);
        });
        english.fences.forEach((fence, index) => {
          if (fence.language !== 'python') assert.equal(chinese.fences[index].code, fence.code, `block differs: ${describeFence(english, fence)}`);
        });
      });

      it('every Python block compiles', function () {
        if (!hasPython() || sections().length === 0) this.skip();
        for (const section of sections()) {
          const fences = section.fences.filter((fence) => fence.language === 'python');
          checkPythonSources(fences).forEach((check, index) => {
            assert.equal(check.error, null, `${describeFence(section, fences[index])} does not compile`);
          });
        }
      });

      it('the fixes lint clean with every code on', async function () {
        if (sections().length === 0) this.skip();
        for (const section of sections()) {
          const analyzer = await engine(everyCodeOn(section));
          for (const fence of section.fences.filter((candidate) => candidate.language === 'python' && candidate.flags.every((flag) => flag === 'notebook'))) {
            const result = analyzer.lint(fence.code, { inRunningLoop: isNotebook(fence) });
            result.tree?.delete();
            assert.deepEqual(result.ruleErrors, []);
            const findings = result.findings.map((finding) => `${finding.range.start.line + 1}: ${finding.code} ${finding.message}`);
            assert.deepEqual(findings, [], `${describeFence(section, fence)} is not clean`);
          }
        }
      });

      const notYet = info ? '' : ' (skipped: the engine does not declare this code yet)';
      it(`the mistakes are reported as ${code}${notYet}`, async function () {
        // A rule lands in the engine separately; its blocks are still compiled, compared and run meanwhile.
        if (!info || sections().length === 0) this.skip();
        for (const section of sections()) {
          const analyzer = await engine(everyCodeOn(section));
          for (const fence of section.fences.filter((candidate) => candidate.language === 'python' && candidate.flags.includes('bad'))) {
            const result = analyzer.lint(fence.code, { inRunningLoop: isNotebook(fence) });
            result.tree?.delete();
            const codes = result.findings.map((finding) => finding.code);
            assert.ok(codes.includes(code), `${describeFence(section, fence)} reports [${codes.join(', ')}], not ${code}`);
          }
        }
      });

      it('the demonstrations run', function () {
        if (!hasPython() || sections().length === 0) this.skip();
        this.timeout(LANGUAGES.length * 4 * RUN_LIMIT_MS);
        for (const section of sections()) {
          for (const fence of section.fences.filter((candidate) => candidate.language === 'python' && candidate.flags.includes('run'))) {
            const started = Date.now();
            const run = runPython(fence.code, { timeoutMs: RUN_LIMIT_MS });
            assert.ok(!run.timedOut, `${describeFence(section, fence)} ran longer than ${RUN_LIMIT_MS} ms`);
            assert.equal(run.status, 0, `${describeFence(section, fence)} failed after ${Date.now() - started} ms:\n${run.stderr}`);
          }
        }
      });
    });
  }
});
