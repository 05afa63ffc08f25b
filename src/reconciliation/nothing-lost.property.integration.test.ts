// Issue 11's property, on the local stack: random recordings (1 to 5 merged streams, success
// and both failures) lose a random subset of their events; the rest arrive shuffled and
// duplicated through the real handler module and the real Amplify client (the generated
// resolvers over dynalite), and the channel's profile appears at a random point: through
// create-profile's path (which replays the parked events at once) or behind the project's
// back (reconciliation replays them). Then one reconciliation run, wired as the Lambda function is,
// reads what a real account would hold (the metadata file in the local S3 store through
// the stock S3 client, IVS GetStreamSession from the stand-in). The records must equal what
// the independent oracle (fixtures/oracle.ts, written from the facts and the engine README,
// not by calling the engine) derives.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { generateClient } from 'aws-amplify/data';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import type { HandlerResult } from '../event-processing/recording-status-handler';
import { startLocalDataApi, type LocalDataApi } from '../local/data-api';
import { IvsStandIn, type StandInStreamSession } from '../local/ivs/ivs-stand-in';
import { localS3Client, startLocalS3Store, type LocalS3Store } from '../local/s3';
import { profileIdFor } from '../recording-engine/channel-arn';
import { scenarioDeliveryArb, type RecordingScenario } from '../recording-engine/fixtures/arbitraries';
import { expectedRecords } from '../recording-engine/fixtures/oracle';
import { RECORDING_MEDIA_FIELDS, type RecordingState, type RecordOwner } from '../recording-engine/records';
import { recordingStateFrom, streamSessionStateFrom } from '../records-store/stored-state';
import { ENDED_FILE, FAILED_FILE, metadataKey } from '../recording-media/end-file';
import { createProfileAndReplay } from '../parked-events/create-profile-and-replay';
import { ensureProfile } from '../records-store/profile-directory';
import { runReconciliation } from './run-reconciliation';

/** Each run costs a profile, the deliveries and a reconciliation over the table: kept small. */
const RUNS = 25;
const OWNER_NAME = 'user';
const MEDIA_FIELDS = new Set<keyof RecordingState>(RECORDING_MEDIA_FIELDS);
// Every generated time (2020 to 2030) is long past on this day: the clock (Date only) of
// the handler's writes and of the reconciliation run.
const NOW = Date.parse('2031-01-01T00:00:00Z');

type Handler = (event: unknown) => Promise<HandlerResult>;

let api: LocalDataApi;
let handler: Handler;
let client: ReturnType<typeof generateClient<Schema>>;
let s3Dir: string;
let s3Store: LocalS3Store;
let s3: S3Client;
const ivsSessions: StandInStreamSession[] = [];
const ivs = new IvsStandIn({ sessions: () => ivsSessions, callsPerSecond: 1_000_000 });
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW, shouldAdvanceTime: true });
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  api = await startLocalDataApi({ assemblyDir: inject('sandboxAssemblyDir'), port: 0 });
  Object.assign(process.env, api.functionEnvironment('RecordingStatusHandler'));
  ({ handler } = (await import('../../amplify/functions/recording-status-handler/handler')) as { handler: Handler });
  client = generateClient<Schema>({ authMode: 'iam' });
  s3Dir = await mkdtemp(path.join(tmpdir(), 'nothing-lost-s3-'));
  s3Store = await startLocalS3Store({ root: s3Dir, port: 0 });
  s3 = localS3Client(s3Store.endpoint);
});

afterAll(async () => {
  vi.useRealTimers();
  s3?.destroy();
  await s3Store?.stop();
  await api?.stop();
  if (s3Dir) await rm(s3Dir, { recursive: true, force: true });
});

/** What the account holds once IVS is done: the metadata file, and IVS's stream sessions. */
const givenAccountHolds = async (scenario: RecordingScenario) => {
  if (scenario.metadataFile !== null) {
    const failed = (JSON.parse(scenario.metadataFile) as { recording_status?: string }).recording_status;
    await s3.send(
      new PutObjectCommand({
        Bucket: scenario.bucket,
        Key: metadataKey(scenario.prefix, failed === 'RECORDING_ENDED_WITH_FAILURE' ? FAILED_FILE : ENDED_FILE),
        Body: scenario.metadataFile,
      }),
    );
  }
  for (const [streamId, session] of scenario.ivsSessions) {
    ivsSessions.push({
      channelArn: scenario.channel.arn,
      streamId,
      startTime: session.startTime.toISOString(),
      endTime: session.endTime.toISOString(),
    });
  }
};

