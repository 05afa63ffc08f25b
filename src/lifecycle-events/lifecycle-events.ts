/**
 * Lifecycle events for integrators, pure: which notifications a Recording owes (due and
 * not yet in its `lifecycleEventsSent` outbox marker), and each one as the EventBridge entry
 * the backend publishes. Same record, same entries: the id and time come from the record,
 * never from a clock, so a redelivered IVS event publishes the very same event again.
 * The detail schema is documented in docs/lifecycle-events.md.
 */
import type { RecordingLifecycleEvent, RecordingState, RecordingStatus } from '../recording-engine/records';
import { lifecycleEventId } from './event-id';

/** The source of every lifecycle event: the project's own, never an `aws.*` one. */
export const LIFECYCLE_EVENT_SOURCE = 'ivs-recording-tracker';

export const RECORDING_READY = 'Recording Ready';
export const RECORDING_FAILED = 'Recording Failed';
export const RECORDING_DELETED = 'Recording Deleted';

export const DETAIL_TYPE_OF: Readonly<Record<RecordingLifecycleEvent, string>> = Object.freeze({
  READY: RECORDING_READY,
  FAILED: RECORDING_FAILED,
  DELETED: RECORDING_DELETED,
});

/** The EventBridge pattern that matches every lifecycle event (the README's rule). */
export const LIFECYCLE_EVENTS_PATTERN = Object.freeze({
  source: [LIFECYCLE_EVENT_SOURCE],
  'detail-type': [RECORDING_READY, RECORDING_FAILED, RECORDING_DELETED],
});

/** Bumped only for a change a consumer could break on (a field removed or retyped). */
export const LIFECYCLE_SCHEMA_VERSION = 1;

/** The marker's canonical order, so one set of sent events is always stored the same way. */
export const LIFECYCLE_EVENTS: readonly RecordingLifecycleEvent[] = ['READY', 'FAILED', 'DELETED'];

type Common = {
  /** Deterministic: the same recording and transition always give the same id. Dedupe on it. */
  eventId: string;
  schemaVersion: typeof LIFECYCLE_SCHEMA_VERSION;
  recordingId: string;
  profileId: string;
  channelArn: string;
  recordingSessionId: string;
  streamSessionId: string;
  status: RecordingStatus;
  startTime: string | null;
  endTime: string | null;
  /** The media's true duration when indexed, else IVS's recording duration. */
  durationMs: number | null;
  s3Bucket: string | null;
  s3KeyPrefix: string | null;
};

export type RecordingReadyDetail = Common & { masterPlaylistKey: string | null; mediaIndexedAt: string | null };
export type RecordingFailedDetail = Common & { reason: string | null };
export type RecordingDeletedDetail = Common & { deletedAt: string | null };

export type LifecycleDetail = RecordingReadyDetail | RecordingFailedDetail | RecordingDeletedDetail;

/** One PutEvents entry, without the bus (the publisher adds it). */
export type LifecycleEntry = {
  transition: RecordingLifecycleEvent;
  source: typeof LIFECYCLE_EVENT_SOURCE;
  detailType: string;
  /** When the transition happened, from the record (not when it was published); null: EventBridge's time. */
  time: string | null;
  resources: string[];
  detail: LifecycleDetail;
};

const isSent = (recording: RecordingState, event: RecordingLifecycleEvent) =>
  (recording.lifecycleEventsSent ?? []).includes(event);

/**
 * The events the record is due and has not sent, in the marker's order.
 * - READY: COMPLETED and its media indexed (playable; IVS says to process a recording only
 *   after its end).
 * - FAILED: FAILED (with or without an end file: a recording may fail to start).
 * - DELETED: the tombstone is set.
 * A deleted recording owes only DELETED, and one whose deletion began owes nothing yet: a
 * READY or FAILED it never sent would announce media that is gone, so it is dropped.
 * The status only moves up (STARTED < COMPLETED < FAILED), so a recording may send READY
 * and later FAILED; each at most once.
 */
export const owedLifecycleEvents = (recording: RecordingState): RecordingLifecycleEvent[] => {
  const due = (event: RecordingLifecycleEvent): boolean => {
    if (recording.deletedAt !== null) return event === 'DELETED';
    // Deletion under way: its media is going, so no READY or FAILED any more.
    if (recording.deletionRequestedAt !== null) return false;
    switch (event) {
      case 'READY':
        return recording.recordingStatus === 'COMPLETED' && recording.mediaIndexedAt !== null;
      case 'FAILED':
        return recording.recordingStatus === 'FAILED';
      case 'DELETED':
        return false;
    }
  };
  return LIFECYCLE_EVENTS.filter((event) => due(event) && !isSent(recording, event));
};

/** The record with these events added to its outbox marker (canonical order, no repeats). */
export const withLifecycleEventsSent = (
  recording: RecordingState,
  events: readonly RecordingLifecycleEvent[],
): RecordingState => {
  // Nothing to add: the record as it is (null stays null), so settling costs no write.
  if (events.every((event) => isSent(recording, event))) return recording;
  const sent = new Set([...(recording.lifecycleEventsSent ?? []), ...events]);
  return { ...recording, lifecycleEventsSent: LIFECYCLE_EVENTS.filter((event) => sent.has(event)) };
};

const common = (recording: RecordingState, transition: RecordingLifecycleEvent): Common => ({
  eventId: lifecycleEventId(recording.id, transition),
  schemaVersion: LIFECYCLE_SCHEMA_VERSION,
  recordingId: recording.id,
  profileId: recording.profileId,
  channelArn: recording.channelArn,
  recordingSessionId: recording.recordingSessionId,
  streamSessionId: recording.streamSessionId,
  status: recording.recordingStatus,
  startTime: recording.startTime,
  endTime: recording.endTime,
  durationMs: recording.mediaDurationMs ?? recording.recordingDurationMs,
  s3Bucket: recording.s3BucketName,
  s3KeyPrefix: recording.s3KeyPrefix,
});

/** A transition's time, from the record: what an integrator orders by. */
const transitionTime = (recording: RecordingState, transition: RecordingLifecycleEvent): string | null => {
  switch (transition) {
    case 'READY':
      return recording.mediaIndexedAt;
    case 'FAILED':
      return recording.endTime ?? recording.startTime;
    case 'DELETED':
      return recording.deletedAt;
  }
};

/**
 * The entry of one transition the record owes. The owner (`sub::username`, which may be
 * an e-mail address) is left out: `profileId` names whose recording it is, and the bus may
 * carry events to systems that should not learn user identities.
 */
export const lifecycleEntry = (recording: RecordingState, transition: RecordingLifecycleEvent): LifecycleEntry => {
  const base = common(recording, transition);
  const time = transitionTime(recording, transition);
  let detail: LifecycleDetail;
  switch (transition) {
    case 'READY':
      detail = { ...base, masterPlaylistKey: recording.masterPlaylistKey, mediaIndexedAt: time };
      break;
    case 'FAILED':
      detail = { ...base, reason: recording.recordingStatusReason ?? recording.recordingStatusMessage };
      break;
    case 'DELETED':
      detail = { ...base, deletedAt: time };
      break;
  }
  return {
    transition,
    source: LIFECYCLE_EVENT_SOURCE,
    detailType: DETAIL_TYPE_OF[transition],
    time,
    resources: [recording.channelArn],
    detail,
  };
};

/** Every entry the record owes, in the marker's order. */
export const owedLifecycleEntries = (recording: RecordingState): LifecycleEntry[] =>
  owedLifecycleEvents(recording).map((transition) => lifecycleEntry(recording, transition));
