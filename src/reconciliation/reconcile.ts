/**
 * Reconciliation: Recordings still STARTED and StreamSessions still LIVE long after
 * they began probably missed their End event (IVS delivery is best effort), and
 * sessions known only from recording events (LIVE, no start time) missed their stream
 * events. For each, learn what happened (the recording's S3 metadata; IVS
 * GetStreamSession), turn it into the lost events (`recordingRepairs`,
 * `streamSessionRepairs`), and apply them with processEvent: the live handler's parser,
 * engine and conditional writes. What stays unknowable is counted, never invented.
 * Before that, the parked events (src/parked-events): those whose channel now has a Profile
 * are replayed, the expired ones deleted, so the repairs see what the replays wrote.
 * Idempotent, and safe while the handler writes.
 */
import { processEvent, type Outcome } from '../event-processing/process-event';
import type { ParkedEventMetricName } from '../event-processing/metric-names';
import type { EventLogger, EventMetrics } from '../event-processing/observability';
import { replayAllParkedEvents, type ReplayAllReport } from '../parked-events/replay-parked-events';
import type { RecordingState, StreamSessionState } from '../recording-engine/records';
import type { ProfileRef, RecordsStore } from '../records-store/records-store';
import type { StreamSessionLookup } from './ivs-sessions';
import { writeMediaIndex } from '../event-processing/media-indexing';
import { readEndFile, type ObjectReader } from '../recording-media/end-file-reader';
import { hasMediaIndex } from '../recording-media/media-index';
import { recordingRepairs, streamSessionRepairs, type DerivedEvent } from './reconciliation-events';
import type { StaleRecords } from '../records-store/stale-records';
import { utcDay } from '../recording-engine/event-time';
import { owedLifecycleEvents } from '../lifecycle-events/lifecycle-events';
import { isFrozen } from '../retention/tombstone';

export type ReconcileDependencies = {
  stale: StaleRecords;
  readObject: ObjectReader;
  lookupStreamSession: StreamSessionLookup;
  store: RecordsStore;
  logger: EventLogger;
  /** Counts replayed and expired parked events. */
  metrics?: EventMetrics<ParkedEventMetricName>;
  /** When set, recordings in another bucket are skipped (the function may read no other). */
  bucketName?: string;
  /**
   * Publishes what a Recording owes and marks it sent (src/lifecycle-events), after a repair
   * wrote it, or when the record read owes an event already. Absent: nothing is published.
   */
  settleLifecycleEvents?: (recording: RecordingState) => Promise<unknown>;
  /** The backend's default retention (RECORDING_RETENTION_DAYS): the expiry of what a repair makes final. */
  defaultRetentionDays?: number | null;
};

export type ReconcileOptions = {
  /** Epoch ms. */
  now: number;
  /** A record is looked at once it began this long ago. */
  staleAfterMs: number;
  /** Per model and run; default 500. */
  maxRecords?: number;
  /** Learn and report, write nothing. */
  dryRun?: boolean;
  /** Incomplete final records are looked at for this many days after their last write; default 7. */
  lookbackDays?: number;
};

/**
 * How long an incomplete final record is looked at: past this, what S3 and IVS did not
 * tell stays unknown (the record keeps its index key, but no run queries that day again).
 */
export const DEFAULT_LOOKBACK_DAYS = 7;

/** The UTC days from `now` back over `count` days, newest first. */
export const lookbackDays = (now: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => utcDay(now - i * 86_400_000));

export type ItemAction =
  | 'completed'
  | 'failed'
  | 'ended'
  /** A session's lost Stream Start was applied from IVS (its start time filled). */
  | 'started'
  /** Only the recording's media index was missing (its S3 event lost): filled from its end file. */
  | 'indexed'
  | 'would-apply'
  | 'unchanged'
  | 'pending'
  | 'skipped'
  | 'invalid'
  | 'error';

export type ItemReport = {
  model: 'Recording' | 'StreamSession';
  id: string;
  action: ItemAction;
  why?: string;
  endTime?: string;
  durationMs?: number | null;
  /** The end file's media index: written onto the Recording, or already there. */
  media?: 'indexed' | 'unchanged';
  /** Facts neither the events, S3 nor IVS hold: left empty on the record, never invented. */
  unknown?: string[];
};

export type ReconcileReport = {
  cutoff: string;
  dryRun: boolean;
  items: ItemReport[];
  counts: Partial<Record<ItemAction, number>>;
  /** How many facts stayed unknowable, over all items. */
  unknownFacts: number;
  /** Parked events of channels with no Profile: replayed, expired, still waiting. */
  parked: ReplayAllReport;
};

export const DEFAULT_STALE_AFTER_MS = 30 * 60 * 1000;

