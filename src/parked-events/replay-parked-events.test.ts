import { beforeEach, describe, expect, it } from 'vitest';
import type { EventLogger } from '../event-processing/observability';
import { processEvent, type ProcessDependencies } from '../event-processing/process-event';
import { profileIdFor } from '../recording-engine/channel-arn';
import { recordingFixtures, streamFixtures, withEnvelope } from '../recording-engine/fixtures/ivs-events';
import { InMemoryRecordsStore } from '../records-store/in-memory-records-store';
import { PARKED_EVENT_RETENTION_DAYS } from './parked-event';
import { replayAllParkedEvents, replayParkedEvents, type ReplayDependencies } from './replay-parked-events';

const CHANNEL = 'arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij';
const OTHER_CHANNEL = 'arn:aws:ivs:us-west-2:123456789012:channel/ZyXwvu9T8srq';
const DAY_MS = 24 * 60 * 60 * 1000;
const PARKED_AT = Date.UTC(2026, 10, 1);

const quiet: EventLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** One recorded broadcast of the fixtures' channel, in IVS's order. */
const BROADCAST = [
  streamFixtures.streamStart,
  recordingFixtures.start,
  recordingFixtures.end,
  streamFixtures.streamEnd,
] as const;

const onChannel = (fixture: object, channelArn: string, id: string) =>
  withEnvelope(fixture, { id, resources: [channelArn] });

const addProfile = (store: InMemoryRecordsStore, channelArn: string) =>
  store.addProfile({
    id: profileIdFor(channelArn),
    owner: 'sub-1::alice',
    channelArn,
    channelName: 'Your Channel',
    createdAt: '2026-11-01T00:00:00.000Z',
  });

const processWith = (store: InMemoryRecordsStore, now: number): ProcessDependencies => ({
  store,
  findProfile: (arn) => store.findProfileByChannelArn(arn),
  logger: quiet,
  now: () => now,
});

let store: InMemoryRecordsStore;
let metrics: string[];
const replayDeps = (now: number, extra: Partial<ReplayDependencies> = {}): ReplayDependencies => ({
  store,
  logger: quiet,
  metrics: { addMetric: (name, _unit, value) => metrics.push(...Array<string>(value).fill(name)) },
  now: () => now,
  ...extra,
});

beforeEach(() => {
  store = new InMemoryRecordsStore();
  metrics = [];
});

describe('given the events of a broadcast parked while the channel had no profile', () => {
  const parkBroadcastBackwards = async () => {
    // Parked in reverse order: the replay must not depend on it.
    for (const event of [...BROADCAST].reverse()) {
      expect(await processEvent(event, processWith(store, PARKED_AT))).toMatchObject({ kind: 'parked' });
    }
    expect(store.parked.size).toBe(BROADCAST.length);
    expect(store.recordings.size + store.streamSessions.size).toBe(0);
  };

  it('when the profile appears and the channel is replayed then the records equal in-order delivery and nothing stays parked', async () => {
    await parkBroadcastBackwards();
    addProfile(store, CHANNEL);

    const counts = await replayParkedEvents(CHANNEL, replayDeps(PARKED_AT + DAY_MS));

    expect(counts).toEqual({ replayed: BROADCAST.length, expired: 0, waiting: 0 });
    expect(store.parked.size).toBe(0);
    expect(metrics).toEqual(Array(BROADCAST.length).fill('EventsReplayed'));
    const inOrder = new InMemoryRecordsStore();
    addProfile(inOrder, CHANNEL);
    for (const event of BROADCAST) await processEvent(event, processWith(inOrder, PARKED_AT));
    expect(store.recordings).toEqual(inOrder.recordings);
    expect(store.streamSessions).toEqual(inOrder.streamSessions);
  });

  it('when the channel is replayed twice then the second replay finds nothing and changes nothing', async () => {
    await parkBroadcastBackwards();
    addProfile(store, CHANNEL);
    await replayParkedEvents(CHANNEL, replayDeps(PARKED_AT + DAY_MS));
    const recordings = structuredClone(store.recordings);
    expect(await replayParkedEvents(CHANNEL, replayDeps(PARKED_AT + DAY_MS))).toEqual({
      replayed: 0,
      expired: 0,
      waiting: 0,
    });
    expect(store.recordings).toEqual(recordings);
  });

  it('when the channel still has no profile then replay applies nothing and keeps them parked', async () => {
    await parkBroadcastBackwards();
    expect(await replayParkedEvents(CHANNEL, replayDeps(PARKED_AT + DAY_MS))).toEqual({
      replayed: 0,
      expired: 0,
      waiting: BROADCAST.length,
    });
    expect(store.parked.size).toBe(BROADCAST.length);
  });

  it(`when the profile appears after the ${PARKED_EVENT_RETENTION_DAYS}-day retention then the expired events are deleted, not applied`, async () => {
    await parkBroadcastBackwards();
    addProfile(store, CHANNEL);

    const counts = await replayParkedEvents(CHANNEL, replayDeps(PARKED_AT + PARKED_EVENT_RETENTION_DAYS * DAY_MS));

    expect(counts).toEqual({ replayed: 0, expired: BROADCAST.length, waiting: 0 });
    expect(store.parked.size).toBe(0);
    expect(store.recordings.size + store.streamSessions.size).toBe(0);
    expect(metrics).toEqual(Array(BROADCAST.length).fill('ParkedEventsExpired'));
  });

  it('when applying an event fails then it stays parked for the next replay and the error is thrown', async () => {
    await parkBroadcastBackwards();
    addProfile(store, CHANNEL);
    const failing = Object.assign(Object.create(store) as InMemoryRecordsStore, {
      createRecording: async () => {
        throw new Error('data API down');
      },
    });
    await expect(replayParkedEvents(CHANNEL, replayDeps(PARKED_AT + DAY_MS, { store: failing }))).rejects.toThrow(
      'data API down',
    );
    // The recording event that failed, and what came after it, are still parked.
    expect([...store.parked.keys()]).toEqual(
      expect.arrayContaining([recordingFixtures.start.id, recordingFixtures.end.id]),
    );
  });
});

