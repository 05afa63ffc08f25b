import { PermanentEventError } from '../recording-engine/errors';
import { unreachable } from '../recording-engine/exhaustive';
import {
  parseIvsEvent,
  RECORDING_STATE_CHANGE,
  STREAM_STATE_CHANGE,
  type RecordingStateChange,
  type StreamStateChange,
} from '../recording-engine/ivs-event';
import {
  describeChange,
  isSameRecording,
  nextRecording,
  recordingIdFor,
  recordingStreamIds,
} from '../recording-engine/recording-state';
import {
  isSameStreamSession,
  nextStreamSession,
  nextStreamSessionFromRecording,
  whyIgnored,
} from '../recording-engine/stream-session-state';
import { parkedEventOf } from '../parked-events/parked-event';
import { optimisticWrite, type OptimisticWriteResult } from '../records-store/optimistic-write';
import { rememberedRecord, type RecordCache } from '../records-store/record-cache';
import type { ProfileRef, RecordsStore } from '../records-store/records-store';
import type { RecordingState, StreamSessionState } from '../recording-engine/records';
import { retentionDaysFor, withExpiry } from '../retention/expiry';
import { isFrozen } from '../retention/tombstone';
import type { EventLogger } from './observability';

export type ProcessDependencies = {
  store: RecordsStore;
  findProfile: (channelArn: string) => Promise<ProfileRef | null>;
  logger: EventLogger;
  /**
   * What this container last read or wrote of each record: the next event for it writes
   * without reading first. Absent: every event reads first (reconciliation).
   */
  records?: RecordCache;
  /** Re-reads after a conflicting concurrent write before giving up (then Lambda retries). */
  maxConflictAttempts?: number;
  /** Epoch ms, when an event is parked or a recording becomes final (its expiry); default Date.now. */
  now?: () => number;
  /**
   * Days a final recording is kept when its Profile sets none (`RECORDING_RETENTION_DAYS`);
   * null or absent: kept forever.
   */
  defaultRetentionDays?: number | null;
};

export type Model = 'Recording' | 'StreamSession';

/** Re-reads after conflicting concurrent writes before giving up (then Lambda retries). */
export const MAX_CONFLICT_ATTEMPTS = 8;

/** What happened to one event. Transient failures throw instead. */
export type Outcome =
  | {
      kind: 'written';
      model: Model;
      id: string;
      operation: 'create' | 'update';
      changed: string[];
      attempts: number;
      /** The Recording as written (Recording events only): what media indexing looks at. */
      recording?: RecordingState;
    }
  | { kind: 'unchanged'; model: Model; id: string; recording?: RecordingState }
  | { kind: 'ignored'; reason: string }
  /** The channel has no Profile: the event is kept until one appears (src/parked-events). */
  | { kind: 'parked'; reason: 'missing_profile'; id: string; alreadyParked: boolean }
  | { kind: 'rejected'; error: PermanentEventError };

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
    deps.logger.error('Rejected a malformed event', {
      eventId: error.eventId,
      reason: error.reason,
      field: error.field,
      error: error.message,
    });
    return { kind: 'rejected', error };
  }
  const context = {
    eventId: event.eventId,
    detailType: event.kind === 'recording' ? RECORDING_STATE_CHANGE : STREAM_STATE_CHANGE,
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
    // Parked, not dropped: one conditional create (a duplicate parks once); a failure throws, so it is retried.
    const parked = parkedEventOf(event, raw, (deps.now ?? Date.now)());
    const alreadyParked = (await deps.store.parkEvent(parked)) === 'conflict';
    deps.logger.warn('No Profile for the channel of this event: parked until one appears', {
      ...context,
      channelName: event.channelName,
      parkedEventId: parked.id,
      alreadyParked,
      ...(alreadyParked ? {} : { expiresAt: new Date(parked.expiresAt * 1000).toISOString() }),
    });
    return { kind: 'parked', reason: 'missing_profile', id: parked.id, alreadyParked };
  }
  try {
    switch (event.kind) {
      case 'recording':
        return await applyRecordingEvent(event, profile, deps, context);
      case 'stream':
        return await applyStreamEvent(event, profile, deps, context);
      default:
        return unreachable(event, 'event kind');
    }
  } catch (error) {
    // What the engine refuses against the stored records (a stream of another channel)
    // no retry can fix: rejected like malformed input, never retried.
    if (!(error instanceof PermanentEventError)) throw error;
    deps.logger.error('Rejected an event the stored records refuse', {
      ...context,
      reason: error.reason,
      field: error.field,
      error: error.message,
    });
    return { kind: 'rejected', error };
  }
};

