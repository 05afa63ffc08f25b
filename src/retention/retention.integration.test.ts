// Retention end to end on the local stack: recordings written by the real handler from IVS
// events sent through the local bus, their objects put into the local S3 store with the
// stock S3 client; the job through the function's own wiring (real AmplifyRecordsStore over
// the local data API, the real prefix deletion over the stock S3 client); purgeRecording
// through the real aws-amplify client signed in to the local user pool, resolved by the
// real RecordingRetention handler module.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import type { EventLogger } from '../event-processing/observability';
import { configureAmplifyAsUser } from '../local/data-api/test-support';
import { localS3Client } from '../local/s3';
import { DEMO_USER } from '../local/stack/demo-user';
import { startLocalStack, type LocalStack } from '../local/stack/local-stack';
import { localEventBridgeClient, testStackOptions } from '../local/stack/test-stack';
import { sendEntries } from '../put-events/send-entries';
import { recordingIdFor } from '../recording-engine/recording-state';
import { errorLines, runScript } from '../testing/script-process';
import endedJson from '../recording-media/fixtures/recording/events/recording-ended.json';
import { deleteObjectsUnderPrefix } from './prefix-deletion';
import { runRetention } from './retention-run';
import { retentionDeps } from './retention-wiring';

const BUCKET = 'ivs-recordings-demo-123456789012';
const CHANNEL_PREFIX = 'ivs/v1/123456789012/DemoChannel1/2026/11/30';
const OTHER_EMAIL = 'mallory@example.com';
const DAY = 86_400_000;
const RETENTION_DAYS = 2;
const FILES = [
  'events/recording-started.json',
  'media/hls/master.m3u8',
  'media/hls/360p30/playlist.m3u8',
  'media/hls/360p30/0.ts',
  'media/hls/360p30/1.ts',
  'media/thumbnails/thumb0.jpg',
  'media/latest_thumbnail/thumb.jpg',
];

let stack: LocalStack;
let localDir: string;
let events: EventBridgeClient;
let s3: S3Client;
let iam: ReturnType<typeof generateClient<Schema>>;
let user: ReturnType<typeof generateClient<Schema>>;
let session: ReturnType<typeof configureAmplifyAsUser>;
const errors: string[] = [];
const logger: EventLogger = { info: () => {}, warn: () => {}, error: (message) => void errors.push(message) };

type Broadcast = { session: string; prefix: string; stream: string; id: string };

const broadcast = (name: string): Broadcast => ({
  session: `${name}Sess`,
  prefix: `${CHANNEL_PREFIX}/10/0/${name}Rec`,
  stream: `st-${name}Stream1a2b3c4d5e`,
  id: recordingIdFor(stack.demoChannelArn, `${name}Sess`),
});

const recordingEntry = (b: Broadcast, status: 'Recording Start' | 'Recording End', time: Date) => ({
  Source: 'custom.ivs.simulator',
  DetailType: 'IVS Recording State Change',
  Resources: [stack.demoChannelArn],
  Time: time,
  Detail: JSON.stringify({
    channel_name: 'Demo Channel',
    stream_id: b.stream,
    recording_status: status,
    recording_status_reason: '',
    recording_s3_bucket_name: BUCKET,
    recording_s3_key_prefix: b.prefix,
    recording_duration_ms: status === 'Recording End' ? 60_000 : 0,
    recording_session_id: b.session,
    recording_session_stream_ids: [b.stream],
  }),
});

const send = async (entries: ReturnType<typeof recordingEntry>[]) => {
  expect((await sendEntries(events, entries)).failedEntryCount).toBe(0);
  await stack.eventBus.idle();
};

const putObject = (key: string, body = 'x') => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));

/** A recording as IVS makes it: its events, its objects, then its end file (indexed by the handler). */
const record = async (b: Broadcast, endedAt: Date) => {
  await send([
    recordingEntry(b, 'Recording Start', new Date(endedAt.getTime() - 60_000)),
    recordingEntry(b, 'Recording End', endedAt),
  ]);
  for (const file of FILES) await putObject(`${b.prefix}/${file}`);
  await putObject(`${b.prefix}/events/recording-ended.json`, JSON.stringify(endedJson));
  await stack.eventBus.idle();
};

const keysUnder = async (prefix: string): Promise<string[]> =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);

const row = async (id: string) => {
  const { data, errors: readErrors } = await iam.models.Recording.get({ id });
  expect(readErrors).toBeUndefined();
  return data;
};

const run = (now = Date.now(), options: { dryRun?: boolean } = {}) =>
  runRetention(retentionDeps({ client: iam, s3, logger }), { now, ...options });

