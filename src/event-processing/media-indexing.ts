/**
 * Media indexing: the recording's end file (`events/recording-ended.json` or
 * `recording-failed.json`) read and written onto its Recording.
 *
 * Two ways in, so the file may land before or after the IVS events, or before the
 * Recording exists:
 * - S3 "Object Created" of the end file (`indexEndFileObject`): the recordings with that
 *   prefix (its index: the file names no recording session id) get the file's evidence
 *   and its media. None yet: nothing is written; the recording's first event reads it.
 * - After a recording event (`indexAfterRecordingEvent`): a Recording just created, or
 *   ended, without its media reads the end file under its prefix. S3 emits the event after
 *   the object is stored and the create is committed before this read, so whichever of the
 *   two looks second sees the other: a file is never left unindexed by the race.
 * Both apply the same thing: the end file's Start and End as events through the engine
 * (`endFileEvidence`: joins, so any order gives one record), then the media index with the
 * same conditional write (`withMediaIndex`: a join too). Idempotent.
 */
import { isObjectCreatedEvent, parseObjectCreated } from '../eventbridge/s3-object-created';
import { PermanentEventError } from '../recording-engine/errors';
import type { RecordingState } from '../recording-engine/records';
import { isSameRecording } from '../recording-engine/recording-state';
import { endFileEvidence, type S3Location } from '../reconciliation/reconciliation-events';
import type { RecordingEndFile, RecordingMediaIndex } from '../recording-media/end-file';
import { endFileOfKey } from '../recording-media/end-file';
import { readEndFile, readEndFileNamed, type ObjectReader } from '../recording-media/end-file-reader';
import { hasMediaIndex, withMediaIndex } from '../recording-media/media-index';
import { optimisticWrite } from '../records-store/optimistic-write';
import { rememberedExistingRecording, type RecordCache } from '../records-store/record-cache';
import type { RecordsStore } from '../records-store/records-store';
import { isFrozen } from '../retention/tombstone';
import { MAX_CONFLICT_ATTEMPTS, processEvent, type Outcome, type ProcessDependencies } from './process-event';

export type MediaIndexingDependencies = ProcessDependencies & {
  readObject: ObjectReader;
  /** Now, as a canonical ISO string: the media's `mediaIndexedAt`. */
  indexedAt: () => string;
  /**
   * Called for each recording an end file's S3 event was applied to, written or unchanged:
   * its lifecycle events (src/lifecycle-events). A failure throws: the S3 event is retried.
   */
  settle?: (recording: Pick<RecordingState, 'id' | 'streamSessionId'>) => Promise<void>;
};

export { isObjectCreatedEvent };

const rejected = (error: PermanentEventError, deps: ProcessDependencies, context: Record<string, unknown>): Outcome => {
  deps.logger.error('Rejected an end file', {
    ...context,
    reason: error.reason,
    field: error.field,
    error: error.message,
  });
  return { kind: 'rejected', error };
};

/** An S3 "Object Created" event: index the end file it names onto its recordings. */
export const indexEndFileObject = async (raw: unknown, deps: MediaIndexingDependencies): Promise<Outcome> => {
  let object;
  try {
    object = parseObjectCreated(raw);
  } catch (error) {
    if (error instanceof PermanentEventError) return rejected(error, deps, {});
    throw error;
  }
  const context = { eventId: object.eventId, bucket: object.bucket, key: object.key };
  const endFile = endFileOfKey(object.key);
  if (endFile === null) {
    deps.logger.info('Object is not a recording end file: nothing to index', context);
    return { kind: 'ignored', reason: 'not a recording end file' };
  }
  const read = await readEndFileNamed(deps.readObject, object.bucket, endFile.prefix, endFile.file);
  switch (read.kind) {
    case 'absent':
      // Deleted since, or a bucket this function may not read (its rule may match others).
      deps.logger.warn('End file not readable: nothing indexed', { ...context, why: read.why });
      return { kind: 'ignored', reason: `end file not readable: ${read.why}` };
    case 'invalid':
      return rejected(
        new PermanentEventError('invalid_event', `${read.key}: ${read.why}`, object.eventId),
        deps,
        context,
      );
    case 'found':
      break;
  }
  const recordings = (await deps.store.findRecordingsByS3KeyPrefix(endFile.prefix)).filter(
    (r) => r.state.s3BucketName === object.bucket,
  );
  if (recordings.length === 0) {
    deps.logger.info('No Recording has this prefix yet: its first recording event indexes the file', context);
    return { kind: 'ignored', reason: 'no recording with this prefix yet' };
  }
  const location = { bucket: object.bucket, prefix: endFile.prefix };
  let last: Outcome = { kind: 'unchanged', model: 'Recording', id: recordings[0]!.state.id };
  for (const { state } of recordings) {
    const outcome = await applyEndFile(state, read.file, location, deps, context);
    if (outcome.kind === 'written' || outcome.kind === 'unchanged') await deps.settle?.(state);
    if (outcome.kind !== 'unchanged') last = outcome;
  }
  return last;
};

