// Tombstones, through the real handler function (processEvent and media indexing) and
// reconciliation, against the in-memory store: a recording whose deletion began or is done
// never changes again, nor comes back, whatever arrives late. Zero writes.
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../eventbridge/envelope';
import { objectCreatedEvent } from '../eventbridge/s3-object-created';
import type { EventLogger } from '../event-processing/observability';
import { createRecordingStatusHandler } from '../event-processing/recording-status-handler';
import { profileIdFor } from '../recording-engine/channel-arn';
import type { RecordingState } from '../recording-engine/records';
import { ENDED_FILE, metadataKey, parseRecordingEndFile } from '../recording-media/end-file';
import endedJson from '../recording-media/fixtures/recording/events/recording-ended.json';
import { writeMediaIndex } from '../event-processing/media-indexing';
import { reconcile } from '../reconciliation/reconcile';
import { InMemoryRecordsStore } from '../records-store/in-memory-records-store';
import type { RecordsStore } from '../records-store/records-store';
import { tombstoneOf, withDeletionRequested } from './tombstone';
import {
  DEMO_BUCKET as BUCKET,
  DEMO_CHANNEL as CHANNEL,
  DEMO_PREFIX as PREFIX,
  DEMO_RECORDING_ID as ID,
  DEMO_STREAM as STREAM,
  demoRecordingEvent,
} from '../event-processing/fixtures/demo-recording-event';

const LATE_STREAM = 'st-1DemoStreamLate5e6F7g8h9';
const DELETED_AT = '2026-12-24T00:00:00.000Z';

const quiet: EventLogger = { info: () => {}, warn: () => {}, error: () => {} };

let store: InMemoryRecordsStore;
let writes: string[];
let calls: string[];
let objects: Map<string, string>;

