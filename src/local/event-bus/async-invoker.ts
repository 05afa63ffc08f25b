/**
 * Lambda's asynchronous invocation, for an in-process handler.
 *
 * What it keeps from Lambda: the event is accepted at once and queued; at most
 * `concurrency` attempts run together; a thrown error (or a timeout) is retried
 * `maximumRetryAttempts` times with growing delays, under the same request id;
 * an event older than `maximumEventAgeMs` is not attempted again; what finally
 * fails becomes one on-failure destination record. Throttling and service errors
 * do not exist locally, so their longer retry story is not simulated.
 */
import { randomUUID } from 'node:crypto';
import type { Callback, Context } from 'aws-lambda';
import {
  buildFailureRecord,
  errorPayloadOf,
  functionArnOf,
  type ErrorPayload,
  type FailureCondition,
  type FailureRecord,
} from '../../redrive/on-failure-record';
import { FailureStore } from './failure-store';
import type { EventLogger } from '../../event-processing/observability';
import { resolveLogger } from './logger';
import { DEFAULT_LOCAL_RETRY_DELAYS_MS, retryDelayFor, retryDelaysFromEnv } from './retry-delays';
import { LAMBDA_DEFAULT_MAX_EVENT_AGE_SECONDS, LAMBDA_DEFAULT_RETRY_ATTEMPTS } from './lambda-defaults';

/**
 * A Lambda handler as the project writes them. The event is `any` on purpose:
 * handlers typed for their own event (EventBridgeHandler<...>) must be accepted.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LocalLambdaHandler = (event: any, context: Context, callback: Callback) => unknown;

export type AttemptInfo = {
  requestId: string;
  functionName: string;
  attempt: number;
  durationMs: number;
  error?: ErrorPayload;
};

export type SettledInfo = {
  requestId: string;
  functionName: string;
  outcome: 'succeeded' | 'failed';
  condition?: FailureCondition;
  attempts: number;
  /** From acceptance to the end (success, or failure captured). */
  latencyMs: number;
};

export type InvocationOutcome = SettledInfo & {
  failure?: FailureRecord;
  /** Set when the on-failure capture could not be written: the failure is kept nowhere. */
  captureError?: string;
};

export type InvokerHooks = {
  onAttempt?: (info: AttemptInfo) => void;
  onSettled?: (info: SettledInfo) => void;
};

export type AsyncInvokerOptions = {
  functionName: string;
  handler: LocalLambdaHandler;
  /** From the function's EventInvokeConfig; Lambda's default is 2. */
  maximumRetryAttempts?: number;
  /** From MaximumEventAgeInSeconds; Lambda's default is 6 hours. */
  maximumEventAgeMs?: number;
  /** The function's Timeout; an attempt running longer counts as a failure. */
  timeoutMs?: number;
  /** Default 10. */
  concurrency?: number;
  /** Default: env LOCAL_RETRY_DELAY_MS, else 200 ms then 400 ms. */
  retryDelaysMs?: readonly number[];
  /** Where final failures go; default an in-memory store. */
  failureStore?: FailureStore;
  region?: string;
  account?: string;
  hooks?: InvokerHooks;
  logger?: EventLogger;
  quiet?: boolean;
};

export type InvokerStats = {
  /** Handler attempts started. */
  invocations: number;
  retries: number;
  succeeded: number;
  /** Events that ended in the on-failure capture. */
  failures: number;
  queued: number;
  running: number;
  waitingToRetry: number;
};

export type InvokeOptions = {
  /** false: a final failure is reported but not captured (redrive keeps the original). */
  captureFailure?: boolean;
  /**
   * A delivery resumed from the bus's journal keeps its request id, its acceptance
   * time (the event's age counts from there) and the attempts it already used.
   */
  requestId?: string;
  acceptedAt?: number;
  attempts?: number;
};

