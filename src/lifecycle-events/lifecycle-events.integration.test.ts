// Lifecycle events end to end on the local stack: simulated broadcasts' IVS events, shuffled
// and duplicated, sent with the stock EventBridge client to the local bus, which delivers them
// to the real handler module; the recordings' files written into the local S3 store as IVS
// does (its Object Created events index the media). The handler publishes to the same local
// bus with its own signed PutEvents: what the bus receives is checked.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { S3Client } from '@aws-sdk/client-s3';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import type { EventEnvelope } from '../eventbridge/envelope';
import { IvsStandIn } from '../local/ivs/ivs-stand-in';
import { localS3Client, putLocalObject } from '../local/s3';
import { startLocalStack, type LocalStack } from '../local/stack/local-stack';
import { localEventBridgeClient, testStackOptions } from '../local/stack/test-stack';
import { mediaFixtureFiles } from '../recording-media/media-fixtures';
import { ensureProfile } from '../records-store/profile-directory';
import { simulateBroadcasts, type Simulation } from '../simulation/broadcast';
import { scheduleDelivery } from '../simulation/delivery';
import { recordingMediaObjects, writeRecordingMedia } from '../simulation/recording-media';
import { runSimulation } from '../simulation/run-simulation';
import { runReconciliation } from '../reconciliation/run-reconciliation';
import { putEventsPublisher } from './put-events-publisher';
import { profileIdFor } from '../recording-engine/channel-arn';
import { runRetention } from '../retention/retention-run';
import { retentionDeps } from '../retention/retention-wiring';
import { announceRecordingDeleted } from './lifecycle-outbox';
import { RECORDING_DELETED } from './lifecycle-events';
import { lifecycleEventId } from './event-id';
import { LIFECYCLE_EVENT_SOURCE, RECORDING_FAILED, RECORDING_READY } from './lifecycle-events';

let stack: LocalStack;
let localDir: string;
let events: EventBridgeClient;
let s3: S3Client;
let client: ReturnType<typeof generateClient<Schema>>;
let fixtures: Awaited<ReturnType<typeof mediaFixtureFiles>>;

/** The lifecycle events the local bus accepted, and those it was told to refuse. */
const accepted: EventEnvelope[] = [];
const refused: EventEnvelope[] = [];
let refuse: ((event: EventEnvelope) => boolean) | null = null;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  localDir = await mkdtemp(path.join(tmpdir(), 'lifecycle-events-'));
  stack = await startLocalStack({
    ...testStackOptions(inject('sandboxAssemblyDir'), localDir),
    onBusEvent: (event) => {
      if (event.source !== LIFECYCLE_EVENT_SOURCE) return;
      if (refuse?.(event)) {
        refused.push(event);
        throw new Error('injected: the bus cannot keep this event');
      }
      accepted.push(event);
    },
  });
  events = localEventBridgeClient(stack.eventBus.endpoint);
  s3 = localS3Client(stack.s3.endpoint);
  client = generateClient<Schema>({ authMode: 'iam' });
  fixtures = await mediaFixtureFiles();
}, 120_000);

afterAll(async () => {
  events?.destroy();
  s3?.destroy();
  await stack?.stop();
  await rm(localDir, { recursive: true, force: true });
});

const simulate = (seed: number, channels: number, broadcastsPerChannel: number): Simulation =>
  simulateBroadcasts({
    seed,
    channels,
    broadcastsPerChannel,
    startTime: Date.now() - 3 * 60 * 60_000,
    region: 'us-east-1',
    account: '123456789012',
    bucketName: 'ivs-recordings-lifecycle',
    outcomeWeights: { success: 2, start_failure: 1, end_failure: 1 },
  });

/** IVS's events, shuffled and some twice, through PutEvents; the channels get profiles first. */
const sendEvents = async (simulation: Simulation, seed: number) => {
  const schedule = scheduleDelivery(simulation.events, { seed, shuffleWindow: 8, duplicateFraction: 0.4 });
  const result = await runSimulation({
    client: events,
    schedule,
    concurrency: 3,
    profiles: { channels: simulation.channels, ensureProfile: (input) => ensureProfile(client, input) },
  });
  expect(result.failedEntries).toEqual([]);
  expect(schedule.duplicateCount).toBeGreaterThan(0);
};

