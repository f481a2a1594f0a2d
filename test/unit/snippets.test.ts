import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { loadSnippetCatalog, SNIPPET_LANGUAGES, type PatternSnippet } from '../../src/snippets/catalog';
import { expandSnippet } from '../../src/snippets/expand';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { engine, REPO_ROOT } from '../support/engine';
import { hasModule, hasPython } from '../support/python';
import { compilePython, composeProgram, inContext, listHarnessIds, readHarness, runHarness } from '../support/snippetHarness';

describe('snippet expander (VS Code snippet syntax)', () => {
  const text = (body: string, options = {}) => expandSnippet(body, options).text;

  it('expands tab stops to their defaults; a bare tab stop is empty', () => {
    assert.equal(text('a$1b${2}c${3:three}'), 'abcthree');
  });

  it('gives every placeholder of an index the first default of that index (mirrors)', () => {
    assert.equal(text('${1:name} = $1'), 'name = name');
    assert.equal(text('$1 = ${1:name} ${1:other}'), 'name = name name');
  });

  it('expands nested placeholders and mirrors inside defaults', () => {
    assert.equal(text('${1:a ${2:b} c} $2'), 'a b c b');
    assert.equal(text('${2:x} ${1:y $2}'), 'x y x');
  });

  it('takes the first choice, also for mirrors, and unescapes \\, \\| \\\\ in choices', () => {
    assert.equal(text('${1|one,two|} $1'), 'one one');
    assert.equal(text('${1|a\\,b,c|}'), 'a,b');
    assert.deepEqual(expandSnippet('${1|x,y|}').choices, { 1: ['x', 'y'] });
  });

  it('unescapes \\$ \\} \\\\ and keeps other backslashes', () => {
    assert.equal(text('\\$1 \\} \\\\ \\n'), '$1 } \\ \\n');
    assert.equal(text('${1:f"{x\\}"}'), 'f"{x}"');
    assert.equal(text('{a}'), '{a}');
  });

  it('leaves malformed or unterminated constructs as text, as VS Code does', () => {
    assert.equal(text('${1:abc'), '${1:abc');
    assert.equal(text('${1 x}'), '${1 x}');
    assert.equal(text('cost $ 5 ${'), 'cost $ 5 ${');
    assert.equal(text('${1|a,b}'), '${1|a,b}');
  });

  it('resolves variables, uses defaults when unresolved, reports unknown ones', () => {
    assert.equal(text('$TM_FILENAME_BASE ${TM_FILENAME}'), 'example example.py');
    assert.equal(text('${TM_SELECTED_TEXT:${1:await work()}}'), 'await work()');
    assert.equal(text('${TM_SELECTED_TEXT:x}', { variables: { TM_SELECTED_TEXT: 'picked' } }), 'picked');
    assert.equal(text('[$TM_SELECTED_TEXT]'), '[]');
    const unknown = expandSnippet('$HOME ${USER:me}');
    assert.equal(unknown.text, 'HOME me');
    assert.deepEqual(unknown.unknownVariables, ['HOME']);
    assert.equal(expandSnippet('${TM_SELECTED_TEXT:a}').usesSelection, true);
  });

  it('uses typed values for a tab stop and its mirrors', () => {
    assert.equal(text('${1:a} $1 ${2:b}', { values: { 1: 'x' } }), 'x x b');
  });

  it('turns leading tabs into the indent unit and indents continuation lines', () => {
    assert.equal(text('if x:\n\ty\n\t\tz', { indentUnit: '  ' }), 'if x:\n  y\n    z');
    assert.equal(text('a\n\n\tb', { baseIndent: '    ' }), 'a\n\n        b');
  });

  it('lists tab stops and rejects transforms', () => {
    assert.deepEqual(expandSnippet('$2 ${1:a} $0').tabStops, [0, 1, 2]);
    assert.throws(() => expandSnippet('${1/(.*)/${1:/upcase}/}'), /transforms are not supported/);
  });
});

/** Guide sections a snippet may name: from the guide's table of contents once it exists. */
const FALLBACK_SECTIONS = [
  'sync-vs-async/two-worlds', 'coroutines/lifecycle', 'coroutines/await', 'event-loop/mechanism', 'event-loop/scheduling',
  'event-loop/manual-loop', 'tasks/create-task', 'tasks/taskgroup', 'tasks/background-tasks', 'tasks/cancellation',
  'patterns/concurrency-limits', 'patterns/error-handling', 'patterns/timeouts', 'patterns/retry', 'patterns/producer-consumer',
  'patterns/blocking-code', 'patterns/sync-primitives', 'patterns/context-managers-iterators', 'ecosystem/libraries',
  'ecosystem/frameworks', 'performance/pitfalls', 'performance/debugging', 'performance/metrics', 'practice/crawler',
  'practice/chat-server', 'practice/tcp-server',
];

