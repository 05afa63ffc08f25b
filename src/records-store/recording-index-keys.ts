import type { RecordingState } from '../recording-engine/records';
import { recordedAtOf } from '../recording-stats/recording-stats';

/** The one value of the `ExpiryQueue` enum: the partition retention queries. */
export const EXPIRY_QUEUE = 'EXPIRING';

/**
 * The Recording fields the store derives from the record on every write, keys of indexes
 * the engine knows nothing of:
 * - `expiryQueue`: EXPIRING while the recording has an expiry and is not deleted, else null
 *   (absent: the sparse retention index holds only what retention has still to delete);
 * - `recordedAt`: startTime ?? endTime. Every recording event carries a time, so one of them
 *   is always known; a sort key must never be null (the index would refuse the write).
 */
export type RecordingIndexKeys = { expiryQueue: typeof EXPIRY_QUEUE | null; recordedAt: string | null };

export const recordingIndexKeys = (state: RecordingState): RecordingIndexKeys => ({
  expiryQueue: state.expiresAt !== null && state.deletedAt === null ? EXPIRY_QUEUE : null,
  recordedAt: recordedAtOf(state),
});
