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
 * | streamSessionId       | first stream named by the earliest Start-side event, else End side    |
 * | streamIds             | every id seen: streamSessionId first, the rest in code-unit order     |
 */
import { parseChannelArn } from './channel-arn';
import { unreachable } from './exhaustive';
import type { RecordingStateChange } from './ivs-event';
import { knownText, maxKnown, minKnown, unionFirstThenSorted } from './lattice';
import type { RecordingState, RecordingStatus, RecordOwner } from './records';

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
    typeof eventOrArn === 'string' ? [eventOrArn, sessionId ?? ''] : [eventOrArn.channelArn, eventOrArn.recordingSessionId];
  const arn = parseChannelArn(channelArn);
  if (arn === null) throw new Error(`recordingIdFor: not an IVS channel ARN: ${channelArn}`);
  if (recordingSessionId === '') throw new Error('recordingIdFor: empty recording session id');
  return `${arn.account}-${arn.region}-${arn.channelId}-${urlSafe(recordingSessionId)}`;
}

// encodeURIComponent leaves !'()* alone; encode them too so only unreserved characters remain.
const urlSafe = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The stream session a recording belongs to: its FIRST stream, which
 * recording_session_stream_ids[0] names whenever the list is present. Without it, a
 * Start's stream_id is its own stream (the first, unless it is a reconnect's Start, which
 * may or may not exist) and an End's stream_id is the LAST stream: the merge ranks those.
 */
export const recordingStreamSessionId = (event: RecordingStateChange): string => {
  switch (event.status) {
    case 'START':
    case 'START_FAILURE':
    case 'END':
    case 'END_FAILURE':
      return event.streamIds[0] ?? event.streamId;
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
    streamIds: unionFirstThenSorted([event.streamId], event.streamIds, streamSessionId),
    startTime: isStart ? event.time : null,
    endTime: isStart ? null : event.time,
  };
};

/**
 * The least record that includes both. Identity fields are equal on both sides
 * (checked by the caller).
 *
 * streamSessionId: a Start names the first stream; an End without a stream list only
 * names its last one. A record has a startTime exactly when a Start-side event was
 * joined into it, so that tells which side a stored value came from without a field
 * the schema does not have.
 *
 * streamIds: IVS gives the chronological order only in an End's list. No merge of
 * plain lists can both keep every id and keep that order whatever the arrival order
 * (a list "[b, a]" cannot tell whether its order came from an End or from a
 * tie-break), so the order is canonical instead: first stream first, then code-unit
 * order. Chronology is on the StreamSessions' startTime.
 */
const joinRecordings = (a: RecordingState, b: RecordingState): RecordingState => {
  const streamSessionId = joinFirstStream(a, b);
  return {
    ...a,
    streamSessionId,
    recordingStatus:
      STATUS_RANK[b.recordingStatus] > STATUS_RANK[a.recordingStatus] ? b.recordingStatus : a.recordingStatus,
    // Both failures for one session would be unusual (a Start Failure records nothing);
    // the schema keeps one reason and not which failure gave it, so the choice is by value.
    recordingStatusReason: maxKnown(a.recordingStatusReason, b.recordingStatusReason),
    s3BucketName: minKnown(a.s3BucketName, b.s3BucketName),
    s3KeyPrefix: minKnown(a.s3KeyPrefix, b.s3KeyPrefix),
    // FAILED after an End keeps the End's duration: the media it describes exists.
    recordingDurationMs: maxKnown(a.recordingDurationMs, b.recordingDurationMs),
    streamIds: unionFirstThenSorted(a.streamIds, b.streamIds, streamSessionId),
    startTime: minKnown(a.startTime, b.startTime),
    endTime: maxKnown(a.endTime, b.endTime),
  };
};

/**
 * The first stream: the one named by the earliest Start-side event (startTime is that
 * event's time, so the pair is picked together); without any Start, the End side's.
 * Ties go to the smaller id. This picks a minimum in one total order, so it is a join.
 */
const joinFirstStream = (a: RecordingState, b: RecordingState): string => {
  if (a.startTime !== b.startTime) {
    if (a.startTime === null) return b.streamSessionId;
    if (b.startTime === null) return a.streamSessionId;
    return a.startTime < b.startTime ? a.streamSessionId : b.streamSessionId;
  }
  return b.streamSessionId < a.streamSessionId ? b.streamSessionId : a.streamSessionId;
};
