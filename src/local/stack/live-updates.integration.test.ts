// Live updates end to end on the local stack: two signed-in users' apps (the unchanged
// aws-amplify client, each in its own process) subscribe with observeQuery, onCreate and
// onUpdate; the stock EventBridge client puts the shipped test events for the demo user's
// channel; the real handler writes the records. The demo user watches the recording appear
// STARTED and turn COMPLETED; the other user receives nothing of it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { PROJECT_ROOT } from '../../cloud-assembly/synthesize';
import { ensureProfile } from '../../records-store/profile-directory';
import { parseEntriesFile } from '../../put-events/entries-file';
import { sendEntries } from '../../put-events/send-entries';
import { ownerValueFor } from '../data-api';
import { startSubscriberProcess, type SubscriberProcess } from '../data-api/realtime-test-support';
import type { SubscriberMessage, SubscriptionName } from '../data-api/subscriber-process';
import { configureAmplifyAsUser } from '../data-api/test-support';
import type { LocalPoolUser } from '../user-pool';
import { DEMO_USER } from './demo-user';
import { startLocalStack, type LocalStack } from './local-stack';
import { localEventBridgeClient, testStackOptions } from './test-stack';

const OTHER_EMAIL = 'bob@example.com';
const OTHER_CHANNEL = 'arn:aws:ivs:us-east-1:123456789012:channel/BobChannel1';

let stack: LocalStack;
let localDir: string;
let events: EventBridgeClient;
let demo: SubscriberProcess;
let other: SubscriberProcess;
let otherUser: LocalPoolUser;

const testEvents = async (name: string) =>
  parseEntriesFile(await readFile(path.join(PROJECT_ROOT, 'test-events', name), 'utf8'));

/** The shipped events, moved to another channel, stream and recording session. */
const onOtherChannel = (entries: PutEventsRequestEntry[]) =>
  entries.map((entry) => ({
    ...entry,
    Resources: [OTHER_CHANNEL],
    Detail: entry.Detail!.replaceAll('Demo', 'Bob'),
  }));

const put = async (entries: PutEventsRequestEntry[]) => {
  const result = await sendEntries(events, entries);
  expect(result.failedEntryCount).toBe(0);
};

type Delivered = { subscription: SubscriptionName; data: Record<string, unknown> };
const delivered = (p: SubscriberProcess): Delivered[] =>
  p.messages.flatMap((m: SubscriberMessage) =>
    m.kind === 'next' ? [{ subscription: m.subscription, data: m.data }] : [],
  );
const errorsOf = (p: SubscriberProcess) => p.messages.filter((m) => m.kind === 'error');

/** The records a delivery carries: observeQuery snapshots carry items, the others one record. */
const recordsIn = (d: Delivered): Record<string, unknown>[] =>
  d.subscription.endsWith('.observeQuery') ? (d.data.items as Record<string, unknown>[]) : [d.data];

const until = (
  p: SubscriberProcess,
  subscription: SubscriptionName,
  check: (data: Record<string, unknown>) => boolean,
) => p.until((m) => m.kind === 'next' && m.subscription === subscription && check(m.data));

const snapshotHas = (recordingSessionId: string, status: string) => (data: Record<string, unknown>) =>
  (data.items as Record<string, unknown>[]).some(
    (r) => r.recordingSessionId === recordingSessionId && r.recordingStatus === status,
  );

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  localDir = await mkdtemp(path.join(tmpdir(), 'live-updates-'));
  stack = await startLocalStack(testStackOptions(inject('sandboxAssemblyDir'), localDir));
  events = localEventBridgeClient(stack.eventBus.endpoint);
  // The other user and their channel, for the barrier event below.
  otherUser = await stack.userPool.createUser({ email: OTHER_EMAIL, password: 'B0b-local-passw0rd' });
  configureAmplifyAsUser(stack.dataApi, stack.userPool);
  await ensureProfile(generateClient<Schema>({ authMode: 'iam' }), {
    channelArn: OTHER_CHANNEL,
    channelName: 'Bob channel',
    // In a pool that signs in with e-mail, the username is the sub.
    owner: ownerValueFor({ sub: otherUser.sub, username: otherUser.sub }),
  });
  const outputs = stack.dataApi.amplifyOutputs();
  const subscriber = async (email: string) =>
    startSubscriberProcess({ outputs, token: (await stack.userPool.signIn(email)).accessToken });
  [demo, other] = await Promise.all([subscriber(DEMO_USER.email), subscriber(OTHER_EMAIL)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([demo?.stop(), other?.stop()]);
  await stack?.stop();
  await rm(localDir, { recursive: true, force: true });
});

