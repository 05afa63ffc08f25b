import { describe, expect, it } from 'vitest';
import { hasMore, pendingPages } from './record-feed';
import { initialRecordsState, recordsReducer, type RecordingRow } from './records-state';

const recording = (id: string, profileId: string, version: number, status: string): RecordingRow => ({
  id,
  profileId,
  version,
  streamSessionId: 'st-1',
  recordingSessionId: id,
  recordingStatus: status,
  startTime: '2026-11-23T20:12:00Z',
});

describe('given a signed-in user whose profiles just loaded', () => {
  const state = recordsReducer(initialRecordsState, {
    type: 'profiles',
    profiles: [{ id: 'p1', channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/A' }],
  });

  it('when nothing else happened then both feeds wait for the first page of that profile', () => {
    expect(pendingPages(state.recordings)).toEqual([{ profileId: 'p1', nextToken: null }]);
    expect(pendingPages(state.sessions)).toEqual([{ profileId: 'p1', nextToken: null }]);
  });

  it('when a recording starts and then completes by subscription then the row shows COMPLETED', () => {
    const started = recordsReducer(state, { type: 'recording', row: recording('r1', 'p1', 1, 'STARTED') });
    const completed = recordsReducer(started, { type: 'recording', row: recording('r1', 'p1', 2, 'COMPLETED') });
    expect(completed.recordings.rows.map((r) => [r.id, r.recordingStatus])).toEqual([['r1', 'COMPLETED']]);
  });

  it('when a query page read before the update comes back after it then the row stays COMPLETED', () => {
    const live = recordsReducer(state, { type: 'recording', row: recording('r1', 'p1', 2, 'COMPLETED') });
    const paged = recordsReducer(live, {
      type: 'recordingsPage',
      profileId: 'p1',
      page: { items: [recording('r1', 'p1', 1, 'STARTED')], nextToken: null },
    });
    expect(paged.recordings.rows.map((r) => r.recordingStatus)).toEqual(['COMPLETED']);
    expect(hasMore(paged.recordings)).toBe(false);
  });

  it('when a second profile is created then it joins both feeds once, and the first keeps its cursor', () => {
    const paged = recordsReducer(state, {
      type: 'recordingsPage',
      profileId: 'p1',
      page: { items: [], nextToken: 'next' },
    });
    const p2 = { id: 'p2', channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/B' };
    const created = recordsReducer(recordsReducer(paged, { type: 'profileCreated', profile: p2 }), {
      type: 'profileCreated',
      profile: p2,
    });
    expect(created.profiles?.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(pendingPages(created.recordings)).toEqual([
      { profileId: 'p1', nextToken: 'next' },
      { profileId: 'p2', nextToken: null },
    ]);
  });

  it('when loads overlap then the page is busy until the last one ends', () => {
    const two = recordsReducer(recordsReducer(state, { type: 'loadStart' }), { type: 'loadStart' });
    const one = recordsReducer(two, { type: 'loadEnd' });
    expect(one.loading).toBe(1);
    expect(recordsReducer(one, { type: 'loadEnd' }).loading).toBe(0);
  });
});
