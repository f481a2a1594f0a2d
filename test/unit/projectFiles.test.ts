import * as assert from 'node:assert/strict';
import { MAX_PROJECT_FILES, projectFolder, projectModules, type FolderEntry } from '../../src/analysis/projectFiles';

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
