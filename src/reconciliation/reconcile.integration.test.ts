// Reconciliation end to end: the local data API (synthesized resolvers and the new status
// indexes), the real AmplifyRecordsStore, the local S3 store through the stock S3 client,
// and the IVS stand-in, all through runReconciliation (the Lambda function's wiring).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import { profileIdFor } from '../recording-engine/channel-arn';
import type { EventLogger } from '../event-processing/observability';
import { processEvent } from '../event-processing/process-event';
import { startLocalDataApi, type LocalDataApi } from '../local/data-api';
import { configureAmplifyAsFunction } from '../local/data-api/test-support';
import { localS3Client, startLocalS3Store, type LocalS3Store } from '../local/s3';
import { recordingFixtures, streamFixtures, withDetail, withEnvelope } from '../recording-engine/fixtures/ivs-events';
import { recordingIdFor } from '../recording-engine/recording-state';
import { AmplifyRecordsStore } from '../records-store/amplify-records-store';
import endedJson from './fixtures/recording-ended.json';
import { IvsStandIn, type StandInStreamSession } from '../local/ivs/ivs-stand-in';
import type { ReconcileSettings } from './reconcile-settings';
import { runReconciliation } from './run-reconciliation';

const BUCKET = 'ivs-recordings-local';

let api: LocalDataApi;
let s3Dir: string;
let s3Store: LocalS3Store;
let s3: S3Client;
let client: ReturnType<typeof generateClient<Schema>>;
let store: AmplifyRecordsStore;
const ivsSessions: StandInStreamSession[] = [];
const ivs = new IvsStandIn({ sessions: () => ivsSessions });

const logs: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
const logger: EventLogger = {
  info: (message, fields) => void logs.push({ level: 'info', message, ...(fields ? { fields } : {}) }),
  warn: (message, fields) => void logs.push({ level: 'warn', message, ...(fields ? { fields } : {}) }),
  error: (message, fields) => void logs.push({ level: 'error', message, ...(fields ? { fields } : {}) }),
};
const quiet: EventLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const settings: ReconcileSettings = {
  bucketName: BUCKET,
  staleAfterMs: 30 * 60_000,
  maxRecords: 500,
  ivsCallsPerSecond: 5,
};

beforeAll(async () => {
  api = await startLocalDataApi({ assemblyDir: inject('sandboxAssemblyDir'), port: 0 });
  await configureAmplifyAsFunction(api, 'ReconcileRecordings');
  client = generateClient<Schema>({ authMode: 'iam' });
  store = new AmplifyRecordsStore(client);
  s3Dir = await mkdtemp(path.join(tmpdir(), 'reconcile-s3-'));
  s3Store = await startLocalS3Store({ root: s3Dir, port: 0 });
  s3 = localS3Client(s3Store.endpoint);
});

afterAll(async () => {
  s3?.destroy();
  await s3Store?.stop();
  await api?.stop();
  await rm(s3Dir, { recursive: true, force: true });
});