const writeMedia = async (simulation: Simulation) => {
  for (const broadcast of simulation.broadcasts)
    await writeRecordingMedia(s3, recordingMediaObjects(broadcast, fixtures));
};

const lifecycleOf = (recordingId: string) =>
  accepted
    .filter((e) => (e.detail as { recordingId?: string }).recordingId === recordingId)
    .map((e) => ({ detailType: e['detail-type'], eventId: (e.detail as { eventId: string }).eventId }));

const expectOneEventPerRecording = async (simulation: Simulation) => {
  for (const broadcast of simulation.broadcasts) {
    const ready = broadcast.outcome === 'success';
    expect(lifecycleOf(broadcast.recordingKey), `${broadcast.outcome} ${broadcast.recordingKey}`).toEqual([
      {
        detailType: ready ? RECORDING_READY : RECORDING_FAILED,
        eventId: lifecycleEventId(broadcast.recordingKey, ready ? 'READY' : 'FAILED'),
      },
    ]);
    const { data } = await client.models.Recording.get({ id: broadcast.recordingKey });
    expect(data?.lifecycleEventsSent).toEqual([ready ? 'READY' : 'FAILED']);
  }
};

describe('given broadcasts whose IVS events arrive shuffled and duplicated', () => {
  it('when the end files land after the events then each recording publishes exactly one Ready or Failed, with the id anyone can compute', async () => {
    const simulation = simulate(41, 2, 3);
    expect(new Set(simulation.broadcasts.map((b) => b.outcome))).toEqual(
      new Set(['success', 'start_failure', 'end_failure']),
    );
    await sendEvents(simulation, 1);
    await stack.eventBus.idle();
    await writeMedia(simulation);
    await stack.eventBus.idle();
    await expectOneEventPerRecording(simulation);
    expect(stack.eventBus.stats().functions.RecordingStatusHandler).toMatchObject({ failures: 0 });

    // Every IVS event again, after the markers: nothing more is published.
    const before = accepted.length;
    await sendEvents(simulation, 2);
    await stack.eventBus.idle();
    expect(accepted.length).toBe(before);
  });

  it('when the end files land before the events then the recording events index them and publish the same way', async () => {
    const simulation = simulate(42, 2, 2);
    await writeMedia(simulation);
    await stack.eventBus.idle();
    await sendEvents(simulation, 3);
    await stack.eventBus.idle();
    await expectOneEventPerRecording(simulation);
  });
});

describe('given the bus fails to take a lifecycle event', () => {
  it('when the handler is retried then the redelivery publishes the same event id, once', async () => {
    const simulation = simulateBroadcasts({
      seed: 43,
      channels: 1,
      broadcastsPerChannel: 1,
      startTime: Date.now() - 3 * 60 * 60_000,
      region: 'us-east-1',
      account: '123456789012',
      bucketName: 'ivs-recordings-lifecycle',
      outcomeWeights: { success: 1, start_failure: 0, end_failure: 0 },
    });
    const [broadcast] = simulation.broadcasts;
    let failures = 1;
    refuse = (event) => event['detail-type'] === RECORDING_READY && failures-- > 0;
    try {
      await sendEvents(simulation, 4);
      await writeMedia(simulation);
      await stack.eventBus.idle();
    } finally {
      refuse = null;
    }
    const expectedId = lifecycleEventId(broadcast!.recordingKey, 'READY');
    expect(refused.map((e) => (e.detail as { eventId: string }).eventId)).toEqual([expectedId]);
    expect(lifecycleOf(broadcast!.recordingKey)).toEqual([{ detailType: RECORDING_READY, eventId: expectedId }]);
    // The handler threw (a RetryableError) and Lambda's retry published it; nothing was lost.
    expect(stack.eventBus.stats().functions.RecordingStatusHandler?.retries).toBeGreaterThan(0);
    expect(stack.eventBus.failures()).toEqual([]);
  });
});

