import type { ParkedEvent } from '../parked-events/parked-event';
import type { RecordingState, StreamSessionState } from '../recording-engine/records';
import { profileIdFor } from '../recording-engine/channel-arn';
import { EXPIRY_QUEUE, recordingIndexKeys } from './recording-index-keys';
import type { ProfileRef, RecordsStore, Versioned, WriteResult } from './records-store';

/** retentionDays may be left out (the backend's default), as a Profile created without it. */
export type StoredProfile = Omit<ProfileRef, 'retentionDays'> & { retentionDays?: number | null; createdAt: string };

/** A profile as create-profile makes it: its id derived from the channel ARN. */
export const storedProfileOf = (profile: Omit<StoredProfile, 'id'>): StoredProfile => ({
  id: profileIdFor(profile.channelArn),
  ...profile,
});

/**
 * The records store in memory, with the Amplify store's semantics (the same contract
 * suite runs against both): creates refuse an existing id, updates refuse a version
 * that moved on or a record that does not exist, reads return copies.
 */
export class InMemoryRecordsStore implements RecordsStore {
  readonly profiles = new Map<string, StoredProfile>();
  readonly recordings = new Map<string, Versioned<RecordingState>>();
  readonly streamSessions = new Map<string, Versioned<StreamSessionState>>();
  readonly parked = new Map<string, ParkedEvent>();

  addProfile(profile: StoredProfile): void {
    this.profiles.set(profile.id, structuredClone(profile));
  }

  async findProfileByChannelArn(channelArn: string): Promise<ProfileRef | null> {
    const found = this.profiles.get(profileIdFor(channelArn));
    return found
      ? {
          id: found.id,
          owner: found.owner,
          channelArn: found.channelArn,
          channelName: found.channelName,
          retentionDays: found.retentionDays ?? null,
        }
      : null;
  }

  async loadRecording(recordingId: string, streamSessionId: string) {
    return {
      recording: copy(this.recordings.get(recordingId)),
      streamSessionChannelArn: this.streamSessions.get(streamSessionId)?.state.channelArn ?? null,
    };
  }

  async createRecording(state: RecordingState): Promise<WriteResult> {
    return create(this.recordings, state);
  }

  async updateRecording(state: RecordingState, version: number): Promise<WriteResult> {
    return update(this.recordings, state, version);
  }

  async getRecording(recordingId: string): Promise<Versioned<RecordingState> | null> {
    return copy(this.recordings.get(recordingId));
  }

  async expiredRecordings(now: string, limit: number): Promise<Versioned<RecordingState>[]> {
    // As the sparse index holds them (the store's derived key), sorted by expiresAt (ISO text).
    return [...this.recordings.values()]
      .filter(
        ({ state }) =>
          recordingIndexKeys(state).expiryQueue === EXPIRY_QUEUE && state.expiresAt !== null && state.expiresAt <= now,
      )
      .sort((a, b) => ((a.state.expiresAt ?? '') < (b.state.expiresAt ?? '') ? -1 : 1))
      .slice(0, limit)
      .map((r) => structuredClone(r));
  }

  async findRecordingsByS3KeyPrefix(s3KeyPrefix: string): Promise<Versioned<RecordingState>[]> {
    return [...this.recordings.values()]
      .filter((r) => r.state.s3KeyPrefix === s3KeyPrefix)
      .map((r) => structuredClone(r));
  }

  async loadStreamSession(streamSessionId: string): Promise<Versioned<StreamSessionState> | null> {
    return copy(this.streamSessions.get(streamSessionId));
  }

  async createStreamSession(state: StreamSessionState): Promise<WriteResult> {
    return create(this.streamSessions, state);
  }

  async updateStreamSession(state: StreamSessionState, version: number): Promise<WriteResult> {
    return update(this.streamSessions, state, version);
  }

  async parkEvent(parked: ParkedEvent): Promise<WriteResult> {
    if (this.parked.has(parked.id)) return 'conflict';
    this.parked.set(parked.id, structuredClone(parked));
    return 'written';
  }

  async parkedEventsOfChannel(channelArn: string, limit: number): Promise<ParkedEvent[]> {
    return this.parkedOldestFirst()
      .filter((p) => p.channelArn === channelArn)
      .slice(0, limit);
  }

  async parkedEvents(limit: number): Promise<ParkedEvent[]> {
    return this.parkedOldestFirst().slice(0, limit);
  }

  async deleteParkedEvent(id: string): Promise<void> {
    this.parked.delete(id);
  }

  private parkedOldestFirst(): ParkedEvent[] {
    // As the index sorts: by parkedAt (ISO text), ties in no particular order.
    return [...this.parked.values()]
      .sort((a, b) => (a.parkedAt < b.parkedAt ? -1 : a.parkedAt > b.parkedAt ? 1 : 0))
      .map((p) => structuredClone(p));
  }
}

const copy = <T>(value: Versioned<T> | undefined): Versioned<T> | null => (value ? structuredClone(value) : null);

const create = <T extends { id: string }>(table: Map<string, Versioned<T>>, state: T): WriteResult => {
  if (table.has(state.id)) return 'conflict';
  table.set(state.id, { state: structuredClone(state), version: 1 });
  return 'written';
};

const update = <T extends { id: string }>(table: Map<string, Versioned<T>>, state: T, version: number): WriteResult => {
  if (table.get(state.id)?.version !== version) return 'conflict';
  table.set(state.id, { state: structuredClone(state), version: version + 1 });
  return 'written';
};
