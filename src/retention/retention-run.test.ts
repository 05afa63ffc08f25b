// The retention job against the in-memory records store and a stand-in for the prefix
// deletion (objects in a map, deleted in batches as ListObjectsV2/DeleteObjects would).
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventLogger } from '../event-processing/observability';
import { NO_LIFECYCLE, NO_MEDIA, type RecordingState } from '../recording-engine/records';
import { InMemoryRecordsStore } from '../records-store/in-memory-records-store';
import type { DeletePrefix, PrefixDeletionReport } from './recording-deletion';
import { runRetention, type RetentionDeps } from './retention-run';

const BUCKET = 'recordings';
const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const AT = new Date(NOW).toISOString();

const prefixOf = (id: string) => `ivs/v1/123456789012/AbCd/2026/10/1/10/0/${id}`;

const recording = (id: string, patch: Partial<RecordingState> = {}): RecordingState => ({
  id,
  profileId: 'profile-1',
  owner: 'sub-1::alice',
  streamSessionId: `st-${id}`,
  channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/AbCd',
  recordingSessionId: id,
  recordingStatus: 'COMPLETED',
  recordingStatusReason: null,
  s3BucketName: BUCKET,
  s3KeyPrefix: prefixOf(id),
  recordingDurationMs: 60_000,
  streamIds: [`st-${id}`],
  startTime: '2026-10-01T10:00:00.000Z',
  endTime: '2026-10-01T10:01:00.000Z',
  ...NO_MEDIA,
  masterPlaylistKey: `${prefixOf(id)}/media/hls/master.m3u8`,
  mediaIndexedAt: '2026-10-01T10:02:00.000Z',
  ...NO_LIFECYCLE,
  expiresAt: '2026-11-01T10:01:00.000Z',
  ...patch,
});

let store: InMemoryRecordsStore;
let objects: Set<string>;
let deleted: RecordingState[];
let errors: string[];
/** Keys S3 refuses to delete (per-key errors of DeleteObjects). */
let refused: Set<string>;
/** Throws after this many DeleteObjects batches (a crash mid-prefix); null: never. */
let crashAfterBatches: number | null;
let batches: number;

const logger: EventLogger = { info: () => {}, warn: () => {}, error: (message) => errors.push(message) };

// Stand-in for src/retention/prefix-deletion's deleteObjectsUnderPrefix: list under the
// prefix, delete in batches of 2, report per-key errors.
const deletePrefix: DeletePrefix = async (bucket, prefix, { dryRun }): Promise<PrefixDeletionReport> => {
  const keys = [...objects].filter((o) => o.startsWith(`${bucket}/${prefix}`)).sort();
  if (dryRun) return { listed: keys.length, deleted: 0, errors: [] };
  const report: PrefixDeletionReport = { listed: keys.length, deleted: 0, errors: [] };
  for (let i = 0; i < keys.length; i += 2) {
    if (crashAfterBatches !== null && batches >= crashAfterBatches) throw new Error('S3 connection reset');
    batches++;
    for (const key of keys.slice(i, i + 2)) {
      if (refused.has(key)) report.errors.push({ key: key.slice(bucket.length + 1), code: 'AccessDenied' });
      else {
        objects.delete(key);
        report.deleted++;
      }
    }
  }
  return report;
};

const deps = (): RetentionDeps => ({
  store,
  deletePrefix,
  logger,
  announceDeletion: async (r) => {
    deleted.push(r);
    return (state) => state;
  },
});

const put = (r: RecordingState, files = 3) => {
  store.recordings.set(r.id, { state: r, version: 1 });
  for (let i = 0; i < files; i++) objects.add(`${BUCKET}/${r.s3KeyPrefix}/media/${i}.ts`);
};

const stateOf = (id: string) => store.recordings.get(id)!.state;

beforeEach(() => {
  store = new InMemoryRecordsStore();
  objects = new Set();
  deleted = [];
  errors = [];
  refused = new Set();
  crashAfterBatches = null;
  batches = 0;
});

