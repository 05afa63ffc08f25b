// The real RecordingStatusHandler module and the real Amplify data client against the
// local Amplify Data API (the synthesized resolvers over dynalite): identity, order,
// duplicates, concurrency, lost and late events, transient failures and bad input.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateClient } from 'aws-amplify/data';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import { profileIdFor } from '../recording-engine/channel-arn';
import { RetryableError } from '../recording-engine/errors';
import { oddValueArb } from '../recording-engine/fixtures/arbitraries';
import {
  recordingFixtures,
  streamFixtures,
  withDetail,
  withEnvelope,
  type RawEvent,
} from '../recording-engine/fixtures/ivs-events';
import { tryParseIvsEvent } from '../recording-engine/ivs-event';
import { recordingIdFor } from '../recording-engine/recording-state';
import { startLocalDataApi, type LocalDataApi } from '../local/data-api';
import { createProfileAndReplay } from '../parked-events/create-profile-and-replay';
import type { EventLogger } from './observability';
import type { HandlerResult } from './recording-status-handler';

type Handler = (event: unknown) => Promise<HandlerResult>;

const quiet: EventLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

let api: LocalDataApi;
let handler: Handler;
let client: ReturnType<typeof generateClient<Schema>>;
let dataDir: string;
let port: number;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const startApi = () => startLocalDataApi({ assemblyDir: inject('sandboxAssemblyDir'), port, dataDir });

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  dataDir = await mkdtemp(path.join(tmpdir(), 'handler-it-'));
  port = await freePort();
  api = await startApi();
  // As at a Lambda cold start: the environment first, then the module.
  Object.assign(process.env, api.functionEnvironment('RecordingStatusHandler'));
  ({ handler } = (await import('../../amplify/functions/recording-status-handler/handler')) as { handler: Handler });
  client = generateClient<Schema>({ authMode: 'iam' });
});

afterAll(async () => {
  await api?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const alnum = (n: number) =>
  Array.from({ length: n }, () => ALPHANUMERIC[Math.floor(Math.random() * ALPHANUMERIC.length)]).join('');

/** A channel with a profile, and builders for one broadcast's events on it. */
const givenChannelWithProfile = async () => {
  const channelArn = `arn:aws:ivs:us-west-2:123456789012:channel/${alnum(12)}`;
  const profile = await client.models.Profile.create({
    id: profileIdFor(channelArn),
    channelArn,
    owner: 'owner-sub::owner',
  });
  expect(profile.errors).toBeUndefined();
  return broadcastOn(channelArn);
};

const broadcastOn = (channelArn: string) => {
  const streamId = `st-${alnum(23)}`;
  const recordingSessionId = alnum(16);
  const onChannel = (raw: RawEvent, time: string) =>
    withEnvelope(raw, { id: randomUUID(), resources: [channelArn], time });
  const stream = (fixture: object, time: string) => onChannel(withDetail(fixture, { stream_id: streamId }), time);
  const recording = (fixture: object, time: string, patch: Record<string, unknown> = {}) =>
    onChannel(
      withDetail(fixture, {
        stream_id: streamId,
        recording_session_id: recordingSessionId,
        recording_session_stream_ids: [streamId],
        ...patch,
      }),
      time,
    );
  return {
    channelArn,
    streamId,
    recordingSessionId,
    recordingId: recordingIdFor(channelArn, recordingSessionId),
    streamStart: stream(streamFixtures.streamStart, '2026-11-23T10:00:00Z'),
    streamEnd: stream(streamFixtures.streamEnd, '2026-11-23T10:30:05Z'),
    recordingStart: recording(recordingFixtures.start, '2026-11-23T10:00:02Z'),
    recordingEnd: recording(recordingFixtures.end, '2026-11-23T10:30:10Z', { recording_duration_ms: 1_800_000 }),
    recordingEndFailure: recording(recordingFixtures.endFailure, '2026-11-23T10:30:12Z'),
  };
};

const readRecording = async (id: string) => {
  const { data, errors } = await client.models.Recording.get({ id });
  expect(errors).toBeUndefined();
  return data;
};

/** Delivers as Lambda's async retries would: a retryable error is delivered again. */
const deliver = async (event: unknown, attempts = 5): Promise<HandlerResult> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handler(event);
    } catch (error) {
      if (!(error instanceof RetryableError) || attempt >= attempts) throw error;
    }
  }
};

