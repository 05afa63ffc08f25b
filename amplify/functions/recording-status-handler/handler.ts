// Thin Lambda entry: wire the real data client, logs and metrics, then hand each event to src/.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { amplifyDataClientConfig, dataClientSettings } from '../../../src/event-processing/data-client-config';
import { HANDLER_SERVICE, METRICS_NAMESPACE } from '../../../src/event-processing/metric-names';
import type { EventMetrics } from '../../../src/event-processing/observability';
import { powertoolsEventLogger, powertoolsEventMetrics } from '../../../src/event-processing/powertools-observability';
import { createRecordingStatusHandler } from '../../../src/event-processing/recording-status-handler';
import { signedObjectReader } from '../../../src/event-processing/signed-object-reader';
import { publisherFromEnvironment } from '../../../src/lifecycle-events/put-events-publisher';
import { AmplifyRecordsStore } from '../../../src/records-store/amplify-records-store';
import { defaultRetentionDays } from '../../../src/retention/retention-settings';
import type { Schema } from '../../data/resource';

const { resourceConfig, libraryOptions } = await amplifyDataClientConfig(process.env);
Amplify.configure(resourceConfig, libraryOptions);
const retentionDays = defaultRetentionDays(process.env);

/**
 * The handler as deployed; `observe` lets the local stack watch the metrics it emits by
 * wrapping them (Lambda passes nothing: CloudWatch reads the EMF lines).
 */
export const createHandler = (observe: (metrics: EventMetrics) => EventMetrics = (metrics) => metrics) => {
  // Lifecycle events to the bus LIFECYCLE_EVENT_BUS names ("" turns them off; unset fails here).
  const publishLifecycleEvents = publisherFromEnvironment(process.env);
  const metrics = powertoolsEventMetrics(new Metrics({ namespace: METRICS_NAMESPACE, serviceName: HANDLER_SERVICE }));
  return createRecordingStatusHandler({
    // IAM explicitly: the function is granted by allow.resource, whatever the API's default mode.
    store: new AmplifyRecordsStore(generateClient<Schema>({ authMode: 'iam' })),
    logger: powertoolsEventLogger(new Logger({ serviceName: HANDLER_SERVICE })),
    metrics: observe(metrics),
    afterEvent: metrics.publish,
    // The recordings' end files (media indexing): the function's own credentials, read per call.
    readObject: signedObjectReader(dataClientSettings(process.env)),
    ...(publishLifecycleEvents ? { publishLifecycleEvents } : {}),
    // Parsed once per container: each final recording's expiry when its Profile sets no period.
    defaultRetentionDays: retentionDays,
  });
};

export const handler = createHandler();
