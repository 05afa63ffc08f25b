import { describe, expect, it } from 'vitest';
import type { ProfileRef } from '../records-store/records-store';
import { ProfileCache } from './profile-cache';

const profileFor = (channelArn: string): ProfileRef => ({
  id: `profile-${channelArn}`,
  owner: 'owner-1',
  channelArn,
  channelName: null,
  retentionDays: null,
});

const countingLoader = (known: Set<string>) => {
  const calls: string[] = [];
  const load = async (arn: string) => {
    calls.push(arn);
    return known.has(arn) ? profileFor(arn) : null;
  };
  return { calls, load };
};

describe('given a profile cache', () => {
  it('when the same channel is asked twice within the ttl then the store is asked once', async () => {
    const { calls, load } = countingLoader(new Set(['a']));
    const cache = new ProfileCache(load, { now: () => 0 });
    expect(await cache.get('a')).toEqual(profileFor('a'));
    expect(await cache.get('a')).toEqual(profileFor('a'));
    expect(calls).toEqual(['a']);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it('when the ttl has passed then the profile is loaded again', async () => {
    let now = 0;
    const { calls, load } = countingLoader(new Set(['a']));
    const cache = new ProfileCache(load, { ttlMs: 1000, now: () => now });
    await cache.get('a');
    now = 1000;
    await cache.get('a');
    expect(calls).toEqual(['a', 'a']);
  });

  it('when a channel has no profile then the miss is not remembered', async () => {
    const known = new Set<string>();
    const { calls, load } = countingLoader(known);
    const cache = new ProfileCache(load, { now: () => 0 });
    expect(await cache.get('a')).toBeNull();
    known.add('a');
    expect(await cache.get('a')).toEqual(profileFor('a'));
    expect(calls).toEqual(['a', 'a']);
  });

  it('when more channels than the bound are seen then the least recently used is dropped', async () => {
    const { calls, load } = countingLoader(new Set(['a', 'b', 'c']));
    const cache = new ProfileCache(load, { maxEntries: 2, now: () => 0 });
    await cache.get('a');
    await cache.get('b');
    await cache.get('a'); // a is now more recent than b
    await cache.get('c'); // evicts b
    expect(cache.size).toBe(2);
    await cache.get('a');
    await cache.get('b');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });
});
