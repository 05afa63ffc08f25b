import { describe, expect, it } from 'vitest';
import { ivsStreamSessionLookup } from './ivs-sessions';
import { IvsStandIn } from '../local/ivs/ivs-stand-in';
import { RateLimiter, withBackoff, type Clock } from './rate-limiter';

const fakeClock = (): Clock & { elapsed: () => number } => {
  let t = 1_000_000;
  const start = t;
  return { now: () => t, sleep: async (ms) => void (t += ms), elapsed: () => t - start };
};

const CHANNEL = 'arn:aws:ivs:us-east-1:123456789012:channel/AbCdef1G2hij';
const sessions = Array.from({ length: 12 }, (_, i) => ({
  channelArn: CHANNEL,
  streamId: `st-${String(i).padStart(23, 'A')}`,
  startTime: '2026-11-23T10:00:00Z',
  endTime: '2026-11-23T11:00:00Z',
}));

describe('given the IVS limit of 5 calls/s (the stand-in enforces it)', () => {
  it('when 12 sessions are looked up through a 5/s limiter then none is throttled and it takes about 2.2 s', async () => {
    const clock = fakeClock();
    const ivs = new IvsStandIn({ sessions: () => sessions, now: clock.now });
    const lookup = ivsStreamSessionLookup(ivs, new RateLimiter(5, clock), { clock, backoffMs: [] });
    for (const s of sessions)
      expect(await lookup(CHANNEL, s.streamId)).toMatchObject({ endTime: new Date('2026-11-23T11:00:00Z') });
    expect(ivs.received).toHaveLength(12);
    expect(clock.elapsed()).toBe(2200);
  });

  it('when calls go faster than the limit then throttled calls are retried with backoff and all succeed', async () => {
    const clock = fakeClock();
    const ivs = new IvsStandIn({ sessions: () => sessions, now: clock.now });
    const lookup = ivsStreamSessionLookup(ivs, new RateLimiter(1000, clock), { clock, backoffMs: [250, 500, 1000] });
    for (const s of sessions) expect(await lookup(CHANNEL, s.streamId)).not.toBeNull();
    expect(ivs.received.length).toBeGreaterThan(12);
  });

  it('when a stream is unknown to IVS then the lookup says null (ResourceNotFoundException)', async () => {
    const lookup = ivsStreamSessionLookup(new IvsStandIn({ sessions: () => [] }), new RateLimiter(5));
    expect(await lookup(CHANNEL, 'st-missing')).toBeNull();
  });
});

describe('given withBackoff', () => {
  it('when the error is not retryable then it is thrown at once', async () => {
    const clock = fakeClock();
    let calls = 0;
    const failing = () =>
      withBackoff(
        async () => {
          calls++;
          throw new Error('boom');
        },
        { isRetryable: () => false, clock },
      );
    await expect(failing()).rejects.toThrow('boom');
    expect(calls).toBe(1);
    expect(clock.elapsed()).toBe(0);
  });
});
