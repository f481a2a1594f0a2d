import * as assert from 'node:assert/strict';
import { engine } from '../support/engine';

const SCRIPT = `import asyncio


async def main():
    with open("tokens.json") as file:
        return file.read()


if __name__ == "__main__":
    asyncio.run(main())
`;

describe('sole coroutine (blocking calls on a loop that runs nothing else)', () => {
  it('names what runs the coroutine, in Chinese too', async () => {
    const [finding] = (await engine({ locale: 'zh-cn' })).lint(SCRIPT).findings;
    assert.equal(finding.code, 'ASYNC230');
    assert.equal(finding.severity, 'information');
    assert.match(finding.message, /它只阻塞自己的事件循环：`asyncio\.run\(main\(\)\)`/);
  });

  it('a severity the user set stays as set', async () => {
    const [finding] = (await engine({ severity: { ASYNC230: 'error' } })).lint(SCRIPT).findings;
    assert.equal(finding.severity, 'error');
  });

  it('a public coroutine of a module that is no program may be awaited elsewhere: the warning stays', async () => {
    const library = SCRIPT.replace('if __name__ == "__main__":\n    ', 'def run():\n    ');
    const [finding] = (await engine()).lint(library).findings;
    assert.equal(finding.severity, 'warning');
  });

  it('a task started anywhere on the loop keeps the warning', async () => {
    const withTask = SCRIPT.replace('async def main():\n', 'async def main():\n    asyncio.create_task(asyncio.sleep(1))\n');
    const [finding] = (await engine()).lint(withTask).findings.filter((f) => f.code === 'ASYNC230');
    assert.equal(finding.severity, 'warning');
    assert.doesNotMatch(finding.message, /own loop/);
  });
});
