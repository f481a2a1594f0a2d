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
];
