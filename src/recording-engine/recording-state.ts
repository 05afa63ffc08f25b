/**
 * What a Recording becomes when an IVS recording event arrives.
 *
 * IVS delivers events late, out of order and more than once, so the record must be
 * a pure function of the SET of events seen. Each event is first turned into the
 * record it alone implies (`recordingFromEvent`), then joined into the current one
 * (`joinRecordings`). The join works field by field with commutative, associative,
 * idempotent operations, so any order and any number of duplicates give one result.
 *
 * | field                 | rule                                                                 |
 * |-----------------------|----------------------------------------------------------------------|
 * | recordingStatus       | highest of STARTED < COMPLETED < FAILED (never moves back)            |
 * | startTime             | earliest Start / Start Failure time                                   |
 * | endTime               | latest End / End Failure time                                         |
 * | recordingDurationMs   | largest End duration; other events only when > 0 (failures carry 0)   |
 * | recordingStatusReason | failures only; greatest non-empty reason (code-unit order)            |
 * | s3BucketName/Prefix   | smallest non-empty value (they never disagree in practice)           |
 * | streamIds             | IVS order: the list that names every stream seen (see joinStreamLists) |
 * | streamSessionId       | streamIds[0]: the first stream of that list                           |
 */
import { parseChannelArn } from './channel-arn';
import { unreachable } from './exhaustive';
import type { RecordingStateChange } from './ivs-event';
import { joinStreamLists, knownText, maxKnown, minKnown } from './lattice';
import { NO_MEDIA, NO_LIFECYCLE, type RecordingState, type RecordingStatus, type RecordOwner } from './records';

export { describeChange, isSameRecording } from './state-diff';

/**
 * `<account>-<region>-<channelId>-<recordingSessionId>`: readable, URL-safe and
 * one per (channel ARN, recording session id). Unambiguous: the account is 12 digits,
 * the region ends with its only number, the channel id has no "-", and the session id
 * (percent-encoded) comes last. Throws on a text that is not a channel ARN (a bug: parsing
 * already checked it).
 */
export function recordingIdFor(event: Pick<RecordingStateChange, 'channelArn' | 'recordingSessionId'>): string;
export function recordingIdFor(channelArn: string, recordingSessionId: string): string;
export function recordingIdFor(
  eventOrArn: string | Pick<RecordingStateChange, 'channelArn' | 'recordingSessionId'>,
  sessionId?: string,
): string {
  const [channelArn, recordingSessionId] =
    typeof eventOrArn === 'string'
      ? [eventOrArn, sessionId ?? '']
      : [eventOrArn.channelArn, eventOrArn.recordingSessionId];
  const arn = parseChannelArn(channelArn);
  if (arn === null) throw new Error(`recordingIdFor: not an IVS channel ARN: ${channelArn}`);
  if (recordingSessionId === '') throw new Error('recordingIdFor: empty recording session id');
  return `${arn.account}-${arn.region}-${arn.channelId}-${urlSafe(recordingSessionId)}`;
}

// encodeURIComponent leaves !'()* alone; encode them too so only unreserved characters remain.
const urlSafe = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The streams one recording event names, in IVS order: recording_session_stream_ids
 * (the streams merged so far, first stream first), then its stream_id if the list left
 * it out; without a list, its stream_id alone. Each of them was live on the channel.
 */
export const recordingStreamIds = (event: RecordingStateChange): string[] => {
  // The parser refuses a list with repeats, so this holds each stream once.
  const list = event.streamIds;
  return list.includes(event.streamId) ? [...list] : [...list, event.streamId];
};

/**
 * The stream session one event points its recording at: the first stream it names.
 * With a list that is IVS's first stream. Without one, a Start's stream_id is its own
 * stream, and an End's is the LAST stream: the merge of several events decides
 * (recording.streamSessionId is always recording.streamIds[0]).
 */
export const recordingStreamSessionId = (event: RecordingStateChange): string => {
  switch (event.status) {
    case 'START':
    case 'START_FAILURE':
    case 'END':
    case 'END_FAILURE':
      return recordingStreamIds(event)[0] ?? event.streamId;
    default:
      return unreachable(event.status, 'recording status');
  }
};

