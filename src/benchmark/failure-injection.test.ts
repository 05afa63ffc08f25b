import { describe, expect, it } from 'vitest';
import { FAILURE_KINDS, failureDecider, injectedResponse, type FailureKind } from './failure-injection';

const draw = (decide: () => FailureKind | null, n: number) => Array.from({ length: n }, decide);

describe('given a failure policy', () => {
  it('when the rate is 5% then about 5% of 20 000 requests fail, spread over every kind', () => {
    const decisions = draw(failureDecider({ rate: 0.05, seed: 7 }), 20_000);
    const failed = decisions.filter((d) => d !== null);
    expect(failed.length / decisions.length).toBeGreaterThan(0.045);
    expect(failed.length / decisions.length).toBeLessThan(0.055);
    for (const kind of FAILURE_KINDS)
      expect(failed.filter((d) => d === kind).length).toBeGreaterThan(failed.length / 5);
  });

  it('when the same seed is used twice then the decisions are the same', () => {
    expect(draw(failureDecider({ rate: 0.3, seed: 42 }), 500)).toEqual(
      draw(failureDecider({ rate: 0.3, seed: 42 }), 500),
    );
  });

  it('when the rate is 0 then no request fails, and at 1 every one does', () => {
    expect(draw(failureDecider({ rate: 0, seed: 1 }), 1000).every((d) => d === null)).toBe(true);
    expect(draw(failureDecider({ rate: 1, seed: 1 }), 1000).every((d) => d !== null)).toBe(true);
  });

  it('when only one kind has weight then only that kind is injected', () => {
    const decisions = draw(failureDecider({ rate: 1, seed: 3, weights: { unavailable: 0, lost_response: 0 } }), 200);
    expect(new Set(decisions)).toEqual(new Set(['throttled']));
  });

  it('when the policy is invalid then it throws', () => {
    expect(() => failureDecider({ rate: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() =>
      failureDecider({ rate: 0.1, seed: 1, weights: { unavailable: 0, throttled: 0, lost_response: 0 } }),
    ).toThrow(RangeError);
  });

  it('when a throttling failure is answered then it is a 200 carrying a DynamoDB throttling error, others are 503', () => {
    const throttled = injectedResponse('throttled');
    expect(throttled.status).toBe(200);
    expect(JSON.parse(throttled.body).errors[0].errorType).toMatch(/ProvisionedThroughputExceeded/);
    expect(injectedResponse('unavailable').status).toBe(503);
    expect(injectedResponse('lost_response').status).toBe(503);
  });
});
