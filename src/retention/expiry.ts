/**
 * When retention deletes a recording: decided once, by the write that makes it final
 * (COMPLETED or FAILED), inside that same conditional write (no extra request). Pure: the
 * time of the write is passed in.
 */
import type { RecordingState } from '../recording-engine/records';

export const DAY_MS = 86_400_000;

/**
 * The recording with its `expiresAt`: `(endTime ?? writtenAt) + retentionDays`, set when
 * it is final and has none yet. A recording still STARTED, one that already has an expiry,
 * or no retention period (keep forever) is returned as it is. `retentionDays` is the
 * Profile's, else the backend default.
 */
export const withExpiry = (
  recording: RecordingState,
  retentionDays: number | null,
  writtenAt: number,
): RecordingState => {
  if (recording.recordingStatus === 'STARTED' || recording.expiresAt !== null || retentionDays === null) {
    return recording;
  }
  const endMs = recording.endTime === null ? Number.NaN : Date.parse(recording.endTime);
  const from = Number.isFinite(endMs) ? endMs : writtenAt;
  return { ...recording, expiresAt: new Date(from + retentionDays * DAY_MS).toISOString() };
};

/** The Profile's retention period, else the backend default; null keeps the recording forever. */
export const retentionDaysFor = (
  profile: { retentionDays: number | null },
  defaultDays: number | null | undefined,
): number | null => profile.retentionDays ?? defaultDays ?? null;
