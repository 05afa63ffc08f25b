/**
 * What a StreamSession (one broadcast; id = the IVS stream id) becomes when an IVS
 * stream event arrives. Same contract as recording-state.ts: the record is a pure
 * function of the SET of events seen (join of per-event records, order and
 * duplicates do not matter).
 *
 * | field        | rule                                                                    |
 * |--------------|-------------------------------------------------------------------------|
 * | status       | highest of LIVE < ENDED < FAILED (never moves back)                     |
 * | startTime    | earliest Stream Start time                                              |
 * | endTime      | latest Stream End time                                                  |
 * | statusReason | Stream Failure only; greatest non-empty reason (code-unit order)        |
 * | duration     | endTime - startTime in ms when both known (recomputed on a late Start)  |
 * | viewerCount  | never from events: kept as the caller's enrichment wrote it             |
 *
 * Recording events are evidence too (`nextStreamSessionFromRecording`): each stream
 * a recording event names was live on its channel. Evidence creates a LIVE session with
 * no times and adds nothing to an existing one (it is the least element of the join),
 * so a recording event never waits for a stream event, and once the stream events
 * arrive, in any order, the session is exactly what they alone make it. A session
 * known only from evidence is LIVE without a start time (`isKnownOnlyFromRecordings`):
 * no stream event makes that, and reconciliation completes it from IVS.
 */
import { PermanentEventError } from './errors';
import { unreachable } from './exhaustive';
import { MAX_DURATION_MS, type RecordingStateChange, type StreamEventName, type StreamStateChange } from './ivs-event';
import { knownText, maxKnown, minKnown } from './lattice';
import { recordingStreamIds } from './recording-state';
import type { RecordOwner, StreamSessionState, StreamSessionStatus } from './records';

export { describeChange, isSameStreamSession } from './state-diff';

export const streamSessionIdFor = (streamId: string): string => streamId;

/** The events that open or close a session; the others are ignored on purpose. */
type SessionEventName = Extract<StreamEventName, 'STREAM_START' | 'STREAM_END' | 'STREAM_FAILURE'>;

/**
 * Why an event is a no-op on purpose (for the logs), or null when it changes sessions.
 * - Session Ended may come before Stream End or not at all, and Session Created can
 *   arrive after it: Stream Start / Stream End are the reliable open and close.
 * - A takeover (or a failed one) replaces the publisher of the same stream: the
 *   broadcast and its session go on.
 */
export const whyIgnored = (name: StreamEventName): string | null => {
  switch (name) {
    case 'STREAM_START':
    case 'STREAM_END':
    case 'STREAM_FAILURE':
      return null;
    case 'SESSION_CREATED':
    case 'SESSION_ENDED':
      return `${name} is a no-op: sessions open on STREAM_START and close on STREAM_END`;
    case 'STREAM_TAKEOVER':
    case 'STREAM_TAKEOVER_FAILURE':
      return `${name} is a no-op: the stream and its session go on`;
    default:
      return unreachable(name, 'stream event');
  }
};

const isSessionEvent = (name: StreamEventName): name is SessionEventName => whyIgnored(name) === null;

/**
 * The record after `event`, given the one before it (null: none yet). Null when the
 * event is ignored on purpose (see `whyIgnored`); a duplicate or stale event returns
 * a record equal to `current` (see `isSameStreamSession`).
 */
export const nextStreamSession = (
  current: StreamSessionState | null,
  event: StreamStateChange,
  owner: RecordOwner,
): StreamSessionState | null => {
  const name = event.eventName;
  if (!isSessionEvent(name)) return null;
  const fromEvent = streamSessionFromEvent(event, name, owner);
  if (current === null) return fromEvent;
  checkBelongs(current, event, event.streamId);
  // The caller resolves the owner from the channel's Profile: its latest answer wins.
  return { ...joinStreamSessions(current, fromEvent), profileId: owner.profileId, owner: owner.owner };
};

/**
 * The session of `streamId` after a recording event that names it (see
 * `recordingStreamIds`), given the one before it (null: none yet). The event proves the
 * stream was live on its channel, nothing more: no time is taken from it (a Recording
 * Start's time is not the Stream Start's, a Recording End comes after the stream ended).
 */