const expectCompleted = async (b: ReturnType<typeof broadcastOn>) => {
  const recording = await readRecording(b.recordingId);
  expect(recording).toMatchObject({
    recordingStatus: 'COMPLETED',
    recordingSessionId: b.recordingSessionId,
    channelArn: b.channelArn,
    streamSessionId: b.streamId,
    streamIds: [b.streamId],
    recordingDurationMs: 1_800_000,
    startTime: '2026-11-23T10:00:02.000Z',
    endTime: '2026-11-23T10:30:10.000Z',
    s3KeyPrefix: 'ivs/v1/123456789012/AbCdef1G2hij/2020/6/23/20/12/j8Z9O91ndcVs',
    owner: 'owner',
  });
  return recording!;
};

describe('given a channel with a profile and a live stream session', () => {
  it('when Start then End arrive in order then one COMPLETED recording holds duration, times and S3 location', async () => {
    const b = await givenChannelWithProfile();
    expect(await handler(b.streamStart)).toMatchObject({ outcome: 'written', id: b.streamId });
    expect(await handler(b.recordingStart)).toEqual({ outcome: 'written', id: b.recordingId });
    expect((await readRecording(b.recordingId))?.recordingStatus).toBe('STARTED');
    expect(await handler(b.recordingEnd)).toEqual({ outcome: 'written', id: b.recordingId });
    expect(await handler(b.streamEnd)).toMatchObject({ outcome: 'written' });
    const recording = await expectCompleted(b);
    expect(recording.version).toBe(2);
    const session = await client.models.StreamSession.get({ id: b.streamId });
    expect(session.data).toMatchObject({ status: 'ENDED', duration: 1_805_000, streamId: b.streamId });
  });

  it('when End arrives before Start then the recording is COMPLETED and the late Start only fills the start time', async () => {
    const b = await givenChannelWithProfile();
    await handler(b.streamStart);
    await handler(b.recordingEnd);
    expect((await readRecording(b.recordingId))?.startTime).toBeNull();
    await handler(b.recordingStart);
    await expectCompleted(b);
  });

  it('when every event is delivered twice then the duplicates change nothing and write nothing', async () => {
    const b = await givenChannelWithProfile();
    for (const event of [b.streamStart, b.recordingStart, b.recordingEnd]) {
      expect((await handler(event)).outcome).toBe('written');
      expect(await handler(event)).toEqual({ outcome: 'unchanged', id: expect.any(String) });
    }
    expect((await expectCompleted(b)).version).toBe(2);
  });

  it('when End and End Failure both arrive, in either order, then FAILED wins and keeps the reason', async () => {
    for (const order of ['end-first', 'failure-first'] as const) {
      const b = await givenChannelWithProfile();
      await handler(b.streamStart);
      const events =
        order === 'end-first' ? [b.recordingEnd, b.recordingEndFailure] : [b.recordingEndFailure, b.recordingEnd];
      for (const e of [b.recordingStart, ...events]) await handler(e);
      expect(await readRecording(b.recordingId)).toMatchObject({
        recordingStatus: 'FAILED',
        recordingStatusReason: 'InternalServerException',
        recordingDurationMs: 1_800_000,
      });
    }
  });

  it('when 20 deliveries of one recording race then exactly one Recording ends in the right state', async () => {
    const b = await givenChannelWithProfile();
    await handler(b.streamStart);
    const deliveries = Array.from({ length: 20 }, (_, i) => [b.recordingStart, b.recordingEnd, b.streamEnd][i % 3]!);
    const results = await Promise.all(deliveries.map((event) => deliver(event)));
    expect(results.filter((r) => r.outcome === 'written').length).toBeGreaterThanOrEqual(2);
    await expectCompleted(b);
    const twins = await client.models.Recording.recordingsByRecordingSessionId({
      recordingSessionId: b.recordingSessionId,
    });
    expect(twins.data.map((r) => r.id)).toEqual([b.recordingId]);
  });
});

