/**
 * What reconciliation learned, as the IVS events that were lost. Pure.
 *
 * A finding becomes an EventBridge event of the same shape IVS sends, so it goes
 * through the same parser, engine and conditional writes as a live delivery
 * (processEvent): applying it twice, or racing the live handler, is safe.
 */
import type { EventEnvelope } from '../eventbridge/envelope';
import { parseChannelArn } from '../recording-engine/channel-arn';
import { RECORDING_STATE_CHANGE, STREAM_STATE_CHANGE } from '../recording-engine/ivs-event';
import type { RecordingState, StreamSessionState } from '../recording-engine/records';
import type { RecordingEndMetadata } from '../recording-media/end-file';

/** The source of the events reconciliation derives (never matched by a rule: applied directly). */
export const RECONCILIATION_SOURCE = 'custom.ivs.reconciliation';

export type DerivedEvent = EventEnvelope;

const envelope = (
  channelArn: string,
  id: string,
  detailType: string,
  time: string,
  detail: Record<string, unknown>,
): DerivedEvent => {
  const arn = parseChannelArn(channelArn);
  if (arn === null) throw new Error(`not an IVS channel ARN: ${channelArn}`);
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source: RECONCILIATION_SOURCE,
    account: arn.account,
    time,
    region: arn.region,
    resources: [channelArn],
    detail,
  };
};

export type S3Location = { readonly bucket: string; readonly prefix: string };

/**
 * The Recording End (or End Failure) the metadata file stands for. It carries the
 * recording's own stream list, so it adds no stream and keeps their order.
 */
const recordingEndEvent = (
  recording: RecordingState,
  metadata: RecordingEndMetadata,
  location: S3Location,
): DerivedEvent => {
  const failed = metadata.status === 'RECORDING_ENDED_WITH_FAILURE';
  return envelope(
    recording.channelArn,
    `reconcile:${recording.id}:${failed ? 'failed' : 'ended'}`,
    RECORDING_STATE_CHANGE,
    metadata.endedAt,
    {
      channel_name: '',
      // The first stream: the recording's stream session keeps its id whatever the merge.
      stream_id: recording.streamSessionId,
      recording_status: failed ? 'Recording End Failure' : 'Recording End',
      recording_status_reason: failed ? metadata.message || 'RECORDING_ENDED_WITH_FAILURE' : '',
      recording_s3_bucket_name: location.bucket,
      recording_s3_key_prefix: location.prefix,
      recording_duration_ms: metadata.durationMs ?? 0,
      recording_session_id: recording.recordingSessionId,
      recording_session_stream_ids: [...recording.streamIds],
    },
  );
};

/** The Recording Start the end file's `recording_started_at` stands for. */
const recordingStartEvent = (recording: RecordingState, startedAt: string, location: S3Location): DerivedEvent =>
  envelope(recording.channelArn, `reconcile:${recording.id}:started`, RECORDING_STATE_CHANGE, startedAt, {
    channel_name: '',
    stream_id: recording.streamSessionId,
    recording_status: 'Recording Start',
    recording_status_reason: '',
    recording_s3_bucket_name: location.bucket,
    recording_s3_key_prefix: location.prefix,
    recording_duration_ms: 0,
    recording_session_id: recording.recordingSessionId,
    recording_session_stream_ids: [...recording.streamIds],
  });

/**
 * Everything the end file proves about a recording with this S3 location, as events:
 * its Start (when it has `recording_started_at`) and its End / End Failure, whatever the
 * record already holds. Applied through the engine's joins, so the record after them is
 * the same whether the file came before or after the IVS events, and applying them twice
 * changes nothing. The media indexing applies these (recordingRepairs picks the ones that
 * would change a stale record). The caller checks the file's channel is the recording's.
 */
export const endFileEvidence = (
  recording: RecordingState,
  metadata: RecordingEndMetadata,
  location: S3Location,
): DerivedEvent[] => [
  ...(metadata.startedAt === null ? [] : [recordingStartEvent(recording, metadata.startedAt, location)]),
  recordingEndEvent(recording, metadata, location),
];