function guideSections(): { source: string; ids: Set<string> } {
  const toc = path.join(REPO_ROOT, 'media', 'guide', 'toc.json');
  if (!fs.existsSync(toc)) return { source: 'the section list of issue 5', ids: new Set(FALLBACK_SECTIONS) };
  const ids = new Set<string>();
  const collect = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    const id = (value as { id?: unknown }).id;
    if (typeof id === 'string' && id.includes('/')) ids.add(id);
    Object.values(value).forEach(collect);
  };
  collect(JSON.parse(fs.readFileSync(toc, 'utf8')));
  return { source: 'media/guide/toc.json', ids };
}

/** APIs newer than Python 3.9, which a snippet may use only if it says it needs that version. */
const NEWER_APIS: Array<{ pattern: RegExp; since: string; name: string }> = [
  { pattern: /\basyncio\.timeout(_at)?\(/, since: '3.11', name: 'asyncio.timeout' },
  { pattern: /\basyncio\.TaskGroup\b/, since: '3.11', name: 'asyncio.TaskGroup' },
  { pattern: /\basyncio\.Runner\b/, since: '3.11', name: 'asyncio.Runner' },
  { pattern: /\basyncio\.Barrier\b/, since: '3.11', name: 'asyncio.Barrier' },
  { pattern: /\.cancelling\(\)|\.uncancel\(\)/, since: '3.11', name: 'Task.cancelling/uncancel' },
  { pattern: /\baclosing\b/, since: '3.10', name: 'contextlib.aclosing' },
  { pattern: /(^|[^.\w])a(iter|next)\(/m, since: '3.10', name: 'aiter()/anext()' },
  { pattern: /\beager_task_factory\b/, since: '3.12', name: 'asyncio.eager_task_factory' },
  { pattern: /\bQueueShutDown\b|\bqueue\.shutdown\(/, since: '3.13', name: 'Queue.shutdown' },
];

const versionNumber = (version: string): number => Number(version.split('.')[1]);

interface RuffDiagnostic {
  code: string | null;
  message: string;
  start_location: { row: number; column: number };
}
interface RuffWorkspace {
  check(contents: string): RuffDiagnostic[];
}
interface RuffModule {
  Workspace: new (options: unknown, encoding: number) => RuffWorkspace;
  PositionEncoding: { Utf16: number };
}

/** Ruff (a dev dependency) as a second opinion: version-aware syntax, pyflakes, flake8-async, bugbear. */
function ruffFor(pythonVersion: string, statements: boolean): RuffWorkspace {
  const ruff = createRequire(__filename)('@astral-sh/ruff-wasm-nodejs') as RuffModule;
  // Stand-in names (fetch, connect…) are defined by the user's code; a statements snippet continues it.
  const ignore = ['F821', ...(statements ? ['F401', 'F841'] : [])];
  return new ruff.Workspace(
    { 'target-version': `py3${versionNumber(pythonVersion)}`, lint: { select: ['E9', 'F', 'PLE', 'ASYNC', 'B', 'RUF006'], ignore } },
    ruff.PositionEncoding.Utf16,
  );
}

function syntaxProblems(node: SyntaxNode, firstLine: number, found: string[] = []): string[] {
  if (node.isError || node.isMissing) {
    found.push(`${node.isMissing ? `missing ${node.type}` : 'syntax error'} at snippet line ${node.startPosition.row - firstLine + 1}`);
  } else if (node.hasError) {
    for (const child of node.children) syntaxProblems(child, firstLine, found);
  }
  return found;
}

describe('pattern snippets (snippets/source → contributed snippets)', function () {
  const catalog = loadSnippetCatalog(REPO_ROOT);
  const tally = { ran: 0, compileOnly: 0, skipped: [] as string[] };

  after(() => {
    const skipped = tally.skipped.length ? `, skipped ${tally.skipped.length} (${tally.skipped.join('; ')})` : '';
    console.log(`      snippets run for real: ${tally.ran}, compile-only: ${tally.compileOnly}${skipped}, of ${catalog.length}`);
  });

  it('has a harness for every snippet and a snippet for every harness', () => {
    const ids = catalog.map((snippet) => snippet.id).sort();
    assert.deepEqual(listHarnessIds(), ids, 'test/fixtures/snippets/<id>.py must match snippets/source/<id>.snippet one to one');
  });

  it('contributes one Python snippet file per display language, matching the catalog', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const contributed = manifest.contributes.snippets as Array<{ language: string; path: string }>;
    assert.deepEqual(contributed, [{ language: 'python', path: '%snippets.python%' }]);
    for (const lang of SNIPPET_LANGUAGES) {
      const nlsFile = lang === 'en' ? 'package.nls.json' : `package.nls.${lang}.json`;
      const snippetPath = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, nlsFile), 'utf8'))['snippets.python'] as string;
      assert.ok(snippetPath, `${nlsFile} has no "snippets.python"`);
      const file = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, snippetPath), 'utf8')) as Record<string, { prefix: string; description: string; body: string[] }>;
      assert.deepEqual(Object.keys(file).sort(), catalog.map((s) => s.title[lang]).sort(), `${snippetPath}: titles`);
      for (const snippet of catalog) {
        const entry = file[snippet.title[lang]];
        assert.equal(entry.prefix, snippet.prefix);
        assert.equal(entry.body.join('\n'), snippet.body);
        assert.ok(entry.description.startsWith(snippet.description[lang]) && entry.description.includes(`Python ${snippet.python}+`), `${snippetPath}: ${snippet.prefix} description`);
      }
    }
  });

  it('names a guide section for every snippet', () => {
    const { source, ids } = guideSections();
    for (const snippet of catalog) assert.ok(ids.has(snippet.section), `${snippet.prefix}: section "${snippet.section}" is not in ${source}`);
  });

  it('uses one prefix family and distinct prefixes', () => {
    for (const snippet of catalog) assert.match(snippet.prefix, /^aio-[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.equal(new Set(catalog.map((s) => s.prefix)).size, catalog.length);
  });

  for (const snippet of catalog) {
    describeSnippet(snippet, tally);
  }
});

