import { describe, expect, it } from 'vitest';
import { parseStatsRange } from '../recording-stats/stats-range';
import { recordingStats } from '../recording-stats/recording-stats';
import { MEASURED_OWNER_RECORDINGS, STATS_QUERY_RANGE, statsSeedRow } from './stats-seed-rows';

const rows = (n: number) => Array.from({ length: n }, (_, i) => statsSeedRow(i));

describe('given the recording-stats seed rows', () => {
  it('when a table of any size is seeded then the measured owner has the same rows, the first ones, and no other row is theirs', () => {
    const small = rows(1_000);
    const large = rows(20_000);

    const measured = (all: typeof small) => all.filter((r) => r.owner === 0).map((r) => r.stats);
    expect(measured(small)).toHaveLength(MEASURED_OWNER_RECORDINGS);
    expect(measured(large)).toEqual(measured(small));
    expect(large.slice(MEASURED_OWNER_RECORDINGS).every((r) => r.owner !== 0)).toBe(true);
  });

  it('when the measured owner is asked about the query range then half their recordings are in it, of every status', () => {
    const stats = recordingStats(
      parseStatsRange(STATS_QUERY_RANGE),
      rows(MEASURED_OWNER_RECORDINGS).map((r) => r.stats),
    );

    expect(stats.recordings + stats.deleted).toBe(MEASURED_OWNER_RECORDINGS / 2);
    expect(stats.byStatus.started).toBeGreaterThan(0);
    expect(stats.byStatus.failed).toBeGreaterThan(0);
    expect(stats.deleted).toBeGreaterThan(0);
    expect(stats.mergedReconnects).toBeGreaterThan(0);
  });

  it('when a row is written then it carries the index keys the store derives (owner, recordedAt = the start)', () => {
    const { row, stats } = statsSeedRow(5);

    expect(row.owner).toBe('stats-owner-0000::stats-owner-0000');
    expect(row.recordedAt).toBe(stats.startTime);
    expect(row.__typename).toBe('Recording');
  });
});
