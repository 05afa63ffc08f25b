// The lifecycle outbox through the real handler function and the in-memory store: what a
// broadcast publishes, what it costs on a warm container, and how a failed publish heals.
import { beforeEach, describe, expect, it } from 'vitest';
import { objectCreatedEvent } from '../eventbridge/s3-object-created';
import { lifecycleEventId } from '../lifecycle-events/event-id';
import type { LifecycleEntry } from '../lifecycle-events/lifecycle-events';
import { profileIdFor } from '../recording-engine/channel-arn';
import { RetryableError } from '../recording-engine/errors';
import type { RecordingState } from '../recording-engine/records';
import { ENDED_FILE, metadataKey } from '../recording-media/end-file';
import endedJson from '../recording-media/fixtures/recording/events/recording-ended.json';
import { InMemoryRecordsStore } from '../records-store/in-memory-records-store';
import type { WriteResult } from '../records-store/records-store';
import type { EventLogger } from './observability';
import { createRecordingStatusHandler } from './recording-status-handler';
import {
  DEMO_BUCKET as BUCKET,
  DEMO_CHANNEL as CHANNEL,
  DEMO_PREFIX as PREFIX,
  DEMO_RECORDING_ID as ID,
  demoRecordingEvent as recordingEvent,
} from './fixtures/demo-recording-event';

const quiet: EventLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** The in-memory store, counting every request by method. */
class CountingStore extends InMemoryRecordsStore {
  readonly requests: Record<string, number> = {};
  private count(method: string) {
    this.requests[method] = (this.requests[method] ?? 0) + 1;
  }
  override async loadRecording(id: string, streamSessionId: string) {
    this.count('loadRecording');
    return super.loadRecording(id, streamSessionId);
  }
  override async createRecording(state: RecordingState): Promise<WriteResult> {
    this.count('createRecording');
    return super.createRecording(state);
  }
  override async updateRecording(state: RecordingState, version: number): Promise<WriteResult> {
    this.count('updateRecording');
    return super.updateRecording(state, version);
  }
  override async findRecordingsByS3KeyPrefix(prefix: string) {
    this.count('findRecordingsByS3KeyPrefix');
    return super.findRecordingsByS3KeyPrefix(prefix);
  }
  get total(): number {
    return Object.values(this.requests).reduce((a, b) => a + b, 0);
  }
}

const START = recordingEvent('Recording Start', '2026-11-23T20:12:05Z', 0);
const END = recordingEvent('Recording End', '2026-11-23T20:12:10Z', 4000);
const END_FAILURE = recordingEvent('Recording End Failure', '2026-11-23T20:12:10Z', 0, 'InternalServerException');
const FILE_KEY = metadataKey(PREFIX, ENDED_FILE);
const FILE_LANDED = objectCreatedEvent({
  id: 's3-ended',
  time: '2026-11-23T20:12:09Z',
  account: '123456789012',
  region: 'us-east-1',
  detail: {
    version: '0',
    bucket: { name: BUCKET },
    object: { key: FILE_KEY, size: 1, etag: 'e', sequencer: '01' },
    'request-id': 'r',
    requester: '123456789012',
    reason: 'PutObject',
  },
});

let store: CountingStore;
let objects: Map<string, string>;
let published: LifecycleEntry[][];
let failPublishes: number;
let metrics: [string, number][];

const publish = async (entries: readonly LifecycleEntry[]) => {
  if (failPublishes > 0) {
    failPublishes--;
    throw new RetryableError('unavailable', 'PutEvents failed');
  }
  published.push([...entries]);
};

const handler = (lifecycle: boolean) =>
  createRecordingStatusHandler({
    store,
    logger: quiet,
    metrics: { addMetric: (name, _unit, value) => metrics.push([name, value]) },
    readObject: async (bucket, key) => objects.get(`${bucket}/${key}`) ?? 'forbidden',
    clock: () => new Date('2026-11-23T20:13:00.000Z'),
    ...(lifecycle ? { publishLifecycleEvents: publish } : {}),
  });

const fileLands = () => objects.set(`${BUCKET}/${FILE_KEY}`, JSON.stringify(endedJson));

beforeEach(() => {
  store = new CountingStore();
  store.addProfile({
    id: profileIdFor(CHANNEL),
    owner: 'sub::demo',
    channelArn: CHANNEL,
    channelName: 'Demo Channel',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  objects = new Map();
  published = [];
  failPublishes = 0;
  metrics = [];
});

/** A broadcast, then every event of it again: the requests the store got, and what was published. */
const broadcastTwice = async (lifecycle: boolean) => {
  const handle = handler(lifecycle);
  const results = [];
  for (const event of [START, END]) results.push(await handle(event));
  fileLands();
  results.push(await handle(FILE_LANDED));
  const firstPass = { ...store.requests };
  for (const event of [START, END, FILE_LANDED]) results.push(await handle(event));
  return { results, firstPass, all: { ...store.requests } };
};

describe('given a broadcast on a warm container', () => {
  it('when its end file is indexed then Recording Ready is published once, at the cost of one PutEvents and one write', async () => {
    const without = await broadcastTwice(false);
    store = Object.assign(new CountingStore(), { profiles: store.profiles });
    objects = new Map();
    const withEvents = await broadcastTwice(true);

    expect(published.map((batch) => batch.map((e) => e.detail.eventId))).toEqual([[lifecycleEventId(ID, 'READY')]]);
    expect(withEvents.results.map((r) => r.lifecycleEvents ?? [])).toEqual([[], [], ['READY'], [], [], []]);
    // The marker: one more conditional write, and no other request.
    expect(withEvents.firstPass).toEqual({
      ...without.firstPass,
      updateRecording: (without.firstPass.updateRecording ?? 0) + 1,
    });
    // The duplicates after the marker: no request more than without lifecycle events.
    expect(withEvents.all).toEqual({ ...without.all, updateRecording: (without.all.updateRecording ?? 0) + 1 });
    expect(store.recordings.get(ID)?.state.lifecycleEventsSent).toEqual(['READY']);
    expect(metrics.filter(([name]) => name === 'LifecycleEventsPublished')).toEqual([['LifecycleEventsPublished', 1]]);
  });

  it('when a recording fails then Recording Failed is published once, without waiting for an end file', async () => {
    const handle = handler(true);
    await handle(START);
    expect((await handle(END_FAILURE)).lifecycleEvents).toEqual(['FAILED']);
    expect((await handle(END_FAILURE)).lifecycleEvents).toBeUndefined();
    expect(published.flat().map((e) => [e.detailType, e.detail.eventId])).toEqual([
      ['Recording Failed', lifecycleEventId(ID, 'FAILED')],
    ]);
  });

  it('when the publish fails then the event throws, and its redelivery publishes the same id and marks it', async () => {
    const handle = handler(true);
    await handle(START);
    await handle(END);
    fileLands();
    failPublishes = 1;
    await expect(handle(FILE_LANDED)).rejects.toBeInstanceOf(RetryableError);
    expect(store.recordings.get(ID)?.state).toMatchObject({
      mediaIndexedAt: expect.any(String),
      lifecycleEventsSent: null,
    });
    // Lambda's retry of the same S3 event: it changes nothing, and still owes the event.
    expect(await handle(FILE_LANDED)).toMatchObject({ outcome: 'unchanged', lifecycleEvents: ['READY'] });
    expect(published.flat().map((e) => e.detail.eventId)).toEqual([lifecycleEventId(ID, 'READY')]);
    expect(store.recordings.get(ID)?.state.lifecycleEventsSent).toEqual(['READY']);
  });
});
