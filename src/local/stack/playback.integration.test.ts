// Playback end to end on the local stack: the real aws-amplify client signed in as two users
// calls the playback query, which runs the real Playback handler module; the URLs it returns
// are fetched from the local S3 store in playback mode, with and without the signed access.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { PROJECT_ROOT } from '../../cloud-assembly/synthesize';
import { parseEntriesFile } from '../../put-events/entries-file';
import { sendEntries } from '../../put-events/send-entries';
import { configureAmplifyAsUser } from '../data-api/test-support';
import { localS3Client } from '../s3';
import { DEMO_USER } from './demo-user';
import { startLocalStack, type LocalStack } from './local-stack';
import { TEST_THUMBNAILS, writeTestMedia, type TestMedia } from './playback-test-media';
import { localEventBridgeClient, testStackOptions } from './test-stack';

const OTHER_EMAIL = 'mallory@example.com';
const COMPLETED_ID = '123456789012-us-east-1-DemoChannel1-DemoRecSessA1';
const FAILED_ID = '123456789012-us-east-1-DemoChannel1-DemoRecSessB1';

let stack: LocalStack;
let localDir: string;
let events: EventBridgeClient;
let session: ReturnType<typeof configureAmplifyAsUser>;
let client: ReturnType<typeof generateClient<Schema>>;
let iam: ReturnType<typeof generateClient<Schema>>;
let media: TestMedia;

const put = async (file: string) => {
  const entries = parseEntriesFile(await readFile(path.join(PROJECT_ROOT, 'test-events', file), 'utf8'));
  expect((await sendEntries(events, entries)).failedEntryCount).toBe(0);
};

const recordingOf = async (id: string) =>
  (await iam.models.Recording.get({ id }, { selectionSet: ['id', 'recordingStatus', 's3KeyPrefix', 'version'] })).data;

const playbackAs = async (email: string, recordingId: string) => {
  await session.signIn(email);
  return client.queries.playback({ recordingId });
};

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  localDir = await mkdtemp(path.join(tmpdir(), 'playback-'));
  stack = await startLocalStack(testStackOptions(inject('sandboxAssemblyDir'), localDir));
  events = localEventBridgeClient(stack.eventBus.endpoint);
  await stack.userPool.createUser({ email: OTHER_EMAIL, password: 'M4llory-local-passw0rd' });
  session = configureAmplifyAsUser(stack.dataApi, stack.userPool);
  client = generateClient<Schema>();
  iam = generateClient<Schema>({ authMode: 'iam' });

  await put('recording-start.json');
  await put('recording-end.json');
  await put('recording-failure.json');
  await vi.waitFor(async () => expect((await recordingOf(COMPLETED_ID))?.recordingStatus).toBe('COMPLETED'), {
    timeout: 20_000,
  });
  await vi.waitFor(async () => expect((await recordingOf(FAILED_ID))?.recordingStatus).toBe('FAILED'), {
    timeout: 20_000,
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (localDir) await rm(localDir, { recursive: true, force: true });
});

