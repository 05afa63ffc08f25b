/**
 * The outbox marker: exactly one logical lifecycle event per transition.
 *
 * After a Recording write (an IVS event, its end file, reconciliation, a deletion), and
 * after an event that changed nothing, the record is looked at: what it owes (due, not in
 * `lifecycleEventsSent`) is published, then added to the marker with a conditional write
 * (version-conditioned like every write; re-read on a conflict).
 * - A crash or a failed publish between the transition and the marker leaves the record
 *   owing the event; the failure is thrown, so the event that caused it is redelivered,
 *   finds the record unchanged and still owing, and publishes the same entry (same id).
 * - Once marked, duplicates publish nothing, and cost no request on a warm container
 *   (the record comes from the container's memory). The memory is current for this record:
 *   settling follows the event's own processing, whose write (or its conflict) refreshed it
 *   whenever another container had written since; a settle on its own, with memory older
 *   than the store, could miss what the newer state owes (lifecycle-outbox.property.test.ts
 *   settles last with a cold container, as reconciliation does).
 * - Two containers settling one record at once may both publish before one marks: the
 *   same id twice at worst. Consumers dedupe on `detail.eventId`.
 */
import type { EventLogger } from '../event-processing/observability';
import { optimisticWrite } from '../records-store/optimistic-write';
import { rememberedExistingRecording, type RecordCache } from '../records-store/record-cache';
import type { RecordsStore } from '../records-store/records-store';
import { isSameRecording } from '../recording-engine/state-diff';
import { isFrozen } from '../retention/tombstone';
import { owedLifecycleEntries, withLifecycleEventsSent } from './lifecycle-events';
import type { RecordingLifecycleEvent, RecordingState } from '../recording-engine/records';
import type { LifecyclePublisher } from './put-events-publisher';

/** Re-reads after a conflicting write of the marker before giving up (then the event is retried). */
export const MAX_MARKER_ATTEMPTS = 8;

export type LifecycleOutboxDependencies = {
  store: Pick<RecordsStore, 'loadRecording' | 'updateRecording'>;
  publish: LifecyclePublisher;
  logger: EventLogger;
  /** The container's memory of records: a remembered record is settled without a read. */
  records?: RecordCache;
  maxAttempts?: number;
};

/** Which record to settle: its key (a Recording is loaded with its first stream's session). */
export type RecordingKey = Pick<RecordingState, 'id' | 'streamSessionId'>;

/**
 * Publishes what the recording owes and marks it sent; returns what this call published.
 * A recording that does not exist owes nothing, and neither does a frozen one (deletion
 * began): only retention writes it again, and publishes its `Recording Deleted`
 * (`announceRecordingDeleted`, in the tombstone write), so late IVS events and reconciliation leave it as it is.
 */
export const settleLifecycleEvents = async (
  recording: RecordingKey,
  deps: LifecycleOutboxDependencies,
): Promise<RecordingLifecycleEvent[]> => {
  const owed = (state: RecordingState) => (isFrozen(state) ? [] : owedLifecycleEntries(state));
  const published = new Set<RecordingLifecycleEvent>();
  const record = rememberedExistingRecording(deps.records, deps.store, recording);
  let missing = false;
  await optimisticWrite<RecordingState>(
    {
      // Publish before the marker is written, from the state the marker is conditioned on.
      // After a conflict the fresh state may owe more (its media was just indexed): that is
      // published too; what this call already published is not sent again.
      load: async (attempt) => {
        const current = await record.load(attempt);
        if (current === null) {
          missing = true;
          return null;
        }
        const entries = owed(current.state).filter((entry) => !published.has(entry.transition));
        if (entries.length > 0) {
          await deps.publish(entries);
          for (const entry of entries) published.add(entry.transition);
          deps.logger.info('Lifecycle events published', {
            recordingId: recording.id,
            events: entries.map((entry) => ({ detailType: entry.detailType, eventId: entry.detail.eventId })),
          });
        }
        return current;
      },
      create: record.create,
      update: record.update,
    },
    {
      decide: (current) => {
        if (current === null) throw new MissingRecording();
        // Everything it owes is published by now (load above).
        return withLifecycleEventsSent(
          current,
          owed(current).map((entry) => entry.transition),
        );
      },
      isSame: isSameRecording,
      maxAttempts: deps.maxAttempts ?? MAX_MARKER_ATTEMPTS,
      onConflict: (attempt) =>
        deps.logger.warn('Recording changed while its lifecycle events were marked: re-reading', {
          recordingId: recording.id,
          attempt,
        }),
      describe: `Recording ${recording.id} (lifecycle events)`,
    },
  ).catch((error: unknown) => {
    if (missing && error instanceof MissingRecording) return;
    throw error;
  });
  return [...published];
};

class MissingRecording extends Error {}

/**
 * Settles one recording at a time in this container: a duplicate event running beside the
 * one that made the transition waits for its marker instead of publishing the same event
 * again (it then finds the record in the container's memory, owing nothing). Containers
 * still race each other: consumers dedupe on `detail.eventId`.
 */
export const oneSettlePerRecording = () => {
  const running = new Map<string, Promise<unknown>>();
  return async <T>(recordingId: string, work: () => Promise<T>): Promise<T> => {
    const before = running.get(recordingId) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(work);
    running.set(recordingId, mine);
    try {
      return await mine;
    } finally {
      if (running.get(recordingId) === mine) running.delete(recordingId);
    }
  };
};

/**
 * The tombstone and its marker in one write, with no window: publish `Recording Deleted` for
 * the tombstone about to be written, then write the tombstone with DELETED marked (apply the
 * returned function in the tombstone write's decide, on every attempt). A failed publish
 * throws before the tombstone is written: the recording stays in retention's queue, and the
 * next run (its objects already gone) publishes the same event id again.
 */
export const publishBeforeTombstone = async (
  publish: LifecyclePublisher,
  tombstone: RecordingState,
): Promise<(state: RecordingState) => RecordingState> => {
  const entries = owedLifecycleEntries(tombstone);
  if (entries.length > 0) await publish(entries);
  const sent = entries.map((entry) => entry.transition);
  return (state) => withLifecycleEventsSent(state, sent);
};

/** Retention's `announceDeletion`: `publishBeforeTombstone` with this publisher. */
export const announceRecordingDeleted =
  (publish: LifecyclePublisher) =>
  (tombstone: RecordingState): Promise<(state: RecordingState) => RecordingState> =>
    publishBeforeTombstone(publish, tombstone);
