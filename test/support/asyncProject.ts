/**
 * Modules that look like real asyncio code, generated from a seed: helpers that call each other
 * (some blocking), coroutines and classes that use them, tasks kept or dropped, module-level state,
 * `global`, aliases, decorators, noqa comments and a `__main__` block. For tests that must not
 * depend on ../shared/corpus but need its variety (the session test edits them line by line).
 */
import { randomFrom } from './random';

const HEADER = [
  'import asyncio',
  'import functools',
  'import subprocess',
  'import time',
  'from pathlib import Path',
  '',
  'import requests',
  '',
  'nap = time.sleep',
  '_background: set = set()',
  'counter = 0',
  '',
];

/** Statements a sync helper may hold; `{callee}` is another helper. */
const HELPER_LINES = [
  '    value = {callee}(value)',
  '    time.sleep(0.1)',
  '    nap(0.2)',
  '    subprocess.run(["ls"], check=False)',
  '    value = Path("x").read_text() + str(value)',
  '    value = [item for item in range(3) if item]',
  '    requests.get("https://example.com", timeout=5)',
  '    value = len(str(value))',
];

/** Statements of a coroutine; `{helper}`, `{method}` and `{cls}` name other parts of the module. */
const COROUTINE_LINES = [
  '    result = {helper}(1)',
  '    await asyncio.sleep(0.1)',
  '    task = asyncio.create_task(asyncio.sleep(1))',
  '    _background.add(asyncio.create_task(asyncio.sleep(2)))',
  '    asyncio.create_task(asyncio.sleep(3))',
  '    await asyncio.to_thread({helper}, 2)',
  '    service = {cls}()',
  '    await service.{method}()',
  '    await asyncio.gather(asyncio.sleep(1), asyncio.sleep(2))',
  '    time.sleep(0.5)  # noqa: ASYNC251',
  '    loop = asyncio.get_event_loop()',
  '    try:\n        await asyncio.wait_for(asyncio.sleep(1), None)\n    except asyncio.CancelledError:\n        pass',
  '    while True:\n        if {helper}(3):\n            break\n        await asyncio.sleep(0)',
  '    async with asyncio.timeout(1):\n        pass',
  '    with open("log.txt") as handle:\n        handle.write("x")',
  '    global counter\n    counter += 1',
];

const METHOD_LINES = [
  '        self.client.get("https://example.com")',
  '        await asyncio.sleep(0.1)',
  '        {helper}(4)',
  '        self.value = {helper}(5)',
  '        async with self.lock:\n            await asyncio.sleep(0)',
  '        asyncio.create_task(self.{method}())',
  '        return await asyncio.to_thread({helper}, 6)',
];

/** One module of about `units` top-level definitions, the same for the same seed. */
export function generateAsyncProject(seed: number, units = 24): string {
  const random = randomFrom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const helpers: string[] = [];
  const classes: { name: string; methods: string[] }[] = [];
  const out = [...HEADER];
  const fill = (line: string) =>
    line
      .replace(/\{callee\}/g, helpers.length > 0 ? pick(helpers) : 'str')
      .replace(/\{helper\}/g, helpers.length > 0 ? pick(helpers) : 'len')
      .replace(/\{cls\}/g, classes.length > 0 ? pick(classes).name : 'object')
      .replace(/\{method\}/g, () => (classes.length > 0 ? pick(pick(classes).methods) : 'close'));
  for (let unit = 0; unit < units; unit++) {
    const kind = random();
    if (kind < 0.4 || helpers.length === 0) {
      const name = `helper_${unit}`;
      if (random() < 0.3) out.push('@functools.lru_cache');
      out.push(`def ${name}(value):`);
      for (let i = 1 + Math.floor(random() * 3); i > 0; i--) out.push(fill(pick(HELPER_LINES)));
      out.push('    return value', '', '');
      helpers.push(name);
    } else if (kind < 0.75) {
      out.push(`async def task_${unit}():`);
      for (let i = 1 + Math.floor(random() * 4); i > 0; i--) out.push(fill(pick(COROUTINE_LINES)));
      out.push('', '');
    } else {
      const name = `Service${unit}`;
      const methods = [`run_${unit}`, `refresh_${unit}`];
      classes.push({ name, methods });
      out.push(`class ${name}:`, `    """Service ${unit}."""`, '', '    def __init__(self):', '        self.client = requests.Session()', '        self.lock = asyncio.Lock()', '        self.value = 0', '');
      for (const method of methods) {
        out.push(`    async def ${method}(self):`);
        for (let i = 1 + Math.floor(random() * 3); i > 0; i--) out.push(fill(pick(METHOD_LINES)));
        out.push('');
      }
      out.push('    @staticmethod', `    def build_${unit}():`, `        return ${pick(helpers)}(7)`, '', '');
    }
  }
  out.push('async def main():', `    await ${classes.length > 0 ? `${classes[0].name}().${classes[0].methods[0]}()` : 'asyncio.sleep(0)'}`, '', '', 'if __name__ == "__main__":', '    asyncio.run(main())', '');
  return out.join('\n');
}