describe('given two signed-in users subscribed before any event', () => {
  it('when the demo channel records a broadcast then the demo user sees the recording appear STARTED and turn COMPLETED, live', async () => {
    await until(demo, 'Recording.observeQuery', (d) => d.isSynced === true);

    await put(await testEvents('recording-start.json'));
    await until(demo, 'Recording.observeQuery', snapshotHas('DemoRecSessA1', 'STARTED'));
    await put(await testEvents('recording-end.json'));
    await until(demo, 'Recording.observeQuery', snapshotHas('DemoRecSessA1', 'COMPLETED'));
    await until(demo, 'StreamSession.onUpdate', (d) => d.status === 'ENDED');
    // Each subscription is delivered on its own: observeQuery's snapshot may come first.
    await until(demo, 'Recording.onUpdate', (d) => d.recordingStatus === 'COMPLETED');

    const created = delivered(demo).filter((d) => d.subscription === 'Recording.onCreate');
    const updated = delivered(demo).filter((d) => d.subscription === 'Recording.onUpdate');
    expect(created.map((d) => [d.data.recordingSessionId, d.data.recordingStatus])).toEqual([
      ['DemoRecSessA1', 'STARTED'],
    ]);
    expect(created[0]!.data).toMatchObject({
      owner: stack.demoUser.sub,
      channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/DemoChannel1',
      streamSessionId: 'st-1DemoStreamA2b3c4D5e6F7g8h',
      s3BucketName: 'ivs-recordings-demo-123456789012',
    });
    expect(updated.at(-1)!.data).toMatchObject({
      recordingSessionId: 'DemoRecSessA1',
      recordingStatus: 'COMPLETED',
      recordingDurationMs: 1_834_000,
    });
    await until(demo, 'StreamSession.observeQuery', (d) =>
      (d.items as Record<string, unknown>[]).some(
        (s) => s.id === 'st-1DemoStreamA2b3c4D5e6F7g8h' && s.status === 'ENDED',
      ),
    );
    const sessions = delivered(demo).filter((d) => d.subscription.startsWith('StreamSession.on'));
    expect(sessions.map((d) => [d.subscription, d.data.id, d.data.status])).toEqual([
      ['StreamSession.onCreate', 'st-1DemoStreamA2b3c4D5e6F7g8h', 'LIVE'],
      ['StreamSession.onUpdate', 'st-1DemoStreamA2b3c4D5e6F7g8h', 'ENDED'],
    ]);
    // The snapshots went from nothing, to STARTED, to COMPLETED: never back.
    const statuses = delivered(demo)
      .filter((d) => d.subscription === 'Recording.observeQuery')
      .map((d) => recordsIn(d).find((r) => r.recordingSessionId === 'DemoRecSessA1')?.recordingStatus ?? 'none');
    expect([...new Set(statuses)]).toEqual(['none', 'STARTED', 'COMPLETED']);
    expect(errorsOf(demo)).toEqual([]);
  });

  it("when the other user's own channel then records (a barrier) then they see only their own records", async () => {
    await put(onOtherChannel(await testEvents('recording-start.json')));
    await until(other, 'Recording.onCreate', (d) => d.recordingSessionId === 'BobRecSessA1');
    // The demo channel fails a recording after the barrier, and the demo user sees it: so any
    // record of the other user would have reached the demo user by then too.
    await put(await testEvents('recording-failure.json'));
    await until(demo, 'Recording.observeQuery', snapshotHas('DemoRecSessB1', 'FAILED'));

    const othersRecords = delivered(other).flatMap(recordsIn);
    expect(othersRecords.length).toBeGreaterThan(0);
    expect(othersRecords.every((r) => r.owner === otherUser.sub && r.channelArn === OTHER_CHANNEL)).toBe(true);
    const demosRecords = delivered(demo).flatMap(recordsIn);
    expect(demosRecords.every((r) => r.owner === stack.demoUser.sub)).toBe(true);
    expect(errorsOf(other)).toEqual([]);
  });
});
