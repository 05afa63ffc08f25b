import { describe, expect, it } from 'vitest';
import type { EventLogger } from '../event-processing/observability';
import { RetryableError } from '../recording-engine/errors';
import { RecordCache } from '../records-store/record-cache';
import { InMemoryRecordsStore } from '../records-store/in-memory-records-store';
import type { WriteResult } from '../records-store/records-store';
import { lifecycleEventId } from './event-id';
import indexedJson from './fixtures/indexed-recording.json';
import type { LifecycleEntry } from './lifecycle-events';
import type { RecordingState } from '../recording-engine/records';
import {
  oneSettlePerRecording,
  publishBeforeTombstone,
  announceRecordingDeleted,
  settleLifecycleEvents,
} from './lifecycle-outbox';

const quiet: EventLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const indexed = (): RecordingState => structuredClone(indexedJson) as RecordingState;

/** The in-memory store, counting the requests the outbox sends. */
class CountingStore extends InMemoryRecordsStore {
  loads = 0;
  updates = 0;
  /** Called before an update is applied: a concurrent writer's moment. */
  beforeUpdate?: () => void;

  override async loadRecording(id: string, streamSessionId: string) {
    this.loads++;
    return super.loadRecording(id, streamSessionId);
  }

  override async updateRecording(state: RecordingState, version: number): Promise<WriteResult> {
    this.updates++;
    this.beforeUpdate?.();
    return super.updateRecording(state, version);
  }
}

const given = (state: RecordingState = indexed()) => {
  const store = new CountingStore();
  store.recordings.set(state.id, { state, version: 3 });
  const sent: LifecycleEntry[][] = [];
  let failNext = 0;
  const publish = async (entries: readonly LifecycleEntry[]) => {
    if (failNext > 0) {
      failNext--;
      throw new RetryableError('unavailable', 'PutEvents failed');
    }
    sent.push([...entries]);
  };
  return {
    store,
    sent,
    failPublishes: (n: number) => {
      failNext = n;
    },
    deps: { store, publish, logger: quiet },
    key: { id: state.id, streamSessionId: state.streamSessionId },
  };
};

const stored = (store: InMemoryRecordsStore, id: string) => store.recordings.get(id)!;