/** Events derived from what S3 or IVS holds, and what stays unknown (to be counted, never invented). */
export type Repairs = { readonly events: DerivedEvent[]; readonly unknown: string[] };

/**
 * The recording events a Recording is missing, from its recording-ended.json or
 * recording-failed.json (`metadata`; null when neither file exists):
 * - a Recording Start at `recording_started_at` when the record has no start time or a
 *   later one (its first Start was lost: a reconnect's Start may have set it);
 * - a Recording End / End Failure at `recording_ended_at` when the record has no end,
 *   is still STARTED, or has no duration while the file has one (`media.hls.duration_ms`).
 * Applied through the engine like live events, so applying them twice changes nothing.
 */
export const recordingRepairs = (recording: RecordingState, metadata: RecordingEndMetadata | null): Repairs => {
  if (recording.s3BucketName === null || recording.s3KeyPrefix === null) {
    // A Start Failure: nothing was recorded, so no file will ever tell more.
    return { events: [], unknown: recording.recordingStatus === 'FAILED' ? [] : ['the recording has no S3 location'] };
  }
  if (metadata === null)
    return { events: [], unknown: ['no recording-ended.json or recording-failed.json under the prefix yet'] };
  if (metadata.channelArn !== recording.channelArn) {
    return {
      events: [],
      unknown: [`metadata channel_arn ${metadata.channelArn} is not the recording's ${recording.channelArn}`],
    };
  }
  const location = { bucket: recording.s3BucketName, prefix: recording.s3KeyPrefix };
  const events: DerivedEvent[] = [];
  const unknown: string[] = [];
  if (metadata.startedAt === null) {
    if (recording.startTime === null) unknown.push('start time: the metadata has no recording_started_at');
  } else if (recording.startTime === null || metadata.startedAt < recording.startTime) {
    events.push(recordingStartEvent(recording, metadata.startedAt, location));
  }
  const endMissing = recording.endTime === null || recording.recordingStatus === 'STARTED';
  // A failure's 0 ms says nothing (the engine keeps it unknown): do not ask again and again.
  const durationKnown =
    metadata.durationMs !== null && (metadata.durationMs > 0 || metadata.status === 'RECORDING_ENDED');
  if (endMissing || (recording.recordingDurationMs === null && durationKnown)) {
    events.push(recordingEndEvent(recording, metadata, location));
  }
  if (!durationKnown && recording.recordingDurationMs === null) unknown.push('duration: the metadata reports none');
  return { events, unknown };
};

/**
 * The stream events a StreamSession is missing, from IVS GetStreamSession (`facts`;
 * null when IVS does not know the stream): a Stream Start at IVS's startTime when the
 * session has no start time (a session known only from recording events, or whose Start
 * was lost), a Stream End at IVS's endTime when it has no end time. A Stream Failure
 * that was lost stays unknown: GetStreamSession's start and end times do not say it.
 */
export const streamSessionRepairs = (session: StreamSessionState, facts: IvsSessionFacts): Repairs => {
  if (facts === null) return { events: [], unknown: ['IVS has no such stream session (ResourceNotFound)'] };
  const events: DerivedEvent[] = [];
  const unknown: string[] = [];
  const derive = (name: 'Stream Start' | 'Stream End', suffix: string, time: Date | null, missing: string): void => {
    if (time === null) {
      unknown.push(missing);
    } else if (Number.isNaN(time.getTime())) {
      unknown.push(`IVS returned an invalid ${suffix} time`);
    } else {
      events.push(
        envelope(
          session.channelArn,
          `reconcile:${session.id}:stream-${suffix}`,
          STREAM_STATE_CHANGE,
          time.toISOString(),
          {
            channel_name: '',
            stream_id: session.streamId,
            event_name: name,
          },
        ),
      );
    }
  };
  if (session.startTime === null) derive('Stream Start', 'start', facts.startTime, 'start time: IVS reports none');
  if (session.endTime === null)
    derive('Stream End', 'end', facts.endTime, 'end time: IVS reports the stream as still live');
  return { events, unknown };
};

/** What IVS GetStreamSession said about a stream (null: IVS does not know it). */
export type IvsSessionFacts = { startTime: Date | null; endTime: Date | null } | null;
