// The outbox under any interleaving: one recording's transitions written by two containers
// (each with its own memory, version-conditioned writes, the marker kept as the engine's join
// keeps it), settled by either (one settle at a time per recording in a container), with
// publishes that fail and settles racing each other; then one settle by a cold container,
// as a redelivery or reconciliation would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventLogger } from '../event-processing/observability';
import type { RecordingLifecycleEvent, RecordingState } from '../recording-engine/records';
import { RetryableError } from '../recording-engine/errors';
import { InMemoryRecordsStore } from '../records-store/in-memory-records-store';
import { optimisticWrite } from '../records-store/optimistic-write';
import { RecordCache, rememberedRecord } from '../records-store/record-cache';
import { isSameRecording } from '../recording-engine/state-diff';
import { lifecycleEventId } from './event-id';
import indexedJson from './fixtures/indexed-recording.json';
import { type LifecycleEntry, owedLifecycleEvents } from './lifecycle-events';
import { announceRecordingDeleted, oneSettlePerRecording, settleLifecycleEvents } from './lifecycle-outbox';

const quiet: EventLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const START: RecordingState = {
  ...(structuredClone(indexedJson) as RecordingState),
  recordingStatus: 'STARTED',
  mediaIndexedAt: null,
};
const ID = START.id;

type Op =
  | { kind: 'transition'; to: 'complete' | 'index' | 'fail' | 'delete'; container: 0 | 1 }
  | { kind: 'settle'; container: 0 | 1; publishFails: boolean }
  | { kind: 'race' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('transition' as const),
    to: fc.constantFrom('complete', 'index', 'fail', 'delete'),
    container: fc.constantFrom(0, 1),
  }),
  fc.record({ kind: fc.constant('settle' as const), container: fc.constantFrom(0, 1), publishFails: fc.boolean() }),
  fc.constant({ kind: 'race' as const }),
);

/** What the engine writes for a transition; the lifecycle fields are the current ones (its join keeps them). */
const transitioned = (current: RecordingState, to: 'complete' | 'index' | 'fail' | 'delete'): RecordingState => {
  if (current.deletedAt !== null) return current;
  switch (to) {
    case 'complete':
      return current.recordingStatus === 'STARTED' ? { ...current, recordingStatus: 'COMPLETED' } : current;
    case 'index':
      return { ...current, mediaIndexedAt: current.mediaIndexedAt ?? '2026-11-23T20:12:09.000Z' };
    case 'fail':
      return { ...current, recordingStatus: 'FAILED' };
    case 'delete':
      return { ...current, deletedAt: '2026-12-30T03:00:00.000Z' };
  }
};

const run = async (ops: Op[]) => {
  const store = new InMemoryRecordsStore();
  store.recordings.set(ID, { state: START, version: 1 });
  const published: LifecycleEntry[] = [];
  /** Every transition any stored state was due, at the time it was stored. */
  const everDue = new Set<RecordingLifecycleEvent>();
  let failNext = false;
  const publish = async (entries: readonly LifecycleEntry[]) => {
    if (failNext) {
      failNext = false;
      throw new RetryableError('unavailable', 'PutEvents failed');
    }
    published.push(...entries);
  };
  // Containers 0 and 1 are warm; 2 is a cold one.
  const containers = [0, 1, 2].map(() => ({ records: new RecordCache(), serialized: oneSettlePerRecording() }));
  const settle = (container: 0 | 1 | 2) => {
    const { records, serialized } = containers[container]!;
    return serialized(ID, () =>
      settleLifecycleEvents(
        { id: ID, streamSessionId: START.streamSessionId },
        { store, publish, logger: quiet, records },
      ),
    );
  };
  for (const op of ops) {
    switch (op.kind) {
      case 'transition': {
        // As the engine writes: through the container's memory, conditioned on the version.
        const record = rememberedRecord(
          containers[op.container]!.records,
          'Recording',
          ID,
          {
            load: async () => store.recordings.get(ID) ?? null,
            create: () => Promise.resolve('conflict'),
            update: (state, version) => store.updateRecording(state, version),
          },
          { createFirst: false },
        );
        // As retention deletes: Recording Deleted published first, marked in the tombstone write.
        const before = store.recordings.get(ID)!.state;
        const markAnnounced =
          op.to === 'delete' && before.deletedAt === null
            ? await announceRecordingDeleted(publish)(transitioned(before, 'delete'))
            : (state: RecordingState) => state;
        const result = await optimisticWrite<RecordingState>(record, {
          decide: (current) => markAnnounced(transitioned(current!, op.to)),
          isSame: isSameRecording,
          maxAttempts: 8,
          describe: ID,
        });
        const next = result.kind === 'unchanged' ? result.current : result.next;
        for (const due of owedLifecycleEvents({ ...next, lifecycleEventsSent: null })) everDue.add(due);
        break;
      }
      case 'settle':
        failNext = op.publishFails;
        await settle(op.container).catch((error: unknown) => {
          if (!(error instanceof RetryableError)) throw error;
        });
        failNext = false;
        break;
      case 'race':
        await Promise.all([settle(0), settle(1)]);
        break;
    }
  }
  const sentBeforeFinal = structuredClone(store.recordings.get(ID)!.state.lifecycleEventsSent ?? []);
  const publishedBeforeFinal = new Set(published.map((e) => e.transition));
  // A cold container settles last, as a redelivery would (a frozen record: nothing to do).
  await settle(2);
  return { store, published, everDue, sentBeforeFinal, publishedBeforeFinal };
};

describe('given any interleaving of transitions, settles, failed publishes and racing containers', () => {
  it('then the marker never names an event that was not published, and once settled nothing is owed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 14 }), async (ops) => {
        const { store, published, everDue, sentBeforeFinal, publishedBeforeFinal } = await run(ops);
        const final = store.recordings.get(ID)!.state;
        // Never marked without being published first (the outbox's safety).
        for (const sent of sentBeforeFinal) expect(publishedBeforeFinal.has(sent)).toBe(true);
        // Settled: nothing owed, and what is marked was published.
        expect(owedLifecycleEvents(final)).toEqual([]);
        for (const sent of final.lifecycleEventsSent ?? [])
          expect(published.some((e) => e.transition === sent)).toBe(true);
        // Every copy of a transition carries its one id; only transitions some state was due.
        for (const entry of published) {
          expect(entry.detail.eventId).toBe(lifecycleEventId(ID, entry.transition));
          expect(everDue.has(entry.transition)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when one container writes and settles each transition and no publish fails then each is published exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('complete', 'index', 'fail', 'delete'), { maxLength: 8 }),
        async (transitions) => {
          const ops: Op[] = transitions.flatMap((to): Op[] => [
            { kind: 'transition', to, container: 0 },
            { kind: 'settle', container: 0, publishFails: false },
          ]);
          const { published } = await run(ops);
          const counts = new Map<string, number>();
          for (const e of published) counts.set(e.transition, (counts.get(e.transition) ?? 0) + 1);
          expect([...counts.values()].every((n) => n === 1)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
