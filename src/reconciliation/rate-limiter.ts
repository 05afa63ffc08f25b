/**
 * Client-side pacing for the IVS control plane (5 calls/s per account and region,
 * not adjustable): calls are spaced evenly, and a throttled call is retried with
 * exponential backoff. Time is injected, so tests run instantly.
 */
export type Clock = { now: () => number; sleep: (ms: number) => Promise<void> };

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RateLimiter {
  private nextSlot = 0;
  private readonly spacingMs: number;

  constructor(
    callsPerSecond: number,
    private readonly clock: Clock = realClock,
  ) {
    if (!(callsPerSecond > 0)) throw new Error(`callsPerSecond must be positive, got ${callsPerSecond}`);
    this.spacingMs = 1000 / callsPerSecond;
  }

  /** Resolves when the caller may make its call; slots are reserved in call order. */
  async acquire(): Promise<void> {
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.spacingMs;
    if (slot > now) await this.clock.sleep(slot - now);
  }
}

export type BackoffOptions = {
  /** Waits before each retry; its length is the number of retries. */
  delaysMs?: readonly number[];
  isRetryable: (error: unknown) => boolean;
  clock?: Clock;
};

export const DEFAULT_BACKOFF_MS = [250, 500, 1000, 2000, 4000] as const;

/** Runs `call`, retrying what `isRetryable` accepts after each delay in turn. */
export const withBackoff = async <T>(call: () => Promise<T>, options: BackoffOptions): Promise<T> => {
  const delays = options.delaysMs ?? DEFAULT_BACKOFF_MS;
  const clock = options.clock ?? realClock;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined || !options.isRetryable(error)) throw error;
      await clock.sleep(delay);
    }
  }
};