describe('given stream events that are lost or late', () => {
  it('when the Stream Start is lost then Recording Start and End make a COMPLETED recording and a LIVE session known only from them', async () => {
    const b = await givenChannelWithProfile();
    expect(await handler(b.recordingStart)).toEqual({ outcome: 'written', id: b.recordingId });
    expect(await handler(b.recordingEnd)).toEqual({ outcome: 'written', id: b.recordingId });
    await expectCompleted(b);
    const { data: session } = await client.models.StreamSession.get({ id: b.streamId });
    expect(session).toMatchObject({
      channelArn: b.channelArn,
      status: 'LIVE',
      startTime: null,
      endTime: null,
      duration: null,
      owner: 'owner',
    });
    // The stream events, late, complete the session; the recording stays as it was.
    const before = await readRecording(b.recordingId);
    await handler(b.streamStart);
    await handler(b.streamEnd);
    expect((await client.models.StreamSession.get({ id: b.streamId })).data).toMatchObject({
      status: 'ENDED',
      startTime: '2026-11-23T10:00:00.000Z',
      endTime: '2026-11-23T10:30:05.000Z',
      duration: 1_805_000,
    });
    const after = await readRecording(b.recordingId);
    expect({ version: after?.version, updatedAt: after?.updatedAt }).toEqual({
      version: before?.version,
      updatedAt: before?.updatedAt,
    });
  });
});

/** The final records of a broadcast, without what differs between broadcasts (ids, versions). */
const finalState = async (b: ReturnType<typeof broadcastOn>) => {
  const recording = await readRecording(b.recordingId);
  const { data: session } = await client.models.StreamSession.get({ id: b.streamId });
  return {
    recording: recording && {
      status: recording.recordingStatus,
      startTime: recording.startTime,
      endTime: recording.endTime,
      durationMs: recording.recordingDurationMs,
      onItsStream: recording.streamSessionId === b.streamId,
      streams: recording.streamIds,
    },
    session: session && {
      status: session.status,
      startTime: session.startTime,
      endTime: session.endTime,
      duration: session.duration,
    },
  };
};

const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1
    ? [[...items]]
    : items.flatMap((item, i) =>
        permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
      );

describe('given stream events that arrive after the retries ran out (issue 11, case 2)', () => {
  it('when the four events of a broadcast arrive in any of the 24 orders then no delivery fails or waits, and the records equal those of in-order delivery', async () => {
    const names = ['streamStart', 'recordingStart', 'recordingEnd', 'streamEnd'] as const;
    const inOrder = await givenChannelWithProfile();
    for (const name of names) await handler(inOrder[name]);
    const expected = await finalState(inOrder);
    expect(expected.session).toMatchObject({ status: 'ENDED', duration: 1_805_000 });
    for (const order of permutations(names)) {
      const b = await givenChannelWithProfile();
      // Each event is applied on its first delivery: nothing throws, so nothing is retried.
      for (const name of order) expect(['written', 'unchanged']).toContain((await handler(b[name])).outcome);
      expect({ order, state: await finalState(b) }).toEqual({
        order,
        state: { ...expected, recording: { ...expected.recording, streams: [b.streamId] } },
      });
    }
  });
});

