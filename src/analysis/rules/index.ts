import { asyncDunder } from './asyncDunder';
import { asyncioWaitMisuse } from './asyncioWaitMisuse';
import { awaitedPlainFunction } from './awaitedPlainFunction';
import { asyncWithoutAwait } from './asyncWithoutAwait';
import { blockingCalls } from './blockingCalls';
import { blockingHelpers } from './blockingHelpers';
import { busyWait } from './busyWait';
import { cancellationSuppressed } from './cancellationSuppressed';
import { cancellationSwallowed } from './cancellationSwallowed';
import { constantDeadline } from './constantDeadline';
import { coroutineNeverAwaited } from './coroutineNeverAwaited';
import { danglingTask } from './danglingTask';
import { exceptionGroupDerive } from './exceptionGroupDerive';
import { exceptionGroupFlattening } from './exceptionGroupFlattening';
import { exceptStarAttribute } from './exceptStarAttribute';
import { gatherExceptionsIgnored } from './gatherExceptionsIgnored';
import { getEventLoopInCoroutine } from './getEventLoopInCoroutine';
import { getEventLoopWithoutLoop } from './getEventLoopWithoutLoop';
import { loopStartedInNotebook } from './loopStartedInNotebook';
import { loopWithoutAwait } from './loopWithoutAwait';
import { nestedEventLoop } from './nestedEventLoop';
import { overlongSleep } from './overlongSleep';
import { positionalRunners } from './positionalRunners';
import { removedAsyncioApi } from './removedAsyncioApi';
import type { Rule } from './rule';
import { limiterPerCall } from './limiterPerCall';
import { spinningLoop } from './spinningLoop';
import { taskGroupMisuse } from './taskGroupMisuse';
import { threadUnsafeAsyncio } from './threadUnsafeAsyncio';
import { timeoutParameter } from './timeoutParameter';
import { timeoutWithoutAwait } from './timeoutWithoutAwait';
import { unboundedConcurrency } from './unboundedConcurrency';
import { urllib3Request } from './urllib3Request';
import { userBlockingCalls } from './userBlockingCalls';
import { waitForWithoutTimeout } from './waitForWithoutTimeout';
import { wrongTaskArgument } from './wrongTaskArgument';
import { wrongIterationKind } from './wrongIterationKind';
import { wrongWithKind } from './wrongWithKind';
import { yieldInContext } from './yieldInContext';

/** Every rule of the engine. A new rule is one module plus one line here. */
export const RULES: readonly Rule[] = [
  blockingCalls,
  blockingHelpers,
  urllib3Request,
  userBlockingCalls,
  coroutineNeverAwaited,
  danglingTask,
  wrongTaskArgument,
  nestedEventLoop,
  loopStartedInNotebook,
  getEventLoopInCoroutine,
  getEventLoopWithoutLoop,
  removedAsyncioApi,
  busyWait,
  loopWithoutAwait,
  spinningLoop,
  limiterPerCall,
  cancellationSwallowed,
  cancellationSuppressed,
  waitForWithoutTimeout,
  asyncioWaitMisuse,
  wrongWithKind,
  wrongIterationKind,
  yieldInContext,
  timeoutWithoutAwait,
  timeoutParameter,
  asyncWithoutAwait,
  taskGroupMisuse,
  overlongSleep,
  constantDeadline,
  unboundedConcurrency,
  gatherExceptionsIgnored,
  exceptionGroupFlattening,
  exceptStarAttribute,
  exceptionGroupDerive,
  asyncDunder,
  threadUnsafeAsyncio,
  positionalRunners,
  awaitedPlainFunction,
];
