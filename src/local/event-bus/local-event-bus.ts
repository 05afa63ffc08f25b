/**
 * The local EventBridge: rules read from a synthesized cloud assembly, a
 * PutEvents endpoint, and one async invoker per target function.
 */
import path from 'node:path';
import {
  createAsyncInvoker,
  type AsyncInvoker,
  type InvokerHooks,
  type InvokerStats,
  type LocalLambdaHandler,
} from './async-invoker';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, type EventEnvelope } from './envelope';
import type { FailureRecord } from './failure-record';
import { FailureStore } from './failure-store';
import { resolveLogger, type Logger } from './logger';
import { startPutEventsServer } from './put-events-server';
import { redriveFailures, type RedriveReport } from './redrive';
import { createRouter, type PublishResult, type RouterStats } from './router';
import { loadLocalRules, type RuleTarget, type SkippedTarget } from './rules';

export type LocalEventBusOptions = {
  /** A synthesized cloud assembly folder (e.g. .amplify/synth/sandbox). */
  assemblyDir: string;
  /** Default 0: a free port. The caller decides about LOCAL_EVENTS_PORT. */
  port?: number;
  host?: string;
  /** By function name as the rules resolve it, e.g. { RecordingStatusHandler: handler }. */
  handlers: Record<string, LocalLambdaHandler>;
  /** JSON-lines on-failure capture; without it failures are kept in memory only. */
  onFailureFile?: string;
  retryDelaysMs?: readonly number[];
  /** Per function; default 10. */
  concurrency?: number;
  /** Overrides the template's MaximumEventAgeInSeconds (tests). */
  maximumEventAgeMs?: number;
  /** Overrides the template's function Timeout; null disables the timeout. */
  timeoutMs?: number | null;
  hooks?: InvokerHooks;
  logger?: Logger;
  quiet?: boolean;
  account?: string;
  region?: string;
};

export type LocalEventBusStats = { bus: RouterStats; functions: Record<string, InvokerStats> };

export type LocalEventBus = {
  endpoint: string;
  port: number;
  ruleTargets: readonly RuleTarget[];
  skippedTargets: readonly SkippedTarget[];
  /** In-process delivery (no aws.* restriction): tests, simulators. */
  publish(envelope: EventEnvelope): PublishResult;
  /** Resolves when every function's queue, retries and capture writes are done. */
  idle(): Promise<void>;
  stats(): LocalEventBusStats;
  /** On-failure records captured since start (and not redriven). */
  failures(): readonly FailureRecord[];
  redrive(options?: { apply?: boolean }): Promise<RedriveReport>;
  /** The async invoker of a target function (the local Lambda Invoke endpoint hands events to it). */
  invokerFor(functionName: string): AsyncInvoker | undefined;
  /** Stops the endpoint, then waits for what was accepted to finish. */
  stop(): Promise<void>;
};

export const startLocalEventBus = async (options: LocalEventBusOptions): Promise<LocalEventBus> => {
  const logger = resolveLogger(options.logger, options.quiet);
  const account = options.account ?? DEFAULT_ACCOUNT;
  const region = options.region ?? DEFAULT_REGION;
  const { ruleTargets, skippedTargets } = await loadLocalRules(options.assemblyDir);
  for (const skipped of skippedTargets) {
    logger.warn(
      `[event-bus] rule ${skipped.ruleLogicalId} target ${skipped.targetId} skipped: ${skipped.reason}`,
    );
  }

  const store = new FailureStore(options.onFailureFile && path.resolve(options.onFailureFile));
  const invokers = new Map<string, AsyncInvoker>();
  for (const target of ruleTargets) {
    const handler = options.handlers[target.functionName];
    if (invokers.has(target.functionName)) continue;
    if (!handler) {
      logger.warn(
        `[event-bus] rule ${target.ruleLogicalId} targets ${target.functionName}, which has no local handler`,
      );
      continue;
    }
    const timeoutMs =
      options.timeoutMs === null
        ? undefined
        : options.timeoutMs ?? target.functionTimeoutSeconds * 1000;
    invokers.set(
      target.functionName,
      createAsyncInvoker({
        functionName: target.functionName,
        handler,
        maximumRetryAttempts: target.asyncConfig.maximumRetryAttempts,
        maximumEventAgeMs:
          options.maximumEventAgeMs ?? target.asyncConfig.maximumEventAgeInSeconds * 1000,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
        ...(options.hooks ? { hooks: options.hooks } : {}),
        failureStore: store,
        region,
        account,
        logger,
      }),
    );
  }
  for (const name of Object.keys(options.handlers)) {
    if (!ruleTargets.some((t) => t.functionName === name)) {
      logger.warn(
        `[event-bus] handler ${name} is not the target of any rule in ${options.assemblyDir}`,
      );
    }
  }

  const router = createRouter({ ruleTargets, invokerFor: (name) => invokers.get(name), logger });
  const server = await startPutEventsServer({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    account,
    region,
    publish: (envelope) => router.publish(envelope),
    logger,
  });

  const idle = async (): Promise<void> => {
    // A handler may publish more events while others finish: settle until quiet.
    for (;;) {
      await Promise.all([...invokers.values()].map((i) => i.idle()));
      const busy = [...invokers.values()].some(({ stats }) => {
        const s = stats();
        return s.queued + s.running + s.waitingToRetry > 0;
      });
      if (!busy) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  let stopped = false;
  return {
    endpoint: server.endpoint,
    port: server.port,
    ruleTargets,
    skippedTargets,
    publish: (envelope) => router.publish(envelope),
    idle,
    stats: () => ({
      bus: router.stats(),
      functions: Object.fromEntries([...invokers].map(([name, i]) => [name, i.stats()])),
    }),
    failures: () => store.records(),
    invokerFor: (name) => invokers.get(name),
    redrive: ({ apply = false } = {}) =>
      redriveFailures({ store, invokerFor: (name) => invokers.get(name), apply, logger }),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await Promise.all([...invokers.values()].map((i) => i.drain()));
      await store.settled();
    },
  };
};