/**
 * After a recording event: a recording created, or ended, whose media is not indexed
 * reads its end file (absent: nothing to do; the S3 event will come).
 */
export const indexAfterRecordingEvent = async (
  outcome: Outcome,
  deps: MediaIndexingDependencies,
): Promise<Outcome | null> => {
  if (outcome.kind !== 'written' && outcome.kind !== 'unchanged') return null;
  const recording = outcome.recording;
  // A deleted recording (or one being deleted) reads nothing and is never indexed again.
  if (!recording || hasMediaIndex(recording) || isFrozen(recording)) return null;
  const created = outcome.kind === 'written' && outcome.operation === 'create';
  if (!created && recording.recordingStatus === 'STARTED') return null;
  if (recording.s3BucketName === null || recording.s3KeyPrefix === null) return null;
  const location = { bucket: recording.s3BucketName, prefix: recording.s3KeyPrefix };
  const read = await readEndFile(deps.readObject, location.bucket, location.prefix);
  const context = { recordingId: recording.id, ...location };
  switch (read.kind) {
    case 'absent':
      return null;
    case 'invalid':
      return rejected(new PermanentEventError('invalid_event', `${read.key}: ${read.why}`), deps, context);
    case 'found':
      return applyEndFile(recording, read.file, location, deps, { ...context, key: read.key });
  }
};

/** The end file's evidence through the engine, then its media: one recording. */
const applyEndFile = async (
  recording: RecordingState,
  file: RecordingEndFile,
  location: S3Location,
  deps: MediaIndexingDependencies,
  context: Record<string, unknown>,
): Promise<Outcome> => {
  // Deleted by retention: frozen, whatever its end file says (the file may outlive it in a race).
  if (isFrozen(recording)) return { kind: 'unchanged', model: 'Recording', id: recording.id };
  if (file.metadata.channelArn !== recording.channelArn) {
    return rejected(
      new PermanentEventError(
        'invalid_field',
        `end file channel_arn ${file.metadata.channelArn} is not the recording's ${recording.channelArn}`,
        undefined,
        'channel_arn',
      ),
      deps,
      context,
    );
  }
  let changed = false;
  for (const event of endFileEvidence(recording, file.metadata, location)) {
    const outcome = await processEvent(event, deps);
    if (outcome.kind === 'parked' || outcome.kind === 'rejected' || outcome.kind === 'ignored') return outcome;
    changed ||= outcome.kind === 'written';
  }
  const media = await writeMediaIndex(deps.store, recording, file.media, deps.indexedAt(), {
    ...(deps.maxConflictAttempts ? { maxAttempts: deps.maxConflictAttempts } : {}),
    ...(deps.records ? { records: deps.records } : {}),
  });
  if (media === 'written') deps.logger.info('Recording media indexed', { ...context, recordingId: recording.id });
  return media === 'written' || changed
    ? {
        kind: 'written',
        model: 'Recording',
        id: recording.id,
        operation: 'update',
        changed: media === 'written' ? ['media'] : ['end'],
        attempts: 1,
      }
    : { kind: 'unchanged', model: 'Recording', id: recording.id };
};

/**
 * The media index onto an existing recording, with the optimistic conditional write
 * (re-read and decide again on a conflict). Reconciliation writes it the same way.
 */
export const writeMediaIndex = async (
  store: RecordsStore,
  recording: Pick<RecordingState, 'id' | 'streamSessionId'>,
  media: RecordingMediaIndex,
  indexedAt: string,
  options: { maxAttempts?: number; records?: RecordCache } = {},
): Promise<'written' | 'unchanged'> => {
  const maxAttempts = options.maxAttempts ?? MAX_CONFLICT_ATTEMPTS;
  // Through the container's memory like every write (a remembered version needs no read).
  const record = rememberedExistingRecording(options.records, store, recording);
  const result = await optimisticWrite<RecordingState>(record, {
    decide: (current) => {
      // It was found a moment ago: one that vanished is retried (thrown), never re-made.
      if (current === null) throw new Error(`Recording ${recording.id} disappeared while its media was indexed`);
      // Deleted since it was read: its media is gone and stays unindexed.
      if (isFrozen(current)) return current;
      return withMediaIndex(current, media, indexedAt);
    },
    isSame: isSameRecording,
    maxAttempts,
    describe: `Recording ${recording.id} (media)`,
  });
  return result.kind === 'written' ? 'written' : 'unchanged';
};
