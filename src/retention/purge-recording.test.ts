// purgeRecording against the in-memory records store: the owner's, another user's, a
// missing id, a recording already deleted, one still being recorded.
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventLogger } from '../event-processing/observability';
import { NO_LIFECYCLE, NO_MEDIA, type RecordingState } from '../recording-engine/records';
import { InMemoryRecordsStore } from '../records-store/in-memory-records-store';
import { purgeRecording } from './purge-recording';
import type { DeletePrefix } from './recording-deletion';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const AT = new Date(NOW).toISOString();
const ALICE = { sub: 'sub-alice', username: 'sub-alice' };
const MALLORY = { sub: 'sub-mallory', username: 'sub-mallory' };
const PREFIX = 'ivs/v1/123456789012/AbCd/2026/11/30/11/0/rec';

const recording = (patch: Partial<RecordingState> = {}): RecordingState => ({
  id: 'rec-1',
  profileId: 'profile-1',
  owner: 'sub-alice::sub-alice',
  streamSessionId: 'st-1',
  channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/AbCd',
  recordingSessionId: 'rec',
  recordingStatus: 'COMPLETED',
  recordingStatusReason: null,
  s3BucketName: 'recordings',
  s3KeyPrefix: PREFIX,
  recordingDurationMs: 60_000,
  streamIds: ['st-1'],
  startTime: '2026-11-30T11:00:00.000Z',
  endTime: '2026-11-30T11:01:00.000Z',
  ...NO_MEDIA,
  ...NO_LIFECYCLE,
  ...patch,
});

let store: InMemoryRecordsStore;
let prefixes: string[];
let hooked: string[];

const quiet: EventLogger = { info: () => {}, warn: () => {}, error: () => {} };
const deletePrefix: DeletePrefix = async (_bucket, prefix) => {
  prefixes.push(prefix);
  return { listed: 4, deleted: 4, errors: [] };
};
const deps = () => ({
  store,
  deletePrefix,
  logger: quiet,
  now: NOW,
  announceDeletion: async (r: RecordingState) => {
    hooked.push(r.id);
    return (state: RecordingState) => state;
  },
});

beforeEach(() => {
  store = new InMemoryRecordsStore();
  store.recordings.set('rec-1', { state: recording(), version: 4 });
  prefixes = [];
  hooked = [];
});

describe('given a completed recording of alice, kept forever (no expiry)', () => {
  it('when alice purges it then its prefix is deleted, it is a tombstone, and the answer says when and how many', async () => {
    const answer = await purgeRecording({ recordingId: 'rec-1', caller: ALICE }, deps());

    expect(answer).toEqual({ recordingId: 'rec-1', deletedAt: AT, objectsDeleted: 4, alreadyDeleted: false });
    expect(prefixes).toEqual([`${PREFIX}/`]);
    expect(store.recordings.get('rec-1')).toEqual({
      // Its expiry brought forward: had the deletion stopped halfway, the scheduled run would finish it.
      state: recording({ deletionRequestedAt: AT, deletedAt: AT, expiresAt: AT }),
      version: 6,
    });
    expect(hooked).toEqual(['rec-1']);
  });

  it('when alice purges it again then the answer is the same deletion, and nothing is written or deleted', async () => {
    await purgeRecording({ recordingId: 'rec-1', caller: ALICE }, deps());
    const again = await purgeRecording({ recordingId: 'rec-1', caller: ALICE }, { ...deps(), now: NOW + 60_000 });

    expect(again).toEqual({ recordingId: 'rec-1', deletedAt: AT, objectsDeleted: 0, alreadyDeleted: true });
    expect(prefixes).toHaveLength(1);
    expect(store.recordings.get('rec-1')!.version).toBe(6);
  });

  it('when another user purges it then they are refused as Unauthorized and nothing changes', async () => {
    await expect(purgeRecording({ recordingId: 'rec-1', caller: MALLORY }, deps())).rejects.toThrow(
      'Unauthorized: recording rec-1 is not yours to delete',
    );
    await expect(purgeRecording({ recordingId: 'rec-1', caller: null }, deps())).rejects.toThrow(/^Unauthorized: /);
    expect(store.recordings.get('rec-1')!.version).toBe(4);
    expect(prefixes).toEqual([]);
  });

  it('when the id names no recording then the error says so', async () => {
    await expect(purgeRecording({ recordingId: 'nope', caller: ALICE }, deps())).rejects.toThrow(
      'NotFound: there is no recording nope',
    );
  });
});

describe('given a recording still being recorded', () => {
  it('when alice purges it then she is told to wait for its end, and nothing changes', async () => {
    store.recordings.set('rec-1', { state: recording({ recordingStatus: 'STARTED', endTime: null }), version: 1 });

    await expect(purgeRecording({ recordingId: 'rec-1', caller: ALICE }, deps())).rejects.toThrow(
      /^InProgress: recording rec-1 is still being recorded/,
    );
    expect(store.recordings.get('rec-1')!.version).toBe(1);
  });
});
