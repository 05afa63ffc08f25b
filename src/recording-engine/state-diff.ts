/**
 * Field-level comparison of records: tells a duplicate or stale event (nothing
 * changes, no write) from a real change, and names what changed for the logs.
 */
import { RECORDING_FIELDS, STREAM_SESSION_FIELDS, type RecordingState, type StreamSessionState } from './records';

// Lists hold strings (stream ids) or plain objects of scalars (renditions, keys in one order).
const sameValue = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : a === b;

const changedFields = <T extends object>(fields: readonly (keyof T)[], before: T | null, after: T): (keyof T)[] =>
  before === null ? [...fields] : fields.filter((field) => !sameValue(before[field], after[field]));

export const isSameRecording = (a: RecordingState, b: RecordingState): boolean =>
  changedFields(RECORDING_FIELDS, a, b).length === 0;

export const isSameStreamSession = (a: StreamSessionState, b: StreamSessionState): boolean =>
  changedFields(STREAM_SESSION_FIELDS, a, b).length === 0;

/** The fields that differ (all of them when there was no record before). */
export function describeChange(before: RecordingState | null, after: RecordingState): (keyof RecordingState)[];
export function describeChange(
  before: StreamSessionState | null,
  after: StreamSessionState,
): (keyof StreamSessionState)[];
export function describeChange(
  before: RecordingState | StreamSessionState | null,
  after: RecordingState | StreamSessionState,
): string[] {
  if ('recordingSessionId' in after) {
    return changedFields<RecordingState>(RECORDING_FIELDS, before as RecordingState | null, after);
  }
  return changedFields<StreamSessionState>(STREAM_SESSION_FIELDS, before as StreamSessionState | null, after);
}
