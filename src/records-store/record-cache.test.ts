import { describe, expect, it } from 'vitest';
import type { StreamSessionState } from '../recording-engine/records';
import { RECORD_CACHE_SIZE, RecordCache } from './record-cache';

const session: StreamSessionState = {
  id: 'st-1',
  profileId: 'p-1',
  owner: 'alice',
  channelArn: 'arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij',
  streamId: 'st-1',
  status: 'LIVE',
  statusReason: null,
  startTime: '2026-01-01T00:00:00.000Z',
  endTime: null,
  viewerCount: null,
  duration: null,
};

describe('given a record cache', () => {
  it('when nothing is said then it holds the documented number of records', () => {
    expect(new RecordCache().maxEntries).toBe(RECORD_CACHE_SIZE);
  });

  it('when an entry is read back and changed then the remembered one is not', () => {
    const cache = new RecordCache();
    cache.set('StreamSession', 'st-1', { version: 1, state: session });
    const read = cache.get('StreamSession', 'st-1')!;
    read.state.status = 'ENDED';
    read.version = 9;
    expect(cache.get('StreamSession', 'st-1')).toEqual({ version: 1, state: session });
  });

  it('when a Recording and a StreamSession share an id then they are two entries', () => {
    const cache = new RecordCache();
    cache.set('StreamSession', 'x', { version: 1, state: session });
    expect(cache.get('Recording', 'x')).toBeUndefined();
  });
});
