// End to end on the local stack: the stock EventBridge client puts the shipped test
// events, the local bus delivers them to the real handler module, and the real
// aws-amplify client reads what it wrote, as the demo user and as others.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { Amplify, type ResourcesConfig } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { PROJECT_ROOT } from '../../cloud-assembly/synthesize';
import { parseEntriesFile } from '../../put-events/entries-file';
import { sendEntries } from '../../put-events/send-entries';
import { configureAmplifyAsUser } from '../data-api/test-support';
import { DEMO_USER } from './demo-user';
import { localStackOutputs } from './local-outputs';
import { startLocalStack, type LocalStack } from './local-stack';
import { localEventBridgeClient, testStackOptions } from './test-stack';

let stack: LocalStack;
let localDir: string;
let events: EventBridgeClient;
let session: ReturnType<typeof configureAmplifyAsUser>;
let client: ReturnType<typeof generateClient<Schema>>;

const testEvents = async (name: string) =>
  parseEntriesFile(await readFile(path.join(PROJECT_ROOT, 'test-events', name), 'utf8'));

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  localDir = await mkdtemp(path.join(tmpdir(), 'local-stack-'));
  stack = await startLocalStack(testStackOptions(inject('sandboxAssemblyDir'), localDir));
  events = localEventBridgeClient(stack.eventBus.endpoint);
  session = configureAmplifyAsUser(stack.dataApi, stack.userPool);
  await stack.userPool.createUser({ email: 'mallory@example.com', password: 'Mall0ry-pass' });
  client = generateClient<Schema>();
  for (const file of ['recording-start.json', 'recording-end.json', 'recording-failure.json']) {
    const result = await sendEntries(events, await testEvents(file));
    expect(result.failedEntryCount, file).toBe(0);
    await stack.eventBus.idle();
  }
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await rm(localDir, { recursive: true, force: true });
});

const iam = { authMode: 'iam' } as const;

describe('given the three shipped test events were put through the local bus', () => {
  it('when the documented filter queries run then they find the COMPLETED recording', async () => {
    const bySession = await client.models.Recording.list({
      filter: { recordingSessionId: { eq: 'DemoRecSessA1' } },
      ...iam,
    });
    expect(bySession.data).toHaveLength(1);
    expect(bySession.data[0]).toMatchObject({
      recordingStatus: 'COMPLETED',
      recordingDurationMs: 1_834_000,
      s3BucketName: 'ivs-recordings-demo-123456789012',
      s3KeyPrefix: 'ivs/v1/123456789012/DemoChannel1/2026/11/23/20/12/q8Z9O91ndcVs',
      streamSessionId: 'st-1DemoStreamA2b3c4D5e6F7g8h',
      profileId: stack.demoProfile!.id,
    });
    const byStream = await client.models.Recording.list({
      filter: { streamSessionId: { eq: 'st-1DemoStreamA2b3c4D5e6F7g8h' } },
      ...iam,
    });
    expect(byStream.data.map((r) => r.id)).toEqual([bySession.data[0]!.id]);
  });

  it('when the index-backed twins run then they find the same recordings', async () => {
    const twin = await client.models.Recording.recordingsByRecordingSessionId(
      { recordingSessionId: 'DemoRecSessA1' },
      iam,
    );
    expect(twin.data.map((r) => r.recordingStatus)).toEqual(['COMPLETED']);
    const sessionB = await client.models.StreamSession.get({ id: 'st-1DemoStreamB2b3c4D5e6F7g8h' }, iam);
    expect(sessionB.data?.status).toBe('ENDED');
    const recordingsOfB = await client.models.Recording.recordingsByStreamSessionId(
      { streamSessionId: 'st-1DemoStreamB2b3c4D5e6F7g8h' },
      iam,
    );
    expect(recordingsOfB.data).toHaveLength(1);
    expect(recordingsOfB.data[0]).toMatchObject({
      recordingSessionId: 'DemoRecSessB1',
      recordingStatus: 'FAILED',
      recordingStatusReason: 'ValidationException',
    });
  });

  it('when nothing failed then the on-failure capture is empty and the metrics count what happened', () => {
    expect(stack.eventBus.failures()).toEqual([]);
    // Seven events, each written once; a recording event that raced its Stream Start was retried.
    const counts = Object.fromEntries(
      [...stack.metrics.render().matchAll(/(received|processed|rejected|retried|failed) (\d+)/g)].map((m) => [
        m[1],
        Number(m[2]),
      ]),
    );
    expect(counts).toMatchObject({ processed: 7, rejected: 0, failed: 0 });
    expect(counts.received).toBe(7 + counts.retried!);
  });
});

