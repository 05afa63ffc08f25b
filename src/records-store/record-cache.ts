import type { RecordingState, StreamSessionState } from '../recording-engine/records';
import { LruMap } from './lru-map';
import type { OptimisticRecord } from './optimistic-write';
import type { RecordsStore, Versioned } from './records-store';

/**
 * How many records (Recordings and StreamSessions together) a warm container remembers.
 * A broadcast touches one session and one recording per few minutes, so 1 000 covers
 * hundreds of live channels per container; an entry is a few hundred bytes.
 */
export const RECORD_CACHE_SIZE = 1000;

export type RecordModel = 'Recording' | 'StreamSession';

type StateOf<M extends RecordModel> = M extends 'Recording' ? RecordingState : StreamSessionState;

/**
 * The version and state this container last read or wrote for each record, bounded
 * (least recently used goes first). A hint, never the truth: every write stays
 * conditioned on a version or on the record not existing, so a stale entry costs a
 * conflict and a read, never a lost update (see `rememberedRecord`).
 */
export class RecordCache {
  private readonly entries: LruMap<string, Versioned<RecordingState> | Versioned<StreamSessionState>>;

  constructor(maxEntries: number = RECORD_CACHE_SIZE) {
    this.entries = new LruMap(maxEntries);
  }

  get<M extends RecordModel>(model: M, id: string): Versioned<StateOf<M>> | undefined {
    const entry = this.entries.get(`${model}#${id}`) as Versioned<StateOf<M>> | undefined;
    return entry ? structuredClone(entry) : undefined;
  }

  set<M extends RecordModel>(model: M, id: string, entry: Versioned<StateOf<M>>): void {
    this.entries.set(`${model}#${id}`, structuredClone(entry) as Versioned<RecordingState>);
  }

  forget(model: RecordModel, id: string): void {
    this.entries.delete(`${model}#${id}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get maxEntries(): number {
    return this.entries.maxEntries;
  }
}

/**
 * `record` with the container's memory in front of its first load:
 * - a remembered record is returned without a request, so the write goes out
 *   conditioned on the remembered version;
 * - an unknown one is read, unless `createFirst` (the event usually starts the record):
 *   then it is taken as absent, so a conditional create goes out first.
 * After a conflict the loop's next load (attempt 2 on) always reads. Every read and every
 * successful write is remembered; a request that throws forgets the record.
 * Without a cache it is `record` itself.
 */
export const rememberedRecord = <M extends RecordModel>(
  cache: RecordCache | undefined,
  model: M,
  id: string,
  record: OptimisticRecord<StateOf<M>>,
  options: { createFirst: boolean },
): OptimisticRecord<StateOf<M>> => {
  if (!cache) return record;
  const forgetOnFailure = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      cache.forget(model, id);
      throw error;
    }
  };
  return {
    load: async (attempt) => {
      if (attempt === 1) {
        const known = cache.get(model, id);
        if (known) return known;
        if (options.createFirst) return null;
      }
      const read = await forgetOnFailure(() => record.load(attempt));
      if (read) cache.set(model, id, read);
      else cache.forget(model, id);
      return read;
    },
    create: async (state) => {
      const result = await forgetOnFailure(() => record.create(state));
      if (result === 'written') cache.set(model, id, { state, version: 1 });
      return result;
    },
    update: async (state, version) => {
      const result = await forgetOnFailure(() => record.update(state, version));
      if (result === 'written') cache.set(model, id, { state, version: version + 1 });
      return result;
    },
  };
};

/**
 * A Recording that exists, to update through the container's memory: loaded with its first
 * stream's session (one request), never created (the caller's decide refuses a missing one).
 */
export const rememberedExistingRecording = (
  cache: RecordCache | undefined,
  store: Pick<RecordsStore, 'loadRecording' | 'updateRecording'>,
  recording: Pick<RecordingState, 'id' | 'streamSessionId'>,
): OptimisticRecord<RecordingState> =>
  rememberedRecord(
    cache,
    'Recording',
    recording.id,
    {
      load: async () => (await store.loadRecording(recording.id, recording.streamSessionId)).recording,
      create: () => Promise.resolve('conflict'),
      update: (state, version) => store.updateRecording(state, version),
    },
    { createFirst: false },
  );
