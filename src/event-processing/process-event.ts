import { PermanentEventError, RetryableError } from '../recording-engine/errors';
import { parseIvsEvent, type RecordingStateChange, type StreamStateChange } from '../recording-engine/ivs-event';
import {
  describeChange,
  isSameRecording,
  nextRecording,
  recordingIdFor,
  recordingStreamSessionId,
} from '../recording-engine/recording-state';
import { isSameStreamSession, nextStreamSession, whyIgnored } from '../recording-engine/stream-session-state';
import type { ProfileRef, RecordsStore } from '../records-store/records-store';
import type { EventLogger } from './observability';

export type ProcessDependencies = {
  store: RecordsStore;
  findProfile: (channelArn: string) => Promise<ProfileRef | null>;
  logger: EventLogger;
  /** Re-reads after a conflicting concurrent write before giving up (then Lambda retries). */
  maxConflictAttempts?: number;
};

export type Model = 'Recording' | 'StreamSession';

/** What happened to one event. Missing stream sessions and transient failures throw instead. */
export type Outcome =
  | { kind: 'written'; model: Model; id: string; operation: 'create' | 'update'; changed: string[]; attempts: number }
  | { kind: 'unchanged'; model: Model; id: string }
  | { kind: 'ignored'; reason: string }
  | { kind: 'skipped'; reason: 'missing_profile' }
  | { kind: 'rejected'; error: PermanentEventError };

const assertNever = (value: never): never => {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
};

/**
 * Turns one EventBridge event into at most one conditional write. Every write is
 * idempotent and order-independent (the pure core merges), and conditioned on
 * the version read, so concurrent deliveries never lose an update.
 */
export const processEvent = async (raw: unknown, deps: ProcessDependencies): Promise<Outcome> => {
  let event: RecordingStateChange | StreamStateChange;
  try {
    event = parseIvsEvent(raw);
  } catch (error) {
    if (!(error instanceof PermanentEventError)) throw error;
    deps.logger.error('Rejected a malformed event', { eventId: error.eventId, reason: error.reason, field: error.field, error: error.message });
    return { kind: 'rejected', error };
  }
  const context = {
    eventId: event.eventId,
    detailType: event.kind === 'recording' ? 'IVS Recording State Change' : 'IVS Stream State Change',
    channelArn: event.channelArn,
    streamId: event.streamId,
    ...(event.kind === 'recording' ? { recordingSessionId: event.recordingSessionId } : {}),
  };
  // Stream events that never change a session cost no request at all.
  const ignored = event.kind === 'stream' ? whyIgnored(event.eventName) : null;
  if (ignored) {
    deps.logger.info('Stream event handled as a no-op on purpose', { ...context, why: ignored });
    return { kind: 'ignored', reason: ignored };
  }
  const profile = await deps.findProfile(event.channelArn);
  if (!profile) {
    deps.logger.error('No Profile for the channel of this event: nothing written', {
      ...context,
      channelName: event.channelName,
    });
    return { kind: 'skipped', reason: 'missing_profile' };
  }
  switch (event.kind) {
    case 'recording':
      return applyRecordingEvent(event, profile, deps, context);
    case 'stream':
      return applyStreamEvent(event, profile, deps, context);
    default:
      return assertNever(event);
  }
};

const applyRecordingEvent = async (
  event: RecordingStateChange,
  profile: ProfileRef,
  deps: ProcessDependencies,
  context: Record<string, unknown>,
): Promise<Outcome> => {
  const id = recordingIdFor(event);
  const streamSessionId = recordingStreamSessionId(event);
  const owner = { profileId: profile.id, owner: profile.owner };
  const maxAttempts = deps.maxConflictAttempts ?? 8;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const { recording, streamSessionExists } = await deps.store.loadRecording(id, streamSessionId);
    if (!recording) {
      if (!streamSessionExists) {
        deps.logger.error('No StreamSession for this recording yet: nothing written, retrying later', {
          ...context,
          streamSessionId,
        });
        throw new RetryableError('missing_stream_session', `StreamSession ${streamSessionId} does not exist (yet)`);
      }
      const created = nextRecording(null, event, owner);
      if ((await deps.store.createRecording(created)) === 'written') {
        deps.logger.info('Recording created', { ...context, recordingId: id, after: created.recordingStatus, attempt });
        return { kind: 'written', model: 'Recording', id, operation: 'create', changed: Object.keys(created), attempts: attempt };
      }
      deps.logger.warn('Recording created concurrently: re-reading', { ...context, recordingId: id, attempt });
      continue;
    }
    const next = nextRecording(recording.state, event, owner);
    if (isSameRecording(recording.state, next)) {
      deps.logger.info('Event changes nothing (duplicate or stale)', { ...context, recordingId: id });
      return { kind: 'unchanged', model: 'Recording', id };
    }
    if ((await deps.store.updateRecording(next, recording.version)) === 'written') {
      deps.logger.info('Recording updated', {
        ...context,
        recordingId: id,
        before: recording.state.recordingStatus,
        after: next.recordingStatus,
        changed: describeChange(recording.state, next),
        attempt,
      });
      return { kind: 'written', model: 'Recording', id, operation: 'update', changed: describeChange(recording.state, next), attempts: attempt };
    }
    deps.logger.warn('Recording changed concurrently: re-reading', { ...context, recordingId: id, attempt });
  }
  throw new RetryableError('version_conflict', `Recording ${id}: still conflicting after ${maxAttempts} attempts`);
};

const applyStreamEvent = async (
  event: StreamStateChange,
  profile: ProfileRef,
  deps: ProcessDependencies,
  context: Record<string, unknown>,
): Promise<Outcome> => {
  const owner = { profileId: profile.id, owner: profile.owner };
  const maxAttempts = deps.maxConflictAttempts ?? 8;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const current = await deps.store.loadStreamSession(event.streamId);
    const next = nextStreamSession(current?.state ?? null, event, owner);
    if (next === null) throw new Error(`${event.eventName} reached the session writer but is ignored`);
    if (!current) {
      if ((await deps.store.createStreamSession(next)) === 'written') {
        deps.logger.info('StreamSession created', { ...context, after: next.status, attempt });
        return { kind: 'written', model: 'StreamSession', id: next.id, operation: 'create', changed: Object.keys(next), attempts: attempt };
      }
      continue;
    }
    if (isSameStreamSession(current.state, next)) {
      deps.logger.info('Event changes nothing (duplicate or stale)', context);
      return { kind: 'unchanged', model: 'StreamSession', id: next.id };
    }
    if ((await deps.store.updateStreamSession(next, current.version)) === 'written') {
      const changed = describeChange(current.state, next);
      deps.logger.info('StreamSession updated', { ...context, before: current.state.status, after: next.status, changed, attempt });
      return { kind: 'written', model: 'StreamSession', id: next.id, operation: 'update', changed, attempts: attempt };
    }
    deps.logger.warn('StreamSession changed concurrently: re-reading', { ...context, attempt });
  }
  throw new RetryableError('version_conflict', `StreamSession ${event.streamId}: still conflicting after ${maxAttempts} attempts`);
};
