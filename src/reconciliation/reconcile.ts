/**
 * Reconciliation: Recordings still STARTED and StreamSessions still LIVE long after
 * they began probably missed their End event (IVS delivery is best effort). For each,
 * learn what happened (the recording's S3 metadata; IVS GetStreamSession), turn it
 * into the lost event, and apply it with processEvent: the live handler's parser,
 * engine and conditional writes. Idempotent, and safe while the handler writes.
 */
import { processEvent, type Outcome } from '../event-processing/process-event';
import type { EventLogger } from '../event-processing/observability';
import type { RecordingState, StreamSessionState } from '../recording-engine/records';
import type { ProfileRef, RecordsStore } from '../records-store/records-store';
import type { StreamSessionLookup } from './ivs-sessions';
import { readEndMetadata, type ObjectReader } from './metadata-reader';
import { recordingFindingFrom, streamFindingFrom, type DerivedEvent } from './reconciliation-events';
import type { StaleRecords } from '../records-store/stale-records';

export type ReconcileDependencies = {
  stale: StaleRecords;
  readObject: ObjectReader;
  lookupStreamSession: StreamSessionLookup;
  store: RecordsStore;
  logger: EventLogger;
  /** When set, recordings in another bucket are skipped (the function may read no other). */
  bucketName?: string;
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
};

export type ItemAction =
  | 'completed'
  | 'failed'
  | 'ended'
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
};

export type ReconcileReport = {
  cutoff: string;
  dryRun: boolean;
  items: ItemReport[];
  counts: Partial<Record<ItemAction, number>>;
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
    processEvent(event, { store: deps.store, findProfile, logger: deps.logger });

  const items: ItemReport[] = [];
  for (const recording of await deps.stale.startedRecordings(cutoff, limit)) {
    items.push(
      await guarded('Recording', recording.id, deps.logger, () => reconcileRecording(recording, deps, apply, dryRun)),
    );
  }
  for (const session of await deps.stale.liveStreamSessions(cutoff, limit)) {
    items.push(
      await guarded('StreamSession', session.id, deps.logger, () =>
        reconcileStreamSession(session, deps, apply, dryRun),
      ),
    );
  }
  const counts: Partial<Record<ItemAction, number>> = {};
  for (const item of items) counts[item.action] = (counts[item.action] ?? 0) + 1;
  deps.logger.info('Reconciliation finished', { cutoff, dryRun, counts });
  return { cutoff, dryRun, items, counts };
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
    case 'skipped':
      return { model, id, action: 'skipped', why: 'no Profile for the channel' };
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
): Promise<ItemReport> => {
  const base = { model: 'Recording' as const, id: recording.id };
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
  const read = await readEndMetadata(deps.readObject, recording.s3BucketName, recording.s3KeyPrefix);
  if (read.kind === 'absent') return { ...base, action: 'pending', why: read.why };
  if (read.kind === 'invalid') {
    deps.logger.warn('Unusable recording metadata', { recordingId: recording.id, key: read.key, why: read.why });
    return { ...base, action: 'invalid', why: `${read.key}: ${read.why}` };
  }
  const finding = recordingFindingFrom(recording, read.metadata);
  if (finding.kind !== 'apply') return { ...base, action: finding.kind, why: finding.why };
  const facts = { endTime: finding.endTime, durationMs: finding.durationMs };
  if (dryRun) return { ...base, action: 'would-apply', why: `${finding.status} from ${read.key}`, ...facts };
  const report = {
    ...fromOutcome(
      'Recording',
      recording.id,
      await apply(finding.event),
      finding.status === 'FAILED' ? 'failed' : 'completed',
    ),
    ...facts,
  };
  if (report.action === 'completed' || report.action === 'failed') {
    deps.logger.info('Reconciled a Recording from its S3 metadata', {
      recordingId: recording.id,
      channelArn: recording.channelArn,
      before: recording.recordingStatus,
      after: finding.status,
      metadataKey: read.key,
      ...facts,
    });
  }
  return report;
};

const reconcileStreamSession = async (
  session: StreamSessionState,
  deps: ReconcileDependencies,
  apply: (event: DerivedEvent) => Promise<Outcome>,
  dryRun: boolean,
): Promise<ItemReport> => {
  const base = { model: 'StreamSession' as const, id: session.id };
  const finding = streamFindingFrom(session, await deps.lookupStreamSession(session.channelArn, session.streamId));
  if (finding.kind !== 'apply') return { ...base, action: finding.kind, why: finding.why };
  if (dryRun)
    return { ...base, action: 'would-apply', why: 'ENDED from IVS GetStreamSession', endTime: finding.endTime };
  const report = {
    ...fromOutcome('StreamSession', session.id, await apply(finding.event), 'ended'),
    endTime: finding.endTime,
  };
  if (report.action === 'ended') {
    deps.logger.info('Reconciled a StreamSession from IVS GetStreamSession', {
      streamSessionId: session.id,
      channelArn: session.channelArn,
      before: session.status,
      after: 'ENDED',
      endTime: finding.endTime,
    });
  }
  return report;
};