export const reconcile = async (deps: ReconcileDependencies, options: ReconcileOptions): Promise<ReconcileReport> => {
  const cutoff = new Date(options.now - options.staleAfterMs).toISOString();
  const limit = options.maxRecords ?? 500;
  const dryRun = options.dryRun ?? false;
  const profiles = new Map<string, Promise<ProfileRef | null>>();
  const findProfile = (arn: string) => {
    let found = profiles.get(arn);
    if (!found) profiles.set(arn, (found = deps.store.findProfileByChannelArn(arn)));
    return found;
  };

  const apply = async (event: DerivedEvent): Promise<Outcome> =>
    processEvent(event, {
      store: deps.store,
      findProfile,
      logger: deps.logger,
      defaultRetentionDays: deps.defaultRetentionDays ?? null,
    });

  // The parked events first: what a replay writes (a recording whose other events were
  // lost, say) is then completed by the repairs of this same run.
  const parked = await replayAllParkedEvents({
    store: deps.store,
    logger: deps.logger,
    now: () => options.now,
    dryRun,
    defaultRetentionDays: deps.defaultRetentionDays ?? null,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.settleLifecycleEvents ? { settleLifecycleEvents: deps.settleLifecycleEvents } : {}),
  });
  const days = lookbackDays(options.now, options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS);
  // A record in both selections (stale and incomplete) is looked at once.
  const once = <T extends { id: string }>(...lists: T[][]): T[] => [
    ...new Map(lists.flat().map((record) => [record.id, record])).values(),
  ];
  const recordings = once(
    await deps.stale.startedRecordings(cutoff, limit),
    await deps.stale.incompleteRecordings(days, limit),
  );
  const sessions = once(
    await deps.stale.liveStreamSessions(cutoff, limit),
    await deps.stale.incompleteStreamSessions(days, limit),
  );
  const items: ItemReport[] = [];
  for (const recording of recordings) {
    items.push(
      await guarded('Recording', recording.id, deps.logger, async () => {
        const item = await reconcileRecording(recording, deps, apply, dryRun, options.now);
        // After a repair: what it made due (READY once indexed, FAILED). Without one, only a
        // record that already owes (a replayed Start Failure, say) costs the outbox a read.
        const repaired = item.action === 'completed' || item.action === 'failed' || item.action === 'indexed';
        if (!dryRun && (repaired || owedLifecycleEvents(recording).length > 0))
          await deps.settleLifecycleEvents?.(recording);
        return item;
      }),
    );
  }
  for (const session of sessions) {
    items.push(
      await guarded('StreamSession', session.id, deps.logger, () =>
        reconcileStreamSession(session, deps, apply, dryRun),
      ),
    );
  }
  const counts: Partial<Record<ItemAction, number>> = {};
  for (const item of items) counts[item.action] = (counts[item.action] ?? 0) + 1;
  const unknownFacts = items.reduce((sum, item) => sum + (item.unknown?.length ?? 0), 0);
  deps.logger.info('Reconciliation finished', { cutoff, dryRun, counts, unknownFacts, parked });
  return { cutoff, dryRun, items, counts, unknownFacts, parked };
};

/** One record's failure (a data API outage, S3 or IVS errors) does not stop the others. */
const guarded = async (
  model: ItemReport['model'],
  id: string,
  logger: EventLogger,
  work: () => Promise<ItemReport>,
): Promise<ItemReport> => {
  try {
    return await work();
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    logger.error('Reconciliation of a record failed: it is tried again next run', { model, id, error: why });
    return { model, id, action: 'error', why };
  }
};

const fromOutcome = (model: ItemReport['model'], id: string, outcome: Outcome, fixed: ItemAction): ItemReport => {
  switch (outcome.kind) {
    case 'written':
      return { model, id, action: fixed };
    case 'unchanged':
      return {
        model,
        id,
        action: 'unchanged',
        why: 'already up to date (the live handler or an earlier run wrote it)',
      };
    case 'parked':
      return { model, id, action: 'skipped', why: 'no Profile for the channel: the derived event is parked' };
    case 'ignored':
      return { model, id, action: 'skipped', why: outcome.reason };
    case 'rejected':
      return { model, id, action: 'invalid', why: outcome.error.message };
  }
};