export const nextStreamSessionFromRecording = (
  current: StreamSessionState | null,
  event: RecordingStateChange,
  streamId: string,
  owner: RecordOwner,
): StreamSessionState => {
  if (!recordingStreamIds(event).includes(streamId)) {
    throw new Error(`nextStreamSessionFromRecording: event ${event.eventId} does not name stream ${streamId}`);
  }
  if (current === null) return sessionProvenLive(event.channelArn, streamId, owner);
  checkBelongs(current, event, streamId);
  return { ...current, profileId: owner.profileId, owner: owner.owner };
};

/** The least session: the stream was live on the channel; status, reason and times unknown. */
const sessionProvenLive = (channelArn: string, streamId: string, owner: RecordOwner): StreamSessionState => ({
  id: streamSessionIdFor(streamId),
  profileId: owner.profileId,
  owner: owner.owner,
  channelArn,
  streamId,
  status: 'LIVE',
  statusReason: null,
  startTime: null,
  endTime: null,
  viewerCount: null,
  duration: null,
});

/**
 * True when no stream event has reached the session: only recording events vouch for
 * it. Every Stream Start sets a start time and Stream End / Failure leave LIVE, so
 * LIVE without a start time is never made by a stream event.
 */
export const isKnownOnlyFromRecordings = (session: StreamSessionState): boolean =>
  session.status === 'LIVE' && session.startTime === null;

/**
 * A stream id is unique in IVS, so a session of another channel means an event that no
 * retry can apply (a forged or corrupted event, or a stream id reused across accounts'
 * test data): permanent. Another stream id is the caller's bug.
 */
const checkBelongs = (
  current: StreamSessionState,
  event: RecordingStateChange | StreamStateChange,
  streamId: string,
): void => {
  if (current.streamId !== streamId) {
    throw new Error(
      `event ${event.eventId} (${event.channelArn}, ${streamId}) ` +
        `does not belong to stream session ${current.id} (${current.channelArn}, ${current.streamId})`,
    );
  }
  if (current.channelArn !== event.channelArn) {
    throw new PermanentEventError(
      'stream_of_another_channel',
      `stream ${streamId} belongs to channel ${current.channelArn}, not to ${event.channelArn} of event ${event.eventId}`,
      event.eventId,
      event.kind === 'recording' && streamId !== event.streamId
        ? 'detail.recording_session_stream_ids'
        : 'detail.stream_id',
    );
  }
};

const STATUS_RANK: Readonly<Record<StreamSessionStatus, number>> = { LIVE: 0, ENDED: 1, FAILED: 2 };

const statusFor = (name: SessionEventName): StreamSessionStatus => {
  switch (name) {
    case 'STREAM_START':
      return 'LIVE';
    case 'STREAM_END':
      return 'ENDED';
    case 'STREAM_FAILURE':
      return 'FAILED';
    default:
      return unreachable(name, 'stream event');
  }
};

/** endTime - startTime, when both are known and the result fits the schema. */
const durationOf = (startTime: string | null, endTime: string | null): number | null => {
  if (startTime === null || endTime === null) return null;
  // Times come from different events and sources; a skewed pair means "unknown", not negative.
  const duration = Date.parse(endTime) - Date.parse(startTime);
  return duration >= 0 && duration <= MAX_DURATION_MS ? duration : null;
};

const streamSessionFromEvent = (
  event: StreamStateChange,
  name: SessionEventName,
  owner: RecordOwner,
): StreamSessionState => {
  const startTime = name === 'STREAM_START' ? event.time : null;
  // A Stream Failure is not an end: the broadcast's end is its Stream End.
  const endTime = name === 'STREAM_END' ? event.time : null;
  return {
    id: streamSessionIdFor(event.streamId),
    profileId: owner.profileId,
    owner: owner.owner,
    channelArn: event.channelArn,
    streamId: event.streamId,
    status: statusFor(name),
    statusReason: name === 'STREAM_FAILURE' ? knownText(event.reason) : null,
    startTime,
    endTime,
    viewerCount: null,
    duration: durationOf(startTime, endTime),
  };
};

/** The least record that includes both; `a` is the stored one (its viewerCount is kept). */
const joinStreamSessions = (a: StreamSessionState, b: StreamSessionState): StreamSessionState => {
  const startTime = minKnown(a.startTime, b.startTime);
  const endTime = maxKnown(a.endTime, b.endTime);
  return {
    ...a,
    status: STATUS_RANK[b.status] > STATUS_RANK[a.status] ? b.status : a.status,
    statusReason: maxKnown(a.statusReason, b.statusReason),
    startTime,
    endTime,
    duration: durationOf(startTime, endTime),
  };
};
