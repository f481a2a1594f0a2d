// The extension keeps UI only (guide, snippets, commands, status); the engine runs in the language server.
// An import that pulls the rules into the extension's bundle would load them twice and slow activation.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../support/engine';

describe('extension bundle', function () {
  this.timeout(120_000);

  it('holds no engine module beyond the message texts and the guide-page names', async () => {
    const result = await build({
      entryPoints: [path.join(REPO_ROOT, 'src', 'extension.ts')],
      absWorkingDir: REPO_ROOT,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['vscode'],
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    const engineModules = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('src/analysis/'));
    assert.deepEqual(engineModules.sort(), ['src/analysis/guideSection.ts', 'src/analysis/l10n.ts']);
  });
});