const reconcileRecording = async (
  recording: RecordingState,
  deps: ReconcileDependencies,
  apply: (event: DerivedEvent) => Promise<Outcome>,
  dryRun: boolean,
  now: number,
): Promise<ItemReport> => {
  const base = { model: 'Recording' as const, id: recording.id };
  // Deleted, or being deleted, by retention: never changed again (src/retention/tombstone.ts).
  if (isFrozen(recording)) return { ...base, action: 'skipped', why: 'deleted by retention' };
  if (recording.s3BucketName === null || recording.s3KeyPrefix === null) {
    return { ...base, action: 'invalid', why: 'the recording has no S3 location' };
  }
  if (deps.bucketName !== undefined && recording.s3BucketName !== deps.bucketName) {
    deps.logger.warn('Recording in another bucket than the configured one: not read', {
      recordingId: recording.id,
      bucket: recording.s3BucketName,
      configuredBucket: deps.bucketName,
    });
    return { ...base, action: 'skipped', why: `bucket ${recording.s3BucketName} is not ${deps.bucketName}` };
  }
  const read = await readEndFile(deps.readObject, recording.s3BucketName, recording.s3KeyPrefix);
  if (read.kind === 'absent') return { ...base, action: 'pending', why: read.why };
  if (read.kind === 'invalid') {
    deps.logger.warn('Unusable recording metadata', { recordingId: recording.id, key: read.key, why: read.why });
    return { ...base, action: 'invalid', why: `${read.key}: ${read.why}` };
  }
  const { metadata } = read.file;
  const { events, unknown } = recordingRepairs(recording, metadata);
  const known = unknown.length > 0 ? { unknown } : {};
  // The media index comes from the same file (never from another channel's).
  const mediaMissing = metadata.channelArn === recording.channelArn && !hasMediaIndex(recording);
  if (events.length === 0 && !mediaMissing) {
    return unknown.length > 0
      ? { ...base, action: 'pending', why: unknown.join('; '), ...known }
      : { ...base, action: 'unchanged', why: 'nothing missing' };
  }
  const status = metadata.status === 'RECORDING_ENDED_WITH_FAILURE' ? 'FAILED' : 'COMPLETED';
  const facts = { endTime: metadata.endedAt, durationMs: metadata.durationMs };
  if (dryRun) return { ...base, action: 'would-apply', why: `${status} from ${read.key}`, ...facts, ...known };
  const applied: ItemReport =
    events.length > 0
      ? await applyAll('Recording', recording.id, events, apply, status === 'FAILED' ? 'failed' : 'completed')
      : { ...base, action: 'unchanged' };
  // The same file, the same media index and write as the handler's S3 path.
  const fixed =
    metadata.channelArn === recording.channelArn &&
    (applied.action === 'completed' || applied.action === 'failed' || applied.action === 'unchanged');
  const media = fixed
    ? {
        media:
          (await writeMediaIndex(deps.store, recording, read.file.media, new Date(now).toISOString())) === 'written'
            ? ('indexed' as const)
            : ('unchanged' as const),
      }
    : {};
  const report: ItemReport = { ...applied, ...facts, ...known, ...media };
  // Only the media was missing: its S3 event was lost.
  if (events.length === 0 && report.media === 'indexed') report.action = 'indexed';
  if (report.action === 'completed' || report.action === 'failed') {
    deps.logger.info('Reconciled a Recording from its S3 metadata', {
      recordingId: recording.id,
      channelArn: recording.channelArn,
      before: recording.recordingStatus,
      after: status,
      metadataKey: read.key,
      ...facts,
      ...known,
    });
  }
  return report;
};

/** Applies each derived event; the item is fixed if any wrote, and the first refusal wins. */
const applyAll = async (
  model: ItemReport['model'],
  id: string,
  events: readonly DerivedEvent[],
  apply: (event: DerivedEvent) => Promise<Outcome>,
  fixed: ItemAction,
): Promise<ItemReport> => {
  const reports: ItemReport[] = [];
  for (const event of events) reports.push(fromOutcome(model, id, await apply(event), fixed));
  return (
    reports.find((r) => r.action !== fixed && r.action !== 'unchanged') ??
    reports.find((r) => r.action === fixed) ??
    reports[0]!
  );
};

const reconcileStreamSession = async (
  session: StreamSessionState,
  deps: ReconcileDependencies,
  apply: (event: DerivedEvent) => Promise<Outcome>,
  dryRun: boolean,
): Promise<ItemReport> => {
  const base = { model: 'StreamSession' as const, id: session.id };
  const facts = await deps.lookupStreamSession(session.channelArn, session.streamId);
  const { events, unknown } = streamSessionRepairs(session, facts);
  if (facts === null) return { ...base, action: 'invalid', why: unknown.join('; '), unknown };
  const known = unknown.length > 0 ? { unknown } : {};
  if (events.length === 0) return { ...base, action: 'pending', why: unknown.join('; '), ...known };
  const endTime = session.endTime === null && facts.endTime !== null ? facts.endTime.toISOString() : undefined;
  const timing = endTime ? { endTime } : {};
  const fixed: ItemAction = endTime ? 'ended' : 'started';
  if (dryRun)
    return {
      ...base,
      action: 'would-apply',
      why: `${endTime ? 'ENDED' : 'start time'} from IVS GetStreamSession`,
      ...timing,
      ...known,
    };
  const report = { ...(await applyAll('StreamSession', session.id, events, apply, fixed)), ...timing, ...known };
  if (report.action === fixed) {
    deps.logger.info('Reconciled a StreamSession from IVS GetStreamSession', {
      streamSessionId: session.id,
      channelArn: session.channelArn,
      before: session.status,
      filled: events.map((e) => e.detail.event_name),
      ...timing,
      ...known,
    });
  }
  return report;
};