describe('given parked events of several channels (the reconciliation pass)', () => {
  it('when every channel is replayed then channels with a profile are applied, the others wait, and expired ones are deleted', async () => {
    // The fixtures' channel gets a profile; another channel has a fresh and an expired event, and no profile.
    for (const event of BROADCAST) await processEvent(event, processWith(store, PARKED_AT));
    await processEvent(
      onChannel(streamFixtures.streamStart, OTHER_CHANNEL, 'other-old'),
      processWith(store, PARKED_AT - PARKED_EVENT_RETENTION_DAYS * DAY_MS),
    );
    await processEvent(onChannel(streamFixtures.streamEnd, OTHER_CHANNEL, 'other-new'), processWith(store, PARKED_AT));
    addProfile(store, CHANNEL);

    const report = await replayAllParkedEvents(replayDeps(PARKED_AT + DAY_MS));

    expect(report).toEqual({ replayed: BROADCAST.length, expired: 1, waiting: 1, failedChannels: 0, channels: 2 });
    expect([...store.parked.keys()]).toEqual(['other-new']);
    expect(store.recordings.size).toBe(1);
    expect(metrics.filter((m) => m === 'ParkedEventsExpired')).toHaveLength(1);
  });

  it('when the scan reads only part of the partition then a channel it finds with a profile is replayed whole', async () => {
    for (const event of BROADCAST) await processEvent(event, processWith(store, PARKED_AT));
    addProfile(store, CHANNEL);
    const report = await replayAllParkedEvents(replayDeps(PARKED_AT + DAY_MS), 1);
    expect(report).toMatchObject({ replayed: BROADCAST.length, channels: 1 });
    expect(store.parked.size).toBe(0);
  });

  it('when it is a dry run then it counts what it would do and writes nothing', async () => {
    for (const event of BROADCAST) await processEvent(event, processWith(store, PARKED_AT));
    addProfile(store, CHANNEL);
    const report = await replayAllParkedEvents(replayDeps(PARKED_AT + DAY_MS, { dryRun: true }));
    expect(report).toMatchObject({ replayed: BROADCAST.length, expired: 0, waiting: 0 });
    expect(store.parked.size).toBe(BROADCAST.length);
    expect(store.recordings.size).toBe(0);
  });
});

describe('given a parked Recording Start Failure and lifecycle events on', () => {
  const parkStartFailure = async () => {
    const event = onChannel(recordingFixtures.startFailure, CHANNEL, 'start-failure');
    expect(await processEvent(event, processWith(store, PARKED_AT))).toMatchObject({ kind: 'parked' });
  };

  it('when replayed then the failed Recording settles its lifecycle events before its parked event is deleted', async () => {
    await parkStartFailure();
    addProfile(store, CHANNEL);
    const settled: string[] = [];
    const settleLifecycleEvents = async (recording: { id: string; recordingStatus: string }) => {
      expect(store.parked.size).toBe(1);
      settled.push(`${recording.id}:${recording.recordingStatus}`);
    };
    await replayParkedEvents(CHANNEL, replayDeps(PARKED_AT + DAY_MS, { settleLifecycleEvents }));
    expect(settled).toEqual([`${[...store.recordings.keys()][0]}:FAILED`]);
    expect(store.parked.size).toBe(0);
  });

  it('when settling fails then the event stays parked and the replay throws, for the next run', async () => {
    await parkStartFailure();
    addProfile(store, CHANNEL);
    const settleLifecycleEvents = async () => {
      throw new Error('PutEvents failed');
    };
    await expect(
      replayParkedEvents(CHANNEL, replayDeps(PARKED_AT + DAY_MS, { settleLifecycleEvents })),
    ).rejects.toThrow('PutEvents failed');
    expect(store.parked.size).toBe(1);
  });
});
