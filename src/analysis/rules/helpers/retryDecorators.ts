import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { callArguments, field, isAsyncFunction } from '../../syntax';
import { decoratorName, decoratorParts, decoratorsOf } from './functions';

/**
 * Retry decorators that sleep with `time.sleep` between the attempts of a sync function, and the
 * keywords of which one must be given for a wait (`undefined`: every use waits). tenacity's default wait
 * is none, and so are retrying's and retry's; backoff always waits. On an `async def` they all sleep
 * with `asyncio.sleep`.
 */
const RETRY_DECORATORS: Record<string, readonly string[] | undefined> = {
  'tenacity.retry': ['wait'],
  'retrying.retry': ['wait_fixed', 'wait_random_min', 'wait_random_max', 'wait_exponential_multiplier', 'wait_incrementing_start', 'wait_incrementing_increment', 'wait_func'],
  'retry.retry': ['delay'],
  'backoff.on_exception': undefined,
  'backoff.on_predicate': undefined,
};

/** The decorator of a sync def that retries it after a blocking sleep (`@tenacity.retry(wait=...)`), and its name. */
export function sleepingRetry(model: SemanticModel, definition: SyntaxNode): { decorator: SyntaxNode; name: string } | undefined {
  if (isAsyncFunction(definition)) return undefined;
  for (const decorator of decoratorsOf(definition)) {
    const name = decoratorName(model, decorator);
    if (!name || !(name in RETRY_DECORATORS)) continue;
    const waits = RETRY_DECORATORS[name];
    const expression = decoratorParts(decorator)?.expression;
    const call = expression?.type === 'call' ? expression : undefined;
    if (waits === undefined || (call && givesKeyword(call, waits))) return { decorator, name };
  }
  return undefined;
}

function givesKeyword(call: SyntaxNode, keywords: readonly string[]): boolean {
  const args = callArguments(call);
  return args.hasSplat || keywords.some((keyword) => args.keywords.has(keyword));
}

/** `fetch` of `def fetch(...)`, for the condition's text. */
export function retriedName(definition: SyntaxNode): string {
  return field(definition, 'name')?.text ?? '';
}