const id = (n: number) => randomUUID().replace(/-/g, '').slice(0, n);
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** A channel with a Profile, and a broadcast on it two hours ago whose End events were lost. */
const givenBroadcastWithLostEnds = async () => {
  const channelArn = `arn:aws:ivs:us-west-2:123456789012:channel/${id(12)}`;
  const streamId = `st-${id(23)}`;
  const recordingSessionId = id(16);
  const prefix = `ivs/v1/123456789012/${channelArn.split('/')[1]}/2026/11/23/10/0/${id(12)}`;
  const t0 = Date.now() - 2 * 60 * 60_000;
  expect(
    (await client.models.Profile.create({ id: profileIdFor(channelArn), channelArn, owner: 'sub::owner' })).errors,
  ).toBeUndefined();
  const on = (raw: object, time: number) =>
    withEnvelope(raw, { id: randomUUID(), resources: [channelArn], time: iso(time) });
  const recording = (fixture: object, time: number, patch: Record<string, unknown> = {}) =>
    on(
      withDetail(fixture, {
        stream_id: streamId,
        recording_session_id: recordingSessionId,
        recording_session_stream_ids: [streamId],
        recording_s3_bucket_name: BUCKET,
        recording_s3_key_prefix: prefix,
        ...patch,
      }),
      time,
    );
  const deps = {
    store,
    findProfile: (arn: string) => store.findProfileByChannelArn(arn),
    logger: quiet,
    metrics: { addMetric: () => undefined },
  };
  expect(
    await processEvent(on(withDetail(streamFixtures.streamStart, { stream_id: streamId }), t0), deps),
  ).toMatchObject({ kind: 'written' });
  expect(await processEvent(recording(recordingFixtures.start, t0 + 2000), deps)).toMatchObject({ kind: 'written' });
  const endedAt = iso(t0 + 45 * 60_000);
  return {
    channelArn,
    streamId,
    prefix,
    deps,
    recordingId: recordingIdFor(channelArn, recordingSessionId),
    endedAt,
    startTime: iso(t0 + 2000).replace('Z', '.000Z'),
    /** The true duration differs from the timestamps' difference on purpose. */
    durationMs: 2_695_500,
    liveEndEvent: recording(recordingFixtures.end, t0 + 45 * 60_000 + 4000, { recording_duration_ms: 2_695_500 }),
    putEndedMetadata: (durationMs = 2_695_500) =>
      s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: `${prefix}/events/recording-ended.json`,
          Body: JSON.stringify({
            ...endedJson,
            channel_arn: channelArn,
            recording_started_at: iso(t0 + 2000),
            recording_ended_at: endedAt,
            media: { ...endedJson.media, hls: { ...endedJson.media.hls, duration_ms: durationMs } },
          }),
        }),
      ),
  };
};

const readRecording = async (recordingId: string) => (await client.models.Recording.get({ id: recordingId })).data;

describe('given a recording whose End was lost and whose recording-ended.json is in S3', () => {
  it('when reconciliation runs then the recording is COMPLETED with the true end time and duration, the session is ENDED from IVS, and a second run changes nothing', async () => {
    const b = await givenBroadcastWithLostEnds();
    await b.putEndedMetadata();
    ivsSessions.push({ channelArn: b.channelArn, streamId: b.streamId, startTime: b.startTime, endTime: b.endedAt });

    const first = await runReconciliation({ client, s3, ivs, logger, settings, now: Date.now() });

    expect(first.items).toContainEqual({
      model: 'Recording',
      id: b.recordingId,
      action: 'completed',
      endTime: `${b.endedAt.replace('Z', '.000Z')}`,
      durationMs: b.durationMs,
      media: 'indexed',
    });
    expect(first.items).toContainEqual(
      expect.objectContaining({ model: 'StreamSession', id: b.streamId, action: 'ended' }),
    );
    const recording = await readRecording(b.recordingId);
    expect(recording).toMatchObject({
      recordingStatus: 'COMPLETED',
      recordingDurationMs: b.durationMs,
      endTime: b.endedAt.replace('Z', '.000Z'),
      startTime: b.startTime,
      // The media index from the same file, as the handler's S3 path writes it (one more write).
      masterPlaylistKey: `${b.prefix}/media/hls/master.m3u8`,
      byteRangePlaylistKey: `${b.prefix}/media/hls/byte-range-multivariant.m3u8`,
      thumbnailsPath: `${b.prefix}/media/thumbnails`,
      mediaDurationMs: b.durationMs,
      recordingStatusMessage: null,
      version: 3,
    });
    expect(recording?.renditions?.map((r) => r?.playlistKey)).toEqual([
      `${b.prefix}/media/hls/720p30/playlist.m3u8`,
      `${b.prefix}/media/hls/480p30/playlist.m3u8`,
    ]);
    expect(recording?.mediaIndexedAt).toEqual(expect.any(String));
    const session = (await client.models.StreamSession.get({ id: b.streamId })).data;
    expect(session).toMatchObject({ status: 'ENDED', endTime: b.endedAt.replace('Z', '.000Z'), version: 2 });
    expect(
      logs.some(
        (l) => l.message === 'Reconciled a Recording from its S3 metadata' && l.fields?.recordingId === b.recordingId,
      ),
    ).toBe(true);

    const second = await runReconciliation({ client, s3, ivs, logger: quiet, settings, now: Date.now() });
    expect(second.items.filter((i) => i.id === b.recordingId || i.id === b.streamId)).toEqual([]);
    expect((await readRecording(b.recordingId))?.version).toBe(3);
    expect((await client.models.StreamSession.get({ id: b.streamId })).data?.version).toBe(2);

    // The lost End arriving late after all: same status and duration (its later event time only moves endTime).
    await processEvent(b.liveEndEvent, b.deps);
    expect(await readRecording(b.recordingId)).toMatchObject({
      recordingStatus: 'COMPLETED',
      recordingDurationMs: b.durationMs,
    });
  });
});