/** The store with its writes counted (creates and updates of any model, parking). */
const counted = (): RecordsStore =>
  new Proxy(store, {
    get(target, name: keyof RecordsStore) {
      const method = target[name];
      if (typeof method !== 'function') return method;
      return (...args: unknown[]) => {
        calls.push(String(name));
        if (/^(create|update)/.test(String(name)) || name === 'parkEvent') writes.push(String(name));
        return (method as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });

const handler = () =>
  createRecordingStatusHandler({
    store: counted(),
    logger: quiet,
    metrics: { addMetric: () => {} },
    readObject: async (bucket, key) => {
      calls.push(`read ${key}`);
      return objects.get(`${bucket}/${key}`) ?? 'forbidden';
    },
    clock: () => new Date('2026-12-25T00:00:00.000Z'),
  });

const recordingEvent = (status: string, time: string, duration: number, streams = [STREAM]): EventEnvelope =>
  demoRecordingEvent(status, time, duration, status === 'Recording End Failure' ? 'InternalServerException' : '', {
    stream_id: streams.at(-1),
    recording_session_stream_ids: streams,
  });

const START = recordingEvent('Recording Start', '2026-11-23T20:12:05Z', 0);
const END = recordingEvent('Recording End', '2026-11-23T20:12:10Z', 4000);

const endFileLanding = objectCreatedEvent({
  id: 's3-ended',
  time: '2026-12-25T00:00:00Z',
  account: '123456789012',
  region: 'us-east-1',
  detail: {
    version: '0',
    bucket: { name: BUCKET },
    object: { key: metadataKey(PREFIX, ENDED_FILE), size: 1, etag: 'e', sequencer: '01' },
    'request-id': 'r',
    requester: '123456789012',
    reason: 'PutObject',
  },
});

const endFileMedia = () => {
  const parsed = parseRecordingEndFile(JSON.stringify(endedJson), PREFIX);
  if (!parsed.ok) throw new Error(parsed.why);
  return parsed.file.media;
};

const stored = () => structuredClone(store.recordings.get(ID));

beforeEach(async () => {
  store = new InMemoryRecordsStore();
  store.addProfile({
    id: profileIdFor(CHANNEL),
    owner: 'sub::demo',
    channelArn: CHANNEL,
    channelName: 'Demo Channel',
    retentionDays: 30,
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  objects = new Map();
  writes = [];
  calls = [];
  const handle = handler();
  await handle(START);
  await handle(END);
});

describe('given a recording whose profile keeps recordings 30 days', () => {
  it('when its End is written then it expires 30 days after its end time, in that same write', () => {
    expect(stored()).toMatchObject({ version: 2, state: { recordingStatus: 'COMPLETED' } });
    expect(stored()!.state.expiresAt).toBe('2026-12-23T20:12:10.000Z');
  });
});

describe.each([
  ['deleted (a tombstone)', (r: RecordingState) => tombstoneOf(r, DELETED_AT)],
  ['being deleted (deletionRequestedAt only)', (r: RecordingState) => withDeletionRequested(r, DELETED_AT)],
])('given a recording %s', (_name, freeze) => {
  beforeEach(() => {
    const current = store.recordings.get(ID)!;
    store.recordings.set(ID, { state: freeze(current.state), version: current.version + 1 });
    writes = [];
    calls = [];
  });

  it.each([
    ['a duplicate Recording End', END],
    ['a late Recording Start', START],
    ['a late End Failure', recordingEvent('Recording End Failure', '2026-11-23T20:12:11Z', 0)],
    [
      'a late End naming a new stream',
      recordingEvent('Recording End', '2026-11-23T20:13:10Z', 9000, [STREAM, LATE_STREAM]),
    ],
  ])(
    'when %s arrives then the outcome is unchanged and nothing is written (not even a stream session)',
    async (_event, event) => {
      // IVS wrote its end file: a live recording would read it after its event, not this one.
      objects.set(`${BUCKET}/${metadataKey(PREFIX, ENDED_FILE)}`, JSON.stringify(endedJson));
      const before = stored();
      const sessions = store.streamSessions.size;

      const result = await handler()(event);

      expect(result).toEqual({ outcome: 'unchanged', id: ID });
      expect(stored()).toEqual(before);
      expect(store.streamSessions.size).toBe(sessions);
      expect(writes).toEqual([]);
      expect(calls.filter((c) => c.startsWith('read '))).toEqual([]);
    },
  );

  it('when its end file lands late (S3 event) then its media is not indexed again and nothing is written', async () => {
    objects.set(`${BUCKET}/${metadataKey(PREFIX, ENDED_FILE)}`, JSON.stringify(endedJson));
    const before = stored();

    const result = await handler()(endFileLanding);

    expect(result).toEqual({ outcome: 'unchanged', id: ID });
    expect(stored()).toEqual(before);
    expect(writes).toEqual([]);
    // The file is read, its recording found by prefix, and left there: its evidence is not even applied.
    expect(calls.filter((c) => !c.startsWith('read '))).toEqual(['findRecordingsByS3KeyPrefix']);
  });

  it('when its media index is written (reconciliation and indexing share that write) then nothing is written', async () => {
    const before = stored();

    const result = await writeMediaIndex(counted(), before!.state, endFileMedia(), DELETED_AT);

    expect(result).toBe('unchanged');
    expect(stored()).toEqual(before);
    expect(writes).toEqual([]);
  });

  it('when reconciliation finds it among incomplete records then it is skipped: nothing read, nothing written', async () => {
    const recording = stored()!.state;
    let reads = 0;
    const report = await reconcile(
      {
        stale: {
          startedRecordings: async () => [],
          liveStreamSessions: async () => [],
          incompleteRecordings: async () => [recording],
          incompleteStreamSessions: async () => [],
        },
        readObject: async () => {
          reads++;
          return JSON.stringify(endedJson);
        },
        lookupStreamSession: async () => null,
        store: counted(),
        logger: quiet,
      },
      { now: Date.parse('2026-12-25T00:00:00Z'), staleAfterMs: 0 },
    );

    expect(report.items).toEqual([{ model: 'Recording', id: ID, action: 'skipped', why: 'deleted by retention' }]);
    expect(reads).toBe(0);
    expect(writes).toEqual([]);
  });
});
