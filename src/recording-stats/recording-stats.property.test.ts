import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rangeArb, recordingsAround } from './fixtures/stats-arbitraries';
import { oracleStats } from './fixtures/stats-oracle';
import { recordingStats } from './recording-stats';
import { parseStatsRange } from './stats-range';

const RUNS = { numRuns: 300 };

const caseArb = rangeArb.chain((range) => recordingsAround(range).map((recordings) => ({ range, recordings })));

describe('recordingStats against the oracle', () => {
  it('given any valid range and recordings in, around and on its bounds, when folded, then the stats equal the oracle', () => {
    fc.assert(
      fc.property(caseArb, ({ range, recordings }) => {
        const parsed = parseStatsRange({ from: range.from, to: range.to });

        expect(recordingStats(parsed, recordings)).toEqual(oracleStats(range.from, range.to, recordings));
      }),
      RUNS,
    );
  });

  it('given any recordings, when their order changes, then the stats do not', () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) =>
          fc.shuffledSubarray(c.recordings, { minLength: c.recordings.length }).map((s) => ({ ...c, shuffled: s })),
        ),
        ({ range, recordings, shuffled }) => {
          const parsed = parseStatsRange({ from: range.from, to: range.to });

          expect(recordingStats(parsed, shuffled)).toEqual(recordingStats(parsed, recordings));
        },
      ),
      RUNS,
    );
  });

  it('given any stats, when the days are summed, then they give the totals', () => {
    fc.assert(
      fc.property(caseArb, ({ range, recordings }) => {
        const stats = recordingStats(parseStatsRange(range), recordings);

        expect(stats.days.reduce((n, d) => n + d.recordings, 0)).toBe(stats.recordings);
        expect(stats.days.reduce((n, d) => n + d.recordedMs, 0)).toBe(stats.recordedMs);
        expect(stats.days.reduce((n, d) => n + d.failed, 0)).toBe(stats.byStatus.failed);
        expect(stats.failureReasons.reduce((n, r) => n + r.count, 0)).toBe(stats.byStatus.failed);
      }),
      RUNS,
    );
  });
});
