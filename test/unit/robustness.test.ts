import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Parser, Tree } from 'web-tree-sitter';
import { createAnalyzer } from '../../src/analysis/index';
import { createPythonParser } from '../../src/analysis/parser';
import { ModuleLoader } from '../../src/analysis/workspace';
import type { WorkspaceFiles } from '../../src/analysis/options';
import { engine, REPO_ROOT, WASM_DIR } from '../support/engine';

const FLAGGED = 'import time\n\n\nasync def main():\n    time.sleep(1)\n';

/** Counts trees made by any parser and not deleted yet, while `work` runs. */
function liveTreesAfter(work: () => void): number {
  const parse = Parser.prototype.parse;
  const free = Tree.prototype.delete;
  const live = new Set<Tree>();
  Parser.prototype.parse = function (this: Parser, ...args: Parameters<Parser['parse']>) {
    const tree = parse.apply(this, args);
    if (tree) live.add(tree);
    return tree;
  };
  Tree.prototype.delete = function (this: Tree) {
    live.delete(this);
    free.call(this);
  };
  try {
    work();
  } finally {
    Parser.prototype.parse = parse;
    Tree.prototype.delete = free;
  }
  for (const tree of live) tree.delete();
  return live.size;
}

describe('robustness: memory, time budget, deep code', () => {
  it('the library frees every tree it parses (analyze and check)', async () => {
    const analyzer = await createAnalyzer();
    const live = liveTreesAfter(() => {
      for (let i = 0; i < 200; i++) {
        assert.equal(analyzer.analyze(FLAGGED).length, 1);
        assert.equal(analyzer.check(FLAGGED, 'app.py').findings.length, 1);
      }
    });
    assert.equal(live, 0);
  });

  it('skipReason answers without analysing (no tree is made)', async () => {
    const analyzer = await createAnalyzer();
    let reason: string | undefined = 'unset';
    assert.equal(
      liveTreesAfter(() => {
        reason = analyzer.skipReason(FLAGGED);
      }),
      0,
    );
    assert.equal(reason, undefined);
    assert.equal(analyzer.skipReason('x\u0000'), 'binary');
  });

  it('a file over the time budget is skipped with a message naming it and the budget', async () => {
    const analyzer = await createAnalyzer({ timeBudgetMs: 1 });
    const text = `import time\n${'async def f():\n    time.sleep(1)\n'.repeat(3000)}`;
    const result = analyzer.check(text, 'big.py');
    assert.equal(result.skipped, 'time-budget');
    assert.deepEqual(result.findings, []);
    assert.match(result.message ?? '', /big\.py.*time budget of 1 ms/);
    analyzer.configure({ timeBudgetMs: 60_000 });
    assert.equal(analyzer.check(text, 'big.py').findings.length, 3000);
  });

  it('a cancelled parse leaves the parser ready for the next file', async () => {
    const analyzer = await engine({ timeBudgetMs: 1 });
    const skipped = analyzer.lint('('.repeat(200_000));
    assert.equal(skipped.skipped, 'time-budget');
    analyzer.configure({});
    const result = analyzer.lint(FLAGGED);
    result.tree?.delete();
    assert.deepEqual(
      result.findings.map((finding) => finding.code),
      ['ASYNC251'],
    );
  });

  it('the module cache is bounded by syntax nodes, never frees a module the analysis holds, and frees what it evicts', async () => {
    const parser = await createPythonParser(WASM_DIR);
    const modules = new Map<string, string>();
    for (let i = 0; i < 30; i++) modules.set(`/ws/m${i}.py`, `def helper_${i}():\n${'    x = [1, 2, 3]\n'.repeat(40)}`);
    const files: WorkspaceFiles = { resolveModule: (name) => `/ws/${name}.py`, readFile: (file) => modules.get(file) };
    const loader = new ModuleLoader(parser, files, 3000);
    let perModule = 0;
    const live = liveTreesAfter(() => {
      for (let round = 0; round < 3; round++) {
        loader.startAnalysis();
        const loaded = [];
        for (let i = 0; i < 30; i++) {
          const module = loader.resolve(`m${i}`, '/ws/app.py');
          if (module) loaded.push(module);
        }
        // A module past the bound is parsed once per analysis, not once per import of it.
        const parse = Parser.prototype.parse;
        let parses = 0;
        Parser.prototype.parse = function (this: Parser, ...args: Parameters<Parser['parse']>) {
          parses++;
          return parse.apply(this, args);
        };
        try {
          for (let i = 0; i < 30; i++) loader.resolve(`m${i}`, '/ws/app.py');
        } finally {
          Parser.prototype.parse = parse;
        }
        assert.equal(parses, 0);
        perModule = loaded[0].model.root.descendantCount;
        // Within one analysis: as many modules as fit, every one still readable.
        assert.equal(loaded.length, Math.floor(3000 / perModule));
        for (const module of loaded) assert.equal(module.model.root.child(0)?.type, 'function_definition');
      }
      loader.startAnalysis();
      assert.ok(loader.cachedNodes <= 3000, `${loader.cachedNodes} nodes cached`);
      loader.dispose();
    });
    assert.ok(perModule > 100);
    assert.equal(live, 0);
  });

  describe('command line', () => {
    const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
    let dir: string;

    before(function () {
      if (!fs.existsSync(CLI)) this.skip();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-robust-'));
      fs.writeFileSync(path.join(dir, 'slow.py'), `import time\n${'async def f():\n    time.sleep(1)\n'.repeat(3000)}`);
      fs.writeFileSync(path.join(dir, 'app.py'), FLAGGED);
    });

    after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

    const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '' } });

    it('--time-budget: a file past it is named on stderr, JSON stays valid, exit 2', () => {
      const result = run(['check', '--format', 'json', '--time-budget', '1', 'slow.py', 'app.py']);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /slow\.py: analysing it took longer than the time budget of 1 ms/);
      const findings = JSON.parse(result.stdout) as Array<{ file: string }>;
      assert.ok(findings.every((finding) => !finding.file.endsWith('slow.py')));
    });

    it('a bad --time-budget is a usage error', () => {
      const result = run(['check', '--time-budget', 'soon', 'app.py']);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /Bad --time-budget "soon"/);
    });
  });
});
