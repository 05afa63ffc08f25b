// Where a recording becomes final, its expiry is decided in that same write: the handler's
// IVS events (the Profile's period, else the backend default, else none) and reconciliation's
// repairs. The real handler function and reconcile() against the in-memory store.
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../eventbridge/envelope';
import type { EventLogger } from '../event-processing/observability';
import { createRecordingStatusHandler } from '../event-processing/recording-status-handler';
import { profileIdFor } from '../recording-engine/channel-arn';
import endedJson from '../recording-media/fixtures/recording/events/recording-ended.json';
import { reconcile } from '../reconciliation/reconcile';
import { InMemoryRecordsStore } from '../records-store/in-memory-records-store';
import {
  DEMO_CHANNEL as CHANNEL,
  DEMO_RECORDING_ID as ID,
  demoRecordingEvent,
} from '../event-processing/fixtures/demo-recording-event';

const quiet: EventLogger = { info: () => {}, warn: () => {}, error: () => {} };

let store: InMemoryRecordsStore;

// A Start Failure names no bucket or prefix: IVS recorded nothing.
const event = (status: string, time: string, reason = ''): EventEnvelope =>
  demoRecordingEvent(
    status,
    time,
    status === 'Recording End' ? 4000 : 0,
    reason,
    status === 'Recording Start Failure' ? { recording_s3_bucket_name: '', recording_s3_key_prefix: '' } : {},
  );

const handle = (defaultRetentionDays: number | null, now = Date.parse('2026-11-30T00:00:00Z')) =>
  createRecordingStatusHandler({
    store,
    logger: quiet,
    metrics: { addMetric: () => {} },
    defaultRetentionDays,
    // The write's time, when the recording has no end time.
    clock: () => new Date(now),
  });

const profile = (retentionDays?: number) =>
  store.addProfile({
    id: profileIdFor(CHANNEL),
    owner: 'sub::demo',
    channelArn: CHANNEL,
    channelName: 'Demo Channel',
    ...(retentionDays !== undefined ? { retentionDays } : {}),
    createdAt: '2026-01-01T00:00:00.000Z',
  });

const recording = () => store.recordings.get(ID)!;

beforeEach(() => {
  store = new InMemoryRecordsStore();
});

describe('given the IVS events of a recording', () => {
  it('when the profile sets 7 days and the backend 30 then its End sets the expiry 7 days after its end, in one write', async () => {
    profile(7);
    const run = handle(30);
    await run(event('Recording Start', '2026-11-23T20:12:05Z'));
    expect(recording().state.expiresAt).toBeNull();

    await run(event('Recording End', '2026-11-23T20:12:10Z'));

    expect(recording()).toMatchObject({ version: 2, state: { expiresAt: '2026-11-30T20:12:10.000Z' } });
  });

  it('when the profile sets none then the backend default applies; with no default either, no expiry (kept forever)', async () => {
    profile();
    await handle(30)(event('Recording End', '2026-11-23T20:12:10Z'));
    expect(recording().state.expiresAt).toBe('2026-12-23T20:12:10.000Z');

    store = new InMemoryRecordsStore();
    profile();
    await handle(null)(event('Recording End', '2026-11-23T20:12:10Z'));
    expect(recording().state.expiresAt).toBeNull();
  });

  it('when a Start Failure makes it final (no end time) then it expires that long after the write', async () => {
    profile(1);
    await handle(
      null,
      Date.parse('2026-11-30T00:00:00Z'),
    )(event('Recording Start Failure', '2026-11-23T20:12:05Z', 'InternalServerException'));
    expect(recording().state).toMatchObject({ recordingStatus: 'FAILED', expiresAt: '2026-12-01T00:00:00.000Z' });
  });
});

describe('given a recording whose End was lost', () => {
  it('when reconciliation completes it from its end file then that repair sets its expiry with the backend default', async () => {
    profile();
    await handle(null)(event('Recording Start', '2026-11-23T20:12:05Z'));

    await reconcile(
      {
        stale: {
          startedRecordings: async () => [recording().state],
          liveStreamSessions: async () => [],
          incompleteRecordings: async () => [],
          incompleteStreamSessions: async () => [],
        },
        readObject: async (_bucket, key) =>
          key.endsWith('recording-ended.json') ? JSON.stringify(endedJson) : 'absent',
        lookupStreamSession: async () => null,
        store,
        logger: quiet,
        defaultRetentionDays: 10,
      },
      { now: Date.parse('2026-11-30T00:00:00Z'), staleAfterMs: 0 },
    );

    expect(recording().state).toMatchObject({ recordingStatus: 'COMPLETED', expiresAt: '2026-12-03T20:12:08.000Z' });
  });
});