type Context = Record<string, unknown>;

/** Logs and the outcome of one optimistic write, the same for both models. */
const outcomeOf = <S extends { id: string }>(
  model: Model,
  result: OptimisticWriteResult<S>,
  deps: ProcessDependencies,
  context: Context,
  view: { status(state: S): string; changes(before: S, after: S): string[] },
): Outcome => {
  if (result.kind === 'unchanged') {
    deps.logger.info('Event changes nothing (duplicate or stale)', context);
    return { kind: 'unchanged', model, id: result.current.id };
  }
  const { next, attempts: attempt } = result;
  if (result.operation === 'create') {
    deps.logger.info(`${model} created`, { ...context, after: view.status(next), attempt });
    return { kind: 'written', model, id: next.id, operation: 'create', changed: Object.keys(next), attempts: attempt };
  }
  const changed = view.changes(result.previous, next);
  deps.logger.info(`${model} updated`, {
    ...context,
    before: view.status(result.previous),
    after: view.status(next),
    changed,
    attempt,
  });
  return { kind: 'written', model, id: next.id, operation: 'update', changed, attempts: attempt };
};

const onConflict =
  (model: Model, deps: ProcessDependencies, context: Context) => (attempt: number, operation: 'create' | 'update') =>
    deps.logger.warn(`${model} ${operation === 'create' ? 'created' : 'changed'} concurrently: re-reading`, {
      ...context,
      attempt,
    });

const applyRecordingEvent = async (
  event: RecordingStateChange,
  profile: ProfileRef,
  deps: ProcessDependencies,
  context: Context,
): Promise<Outcome> => {
  const id = recordingIdFor(event);
  const streamIds = recordingStreamIds(event);
  const [streamSessionId] = streamIds as [string, ...string[]];
  const owner = { profileId: profile.id, owner: profile.owner };
  const recordingContext = { ...context, recordingId: id };
  // A session of this channel that the container wrote or read needs no read: it exists,
  // and its channel never changes.
  const sessionKnown = (streamId: string) =>
    deps.records?.get('StreamSession', streamId)?.state.channelArn === event.channelArn;
  // Set when the last load read the store: the channel of the first stream's session.
  let firstSessionChannel: string | null | undefined;
  const recording = rememberedRecord(
    deps.records,
    'Recording',
    id,
    {
      load: async () => {
        const loaded = await deps.store.loadRecording(id, streamSessionId);
        firstSessionChannel = loaded.streamSessionChannelArn;
        return loaded.recording;
      },
      create: (state) => deps.store.createRecording(state),
      update: (state, version) => deps.store.updateRecording(state, version),
    },
    // A Start creates the recording; sent as a create first only once its session is known.
    { createFirst: (event.status === 'START' || event.status === 'START_FAILURE') && sessionKnown(streamSessionId) },
  );
  const result = await optimisticWrite<RecordingState>(
    {
      load: async (attempt) => {
        firstSessionChannel = undefined;
        const current = await recording.load(attempt);
        // Deletion began or is done: the recording is frozen, and nothing of it is written
        // (not even its stream sessions), so a late event cannot bring it back.
        if (current && isFrozen(current.state)) return current;
        // A recording is written only once each of its streams has a session, so a stream
        // the stored recording already lists needs no read. The first stream's session came
        // with a load from the store: only a missing one, or one of another channel, is
        // looked at. A session the container remembers costs no request either.
        const listed = new Set(current?.state.streamIds ?? []);
        const toEnsure = streamIds.filter(
          (streamId) =>
            !listed.has(streamId) && !(streamId === streamSessionId && firstSessionChannel === event.channelArn),
        );
        for (const streamId of toEnsure) {
          // Known missing (the load just said so): created without a read.
          const missing = streamId === streamSessionId && firstSessionChannel === null;
          await ensureStreamSession(event, streamId, owner, deps, context, missing);
        }
        return current;
      },
      create: recording.create,
      update: recording.update,
    },
    {
      decide: (current) =>
        current && isFrozen(current)
          ? current
          : // The write that makes it final also decides when retention deletes it.
            withExpiry(
              nextRecording(current, event, owner),
              retentionDaysFor(profile, deps.defaultRetentionDays),
              (deps.now ?? Date.now)(),
            ),
      isSame: isSameRecording,
      maxAttempts: deps.maxConflictAttempts ?? MAX_CONFLICT_ATTEMPTS,
      onConflict: onConflict('Recording', deps, recordingContext),
      describe: `Recording ${id}`,
    },
  );
  const outcome = outcomeOf('Recording', result, deps, recordingContext, {
    status: (state) => state.recordingStatus,
    changes: (before, after) => describeChange(before, after),
  });
  return { ...outcome, recording: result.kind === 'unchanged' ? result.current : result.next } as Outcome;
};

