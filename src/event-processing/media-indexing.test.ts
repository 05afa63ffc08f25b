// Media indexing against the in-memory store, through the real handler function: the end
// file landing before, between or after the IVS events, or twice, gives one record.
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../eventbridge/envelope';
import { objectCreatedEvent } from '../eventbridge/s3-object-created';
import { profileIdFor } from '../recording-engine/channel-arn';
import { RetryableError } from '../recording-engine/errors';
import type { RecordingState } from '../recording-engine/records';
import { ENDED_FILE, FAILED_FILE, metadataKey } from '../recording-media/end-file';
import type { ObjectReader } from '../recording-media/end-file-reader';
import endedJson from '../recording-media/fixtures/recording/events/recording-ended.json';
import failedJson from '../recording-media/fixtures/recording/events/recording-failed.json';
import { InMemoryRecordsStore } from '../records-store/in-memory-records-store';
import type { EventLogger } from './observability';
import { createRecordingStatusHandler, type HandlerResult } from './recording-status-handler';
import {
  DEMO_BUCKET as BUCKET,
  DEMO_CHANNEL as CHANNEL,
  DEMO_PREFIX as PREFIX,
  DEMO_RECORDING_ID as ID,
  demoRecordingEvent as recordingEvent,
} from './fixtures/demo-recording-event';

const INDEXED_AT = '2026-11-23T20:13:00.000Z';

const quiet: EventLogger = { info: () => {}, warn: () => {}, error: () => {} };

let store: InMemoryRecordsStore;
let objects: Map<string, string>;
let reads: string[];

const readObject: ObjectReader = async (bucket, key) => {
  reads.push(key);
  // No s3:ListBucket: S3 answers a missing key with 403.
  return objects.get(`${bucket}/${key}`) ?? 'forbidden';
};

const handler = (indexedAt = INDEXED_AT) =>
  createRecordingStatusHandler({
    store,
    logger: quiet,
    metrics: { addMetric: () => {} },
    readObject,
    clock: () => new Date(indexedAt),
  });

const START = recordingEvent('Recording Start', '2026-11-23T20:12:05Z', 0);
const END = recordingEvent('Recording End', '2026-11-23T20:12:10Z', 4000);

/** The end file landing: stored, then S3's event. */
const landing = (file: typeof ENDED_FILE | typeof FAILED_FILE = ENDED_FILE, json: unknown = endedJson) => ({
  store: () => objects.set(`${BUCKET}/${metadataKey(PREFIX, file)}`, JSON.stringify(json)),
  event: objectCreatedEvent({
    id: `s3-${file}`,
    time: '2026-11-23T20:12:09Z',
    account: '123456789012',
    region: 'us-east-1',
    detail: {
      version: '0',
      bucket: { name: BUCKET },
      object: { key: metadataKey(PREFIX, file), size: 1, etag: 'e', sequencer: '01' },
      'request-id': 'r',
      requester: '123456789012',
      reason: 'PutObject',
    },
  }),
});

type Step = EventEnvelope | 'file';

/** Runs the steps in order; 'file' stores the end file and delivers its S3 event. */
const run = async (steps: Step[], file = landing()): Promise<HandlerResult[]> => {
  const handle = handler();
  const results: HandlerResult[] = [];
  for (const step of steps) {
    if (step === 'file') {
      file.store();
      results.push(await handle(file.event));
    } else results.push(await handle(step));
  }
  return results;
};

const recording = (): RecordingState => {
  const found = store.recordings.get(ID);
  if (!found) throw new Error('no recording');
  return found.state;
};

