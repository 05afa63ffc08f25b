import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateBroadcasts, type SimulatedEvent } from './broadcast';
import { entriesOf, MAX_BATCH_SIZE, scheduleDelivery, type DeliveryOptions } from './delivery';

const START = Date.parse('2024-03-01T12:00:00Z');
const eventsFor = (seed: number, channels = 3, broadcastsPerChannel = 3): SimulatedEvent[] =>
  simulateBroadcasts({ seed, channels, broadcastsPerChannel, startTime: START }).events;

const caseArb = fc.record({
  simulationSeed: fc.integer({ min: 0, max: 1000 }),
  channels: fc.integer({ min: 1, max: 4 }),
  options: fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    shuffleWindow: fc.integer({ min: 0, max: 30 }),
    duplicateFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    batchSize: fc.integer({ min: 1, max: MAX_BATCH_SIZE }),
  }),
});

const countsOf = (events: readonly SimulatedEvent[]): Map<number, number> => {
  const counts = new Map<number, number>();
  for (const event of events) counts.set(event.trueOrder, (counts.get(event.trueOrder) ?? 0) + 1);
  return counts;
};

describe('scheduleDelivery', () => {
  it('given any schedule, when delivered, then every event comes once or twice and exactly round(fraction * n) come twice', () => {
    fc.assert(
      fc.property(caseArb, ({ simulationSeed, channels, options }) => {
        const events = eventsFor(simulationSeed, channels);
        const schedule = scheduleDelivery(events, options);
        const counts = countsOf(schedule.deliveries.map((d) => d.event));
        expect(counts.size).toBe(events.length);
        const twice = [...counts.values()].filter((n) => n === 2).length;
        expect([...counts.values()].every((n) => n === 1 || n === 2)).toBe(true);
        expect(twice).toBe(Math.round(options.duplicateFraction * events.length));
        expect(schedule.duplicateCount).toBe(twice);
        expect(schedule.deliveries.filter((d) => d.duplicate)).toHaveLength(twice);
        expect(schedule.eventCount).toBe(events.length);
      }),
      { numRuns: 200 },
    );
  });

  it('given any schedule, when batched, then calls hold 1 to batchSize entries, only the last may be short, and they cover the deliveries in order', () => {
    fc.assert(
      fc.property(caseArb, ({ simulationSeed, channels, options }) => {
        const schedule = scheduleDelivery(eventsFor(simulationSeed, channels), options);
        schedule.batches.forEach((batch, i) => {
          expect(batch.length).toBeGreaterThanOrEqual(1);
          expect(batch.length).toBeLessThanOrEqual(Math.min(options.batchSize, 10));
          if (i < schedule.batches.length - 1) expect(batch).toHaveLength(options.batchSize);
        });
        expect(schedule.batches.flat()).toEqual(schedule.deliveries);
        schedule.deliveries.forEach((d, position) => expect(d.position).toBe(position));
      }),
      { numRuns: 200 },
    );
  });

  it('given a shuffle window K and no duplicates, when delivered, then each window of K holds the same events as in true order', () => {
    fc.assert(
      fc.property(caseArb, ({ simulationSeed, channels, options }) => {
        const events = eventsFor(simulationSeed, channels);
        const k = Math.max(1, options.shuffleWindow);
        const delivered = scheduleDelivery(events, { ...options, duplicateFraction: 0 }).deliveries.map(
          (d) => d.event.trueOrder,
        );
        for (let start = 0; start < events.length; start += k) {
          const window = delivered.slice(start, start + k).sort((a, b) => a - b);
          expect(window).toEqual(events.slice(start, start + k).map((e) => e.trueOrder));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('given duplicates, when delivered, then a second copy always comes after its original and is the same entry object', () => {
    fc.assert(
      fc.property(caseArb, ({ simulationSeed, channels, options }) => {
        const schedule = scheduleDelivery(eventsFor(simulationSeed, channels), options);
        const firstSeen = new Map<number, number>();
        for (const d of schedule.deliveries) {
          if (d.duplicate) {
            expect(firstSeen.get(d.event.trueOrder)).toBeDefined();
            expect(firstSeen.get(d.event.trueOrder)!).toBeLessThan(d.position);
          } else {
            expect(firstSeen.has(d.event.trueOrder)).toBe(false);
            firstSeen.set(d.event.trueOrder, d.position);
          }
        }
        const originals = new Map(
          schedule.deliveries.filter((d) => !d.duplicate).map((d) => [d.event.trueOrder, d.event.entry]),
        );
        for (const d of schedule.deliveries.filter((x) => x.duplicate))
          expect(d.event.entry).toBe(originals.get(d.event.trueOrder));
      }),
      { numRuns: 200 },
    );
  });

  it('given no shuffle and no duplicates, when delivered, then the true order is kept', () => {
    const events = eventsFor(5);
    const schedule = scheduleDelivery(events, { seed: 9 });
    expect(schedule.deliveries.map((d) => d.event)).toEqual(events);
    expect(
      schedule.batches
        .map((b) => b.length)
        .slice(0, -1)
        .every((n) => n === 10),
    ).toBe(true);
  });

  it('given a shuffle window, when delivered, then the order differs from the true order', () => {
    const events = eventsFor(5);
    const delivered = scheduleDelivery(events, { seed: 9, shuffleWindow: 10 }).deliveries.map((d) => d.event.trueOrder);
    expect(delivered).not.toEqual(events.map((e) => e.trueOrder));
  });

  it('given the same seed and options, when scheduled twice, then the schedules are equal; another seed gives another order', () => {
    const events = eventsFor(8);
    const options: DeliveryOptions = { seed: 77, shuffleWindow: 12, duplicateFraction: 0.2 };
    const order = (o: DeliveryOptions) =>
      scheduleDelivery(events, o).deliveries.map((d) => [d.event.trueOrder, d.duplicate]);
    expect(order(options)).toEqual(order(options));
    expect(order({ ...options, seed: 78 })).not.toEqual(order(options));
  });

  it("given a batch, when its entries are taken, then they are the events' entries in order", () => {
    const schedule = scheduleDelivery(eventsFor(2), { seed: 1, duplicateFraction: 0.5 });
    const batch = schedule.batches[0]!;
    expect(entriesOf(batch)).toEqual(batch.map((d) => d.event.entry));
  });

  it('given bad options, when scheduled, then it throws a RangeError', () => {
    const events = eventsFor(1);
    expect(() => scheduleDelivery(events, { seed: 1, batchSize: 11 })).toThrow(RangeError);
    expect(() => scheduleDelivery(events, { seed: 1, batchSize: 0 })).toThrow(RangeError);
    expect(() => scheduleDelivery(events, { seed: 1, duplicateFraction: 1.5 })).toThrow(RangeError);
    expect(() => scheduleDelivery(events, { seed: 1, shuffleWindow: -1 })).toThrow(RangeError);
    expect(() => scheduleDelivery(events, { seed: 1, loss: { stream: 2 } })).toThrow(RangeError);
    expect(() => scheduleDelivery(events, { seed: 1, lateFraction: -0.1 })).toThrow(RangeError);
  });

  it('given loss fractions by kind, when scheduled, then exactly round(fraction * n) of each kind never arrive and every other event does', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ simulationSeed, channels, options }, stream, recording) => {
          const events = eventsFor(simulationSeed, channels);
          const schedule = scheduleDelivery(events, { ...options, loss: { stream, recording } });
          const ofKind = (list: readonly SimulatedEvent[], kind: string) =>
            list.filter((e) => e.detailType === kind).length;
          const streams = ofKind(events, 'IVS Stream State Change');
          const recordings = ofKind(events, 'IVS Recording State Change');
          expect(ofKind(schedule.lost, 'IVS Stream State Change')).toBe(Math.round(stream * streams));
          expect(ofKind(schedule.lost, 'IVS Recording State Change')).toBe(Math.round(recording * recordings));
          const delivered = countsOf(schedule.deliveries.map((d) => d.event));
          const lost = new Set(schedule.lost.map((e) => e.trueOrder));
          expect(events.every((e) => lost.has(e.trueOrder) !== delivered.has(e.trueOrder))).toBe(true);
          expect(schedule.eventCount).toBe(events.length - schedule.lost.length);
        },
      ),
    );
  });

  it('given a late fraction, when scheduled, then exactly that many events (their copies too) come after every other delivery, in their own order', () => {
    const events = eventsFor(5, 4, 4);
    const options = { seed: 9, shuffleWindow: 5, duplicateFraction: 0.2 };
    const schedule = scheduleDelivery(events, { ...options, lateFraction: 0.1 });
    const onTime = scheduleDelivery(events, options);
    const late = new Set(schedule.late);
    expect(late.size).toBe(Math.round(0.1 * events.length));
    const tailStart = schedule.deliveries.length - onTime.deliveries.filter((d) => late.has(d.event)).length;
    const key = (d: { event: SimulatedEvent; duplicate: boolean }) => [d.event.trueOrder, d.duplicate];
    expect(schedule.deliveries.slice(tailStart).map(key)).toEqual(
      onTime.deliveries.filter((d) => late.has(d.event)).map(key),
    );
    expect(schedule.deliveries.slice(0, tailStart).map(key)).toEqual(
      onTime.deliveries.filter((d) => !late.has(d.event)).map(key),
    );
  });

  it('given no loss and no lateness, when scheduled, then the schedule is the one without those options', () => {
    const events = eventsFor(3);
    const options = { seed: 4, shuffleWindow: 7, duplicateFraction: 0.3 };
    const order = (o: DeliveryOptions) =>
      scheduleDelivery(events, o).deliveries.map((d) => [d.event.trueOrder, d.duplicate]);
    expect(order({ ...options, loss: { stream: 0, recording: 0 }, lateFraction: 0 })).toEqual(order(options));
  });
});
