/**
 * The local EventBridge: rules read from a synthesized cloud assembly, a
 * PutEvents endpoint, and one async invoker per target function. With a journal
 * file, an accepted event is on disk before it is acknowledged and its unfinished
 * deliveries resume at the next start (delivery-journal.ts).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  createAsyncInvoker,
  type AsyncInvoker,
  type InvokerHooks,
  type InvokerStats,
  type LocalLambdaHandler,
} from './async-invoker';
import { DeliveryJournal, type OpenDelivery } from './delivery-journal';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, type EventEnvelope } from './envelope';
import type { FailureRecord } from '../../redrive/on-failure-record';
import { FailureStore } from './failure-store';
import type { EventLogger } from '../../event-processing/observability';
import { resolveLogger } from './logger';
import { startPutEventsServer } from './put-events-server';
import { redriveFailedEvents, type RedriveSummary } from '../../redrive/redrive';
import { CaptureFileQueue } from './capture-file-queue';
import { inProcessInvoke } from './in-process-invoke';
import { createRouter, type Delivery, type PublishResult, type RouterStats } from './router';
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
  /**
   * JSON-lines write-ahead journal of accepted deliveries: an accepted event
   * survives a crash and its unfinished deliveries resume at the next start.
   * Without it, what was accepted and not yet delivered is lost when the process ends.
   */
  journalFile?: string;
  /** Rewrite the journal once this much was appended (tests); default 1 MiB. */
  compactJournalAfterBytes?: number;
  retryDelaysMs?: readonly number[];
  /** Per function; default 10. */
  concurrency?: number;
  /** Overrides the template's MaximumEventAgeInSeconds (tests). */
  maximumEventAgeMs?: number;
  /** Overrides the template's function Timeout; null disables the timeout. */
  timeoutMs?: number | null;
  hooks?: InvokerHooks;
  /**
   * Sees every event before the bus accepts it (PutEvents and publish()): what it carries
   * (the lifecycle events, which no rule of the backend delivers). Throwing refuses the
   * event as when the bus cannot keep it: PutEvents answers InternalFailure for that entry.
   */
  onEvent?: (envelope: EventEnvelope) => void;
  logger?: EventLogger;
  quiet?: boolean;
  account?: string;
  region?: string;
};

export type JournalStats = {
  file: string;
  /** Deliveries accepted and not yet done. */
  open: number;
  /** Deliveries this process resumed from the journal at start. */
  resumed: number;
  appends: number;
  fsyncs: number;
  compactions: number;
};

export type LocalEventBusStats = {
  bus: RouterStats;
  functions: Record<string, InvokerStats>;
  /** null: no journal (in memory). */
  journal: JournalStats | null;
};