describe('given a merged recording whose first Recording Start was lost (issue 11, case 5)', () => {
  it('when only the End arrives then the recording points at the first stream IVS lists, keeps IVS order, and the first stream finds it', async () => {
    const b = await givenChannelWithProfile();
    // The first stream sorts after the reconnect in text order: IVS order must win.
    const first = `st-z${alnum(22)}`;
    const reconnect = `st-A${alnum(22)}`;
    const onChannel = (raw: RawEvent, time: string) =>
      withEnvelope(raw, { id: randomUUID(), resources: [b.channelArn], time });
    const end = onChannel(
      withDetail(recordingFixtures.end, {
        stream_id: reconnect,
        recording_session_id: b.recordingSessionId,
        recording_session_stream_ids: [first, reconnect],
        recording_duration_ms: 1_800_000,
      }),
      '2026-11-23T10:30:10Z',
    );
    const streamEvents = [
      onChannel(withDetail(streamFixtures.streamStart, { stream_id: reconnect }), '2026-11-23T10:10:00Z'),
      onChannel(withDetail(streamFixtures.streamEnd, { stream_id: first }), '2026-11-23T10:09:00Z'),
    ];
    // The End before any stream event, then the stream events that did come.
    expect(await handler(end)).toEqual({ outcome: 'written', id: b.recordingId });
    for (const event of streamEvents) await handler(event);
    expect(await readRecording(b.recordingId)).toMatchObject({
      recordingStatus: 'COMPLETED',
      streamSessionId: first,
      streamIds: [first, reconnect],
      startTime: null,
    });
    const byFirst = await client.models.Recording.recordingsByStreamSessionId({ streamSessionId: first });
    expect(byFirst.data.map((r) => r.id)).toEqual([b.recordingId]);
    for (const streamId of [first, reconnect]) {
      expect((await client.models.StreamSession.get({ id: streamId })).data).toMatchObject({
        channelArn: b.channelArn,
      });
    }
  });
});

describe('given events that no retry can ever apply (issue 11, case 6)', () => {
  it('when a recording session id is longer than a stored key may be then it is rejected at once, not thrown, and nothing is written', async () => {
    const b = await givenChannelWithProfile();
    // 600 two-byte characters: 600 characters, 1200 bytes as DynamoDB stores them.
    const event = withDetail(b.recordingStart, { recording_session_id: 'é'.repeat(600) });
    api.resetStats();
    const result = await handler(event);
    expect(result).toMatchObject({ outcome: 'rejected', reason: expect.any(String) });
    expect(api.stats().dynamoRequests).toEqual({});
  });

  it('when a recording names a stream already bound to another channel then it is rejected, not thrown, and writes nothing', async () => {
    const owner = await givenChannelWithProfile();
    await handler(owner.streamStart);
    const other = await givenChannelWithProfile();
    const intruder = withEnvelope(
      withDetail(owner.recordingStart, { recording_session_id: other.recordingSessionId }),
      { id: randomUUID(), resources: [other.channelArn] },
    );
    expect(await handler(intruder)).toEqual({ outcome: 'rejected', reason: 'stream_of_another_channel' });
    expect(await readRecording(other.recordingId)).toBeNull();
    expect((await client.models.StreamSession.get({ id: owner.streamId })).data).toMatchObject({
      channelArn: owner.channelArn,
    });
  });
});

