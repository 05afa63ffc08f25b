import { describe, expect, it } from 'vitest';
import week from './fixtures/week-of-recordings.json';
import { knownDurationMs, recordingStats, type StatsRecording } from './recording-stats';
import { parseStatsRange } from './stats-range';

const WEEK = week as StatsRecording[];
const RANGE = parseStatsRange({ from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z' });
const base: StatsRecording = {
  id: 'r',
  recordingStatus: 'COMPLETED',
  recordingStatusReason: null,
  recordingDurationMs: null,
  startTime: null,
  endTime: null,
  streamIds: [],
  deletedAt: null,
};

describe('recordingStats', () => {
  it('given a week of recordings, when folded, then the totals count the live recordings in [from, to) only', () => {
    const stats = recordingStats(RANGE, WEEK);

    expect(stats).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-08T00:00:00.000Z',
      recordings: 6,
      byStatus: { started: 1, completed: 2, failed: 3 },
      deleted: 1,
      // 3 merged into the first recording's first stream (2) + the failed one's 1.
      mergedReconnects: 3,
    });
  });

  it('given reported and derived durations, when folded, then recorded time sums them and in-progress ones add nothing', () => {
    const stats = recordingStats(RANGE, WEEK);

    // 60 min reported + 60 min from end - start + 20 min from end - start.
    expect(stats.recordedMs).toBe(8_400_000);
    expect(stats.withDuration).toBe(3);
    expect(stats.averageDurationMs).toBe(2_800_000);
    expect(stats.longestDurationMs).toBe(3_600_000);
  });

  it('given failures with and without a reason, when folded, then each reason is counted, the missing one its own bucket', () => {
    expect(recordingStats(RANGE, WEEK).failureReasons).toEqual([
      { reason: 'Recording failed to start', count: 2 },
      { reason: null, count: 1 },
    ]);
  });

  it('given the range, when folded, then there is one day per UTC day, empty days zero, each recording on the day it started', () => {
    const days = recordingStats(RANGE, WEEK).days;

    expect(days.map((d) => d.day)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
      '2026-11-06',
      '2026-11-07',
    ]);
    expect(days[0]).toEqual({ day: '2026-11-01', recordings: 0, recordedMs: 0, failed: 0 });
    // The recording over midnight counts whole on the day it started.
    expect(days[1]).toEqual({ day: '2026-11-02', recordings: 2, recordedMs: 7_200_000, failed: 0 });
    expect(days[3]).toEqual({ day: '2026-11-04', recordings: 2, recordedMs: 1_200_000, failed: 2 });
    // Only tombstones that day: nothing counted.
    expect(days[4]).toEqual({ day: '2026-11-05', recordings: 0, recordedMs: 0, failed: 0 });
    // Known by its end time only.
    expect(days[5]).toEqual({ day: '2026-11-06', recordings: 1, recordedMs: 0, failed: 1 });
    expect(days[6]).toEqual({ day: '2026-11-07', recordings: 1, recordedMs: 0, failed: 0 });
  });

  it('given no recordings, when folded, then everything is zero and the average and longest are null', () => {
    const stats = recordingStats(RANGE, []);

    expect(stats).toMatchObject({ recordings: 0, recordedMs: 0, averageDurationMs: null, longestDurationMs: null });
    expect(stats.days).toHaveLength(7);
    expect(stats.failureReasons).toEqual([]);
  });

  it('given a range that does not start at midnight, when folded, then its first and last partial days are in the series', () => {
    const range = parseStatsRange({ from: '2026-11-01T18:00:00Z', to: '2026-11-03T06:00:00Z' });

    expect(recordingStats(range, []).days.map((d) => d.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
  });

  it('given equal failure counts, when sorted, then reasons go by text and the missing reason last', () => {
    const failed = (id: string, reason: string | null): StatsRecording => ({
      ...base,
      id,
      recordingStatus: 'FAILED',
      recordingStatusReason: reason,
      startTime: '2026-11-03T00:00:00.000Z',
    });
    const stats = recordingStats(RANGE, [failed('1', null), failed('2', 'b'), failed('3', 'a')]);

    expect(stats.failureReasons.map((r) => r.reason)).toEqual(['a', 'b', null]);
  });
});

describe('knownDurationMs', () => {
  it('given a reported duration, then it wins over the times', () => {
    expect(
      knownDurationMs({
        ...base,
        recordingDurationMs: 5,
        startTime: '2026-11-01T00:00:00.000Z',
        endTime: '2026-11-01T01:00:00.000Z',
      }),
    ).toBe(5);
  });

  it('given an end before the start, then the duration is unknown', () => {
    expect(
      knownDurationMs({ ...base, startTime: '2026-11-01T01:00:00.000Z', endTime: '2026-11-01T00:00:00.000Z' }),
    ).toBeNull();
  });
});
