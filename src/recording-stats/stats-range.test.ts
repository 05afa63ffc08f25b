import { describe, expect, it } from 'vitest';
import { daysOf, MAX_RANGE_DAYS, parseStatsRange, StatsRangeError } from './stats-range';

describe('parseStatsRange', () => {
  it('given RFC 3339 times with offsets, when parsed, then they are canonical UTC ISO times', () => {
    expect(parseStatsRange({ from: '2026-11-01T02:00:00+02:00', to: '2026-11-02T00:00:00Z' })).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      fromMs: Date.parse('2026-11-01T00:00:00Z'),
      toMs: Date.parse('2026-11-02T00:00:00Z'),
    });
  });

  it.each([
    [{ from: undefined, to: '2026-11-02T00:00:00Z' }, /from must be an ISO 8601 date-time/],
    [{ from: '2026-11-01', to: '2026-11-02T00:00:00Z' }, /from must be .* got "2026-11-01"/],
    [{ from: '2026-11-01T00:00:00Z', to: '2026-02-30T00:00:00Z' }, /to must be .* got "2026-02-30T00:00:00Z"/],
    [
      { from: '2026-11-02T00:00:00Z', to: '2026-11-02T00:00:00Z' },
      /from \(2026-11-02T00:00:00.000Z\) must be before to/,
    ],
    [{ from: '2026-11-03T00:00:00Z', to: '2026-11-02T00:00:00Z' }, /must be before to/],
    [{ from: '2025-01-01T00:00:00Z', to: '2026-01-02T00:00:00.001Z' }, /at most 366 days, got 366.0/],
  ])('given %o, when parsed, then it is refused with a clear error', (input, message) => {
    expect(() => parseStatsRange(input)).toThrow(StatsRangeError);
    expect(() => parseStatsRange(input)).toThrow(message);
  });

  it('given exactly the longest range (a leap year), when parsed, then it is accepted with a day each', () => {
    const range = parseStatsRange({ from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' });

    expect(daysOf(range)).toHaveLength(MAX_RANGE_DAYS);
    expect(daysOf(range).at(-1)).toBe('2024-12-31');
  });
});

describe('daysOf', () => {
  it('given a range ending at midnight, then the day of `to` is not in it', () => {
    expect(daysOf(parseStatsRange({ from: '2026-02-27T00:00:00Z', to: '2026-03-02T00:00:00Z' }))).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
  });

  it('given a range of one millisecond, then it has one day', () => {
    expect(daysOf(parseStatsRange({ from: '2026-11-01T23:59:59.999Z', to: '2026-11-02T00:00:00Z' }))).toEqual([
      '2026-11-01',
    ]);
  });
});
