// Data API requests per event through the real RecordingStatusHandler module and the real
// Amplify data client, counted at a proxy in front of the local data API (the synthesized
// resolvers over dynalite): one conditional write per state change once the container
// knows the records, a stale memory corrected by a conflict, and the memory's bound.
import { randomUUID } from 'node:crypto';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import { RECORDING_STATUS_HANDLER } from '../../amplify/functions/function-names';
import { startGraphqlProxy, type GraphqlProxy } from '../benchmark/graphql-proxy';
import { startLocalDataApi, type LocalDataApi } from '../local/data-api';
import { profileIdFor } from '../recording-engine/channel-arn';
import { recordingFixtures, streamFixtures, withDetail, withEnvelope } from '../recording-engine/fixtures/ivs-events';
import { recordingIdFor } from '../recording-engine/recording-state';
import { AmplifyRecordsStore } from '../records-store/amplify-records-store';
import { createRecordingStatusHandler, type HandlerResult } from './recording-status-handler';

type Handler = (event: unknown) => Promise<HandlerResult>;

let api: LocalDataApi;
let proxy: GraphqlProxy;
let handler: Handler;
/** Another warm container: the same module's handler with its own memory. */
let otherContainer: Handler;
let client: ReturnType<typeof generateClient<Schema>>;

beforeAll(async () => {
  api = await startLocalDataApi({ assemblyDir: inject('sandboxAssemblyDir'), port: 0 });
  proxy = await startGraphqlProxy({ upstream: api.graphqlUrl });
  const env = api.functionEnvironment(RECORDING_STATUS_HANDLER);
  const endpointKey = Object.keys(env).find((key) => key.endsWith('_GRAPHQL_ENDPOINT'))!;
  // As at a Lambda cold start: the environment first, then the module; its data API is the proxy.
  Object.assign(process.env, env, { [endpointKey]: proxy.url, POWERTOOLS_LOG_LEVEL: 'SILENT' });
  const module = (await import('../../amplify/functions/recording-status-handler/handler')) as {
    handler: Handler;
    createHandler: () => Handler;
  };
  handler = module.handler;
  otherContainer = module.createHandler();
  client = generateClient<Schema>({ authMode: 'iam' });
});

afterAll(async () => {
  await proxy?.stop();
  await api?.stop();
});

/** The handler's result and the data API requests it sent, by GraphQL operation. */
const counted = async (event: unknown, on: Handler = handler) => {
  proxy.resetStats();
  const result = await on(event);
  const { requests, byOperation } = proxy.stats();
  return { result, requests, byOperation };
};

const id12 = () => randomUUID().replace(/-/g, '').slice(0, 12);

/** A channel with a profile, and one broadcast's events on it (one stream). */
const givenBroadcast = async () => {
  const channelArn = `arn:aws:ivs:us-west-2:123456789012:channel/${id12()}`;
  const created = await client.models.Profile.create({ id: profileIdFor(channelArn), channelArn, owner: 'sub::o' });
  expect(created.errors).toBeUndefined();
  const streamId = `st-${id12()}${id12()}`;
  const recordingSessionId = id12();
  const on = (fixture: object, detail: Record<string, unknown>) =>
    withEnvelope(withDetail(fixture, detail), { id: randomUUID(), resources: [channelArn] });
  const recording = {
    stream_id: streamId,
    recording_session_id: recordingSessionId,
    recording_session_stream_ids: [streamId],
  };
  return {
    channelArn,
    streamId,
    recordingId: recordingIdFor(channelArn, recordingSessionId),
    streamStart: on(streamFixtures.streamStart, { stream_id: streamId }),
    streamEnd: on(streamFixtures.streamEnd, { stream_id: streamId }),
    recordingStart: on(recordingFixtures.start, recording),
    recordingEnd: on(recordingFixtures.end, { ...recording, recording_duration_ms: 1_800_000 }),
    recordingEndFailure: on(recordingFixtures.endFailure, recording),
  };
};

