import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, openFixture, waitForCodes, waitForDiagnostics, withSettings } from './util';

const { Error: ERROR, Warning: WARNING, Information: INFORMATION } = vscode.DiagnosticSeverity;
const CJK = /[\u4e00-\u9fff]/;

function severities(diagnostics: readonly vscode.Diagnostic[]): vscode.DiagnosticSeverity[] {
  return diagnostics.map((diagnostic) => diagnostic.severity);
}

describe('Settings change the diagnostics at once', () => {
  let uri: vscode.Uri;

  beforeEach(async () => {
    uri = (await openFixture('blocking.py')).document.uri;
    await waitForCodes(uri, ['ASYNC251', 'ASYNC210']);
  });

  afterEach(closeAllEditors);

  const withSeverities = (expected: vscode.DiagnosticSeverity[], description: string) =>
    waitForDiagnostics(uri, (diagnostics) => severities(diagnostics).join() === expected.join(), description);

  it('pythonAsyncGuide.severity makes a code an error, and the default comes back when the setting is removed', async () => {
    await withSettings({ severity: { ASYNC251: 'error' } }, async () => {
      await withSeverities([ERROR, WARNING], 'ASYNC251 as an error, ASYNC210 unchanged');
    });
    await withSeverities([WARNING, WARNING], 'both back to warnings');
  });

  it('pythonAsyncGuide.severity "off" hides a code', async () => {
    await withSettings({ severity: { ASYNC251: 'off' } }, async () => {
      await waitForCodes(uri, ['ASYNC210']);
    });
    await waitForCodes(uri, ['ASYNC251', 'ASYNC210']);
  });

  it('pythonAsyncGuide.severity applies a prefix to every code under it', async () => {
    await withSettings({ severity: { ASYNC2: 'information' } }, async () => {
      await withSeverities([INFORMATION, INFORMATION], 'every ASYNC2xx as information');
    });
  });

  it('pythonAsyncGuide.enable false clears the findings, true brings them back', async () => {
    await withSettings({ enable: false }, async () => {
      await waitForCodes(uri, []);
    });
    await waitForCodes(uri, ['ASYNC251', 'ASYNC210']);
  });

  it('pythonAsyncGuide.exclude clears the findings of matching files', async () => {
    await withSettings({ exclude: ['**/blocking.py'] }, async () => {
      await waitForCodes(uri, []);
    });
    await waitForCodes(uri, ['ASYNC251', 'ASYNC210']);
  });

  it('pythonAsyncGuide.language "zh-cn" shows the messages in Chinese', async () => {
    const [english] = await waitForCodes(uri, ['ASYNC251', 'ASYNC210']);
    assert.doesNotMatch(english.message, CJK);
    await withSettings({ language: 'zh-cn' }, async () => {
      const [chinese] = await waitForDiagnostics(uri, (diagnostics) => CJK.test(diagnostics[0]?.message ?? ''), 'a Chinese message');
      assert.match(chinese.message, /time\.sleep/, 'the call as written stays in the message');
    });
    await waitForDiagnostics(uri, (diagnostics) => diagnostics[0]?.message === english.message, 'the English message again');
  });
});