/** The record after `event`, given the record before it (null: none yet). */
export const nextRecording = (
  current: RecordingState | null,
  event: RecordingStateChange,
  owner: RecordOwner,
): RecordingState => {
  const fromEvent = recordingFromEvent(event, owner);
  if (current === null) return fromEvent;
  if (current.channelArn !== event.channelArn || current.recordingSessionId !== event.recordingSessionId) {
    throw new Error(
      `nextRecording: event ${event.eventId} (${event.channelArn}, ${event.recordingSessionId}) ` +
        `does not belong to recording ${current.id} (${current.channelArn}, ${current.recordingSessionId})`,
    );
  }
  // The caller resolves the owner from the channel's Profile: its latest answer wins.
  return { ...joinRecordings(current, fromEvent), profileId: owner.profileId, owner: owner.owner };
};

const STATUS_RANK: Readonly<Record<RecordingStatus, number>> = { STARTED: 0, COMPLETED: 1, FAILED: 2 };

const statusFor = (event: RecordingStateChange): RecordingStatus => {
  switch (event.status) {
    case 'START':
      return 'STARTED';
    case 'END':
      return 'COMPLETED';
    case 'START_FAILURE':
    case 'END_FAILURE':
      return 'FAILED';
    default:
      return unreachable(event.status, 'recording status');
  }
};

/** The record this one event implies on its own. */
const recordingFromEvent = (event: RecordingStateChange, owner: RecordOwner): RecordingState => {
  const isStart = event.status === 'START' || event.status === 'START_FAILURE';
  const isFailure = event.status === 'START_FAILURE' || event.status === 'END_FAILURE';
  const streamSessionId = recordingStreamSessionId(event);
  return {
    id: recordingIdFor(event.channelArn, event.recordingSessionId),
    profileId: owner.profileId,
    owner: owner.owner,
    streamSessionId,
    channelArn: event.channelArn,
    recordingSessionId: event.recordingSessionId,
    recordingStatus: statusFor(event),
    // Success events carry "" anyway; only a failure explains a status.
    recordingStatusReason: isFailure ? knownText(event.reason) : null,
    s3BucketName: knownText(event.s3BucketName),
    s3KeyPrefix: knownText(event.s3KeyPrefix),
    // The End's 0 is a real (very short) duration; anywhere else 0 means "not reported".
    recordingDurationMs: event.status === 'END' || event.durationMs > 0 ? event.durationMs : null,
    streamIds: recordingStreamIds(event),
    startTime: isStart ? event.time : null,
    endTime: isStart ? null : event.time,
    // Events say nothing about the media: the end file does (src/recording-media).
    ...NO_MEDIA,
    ...NO_LIFECYCLE,
  };
};

/**
 * The least record that includes both. Identity fields are equal on both sides
 * (checked by the caller).
 *
 * streamIds follow IVS's order (recording_session_stream_ids): a Start may carry a
 * prefix of the list and the End the whole list, and the list naming every stream wins
 * whatever the arrival order. Only when no list names every stream seen (a list was
 * missing or lists contradict) is the order canonical: code-unit order. The recording
 * points at the first stream of the result.
 */
const joinRecordings = (a: RecordingState, b: RecordingState): RecordingState => {
  const streamIds = joinStreamLists(a.streamIds, b.streamIds);
  return {
    ...a,
    // Records written before stream lists were kept may hold none: fall back to a join.
    streamSessionId: streamIds[0] ?? minKnown(a.streamSessionId, b.streamSessionId) ?? a.streamSessionId,
    recordingStatus:
      STATUS_RANK[b.recordingStatus] > STATUS_RANK[a.recordingStatus] ? b.recordingStatus : a.recordingStatus,
    // Both failures for one session would be unusual (a Start Failure records nothing);
    // the schema keeps one reason and not which failure gave it, so the choice is by value.
    recordingStatusReason: maxKnown(a.recordingStatusReason, b.recordingStatusReason),
    s3BucketName: minKnown(a.s3BucketName, b.s3BucketName),
    s3KeyPrefix: minKnown(a.s3KeyPrefix, b.s3KeyPrefix),
    // FAILED after an End keeps the End's duration: the media it describes exists.
    recordingDurationMs: maxKnown(a.recordingDurationMs, b.recordingDurationMs),
    streamIds,
    startTime: minKnown(a.startTime, b.startTime),
    endTime: maxKnown(a.endTime, b.endTime),
  };
};
