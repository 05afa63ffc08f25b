import { oneSettlePerRecording, settleLifecycleEvents, type RecordingKey } from '../lifecycle-events/lifecycle-outbox';
import type { LifecyclePublisher } from '../lifecycle-events/put-events-publisher';
import { RetryableError } from '../recording-engine/errors';
import type { RecordingLifecycleEvent } from '../recording-engine/records';
import { RECORD_CACHE_SIZE, RecordCache } from '../records-store/record-cache';
import type { RecordsStore } from '../records-store/records-store';
import type { HandlerMetricName } from './metric-names';
import type { EventLogger, EventMetrics } from './observability';
import type { ObjectReader } from '../recording-media/end-file-reader';
import { indexAfterRecordingEvent, indexEndFileObject, isObjectCreatedEvent } from './media-indexing';
import { processEvent, type Outcome, type ProcessDependencies } from './process-event';
import { ProfileCache, type ProfileCacheOptions } from './profile-cache';

export type HandlerDependencies = {
  store: RecordsStore;
  logger: EventLogger;
  metrics: EventMetrics;
  profileCache?: ProfileCacheOptions;
  /** How many records' versions the container remembers (default RECORD_CACHE_SIZE; 0: none). */
  recordCacheSize?: number;
  /** Called after each event, e.g. to flush metrics. */
  afterEvent?: () => void;
  now?: () => number;
  /** Reads the recordings bucket: media indexing (without it, S3 events are ignored). */
  readObject?: ObjectReader;
  /** Wall clock for `mediaIndexedAt`, parking and expiry; default Date.now. */
  clock?: () => Date;
  /**
   * Publishes the lifecycle events a Recording owes after each event that touched it
   * (src/lifecycle-events); without it, none are published and none marked sent.
   */
  publishLifecycleEvents?: LifecyclePublisher;
  /** Days a final recording is kept when its Profile sets none (RECORDING_RETENTION_DAYS); null: forever. */
  defaultRetentionDays?: number | null;
};

/** What the handler returns to Lambda: a short summary, also handy in tests and local logs. */
export type HandlerResult = {
  outcome: Outcome['kind'];
  reason?: string;
  id?: string;
  /** The lifecycle events this event published (none: left out). */
  lifecycleEvents?: RecordingLifecycleEvent[];
};

const METRIC_BY_OUTCOME: Record<Outcome['kind'], HandlerMetricName> = {
  written: 'EventsProcessed',
  unchanged: 'EventsSkippedDuplicate',
  ignored: 'EventsIgnored',
  parked: 'EventsParked',
  rejected: 'EventsRejected',
};

/**
 * The RecordingStatusHandler, without its wiring: parse, process, report.
 * Bad input and events the stored records refuse return normally (a retry cannot help);
 * events of a channel with no profile are parked; transient failures throw so Lambda retries,
 * and after the last retry the event waits in the on-failure queue.
 */
