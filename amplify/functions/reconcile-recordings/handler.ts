// Thin Lambda entry: wire the data client, S3 and IVS, then run src/reconciliation.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { IvsClient } from '@aws-sdk/client-ivs';
import { S3Client } from '@aws-sdk/client-s3';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { amplifyDataClientConfig } from '../../../src/event-processing/data-client-config';
import {
  METRICS_NAMESPACE,
  RECONCILE_SERVICE,
  type ParkedEventMetricName,
} from '../../../src/event-processing/metric-names';
import { powertoolsEventLogger, powertoolsEventMetrics } from '../../../src/event-processing/powertools-observability';
import { publisherFromEnvironment } from '../../../src/lifecycle-events/put-events-publisher';
import { reconcileSettings } from '../../../src/reconciliation/reconcile-settings';
import { runReconciliation } from '../../../src/reconciliation/run-reconciliation';
import type { Schema } from '../../data/resource';
import { RECONCILE_RECORDINGS } from '../function-names';

const { resourceConfig, libraryOptions } = await amplifyDataClientConfig(process.env);
Amplify.configure(resourceConfig, libraryOptions);

const settings = reconcileSettings(process.env);
const client = generateClient<Schema>({ authMode: 'iam' });
const s3 = new S3Client({});
const ivs = new IvsClient({});
const logger = powertoolsEventLogger(new Logger({ serviceName: RECONCILE_RECORDINGS }));
// Lifecycle events of the recordings it repairs, to the bus LIFECYCLE_EVENT_BUS names.
const publishLifecycleEvents = publisherFromEnvironment(process.env);

const powertoolsMetrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: RECONCILE_SERVICE });
const metrics = powertoolsEventMetrics<ParkedEventMetricName>(powertoolsMetrics);

export const handler = async () => {
  try {
    return await runReconciliation({
      client,
      s3,
      ivs,
      logger,
      metrics,
      settings,
      now: Date.now(),
      ...(publishLifecycleEvents ? { publishLifecycleEvents } : {}),
    });
  } finally {
    // Most runs have no parked event to count: publishing nothing would only log a warning.
    if (powertoolsMetrics.hasStoredMetrics()) metrics.publish();
  }
};
