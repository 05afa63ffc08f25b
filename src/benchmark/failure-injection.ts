/**
 * Which data API requests fail, decided up front by a seeded draw so a soak run can
 * be replayed. Three transient failures, as a Lambda sees them from AppSync:
 * - `unavailable`: HTTP 503 before the request reaches the resolvers (nothing done);
 * - `throttled`: HTTP 200 with a DynamoDB throttling error (nothing done), as AppSync
 *   answers when the table throttles;
 * - `lost_response`: the request IS applied, then the answer is lost (HTTP 503): the
 *   retry must be idempotent.
 * The Amplify client retries 5xx itself (3 attempts, jittered backoff); a throttling
 * error inside a 200 reaches the handler, which throws so Lambda retries.
 */
import { mulberry32, type Rng } from '../simulation/random';

export type FailureKind = 'unavailable' | 'throttled' | 'lost_response';
export const FAILURE_KINDS: readonly FailureKind[] = ['unavailable', 'throttled', 'lost_response'];

export type FailurePolicy = {
  /** Probability that a request fails, in [0, 1]. */
  rate: number;
  /** Relative weights of the kinds; default equal. */
  weights?: Partial<Record<FailureKind, number>>;
  seed: number;
};

export type FailureDecider = () => FailureKind | null;

export const NO_FAILURES: FailureDecider = () => null;

/** A seeded decider: each call is one request. */
export const failureDecider = (policy: FailurePolicy, rng: Rng = mulberry32(policy.seed)): FailureDecider => {
  if (!(policy.rate >= 0 && policy.rate <= 1)) throw new RangeError(`rate must be in [0, 1], got ${policy.rate}`);
  const weights = FAILURE_KINDS.map((kind) => policy.weights?.[kind] ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  if (weights.some((w) => !(w >= 0)) || total <= 0) throw new RangeError('weights must be >= 0 with one above 0');
  return () => {
    if (policy.rate === 0 || rng() >= policy.rate) return null;
    let draw = rng() * total;
    for (let i = 0; i < FAILURE_KINDS.length; i++) {
      draw -= weights[i]!;
      if (draw < 0 && weights[i]! > 0) return FAILURE_KINDS[i]!;
    }
    // Rounding: the last kind with a weight.
    return [...FAILURE_KINDS].reverse().find((_, i) => weights[FAILURE_KINDS.length - 1 - i]! > 0)!;
  };
};

export type InjectedResponse = { status: number; headers: Record<string, string>; body: string };

/** What the client receives for an injected failure (before or instead of the real answer). */
export const injectedResponse = (kind: FailureKind): InjectedResponse => {
  switch (kind) {
    case 'unavailable':
    case 'lost_response':
      return {
        status: 503,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ServiceUnavailableException' },
        body: JSON.stringify({
          errors: [{ errorType: 'ServiceUnavailableException', message: 'Injected: service unavailable' }],
        }),
      };
    case 'throttled':
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          data: null,
          errors: [
            {
              errorType: 'DynamoDB:ProvisionedThroughputExceededException',
              message: 'Injected: the level of configured provisioned throughput for the table was exceeded',
            },
          ],
        }),
      };
  }
};
