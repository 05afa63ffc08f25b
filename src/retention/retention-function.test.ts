// RecordingRetention's handler logic over the in-memory store: the schedule runs the job and
// fails the invocation (after the whole run) when a recording is left undeleted; AppSync's
// purgeRecording deletes one recording for its owner.
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventLogger } from '../event-processing/observability';
import { NO_LIFECYCLE, NO_MEDIA, type RecordingState } from '../recording-engine/records';
import { InMemoryRecordsStore } from '../records-store/in-memory-records-store';
import type { DeletePrefix } from './recording-deletion';
import { createRetentionFunction } from './retention-function';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const quiet: EventLogger = { info: () => {}, warn: () => {}, error: () => {} };
const SCHEDULED = { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} };

const recording = (id: string, patch: Partial<RecordingState> = {}): RecordingState => ({
  id,
  profileId: 'profile-1',
  owner: 'sub-alice::sub-alice',
  streamSessionId: `st-${id}`,
  channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/AbCd',
  recordingSessionId: id,
  recordingStatus: 'COMPLETED',
  recordingStatusReason: null,
  s3BucketName: 'recordings',
  s3KeyPrefix: `ivs/v1/123456789012/AbCd/2026/10/1/10/0/${id}`,
  recordingDurationMs: 60_000,
  streamIds: [`st-${id}`],
  startTime: '2026-10-01T10:00:00.000Z',
  endTime: '2026-10-01T10:01:00.000Z',
  ...NO_MEDIA,
  ...NO_LIFECYCLE,
  expiresAt: '2026-11-01T10:01:00.000Z',
  ...patch,
});

let store: InMemoryRecordsStore;
let refuse: Set<string>;
const deletePrefix: DeletePrefix = async (_bucket, prefix) =>
  refuse.has(prefix)
    ? { listed: 1, deleted: 0, errors: [{ key: `${prefix}media/0.ts`, code: 'AccessDenied' }] }
    : { listed: 1, deleted: 1, errors: [] };

const handler = () =>
  createRetentionFunction({ store, deletePrefix, logger: quiet, maxRecordingsPerRun: 10, now: () => NOW });

beforeEach(() => {
  store = new InMemoryRecordsStore();
  refuse = new Set();
  for (const id of ['a', 'b']) store.recordings.set(id, { state: recording(id), version: 1 });
});

describe('given two expired recordings', () => {
  it('when the schedule invokes the function then both are deleted and the run reports them', async () => {
    const report = await handler()(SCHEDULED);

    expect(report).toMatchObject({ counts: { deleted: 2 }, limited: false });
    expect([...store.recordings.values()].map((r) => r.state.deletedAt)).toEqual([
      new Date(NOW).toISOString(),
      new Date(NOW).toISOString(),
    ]);
  });

  it('when one of them cannot be deleted then the other still is, and the invocation fails after the run, naming the count', async () => {
    refuse.add(`${recording('a').s3KeyPrefix}/`);

    await expect(handler()(SCHEDULED)).rejects.toThrow(
      'Retention: 1 recording(s) not deleted yet, retried next run (see the logs); counts {"incomplete":1,"deleted":1}',
    );
    expect(store.recordings.get('b')!.state.deletedAt).not.toBeNull();
    expect(store.recordings.get('a')!.state.deletedAt).toBeNull();
  });

  it('when AppSync calls purgeRecording then that one recording is deleted for its owner', async () => {
    const answer = await handler()({
      fieldName: 'purgeRecording',
      arguments: { id: 'b' },
      identity: { sub: 'sub-alice', username: 'sub-alice' },
    });

    expect(answer).toMatchObject({ recordingId: 'b', objectsDeleted: 1, alreadyDeleted: false });
    expect(store.recordings.get('a')!.state.deletedAt).toBeNull();
  });
});
