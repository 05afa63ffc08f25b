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
};

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
