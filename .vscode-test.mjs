// @vscode/test-cli configuration (`npm run test:electron`): runs the integration suite in desktop
// VS Code downloaded by @vscode/test-electron, which needs access to Microsoft's update service.
// Without it, `npm run test:integration` runs the same suite in code-server (test/host/).
// Tests that drive the workbench page (screenshots, squiggles, the Problems panel) skip themselves here.
import { defineConfig } from '@vscode/test-cli';

/** Keep in step with MOCHA_OPTIONS in test/integration/index.ts. */
const mocha = { ui: 'bdd', timeout: 30_000, slow: 5_000 };

const common = {
  files: 'dist-test/integration/**/*.test.js',
  workspaceFolder: './test/integration/workspace',
  launchArgs: ['--disable-extensions', '--skip-welcome', '--skip-release-notes'],
  mocha,
};

export default defineConfig([
  { ...common, label: 'stable', version: 'stable' },
  // The oldest VS Code that package.json's engines.vscode accepts.
  { ...common, label: 'minimum', version: '1.100.0' },
]);