describe('given a recording still being recorded (no end metadata) and a stream IVS reports live', () => {
  it('when reconciliation runs then both are left as they are and reported pending', async () => {
    const b = await givenBroadcastWithLostEnds();
    ivsSessions.push({ channelArn: b.channelArn, streamId: b.streamId, startTime: b.startTime, endTime: null });
    const report = await runReconciliation({ client, s3, ivs, logger: quiet, settings, now: Date.now() });
    expect(report.items).toContainEqual(expect.objectContaining({ id: b.recordingId, action: 'pending' }));
    expect(report.items).toContainEqual(expect.objectContaining({ id: b.streamId, action: 'pending' }));
    expect(await readRecording(b.recordingId)).toMatchObject({ recordingStatus: 'STARTED', version: 1 });
  });
});

describe('given the live handler delivers the real End while reconciliation applies the same facts', () => {
  it('when both write at once then the conditional writes settle on one COMPLETED record', async () => {
    const b = await givenBroadcastWithLostEnds();
    await b.putEndedMetadata();
    const [report] = await Promise.all([
      runReconciliation({ client, s3, ivs, logger: quiet, settings, now: Date.now(), dryRun: false }).catch(
        (e: Error) => e,
      ),
      processEvent(b.liveEndEvent, b.deps),
    ]);
    expect(report).not.toBeInstanceOf(Error);
    const recording = await readRecording(b.recordingId);
    expect(recording).toMatchObject({ recordingStatus: 'COMPLETED', recordingDurationMs: b.durationMs });
    // endTime is the later of the two End times (the engine's rule), whichever wrote first.
    expect(recording?.endTime).toBe(new Date(Date.parse(b.endedAt) + 4000).toISOString());
  });
});

describe('given a dry run', () => {
  it('when reconciliation runs with dryRun then it reports what it would apply and writes nothing', async () => {
    const b = await givenBroadcastWithLostEnds();
    await b.putEndedMetadata();
    const report = await runReconciliation({ client, s3, ivs, logger: quiet, settings, now: Date.now(), dryRun: true });
    expect(report.items).toContainEqual(expect.objectContaining({ id: b.recordingId, action: 'would-apply' }));
    expect(await readRecording(b.recordingId)).toMatchObject({ recordingStatus: 'STARTED', version: 1 });
  });
});

describe('given the status indexes', () => {
  it('when a recording is created by its End (no startTime) then the write is accepted and reconciliation finds it as incomplete, not as STARTED', async () => {
    const b = await givenBroadcastWithLostEnds();
    const endFirst = withEnvelope(
      withDetail(recordingFixtures.end, {
        stream_id: b.streamId,
        recording_session_id: 'EndFirst1',
        recording_session_stream_ids: [b.streamId],
      }),
      { id: randomUUID(), resources: [b.channelArn], time: iso(Date.now() - 60 * 60_000) },
    );
    expect(await processEvent(endFirst, b.deps)).toMatchObject({ kind: 'written', operation: 'create' });
    const id = recordingIdFor(b.channelArn, 'EndFirst1');
    expect(await readRecording(id)).toMatchObject({ recordingStatus: 'COMPLETED', startTime: null });
    expect((await readRecording(id))?.incompleteOn).toBe(new Date().toISOString().slice(0, 10));
    const report = await runReconciliation({ client, s3, ivs, logger: quiet, settings, now: Date.now(), dryRun: true });
    // Its bucket is the fixture's, not the configured one: looked at, and left alone.
    expect(report.items.filter((i) => i.id === id)).toEqual([
      expect.objectContaining({ model: 'Recording', action: 'skipped' }),
    ]);
  });
});