function describeSnippet(snippet: PatternSnippet, tally: { ran: number; compileOnly: number; skipped: string[] }): void {
  describe(`${snippet.prefix} (${snippet.id}, Python ${snippet.python}+)`, () => {
    const expansion = expandSnippet(snippet.body);
    const context = inContext(snippet);

    it('expands cleanly: no unknown variables, numbered tab stops with choices where offered', () => {
      assert.deepEqual(expansion.unknownVariables, [], 'an unescaped $ in the code? write \\$');
      assert.ok(expansion.tabStops.some((index) => index > 0), 'a snippet should have at least one tab stop');
      assert.ok(!/\$\{?\d/.test(expansion.text), 'leftover tab stop syntax in the expansion');
    });

    it('parses with tree-sitter without ERROR or MISSING nodes', async () => {
      const analyzer = await engine();
      const result = analyzer.lint(context.code);
      try {
        assert.deepEqual(syntaxProblems(result.tree!.rootNode, context.firstLine), [], context.code);
      } finally {
        result.tree?.delete();
      }
    });

    it('is reported clean by the lint engine', async () => {
      const analyzer = await engine();
      const result = analyzer.lint(context.code, { file: `${snippet.id}.py` });
      result.tree?.delete();
      assert.deepEqual(result.ruleErrors, []);
      const findings = result.findings.map((f) => `${f.code} at snippet line ${f.range.start.line - context.firstLine + 1}: ${f.message}`);
      assert.deepEqual(findings, [], context.code);
    });

    it(`passes Ruff's checks for Python ${snippet.python} (syntax, pyflakes, flake8-async, bugbear)`, () => {
      const diagnostics = ruffFor(snippet.python, snippet.kind === 'statements').check(context.code);
      const problems = diagnostics.map((d) => `${d.code ?? 'syntax'} at snippet line ${d.start_location.row - context.firstLine}: ${d.message}`);
      assert.deepEqual(problems, [], context.code);
    });

    it(`uses no API newer than Python ${snippet.python}`, () => {
      for (const api of NEWER_APIS) {
        if (api.pattern.test(expansion.text)) {
          assert.ok(versionNumber(snippet.python) >= versionNumber(api.since), `${api.name} needs Python ${api.since}; the snippet says ${snippet.python}`);
        }
      }
    });

    it('compiles with CPython', function () {
      if (!hasPython()) this.skip();
      const result = compilePython(context.code);
      assert.equal(result.status, 0, result.stderr);
    });

    const harness = readHarness(snippet.id);
    if (harness?.mode === 'compile-only') {
      it(`compiles in its harness (compile-only: ${harness.reason})`, function () {
        if (!hasPython()) this.skip();
        const result = compilePython(composeProgram(harness, snippet));
        assert.equal(result.status, 0, result.stderr);
        tally.compileOnly++;
      });
      return;
    }

    it('runs in its harness and does what it says', function () {
      assert.ok(harness, `no harness test/fixtures/snippets/${snippet.id}.py`);
      const missing = snippet.requires.find((name) => !hasModule(name));
      if (!hasPython() || missing) {
        tally.skipped.push(`${snippet.prefix}: ${missing ? `no ${missing}` : 'no Python'}`);
        this.skip();
      }
      this.timeout(harness.timeoutMs + 10_000);
      const run = runHarness(harness, snippet);
      const output = `\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
      assert.ok(!run.timedOut, `timed out after ${harness.timeoutMs} ms${output}`);
      assert.equal(run.status, 0, `exit status${output}`);
      if (harness.stderr) assert.match(run.stderr, harness.stderr, output);
      else assert.equal(run.stderr, '', `unexpected stderr${output}`);
      if (harness.stdout) assert.match(run.stdout, harness.stdout, output);
      tally.ran++;
    });
  });
}