export type AsyncInvoker = {
  readonly functionName: string;
  readonly functionArn: string;
  /** Accepts the event (Lambda's 202) and returns at once. */
  invoke(event: unknown, options?: InvokeOptions): { requestId: string; settled: Promise<InvocationOutcome> };
  /** Resolves when nothing is queued, running, waiting to retry, or being written. */
  idle(): Promise<void>;
  /** Stops accepting events, then resolves when idle. */
  drain(): Promise<void>;
  stats(): InvokerStats;
  failures(): readonly FailureRecord[];
  readonly failureStore: FailureStore;
};

type Job = {
  requestId: string;
  event: unknown;
  acceptedAt: number;
  attempts: number;
  lastError?: ErrorPayload;
  captureFailure: boolean;
  resolve: (outcome: InvocationOutcome) => void;
};

export const createAsyncInvoker = (options: AsyncInvokerOptions): AsyncInvoker => {
  const {
    functionName,
    handler,
    maximumRetryAttempts = LAMBDA_DEFAULT_RETRY_ATTEMPTS,
    maximumEventAgeMs = LAMBDA_DEFAULT_MAX_EVENT_AGE_SECONDS * 1000,
    timeoutMs,
    concurrency = 10,
    region = 'us-east-1',
    account = '123456789012',
    hooks = {},
  } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const retryDelaysMs =
    options.retryDelaysMs ?? retryDelaysFromEnv(process.env.LOCAL_RETRY_DELAY_MS) ?? DEFAULT_LOCAL_RETRY_DELAYS_MS;
  const logger = resolveLogger(options.logger, options.quiet);
  const failureStore = options.failureStore ?? new FailureStore();
  const functionArn = functionArnOf(region, account, functionName);
  const tag = `[${functionName}]`;

  const queue: Job[] = [];
  let running = 0;
  let waitingToRetry = 0;
  let pending = 0; // accepted and not yet settled
  let accepting = true;
  let idleWaiters: (() => void)[] = [];
  const counters = { invocations: 0, retries: 0, succeeded: 0, failures: 0 };

  const notifyIfIdle = (): void => {
    if (pending > 0 || running > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    void failureStore.settled().then(() => waiters.forEach((resolve) => resolve()));
  };

  const settle = async (job: Job, outcome: 'succeeded' | 'failed', condition?: FailureCondition) => {
    const info: SettledInfo = {
      requestId: job.requestId,
      functionName,
      outcome,
      ...(condition ? { condition } : {}),
      attempts: job.attempts,
      latencyMs: Date.now() - job.acceptedAt,
    };
    let failure: FailureRecord | undefined;
    let captureError: string | undefined;
    if (outcome === 'failed' && condition) {
      counters.failures++;
      failure = buildFailureRecord({
        requestId: job.requestId,
        functionArn,
        condition,
        approximateInvokeCount: job.attempts,
        requestPayload: job.event,
        ...(job.lastError ? { lastError: job.lastError } : {}),
        at: new Date(),
      });
      logger.error(
        `${tag} ${job.requestId} failed for good (${condition} after ${job.attempts} attempt(s))` +
          (job.captureFailure ? '; captured as an on-failure record' : ''),
      );
      if (job.captureFailure) {
        try {
          await failureStore.append(failure);
        } catch (error) {
          captureError = String(error);
          logger.error(`${tag} could not write the on-failure capture: ${captureError}`);
        }
      }
    } else {
      counters.succeeded++;
    }
    safely(() => hooks.onSettled?.(info));
    job.resolve({ ...info, ...(failure ? { failure } : {}), ...(captureError ? { captureError } : {}) });
    pending--;
    notifyIfIdle();
  };

  const attempt = async (job: Job): Promise<void> => {
    if (Date.now() - job.acceptedAt > maximumEventAgeMs) {
      await settle(job, 'failed', 'EventAgeExceeded');
      return;
    }
    job.attempts++;
    counters.invocations++;
    const started = Date.now();
    let error: ErrorPayload | undefined;
    try {
      await runHandler(handler, job.event, contextFor(job, started), timeoutMs);
    } catch (thrown) {
      error = errorPayloadOf(thrown);
    }
    safely(() =>
      hooks.onAttempt?.({
        requestId: job.requestId,
        functionName,
        attempt: job.attempts,
        durationMs: Date.now() - started,
        ...(error ? { error } : {}),
      }),
    );
    if (!error) {
      await settle(job, 'succeeded');
      return;
    }
    job.lastError = error;
    const retriesDone = job.attempts - 1;
    if (retriesDone >= maximumRetryAttempts) {
      await settle(job, 'failed', 'RetriesExhausted');
      return;
    }
    const delay = retryDelayFor(retryDelaysMs, retriesDone + 1);
    logger.warn(
      `${tag} ${job.requestId} attempt ${job.attempts}/${maximumRetryAttempts + 1} failed: ` +
        `${error.errorType}: ${error.errorMessage}; retrying in ${delay} ms`,
    );
    counters.retries++;
    waitingToRetry++;
    // The slot is free while waiting: Lambda does not hold capacity between retries.
    setTimeout(() => {
      waitingToRetry--;
      queue.push(job);
      pump();
    }, delay);
  };

  const contextFor = (job: Job, started: number): Context =>
    lambdaContext({ functionName, functionArn, requestId: job.requestId, timeoutMs, started });

  const pump = (): void => {
    while (running < concurrency && queue.length > 0) {
      const job = queue.shift()!;
      running++;
      void attempt(job)
        .catch((error: unknown) => logger.error(`${tag} invoker bug: ${String(error)}`))
        .finally(() => {
          running--;
          pump();
          notifyIfIdle();
        });
    }
  };

  return {
    functionName,
    functionArn,
    failureStore,
    invoke(event, invokeOptions = {}) {
      if (!accepting) throw new Error(`${tag} the invoker is draining: no new events`);
      const requestId = invokeOptions.requestId ?? randomUUID();
      pending++;
      const settled = new Promise<InvocationOutcome>((resolve) => {
        queue.push({
          requestId,
          event,
          acceptedAt: invokeOptions.acceptedAt ?? Date.now(),
          attempts: invokeOptions.attempts ?? 0,
          captureFailure: invokeOptions.captureFailure ?? true,
          resolve,
        });
      });
      // Lambda never runs the handler inside the Invoke call itself.
      queueMicrotask(pump);
      return { requestId, settled };
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        notifyIfIdle();
      });
    },
    drain() {
      accepting = false;
      return this.idle();
    },
    stats: () => ({ ...counters, queued: queue.length, running, waitingToRetry }),
    failures: () => failureStore.records(),
  };
};

