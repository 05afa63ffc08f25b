// Redrive end to end on the local stack's pieces: the real handler on the local data API
// behind Lambda's async semantics, its on-failure capture file, the local Invoke endpoint,
// and the stock @aws-sdk/client-lambda: the same redrive code as against AWS.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../amplify/data/resource';
import { profileIdFor } from '../recording-engine/channel-arn';
import { startLocalDataApi, type LocalDataApi } from '../local/data-api';
import { createAsyncInvoker, type AsyncInvoker, type LocalLambdaHandler } from '../local/event-bus/async-invoker';
import { FailureStore } from '../local/event-bus/failure-store';
import { startLambdaInvokeServer, type LambdaInvokeServer } from '../local/lambda-invoke';
import { recordingFixtures, streamFixtures, withDetail, withEnvelope } from '../recording-engine/fixtures/ivs-events';
import { recordingIdFor } from '../recording-engine/recording-state';
import { CaptureFileQueue } from '../local/event-bus/capture-file-queue';
import { lambdaAsyncInvoke } from './lambda-async-invoke';
import { redriveFailedEvents } from './redrive';

const FUNCTION = 'RecordingStatusHandler';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let api: LocalDataApi;
let dir: string;
let captureFile: string;
let invoker: AsyncInvoker;
let endpoint: LambdaInvokeServer;
let lambda: LambdaClient;
let client: ReturnType<typeof generateClient<Schema>>;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  dir = await mkdtemp(path.join(tmpdir(), 'redrive-it-'));
  captureFile = path.join(dir, 'failed-events.jsonl');
  api = await startLocalDataApi({
    assemblyDir: inject('sandboxAssemblyDir'),
    port: 0,
    dataDir: path.join(dir, 'data'),
  });
  Object.assign(process.env, api.functionEnvironment(FUNCTION));
  const { handler } = (await import('../../amplify/functions/recording-status-handler/handler')) as {
    handler: LocalLambdaHandler;
  };
  client = generateClient<Schema>({ authMode: 'iam' });
  invoker = createAsyncInvoker({
    functionName: FUNCTION,
    handler,
    retryDelaysMs: [1, 1],
    failureStore: new FailureStore(captureFile),
    quiet: true,
  });
  endpoint = await startLambdaInvokeServer({
    port: 0,
    invokerFor: (name) => (name === FUNCTION ? invoker : undefined),
  });
  lambda = new LambdaClient({
    endpoint: endpoint.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  lambda?.destroy();
  await endpoint?.stop();
  await invoker?.drain();
  await api?.stop();
  await rm(dir, { recursive: true, force: true });
});

const capturedRequestIds = async (): Promise<string[]> =>
  (await readFile(captureFile, 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { requestContext: { requestId: string } }).requestContext.requestId);

describe('given a Recording Start that failed every attempt (the data API was down) and was captured', () => {
  it('when redriven with the stock Lambda client once the data API is back then it is delivered once, lands, and leaves the capture', async () => {
    const channelArn = `arn:aws:ivs:us-west-2:123456789012:channel/${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const streamId = `st-${randomUUID().replace(/-/g, '').slice(0, 23)}`;
    const recordingSessionId = randomUUID().replace(/-/g, '').slice(0, 16);
    expect(
      (await client.models.Profile.create({ id: profileIdFor(channelArn), channelArn, owner: 'sub::owner' })).errors,
    ).toBeUndefined();
    const recordingStart = withEnvelope(
      withDetail(recordingFixtures.start, {
        stream_id: streamId,
        recording_session_id: recordingSessionId,
        recording_session_stream_ids: [streamId],
      }),
      { id: randomUUID(), resources: [channelArn], time: '2026-11-23T10:00:02Z' },
    );
    const streamStart = withEnvelope(withDetail(streamFixtures.streamStart, { stream_id: streamId }), {
      id: randomUUID(),
      resources: [channelArn],
      time: '2026-11-23T10:00:00Z',
    });

    expect((await invoker.invoke(streamStart).settled).outcome).toBe('succeeded');
    // Given: the data API is down, three attempts fail, the event is captured.
    const port = Number(new URL(api.amplifyOutputs().data.url).port);
    await api.stop();
    const { requestId, settled } = invoker.invoke(recordingStart);
    try {
      expect((await settled).outcome).toBe('failed');
      await invoker.idle();
    } finally {
      // The cause is fixed: the data API is back, on the same port, with the same data.
      api = await startLocalDataApi({
        assemblyDir: inject('sandboxAssemblyDir'),
        port,
        dataDir: path.join(dir, 'data'),
      });
    }
    expect(await capturedRequestIds()).toEqual([requestId]);
    const queue = new CaptureFileQueue(captureFile);
    const invoke = lambdaAsyncInvoke(lambda);

    // A dry run changes nothing.
    const dry = await redriveFailedEvents({ queue, invoke, logger: silent });
    // It says why the event failed and which it is.
    expect(dry.outcomes).toEqual([
      {
        requestId,
        functionName: FUNCTION,
        status: 'would-redeliver',
        condition: 'RetriesExhausted',
        attempts: 3,
        error: expect.stringMatching(/^RetryableError: /),
        event: `IVS Recording State Change, Recording Start, channel ${recordingStart.detail.channel_name}, id ${recordingStart.id}`,
      },
    ]);
    expect(await capturedRequestIds()).toEqual([requestId]);

    // When: applied.
    const attemptsBefore = invoker.stats().invocations;
    const applied = await redriveFailedEvents({ queue, invoke, apply: true, logger: silent });
    await invoker.idle();

    // Then: accepted (202), delivered once, landed, and gone from the capture.
    expect(applied).toMatchObject({ applied: true, removed: 1, outcomes: [{ requestId, status: 'redelivered' }] });
    expect(applied.outcomes[0]!.redeliveryRequestId).toMatch(/.+/);
    expect(invoker.stats().invocations - attemptsBefore).toBe(1);
    const recording = await client.models.Recording.get({ id: recordingIdFor(channelArn, recordingSessionId) });
    expect(recording.data).toMatchObject({
      recordingStatus: 'STARTED',
      streamSessionId: streamId,
      startTime: '2026-11-23T10:00:02.000Z',
    });
    expect(await capturedRequestIds()).toEqual([]);

    // And a second redrive has nothing to do.
    expect((await redriveFailedEvents({ queue, invoke, apply: true, logger: silent })).outcomes).toEqual([]);
  });
});

describe('given the local Invoke endpoint', () => {
  it('when an unknown function is invoked then the stock client gets ResourceNotFoundException and the message would stay', async () => {
    await expect(lambdaAsyncInvoke(lambda)('NoSuchFunction', {})).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