let expired: Broadcast;
let young: Broadcast;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  localDir = await mkdtemp(path.join(tmpdir(), 'retention-'));
  stack = await startLocalStack({
    ...testStackOptions(inject('sandboxAssemblyDir'), localDir),
    // For npm run retention, as a user runs it in another terminal.
    writeOutputs: true,
    outputsFile: path.join(localDir, 'amplify_outputs.json'),
  });
  events = localEventBridgeClient(stack.eventBus.endpoint);
  s3 = localS3Client(stack.s3.endpoint);
  await stack.userPool.createUser({ email: OTHER_EMAIL, password: 'M4llory-local-passw0rd' });
  session = configureAmplifyAsUser(stack.dataApi, stack.userPool);
  iam = generateClient<Schema>({ authMode: 'iam' });
  user = generateClient<Schema>();
  // The demo channel keeps its recordings two days after they end.
  const updated = await iam.models.Profile.update({ id: stack.demoProfile!.id, retentionDays: RETENTION_DAYS });
  expect(updated.errors).toBeUndefined();

  expired = broadcast('Expired');
  young = broadcast('Young');
  await record(expired, new Date(Date.now() - 3 * DAY));
  await record(young, new Date());
  // Objects of no recording, one sharing the expired prefix's first characters.
  await putObject(`${CHANNEL_PREFIX}/11/0/strayRec/media/hls/master.m3u8`);
  await putObject(`${expired.prefix}x/media/hls/master.m3u8`);
}, 180_000);

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  if (localDir) await rm(localDir, { recursive: true, force: true });
});

describe('given recordings written by the handler for a channel that keeps them two days', () => {
  it('when they end then each gets its expiry, two days after its end, and its media is indexed', async () => {
    const [e, y] = [await row(expired.id), await row(young.id)];
    expect(e).toMatchObject({ recordingStatus: 'COMPLETED', deletedAt: null });
    expect(Date.parse(e!.expiresAt!) - Date.parse(e!.endTime!)).toBe(RETENTION_DAYS * DAY);
    expect(Date.parse(y!.expiresAt!)).toBeGreaterThan(Date.now());
    expect(e!.masterPlaylistKey).toBe(`${expired.prefix}/media/hls/master.m3u8`);
  });

  it('when the job runs as a dry run then it names the expired recording and its objects, and changes nothing', async () => {
    const before = JSON.stringify(await row(expired.id));

    const report = await run(Date.now(), { dryRun: true });

    expect(report.items).toEqual([
      { recordingId: expired.id, action: 'would-delete', expiresAt: expect.any(String), objects: FILES.length + 1 },
    ]);
    expect(JSON.stringify(await row(expired.id))).toBe(before);
    expect(await keysUnder(`${expired.prefix}/`)).toHaveLength(FILES.length + 1);
  });

  it('when the job runs then the expired recording loses every object under its prefix and becomes a tombstone; the others keep theirs', async () => {
    await stack.eventBus.idle();
    stack.dataApi.resetStats();
    const report = await run();
    const { dynamoRequests } = stack.dataApi.stats();

    expect(report.items).toEqual([
      { recordingId: expired.id, action: 'deleted', expiresAt: expect.any(String), objects: FILES.length + 1 },
    ]);
    expect(await keysUnder(`${expired.prefix}/`)).toEqual([]);
    expect(await keysUnder(`${young.prefix}/`)).toHaveLength(FILES.length + 1);
    expect(await keysUnder(`${expired.prefix}x/`)).toHaveLength(1);
    expect(await keysUnder(`${CHANNEL_PREFIX}/11/0/strayRec/`)).toHaveLength(1);
    const tombstone = await row(expired.id);
    expect(tombstone).toMatchObject({
      recordingStatus: 'COMPLETED',
      s3KeyPrefix: expired.prefix,
      masterPlaylistKey: null,
      renditions: null,
      mediaIndexedAt: null,
    });
    expect(tombstone!.deletedAt).toEqual(expect.any(String));
    expect(tombstone!.deletionRequestedAt).toEqual(expect.any(String));
    expect((await row(young.id))!.deletedAt).toBeNull();
    // Its cost: one query of the expiry index (never a scan), then two conditional writes.
    expect(dynamoRequests.Scan).toBeUndefined();
    expect(dynamoRequests.Query).toBe(1);
    expect(dynamoRequests.UpdateItem).toBe(2);
    // Out of the expiry queue: a second run finds nothing.
    expect((await run()).items).toEqual([]);
  });

  it('when late IVS events and a late end file arrive for the deleted recording then it is not brought back', async () => {
    const before = JSON.stringify(await row(expired.id));

    await send([
      recordingEntry(expired, 'Recording End', new Date(Date.now() - 3 * DAY)),
      recordingEntry(expired, 'Recording Start', new Date(Date.now() - 3 * DAY - 60_000)),
    ]);
    await putObject(`${expired.prefix}/events/recording-ended.json`, JSON.stringify(endedJson));
    await stack.eventBus.idle();

    expect(JSON.stringify(await row(expired.id))).toBe(before);
    expect(stack.eventBus.stats().functions.RecordingStatusHandler).toMatchObject({ failures: 0 });
  });
});

