import type { ParkedEvent } from '../parked-events/parked-event';
import type { RecordingState, StreamSessionState } from '../recording-engine/records';

/** A stored record with the version its next write is conditioned on. */
export type Versioned<T> = { state: T; version: number };

export type ProfileRef = {
  id: string;
  owner: string | null;
  channelArn: string;
  channelName: string | null;
  /** Days its recordings are kept; null: the backend's default. */
  retentionDays: number | null;
};

export type WriteResult = 'written' | 'conflict';

/**
 * The data operations the event processing needs. Each method is one data API
 * request; a transient failure throws a RetryableError.
 */
export interface RecordsStore {
  /** The profile of a channel, by key: its id is derived from the channel ARN (one get). */
  findProfileByChannelArn(channelArn: string): Promise<ProfileRef | null>;
  /**
   * The recording and the channel of its first stream's session (null when that session
   * does not exist), in one request: the steady state needs no other read.
   */
  loadRecording(
    recordingId: string,
    streamSessionId: string,
  ): Promise<{ recording: Versioned<RecordingState> | null; streamSessionChannelArn: string | null }>;
  /** Creates the recording at version 1 unless one with its id exists ('conflict'). */
  createRecording(state: RecordingState): Promise<WriteResult>;
  /** Writes the recording at version + 1 if it is still at `version` ('conflict' otherwise). */
  updateRecording(state: RecordingState, version: number): Promise<WriteResult>;
  /** One recording by id (one get), or null. */
  getRecording(recordingId: string): Promise<Versioned<RecordingState> | null>;
  /**
   * The recordings retention must delete by `now` (ISO): the `expiryQueue` index (present
   * while `expiresAt` is set and `deletedAt` is not), `expiresAt <= now`, oldest first, paged,
   * at most `limit`. A query, never a scan.
   */
  expiredRecordings(now: string, limit: number): Promise<Versioned<RecordingState>[]>;
  /**
   * The recordings with this S3 key prefix, through its index (normally one: IVS makes a
   * prefix per recording), every page. The end file names no recording session id.
   */
  findRecordingsByS3KeyPrefix(s3KeyPrefix: string): Promise<Versioned<RecordingState>[]>;
  loadStreamSession(streamSessionId: string): Promise<Versioned<StreamSessionState> | null>;
  createStreamSession(state: StreamSessionState): Promise<WriteResult>;
  updateStreamSession(state: StreamSessionState, version: number): Promise<WriteResult>;
  /** Parks an event of a channel with no profile, unless one with its id is parked ('conflict'). */
  parkEvent(parked: ParkedEvent): Promise<WriteResult>;
  /** A channel's parked events, oldest first (its index: a query, paged), at most `limit`. */
  parkedEventsOfChannel(channelArn: string, limit: number): Promise<ParkedEvent[]>;
  /** Every channel's parked events, oldest first (the PARKED partition: a query, paged), at most `limit`. */
  parkedEvents(limit: number): Promise<ParkedEvent[]>;
  /** Deletes a parked event; one already gone is no error (another run deleted it). */
  deleteParkedEvent(id: string): Promise<void>;
}