/** The profile's records, as the engine's states, from the index queries frontends use. */
const recordsOf = async (profileId: string) => {
  const recordings = await client.models.Recording.recordingsByProfileId({ profileId }, { limit: 100 });
  const sessions = await client.models.StreamSession.streamSessionsByProfileId({ profileId }, { limit: 100 });
  expect(recordings.errors ?? sessions.errors).toBeUndefined();
  if (recordings.data.length > 1) throw new Error(`expected at most one recording, got ${recordings.data.length}`);
  const recording = recordings.data[0];
  return {
    recording: recording ? recordingStateFrom(recording) : null,
    streamSessions: sessions.data
      .map((session) => streamSessionStateFrom(session))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
};

describe('given random recordings whose events were lost, late, shuffled and duplicated, on the local stack', () => {
  it('when delivered through the real handler and reconciled once with what the account holds then the records equal the oracle', async () => {
    // Sampled, not shrunk: a shrunk scenario reuses its channel and stream ids, and the
    // records of the first try would still be there. Each sample has fresh random ids.
    const samples = fc.sample(
      scenarioDeliveryArb.chain((sample) =>
        fc.record({
          scenario: fc.constant(sample.scenario),
          delivery: fc.constant(sample.delivery),
          profileAt: fc.integer({ min: 0, max: sample.delivery.length }),
          profileThrough: fc.constantFrom('create-profile', 'elsewhere'),
        }),
      ),
      { numRuns: RUNS, seed: 20261130 },
    );
    const channels = new Set(samples.map(({ scenario }) => scenario.channel.arn));
    expect(channels.size).toBe(RUNS);
    for (const [run, { scenario, delivery, profileAt, profileThrough }] of samples.entries()) {
      const profileId = profileIdFor(scenario.channel.arn);
      const owner: RecordOwner = { profileId, owner: OWNER_NAME };
      const createProfile = async () => {
        const input = { channelArn: scenario.channel.arn, owner: OWNER_NAME };
        if (profileThrough === 'create-profile') await createProfileAndReplay(client, input, { logger: quiet });
        else await ensureProfile(client, input);
      };
      await givenAccountHolds(scenario);
      // Nothing waits for another event: every delivery is applied, parked or refused at once.
      for (const [i, event] of delivery.entries()) {
        if (i === profileAt) await createProfile();
        expect(['written', 'unchanged', 'ignored', 'parked']).toContain((await handler(event.raw)).outcome);
      }
      if (profileAt === delivery.length) await createProfile();
      await runReconciliation({
        client,
        s3,
        ivs,
        logger: quiet,
        settings: { bucketName: '', staleAfterMs: 30 * 60_000, maxRecords: 500, ivsCallsPerSecond: 1_000_000 },
        now: Date.now(),
      });
      const expected = expectedRecords(scenario, owner, { reconciled: true });
      const records = await recordsOf(profileId);
      // The oracle speaks of what the IVS events and the end file's times decide; the media
      // index (tested on its own in src/recording-media) is left out of the comparison.
      const withoutMedia = (recording: RecordingState | null) =>
        recording &&
        Object.fromEntries(Object.entries(recording).filter(([key]) => !MEDIA_FIELDS.has(key as keyof RecordingState)));
      expect({
        run,
        scenario,
        profileAt,
        profileThrough,
        records: { ...records, recording: withoutMedia(records.recording) },
      }).toEqual({
        run,
        scenario,
        profileAt,
        profileThrough,
        records: { ...expected, recording: withoutMedia(expected.recording) },
      });
      // Every recording with an end file got its media index from it.
      if (scenario.metadataFile !== null && records.recording) expect(records.recording.mediaIndexedAt).not.toBeNull();
    }
  }, 300_000);
});
