import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from './percentiles';

describe('given latency samples', () => {
  it('when the p50 and p99 of 1..100 are asked then they are the 50th and 99th values (nearest rank)', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
  });

  it('when there are few samples then p99 is the largest and p50 the lower middle', () => {
    expect(percentile([3, 1, 2], 99)).toBe(3);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(median([7])).toBe(7);
  });

  it('when there are no samples then the summary says so with NaN', () => {
    expect(summarize([])).toMatchObject({ count: 0 });
    expect(Number.isNaN(summarize([]).p50)).toBe(true);
  });

  it('when a summary is made then count, mean and max match the samples and the input is not reordered', () => {
    const samples = [10, 30, 20];
    expect(summarize(samples)).toEqual({ count: 3, mean: 20, p50: 20, p99: 30, max: 30 });
    expect(samples).toEqual([10, 30, 20]);
  });

  it('when the percentile is out of range then it throws', () => {
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});
