import {
  EventBridgeClient,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../local/event-bus/envelope';
import { startPutEventsServer, type PutEventsServer } from '../local/event-bus/put-events-server';
import type { ProfileInput } from '../records-store/profile-directory';
import { expectedRecords, simulateBroadcasts } from './broadcast';
import { scheduleDelivery } from './delivery';
import { foldEvents } from './fold';
import { runSimulation } from './run-simulation';

const START = Date.parse('2024-06-01T08:00:00Z');
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };

const simulation = simulateBroadcasts({ seed: 2024, channels: 3, broadcastsPerChannel: 3, startTime: START });

/** A real SDK client whose PutEvents answers in-process (the middleware short-circuits the HTTP call). */
const stubClient = (
  answer: (entries: PutEventsRequestEntry[]) => Promise<PutEventsCommandOutput>,
): EventBridgeClient => {
  const client = new EventBridgeClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
  client.middlewareStack.add(
    () => async (args) => {
      const input = args.input as { Entries?: PutEventsRequestEntry[] };
      return { output: await answer(input.Entries ?? []), response: {} };
    },
    { step: 'initialize', name: 'stubPutEvents' },
  );
  return client;
};

const acceptAll = async (entries: PutEventsRequestEntry[]): Promise<PutEventsCommandOutput> => ({
  $metadata: {},
  FailedEntryCount: 0,
  Entries: entries.map((_, i) => ({ EventId: `id-${i}` })),
});

describe('runSimulation against the local put-events endpoint', () => {
  let server: PutEventsServer;
  let client: EventBridgeClient;
  let received: EventEnvelope[];

  beforeAll(async () => {
    server = await startPutEventsServer({ port: 0, quiet: true, publish: (envelope) => received.push(envelope) });
    client = new EventBridgeClient({ endpoint: server.endpoint, region: 'us-east-1', credentials });
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });
  beforeEach(() => {
    received = [];
  });

  it('given a shuffled schedule with duplicates, when run, then every delivery is accepted and folding what arrived gives the expected records', async () => {
    const schedule = scheduleDelivery(simulation.events, { seed: 5, shuffleWindow: 10, duplicateFraction: 0.2 });

    const result = await runSimulation({ client, schedule, concurrency: 3 });

    expect(result).toMatchObject({
      calls: schedule.batches.length,
      sent: schedule.deliveries.length,
      accepted: schedule.deliveries.length,
      duplicatesAccepted: schedule.duplicateCount,
      failedEntries: [],
      notSent: 0,
      callError: null,
    });
    expect(schedule.duplicateCount).toBeGreaterThan(0);
    expect(received).toHaveLength(schedule.deliveries.length);
    expect(foldEvents(received)).toEqual(expectedRecords(simulation));
  });

  it('given entries with an aws.* source, when run, then each is counted as failed with NotAuthorizedForSourceException', async () => {
    const refused = simulateBroadcasts({
      seed: 2024,
      channels: 1,
      broadcastsPerChannel: 1,
      startTime: START,
      source: 'aws.ivs',
    });
    const schedule = scheduleDelivery(refused.events, { seed: 1 });

    const result = await runSimulation({ client, schedule });

    expect(result.accepted).toBe(0);
    expect(result.failedEntries).toHaveLength(refused.events.length);
    expect(result.failuresByCode).toEqual({ NotAuthorizedForSourceException: refused.events.length });
    expect(result.failedEntries[0]).toMatchObject({ position: 0, channelArn: refused.channels[0]!.arn });
    expect(received).toEqual([]);
  });
});

describe('runSimulation with an in-process client', () => {
  it('given a concurrency of 2, when run, then at most 2 calls are in flight and all of them are made', async () => {
    let inFlight = 0;
    let peak = 0;
    const client = stubClient(async (entries) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return acceptAll(entries);
    });
    const schedule = scheduleDelivery(simulation.events, { seed: 1, batchSize: 3 });

    const result = await runSimulation({ client, schedule, concurrency: 2 });

    expect(peak).toBe(2);
    expect(result.calls).toBe(schedule.batches.length);
    expect(result.accepted).toBe(schedule.deliveries.length);
  });

  it('given a call that throws, when run, then its entries fail with the error code and no further call starts', async () => {
    let calls = 0;
    const client = stubClient(async (entries) => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4010'), { code: 'ECONNREFUSED' });
      return acceptAll(entries);
    });
    const schedule = scheduleDelivery(simulation.events, { seed: 1 });

    const result = await runSimulation({ client, schedule, concurrency: 1 });

    expect(calls).toBe(2);
    expect(result.callError).toEqual({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:4010' });
    expect(result.failuresByCode).toEqual({ ECONNREFUSED: schedule.batches[1]!.length });
    expect(result.accepted).toBe(schedule.batches[0]!.length);
    expect(result.notSent).toBe(schedule.deliveries.length - schedule.batches[0]!.length - schedule.batches[1]!.length);
  });

  it('given a profile function, when run, then every channel gets a profile with its name and owner before any event is sent', async () => {
    const log: string[] = [];
    const client = stubClient(async (entries) => {
      log.push('send');
      return acceptAll(entries);
    });
    const inputs: ProfileInput[] = [];
    const schedule = scheduleDelivery(simulation.events, { seed: 1 });

    const result = await runSimulation({
      client,
      schedule,
      profiles: {
        channels: simulation.channels,
        owner: 'alice',
        ensureProfile: async (input) => {
          log.push('profile');
          inputs.push(input);
          return { created: inputs.length !== 1 };
        },
      },
    });

    expect(inputs).toEqual(
      simulation.channels.map((c) => ({ channelArn: c.arn, channelName: c.name, owner: 'alice' })),
    );
    expect(log.slice(0, simulation.channels.length)).toEqual(simulation.channels.map(() => 'profile'));
    expect(log.filter((l) => l === 'send')).toHaveLength(schedule.batches.length);
    expect(result.profiles).toEqual({ created: simulation.channels.length - 1, existing: 1 });
  });

  it('given a concurrency of 0, when run, then it throws a RangeError', async () => {
    const schedule = scheduleDelivery(simulation.events, { seed: 1 });
    await expect(runSimulation({ client: stubClient(acceptAll), schedule, concurrency: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});
