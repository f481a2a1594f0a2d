import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as walkthrough from '../../src/walkthrough/commands';
import { REPO_ROOT } from '../support/engine';

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    walkthroughs: Array<{ steps: Array<{ id: string; description: string; media: { markdown: string }; completionEvents: string[] }> }>;
  };
}

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));

describe('Get started walkthrough (manifest)', () => {
  const manifest = read('package.json') as Manifest;
  const nls: Record<string, Record<string, string>> = { en: read('package.nls.json'), 'zh-cn': read('package.nls.zh-cn.json') };
  const steps = manifest.contributes.walkthroughs[0].steps;
  const commands = new Set(manifest.contributes.commands.map((entry) => entry.command));
  const contextKeys = new Set([walkthrough.HOVER_SHOWN, walkthrough.FIX_APPLIED, walkthrough.SEMAPHORE_INSERTED]);
  const key = (value: string) => /^%(.+)%$/.exec(value)?.[1] ?? '';

  it('every step has its media in English and Chinese', () => {
    for (const step of steps) {
      for (const language of ['en', 'zh-cn']) {
        const media = nls[language][key(step.media.markdown)];
        assert.ok(media && fs.existsSync(path.join(REPO_ROOT, media)), `${step.id} (${language}): ${media}`);
      }
    }
    assert.ok(fs.existsSync(path.join(REPO_ROOT, 'media', 'walkthrough', 'sample.py')));
    assert.ok(fs.existsSync(path.join(REPO_ROOT, 'media', 'walkthrough', 'sample.zh-cn.py')));
  });

  it('steps complete on commands the extension contributes, context keys it sets, or the fix-all setting', () => {
    for (const step of steps) {
      for (const event of step.completionEvents) {
        const [kind, target] = event.split(/:(.*)/s);
        if (kind === 'onCommand') assert.ok(commands.has(target), `${step.id}: ${event}`);
        else if (kind === 'onContext') assert.ok(contextKeys.has(target), `${step.id}: ${event}`);
        else assert.equal(event, 'onSettingChanged:editor.codeActionsOnSave', step.id);
      }
    }
  });

  it('the buttons of the steps run contributed commands, in both languages', () => {
    for (const step of steps) {
      for (const language of ['en', 'zh-cn']) {
        const description = nls[language][key(step.description)];
        const buttons = [...description.matchAll(/\]\(command:([\w.]+)\)/g)].map((match) => match[1]);
        assert.ok(buttons.length > 0 && buttons.every((command) => commands.has(command)), `${step.id} (${language}): ${buttons}`);
      }
    }
  });
});
