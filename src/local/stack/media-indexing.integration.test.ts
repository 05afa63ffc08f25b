// Media indexing end to end on the local stack: the stock S3 client puts a recording's end
// file into the local S3 store, which sends S3's "Object Created" event to the local bus,
// whose RecordingEndFileRule (read from the synthesized templates) delivers it to the real
// handler module; the real aws-amplify client reads the Recording's media fields. And
// reconciliation, reading the same file, fills them too when the S3 event was lost.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { PROJECT_ROOT } from '../../cloud-assembly/synthesize';
import { parseEntriesFile } from '../../put-events/entries-file';
import { sendEntries } from '../../put-events/send-entries';
import { runReconciliation } from '../../reconciliation/run-reconciliation';
import { recordingIdFor } from '../../recording-engine/recording-state';
import endedJson from '../../recording-media/fixtures/recording/events/recording-ended.json';
import { IvsStandIn } from '../ivs/ivs-stand-in';
import { localS3Client, putLocalObject } from '../s3';
import { startLocalStack, type LocalStack } from './local-stack';
import { localEventBridgeClient, testStackOptions } from './test-stack';

const BUCKET = 'ivs-recordings-demo-123456789012';
const DEMO_PREFIX = 'ivs/v1/123456789012/DemoChannel1/2026/11/23/20/12/q8Z9O91ndcVs';

let stack: LocalStack;
let localDir: string;
let events: EventBridgeClient;
let s3: S3Client;
let client: ReturnType<typeof generateClient<Schema>>;

const entries = async (name: string) =>
  parseEntriesFile(await readFile(path.join(PROJECT_ROOT, 'test-events', name), 'utf8'));

const send = async (list: Awaited<ReturnType<typeof entries>>) => {
  expect((await sendEntries(events, list)).failedEntryCount).toBe(0);
  await stack.eventBus.idle();
};

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  localDir = await mkdtemp(path.join(tmpdir(), 'media-indexing-'));
  stack = await startLocalStack(testStackOptions(inject('sandboxAssemblyDir'), localDir));
  events = localEventBridgeClient(stack.eventBus.endpoint);
  s3 = localS3Client(stack.s3.endpoint);
  // The handler configured Amplify for IAM; this client shares that configuration.
  client = generateClient<Schema>({ authMode: 'iam' });
}, 120_000);

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await rm(localDir, { recursive: true, force: true });
});

const readRecording = async (id: string) => {
  const { data, errors } = await client.models.Recording.get({ id });
  expect(errors).toBeUndefined();
  return data;
};

describe('given the demo broadcast was recorded and ended', () => {
  it('when its recording-ended.json is put into the local S3 then the Recording gets its media fields, and a second put changes nothing', async () => {
    await send([...(await entries('recording-start.json')), ...(await entries('recording-end.json'))]);
    const id = recordingIdFor(stack.demoChannelArn, 'DemoRecSessA1');
    expect(await readRecording(id)).toMatchObject({ recordingStatus: 'COMPLETED', mediaIndexedAt: null });

    const put = () =>
      s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: `${DEMO_PREFIX}/events/recording-ended.json`,
          Body: JSON.stringify(endedJson),
        }),
      );
    await put();
    await stack.eventBus.idle();
    const indexed = await readRecording(id);
    const hls = `${DEMO_PREFIX}/media/hls`;
    expect(indexed).toMatchObject({
      recordingStatus: 'COMPLETED',
      masterPlaylistKey: `${hls}/master.m3u8`,
      byteRangePlaylistKey: `${hls}/byte-range-multivariant.m3u8`,
      thumbnailsPath: `${DEMO_PREFIX}/media/thumbnails`,
      latestThumbnailKey: `${DEMO_PREFIX}/media/latest_thumbnail/thumb.jpg`,
      mediaDurationMs: 4000,
      recordingStatusMessage: null,
    });
    expect(indexed?.renditions).toEqual([
      {
        path: `${hls}/360p30`,
        playlistKey: `${hls}/360p30/playlist.m3u8`,
        byteRangePlaylistKey: `${hls}/360p30/byte-range-variant.m3u8`,
        width: 640,
        height: 360,
      },
      {
        path: `${hls}/160p30`,
        playlistKey: `${hls}/160p30/playlist.m3u8`,
        byteRangePlaylistKey: `${hls}/160p30/byte-range-variant.m3u8`,
        width: 284,
        height: 160,
      },
    ]);
    expect(indexed?.mediaIndexedAt).toEqual(expect.any(String));
    // The event went through the rule read from the templates, to the handler.
    expect(stack.eventBus.stats().functions.RecordingStatusHandler).toMatchObject({ failures: 0, retries: 0 });

    await put();
    await stack.eventBus.idle();
    // Same version and fields (JSON: the records carry lazy-loader functions).
    expect(JSON.stringify(await readRecording(id))).toBe(JSON.stringify(indexed));
  });
});

describe('given a recording whose End and S3 event were both lost', () => {
  it('when reconciliation runs then it reads the same end file and fills the media fields too', async () => {
    const session = 'LostEndSess1';
    const prefix = 'ivs/v1/123456789012/DemoChannel1/2026/11/23/21/0/lostEndRec01';
    const start = (await entries('recording-start.json')).map((entry) => ({
      ...entry,
      Time: new Date(Date.now() - 2 * 60 * 60_000),
      Detail: String(entry.Detail)
        .replace('DemoRecSessA1', session)
        .replace(DEMO_PREFIX, prefix)
        .replace('st-1DemoStreamA2b3c4D5e6F7g8h', 'st-1LostEndStream2b3c4D5e6F7'),
    }));
    await send(start);
    const id = recordingIdFor(stack.demoChannelArn, session);
    expect(await readRecording(id)).toMatchObject({ recordingStatus: 'STARTED', mediaIndexedAt: null });
    // Written straight into the store's folder: no S3 event, as if it were lost.
    await putLocalObject(stack.s3, BUCKET, `${prefix}/events/recording-ended.json`, JSON.stringify(endedJson));
    await stack.eventBus.idle();
    expect(await readRecording(id)).toMatchObject({ recordingStatus: 'STARTED', mediaIndexedAt: null });

    const report = await runReconciliation({
      client,
      s3,
      ivs: new IvsStandIn({ sessions: () => [] }),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      settings: { bucketName: BUCKET, staleAfterMs: 30 * 60_000, maxRecords: 500, ivsCallsPerSecond: 5 },
      now: Date.now(),
    }).catch((error: unknown) => ({ error }));
    expect(JSON.stringify(report)).toContain('"media":"indexed"');
    expect(await readRecording(id)).toMatchObject({
      recordingStatus: 'COMPLETED',
      masterPlaylistKey: `${prefix}/media/hls/master.m3u8`,
      latestThumbnailKey: `${prefix}/media/latest_thumbnail/thumb.jpg`,
      mediaDurationMs: 4000,
    });
  });
});
