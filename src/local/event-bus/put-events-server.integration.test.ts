import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { EventEnvelope } from './envelope';
import { startLocalEventBus, type LocalEventBus } from './local-event-bus';
import { startPutEventsServer } from './put-events-server';

const run = promisify(execFile);
const fakeCredentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };
const CHANNEL = 'arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij';

/** Fake credentials only: no profile, config or session token of the machine leaks in. */
const cliEnv = (dir: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    AWS_CONFIG_FILE: path.join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
  };
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'])
    delete env[name];
  return env;
};

const recordingEntry = (overrides: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  Source: 'custom.ivs.simulator',
  DetailType: 'IVS Recording State Change',
  Detail: JSON.stringify({
    recording_status: 'Recording Start',
    stream_id: 'st-1',
    recording_session_id: 's1',
  }),
  Resources: [CHANNEL],
  ...overrides,
});

describe('given a local event bus on the sandbox assembly', () => {
  let bus: LocalEventBus;
  let client: EventBridgeClient;
  let received: EventEnvelope[];

  beforeAll(async () => {
    bus = await startLocalEventBus({
      assemblyDir: inject('sandboxAssemblyDir'),
      port: 0,
      region: 'us-west-2',
      quiet: true,
      retryDelaysMs: [5, 10],
      handlers: {
        RecordingStatusHandler: async (event: EventEnvelope) => {
          received.push(event);
        },
      },
    });
    client = new EventBridgeClient({
      endpoint: bus.endpoint,
      region: 'us-west-2',
      credentials: fakeCredentials,
    });
  });
  afterAll(async () => {
    client?.destroy();
    await bus?.stop();
  });
  beforeEach(() => {
    received = [];
  });

  it('when the stock SDK puts a simulated recording event, then the handler receives the EventBridge envelope', async () => {
    const time = new Date('2024-05-01T10:20:30.789Z');
    const answer = await client.send(new PutEventsCommand({ Entries: [recordingEntry({ Time: time })] }));
    await bus.idle();

    expect(answer.FailedEntryCount).toBe(0);
    expect(answer.Entries).toHaveLength(1);
    const eventId = answer.Entries![0]!.EventId;
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(received).toEqual([
      {
        version: '0',
        id: eventId,
        'detail-type': 'IVS Recording State Change',
        source: 'custom.ivs.simulator',
        account: '123456789012',
        time: '2024-05-01T10:20:30Z',
        region: 'us-west-2',
        resources: [CHANNEL],
        detail: {
          recording_status: 'Recording Start',
          stream_id: 'st-1',
          recording_session_id: 's1',
        },
      },
    ]);
  });

  it('when an aws.ivs entry is put with others, then only it is rejected and the others are delivered', async () => {
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          recordingEntry(),
          recordingEntry({ Source: 'aws.ivs' }),
          recordingEntry({
            DetailType: 'IVS Stream State Change',
            Detail: '{"event_name":"Stream Start"}',
          }),
        ],
      }),
    );
    await bus.idle();

    expect(answer.FailedEntryCount).toBe(1);
    expect(answer.Entries![1]).toEqual({
      ErrorCode: 'NotAuthorizedForSourceException',
      ErrorMessage: 'Not authorized for the source.',
    });
    expect(answer.Entries![0]!.EventId).toBeDefined();
    expect(answer.Entries![2]!.EventId).toBeDefined();
    expect(received.map((e) => e.id).sort()).toEqual([answer.Entries![0]!.EventId, answer.Entries![2]!.EventId].sort());
  });

  it('when 11 entries are put, then the call fails with a ValidationException and nothing is delivered', async () => {
    const entries = Array.from({ length: 11 }, () => recordingEntry());
    await expect(client.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    await bus.idle();
    expect(received).toEqual([]);
  });

  it.each([
    ['detail that is not JSON', 'MalformedDetail', { Detail: '{not json' }],
    ['detail that is a JSON array', 'MalformedDetail', { Detail: '[1,2]' }],
    ['a missing DetailType', 'InvalidArgument', { DetailType: undefined }],
    ['another event bus', 'ResourceNotFoundException', { EventBusName: 'my-bus' }],
  ])('when an entry has %s, then that entry fails with %s', async (_, errorCode, overrides) => {
    const answer = await client.send(new PutEventsCommand({ Entries: [recordingEntry(overrides), recordingEntry()] }));
    await bus.idle();
    expect(answer.FailedEntryCount).toBe(1);
    expect(answer.Entries![0]).toMatchObject({
      ErrorCode: errorCode,
      ErrorMessage: expect.any(String),
    });
    expect(received).toHaveLength(1);
  });

  it('when an entry names the default bus by name, then it is accepted', async () => {
    const answer = await client.send(new PutEventsCommand({ Entries: [recordingEntry({ EventBusName: 'default' })] }));
    expect(answer.FailedEntryCount).toBe(0);
  });

  it('when a source no rule matches is put, then it is accepted but not delivered', async () => {
    const answer = await client.send(new PutEventsCommand({ Entries: [recordingEntry({ Source: 'custom.other' })] }));
    await bus.idle();
    expect(answer.FailedEntryCount).toBe(0);
    expect(received).toEqual([]);
  });

  it('when another operation or bad JSON is sent, then the AWS JSON error shape comes back', async () => {
    const post = (target: string, body: string) =>
      fetch(bus.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body,
      });
    const unknown = await post('AWSEvents.ListRules', '{}');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const badJson = await post('AWSEvents.PutEvents', '{"Entries":');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ __type: 'SerializationException' });
    const empty = await post('AWSEvents.PutEvents', '{"Entries":[]}');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({
      __type: 'ValidationException',
      message: expect.stringContaining('length'),
    });
  });

  it('when an event is published in-process with source aws.ivs, then it is delivered (only PutEvents refuses aws.*)', async () => {
    const result = await bus.publish({
      version: '0',
      id: 'in-process-1',
      'detail-type': 'IVS Stream State Change',
      source: 'aws.ivs',
      account: '123456789012',
      time: '2024-05-01T10:20:30Z',
      region: 'us-west-2',
      resources: [CHANNEL],
      detail: { event_name: 'Stream End' },
    });
    await bus.idle();
    expect(result.deliveries).toHaveLength(1);
    expect(received.map((e) => e.id)).toEqual(['in-process-1']);
  });

  it('when the AWS CLI puts events through --endpoint-url, then it exits 0 and the handler receives them', async (context) => {
    const cli = await run('aws', ['--version']).catch(() => undefined);
    if (!cli) {
      context.skip('the aws CLI is not on PATH: skipping the CLI round trip');
      return;
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'put-events-cli-'));
    try {
      const file = path.join(dir, 'entries.json');
      await writeFile(
        file,
        JSON.stringify([
          {
            Source: 'custom.ivs.simulator',
            DetailType: 'IVS Recording State Change',
            Detail: JSON.stringify({
              recording_status: 'Recording End',
              recording_duration_ms: 42000,
            }),
            Resources: [CHANNEL],
          },
        ]),
      );
      const { stdout } = await run(
        'aws',
        [
          'events',
          'put-events',
          '--endpoint-url',
          bus.endpoint,
          '--entries',
          `file://${file}`,
          '--region',
          'us-east-1',
          '--output',
          'json',
        ],
        {
          env: cliEnv(dir),
          timeout: 60_000,
        },
      );
      await bus.idle();
      const answer = JSON.parse(stdout) as {
        FailedEntryCount: number;
        Entries: { EventId: string }[];
      };
      expect(answer.FailedEntryCount).toBe(0);
      expect(received.map((e) => [e.id, e.detail])).toEqual([
        [answer.Entries[0]!.EventId, { recording_status: 'Recording End', recording_duration_ms: 42000 }],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('given a port that is already taken', () => {
  let blocker: ReturnType<typeof createServer>;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('when the server starts on it, then it fails with a clear message', async () => {
    await expect(startPutEventsServer({ port, publish: () => {}, quiet: true })).rejects.toThrow(
      `port ${port} is in use: is another npm start running? set LOCAL_EVENTS_PORT`,
    );
  });
});

describe('given a bus that cannot keep one of the entries (its journal write failed)', () => {
  it('when they are put then that entry answers InternalFailure, unacknowledged, and the others are accepted', async () => {
    const server = await startPutEventsServer({
      port: 0,
      quiet: true,
      publish: async (envelope) => {
        if ((envelope.detail as { recording_session_id?: string }).recording_session_id === 'lost') {
          throw new Error('disk full');
        }
      },
    });
    const client = new EventBridgeClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: fakeCredentials,
    });
    try {
      const lost = recordingEntry({ Detail: JSON.stringify({ recording_session_id: 'lost' }) });
      const answer = await client.send(new PutEventsCommand({ Entries: [recordingEntry(), lost, recordingEntry()] }));
      expect(answer.FailedEntryCount).toBe(1);
      expect(answer.Entries![1]).toEqual({
        ErrorCode: 'InternalFailure',
        ErrorMessage: 'The local bus could not keep the event.',
      });
      expect(answer.Entries![0]!.EventId).toBeDefined();
      expect(answer.Entries![2]!.EventId).toBeDefined();
    } finally {
      client.destroy();
      await server.close();
    }
  });
});
