/**
 * Sends a delivery schedule with put-events calls (the stock EventBridge client,
 * through sendEntries), at most `concurrency` calls at a time, and counts what
 * EventBridge accepted and refused. PutEvents answers 200 even when entries fail,
 * so failures are counted per entry, by error code.
 *
 * A call that throws (endpoint down, throttled past the SDK's retries...) fails its
 * entries with the error's code and stops new calls: the rest are counted as not sent.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { ProfileInput } from '../records-store/profile-directory';
import { sendEntries } from '../put-events/send-entries';
import type { SimulatedChannel } from './broadcast';
import { entriesOf, type DeliverySchedule } from './delivery';

/** ensureProfile with its data client bound. */
export type EnsureProfileFn = (input: ProfileInput) => Promise<{ created: boolean }>;

export type RunSimulationOptions = {
  client: EventBridgeClient;
  schedule: DeliverySchedule;
  /** Put-events calls in flight at once, default 4. */
  concurrency?: number;
  /** Ensures every channel has a profile before any event is sent. */
  profiles?: { channels: readonly SimulatedChannel[]; ensureProfile: EnsureProfileFn; owner?: string };
  /** Called after each put-events call (progress). */
  onCall?: (info: { batch: number; entries: number; failed: number }) => void;
};

export type FailedEntry = {
  /** Position of the delivery in the schedule. */
  position: number;
  detailType: string;
  channelArn: string;
  recordingKey: string;
  errorCode: string;
  errorMessage: string;
};

export type RunSimulationResult = {
  /** Put-events calls made (including ones that threw). */
  calls: number;
  /** Entries handed to put-events. */
  sent: number;
  accepted: number;
  /** Second copies among the accepted entries. */
  duplicatesAccepted: number;
  failedEntries: FailedEntry[];
  failuresByCode: Record<string, number>;
  /** Entries never sent because a call threw. */
  notSent: number;
  /** The first error a call threw, if any. */
  callError: { code: string; message: string } | null;
  profiles: { created: number; existing: number };
};

const errorCodeOf = (error: unknown): string => {
  const e = error as { code?: unknown; name?: unknown; cause?: { code?: unknown } };
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  if (typeof e?.name === 'string' && e.name !== 'Error') return e.name;
  return 'CallFailed';
};

/** Runs `task` over items with at most `limit` at a time, in item order of start. */
const forEachLimited = async <T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stopped()) {
      const index = next;
      next += 1;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
};

export const runSimulation = async (options: RunSimulationOptions): Promise<RunSimulationResult> => {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const profiles = { created: 0, existing: 0 };
  if (options.profiles) {
    const { ensureProfile, owner } = options.profiles;
    await forEachLimited(options.profiles.channels, concurrency, async (channel) => {
      const result = await ensureProfile({
        channelArn: channel.arn,
        ...(channel.name !== '' ? { channelName: channel.name } : {}),
        ...(owner !== undefined ? { owner } : {}),
      });
      if (result.created) profiles.created += 1;
      else profiles.existing += 1;
    });
  }

  const result: RunSimulationResult = {
    calls: 0,
    sent: 0,
    accepted: 0,
    duplicatesAccepted: 0,
    failedEntries: [],
    failuresByCode: {},
    notSent: 0,
    callError: null,
    profiles,
  };
  const fail = (
    position: number,
    batch: DeliverySchedule['batches'][number],
    i: number,
    code: string,
    message: string,
  ) => {
    const delivery = batch[i]!;
    result.failedEntries.push({
      position,
      detailType: delivery.event.detailType,
      channelArn: delivery.event.channelArn,
      recordingKey: delivery.event.recordingKey,
      errorCode: code,
      errorMessage: message,
    });
    result.failuresByCode[code] = (result.failuresByCode[code] ?? 0) + 1;
  };

  const { batches } = options.schedule;
  const started = new Set<number>();
  await forEachLimited(
    batches,
    concurrency,
    async (batch, index) => {
      started.add(index);
      result.calls += 1;
      result.sent += batch.length;
      let failed = 0;
      try {
        const answer = await sendEntries(options.client, entriesOf(batch));
        batch.forEach((delivery, i) => {
          const entry = answer.entries[i];
          if (entry?.ok) {
            result.accepted += 1;
            if (delivery.duplicate) result.duplicatesAccepted += 1;
          } else {
            failed += 1;
            fail(
              delivery.position,
              batch,
              i,
              entry ? entry.errorCode : 'NoResult',
              entry ? entry.errorMessage : 'no result for this entry',
            );
          }
        });
      } catch (error) {
        const code = errorCodeOf(error);
        const message = error instanceof Error ? error.message : String(error);
        result.callError ??= { code, message };
        batch.forEach((delivery, i) => fail(delivery.position, batch, i, code, message));
        failed = batch.length;
      }
      options.onCall?.({ batch: index, entries: batch.length, failed });
    },
    () => result.callError !== null,
  );
  result.notSent = batches.reduce((sum, batch, index) => sum + (started.has(index) ? 0 : batch.length), 0);
  result.failedEntries.sort((a, b) => a.position - b.position);
  return result;
};