describe('given a recording whose End and end-file S3 event were both lost', () => {
  it('when reconciliation completes it from the end file then it publishes Recording Ready once, and a second run nothing', async () => {
    const simulation = simulateBroadcasts({
      seed: 44,
      channels: 1,
      broadcastsPerChannel: 1,
      startTime: Date.now() - 3 * 60 * 60_000,
      region: 'us-east-1',
      account: '123456789012',
      bucketName: 'ivs-recordings-lifecycle',
      outcomeWeights: { success: 1, start_failure: 0, end_failure: 0 },
    });
    const [broadcast] = simulation.broadcasts;
    const lost = { ...simulation, events: simulation.events.filter((e) => e.name !== 'Recording End') };
    await sendEvents(lost, 5);
    await stack.eventBus.idle();
    // Its JSON files written straight into the store's folder: no S3 event, as if it were lost.
    for (const { bucket, key, body } of recordingMediaObjects(broadcast!, fixtures).filter((o) =>
      o.key.endsWith('.json'),
    ))
      await putLocalObject(stack.s3, bucket, key, body.toString());
    await stack.eventBus.idle();
    expect(lifecycleOf(broadcast!.recordingKey)).toEqual([]);

    const reconcileOnce = () =>
      runReconciliation({
        client,
        s3,
        ivs: new IvsStandIn({ sessions: () => [] }),
        logger: { info: () => {}, warn: () => {}, error: () => {} },
        settings: {
          bucketName: 'ivs-recordings-lifecycle',
          staleAfterMs: 30 * 60_000,
          maxRecords: 500,
          ivsCallsPerSecond: 50,
        },
        now: Date.now(),
        publishLifecycleEvents: putEventsPublisher({
          eventBusName: 'default',
          region: 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          endpoint: stack.eventBus.endpoint,
        }),
        // Stream sessions the stand-in does not know fail the run: only the recording matters here.
      }).catch(() => undefined);
    await reconcileOnce();
    expect(lifecycleOf(broadcast!.recordingKey)).toEqual([
      { detailType: RECORDING_READY, eventId: lifecycleEventId(broadcast!.recordingKey, 'READY') },
    ]);
    const before = accepted.length;
    await reconcileOnce();
    expect(accepted.length).toBe(before);
  });
});

describe('given a ready recording whose retention expires', () => {
  it('when retention deletes it then Recording Deleted is published once, after its Recording Ready', async () => {
    const simulation = simulateBroadcasts({
      seed: 46,
      channels: 1,
      broadcastsPerChannel: 1,
      startTime: Date.now() - 3 * 60 * 60_000,
      region: 'us-east-1',
      account: '123456789012',
      bucketName: 'ivs-recordings-lifecycle',
      outcomeWeights: { success: 1, start_failure: 0, end_failure: 0 },
    });
    const [channel] = simulation.channels;
    const [broadcast] = simulation.broadcasts;
    // Its profile keeps recordings one day.
    const created = await client.models.Profile.create({
      id: profileIdFor(channel!.arn),
      channelArn: channel!.arn,
      retentionDays: 1,
    });
    expect(created.errors).toBeUndefined();
    await sendEvents(simulation, 6);
    await stack.eventBus.idle();
    await writeMedia(simulation);
    await stack.eventBus.idle();

    const publish = putEventsPublisher({
      eventBusName: 'default',
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      endpoint: stack.eventBus.endpoint,
    });
    const deps = retentionDeps({ client, s3, logger: { info: () => {}, warn: () => {}, error: () => {} } });
    const retention = () =>
      runRetention(
        { ...deps, announceDeletion: announceRecordingDeleted(publish) },
        { now: Date.now() + 3 * 86_400_000 },
      );
    await retention();
    const id = broadcast!.recordingKey;
    expect(lifecycleOf(id)).toEqual([
      { detailType: RECORDING_READY, eventId: lifecycleEventId(id, 'READY') },
      { detailType: RECORDING_DELETED, eventId: lifecycleEventId(id, 'DELETED') },
    ]);
    const { data } = await client.models.Recording.get({ id });
    expect(data?.lifecycleEventsSent).toEqual(['READY', 'DELETED']);
    const before = accepted.length;
    await retention();
    expect(accepted.length).toBe(before);
  });
});
