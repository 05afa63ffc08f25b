import { describe, expect, it } from 'vitest';
import { CHART, dayBars, lastDays, type StatsDay } from './stats-chart';

const day = (d: string, recordings: number, recordedMs: number, failed: number): StatsDay => ({
  day: d,
  recordings,
  recordedMs,
  failed,
});

describe('given a "last N days" choice', () => {
  it('when the range is made then it covers N whole UTC days, today the last', () => {
    expect(lastDays(7, Date.parse('2026-11-30T12:25:00Z'))).toEqual({
      from: '2026-11-24T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
  });

  it('when it is made at midnight exactly then today is still the last day', () => {
    expect(lastDays(1, Date.parse('2026-11-30T00:00:00Z'))).toEqual({
      from: '2026-11-30T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
  });
});

describe('given a per-day series', () => {
  const days = [day('2026-11-01', 0, 0, 0), day('2026-11-02', 4, 3_600_000, 1), day('2026-11-03', 2, 7_200_000, 2)];

  it('when charted by recordings then each day has a bar in its slot, scaled to the largest, failures as part of it', () => {
    const chart = dayBars(days, 'recordings');

    expect(chart.max).toBe(4);
    expect(chart.width).toBe(3 * CHART.slot);
    expect(chart.bars.map((b) => [b.day, b.x, b.height, b.failedHeight])).toEqual([
      ['2026-11-01', 1, 0, 0],
      ['2026-11-02', 11, 100, 25],
      ['2026-11-03', 21, 50, 50],
    ]);
    expect(chart.bars[1]!.label).toBe('2026-11-02: 4 recordings, 1h 00m 00s recorded, 1 failed');
  });

  it('when charted by recorded time then the heights follow the time and no failure part shows', () => {
    const chart = dayBars(days, 'recordedMs');

    expect(chart.bars.map((b) => [b.height, b.failedHeight])).toEqual([
      [0, 0],
      [50, 0],
      [100, 0],
    ]);
  });

  it('when every day is empty then every bar is flat, not a division by zero', () => {
    expect(dayBars([day('2026-11-01', 0, 0, 0)], 'recordings').bars[0]).toMatchObject({ height: 0, value: 0 });
  });
});
