// recordingStats end to end on the local stack: simulated broadcasts (shuffled, duplicated, some
// recording events lost) go through the local bus to the real handler; then the real aws-amplify
// client, signed in as each of two users, asks the query, which runs the real RecordingStats
// module over the owner + recordedAt index. Each user's answer equals the oracle computed over
// that user's recordings as read back another way (the profileId index, as IAM).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { oracleStats } from '../../recording-stats/fixtures/stats-oracle';
import type { StatsRecording } from '../../recording-stats/recording-stats';
import { ensureProfile } from '../../records-store/profile-directory';
import { allPages } from '../../records-store/paging';
import { statsRecordingOf } from '../../records-store/owner-recordings-in-range';
import { simulateBroadcasts } from '../../simulation/broadcast';
import { scheduleDelivery } from '../../simulation/delivery';
import { runSimulation } from '../../simulation/run-simulation';
import { ownerValueFor } from '../../user-directory/owner-value';
import { configureAmplifyAsUser } from '../data-api/test-support';
import { startLocalStack, type LocalStack } from './local-stack';
import { localEventBridgeClient, testStackOptions } from './test-stack';

const DAY_MS = 86_400_000;
const ALICE = { email: 'alice@example.com', password: 'Alice-local-passw0rd' };
const BOB = { email: 'bob@example.com', password: 'Bob-local-passw0rd1' };
// Whole UTC days around the broadcasts: from 8 days ago to tomorrow's midnight.
const TODAY = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const RANGE = { from: new Date(TODAY - 8 * DAY_MS).toISOString(), to: new Date(TODAY + DAY_MS).toISOString() };

let stack: LocalStack;
let localDir: string;
let session: ReturnType<typeof configureAmplifyAsUser>;
let client: ReturnType<typeof generateClient<Schema>>;
let iam: ReturnType<typeof generateClient<Schema>>;
const profilesOf: Record<string, string[]> = { [ALICE.email]: [], [BOB.email]: [] };
let tombstoneId: string;

/** A user's recordings read back through the profileId index (not the index under test), as the stats see them. */
const recordingsOf = async (email: string): Promise<StatsRecording[]> => {
  const rows = [];
  for (const profileId of profilesOf[email] ?? []) {
    rows.push(
      ...(await allPages('recordingsByProfileId', (nextToken) =>
        iam.models.Recording.recordingsByProfileId({ profileId }, { nextToken }),
      )),
    );
  }
  return rows.map(statsRecordingOf);
};

const statsAs = async (email: string, range: { from: string; to: string } = RANGE) => {
  await session.signIn(email);
  return client.queries.recordingStats(range);
};

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  localDir = await mkdtemp(path.join(tmpdir(), 'recording-stats-'));
  stack = await startLocalStack(testStackOptions(inject('sandboxAssemblyDir'), localDir));
  const alice = await stack.userPool.createUser(ALICE);
  const bob = await stack.userPool.createUser(BOB);
  session = configureAmplifyAsUser(stack.dataApi, stack.userPool);
  client = generateClient<Schema>();
  iam = generateClient<Schema>({ authMode: 'iam' });

  // Two fleets days apart, so the series has several days; each user owns half the channels.
  const events = localEventBridgeClient(stack.eventBus.endpoint);
  for (const [seed, daysAgo] of [
    [141, 6],
    [142, 2],
  ] as const) {
    const simulation = simulateBroadcasts({
      seed,
      channels: 4,
      broadcastsPerChannel: 3,
      startTime: TODAY - daysAgo * DAY_MS + 20 * 3600_000,
    });
    for (const [i, channel] of simulation.channels.entries()) {
      const user = i % 2 === 0 ? { ...ALICE, sub: alice.sub } : { ...BOB, sub: bob.sub };
      // A pool that signs in with e-mail names each user by their sub.
      const owner = ownerValueFor({ sub: user.sub, username: user.sub });
      const profile = await ensureProfile(iam, { channelArn: channel.arn, owner });
      profilesOf[user.email]!.push(profile.id);
    }
    const result = await runSimulation({
      client: events,
      // Shuffled, 10% twice, and some recording events lost: in-progress recordings, recordings known by their end only.
      schedule: scheduleDelivery(simulation.events, {
        seed,
        shuffleWindow: 10,
        duplicateFraction: 0.1,
        loss: { recording: 0.15 },
      }),
    });
    expect(result.failedEntries).toEqual([]);
  }
  await stack.eventBus.idle();

  // Retention's tombstone on one of Alice's recordings: it counts as deleted only.
  const aliceRecordings = await recordingsOf(ALICE.email);
  tombstoneId = aliceRecordings.find((r) => r.recordingStatus === 'COMPLETED')!.id;
  const marked = await iam.models.Recording.update({ id: tombstoneId, deletedAt: new Date().toISOString() });
  expect(marked.errors).toBeUndefined();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  if (localDir) await rm(localDir, { recursive: true, force: true });
});

describe('given two users with recordings on the local stack', () => {
  it('when Alice asks for her stats then they equal the oracle over her recordings', async () => {
    const mine = await recordingsOf(ALICE.email);
    const { data, errors } = await statsAs(ALICE.email);

    expect(errors).toBeUndefined();
    expect(data).toEqual(oracleStats(RANGE.from, RANGE.to, mine));
    // The fleet is varied enough to mean something.
    expect(data!.recordings).toBeGreaterThan(5);
    expect(data!.deleted).toBe(1);
    expect(data!.byStatus.failed).toBeGreaterThan(0);
    expect(data!.days.filter((d) => d.recordings > 0).length).toBeGreaterThanOrEqual(2);
  });

  it("when Bob asks then his stats equal the oracle over his recordings: Alice's never count", async () => {
    const his = await recordingsOf(BOB.email);
    const hers = await recordingsOf(ALICE.email);
    const { data, errors } = await statsAs(BOB.email);

    expect(errors).toBeUndefined();
    expect(data).toEqual(oracleStats(RANGE.from, RANGE.to, his));
    expect(data!.recordings + data!.deleted).toBe(his.length);
    expect(data!.recordings + data!.deleted).not.toBe(his.length + hers.length);
  });

  it('when the demo user, who owns no recording here, asks then everything is zero', async () => {
    const { data, errors } = await statsAs('demo@example.com');

    expect(errors).toBeUndefined();
    expect(data).toMatchObject({ recordings: 0, recordedMs: 0, deleted: 0, averageDurationMs: null });
    expect(data!.days).toHaveLength(9);
  });

  it('when the range is backwards or longer than 366 days then the caller gets a clear error and no stats', async () => {
    const backwards = await statsAs(ALICE.email, { from: RANGE.to, to: RANGE.from });
    expect(backwards.data).toBeNull();
    expect(backwards.errors?.[0]?.message).toMatch(/from \(.*\) must be before to/);

    const tooLong = await statsAs(ALICE.email, { from: '2024-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z' });
    expect(tooLong.errors?.[0]?.message).toMatch(/at most 366 days/);
  });

  it('when an IAM caller (no user) asks then it is refused', async () => {
    const { data, errors } = await iam.queries.recordingStats(RANGE);

    expect(data).toBeNull();
    expect(errors?.[0]?.message).toMatch(/Unauthorized/);
  });
});
