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
import type { RecordingEndMetadata } from './recording-metadata';

/** The source of the events reconciliation derives (never matched by a rule: applied directly). */
export const RECONCILIATION_SOURCE = 'custom.ivs.reconciliation';

export type DerivedEvent = EventEnvelope;

const envelope = (channelArn: string, id: string, detailType: string, time: string, detail: Record<string, unknown>): DerivedEvent => {
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

export type RecordingFinding =
  | { kind: 'apply'; event: DerivedEvent; status: 'COMPLETED' | 'FAILED'; endTime: string; durationMs: number | null }
  | { kind: 'pending'; why: string }
  | { kind: 'invalid'; why: string };

/**
 * The Recording End (or End Failure) a STARTED recording missed, from its metadata
 * file. `metadata` null: neither file exists (yet), so nothing is known.
 */
export const recordingFindingFrom = (recording: RecordingState, metadata: RecordingEndMetadata | null): RecordingFinding => {
  if (metadata === null) return { kind: 'pending', why: 'no recording-ended.json or recording-failed.json under the prefix yet' };
  if (metadata.channelArn !== recording.channelArn) {
    return { kind: 'invalid', why: `metadata channel_arn ${metadata.channelArn} is not the recording's ${recording.channelArn}` };
  }
  if (recording.s3BucketName === null || recording.s3KeyPrefix === null) {
    return { kind: 'invalid', why: 'the recording has no S3 location' };
  }
  const failed = metadata.status === 'RECORDING_ENDED_WITH_FAILURE';
  const event = envelope(
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
      recording_s3_bucket_name: recording.s3BucketName,
      recording_s3_key_prefix: recording.s3KeyPrefix,
      recording_duration_ms: metadata.durationMs ?? 0,
      recording_session_id: recording.recordingSessionId,
      recording_session_stream_ids: [...recording.streamIds],
    },
  );
  return { kind: 'apply', event, status: failed ? 'FAILED' : 'COMPLETED', endTime: metadata.endedAt, durationMs: metadata.durationMs };
};

/** What IVS GetStreamSession said about a stream (null: IVS does not know it). */
export type IvsSessionFacts = { startTime: Date | null; endTime: Date | null } | null;

export type StreamFinding =
  | { kind: 'apply'; event: DerivedEvent; endTime: string }
  | { kind: 'pending'; why: string }
  | { kind: 'invalid'; why: string };

/** The Stream End a LIVE session missed, when IVS reports an end time. */
export const streamFindingFrom = (session: StreamSessionState, facts: IvsSessionFacts): StreamFinding => {
  if (facts === null) return { kind: 'invalid', why: 'IVS has no such stream session (ResourceNotFound)' };
  if (facts.endTime === null) return { kind: 'pending', why: 'IVS reports the stream as still live (no endTime)' };
  if (Number.isNaN(facts.endTime.getTime())) return { kind: 'invalid', why: 'IVS returned an invalid endTime' };
  // EventBridge times are whole seconds; IVS end times may not be. Keep what IVS said.
  const endTime = facts.endTime.toISOString();
  const event = envelope(session.channelArn, `reconcile:${session.id}:stream-end`, STREAM_STATE_CHANGE, endTime, {
    channel_name: '',
    stream_id: session.streamId,
    event_name: 'Stream End',
  });
  return { kind: 'apply', event, endTime };
};
