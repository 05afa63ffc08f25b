/**
 * Delays between Lambda async retries. AWS waits about 1 minute, then about 2;
 * locally the same doubling is kept but short, so a failing handler's whole
 * story (attempts, retries, capture) plays out in well under a second.
 */
export const DEFAULT_LOCAL_RETRY_DELAYS_MS: readonly number[] = [200, 400];
export const AWS_RETRY_DELAYS_MS: readonly number[] = [60_000, 120_000];

/**
 * `LOCAL_RETRY_DELAY_MS`: one number is the first delay (each next one doubles),
 * a comma list gives each delay ("200,400"). Anything else is an error: a typo
 * must not silently fall back to defaults.
 */
export const retryDelaysFromEnv = (value: string | undefined): readonly number[] | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const parts = value.split(',').map((p) => Number(p.trim()));
  if (parts.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new Error(`LOCAL_RETRY_DELAY_MS="${value}": expected a number of ms or a list like 200,400`);
  }
  return parts.length === 1 ? [parts[0]!, parts[0]! * 2] : parts;
};

/** The delay before retry number `retry` (1-based); past the list, the last one doubles. */
export const retryDelayFor = (delays: readonly number[], retry: number): number => {
  if (delays.length === 0) return 0;
  const index = retry - 1;
  if (index < delays.length) return delays[index]!;
  return delays[delays.length - 1]! * 2 ** (index - delays.length + 1);
};
