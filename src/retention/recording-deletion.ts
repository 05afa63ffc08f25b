/**
 * Deleting one recording: the one code path of the retention job and of `purgeRecording`.
 *
 * 1. `deletionRequestedAt` (conditional write): the record is frozen and stays in the
 *    retention queue (its expiry brought forward to now at the latest) until step 3;
 * 2. every object under its prefix deleted (ListObjectsV2 pages, one DeleteObjects each);
 * 3. `Recording Deleted` published (`announceDeletion`), then the tombstone (conditional
 *    write): `deletedAt`, media keys cleared, the notification marked sent in the same write;
 *    the store drops it from the queue. A failed publish leaves it queued: the next run
 *    publishes the same event id and writes the tombstone.
 * A crash anywhere is resumed by the next run (each step is idempotent; the deletion lists
 * what is left). A key S3 could not delete leaves the record un-tombstoned, retried next run.
 * A recording with no bucket or prefix (a start failure) has no object: tombstoned at once.
 */
import type { EventLogger } from '../event-processing/observability';
import { MAX_CONFLICT_ATTEMPTS } from '../event-processing/process-event';
import type { RecordingState } from '../recording-engine/records';
import { isSameRecording } from '../recording-engine/recording-state';
import { optimisticWrite } from '../records-store/optimistic-write';
import type { RecordsStore, Versioned } from '../records-store/records-store';
import { tombstoneOf, withDeletionRequested } from './tombstone';

/** What deleting a prefix reports (the fields used here of src/retention/prefix-deletion's result). */
export type PrefixDeletionReport = { listed: number; deleted: number; errors: { key: string; code: string }[] };

/** Deletes (or with dryRun, only lists) every object under `prefix` (ends in `/`) of `bucket`. */
export type DeletePrefix = (
  bucket: string,
  prefix: string,
  options: { dryRun: boolean },
) => Promise<PrefixDeletionReport>;

export type AnnounceDeletion = (tombstone: RecordingState) => Promise<(state: RecordingState) => RecordingState>;

export type RecordingDeletionDeps = {
  store: Pick<RecordsStore, 'getRecording' | 'updateRecording'>;
  deletePrefix: DeletePrefix;
  logger: EventLogger;
  /**
   * Called with the tombstone about to be written: publishes `Recording Deleted` and returns
   * how the tombstone write records that it was sent (src/lifecycle-events).
   */
  announceDeletion?: AnnounceDeletion;
  /** Epoch ms of the run: the deletion's times. */
  now: number;
  /** Report what would be deleted; write and delete nothing. */
  dryRun?: boolean;
};

export type RecordingDeletion =
  | { kind: 'deleted'; recording: RecordingState; objectsDeleted: number }
  | { kind: 'already-deleted'; recording: RecordingState }
  | { kind: 'would-delete'; recording: RecordingState; objects: number }
  /** Some keys could not be deleted: left un-tombstoned, retried by the next run. */
  | { kind: 'incomplete'; recording: RecordingState; objectsDeleted: number; errors: { key: string; code: string }[] };

/** The recording's prefix as a folder (`.../<id>/`), or null when it has no objects to delete. */
export const objectPrefixOf = (recording: RecordingState): { bucket: string; prefix: string } | null => {
  const prefix = recording.s3KeyPrefix?.replace(/\/+$/, '');
  if (!recording.s3BucketName || !prefix) return null;
  return { bucket: recording.s3BucketName, prefix: `${prefix}/` };
};

/**
 * One conditional write of `change(current)`, re-read and decided again on a conflict.
 * Returns the record with the version its next write is conditioned on (no re-read).
 */
const writeRecording = async (
  deps: RecordingDeletionDeps,
  start: Versioned<RecordingState>,
  change: (current: RecordingState) => RecordingState,
  describe: string,
): Promise<Versioned<RecordingState>> => {
  let version = start.version;
  const result = await optimisticWrite<RecordingState>(
    {
      load: async (attempt) => {
        const loaded = attempt === 1 ? start : await deps.store.getRecording(start.state.id);
        if (loaded) version = loaded.version;
        return loaded;
      },
      // Never reached: decide refuses a missing recording first.
      create: () => Promise.resolve('conflict'),
      update: (state, version) => deps.store.updateRecording(state, version),
    },
    {
      decide: (current) => {
        if (current === null) throw new Error(`Recording ${start.state.id} disappeared while it was deleted`);
        return change(current);
      },
      isSame: isSameRecording,
      maxAttempts: MAX_CONFLICT_ATTEMPTS,
      describe,
    },
  );
  return result.kind === 'unchanged'
    ? { state: result.current, version }
    : { state: result.next, version: version + 1 };
};

/** Deletes one recording (see the module comment); `start` is the record as just read, with its version. */
export const deleteRecording = async (
  start: Versioned<RecordingState>,
  deps: RecordingDeletionDeps,
): Promise<RecordingDeletion> => {
  const at = new Date(deps.now).toISOString();
  const context = { recordingId: start.state.id, bucket: start.state.s3BucketName, prefix: start.state.s3KeyPrefix };
  if (start.state.deletedAt !== null) return { kind: 'already-deleted', recording: start.state };
  const location = objectPrefixOf(start.state);
  if (deps.dryRun) {
    const listed = location ? await deps.deletePrefix(location.bucket, location.prefix, { dryRun: true }) : null;
    return { kind: 'would-delete', recording: start.state, objects: listed?.listed ?? 0 };
  }
  const requested = await writeRecording(
    deps,
    start,
    (current) => withDeletionRequested(current, at),
    `Recording ${start.state.id} (deletion requested)`,
  );
  if (requested.state.deletedAt !== null) return { kind: 'already-deleted', recording: requested.state };
  let objectsDeleted = 0;
  if (location) {
    const result = await deps.deletePrefix(location.bucket, location.prefix, { dryRun: false });
    objectsDeleted = result.deleted;
    if (result.errors.length > 0) {
      deps.logger.error('Some objects of the recording could not be deleted: left for the next run', {
        ...context,
        deleted: result.deleted,
        errors: result.errors.slice(0, 20),
        errorCount: result.errors.length,
      });
      return { kind: 'incomplete', recording: requested.state, objectsDeleted, errors: result.errors };
    }
  }
  // Published first: once tombstoned, the recording leaves the queue and nothing would retry it.
  const markAnnounced = deps.announceDeletion
    ? await deps.announceDeletion(tombstoneOf(requested.state, at))
    : (state: RecordingState) => state;
  const { state: tombstone } = await writeRecording(
    deps,
    requested,
    (state) => markAnnounced(tombstoneOf(state, at)),
    `Recording ${start.state.id} (tombstone)`,
  );
  deps.logger.info('Recording deleted: its objects are gone, its row kept as a tombstone', {
    ...context,
    objectsDeleted,
    deletedAt: tombstone.deletedAt,
  });
  return { kind: 'deleted', recording: tombstone, objectsDeleted };
};