describe('given one warm container', () => {
  it('when a broadcast arrives in order then each state change costs one conditional write, and each duplicate none', async () => {
    const b = await givenBroadcast();
    // The channel's first event also gets its profile (by key); the profile is remembered.
    expect(await counted(b.streamStart)).toMatchObject({
      result: { outcome: 'written' },
      requests: 2,
      byOperation: { CreateStreamSession: 1 },
    });
    const steady = [
      [b.recordingStart, 'CreateRecording'],
      [b.recordingEnd, 'UpdateRecording'],
      [b.streamEnd, 'UpdateStreamSession'],
    ] as const;
    for (const [event, operation] of steady) {
      expect(await counted(event)).toEqual({
        result: expect.objectContaining({ outcome: 'written' }),
        requests: 1,
        byOperation: { [operation]: 1 },
      });
    }
    for (const event of [b.streamStart, b.recordingStart, b.recordingEnd, b.streamEnd]) {
      expect(await counted(event)).toMatchObject({ result: { outcome: 'unchanged' }, requests: 0 });
    }
    const { data: recording } = await client.models.Recording.get({ id: b.recordingId });
    expect(recording).toMatchObject({ recordingStatus: 'COMPLETED', recordingDurationMs: 1_800_000, version: 2 });
    const { data: session } = await client.models.StreamSession.get({ id: b.streamId });
    expect(session).toMatchObject({ status: 'ENDED', version: 2 });
  });

  it('when another container moved a record on since this one wrote it then the write conflicts, one read follows, and the record holds both events', async () => {
    const b = await givenBroadcast();
    await handler(b.streamStart);
    await handler(b.recordingStart);
    // The other container applies the End Failure: this one still remembers version 1.
    expect(await otherContainer(b.recordingEndFailure)).toMatchObject({ outcome: 'written' });
    const { result, requests, byOperation } = await counted(b.recordingEnd);
    expect(result).toEqual({ outcome: 'written', id: b.recordingId });
    expect({ requests, byOperation }).toEqual({ requests: 3, byOperation: { UpdateRecording: 2, LoadRecording: 1 } });
    const { data: recording } = await client.models.Recording.get({ id: b.recordingId });
    expect(recording).toMatchObject({
      recordingStatus: 'FAILED',
      recordingStatusReason: 'InternalServerException',
      recordingDurationMs: 1_800_000,
      version: 3,
    });
    // Its read was remembered: the next change is one write again.
    expect(await counted(b.streamEnd)).toMatchObject({ requests: 1, byOperation: { UpdateStreamSession: 1 } });
  });

  it('when more records than the bound were written then the least recently used is read again and the latest is not', async () => {
    // The real store and data client, wired as the module wires them, with a bound of 3
    // instead of RECORD_CACHE_SIZE: the same policy, without a thousand writes first.
    const bounded = createRecordingStatusHandler({
      store: new AmplifyRecordsStore(generateClient<Schema>({ authMode: 'iam' })),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      metrics: { addMetric: () => undefined },
      recordCacheSize: 3,
    });
    const b = await givenBroadcast();
    const streams = ['A', 'B', 'C', 'D'].map((suffix) => `${b.streamId}${suffix}`);
    for (const streamId of streams) {
      expect(await counted(withDetail(b.streamStart, { stream_id: streamId }), bounded)).toMatchObject({
        byOperation: { CreateStreamSession: 1 },
      });
    }
    expect(await counted(withDetail(b.streamEnd, { stream_id: streams.at(-1) }), bounded)).toMatchObject({
      result: { outcome: 'written' },
      requests: 1,
      byOperation: { UpdateStreamSession: 1 },
    });
    expect(await counted(withDetail(b.streamEnd, { stream_id: streams[0] }), bounded)).toMatchObject({
      result: { outcome: 'written' },
      requests: 2,
      byOperation: { GetStreamSession: 1, UpdateStreamSession: 1 },
    });
  });
});