describe('given signed-in users', () => {
  it('when the demo user lists recordings then they see their two, and another user sees none', async () => {
    await session.signIn(DEMO_USER.email);
    const mine = await client.models.Recording.list({ authMode: 'userPool' });
    expect(mine.errors).toBeUndefined();
    expect(mine.data.map((r) => r.recordingSessionId).sort()).toEqual(['DemoRecSessA1', 'DemoRecSessB1']);
    await session.signIn('mallory@example.com');
    const theirs = await client.models.Recording.list({ authMode: 'userPool' });
    expect(theirs.data).toEqual([]);
    const direct = await client.models.Recording.get({ id: mine.data[0]!.id }, { authMode: 'userPool' });
    expect(direct.data).toBeNull();
  });

  it('when a user or the API key writes a Recording then it is refused and nothing changes', async () => {
    const [target] = (
      await client.models.Recording.recordingsByRecordingSessionId({ recordingSessionId: 'DemoRecSessA1' }, iam)
    ).data;
    await session.signIn(DEMO_USER.email);
    const asUser = await client.models.Recording.update(
      { id: target!.id, recordingStatus: 'FAILED' },
      { authMode: 'userPool' },
    );
    expect(asUser.errors?.[0]?.errorType).toBe('Unauthorized');
    const asKey = await client.models.Recording.update(
      { id: target!.id, recordingStatus: 'FAILED' },
      { authMode: 'apiKey' },
    );
    expect(asKey.errors?.length).toBeGreaterThan(0);
    const created = await client.models.Recording.create(
      {
        profileId: 'x',
        streamSessionId: 'y',
        channelArn: 'z',
        recordingSessionId: 'w',
        recordingStatus: 'STARTED',
        version: 1,
      },
      { authMode: 'userPool' },
    );
    expect(created.errors?.[0]?.errorType).toBe('Unauthorized');
    const after = await client.models.Recording.get({ id: target!.id }, iam);
    expect(after.data?.recordingStatus).toBe('COMPLETED');
  });
});

describe('given put-events entries the bus must refuse', () => {
  it('when an entry claims the aws.ivs source then that entry fails and the others are accepted', async () => {
    const [valid] = await testEvents('recording-start.json');
    const result = await sendEntries(events, [{ ...valid!, Source: 'aws.ivs' }, valid!]);
    expect(result.failedEntryCount).toBe(1);
    expect(result.entries[0]).toMatchObject({ ok: false, errorCode: 'NotAuthorizedForSourceException' });
    expect(result.entries[1]).toMatchObject({ ok: true });
    await stack.eventBus.idle();
  });
});

describe('given the demo user the banner prints', () => {
  // Last: it replaces the test token provider with Amplify's own, as an app runs.
  it('when she signs in with its e-mail and password (SRP) then she reads the demo recordings', async () => {
    const outputs = localStackOutputs(stack.dataApi.amplifyOutputs(), stack.endpoints);
    Amplify.configure(outputs);
    const config = Amplify.getConfig();
    Amplify.configure({
      ...config,
      Auth: { Cognito: { ...config.Auth!.Cognito, userPoolEndpoint: outputs.custom.local.userPoolEndpoint } },
    } as ResourcesConfig);

    const result = await signIn({ username: DEMO_USER.email, password: DEMO_USER.password });
    const { userSub } = await fetchAuthSession();
    const mine = await generateClient<Schema>().models.Recording.list();
    await signOut();

    expect(result.isSignedIn).toBe(true);
    expect(userSub).toBe(stack.demoUser.sub);
    expect(mine.data.map((r) => r.recordingSessionId).sort()).toEqual(['DemoRecSessA1', 'DemoRecSessB1']);
  });
});