describe('given a broadcast whose stream events were all lost (a session known only from its recording events)', () => {
  const givenEvidenceOnlySession = async () => {
    const channelArn = `arn:aws:ivs:us-west-2:123456789012:channel/${id(12)}`;
    const streamId = `st-${id(23)}`;
    const t0 = Date.now() - 2 * 60 * 60_000;
    expect(
      (await client.models.Profile.create({ id: profileIdFor(channelArn), channelArn, owner: 'sub::owner' })).errors,
    ).toBeUndefined();
    const deps = { store, findProfile: (arn: string) => store.findProfileByChannelArn(arn), logger: quiet };
    const start = withEnvelope(
      withDetail(recordingFixtures.start, {
        stream_id: streamId,
        recording_session_id: id(16),
        recording_session_stream_ids: [streamId],
        recording_s3_bucket_name: BUCKET,
      }),
      { id: randomUUID(), resources: [channelArn], time: iso(t0 + 2000) },
    );
    expect(await processEvent(start, deps)).toMatchObject({ kind: 'written' });
    expect((await client.models.StreamSession.get({ id: streamId })).data).toMatchObject({
      status: 'LIVE',
      startTime: null,
    });
    return {
      channelArn,
      streamId,
      startTime: new Date(t0).toISOString(),
      endTime: new Date(t0 + 45 * 60_000).toISOString(),
    };
  };

  it('when reconciliation runs and IVS knows the stream then the session is completed: ENDED, its start and end times and duration', async () => {
    const s = await givenEvidenceOnlySession();
    ivsSessions.push({ channelArn: s.channelArn, streamId: s.streamId, startTime: s.startTime, endTime: s.endTime });
    const report = await runReconciliation({ client, s3, ivs, logger: quiet, settings, now: Date.now() });
    expect(report.items).toContainEqual({
      model: 'StreamSession',
      id: s.streamId,
      action: 'ended',
      endTime: s.endTime,
    });
    expect((await client.models.StreamSession.get({ id: s.streamId })).data).toMatchObject({
      status: 'ENDED',
      startTime: s.startTime,
      endTime: s.endTime,
      duration: 45 * 60_000,
    });
  });

  it('when IVS does not know the stream then nothing is invented: the session stays LIVE without times and the unknown is counted', async () => {
    const s = await givenEvidenceOnlySession();
    const report = await runReconciliation({ client, s3, ivs, logger: quiet, settings, now: Date.now() });
    expect(report.items).toContainEqual(
      expect.objectContaining({
        id: s.streamId,
        action: 'invalid',
        unknown: [expect.stringContaining('ResourceNotFound')],
      }),
    );
    expect(report.unknownFacts).toBeGreaterThanOrEqual(1);
    expect((await client.models.StreamSession.get({ id: s.streamId })).data).toMatchObject({
      status: 'LIVE',
      startTime: null,
      endTime: null,
    });
  });
});

describe('given a session that ended but whose Stream Start was lost (final, yet incomplete)', () => {
  it('when it is written then it is in the sparse incomplete index under the day of the write, and reconciliation fills its start from IVS and takes it out', async () => {
    const channelArn = `arn:aws:ivs:us-west-2:123456789012:channel/${id(12)}`;
    const streamId = `st-${id(23)}`;
    // Whole seconds, as IVS event times are.
    const t0 = Math.floor((Date.now() - 2 * 60 * 60_000) / 1000) * 1000;
    expect(
      (await client.models.Profile.create({ id: profileIdFor(channelArn), channelArn, owner: 'sub::owner' })).errors,
    ).toBeUndefined();
    const deps = { store, findProfile: (arn: string) => store.findProfileByChannelArn(arn), logger: quiet };
    const streamEnd = withEnvelope(withDetail(streamFixtures.streamEnd, { stream_id: streamId }), {
      id: randomUUID(),
      resources: [channelArn],
      time: iso(t0 + 45 * 60_000),
    });
    expect(await processEvent(streamEnd, deps)).toMatchObject({ kind: 'written' });
    const today = new Date().toISOString().slice(0, 10);
    const inIndex = async () =>
      (await client.models.StreamSession.streamSessionsIncompleteOn({ incompleteOn: today }, { limit: 1000 })).data.map(
        (s) => s.id,
      );
    // ENDED, no start time: in no status partition reconciliation reads, but in the sparse index.
    expect((await client.models.StreamSession.get({ id: streamId })).data).toMatchObject({
      status: 'ENDED',
      startTime: null,
      incompleteOn: today,
    });
    expect(await inIndex()).toContain(streamId);

    const startTime = new Date(t0).toISOString();
    const endTime = new Date(t0 + 45 * 60_000).toISOString();
    ivsSessions.push({ channelArn, streamId, startTime, endTime });
    const report = await runReconciliation({ client, s3, ivs, logger: quiet, settings, now: Date.now() });

    expect(report.items).toContainEqual({ model: 'StreamSession', id: streamId, action: 'started' });
    expect((await client.models.StreamSession.get({ id: streamId })).data).toMatchObject({
      status: 'ENDED',
      startTime,
      endTime,
      duration: 45 * 60_000,
      incompleteOn: null,
    });
    expect(await inIndex()).not.toContain(streamId);
  });
});

