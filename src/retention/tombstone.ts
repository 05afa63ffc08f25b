/**
 * Deletion's marks on a Recording. `deletionRequestedAt`: deletion began (objects may be
 * partly gone); `deletedAt`: every object under its prefix was deleted, and the row stays
 * forever as a tombstone. Either one freezes the record: IVS events, end files and
 * reconciliation never change it nor recreate it. Pure.
 */
import { NO_MEDIA, type RecordingState } from '../recording-engine/records';

/** True once deletion began: nothing but retention writes the record again. */
export const isFrozen = (recording: Pick<RecordingState, 'deletionRequestedAt' | 'deletedAt'>): boolean =>
  recording.deletionRequestedAt !== null || recording.deletedAt !== null;

/**
 * Deletion begins at `at`. The expiry is brought forward to `at` at the latest, so the
 * recording is in the retention queue until tombstoned: a purge that stops halfway is
 * finished by the next scheduled run.
 */
export const withDeletionRequested = (recording: RecordingState, at: string): RecordingState => {
  if (recording.deletedAt !== null || recording.deletionRequestedAt !== null) return recording;
  const expiresAt = recording.expiresAt !== null && recording.expiresAt <= at ? recording.expiresAt : at;
  return { ...recording, deletionRequestedAt: at, expiresAt };
};

/** The tombstone: deleted at `at`, its media keys cleared (the objects are gone); its identity, times and prefix kept. */
export const tombstoneOf = (recording: RecordingState, at: string): RecordingState =>
  recording.deletedAt !== null
    ? recording
    : { ...recording, ...NO_MEDIA, deletionRequestedAt: recording.deletionRequestedAt ?? at, deletedAt: at };
