/**
 * The oldest Python each asyncio feature the guide shows needs. One table drives the badges on code
 * blocks and inline API names, and the sample runner, which skips a sample on an older Python.
 * The guide covers Python 3.9 to 3.14 (GUIDE_PYTHON_RANGE).
 */
export const GUIDE_PYTHON_RANGE = { oldest: '3.9', newest: '3.14' } as const;

interface VersionedFeature {
  since: string;
  /** Matches the feature in a code sample. */
  inCode: RegExp;
  /** Inline code spans (`asyncio.TaskGroup`) that name it in prose. */
  names: string[];
}

const FEATURES: VersionedFeature[] = [
  { since: '3.10', inCode: /\baclosing\b/, names: ['contextlib.aclosing', 'aclosing'] },
  { since: '3.10', inCode: /(?<![.\w])a(?:next|iter)\(/, names: ['anext', 'aiter', 'anext()', 'aiter()'] },
  { since: '3.11', inCode: /\bTaskGroup\b/, names: ['asyncio.TaskGroup', 'TaskGroup'] },
  { since: '3.11', inCode: /\basyncio\.timeout(?:_at)?\(|\bfrom asyncio import [^\n]*\btimeout\b/, names: ['asyncio.timeout', 'asyncio.timeout_at', 'asyncio.timeout()', 'timeout_at'] },
  { since: '3.11', inCode: /\bRunner\(/, names: ['asyncio.Runner', 'Runner'] },
  { since: '3.11', inCode: /\bexcept\s*\*|\bExceptionGroup\b/, names: ['except*', 'ExceptionGroup', 'BaseExceptionGroup'] },
  { since: '3.11', inCode: /\.(?:cancelling|uncancel)\(\)/, names: ['task.cancelling()', 'task.uncancel()', 'cancelling()', 'uncancel()'] },
  { since: '3.12', inCode: /\beager_task_factory\b|\beager_start\b/, names: ['asyncio.eager_task_factory', 'asyncio.create_eager_task_factory', 'eager_start'] },
  { since: '3.13', inCode: /\bQueueShutDown\b|\bqueue\.shutdown\(/, names: ['asyncio.QueueShutDown', 'asyncio.Queue.shutdown', 'Queue.shutdown()', 'queue.shutdown()'] },
  { since: '3.13', inCode: /\.(?:close_clients|abort_clients)\(/, names: ['server.close_clients()', 'server.abort_clients()'] },
  { since: '3.14', inCode: /\b(?:capture|print|format)_call_graph\b/, names: ['asyncio.capture_call_graph', 'asyncio.print_call_graph', 'asyncio.format_call_graph'] },
];

const BY_NAME = new Map(FEATURES.flatMap((feature) => feature.names.map((name) => [name, feature.since] as const)));

export function compareVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** The oldest Python that can run `code`, if it needs more than the guide's oldest. */
export function requiredPython(code: string): string | undefined {
  let needed: string | undefined;
  for (const feature of FEATURES) {
    if (feature.inCode.test(code) && (!needed || compareVersions(feature.since, needed) > 0)) needed = feature.since;
  }
  return needed;
}

/** The Python an API named in an inline code span needs, if it is newer than the guide's oldest. */
export function apiSince(name: string): string | undefined {
  return BY_NAME.get(name.trim());
}
