import { describe, expect, it } from 'vitest';
import week from './fixtures/week-of-recordings.json';
import type { StatsRecording } from './recording-stats';
import { parseStatsEvent, statsFor, StatsUnauthorizedError } from './stats-request';
import { StatsRangeError } from './stats-range';

const CALLER = { sub: 'sub-1', username: 'sub-1' };
const ARGS = { from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z' };

describe('parseStatsEvent', () => {
  it('given a user pool identity and a range, when parsed, then both come out typed', () => {
    const request = parseStatsEvent({ arguments: ARGS, identity: { sub: 'sub-1', username: 'alice', claims: {} } });

    expect(request.caller).toEqual({ sub: 'sub-1', username: 'alice' });
    expect(request.range.from).toBe('2026-11-01T00:00:00.000Z');
  });

  it.each([
    ['no identity', undefined],
    ['an IAM identity', { accountId: '123456789012', userArn: 'arn:aws:iam::123456789012:user/x' }],
    ['an empty sub', { sub: '', username: 'alice' }],
  ])('given %s, when parsed, then it is Unauthorized before the range is looked at', (_, identity) => {
    expect(() => parseStatsEvent({ arguments: { from: 'bad' }, identity })).toThrow(StatsUnauthorizedError);
  });

  it('given a signed-in caller and a bad range, when parsed, then it is a StatsRangeError', () => {
    expect(() => parseStatsEvent({ arguments: { ...ARGS, to: ARGS.from }, identity: CALLER })).toThrow(StatsRangeError);
  });
});

describe('statsFor', () => {
  it('given recordings stored under different forms of the caller, when asked, then every form is read once and all count', async () => {
    const asked: string[] = [];
    const [first, second] = week as StatsRecording[];
    const byOwner: Record<string, StatsRecording[]> = { 'sub-1::alice': [first!], 'sub-1': [second!], alice: [] };

    const stats = await statsFor(
      { ...parseStatsEvent({ arguments: ARGS, identity: { sub: 'sub-1', username: 'alice' } }) },
      {
        recordingsOf: async (owner, range) => {
          asked.push(`${owner} ${range.from} ${range.to}`);
          return byOwner[owner] ?? [];
        },
      },
    );

    expect(asked).toEqual([
      'sub-1::alice 2026-11-01T00:00:00.000Z 2026-11-08T00:00:00.000Z',
      'sub-1 2026-11-01T00:00:00.000Z 2026-11-08T00:00:00.000Z',
      'alice 2026-11-01T00:00:00.000Z 2026-11-08T00:00:00.000Z',
    ]);
    expect(stats.recordings).toBe(2);
  });

  it('given a pool that names users by sub, when asked, then the two distinct forms are read', async () => {
    const asked: string[] = [];
    await statsFor(parseStatsEvent({ arguments: ARGS, identity: CALLER }), {
      recordingsOf: async (owner) => {
        asked.push(owner);
        return [];
      },
    });

    expect(asked).toEqual(['sub-1::sub-1', 'sub-1']);
  });
});
