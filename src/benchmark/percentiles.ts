/** Latency summaries: nearest-rank percentiles over raw samples (no interpolation). */

export type LatencySummary = {
  count: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
};

/**
 * The nearest-rank percentile of `samples`: the smallest sample such that at least
 * p% of the samples are at or below it. p in (0, 100]; NaN for no samples.
 */
export const percentile = (samples: readonly number[], p: number): number => {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
};

export const summarize = (samples: readonly number[]): LatencySummary => {
  if (samples.length === 0) return { count: 0, mean: Number.NaN, p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sum = samples.reduce((a, b) => a + b, 0);
  return {
    count: samples.length,
    mean: sum / samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: Math.max(...samples),
  };
};

/** The median of a few repeated measurements (e.g. cold starts). */
export const median = (samples: readonly number[]): number => percentile(samples, 50);