describe('given expired, unexpired and kept-forever recordings', () => {
  beforeEach(() => {
    put(recording('old'));
    put(recording('older', { expiresAt: '2026-11-01T00:00:00.000Z' }));
    put(recording('young', { expiresAt: '2026-12-30T00:00:00.000Z' }));
    put(recording('forever', { expiresAt: null }));
    // A neighbour whose prefix starts like an expired one's: not under its folder.
    objects.add(`${BUCKET}/${prefixOf('old')}x/media/0.ts`);
  });

  it('when the job runs then the expired lose every object and become tombstones, oldest first; the rest keep theirs', async () => {
    const report = await runRetention(deps(), { now: NOW });

    expect(report.items.map((i) => [i.recordingId, i.action, i.objects])).toEqual([
      ['older', 'deleted', 3],
      ['old', 'deleted', 3],
    ]);
    expect([...objects].sort()).toEqual(
      [
        `${BUCKET}/${prefixOf('old')}x/media/0.ts`,
        ...[0, 1, 2].map((i) => `${BUCKET}/${prefixOf('young')}/media/${i}.ts`),
        ...[0, 1, 2].map((i) => `${BUCKET}/${prefixOf('forever')}/media/${i}.ts`),
      ].sort(),
    );
    expect(stateOf('old')).toEqual({
      ...recording('old'),
      ...NO_MEDIA,
      deletionRequestedAt: AT,
      deletedAt: AT,
    });
    expect(store.recordings.get('old')!.version).toBe(3);
    expect(stateOf('young').deletedAt).toBeNull();
    expect(deleted.map((r) => r.id)).toEqual(['older', 'old']);
  });

  it('when it runs again then it finds nothing to do (tombstones leave the queue) and writes nothing', async () => {
    await runRetention(deps(), { now: NOW });
    const versions = [...store.recordings.values()].map((r) => r.version);

    const again = await runRetention(deps(), { now: NOW });

    expect(again.items).toEqual([]);
    expect([...store.recordings.values()].map((r) => r.version)).toEqual(versions);
  });

  it('when it runs as a dry run then it reports what it would delete and changes nothing', async () => {
    const before = structuredClone([...store.recordings.entries()]);
    const objectsBefore = [...objects];

    const report = await runRetention(deps(), { now: NOW, dryRun: true });

    expect(report.items.map((i) => [i.recordingId, i.action, i.objects])).toEqual([
      ['older', 'would-delete', 3],
      ['old', 'would-delete', 3],
    ]);
    expect([...store.recordings.entries()]).toEqual(before);
    expect([...objects]).toEqual(objectsBefore);
    expect(deleted).toEqual([]);
  });

  it('when the run is bounded to one recording then it deletes the oldest and says more may wait', async () => {
    const report = await runRetention(deps(), { now: NOW, maxRecordings: 1 });

    expect(report.items.map((i) => i.recordingId)).toEqual(['older']);
    expect(report.limited).toBe(true);
    expect(stateOf('old').deletedAt).toBeNull();
  });
});

describe('given a deletion that stops halfway', () => {
  beforeEach(() => put(recording('old'), 5));

  it('when S3 fails after the first batch then the record is frozen but not tombstoned, and the next run finishes it', async () => {
    crashAfterBatches = 1;
    const first = await runRetention(deps(), { now: NOW });

    expect(first.items).toMatchObject([{ recordingId: 'old', action: 'error', why: 'Error: S3 connection reset' }]);
    expect(objects.size).toBe(3);
    expect(stateOf('old')).toMatchObject({ deletionRequestedAt: AT, deletedAt: null });
    expect(deleted).toEqual([]);
    expect(errors).toEqual(['Could not delete an expired recording: left for the next run']);

    crashAfterBatches = null;
    const later = NOW + 86_400_000;
    const second = await runRetention(deps(), { now: later });

    expect(second.items).toMatchObject([{ recordingId: 'old', action: 'deleted', objects: 3 }]);
    expect(objects.size).toBe(0);
    // Deletion began on the first run; the tombstone is dated when it completed.
    expect(stateOf('old')).toMatchObject({ deletionRequestedAt: AT, deletedAt: new Date(later).toISOString() });
  });

  it('when S3 refuses some keys then they are logged, the record stays un-tombstoned and is retried next run', async () => {
    const key = `${BUCKET}/${prefixOf('old')}/media/3.ts`;
    refused.add(key);
    const first = await runRetention(deps(), { now: NOW });

    expect(first.items).toMatchObject([
      { action: 'incomplete', objects: 4, why: expect.stringContaining('AccessDenied') },
    ]);
    expect([...objects]).toEqual([key]);
    expect(stateOf('old').deletedAt).toBeNull();
    expect(errors).toEqual(['Some objects of the recording could not be deleted: left for the next run']);

    refused.clear();
    const second = await runRetention(deps(), { now: NOW });
    expect(second.items).toMatchObject([{ action: 'deleted', objects: 1 }]);
    expect(stateOf('old').deletedAt).toBe(AT);
  });
});

describe('given an expired recording with no objects (a start failure: no bucket, no prefix)', () => {
  it('when the job runs then it is tombstoned without any S3 call', async () => {
    put(recording('nostart', { recordingStatus: 'FAILED', s3BucketName: null, s3KeyPrefix: null }), 0);
    let calls = 0;
    const report = await runRetention(
      {
        ...deps(),
        deletePrefix: async (...args) => {
          calls++;
          return deletePrefix(...args);
        },
      },
      { now: NOW },
    );

    expect(report.items).toMatchObject([{ recordingId: 'nostart', action: 'deleted', objects: 0 }]);
    expect(calls).toBe(0);
    expect(stateOf('nostart').deletedAt).toBe(AT);
  });
});

describe('given the announcement of a deletion fails (Recording Deleted not published)', () => {
  it('when the job runs again then the recording, still queued and not tombstoned, is announced and tombstoned with the mark', async () => {
    put(recording('old'));
    let failures = 1;
    const announced: string[] = [];
    const announcing = (): RetentionDeps => ({
      ...deps(),
      announceDeletion: async (r) => {
        if (failures-- > 0) throw new Error('PutEvents unavailable');
        announced.push(r.id);
        return (state) => ({ ...state, lifecycleEventsSent: ['DELETED'] });
      },
    });

    const first = await runRetention(announcing(), { now: NOW });
    expect(first.items.map((i) => [i.recordingId, i.why])).toEqual([['old', 'Error: PutEvents unavailable']]);
    expect(stateOf('old').deletedAt).toBeNull();
    expect(stateOf('old').deletionRequestedAt).toBe(AT);
    expect([...objects].filter((o) => o.includes(prefixOf('old')))).toEqual([]);

    await runRetention(announcing(), { now: NOW });
    expect(announced).toEqual(['old']);
    expect(stateOf('old')).toMatchObject({ deletedAt: AT, lifecycleEventsSent: ['DELETED'] });
  });
});
