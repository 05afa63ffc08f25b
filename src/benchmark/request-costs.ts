/**
 * Sections 1 and 2: data API requests and DynamoDB items read per event, by kind, for a
 * handler, with N rows already in the tables. Events go one at a time (true order,
 * 10% delivered twice), so each request and each item read belongs to one event.
 * Before measuring, one event per channel warms the profile cache (steady state).
 */
import { performance } from 'node:perf_hooks';
import { ensureProfile } from '../records-store/profile-directory';
import { RECORDING_FIELDS, RECORDING_MEDIA_FIELDS, STREAM_SESSION_FIELDS } from '../recording-engine/records';
import {
  expectedRecords,
  simulateBroadcasts,
  type ExpectedRecording,
  type ExpectedStreamSession,
  type Simulation,
} from '../simulation/broadcast';
import { scheduleDelivery } from '../simulation/delivery';
import { envelopeOf } from '../simulation/envelope';
import { alphanumeric, mulberry32 } from '../simulation/random';
import type { DataClient } from '../records-store/amplify-records-store';
import type { BenchStack } from './bench-stack';
import { CostTable, type CostRow } from './cost-table';
import { scanAll } from './dynamo-direct';
import { diffRecords, type RecordDiff } from './record-check';

export const BENCH_START = Date.parse('2026-03-01T00:00:00Z');

export type EventHandler = (event: unknown) => Promise<unknown>;

export type LookupCounts = Record<string, { lookups: number; shouldFind: number; missed: number }>;

export type RequestCostResult = {
  handler: string;
  tableRows: number;
  channels: number;
  recordings: number;
  deliveries: number;
  rows: CostRow[];
  /** Deliveries that still threw after 3 attempts. */
  failedEvents: number;
  /** Deliveries the handler answered 'written' (one state change each) and the requests they cost. */
  stateChanges?: { events: number; requests: number };
  /** Per model: lookups made, how many should have found a record, how many came back empty anyway. */
  lookups: LookupCounts | null;
  /** The fleet's final records against the expected ones. */
  check: { recordings: RecordDiff; streamSessions: RecordDiff };
};

// Every field but the owner ones (the simulator's expectations know no profiles).
// Every field the IVS events decide: not the owner ones, nor the media index (the end file's).
export const RECORDING_COMPARED = RECORDING_FIELDS.filter(
  (field): field is keyof ExpectedRecording =>
    field !== 'profileId' && field !== 'owner' && !(RECORDING_MEDIA_FIELDS as readonly string[]).includes(field),
);

// Every field but the owner ones and viewerCount (events never set it).
export const STREAM_SESSION_COMPARED = STREAM_SESSION_FIELDS.filter(
  (field): field is keyof ExpectedStreamSession =>
    field !== 'profileId' && field !== 'owner' && field !== 'viewerCount',
);

export const recordingKey = (row: Record<string, unknown>) =>
  `${String(row.channelArn)}#${String(row.recordingSessionId)}`;
export const streamKey = (row: Record<string, unknown>) => String(row.streamId);
export const normalizeRecording = (row: Record<string, unknown>) => ({ ...row, streamIds: row.streamIds ?? [] });

/** The simulated fleet's records as stored, read straight from DynamoDB (not counted: stats are reset after). */
export const storedRecordsOf = async (
  stack: BenchStack,
  simulation: Simulation,
  excludeStreams: ReadonlySet<string> = new Set(),
) => {
  const { dynamo, tables } = stack.data();
  const prefix = simulation.channels[0]!.arn.replace(/channel\/.*$/, 'channel/');
  const filter = { expression: 'begins_with(#c, :p)', names: { '#c': 'channelArn' }, values: { ':p': prefix } };
  const channels = new Set(simulation.channels.map((c) => c.arn));
  const ofFleet = (row: Record<string, unknown>) => channels.has(String(row.channelArn));
  const [recordings, sessions] = await Promise.all([
    scanAll(dynamo, tables.Recording, filter),
    scanAll(dynamo, tables.StreamSession, filter),
  ]);
  return {
    recordings: recordings.filter(ofFleet),
    streamSessions: sessions.filter((s) => ofFleet(s) && !excludeStreams.has(String(s.streamId))),
  };
};

export const checkFleet = (
  simulation: Simulation,
  stored: { recordings: Record<string, unknown>[]; streamSessions: Record<string, unknown>[] },
  options: { compareIds: boolean },
) => {
  const expected = expectedRecords(simulation);
  const withoutIds = <T extends string>(fields: readonly T[]) =>
    fields.filter((f) => f !== 'id' && f !== 'streamSessionId');
  return {
    recordings: diffRecords({
      expected: expected.recordings,
      actual: stored.recordings,
      keyOf: recordingKey,
      fields: options.compareIds ? RECORDING_COMPARED : withoutIds(RECORDING_COMPARED),
      normalize: normalizeRecording,
    }),
    streamSessions: diffRecords({
      expected: expected.streamSessions,
      actual: stored.streamSessions,
      keyOf: streamKey,
      fields: options.compareIds ? STREAM_SESSION_COMPARED : withoutIds(STREAM_SESSION_COMPARED),
    }),
  };
};

