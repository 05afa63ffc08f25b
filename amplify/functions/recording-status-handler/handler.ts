// Thin Lambda entry: wire the real data client, then hand each event to src/.
import { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { dataClientEnv } from '../../../src/event-processing/data-client-env';
import { jsonLineLogger, noMetrics } from '../../../src/event-processing/observability';
import { createRecordingStatusHandler } from '../../../src/event-processing/recording-status-handler';
import { AmplifyRecordsStore } from '../../../src/records-store/amplify-records-store';
import type { Schema } from '../../data/resource';

const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(dataClientEnv(process.env));
Amplify.configure(resourceConfig, libraryOptions);

export const handler = createRecordingStatusHandler({
  // IAM explicitly: the function is granted by allow.resource, whatever the API's default mode.
  store: new AmplifyRecordsStore(generateClient<Schema>({ authMode: 'iam' })),
  logger: jsonLineLogger({ service: 'RecordingStatusHandler' }),
  metrics: noMetrics,
});