/** The context object Lambda hands a handler, for one invocation that began at `started`. */
export const lambdaContext = (invocation: {
  functionName: string;
  functionArn: string;
  requestId: string;
  timeoutMs: number | undefined;
  started: number;
}): Context => {
  const { functionName, functionArn, requestId, timeoutMs, started } = invocation;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn.replace(/:\$LATEST$/, ''),
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () =>
      timeoutMs === undefined ? Number.MAX_SAFE_INTEGER : Math.max(0, timeoutMs - (Date.now() - started)),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
};

/** Runs a promise-style or callback-style handler; a timeout counts as an error. */
export const runHandler = async (
  handler: LocalLambdaHandler,
  event: unknown,
  context: Context,
  timeoutMs: number | undefined,
): Promise<unknown> => {
  let timer: NodeJS.Timeout | undefined;
  const run = new Promise<unknown>((resolve, reject) => {
    const callback: Callback = (error, result) => (error ? reject(error) : resolve(result));
    const returned = handler(event, context, callback);
    // A handler declaring (event, context, callback) and not returning a promise answers via the callback.
    if (isThenable(returned)) returned.then(resolve, reject);
    else if (handler.length < 3) resolve(returned);
  });
  const limit =
    timeoutMs === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            // The handler keeps running in the background: a process cannot be frozen like a sandbox.
            const error = new Error(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
            error.name = 'Sandbox.Timedout';
            reject(error);
          }, timeoutMs);
        });
  try {
    return await (limit ? Promise.race([run, limit]) : run);
  } finally {
    if (timer) clearTimeout(timer);
  }
};

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** A throwing hook must not break delivery. */
const safely = (fn: () => void): void => {
  try {
    fn();
  } catch {
    /* hooks are observers only */
  }
};