export const createRecordingStatusHandler = (deps: HandlerDependencies) => {
  const profiles = new ProfileCache((arn) => deps.store.findProfileByChannelArn(arn), deps.profileCache);
  // One per handler, so one per warm container: the next event for a record it wrote
  // or read is written without a read (record-cache.ts).
  const records = new RecordCache(deps.recordCacheSize ?? RECORD_CACHE_SIZE);
  const now = deps.now ?? (() => performance.now());
  const clock = deps.clock ?? (() => new Date());
  const { readObject, publishLifecycleEvents } = deps;
  const serialized = oneSettlePerRecording();
  // IVS events through the engine; the recordings' end files (S3 "Object Created") through
  // media indexing, which also follows a recording event that may find its file already there.
  // Then every Recording the event touched, written or not, publishes what it owes: a
  // redelivered event heals a publish that failed (the outbox, src/lifecycle-events).
  const handle = async (
    event: unknown,
    processing: ProcessDependencies,
    settle: ((recording: RecordingKey) => Promise<void>) | undefined,
  ): Promise<Outcome> => {
    const settled = async (outcome: Outcome): Promise<Outcome> => {
      if ((outcome.kind === 'written' || outcome.kind === 'unchanged') && outcome.recording)
        await settle?.(outcome.recording);
      return outcome;
    };
    if (readObject === undefined) {
      if (!isObjectCreatedEvent(event)) return settled(await processEvent(event, processing));
      deps.logger.warn('S3 event received but media indexing is not configured: ignored', {});
      return { kind: 'ignored', reason: 'media indexing not configured' };
    }
    const indexing = {
      ...processing,
      readObject,
      indexedAt: () => clock().toISOString(),
      ...(settle ? { settle } : {}),
    };
    if (isObjectCreatedEvent(event)) return indexEndFileObject(event, indexing);
    const outcome = await processEvent(event, processing);
    let indexed: Outcome | null = null;
    try {
      indexed = await indexAfterRecordingEvent(outcome, indexing);
    } catch (error) {
      // The IVS event is applied: S3 trouble must not make it fail. The end file's own S3
      // event indexes the media, or reconciliation does (a final recording without media is
      // incomplete).
      if (!(error instanceof RetryableError)) throw error;
      deps.logger.warn('Could not read the end file after a recording event: left to its S3 event', {
        eventId: (event as { id?: unknown } | null)?.id,
        error: error.message,
      });
    }
    await settled(outcome);
    // The recording event's own outcome is what it did; a refused end file is logged apart.
    return indexed?.kind === 'written' && outcome.kind === 'unchanged' ? indexed : outcome;
  };
  return async (event: unknown): Promise<HandlerResult> => {
    const started = now();
    deps.metrics.addMetric('EventsReceived', 'Count', 1);
    try {
      const processing = {
        store: deps.store,
        findProfile: (arn: string) => profiles.get(arn),
        logger: deps.logger,
        records,
        // One wall clock: when an event is parked, when a recording becomes final (its expiry).
        now: () => clock().getTime(),
        defaultRetentionDays: deps.defaultRetentionDays ?? null,
      };
      const published: RecordingLifecycleEvent[] = [];
      const settle = publishLifecycleEvents
        ? async (recording: RecordingKey) => {
            const events = await serialized(recording.id, () =>
              settleLifecycleEvents(recording, {
                store: deps.store,
                publish: publishLifecycleEvents,
                logger: deps.logger,
                records,
              }),
            );
            published.push(...events);
          }
        : undefined;
      const outcome = await handle(event, processing, settle);
      const lifecycle = published.length > 0 ? { lifecycleEvents: published } : {};
      if (published.length > 0) deps.metrics.addMetric('LifecycleEventsPublished', 'Count', published.length);
      const duplicatePark = outcome.kind === 'parked' && outcome.alreadyParked;
      deps.metrics.addMetric(duplicatePark ? 'EventsSkippedDuplicate' : METRIC_BY_OUTCOME[outcome.kind], 'Count', 1);
      switch (outcome.kind) {
        case 'written':
        case 'unchanged':
          return { outcome: outcome.kind, id: outcome.id, ...lifecycle };
        case 'ignored':
          return { outcome: outcome.kind, reason: outcome.reason };
        case 'parked':
          return { outcome: outcome.kind, reason: outcome.reason, id: outcome.id };
        case 'rejected':
          return { outcome: outcome.kind, reason: outcome.error.reason };
      }
    } catch (error) {
      const retryable = error instanceof RetryableError;
      deps.metrics.addMetric(retryable ? 'EventsRetried' : 'EventsFailed', 'Count', 1);
      deps.logger.error(retryable ? 'Transient failure: Lambda will retry the event' : 'Unexpected failure', {
        eventId: (event as { id?: unknown } | null)?.id,
        reason: retryable ? error.reason : undefined,
        error: error instanceof Error ? error.message : String(error),
        cause: error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined,
      });
      throw error;
    } finally {
      deps.metrics.addMetric('ProcessingDuration', 'Milliseconds', now() - started);
      deps.afterEvent?.();
    }
  };
};
