/**
 * The reconciliation wired to its clients: the same for the Lambda function and
 * `npm run reconcile` (which passes the local S3 store's client and the IVS stand-in).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ParkedEventMetricName } from '../event-processing/metric-names';
import type { EventLogger, EventMetrics } from '../event-processing/observability';
import { AmplifyRecordsStore, type DataClient } from '../records-store/amplify-records-store';
import { ivsStreamSessionLookup, type IvsStreamSessionClient } from './ivs-sessions';
import { s3ObjectReader } from './metadata-reader';
import { RateLimiter } from './rate-limiter';
import { reconcile, type ReconcileReport } from './reconcile';
import type { ReconcileSettings } from './reconcile-settings';
import { amplifyStaleRecords } from '../records-store/stale-records';
import { settleLifecycleEvents, type RecordingKey } from '../lifecycle-events/lifecycle-outbox';
import type { LifecyclePublisher } from '../lifecycle-events/put-events-publisher';

export type ReconciliationWiring = {
  client: DataClient;
  s3: Pick<S3Client, 'send'>;
  ivs: IvsStreamSessionClient;
  logger: EventLogger;
  metrics?: EventMetrics<ParkedEventMetricName>;
  settings: ReconcileSettings;
  now: number;
  dryRun?: boolean;
  /** Publishes lifecycle events (src/lifecycle-events); absent: none are published. */
  publishLifecycleEvents?: LifecyclePublisher;
};

/** Runs once; throws after the whole run when any record failed, so the run counts as an error. */
export const runReconciliation = async (wiring: ReconciliationWiring): Promise<ReconcileReport> => {
  const { settings } = wiring;
  const store = new AmplifyRecordsStore(wiring.client);
  const { publishLifecycleEvents: publish } = wiring;
  const report = await reconcile(
    {
      stale: amplifyStaleRecords(wiring.client),
      readObject: s3ObjectReader(wiring.s3),
      lookupStreamSession: ivsStreamSessionLookup(wiring.ivs, new RateLimiter(settings.ivsCallsPerSecond)),
      store,
      logger: wiring.logger,
      ...(publish
        ? {
            settleLifecycleEvents: (recording: RecordingKey) =>
              settleLifecycleEvents(recording, { store, publish, logger: wiring.logger }),
          }
        : {}),
      ...(wiring.metrics ? { metrics: wiring.metrics } : {}),
      ...(settings.bucketName ? { bucketName: settings.bucketName } : {}),
      defaultRetentionDays: settings.defaultRetentionDays ?? null,
    },
    {
      now: wiring.now,
      staleAfterMs: settings.staleAfterMs,
      maxRecords: settings.maxRecords,
      dryRun: wiring.dryRun ?? false,
    },
  );
  const errors = report.counts.error ?? 0;
  if (errors > 0 || report.parked.failedChannels > 0)
    throw new Error(
      `Reconciliation: ${errors} record(s) and the parked events of ${report.parked.failedChannels} channel(s) failed (see the logs); counts ${JSON.stringify(report.counts)}`,
    );
  return report;
};