describe('the playback query on the local stack', () => {
  it('given a completed recording whose media is not indexed yet, when the owner asks, then it is NOT_READY, not an error', async () => {
    const { data, errors } = await playbackAs(DEMO_USER.email, COMPLETED_ID);

    expect(errors).toBeUndefined();
    expect(data).toMatchObject({ recordingId: COMPLETED_ID, status: 'NOT_READY', masterPlaylistUrl: null });
    expect(data?.reason).toMatch(/not indexed/);
  });

  it('given a failed recording, when the owner asks, then its reason comes back', async () => {
    const { data, errors } = await playbackAs(DEMO_USER.email, FAILED_ID);

    expect(errors).toBeUndefined();
    expect(data?.status).toBe('FAILED');
    expect(data?.reason).toBeTruthy();
  });

  describe('given the media written under the recording prefix and indexed', () => {
    beforeAll(async () => {
      const recording = await recordingOf(COMPLETED_ID);
      media = await writeTestMedia(
        localS3Client(stack.endpoints.s3Endpoint),
        stack.playback.bucket,
        recording!.s3KeyPrefix!,
      );
      // What the end file's indexing writes (the media helper's indexer, in the stack).
      const updated = await iam.models.Recording.update({
        id: COMPLETED_ID,
        ...media.fields,
        mediaIndexedAt: new Date().toISOString(),
      });
      expect(updated.errors).toBeUndefined();
    });

    it('when the owner asks, then the URLs are served with the signed query string: master playlist, variant, a segment by range (206), a thumbnail', async () => {
      const { data, errors } = await playbackAs(DEMO_USER.email, COMPLETED_ID);
      expect(errors).toBeUndefined();
      expect(data?.status).toBe('READY');
      const signed = (url: string) => `${url}?${data!.signedQuery}`;
      const master = data!.masterPlaylistUrl!;
      expect(master).toBe(`${stack.playback.mediaBaseUrl}/${media.fields.masterPlaylistKey}`);

      const masterResponse = await fetch(signed(master));
      expect(masterResponse.status).toBe(200);
      expect(masterResponse.headers.get('access-control-allow-origin')).toBe('*');
      const variantPath = (await masterResponse.text()).split('\n').find((line) => line.endsWith('.m3u8'))!;
      const variantUrl = new URL(variantPath, master).href;
      const variant = await fetch(signed(variantUrl));
      expect(variant.status).toBe(200);
      const firstSegment = new URL((await variant.text()).split('\n').find((l) => l.endsWith('.ts'))!, variantUrl).href;

      const range = await fetch(signed(firstSegment), { headers: { Range: 'bytes=100-199' } });
      expect(range.status).toBe(206);
      expect(range.headers.get('content-range')).toBe(`bytes 100-199/${media.objects.get(media.segmentKey)!.length}`);
      expect(Buffer.from(await range.arrayBuffer())).toEqual(media.objects.get(media.segmentKey)!.subarray(100, 200));

      expect(data!.thumbnails!.map((t) => [t?.startMs, t?.endMs])).toEqual([
        [0, 2000],
        [2000, 4000],
        [4000, 6000],
      ]);
      const thumbnail = await fetch(data!.thumbnails![1]!.url);
      expect(thumbnail.status).toBe(200);
      expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await thumbnail.arrayBuffer())).toEqual(TEST_THUMBNAILS.green);
      expect((await fetch(data!.posterUrl!)).status).toBe(200);
      expect(data!.storyboardVtt).toContain(`00:00:02.000 --> 00:00:04.000\n${data!.thumbnails![1]!.url}`);
    });

    it('when the same URLs are fetched with the signed cookies instead, then they are served too', async () => {
      const { data } = await playbackAs(DEMO_USER.email, COMPLETED_ID);
      const cookie = data!.cookies!.map((c) => `${c!.name}=${c!.value}`).join('; ');

      const response = await fetch(data!.masterPlaylistUrl!, { headers: { cookie } });

      expect(response.status).toBe(200);
    });

    it('when the URLs are fetched without the signed access, or with it on another recording, then they are refused (403)', async () => {
      const { data } = await playbackAs(DEMO_USER.email, COMPLETED_ID);
      const segmentUrl = `${stack.playback.mediaBaseUrl}/${media.segmentKey}`;
      const otherRecording = data!.masterPlaylistUrl!.replace('DemoChannel1', 'OtherChannel');

      const bare = await Promise.all(
        [data!.masterPlaylistUrl!, segmentUrl, data!.thumbnails![0]!.url.split('?')[0]!].map((url) => fetch(url)),
      );
      const elsewhere = await fetch(`${otherRecording}?${data!.signedQuery}`);

      expect(bare.map((r) => r.status)).toEqual([403, 403, 403]);
      expect(elsewhere.status).toBe(403);
    });

    it('when another signed-in user asks for it, then they are refused as unauthorized and get no URL', async () => {
      const { data, errors } = await playbackAs(OTHER_EMAIL, COMPLETED_ID);

      expect(data).toBeNull();
      expect(errors?.[0]?.message).toMatch(/^Unauthorized/);
    });

    it('when the S3 API (a signed SDK call) lists the recording, then it is served as before: playback mode guards viewers only', async () => {
      const response = await localS3Client(stack.endpoints.s3Endpoint).send(
        new (await import('@aws-sdk/client-s3')).GetObjectCommand({
          Bucket: stack.playback.bucket,
          Key: media.fields.masterPlaylistKey,
        }),
      );

      expect(await response.Body?.transformToString()).toContain('#EXTM3U');
    });
  });
});
