/**
 * The retention job: the recordings whose expiry has passed (the sparse `expiryQueue`
 * index, `expiresAt <= now`, oldest first: a query, never a scan), deleted one after the
 * other (recording-deletion.ts), at most `maxRecordings` per run. Idempotent: a recording
 * stays in the queue until tombstoned, so what a crash or an S3 error left is the next
 * run's. Sequential on purpose: one prefix at a time keeps within S3's per-prefix rates.
 */
import type { RecordsStore } from '../records-store/records-store';
import { deleteRecording, type RecordingDeletionDeps } from './recording-deletion';
import { DEFAULT_MAX_RECORDINGS_PER_RUN } from './retention-settings';

export type RetentionDeps = Omit<RecordingDeletionDeps, 'store' | 'now' | 'dryRun'> & {
  store: Pick<RecordsStore, 'expiredRecordings' | 'getRecording' | 'updateRecording'>;
};

export type RetentionOptions = {
  /** Epoch ms: what expired by then is deleted. */
  now: number;
  dryRun?: boolean;
  maxRecordings?: number;
};

export type RetentionAction = 'deleted' | 'would-delete' | 'already-deleted' | 'incomplete' | 'error';

export type RetentionItem = {
  recordingId: string;
  action: RetentionAction;
  expiresAt: string | null;
  /** Deleted (or, in a dry run, found) under the recording's prefix. */
  objects: number;
  why?: string;
};

export type RetentionReport = {
  now: string;
  dryRun: boolean;
  items: RetentionItem[];
  counts: Partial<Record<RetentionAction, number>>;
  /** The run stopped at `maxRecordings`: more may have expired. */
  limited: boolean;
};

export const runRetention = async (deps: RetentionDeps, options: RetentionOptions): Promise<RetentionReport> => {
  const now = new Date(options.now).toISOString();
  const dryRun = options.dryRun ?? false;
  const limit = options.maxRecordings ?? DEFAULT_MAX_RECORDINGS_PER_RUN;
  const expired = await deps.store.expiredRecordings(now, limit);
  const items: RetentionItem[] = [];
  for (const recording of expired) {
    const item = { recordingId: recording.state.id, expiresAt: recording.state.expiresAt };
    try {
      const done = await deleteRecording(recording, { ...deps, now: options.now, dryRun });
      switch (done.kind) {
        case 'deleted':
          items.push({ ...item, action: 'deleted', objects: done.objectsDeleted });
          break;
        case 'would-delete':
          items.push({ ...item, action: 'would-delete', objects: done.objects });
          break;
        case 'already-deleted':
          items.push({ ...item, action: 'already-deleted', objects: 0 });
          break;
        case 'incomplete':
          items.push({
            ...item,
            action: 'incomplete',
            objects: done.objectsDeleted,
            why: `${done.errors.length} key(s) not deleted, first ${done.errors[0]?.key}: ${done.errors[0]?.code}`,
          });
          break;
      }
    } catch (error) {
      // One recording's trouble (S3 down, a throttled write) must not stop the others:
      // it stays in the queue for the next run.
      const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      deps.logger.error('Could not delete an expired recording: left for the next run', { ...item, error: why });
      items.push({ ...item, action: 'error', objects: 0, why });
    }
  }
  const counts: Partial<Record<RetentionAction, number>> = {};
  for (const { action } of items) counts[action] = (counts[action] ?? 0) + 1;
  deps.logger.info('Retention run done', { now, dryRun, counts, limited: expired.length >= limit });
  return { now, dryRun, items, counts, limited: expired.length >= limit };
};
