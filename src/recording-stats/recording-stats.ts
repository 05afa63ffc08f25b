/**
 * Recording analytics for one owner over a time range: what the `recordingStats` query
 * answers, computed from the owner's recordings in that range. Pure: the records store reads
 * the recordings (an index query over the owner's range), this folds them once.
 *
 * Rules (README, "Recording analytics"):
 * - A recording belongs to the UTC day of `recordedAt` = `startTime ?? endTime` (the field the
 *   store keeps for the owner index), whole: a recording over midnight counts on its first day.
 *   Only `from <= recordedAt < to` counts; a recording with neither time has no place and is
 *   left out (the store never writes one).
 * - Duration: `recordingDurationMs` (what IVS's Recording End reports, reconnect gaps
 *   included), else `endTime - startTime` when both are known (a lost End, a failure: IVS
 *   reports 0 there, which the engine keeps as unknown). Neither: unknown, so a recording in
 *   progress adds nothing to the recorded time, the average or the longest.
 * - Tombstones (`deletedAt` set: retention or the owner deleted its media) count only in
 *   `deleted`: their media is gone, so they are no longer recorded time, failures or reconnects.
 */
import type { RecordingStatus } from '../recording-engine/records';
import { utcDay } from '../recording-engine/event-time';
import { unreachable } from '../recording-engine/exhaustive';
import { daysOf, inRange, type StatsRange } from './stats-range';

/** The fields of a Recording the stats read (the records store selects these only). */
export type StatsRecording = {
  id: string;
  recordingStatus: RecordingStatus;
  recordingStatusReason: string | null;
  recordingDurationMs: number | null;
  startTime: string | null;
  endTime: string | null;
  streamIds: readonly string[];
  deletedAt: string | null;
};

export type RecordingStatsDay = {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  recordings: number;
  recordedMs: number;
  failed: number;
};

export type RecordingFailureReason = {
  /** IVS's `recording_status_reason`; null when the failure carried none. */
  reason: string | null;
  count: number;
};

export type RecordingStatusCounts = { started: number; completed: number; failed: number };

/** The `RecordingStats` type of the schema. */
export type RecordingStats = {
  from: string;
  to: string;
  /** Recordings counted (tombstones excluded). */
  recordings: number;
  /** Sum of the known durations. */
  recordedMs: number;
  byStatus: RecordingStatusCounts;
  /** Most frequent first, then by reason; the null reason last among equals. */
  failureReasons: RecordingFailureReason[];
  /** How many recordings have a known duration: what the average is over. */
  withDuration: number;
  /** Rounded to the millisecond; null when no duration is known. */
  averageDurationMs: number | null;
  longestDurationMs: number | null;
  /** Streams merged into a recording after its first (IVS reconnect window): sum of streamIds - 1. */
  mergedReconnects: number;
  /** Tombstones in the range, counted nowhere else. */
  deleted: number;
  /** One entry per UTC day the range touches, days without recordings included. */
  days: RecordingStatsDay[];
};

/** `startTime ?? endTime`: the instant that places a recording in time. */
export const recordedAtOf = (r: Pick<StatsRecording, 'startTime' | 'endTime'>): string | null =>
  r.startTime ?? r.endTime;

/** The recording's duration in ms, or null when unknown (see the rules above). */
export const knownDurationMs = (r: StatsRecording): number | null => {
  if (r.recordingDurationMs !== null) return r.recordingDurationMs;
  if (r.startTime === null || r.endTime === null) return null;
  const ms = Date.parse(r.endTime) - Date.parse(r.startTime);
  return ms >= 0 ? ms : null;
};

const byCountThenReason = (a: RecordingFailureReason, b: RecordingFailureReason): number => {
  if (a.count !== b.count) return b.count - a.count;
  if (a.reason === b.reason) return 0;
  if (a.reason === null) return 1;
  if (b.reason === null) return -1;
  return a.reason < b.reason ? -1 : 1;
};

/** `recordings`: each once (the store's read returns each id once). */
export const recordingStats = (range: StatsRange, recordings: readonly StatsRecording[]): RecordingStats => {
  const days = new Map<string, RecordingStatsDay>(
    daysOf(range).map((day) => [day, { day, recordings: 0, recordedMs: 0, failed: 0 }]),
  );
  const reasons = new Map<string | null, number>();
  const byStatus: RecordingStatusCounts = { started: 0, completed: 0, failed: 0 };
  let counted = 0;
  let recordedMs = 0;
  let withDuration = 0;
  let longest: number | null = null;
  let mergedReconnects = 0;
  let deleted = 0;

  for (const r of recordings) {
    const at = recordedAtOf(r);
    // The index read may return the `to` bound itself (between is inclusive): outside [from, to).
    if (at === null || !inRange(range, at)) continue;
    if (r.deletedAt !== null) {
      deleted++;
      continue;
    }
    const day = days.get(utcDay(Date.parse(at)));
    if (!day) throw new Error(`recording ${r.id} at ${at} falls on no day of ${range.from} to ${range.to}`);
    counted++;
    day.recordings++;
    const duration = knownDurationMs(r);
    if (duration !== null) {
      withDuration++;
      recordedMs += duration;
      day.recordedMs += duration;
      longest = longest === null ? duration : Math.max(longest, duration);
    }
    mergedReconnects += Math.max(0, r.streamIds.length - 1);
    switch (r.recordingStatus) {
      case 'STARTED':
        byStatus.started++;
        break;
      case 'COMPLETED':
        byStatus.completed++;
        break;
      case 'FAILED':
        byStatus.failed++;
        day.failed++;
        reasons.set(r.recordingStatusReason, (reasons.get(r.recordingStatusReason) ?? 0) + 1);
        break;
      default:
        unreachable(r.recordingStatus, 'recording status');
    }
  }

  return {
    from: range.from,
    to: range.to,
    recordings: counted,
    recordedMs,
    byStatus,
    failureReasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort(byCountThenReason),
    withDuration,
    averageDurationMs: withDuration === 0 ? null : Math.round(recordedMs / withDuration),
    longestDurationMs: longest,
    mergedReconnects,
    deleted,
    days: [...days.values()],
  };
};