beforeEach(() => {
  store = new InMemoryRecordsStore();
  store.addProfile({
    id: profileIdFor(CHANNEL),
    owner: 'sub::demo',
    channelArn: CHANNEL,
    channelName: 'Demo Channel',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  objects = new Map();
  reads = [];
});

const HLS = `${PREFIX}/media/hls`;

describe('given a recording whose end file lands in S3', () => {
  it('when the file lands after Recording End then the Recording gets the media index', async () => {
    await run([START, END, 'file']);
    expect(recording()).toMatchObject({
      recordingStatus: 'COMPLETED',
      recordingDurationMs: 4000,
      recordingStatusMessage: null,
      masterPlaylistKey: `${HLS}/master.m3u8`,
      byteRangePlaylistKey: `${HLS}/byte-range-multivariant.m3u8`,
      thumbnailsPath: `${PREFIX}/media/thumbnails`,
      latestThumbnailKey: `${PREFIX}/media/latest_thumbnail/thumb.jpg`,
      mediaDurationMs: 4000,
      mediaIndexedAt: INDEXED_AT,
    });
    expect(recording().renditions?.map((r) => [r.playlistKey, r.width, r.height])).toEqual([
      [`${HLS}/360p30/playlist.m3u8`, 640, 360],
      [`${HLS}/160p30/playlist.m3u8`, 284, 160],
    ]);
  });

  it('when the file lands before Recording End, before any event, or twice, then every order gives the same record', async () => {
    const orders: Step[][] = [
      [START, END, 'file'],
      [START, 'file', END],
      ['file', START, END],
      ['file', END, START],
      [END, 'file', START],
      ['file', START, 'file', END, END, START, 'file'],
    ];
    const records = [];
    for (const order of orders) {
      store.recordings.clear();
      store.streamSessions.clear();
      objects.clear();
      await run(order);
      records.push(recording());
    }
    for (const [i, record] of records.entries()) expect(record, `order ${i}`).toEqual(records[0]);
    expect(records[0]).toMatchObject({ recordingStatus: 'COMPLETED', mediaIndexedAt: INDEXED_AT });
  });

  it('when the file lands before any event then nothing is written and the first event indexes it', async () => {
    const [fromS3] = await run(['file']);
    expect(fromS3).toEqual({ outcome: 'ignored', reason: 'no recording with this prefix yet' });
    expect(store.recordings.size).toBe(0);
    await run([START]);
    // What the file proves is applied at once: the End it records, and the media.
    expect(recording()).toMatchObject({
      recordingStatus: 'COMPLETED',
      endTime: '2026-11-23T20:12:08.000Z',
      masterPlaylistKey: `${HLS}/master.m3u8`,
    });
  });

  it('when the S3 event is delivered again later then it changes nothing, not even the indexing time', async () => {
    await run([START, END, 'file']);
    const first = store.recordings.get(ID)!;
    const again = await handler('2026-11-24T00:00:00.000Z')(landing().event);
    expect(again).toEqual({ outcome: 'unchanged', id: ID });
    expect(store.recordings.get(ID)).toEqual(first);
  });

  it('when S3 cannot be read after a recording event then the event is still applied, and the S3 event indexes later', async () => {
    const failing = createRecordingStatusHandler({
      store,
      logger: quiet,
      metrics: { addMetric: () => {} },
      readObject: async () => {
        throw new RetryableError('unavailable', 'S3 down');
      },
    });
    expect(await failing(START)).toMatchObject({ outcome: 'written' });
    expect(await failing(END)).toMatchObject({ outcome: 'written' });
    expect(recording()).toMatchObject({ recordingStatus: 'COMPLETED', mediaIndexedAt: null });
    await run(['file']);
    expect(recording().mediaIndexedAt).toBe(INDEXED_AT);
  });

  it('when the recording is merely started then a recording event reads no file', async () => {
    await run([START]);
    reads = [];
    await run([START]);
    expect(reads).toEqual([]);
  });

  it('when the recording failed then the failed file gives its message and no byte-range keys', async () => {
    const failure = recordingEvent('Recording End Failure', '2026-11-23T20:12:10Z', 0, 'InternalServerException');
    await run([START, failure, 'file'], landing(FAILED_FILE, failedJson));
    expect(recording()).toMatchObject({
      recordingStatus: 'FAILED',
      recordingStatusReason: 'InternalServerException',
      recordingStatusMessage: 'InternalServerException',
      byteRangePlaylistKey: null,
      thumbnailsPath: null,
    });
  });

  it('when the end file is not valid then it is rejected and the recording is unchanged', async () => {
    await run([START, END]);
    const before = recording();
    const [result] = await run(['file'], landing(ENDED_FILE, { ...endedJson, media: { hls: { duration_ms: 1 } } }));
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'invalid_event' });
    expect(recording()).toEqual(before);
  });

  it('when the end file names another channel then it is rejected and nothing changes', async () => {
    await run([START, END]);
    const before = recording();
    const other = { ...endedJson, channel_arn: 'arn:aws:ivs:us-east-1:123456789012:channel/Other' };
    const [result] = await run(['file'], landing(ENDED_FILE, other));
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'invalid_field' });
    expect(recording()).toEqual(before);
  });

  it('when another object lands then nothing is read', async () => {
    const started = landing();
    const event = {
      ...started.event,
      detail: { ...started.event.detail, object: { key: `${PREFIX}/media/hls/master.m3u8` } },
    };
    expect(await handler()(event)).toEqual({ outcome: 'ignored', reason: 'not a recording end file' });
    expect(reads).toEqual([]);
  });
});