describe('given events parked while their channel had no Profile', () => {
  it('when the profile appears outside the project paths and reconciliation runs then they are replayed and deleted, expired ones deleted unapplied, and both counted', async () => {
    const channelArn = `arn:aws:ivs:us-west-2:123456789012:channel/${id(12)}`;
    const otherChannel = `arn:aws:ivs:us-west-2:123456789012:channel/${id(12)}`;
    const streamId = `st-${id(23)}`;
    const recordingSessionId = id(16);
    const t0 = Date.now() - 60 * 60_000;
    const on = (fixture: object, arn: string, time: number, detail: Record<string, unknown>) =>
      withEnvelope(withDetail(fixture, detail), { id: randomUUID(), resources: [arn], time: iso(time) });
    const recording = {
      stream_id: streamId,
      recording_session_id: recordingSessionId,
      recording_session_stream_ids: [streamId],
    };
    const broadcast = [
      on(recordingFixtures.end, channelArn, t0 + 60_000, { ...recording, recording_duration_ms: 58_000 }),
      on(recordingFixtures.start, channelArn, t0 + 2000, recording),
      on(streamFixtures.streamStart, channelArn, t0, { stream_id: streamId }),
    ];
    const park = (now: number) => ({
      store,
      findProfile: (arn: string) => store.findProfileByChannelArn(arn),
      logger: quiet,
      now: () => now,
    });
    for (const event of broadcast)
      expect(await processEvent(event, park(Date.now()))).toMatchObject({ kind: 'parked' });
    // Another channel, still without a profile, parked 31 days ago.
    const stale = on(streamFixtures.streamStart, otherChannel, t0, { stream_id: `st-${id(23)}` });
    await processEvent(stale, park(Date.now() - 31 * 24 * 60 * 60_000));
    // A profile made by other means (the console, another tool): reconciliation replays at the latest.
    await client.models.Profile.create({ id: profileIdFor(channelArn), channelArn, owner: 'sub::owner' });
    const counted: string[] = [];

    const report = await runReconciliation({
      client,
      s3,
      ivs,
      logger: quiet,
      metrics: { addMetric: (name) => void counted.push(name) },
      settings,
      now: Date.now(),
    });

    expect(report.parked.failedChannels).toBe(0);
    expect(report.parked.replayed).toBeGreaterThanOrEqual(broadcast.length);
    expect(report.parked.expired).toBeGreaterThanOrEqual(1);
    expect(counted.filter((n) => n === 'EventsReplayed')).toHaveLength(report.parked.replayed);
    expect(counted.filter((n) => n === 'ParkedEventsExpired')).toHaveLength(report.parked.expired);
    expect(await readRecording(recordingIdFor(channelArn, recordingSessionId))).toMatchObject({
      recordingStatus: 'COMPLETED',
      recordingDurationMs: 58_000,
      startTime: new Date(Math.floor((t0 + 2000) / 1000) * 1000).toISOString(),
    });
    expect((await client.models.StreamSession.get({ id: streamId })).data).toMatchObject({ status: 'LIVE' });
    const left = async (arn: string) =>
      (await client.models.ParkedEvent.parkedEventsByChannelArn({ channelArn: arn })).data.map((p) => p.eventId);
    expect(await left(channelArn)).toEqual([]);
    expect(await left(otherChannel)).toEqual([]);
    expect((await client.models.StreamSession.get({ id: String(stale.detail.stream_id) })).data).toBeNull();
  });
});
