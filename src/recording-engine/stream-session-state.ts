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
 */
import { unreachable } from './exhaustive';
import { MAX_DURATION_MS, type StreamEventName, type StreamStateChange } from './ivs-event';
import { knownText, maxKnown, minKnown } from './lattice';
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
  if (current.channelArn !== event.channelArn || current.streamId !== event.streamId) {
    throw new Error(
      `nextStreamSession: event ${event.eventId} (${event.channelArn}, ${event.streamId}) ` +
        `does not belong to stream session ${current.id} (${current.channelArn}, ${current.streamId})`,
    );
  }
  // The caller resolves the owner from the channel's Profile: its latest answer wins.
  return { ...joinStreamSessions(current, fromEvent), profileId: owner.profileId, owner: owner.owner };
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