describe('given the retention script, run as a user runs it', () => {
  it('when it runs as a dry run three days later then it prints the recording that would expire by then, and changes nothing', async () => {
    const before = JSON.stringify(await row(young.id));
    const later = new Date(Date.now() + 3 * DAY).toISOString();

    const run = await runScript('scripts/retention.ts', [
      '--dry-run',
      '--now',
      later,
      '--outputs',
      path.join(localDir, 'amplify_outputs.json'),
    ]);

    expect(errorLines(run.stderr).filter((line) => !line.startsWith('{'))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Retention at ${later}`);
    expect(run.stdout).toContain(young.id);
    expect(run.stdout).toContain(
      `1 expired recording(s): {"would-delete":1}; ${FILES.length + 1} object(s) would be deleted`,
    );
    expect(JSON.stringify(await row(young.id))).toBe(before);
    expect(await keysUnder(`${young.prefix}/`)).toHaveLength(FILES.length + 1);
  });
});

describe('given an expired recording whose deletion crashes after the first batch', () => {
  it('when the next run comes then it resumes: every object is gone and the recording is a tombstone', async () => {
    const crashing = broadcast('Crashing');
    await record(crashing, new Date(Date.now() - 3 * DAY));
    let batches = 0;
    // The stock client, except that the second DeleteObjects never answers (the function died).
    const dying = {
      send: (command: unknown) => {
        if (command instanceof DeleteObjectsCommand && ++batches > 1) {
          return Promise.reject(new Error('the function timed out'));
        }
        return s3.send(command as never);
      },
    } as S3Client;
    const deps = retentionDeps({ client: iam, s3, logger });

    const first = await runRetention(
      {
        ...deps,
        deletePrefix: (bucket, prefix, options) =>
          deleteObjectsUnderPrefix(dying, bucket, prefix, { ...options, batchSize: 2 }),
      },
      { now: Date.now() },
    );

    expect(first.items).toMatchObject([{ recordingId: crashing.id, action: 'error' }]);
    expect(await keysUnder(`${crashing.prefix}/`)).toHaveLength(FILES.length + 1 - 2);
    const frozen = await row(crashing.id);
    expect(frozen!.deletionRequestedAt).toEqual(expect.any(String));
    expect(frozen!.deletedAt).toBeNull();
    // Frozen meanwhile: a late End changes nothing.
    await send([recordingEntry(crashing, 'Recording End', new Date())]);
    expect(JSON.stringify(await row(crashing.id))).toBe(JSON.stringify(frozen));

    const second = await run();

    expect(second.items).toMatchObject([
      { recordingId: crashing.id, action: 'deleted', objects: FILES.length + 1 - 2 },
    ]);
    expect(await keysUnder(`${crashing.prefix}/`)).toEqual([]);
    expect((await row(crashing.id))!.deletedAt).toEqual(expect.any(String));
  });
});

describe('given a recording of the demo user, kept two more days', () => {
  let purged: Broadcast;
  beforeAll(async () => {
    purged = broadcast('Purged');
    await record(purged, new Date());
  });

  it('when another signed-in user purges it then they are refused as Unauthorized and nothing is deleted', async () => {
    await session.signIn(OTHER_EMAIL);
    const { data, errors: refused } = await user.mutations.purgeRecording({ id: purged.id });

    expect(data).toBeNull();
    expect(refused?.[0]?.message).toMatch(/^Unauthorized/);
    expect(await keysUnder(`${purged.prefix}/`)).toHaveLength(FILES.length + 1);
    expect((await row(purged.id))!.deletionRequestedAt).toBeNull();
  });

  it('when the owner deletes it with the generated deleteRecording then it is refused and the row stays', async () => {
    await session.signIn(DEMO_USER.email);
    const { errors: refused } = await user.models.Recording.delete({ id: purged.id });

    expect(refused?.[0]?.errorType).toMatch(/Unauthorized/);
    expect(await row(purged.id)).not.toBeNull();
  });

  it('when the owner purges it then every object under its prefix is gone and the answer says so; again, the same deletion', async () => {
    await session.signIn(DEMO_USER.email);
    const { data, errors: failed } = await user.mutations.purgeRecording({ id: purged.id });

    expect(failed).toBeUndefined();
    expect(data).toEqual({
      recordingId: purged.id,
      deletedAt: expect.any(String),
      objectsDeleted: FILES.length + 1,
      alreadyDeleted: false,
    });
    expect(await keysUnder(`${purged.prefix}/`)).toEqual([]);
    expect(await keysUnder(`${young.prefix}/`)).toHaveLength(FILES.length + 1);
    expect((await row(purged.id))!.deletedAt).toBe(data!.deletedAt);

    const again = await user.mutations.purgeRecording({ id: purged.id });
    expect(again.data).toEqual({ ...data, objectsDeleted: 0, alreadyDeleted: true });
  });

  it('when the owner purges an id that names no recording then the error says so', async () => {
    await session.signIn(DEMO_USER.email);
    const { data, errors: failed } = await user.mutations.purgeRecording({ id: 'no-such-recording' });

    expect(data).toBeNull();
    expect(failed?.[0]?.message).toBe('NotFound: there is no recording no-such-recording');
  });
});
