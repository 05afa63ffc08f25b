/**
 * RecordingRetention without its Lambda wiring: its schedule runs the job, AppSync's
 * `purgeRecording` deletes one recording for its owner; both through recording-deletion.ts.
 */
import type { EventLogger } from '../event-processing/observability';
import type { RecordsStore } from '../records-store/records-store';
import { purgeRecording, type PurgedRecording } from './purge-recording';
import type { AnnounceDeletion, DeletePrefix } from './recording-deletion';
import { parseRetentionEvent } from './retention-event';
import { runRetention, type RetentionReport } from './retention-run';

export type RetentionFunctionDeps = {
  store: Pick<RecordsStore, 'expiredRecordings' | 'getRecording' | 'updateRecording'>;
  deletePrefix: DeletePrefix;
  logger: EventLogger;
  maxRecordingsPerRun: number;
  announceDeletion?: AnnounceDeletion;
  /** Epoch ms; default Date.now. */
  now?: () => number;
};

export const createRetentionFunction =
  (deps: RetentionFunctionDeps) =>
  async (event: unknown): Promise<RetentionReport | PurgedRecording> => {
    const { maxRecordingsPerRun: maxRecordings, now = Date.now, ...deletion } = deps;
    const request = parseRetentionEvent(event);
    switch (request.kind) {
      case 'purge':
        return purgeRecording(request, { ...deletion, now: now() });
      case 'scheduled': {
        const report = await runRetention(deletion, { now: now(), maxRecordings });
        const failed = (report.counts.error ?? 0) + (report.counts.incomplete ?? 0);
        // After the whole run, so one recording's trouble does not stop the others; the run counts as an error.
        if (failed > 0) {
          throw new Error(
            `Retention: ${failed} recording(s) not deleted yet, retried next run (see the logs); counts ${JSON.stringify(report.counts)}`,
          );
        }
        return report;
      }
    }
  };