const streamSessionRecord = (deps: ProcessDependencies, streamId: string, createFirst: boolean) =>
  rememberedRecord(
    deps.records,
    'StreamSession',
    streamId,
    {
      load: () => deps.store.loadStreamSession(streamId),
      create: (state) => deps.store.createStreamSession(state),
      update: (state, version) => deps.store.updateStreamSession(state, version),
    },
    { createFirst },
  );

/**
 * A recording event proves its streams were live on its channel: a missing session is
 * created from that evidence (LIVE, no times) instead of waiting for a Stream Start;
 * an existing one is left as it is. A session of another channel throws the engine's
 * permanent `stream_of_another_channel`.
 */
const ensureStreamSession = async (
  event: RecordingStateChange,
  streamId: string,
  owner: { profileId: string; owner: string | null },
  deps: ProcessDependencies,
  context: Context,
  knownMissing: boolean,
): Promise<void> => {
  const sessionContext = { ...context, streamSessionId: streamId };
  const result = await optimisticWrite<StreamSessionState>(streamSessionRecord(deps, streamId, knownMissing), {
    decide: (current) => nextStreamSessionFromRecording(current, event, streamId, owner),
    isSame: isSameStreamSession,
    maxAttempts: deps.maxConflictAttempts ?? MAX_CONFLICT_ATTEMPTS,
    onConflict: onConflict('StreamSession', deps, sessionContext),
    describe: `StreamSession ${streamId}`,
  });
  if (result.kind === 'written' && result.operation === 'create') {
    deps.logger.info('StreamSession created from recording evidence (no stream event yet)', sessionContext);
  }
};

const applyStreamEvent = async (
  event: StreamStateChange,
  profile: ProfileRef,
  deps: ProcessDependencies,
  context: Context,
): Promise<Outcome> => {
  const owner = { profileId: profile.id, owner: profile.owner };
  const result = await optimisticWrite<StreamSessionState>(
    // A Stream Start opens the session: sent as a create first unless the container knows it.
    streamSessionRecord(deps, event.streamId, event.eventName === 'STREAM_START'),
    {
      decide: (current) => {
        const next = nextStreamSession(current, event, owner);
        if (next === null) throw new Error(`${event.eventName} reached the session writer but is ignored`);
        return next;
      },
      isSame: isSameStreamSession,
      maxAttempts: deps.maxConflictAttempts ?? MAX_CONFLICT_ATTEMPTS,
      onConflict: onConflict('StreamSession', deps, context),
      describe: `StreamSession ${event.streamId}`,
    },
  );
  return outcomeOf('StreamSession', result, deps, context, {
    status: (state) => state.status,
    changes: (before, after) => describeChange(before, after),
  });
};
