/**
 * How the simulated events reach EventBridge: a pure, seeded schedule. IVS to
 * EventBridge is best effort and a target can see an event twice (ivs-events.md §5),
 * so the schedule can shuffle events within windows of K, send a fraction of them
 * twice (the same entry in two places), lose some and hold some back to the very end,
 * in put-events calls of at most 10 entries.
 */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { RECORDING_STATE_CHANGE, STREAM_STATE_CHANGE } from '../recording-engine/ivs-event';
import type { SimulatedEvent } from './broadcast';
import { deriveSeed, mulberry32, shuffleInPlace } from './random';

/** PutEvents takes 1 to 10 entries. */
export const MAX_BATCH_SIZE = 10;

export type DeliveryOptions = {
  seed: number;
  /** Shuffle within consecutive windows of this many events; 0 or 1 keeps the true order. */
  shuffleWindow?: number;
  /** Fraction of events sent twice, in [0, 1]: exactly round(fraction * events) of them. */
  duplicateFraction?: number;
  /** Entries per put-events call, 1 to 10 (default 10). */
  batchSize?: number;
  /**
   * How far after the original a duplicate may land, in deliveries
   * (default max(shuffleWindow, 10)). A duplicate always comes after its original.
   */
  duplicateSpread?: number;
  /**
   * Fractions of the stream events and of the recording events never delivered (IVS to
   * EventBridge is best effort): exactly round(fraction * count) of each kind. Default 0.
   */
  loss?: { stream?: number; recording?: number };
  /**
   * Fraction of the delivered events that arrive after every other delivery, as after
   * Lambda's retries ran out: exactly round(fraction * delivered events). Default 0.
   */
  lateFraction?: number;
};

export type ScheduledDelivery = {
  event: SimulatedEvent;
  /** True for the second copy of a duplicated event. */
  duplicate: boolean;
  /** Position in the whole schedule, 0-based. */
  position: number;
};

export type DeliverySchedule = {
  deliveries: ScheduledDelivery[];
  /** The deliveries cut into put-events calls, in schedule order. */
  batches: ScheduledDelivery[][];
  /** Distinct events delivered. */
  eventCount: number;
  /** Second copies. */
  duplicateCount: number;
  /** The events never delivered, in true order. */
  lost: SimulatedEvent[];
  /** The events held back to the end of the schedule, in true order. */
  late: SimulatedEvent[];
};

const checkFraction = (name: string, value: number): void => {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${value}`);
};

/** Exactly round(fraction * n) of `items`, drawn without replacement. */
const pick = <T>(rng: () => number, items: readonly T[], fraction: number): Set<T> =>
  new Set(shuffleInPlace(rng, [...items]).slice(0, Math.round(fraction * items.length)));

const checkInteger = (name: string, value: number, min: number, max: number): void => {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
};

export const scheduleDelivery = (events: readonly SimulatedEvent[], options: DeliveryOptions): DeliverySchedule => {
  const shuffleWindow = options.shuffleWindow ?? 0;
  const duplicateFraction = options.duplicateFraction ?? 0;
  const batchSize = options.batchSize ?? MAX_BATCH_SIZE;
  const spread = options.duplicateSpread ?? Math.max(shuffleWindow, 10);
  checkInteger('shuffleWindow', shuffleWindow, 0, Number.MAX_SAFE_INTEGER);
  checkInteger('batchSize', batchSize, 1, MAX_BATCH_SIZE);
  checkInteger('duplicateSpread', spread, 1, Number.MAX_SAFE_INTEGER);
  checkFraction('duplicateFraction', duplicateFraction);
  const streamLoss = options.loss?.stream ?? 0;
  const recordingLoss = options.loss?.recording ?? 0;
  const lateFraction = options.lateFraction ?? 0;
  checkFraction('loss.stream', streamLoss);
  checkFraction('loss.recording', recordingLoss);
  checkFraction('lateFraction', lateFraction);

  // Loss and lateness draw from their own streams: a schedule without them is unchanged.
  const lossRng = mulberry32(deriveSeed(options.seed, 0x1055));
  const lost = new Set([
    ...pick(
      lossRng,
      events.filter((e) => e.detailType === STREAM_STATE_CHANGE),
      streamLoss,
    ),
    ...pick(
      lossRng,
      events.filter((e) => e.detailType === RECORDING_STATE_CHANGE),
      recordingLoss,
    ),
  ]);
  const kept = lost.size === 0 ? events : events.filter((event) => !lost.has(event));
  const late = pick(mulberry32(deriveSeed(options.seed, 0x1a7e)), kept, lateFraction);

  const rng = mulberry32(deriveSeed(options.seed, 0xde1));
  const ordered = [...kept];
  if (shuffleWindow > 1) {
    for (let start = 0; start < ordered.length; start += shuffleWindow) {
      const window = shuffleInPlace(rng, ordered.slice(start, start + shuffleWindow));
      ordered.splice(start, window.length, ...window);
    }
  }

  // Which events are sent twice: exactly round(fraction * n), drawn without replacement.
  const duplicateCount = Math.round(duplicateFraction * ordered.length);
  const chosen = new Set(
    shuffleInPlace(
      rng,
      ordered.map((_, i) => i),
    ).slice(0, duplicateCount),
  );

  // Sort keys: an original keeps its place i; its copy lands in (i, i + spread].
  const keyed: { key: number; seq: number; event: SimulatedEvent; duplicate: boolean }[] = [];
  ordered.forEach((event, i) => {
    keyed.push({ key: i, seq: keyed.length, event, duplicate: false });
    if (chosen.has(i)) keyed.push({ key: i + 0.5 + rng() * spread, seq: keyed.length, event, duplicate: true });
  });
  keyed.sort((a, b) => a.key - b.key || a.seq - b.seq);
  if (late.size > 0) {
    // Stable: the late ones keep their relative order, after everything else.
    const onTime = keyed.filter((k) => !late.has(k.event));
    keyed.splice(0, keyed.length, ...onTime, ...keyed.filter((k) => late.has(k.event)));
  }
  const deliveries = keyed.map(({ event, duplicate }, position): ScheduledDelivery => ({ event, duplicate, position }));

  const batches: ScheduledDelivery[][] = [];
  for (let start = 0; start < deliveries.length; start += batchSize) {
    batches.push(deliveries.slice(start, start + batchSize));
  }
  return {
    deliveries,
    batches,
    eventCount: kept.length,
    duplicateCount,
    lost: events.filter((event) => lost.has(event)),
    late: kept.filter((event) => late.has(event)),
  };
};

/** The put-events entries of one call. */
export const entriesOf = (batch: readonly ScheduledDelivery[]): PutEventsRequestEntry[] =>
  batch.map((delivery) => delivery.event.entry);