/** A Stream Start on each channel for a stream that is not part of the fleet: warms the profile cache. */
const warmUpEvents = (simulation: Simulation, seed: number) => {
  const rng = mulberry32(seed ^ 0x5eed);
  return simulation.channels.map((channel) => {
    const template = simulation.events.find((e) => e.channelArn === channel.arn && e.name === 'Stream Start')!;
    const envelope = envelopeOf(template);
    const streamId = `st-warm${alphanumeric(rng, 19)}`;
    return {
      streamId,
      envelope: {
        ...envelope,
        id: `${envelope.id.slice(0, -4)}beef`,
        detail: { ...envelope.detail, stream_id: streamId },
      },
    };
  });
};

type DynamoStats = { dynamoRequests: Record<string, number>; itemsRead: number };
const dynamoDelta = (before: DynamoStats, after: DynamoStats) => ({
  itemsRead: after.itemsRead - before.itemsRead,
  dynamoOperations: Object.fromEntries(
    Object.entries(after.dynamoRequests)
      .map(([op, n]) => [op, n - (before.dynamoRequests[op] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  ),
});

export const measureRequestCosts = async (options: {
  stack: BenchStack;
  handlerName: string;
  handler: EventHandler;
  client: DataClient;
  seed: number;
  channels: number;
  broadcastsPerChannel: number;
  tableRows: number;
  /** For the baseline: lookups reported by the handler, and writes (to know what exists). */
  lookupTracker?: LookupTracker;
  compareIds: boolean;
}): Promise<RequestCostResult> => {
  const { stack, handler } = options;
  const simulation = simulateBroadcasts({
    seed: options.seed,
    channels: options.channels,
    broadcastsPerChannel: options.broadcastsPerChannel,
    startTime: BENCH_START,
  });
  for (const channel of simulation.channels) {
    await ensureProfile(options.client, {
      channelArn: channel.arn,
      channelName: channel.name,
      owner: 'bench-sub::bench',
    });
    options.lookupTracker?.exists('Profile', channel.arn);
  }
  const warmUps = warmUpEvents(simulation, options.seed);
  for (const w of warmUps) await handler(w.envelope);

  const schedule = scheduleDelivery(simulation.events, { seed: options.seed, duplicateFraction: 0.1 });
  const table = new CostTable();
  let failedEvents = 0;
  const stateChanges = { events: 0, requests: 0 };
  options.lookupTracker?.reset();
  for (const delivery of schedule.deliveries) {
    const requestsBefore = stack.proxy.stats().requests;
    const dynamoBefore = stack.data().api.stats();
    const started = performance.now();
    let attempt = 0;
    let written = false;
    for (;;) {
      attempt++;
      try {
        const result = await handler(envelopeOf(delivery.event));
        written = (result as { outcome?: unknown } | undefined)?.outcome === 'written';
        break;
      } catch {
        if (attempt >= 3) {
          failedEvents++;
          break;
        }
      }
    }
    const requests = stack.proxy.stats().requests - requestsBefore;
    if (written) {
      stateChanges.events++;
      stateChanges.requests += requests;
    }
    table.add(delivery.duplicate ? 'duplicate' : delivery.event.name, {
      requests,
      latencyMs: performance.now() - started,
      ...dynamoDelta(dynamoBefore, stack.data().api.stats()),
    });
  }
  const stored = await storedRecordsOf(stack, simulation, new Set(warmUps.map((w) => w.streamId)));
  const check = checkFleet(simulation, stored, { compareIds: options.compareIds });
  return {
    handler: options.handlerName,
    tableRows: options.tableRows,
    channels: simulation.channels.length,
    recordings: simulation.broadcasts.length,
    deliveries: schedule.deliveries.length,
    rows: table.rows(),
    failedEvents,
    stateChanges,
    lookups: options.lookupTracker?.counts() ?? null,
    check,
  };
};

/**
 * What the baseline looked up and what existed then. A record exists once any event
 * wrote it; a lookup that comes back empty for an existing record is a miss.
 */
export class LookupTracker {
  private readonly existing = new Set<string>();
  private tally: LookupCounts = {};

  exists(model: string, key: string): void {
    this.existing.add(`${model}|${key}`);
  }

  reset(): void {
    this.tally = {};
  }

  onLookup = ({ model, key, found }: { model: string; key: string; found: boolean }): void => {
    const t = (this.tally[model] ??= { lookups: 0, shouldFind: 0, missed: 0 });
    t.lookups++;
    if (this.existing.has(`${model}|${key}`)) {
      t.shouldFind++;
      if (!found) t.missed++;
    }
  };

  onWrite = ({ model, key }: { model: string; key: string }): void => this.exists(model, key);

  counts(): LookupCounts {
    return structuredClone(this.tally);
  }
}