export type LocalEventBus = {
  endpoint: string;
  port: number;
  ruleTargets: readonly RuleTarget[];
  skippedTargets: readonly SkippedTarget[];
  /**
   * In-process delivery (no aws.* restriction): tests, simulators. Same guarantee
   * as PutEvents: once the promise resolves the event is journaled (when the bus
   * has a journal) and its deliveries have started.
   */
  publish(envelope: EventEnvelope): Promise<PublishResult>;
  /** The journal file, or null when nothing survives the process. */
  journalFile: string | null;
  /** Resolves when every function's queue, retries and capture writes are done. */
  idle(): Promise<void>;
  stats(): LocalEventBusStats;
  /** On-failure records captured since start (and not redriven). */
  failures(): readonly FailureRecord[];
  /** The one redrive (src/redrive) over the capture, delivering in process. */
  redrive(options?: { apply?: boolean }): Promise<RedriveSummary>;
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
    logger.warn(`[event-bus] rule ${skipped.ruleLogicalId} target ${skipped.targetId} skipped: ${skipped.reason}`);
  }

  const store = new FailureStore(options.onFailureFile && path.resolve(options.onFailureFile));
  const opened = options.journalFile
    ? await DeliveryJournal.open(path.resolve(options.journalFile), {
        logger,
        ...(options.compactJournalAfterBytes === undefined
          ? {}
          : { compactAfterBytes: options.compactJournalAfterBytes }),
      })
    : undefined;
  const journal = opened?.journal;
  const hooks: InvokerHooks = {
    ...options.hooks,
    onAttempt: (info) => {
      options.hooks?.onAttempt?.(info);
      // A resumed delivery then keeps the retries it already used.
      if (info.error && journal) {
        journal
          .attempted(info.requestId, info.attempt)
          .catch((error: unknown) => logger.error(`[event-bus] journal write failed: ${String(error)}`));
      }
    },
  };
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
      options.timeoutMs === null ? undefined : (options.timeoutMs ?? target.functionTimeoutSeconds * 1000);
    invokers.set(
      target.functionName,
      createAsyncInvoker({
        functionName: target.functionName,
        handler,
        maximumRetryAttempts: target.asyncConfig.maximumRetryAttempts,
        maximumEventAgeMs: options.maximumEventAgeMs ?? target.asyncConfig.maximumEventAgeInSeconds * 1000,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
        hooks,
        failureStore: store,
        region,
        account,
        logger,
      }),
    );
  }
  for (const name of Object.keys(options.handlers)) {
    if (!ruleTargets.some((t) => t.functionName === name)) {
      logger.warn(`[event-bus] handler ${name} is not the target of any rule in ${options.assemblyDir}`);
    }
  }

  const router = createRouter({ ruleTargets, hasHandler: (name) => invokers.has(name), logger });

  /** Hands one delivery to its invoker; with a journal, marks it done once Lambda's semantics are through with it. */
  const start = (delivery: Delivery, event: EventEnvelope, acceptedAt: number, attempts: number): void => {
    const invoker = invokers.get(delivery.functionName);
    const kept = journal ? 'it stays in the journal and resumes at the next start' : 'it is lost';
    if (!invoker) {
      logger.error(
        `[event-bus] delivery ${delivery.requestId}: no local handler for ${delivery.functionName}; ${kept}`,
      );
      return;
    }
    let settled: Promise<{ captureError?: string }>;
    try {
      ({ settled } = invoker.invoke(event, { requestId: delivery.requestId, acceptedAt, attempts }));
    } catch (error) {
      logger.error(`[event-bus] delivery ${delivery.requestId} not started (${String(error)}); ${kept}`);
      return;
    }
    if (!journal) return;
    settled
      .then((outcome) => {
        if (outcome.captureError) {
          logger.error(`[event-bus] delivery ${delivery.requestId} failed and was not captured; ${kept}`);
          return;
        }
        return journal.done(delivery.requestId);
      })
      .catch((error: unknown) =>
        logger.error(`[event-bus] could not mark delivery ${delivery.requestId} done: ${String(error)}`),
      );
  };

  const publish = async (envelope: EventEnvelope): Promise<PublishResult> => {
    options.onEvent?.(envelope);
    const routing = router.route(envelope);
    const deliveries: Delivery[] = routing.routes.map((route) => ({ ...route, requestId: randomUUID() }));
    const acceptedAt = Date.now();
    // On disk before anyone is told the event was accepted, and before it runs.
    await journal?.accept([{ event: envelope, acceptedAt, deliveries }]);
    for (const delivery of deliveries) start(delivery, envelope, acceptedAt, 0);
    return { eventId: envelope.id, deliveries, undelivered: routing.undelivered };
  };

  const resumed: readonly OpenDelivery[] = opened?.replay.open ?? [];
  if (opened && resumed.length > 0) {
    const events = new Set(resumed.map((d) => d.event.id)).size;
    logger.info(
      `[event-bus] resuming ${resumed.length} unfinished deliveries (${events} events) from ${opened.journal.file}`,
    );
  }
  // In acceptance order, under their original request ids, with the attempts they used.
  for (const open of resumed) start(open, open.event, open.acceptedAt, open.attempts);

  const server = await startPutEventsServer({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    account,
    region,
    publish,
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
      if (!busy) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The done marks of what just finished.
    await journal?.settled();
  };

  let stopped = false;
  return {
    endpoint: server.endpoint,
    port: server.port,
    ruleTargets,
    skippedTargets,
    publish,
    journalFile: journal?.file ?? null,
    idle,
    stats: () => ({
      bus: router.stats(),
      functions: Object.fromEntries([...invokers].map(([name, i]) => [name, i.stats()])),
      journal: journal ? { file: journal.file, resumed: resumed.length, ...journal.stats() } : null,
    }),
    failures: () => store.records(),
    invokerFor: (name) => invokers.get(name),
    redrive: ({ apply = false } = {}) =>
      redriveFailedEvents({
        queue: new CaptureFileQueue(store),
        invoke: inProcessInvoke((name) => invokers.get(name)),
        apply,
        logger,
      }),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await Promise.all([...invokers.values()].map((i) => i.drain()));
      await store.settled();
      await journal?.close();
    },
  };
};