describe('given a recording that owes an event', () => {
  it('when settled then the event is published once and marked sent with one conditional write', async () => {
    const { store, sent, deps, key } = given();
    expect(await settleLifecycleEvents(key, deps)).toEqual(['READY']);
    expect(sent.map((batch) => batch.map((e) => e.detail.eventId))).toEqual([[lifecycleEventId(key.id, 'READY')]]);
    expect(stored(store, key.id)).toMatchObject({ version: 4, state: { lifecycleEventsSent: ['READY'] } });
    expect({ loads: store.loads, updates: store.updates }).toEqual({ loads: 1, updates: 1 });
  });

  it('when settled again (a duplicate event) then nothing is published or written', async () => {
    const { store, sent, deps, key } = given();
    await settleLifecycleEvents(key, deps);
    expect(await settleLifecycleEvents(key, deps)).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(store.updates).toBe(1);
  });

  it('when the container remembers the record then a duplicate costs no request at all', async () => {
    const { store, deps, key } = given();
    const records = new RecordCache();
    await settleLifecycleEvents(key, { ...deps, records });
    const before = { loads: store.loads, updates: store.updates };
    expect(await settleLifecycleEvents(key, { ...deps, records })).toEqual([]);
    expect({ loads: store.loads, updates: store.updates }).toEqual(before);
  });

  it('when the publish fails then it throws, nothing is marked, and the redelivery publishes the same id', async () => {
    const { store, sent, deps, key, failPublishes } = given();
    failPublishes(1);
    await expect(settleLifecycleEvents(key, deps)).rejects.toBeInstanceOf(RetryableError);
    expect(stored(store, key.id).state.lifecycleEventsSent).toBeNull();
    expect(store.updates).toBe(0);
    await settleLifecycleEvents(key, deps);
    expect(sent.flat().map((e) => e.detail.eventId)).toEqual([lifecycleEventId(key.id, 'READY')]);
    expect(stored(store, key.id).state.lifecycleEventsSent).toEqual(['READY']);
  });

  it('when the marker write conflicts then it re-reads and marks without publishing again', async () => {
    const { store, sent, deps, key } = given();
    store.beforeUpdate = () => {
      store.beforeUpdate = undefined;
      // Another writer (say, a late event filling a field) moves the version on.
      const current = stored(store, key.id);
      store.recordings.set(key.id, { state: { ...current.state, recordingDurationMs: 4200 }, version: 4 });
    };
    expect(await settleLifecycleEvents(key, deps)).toEqual(['READY']);
    expect(sent).toHaveLength(1);
    expect(stored(store, key.id)).toMatchObject({
      version: 5,
      state: { lifecycleEventsSent: ['READY'], recordingDurationMs: 4200 },
    });
  });

  it('when the recording does not exist then nothing is published and nothing thrown', async () => {
    const { sent, deps } = given();
    expect(await settleLifecycleEvents({ id: 'missing', streamSessionId: 'st-x' }, deps)).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('when a recording is deleted before its READY was sent then retention publishes only Recording Deleted', async () => {
    const tombstone = {
      ...indexed(),
      deletionRequestedAt: '2026-12-30T03:00:00.000Z',
      deletedAt: '2026-12-30T03:00:00.000Z',
    };
    const { sent, deps } = given();
    const markAnnounced = await announceRecordingDeleted(deps.publish)(tombstone);
    expect(sent.flat().map((e) => e.detailType)).toEqual(['Recording Deleted']);
    expect(markAnnounced(tombstone).lifecycleEventsSent).toEqual(['DELETED']);
  });
});

describe('given two events of one recording settled at once in one container', () => {
  it('when settled one at a time per recording then the event is published once', async () => {
    const { sent, deps, key } = given();
    const records = new RecordCache();
    const serialized = oneSettlePerRecording();
    const settle = () => serialized(key.id, () => settleLifecycleEvents(key, { ...deps, records }));
    const results = await Promise.all([settle(), settle()]);
    expect(results.flat()).toEqual(['READY']);
    expect(sent).toHaveLength(1);
  });

  it('when settled without it then both may publish the same id (what consumers dedupe)', async () => {
    const { sent, deps, key } = given();
    const records = new RecordCache();
    await Promise.all([
      settleLifecycleEvents(key, { ...deps, records }),
      settleLifecycleEvents(key, { ...deps, records }),
    ]);
    expect(sent.flat().map((e) => e.detail.eventId)).toEqual([
      lifecycleEventId(key.id, 'READY'),
      lifecycleEventId(key.id, 'READY'),
    ]);
  });
});

describe('given a recording whose deletion began (frozen: only retention writes it)', () => {
  it('when a late event settles it then nothing is published and nothing written', async () => {
    const deleting = { ...indexed(), deletionRequestedAt: '2026-12-30T03:00:00.000Z' };
    const { store, sent, deps, key } = given(deleting);
    expect(await settleLifecycleEvents(key, deps)).toEqual([]);
    const tombstone = { ...deleting, deletedAt: '2026-12-30T03:00:01.000Z' };
    store.recordings.set(key.id, { state: tombstone, version: 4 });
    expect(await settleLifecycleEvents(key, deps)).toEqual([]);
    expect(sent).toEqual([]);
    expect(store.updates).toBe(0);
  });
});

describe('given retention tombstoned a recording without marking Recording Deleted', () => {
  it('when it is settled (a late event) then nothing is published or written: only retention announces a deletion', async () => {
    const tombstone = { ...indexed(), lifecycleEventsSent: ['READY' as const], deletedAt: '2026-12-30T03:00:00.000Z' };
    const { store, sent, deps, key } = given(tombstone);
    expect(await settleLifecycleEvents(key, deps)).toEqual([]);
    expect(sent).toEqual([]);
    expect(stored(store, key.id).state.lifecycleEventsSent).toEqual(['READY']);
  });
});

describe('given retention about to write a tombstone', () => {
  const DELETED_AT = '2026-12-30T03:00:00.000Z';
  const tombstoneOf = (state: RecordingState): RecordingState => ({ ...state, deletedAt: DELETED_AT });

  it('when Recording Deleted is published first then the tombstone write carries the marker (no second write)', async () => {
    const { store, sent, deps, key } = given({ ...indexed(), lifecycleEventsSent: ['READY'] });
    const current = stored(store, key.id);
    const markSent = await publishBeforeTombstone(deps.publish, tombstoneOf(current.state));
    expect(await store.updateRecording(markSent(tombstoneOf(current.state)), current.version)).toBe('written');
    expect(sent.flat().map((e) => [e.detailType, e.detail.eventId])).toEqual([
      ['Recording Deleted', lifecycleEventId(key.id, 'DELETED')],
    ]);
    expect(stored(store, key.id).state).toMatchObject({
      deletedAt: DELETED_AT,
      lifecycleEventsSent: ['READY', 'DELETED'],
    });
    // Settled later (a late event): nothing more.
    expect(await settleLifecycleEvents(key, deps)).toEqual([]);
  });

  it('when the publish fails then nothing is written, and the retry publishes the same id', async () => {
    const { store, sent, deps, key, failPublishes } = given();
    failPublishes(1);
    const current = stored(store, key.id);
    await expect(publishBeforeTombstone(deps.publish, tombstoneOf(current.state))).rejects.toBeInstanceOf(
      RetryableError,
    );
    expect(stored(store, key.id).state.deletedAt).toBeNull();
    const markSent = await publishBeforeTombstone(deps.publish, tombstoneOf(current.state));
    await store.updateRecording(markSent(tombstoneOf(current.state)), current.version);
    expect(sent.flat().map((e) => e.detail.eventId)).toEqual([lifecycleEventId(key.id, 'DELETED')]);
    expect(stored(store, key.id).state.lifecycleEventsSent).toEqual(['DELETED']);
  });
});
