/**
 * The records the engine decides, field for field the Recording and StreamSession
 * models of amplify/data/resource.ts, so the I/O layer writes them as they are.
 * The store adds `version` (optimistic concurrency); it is not part of a decision.
 */

export type RecordingStatus = 'STARTED' | 'COMPLETED' | 'FAILED';

export type RecordingState = {
  id: string;
  profileId: string;
  owner: string | null;
  streamSessionId: string;
  channelArn: string;
  recordingSessionId: string;
  recordingStatus: RecordingStatus;
  recordingStatusReason: string | null;
  s3BucketName: string | null;
  s3KeyPrefix: string | null;
  recordingDurationMs: number | null;
  streamIds: string[];
  startTime: string | null;
  endTime: string | null;
} & RecordingMediaFields &
  RecordingLifecycleFields;

/** A lifecycle notification the backend publishes once per recording (src/lifecycle-events). */
export type RecordingLifecycleEvent = 'READY' | 'FAILED' | 'DELETED';

/**
 * Retention and notification state. The engine never sets these: its join keeps the current
 * record's values (retention and lifecycle publishing write them).
 */
export type RecordingLifecycleFields = {
  /** When retention deletes the recording; null: kept forever, or not final yet. */
  expiresAt: string | null;
  /** Deletion began: objects under the prefix may be partly gone. The record is frozen. */
  deletionRequestedAt: string | null;
  /** The tombstone: every object under the prefix is gone; the row stays so late events cannot recreate it. */
  deletedAt: string | null;
  /** The lifecycle notifications already published (an outbox marker). */
  lifecycleEventsSent: RecordingLifecycleEvent[] | null;
};

/** A recording retention and lifecycle publishing have not touched. */
export const NO_LIFECYCLE: Readonly<RecordingLifecycleFields> = Object.freeze({
  expiresAt: null,
  deletionRequestedAt: null,
  deletedAt: null,
  lifecycleEventsSent: null,
});

export const RECORDING_LIFECYCLE_FIELDS = [
  'expiresAt',
  'deletionRequestedAt',
  'deletedAt',
  'lifecycleEventsSent',
] as const satisfies readonly (keyof RecordingLifecycleFields)[];

/** One rendition of a recording's HLS media: every path and key a full S3 key. */
export type RecordingRendition = {
  path: string;
  playlistKey: string;
  byteRangePlaylistKey: string | null;
  width: number | null;
  height: number | null;
};

/**
 * What the recording's end file (`events/recording-ended.json` or `recording-failed.json`)
 * says about its media, as full S3 keys; all null until the file is indexed
 * (src/recording-media: the parser and the merge rule).
 */
export type RecordingMediaFields = {
  recordingStatusMessage: string | null;
  masterPlaylistKey: string | null;
  byteRangePlaylistKey: string | null;
  renditions: RecordingRendition[] | null;
  thumbnailsPath: string | null;
  latestThumbnailKey: string | null;
  mediaDurationMs: number | null;
  mediaIndexedAt: string | null;
};

/** A recording whose end file has not been indexed. */
export const NO_MEDIA: Readonly<RecordingMediaFields> = Object.freeze({
  recordingStatusMessage: null,
  masterPlaylistKey: null,
  byteRangePlaylistKey: null,
  renditions: null,
  thumbnailsPath: null,
  latestThumbnailKey: null,
  mediaDurationMs: null,
  mediaIndexedAt: null,
});

export const RECORDING_MEDIA_FIELDS = [
  'recordingStatusMessage',
  'masterPlaylistKey',
  'byteRangePlaylistKey',
  'renditions',
  'thumbnailsPath',
  'latestThumbnailKey',
  'mediaDurationMs',
  'mediaIndexedAt',
] as const satisfies readonly (keyof RecordingMediaFields)[];

/** The fields of a rendition, as a GraphQL selection and a model selection set name them. */
export const RENDITION_FIELDS = [
  'path',
  'playlistKey',
  'byteRangePlaylistKey',
  'width',
  'height',
] as const satisfies readonly (keyof RecordingRendition)[];

export type StreamSessionStatus = 'LIVE' | 'ENDED' | 'FAILED';

export type StreamSessionState = {
  /** = the IVS stream id. */
  id: string;
  profileId: string;
  owner: string | null;
  channelArn: string;
  streamId: string;
  status: StreamSessionStatus;
  statusReason: string | null;
  startTime: string | null;
  endTime: string | null;
  viewerCount: number | null;
  /** Milliseconds: endTime - startTime when both are known. */
  duration: number | null;
};

/** Who a record belongs to: resolved by the caller from the Profile of the channel. */
export type RecordOwner = { readonly profileId: string; readonly owner: string | null };

export const RECORDING_FIELDS = [
  'id',
  'profileId',
  'owner',
  'streamSessionId',
  'channelArn',
  'recordingSessionId',
  'recordingStatus',
  'recordingStatusReason',
  's3BucketName',
  's3KeyPrefix',
  'recordingDurationMs',
  'streamIds',
  'startTime',
  'endTime',
  ...RECORDING_MEDIA_FIELDS,
  ...RECORDING_LIFECYCLE_FIELDS,
] as const satisfies readonly (keyof RecordingState)[];

export const STREAM_SESSION_FIELDS = [
  'id',
  'profileId',
  'owner',
  'channelArn',
  'streamId',
  'status',
  'statusReason',
  'startTime',
  'endTime',
  'viewerCount',
  'duration',
] as const satisfies readonly (keyof StreamSessionState)[];
