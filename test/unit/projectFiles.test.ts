import * as assert from 'node:assert/strict';
import type { WorkspaceFiles } from '../../src/analysis/options';
import { createPythonParser } from '../../src/analysis/parser';
import { MAX_PROJECT_FILES, projectFolder, projectModules, type FolderEntry } from '../../src/analysis/projectFiles';
import { ModuleLoader } from '../../src/analysis/workspace';
import { WASM_DIR } from '../support/engine';

/** Drives the walk over an in-memory tree: folders are the prefixes of the paths. */
function walk(files: string[], project: string): string[] | undefined {
  const entriesOf = (folder: string): FolderEntry[] => {
    const names = new Map<string, boolean>();
    for (const file of files) {
      if (!file.startsWith(`${folder}/`)) continue;
      const [name, ...rest] = file.slice(folder.length + 1).split('/');
      names.set(name, rest.length > 0);
    }
    return [...names].map(([name, isDirectory]) => ({ name, isDirectory, isFile: !isDirectory }));
  };
  const modules = projectModules(project);
  let step = modules.next();
  while (!step.done) step = modules.next(entriesOf(step.value));
  return step.value;
}

describe('project files (the modules searched for the uses of a coroutine)', () => {
  it('finds the nearest folder with a project marker, else the workspace folder', () => {
    const files = new Set(['/w/services/api/pyproject.toml', '/w/tools/requirements.txt']);
    const isFile = (path: string) => files.has(path);
    assert.equal(projectFolder('/w/services/api/app/main.py', ['/w'], isFile), '/w/services/api');
    assert.equal(projectFolder('/w/tools/sync.py', ['/w/'], isFile), '/w/tools');
    assert.equal(projectFolder('/w/scripts/run.py', ['/w'], isFile), '/w');
    assert.equal(projectFolder('/elsewhere/run.py', ['/w'], isFile), undefined, 'outside every workspace folder');
  });

  it("lists the project's modules in a fixed order, without environments, caches or installed packages", () => {
    const files = [
      '/p/b.py', '/p/a.py', '/p/pkg/__init__.py', '/p/pkg/mod.py', '/p/notes.txt', '/p/stubs/mod.pyi',
      '/p/.venv/lib/x.py', '/p/env/pyvenv.cfg', '/p/env/lib/python3.11/site-packages/y.py', '/p/node_modules/z.py',
      '/p/vendor/site-packages/w.py', '/p/pkg/__pycache__/mod.py',
    ];
    assert.deepEqual(walk(files, '/p'), ['/p/a.py', '/p/b.py', '/p/pkg/__init__.py', '/p/pkg/mod.py']);
  });

  it('gives up on a project too large to search', () => {
    const files = Array.from({ length: MAX_PROJECT_FILES + 1 }, (_, index) => `/big/m${index}.py`);
    assert.equal(walk(files, '/big'), undefined);
    assert.equal(walk(files.slice(1), '/big')?.length, MAX_PROJECT_FILES);
  });
});

describe("whether another module of the project spells a word (ModuleLoader.projectSpells)", () => {
  const modules = new Map([
    ['/p/app.py', 'from .jobs import run_job\n\nasync def handler():\n    run_job()\n'],
    ['/p/jobs.py', 'def run_job():\n    only_here = 1\n'],
    ['/p/cli.py', 'import sys\nrun_job = None\n'],
  ]);
  const loaderOver = async (unchanging: boolean) => {
    const parser = await createPythonParser(WASM_DIR);
    const files: WorkspaceFiles = { resolveModule: () => undefined, readFile: (file) => modules.get(file), projectModules: () => [...modules.keys()], unchanging };
    return new ModuleLoader(parser, files);
  };

  it('gives the same answers over files that do not change (one index per project) as over files that may', async () => {
    const [indexed, scanned] = await Promise.all([loaderOver(true), loaderOver(false)]);
    const asked = (loader: ModuleLoader) =>
      ['/p/app.py', '/p/jobs.py', '/p/elsewhere.py'].flatMap((file) => ['run_job', 'only_here', 'handler', 'sys', 'missing'].map((word) => `${file} ${word} ${loader.projectSpells(file, word)}`));
    assert.deepEqual(asked(indexed), asked(scanned));
    assert.equal(indexed.projectSpells('/p/jobs.py', 'only_here'), false, 'only the module itself spells it');
    assert.equal(indexed.projectSpells('/p/app.py', 'only_here'), true);
    assert.equal(indexed.projectSpells('/p/elsewhere.py', 'sys'), true, 'a file outside the project: any module of it counts');
  });
});
