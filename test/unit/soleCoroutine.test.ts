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

  it('a public coroutine of a module that is no program: run alone when the module itself runs it, else it may be awaited elsewhere', async () => {
    const library = SCRIPT.replace('if __name__ == "__main__":\n    ', 'def run():\n    ');
    const [runHere] = (await engine()).lint(library).findings;
    assert.equal(runHere.severity, 'information');
    assert.match(runHere.message, /`asyncio\.run\(main\(\)\)` runs nothing else/);
    const [awaitedElsewhere] = (await engine()).lint(SCRIPT.replace(/\nif __name__[\s\S]*$/, '\n')).findings;
    assert.equal(awaitedElsewhere.severity, 'warning');
  });

  it('a use only Pythons before 3.7 reach does not count against the root', async () => {
    const library = SCRIPT.replace(
      'if __name__ == "__main__":\n    asyncio.run(main())',
      'def run():\n    if sys.version_info >= (3, 7):\n        return asyncio.run(main())\n    loop = asyncio.get_event_loop()\n    return loop.run_until_complete(main())',
    ).replace('import asyncio', 'import asyncio\nimport sys');
    const [finding] = (await engine()).lint(library).findings;
    assert.equal(finding.severity, 'information');
    const everywhere = library.replace('if sys.version_info >= (3, 7):', 'if sys.platform == "win32":');
    const [shared] = (await engine()).lint(everywhere).findings;
    assert.equal(shared.severity, 'warning');
  });

  it('a task started anywhere on the loop keeps the warning', async () => {
    const withTask = SCRIPT.replace('async def main():\n', 'async def main():\n    asyncio.create_task(asyncio.sleep(1))\n');
    const [finding] = (await engine()).lint(withTask).findings.filter((f) => f.code === 'ASYNC230');
    assert.equal(finding.severity, 'warning');
    assert.doesNotMatch(finding.message, /own loop/);
  });
});