describe('given a channel whose profile is created after its broadcast', () => {
  const parkedOf = async (channelArn: string) =>
    (await client.models.ParkedEvent.parkedEventsByChannelArn({ channelArn })).data.map((p) => p.eventId).sort();

  it('when its events arrive then each is parked (a duplicate once), nothing else is written, and none is retried', async () => {
    const b = broadcastOn(`arn:aws:ivs:us-west-2:123456789012:channel/${alnum(12)}`);
    for (const event of [b.streamStart, b.recordingStart, b.recordingStart]) {
      expect(await handler(event)).toEqual({ outcome: 'parked', reason: 'missing_profile', id: event.id });
    }
    expect(await parkedOf(b.channelArn)).toEqual([b.streamStart.id, b.recordingStart.id].sort());
    expect(await readRecording(b.recordingId)).toBeNull();
    expect((await client.models.StreamSession.get({ id: b.streamId })).data).toBeNull();
  });

  it("when create-profile's path creates the profile then the parked events are replayed and the records equal in-order delivery", async () => {
    const late = broadcastOn(`arn:aws:ivs:us-west-2:123456789012:channel/${alnum(12)}`);
    // Out of order and duplicated, before the profile exists.
    const events = [late.recordingEnd, late.streamEnd, late.recordingStart, late.recordingEnd, late.streamStart];
    for (const event of events) expect((await handler(event)).outcome).toBe('parked');

    const { profile, replay } = await createProfileAndReplay(
      client,
      { channelArn: late.channelArn, owner: 'owner-sub::owner' },
      { logger: quiet },
    );

    expect(profile.created).toBe(true);
    expect(replay).toEqual({ replayed: 4, expired: 0, waiting: 0 });
    expect(await parkedOf(late.channelArn)).toEqual([]);
    const inOrder = await givenChannelWithProfile();
    for (const event of [inOrder.streamStart, inOrder.recordingStart, inOrder.recordingEnd, inOrder.streamEnd]) {
      expect((await handler(event)).outcome).toBe('written');
    }
    // Everything but the identities (another channel, stream and session) and the store's bookkeeping.
    const IDENTITY = [
      'id',
      'channelArn',
      'profileId',
      'streamSessionId',
      'recordingSessionId',
      'streamIds',
      'streamId',
    ];
    const BOOKKEEPING = ['createdAt', 'updatedAt', 'version'];
    const content = async (b: ReturnType<typeof broadcastOn>) => {
      const session = (await client.models.StreamSession.get({ id: b.streamId })).data;
      return [await expectCompleted(b), session].map((record) =>
        Object.fromEntries(
          Object.entries(record ?? {}).filter(
            // Functions are the client's lazy loaders (a new one per record).
            ([key, value]) => typeof value !== 'function' && ![...IDENTITY, ...BOOKKEEPING].includes(key),
          ),
        ),
      );
    };
    expect(await content(late)).toEqual(await content(inOrder));
    // Later events of the channel go straight through.
    expect((await handler(late.recordingEndFailure)).outcome).toBe('written');
  });
});

describe('given events the handler cannot apply', () => {
  it('when the data API is down then the handler throws a retryable error, and the redelivery lands after it is back', async () => {
    const b = await givenChannelWithProfile();
    await handler(b.streamStart);
    await handler(b.recordingStart);
    await api.stop();
    try {
      await expect(handler(b.recordingEnd)).rejects.toMatchObject({ name: 'RetryableError', reason: 'unavailable' });
    } finally {
      api = await startApi();
    }
    expect((await readRecording(b.recordingId))?.recordingStatus).toBe('STARTED');
    await handler(b.recordingEnd);
    await expectCompleted(b);
  });

  it('when 1000 generated malformed events arrive then each is rejected as permanent and nothing is written', async () => {
    const valid = await givenChannelWithProfile();
    await handler(valid.streamStart);
    const templates = [valid.streamStart, valid.recordingStart, valid.recordingEnd, valid.recordingEndFailure];
    const malformed = fc
      .oneof(
        fc.anything({ maxDepth: 3 }),
        fc
          .record({
            template: fc.constantFrom(...templates),
            field: fc.constantFrom(
              'stream_id',
              'recording_status',
              'recording_session_id',
              'recording_duration_ms',
              'recording_session_stream_ids',
              'event_name',
              'recording_s3_key_prefix',
            ),
            value: oddValueArb,
          })
          .map(({ template, field, value }) => withDetail(template, { [field]: value })),
        fc
          .record({
            template: fc.constantFrom(...templates),
            field: fc.constantFrom('id', 'time', 'resources', 'detail-type', 'detail', 'source'),
            value: oddValueArb,
          })
          .map(({ template, field, value }) => withEnvelope(template, { [field]: value })),
      )
      .filter((raw) => !tryParseIvsEvent(raw).ok);
    const events = fc.sample(malformed, { numRuns: 1000, seed: 20261123 });
    api.resetStats();
    for (const event of events) {
      const result = await handler(event);
      expect(result.outcome).toBe('rejected');
      expect(result.reason).toEqual(expect.any(String));
    }
    expect(events).toHaveLength(1000);
    // Rejected at the boundary: not one data request was made.
    expect(api.stats().dynamoRequests).toEqual({});
  });
});
